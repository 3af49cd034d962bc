import type { RuleHit } from '../../../engine/rule';
import { boundParameters, commandNameNode, type BoundParameter } from '../command';
import type { CmdletSpec } from '../cmdlets';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { descendants, isNullLiteral, type Node } from '../syntax';

/** The module, and the composite resources of Microsoft's whitepaper built on it (M365Config, M365DSC.CompositeResources). */
const M365DSC_MODULE = /\b(?:Microsoft365DSC|M365DSC\.CompositeResources|M365Config)\b/i;
const COMPOSITE_MODULE = /\b(?:M365DSC\.CompositeResources|M365Config)\b/i;
/** The composite modules' resources, one per workload, named by it. */
const COMPOSITE_RESOURCES = new Set(
  ['AzureAD', 'Exchange', 'Intune', 'Office365', 'OneDrive', 'Planner', 'PowerPlatform', 'SecurityCompliance', 'SharePoint', 'Teams'].map((name) => name.toLowerCase()),
);
/** The user's credential: `Credential`, and `GlobalAdminAccount`, its name in releases before 1.21. */
const USER_CREDENTIAL = ['credential', 'globaladminaccount'];
/** The prefixes of Microsoft365DSC's resources, one per workload (AADGroup, EXOMailboxSettings, SPOSite, TeamsMeetingPolicy, …). */
const M365DSC_PREFIX = /^(?:AAD|ADO|Azure|Commerce|Defender|EXO|Fabric|Intune|M365DSC|O365|OD|Planner|PP|SC|Sentinel|SH|SPO|Teams)/i;
/** PowerShell's own DSC modules, whose resources a configuration has whether or not it imports them. */
const WINDOWS_MODULE = /^(?:PSDesiredStateConfiguration|PSDscResources)$/i;
const IMPORT_DSC_RESOURCE: CmdletSpec = { name: 'Import-DscResource', parameters: { Name: [], ModuleName: [], ModuleVersion: [] }, positions: ['Name', 'ModuleName'], common: false };
/**
 * PowerShell's own resources (PSDesiredStateConfiguration, PSDscResources), which a configuration has
 * without importing them: their `Credential` is a Windows account the node runs or reaches things as.
 */
const WINDOWS_RESOURCES = new Set(
  [
    'Archive', 'Environment', 'File', 'Group', 'GroupSet', 'Log', 'MsiPackage', 'Package', 'ProcessSet', 'Registry', 'Script', 'Service', 'ServiceSet',
    'User', 'WindowsFeature', 'WindowsFeatureSet', 'WindowsOptionalFeature', 'WindowsOptionalFeatureSet', 'WindowsPackageCab', 'WindowsProcess',
  ].map((name) => name.toLowerCase()),
);

const WHY =
  "Microsoft365DSC signs it in with the user's password (through MSCloudLoginAssistant), which cannot perform multi-factor " +
  'authentication; its documentation asks for an account without MFA. The sign-in fails with AADSTS50076 once MFA applies to ' +
  'the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included.';
const NO_FIX =
  'No quick fix: an app registration with the permissions of the resources (Update-M365DSCAzureAdApplication sets them) and its ' +
  'certificate must exist first';

export const m365DscCredentialRule: PowerShellRule = {
  meta: {
    id: 'ps-m365dsc-credential',
    title: "Microsoft365DSC signs in with a user's credential (resource Credential, Export-M365DSCConfiguration -Credential)",
    description:
      'A DSC configuration that imports Microsoft365DSC and gives a resource Credential (or the older GlobalAdminAccount), and ' +
      "Export-M365DSCConfiguration -Credential, sign in to Microsoft 365 with the user's password, which cannot perform " +
      'multi-factor authentication: AADSTS50076 once MFA applies to the account. Sign in as an app instead: ApplicationId, ' +
      'TenantId and CertificateThumbprint, or ManagedIdentity with TenantId.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential', 'microsoft365dsc'],
    // A composite module of the whitepaper names Microsoft365DSC nowhere: `M365Config` is read too.
    triggers: ['microsoft365dsc', 'm365dsc', 'm365config'],
  },
  check(context) {
    return [...resourceSignIns(context), ...exportSignIns(context)].sort((a, b) => a.startOffset - b.startOffset);
  },
};

/** A resource's property as the grammar reads `Key = value` in its block: a command named `Key` (or `Key=…`), given `=` first. */
interface Property {
  key: string;
  value: string;
  command: Node;
}

/** A resource block given a user's credential. */
interface CredentialGiven {
  resource: string;
  credential: Property;
}

/**
 * One finding per configuration and credential, at its first resource, the others related: an exported
 * configuration gives every one of its hundreds of resources the same `$Credscredential`.
 */
function resourceSignIns(context: PowerShellRuleContext): RuleHit[] {
  return configurationsImportingM365Dsc(context).flatMap((configuration) => {
    const byCredential = new Map<string, CredentialGiven[]>();
    for (const given of descendants(configuration.body, 'script_block_expression').flatMap((block) => credentialGiven(block, configuration) ?? [])) {
      const value = given.credential.value.toLowerCase();
      byCredential.set(value, [...(byCredential.get(value) ?? []), given]);
    }
    return [...byCredential.values()].map(([first, ...others]): RuleHit => {
      const key = first.credential.command.text.slice(0, first.credential.key.length);
      const also = others.length ? `, and so ${others.length === 1 ? 'is 1 other resource' : `are ${others.length} other resources`} of this configuration` : '';
      return {
        message: `${first.resource} is given a user's credential (${key} = …)${also}: ${WHY} Give the resources an app instead: ApplicationId, TenantId and CertificateThumbprint, or ManagedIdentity = $true with TenantId where the node runs in Azure. ${NO_FIX}, and the credential usually comes from the configuration data.`,
        startOffset: first.credential.command.startIndex,
        endOffset: first.credential.command.endIndex,
        related: others.map(({ resource, credential }) => ({ message: `${resource} is given the same credential`, startOffset: credential.command.startIndex, endOffset: credential.command.endIndex })),
      };
    });
  });
}

/** A resource block given a user's credential, of a resource of Microsoft365DSC's. */
function credentialGiven(block: Node, configuration: M365DscConfiguration): CredentialGiven | undefined {
  const resource = resourceNameOf(block);
  if (!resource || !isM365DscResource(resource, configuration)) return undefined;
  const properties = propertiesOf(block);
  const credential = properties.find((property) => USER_CREDENTIAL.includes(property.key) && property.value !== '' && !isNullLiteral(property.value));
  return credential && !signsInAsApp(new Set(properties.map((property) => property.key))) ? { resource, credential } : undefined;
}

/** A configuration importing Microsoft365DSC (or a composite module built on it). */
interface M365DscConfiguration {
  body: Node;
  /** It imports resources of other modules too (xPSDesiredStateConfiguration's xRemoteFile, given the Windows account that reads a share as its `Credential`). */
  otherModules: boolean;
  /** It imports a composite module. */
  composites: boolean;
}

/**
 * Whether a configuration's resource is Microsoft365DSC's: any but PowerShell's own where the configuration
 * imports no other module; else one named as Microsoft365DSC names its resources (see `hasWorkloadPrefix`), or a
 * composite module's, where the configuration imports one. DSC reads resource names in any casing.
 */
function isM365DscResource(resource: string, { otherModules, composites }: M365DscConfiguration): boolean {
  const name = resource.toLowerCase();
  if (WINDOWS_RESOURCES.has(name)) return false;
  return !otherModules || hasWorkloadPrefix(resource) || (composites && COMPOSITE_RESOURCES.has(name));
}

/**
 * A name with a Microsoft365DSC workload's prefix, in any casing, and a capital after it (`AADUser`, `aadUser`,
 * `o365User`): other modules' names that start with the same letters go on in lower case (`ScheduledTask`, `SPOutgoingEmailSettings`).
 */
function hasWorkloadPrefix(resource: string): boolean {
  const prefix = M365DSC_PREFIX.exec(resource)?.[0];
  return prefix !== undefined && /[A-Z]/.test(resource.charAt(prefix.length));
}

/** The configurations whose `Import-DscResource` names Microsoft365DSC (or a composite module built on it). */
function configurationsImportingM365Dsc(context: PowerShellRuleContext): M365DscConfiguration[] {
  const imports = new Map<number, { body: Node; commands: Node[] }>();
  for (const at of context.index.commandsByName().get('import-dscresource') ?? []) {
    const command = context.index.node(at, 'command');
    const body = enclosing(command, 'script_block');
    if (body) imports.set(body.id, { body, commands: [...(imports.get(body.id)?.commands ?? []), command] });
  }
  return [...imports.values()]
    .filter(({ commands }) => commands.some((command) => M365DSC_MODULE.test(command.text)))
    .map(({ body, commands }) => ({
      body,
      otherModules: commands.some((command) => importsOtherModule(context, command)),
      composites: commands.some((command) => COMPOSITE_MODULE.test(command.text)),
    }));
}

/** Whether an `Import-DscResource` names a module but Microsoft365DSC, its composites and PowerShell's own, or a resource by name only that is none of theirs. */
function importsOtherModule(context: PowerShellRuleContext, command: Node): boolean {
  const given = (name: string) => boundParameters(command, IMPORT_DSC_RESOURCE, context.hashtables).find((p) => p.canonical === name)?.value?.text;
  const modules = given('ModuleName');
  if (modules !== undefined) return namesIn(modules).some((module) => !M365DSC_MODULE.test(module) && !WINDOWS_MODULE.test(module));
  return namesIn(given('Name') ?? '').some((resource) => !hasWorkloadPrefix(resource) && !WINDOWS_RESOURCES.has(resource.toLowerCase()));
}

/** The names an argument gives: `A, 'B'`, `@('A')`, a module specification's `@{ ModuleName = 'A'; … }`; a variable as itself (`$modules`). */
function namesIn(argument: string): string[] {
  const specified = [...argument.matchAll(/\bModuleName\s*=\s*['"]?([\w.-]+)/gi)].map((m) => m[1]);
  return specified.length > 0 ? specified : [...argument.matchAll(/(?<![\w.-])\$?[A-Za-z_][\w.-]*/g)].map((m) => m[0]);
}

function enclosing(node: Node, type: string): Node | undefined {
  for (let at = node.parent; at; at = at.parent) if (at.type === type) return at;
  return undefined;
}

/**
 * The resource a block belongs to: `AADUser 'Name' { … }` gives it as the command's last argument,
 * `AADUser 'Name'` with `{` on the next line as the statement after the command.
 */
function resourceNameOf(block: Node): string | undefined {
  for (let at = block.parent; at && at.type !== 'statement_list'; at = at.parent) {
    if (at.type === 'command') return commandNameOf(at);
    if (at.type === 'pipeline') {
      const before = at.previousNamedSibling;
      const command = before?.type === 'pipeline' ? onlyCommand(before) : undefined;
      return command && at.startIndex === block.startIndex ? commandNameOf(command) : undefined;
    }
  }
  return undefined;
}

/** The command a statement is, alone (a command without arguments is no wrapper `innermost` stops at). */
function onlyCommand(statement: Node): Node | undefined {
  let at = statement;
  while (at.type !== 'command' && at.namedChildCount === 1 && at.namedChild(0)!.startIndex === at.startIndex && at.namedChild(0)!.endIndex === at.endIndex) at = at.namedChild(0)!;
  return at.type === 'command' ? at : undefined;
}

/** The name of a resource, which is a plain word: none for a quoted, module-qualified or path name (which `commandName` would cut to its last part). */
function commandNameOf(command: Node): string | undefined {
  const name = commandNameNode(command)?.text;
  return name && /^[A-Za-z_][\w.-]*$/.test(name) ? name : undefined;
}

/** The block's own properties (not those of blocks inside it). */
function propertiesOf(block: Node): Property[] {
  const child = (node: Node | undefined, type: string): Node | undefined => node?.namedChildren.find((c) => c?.type === type) ?? undefined;
  const statements = child(child(child(block, 'script_block'), 'script_block_body'), 'statement_list');
  return (statements?.namedChildren ?? []).flatMap((statement): Property[] => {
    const command = statement?.type === 'pipeline' ? onlyCommand(statement) : undefined;
    const property = command ? /^([A-Za-z_]\w*)[ \t]*=(?!=)([\s\S]*)$/.exec(command.text) : null;
    return property ? [{ key: property[1].toLowerCase(), value: property[2].replace(/^[\s`]+/, '').trim(), command: command! }] : [];
  });
}

/** Microsoft365DSC signs in as the app when it has an app id, a tenant and a certificate or secret, whatever else it is given. */
function signsInAsApp(given: ReadonlySet<string>): boolean {
  return given.has('applicationid') && given.has('tenantid') && ['certificatethumbprint', 'applicationsecret', 'certificatepath'].some((key) => given.has(key));
}

function exportSignIns(context: PowerShellRuleContext): RuleHit[] {
  return context
    .commands()
    .filter((call) => call.spec.name === 'Export-M365DSCConfiguration')
    .flatMap((call): RuleHit[] => {
      const credential = call.parameters.find((parameter) => USER_CREDENTIAL.includes(parameter.canonical.toLowerCase()) && !isNull(parameter));
      if (!credential || signsInAsApp(new Set(call.parameters.map((parameter) => parameter.canonical.toLowerCase())))) return [];
      return [
        {
          message:
            `Export-M365DSCConfiguration -${credential.canonical} signs in with a user's credential: ${WHY} Export as an app instead: ` +
            `-ApplicationId -TenantId -CertificateThumbprint, or -ManagedIdentity -TenantId where the script runs in Azure. ${NO_FIX}.`,
          startOffset: call.node.startIndex,
          endOffset: call.node.endIndex,
        },
      ];
    });
}

/** `-Credential $null`, or no value at all (PowerShell refuses the call). */
function isNull(parameter: BoundParameter): boolean {
  return !parameter.value || isNullLiteral(parameter.value.text);
}
