import { commandElements, commandName, namedArgument } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { innermost, variableName, type Node } from './syntax';
import { UNKNOWN } from './values';

/** The environments Az and AzureRM come with: Azure's public cloud and the sovereign clouds (lower-case). */
const BUILT_IN_ENVIRONMENTS = new Set(['azurecloud', 'azurechinacloud', 'azureusgovernment', 'azuregermancloud']);

// Add-AzsEnvironment: Azure Stack Hub's own tools (AzureStack.Connect) add the stamp's environment.
const ADDS_ENVIRONMENT = new Set(['add-azenvironment', 'add-azurermenvironment', 'add-azsenvironment']);
const NAMES_ENVIRONMENT = new Set([...ADDS_ENVIRONMENT, 'get-azenvironment', 'get-azurermenvironment']);

/**
 * Whether an `-Environment` argument names an environment with endpoints of its own rather than one Az
 * comes with: an Azure Stack Hub stamp's (`AzureStackAdmin`, `AzureStackUser`), or any other added with
 * `Add-AzEnvironment -ArmEndpoint …`. Read from the name the script gives (also through variables), the
 * environment object it gets (`$env = Add-AzureRmEnvironment …`, `Get-AzEnvironment -Name 'AzureStack'`),
 * or a variable it also gives `Add-AzEnvironment` as the name.
 */
export function namesOwnAzureEnvironment(context: PowerShellRuleContext, value: Node): boolean {
  const named = ownEnvironmentName(context, value);
  if (named !== undefined) return named;
  const inner = innermost(value);
  if (inner.type !== 'variable') return false;
  const held = context.values().assignmentSeenBy(inner)?.value;
  const made = held && innermost(held);
  const command = made?.type === 'command' ? commandName(made) : undefined;
  if (made && command && NAMES_ENVIRONMENT.has(command)) {
    const name = nameArgument(made);
    return (name && ownEnvironmentName(context, name)) ?? ADDS_ENVIRONMENT.has(command);
  }
  return addedUnderName(context, variableName(inner));
}

/** Whether a name the script shows in full is no built-in environment's; undefined where it does not show it. */
function ownEnvironmentName(context: PowerShellRuleContext, value: Node): boolean | undefined {
  const shape = context.values().shapeOf(value);
  return shape === '' || shape.includes(UNKNOWN) ? undefined : !BUILT_IN_ENVIRONMENTS.has(shape.toLowerCase());
}

/** Whether the script calls `Add-AzEnvironment -Name $<variable>`. */
function addedUnderName(context: PowerShellRuleContext, variable: string | undefined): boolean {
  if (!variable) return false;
  const adds = [...ADDS_ENVIRONMENT].flatMap((name) => context.index.commandsByName().get(name) ?? []);
  return adds.some((add) => {
    const name = nameArgument(context.index.node(add, 'command'));
    return !!name && innermost(name).type === 'variable' && variableName(innermost(name)) === variable;
  });
}

/** The argument written after `-Name` (or `-Name:`). */
function nameArgument(command: Node): Node | undefined {
  return namedArgument(commandElements(command), /^name$/i);
}

/**
 * Microsoft Cloud Deutschland by the name a module gives it: Az's and AzureRM's AzureGermanCloud, AzureAD's and
 * MSOnline's AzureGermanyCloud, Exchange's O365GermanyCloud, MSAL's AzureGermany, Power BI's and SharePoint's Germany.
 */
const GERMAN_CLOUD_NAME = /^(?:azure|o365)?germany?(?:cloud)?$/i;

/** Microsoft Cloud Deutschland's hosts: its sign-in (login.microsoftonline.de), Exchange's (outlook.office.de), Azure's. */
const GERMAN_CLOUD_HOST = /(?:^|\.)(?:microsoftonline\.de|office\.de|cloudapi\.de|microsoftazure\.de)$/i;

/** Whether a cloud's name, as a module's parameter takes it, is Microsoft Cloud Deutschland's. */
export function namesGermanCloud(name: string): boolean {
  return GERMAN_CLOUD_NAME.test(name.trim());
}

/** Whether a host (or a URL's) is Microsoft Cloud Deutschland's. */
export function isGermanCloudHost(hostOrUrl: string): boolean {
  const host = /^(?:https?:)?\/\/([^/?#:]+)/i.exec(hostOrUrl.trim())?.[1] ?? hostOrUrl.trim();
  return GERMAN_CLOUD_HOST.test(host.replace(/\.$/, ''));
}

/**
 * What a sign-in to Microsoft Cloud Deutschland meets: the cloud is closed, so the script must move to the public
 * cloud before any other change. `named`: how the script names it; `publicCloud`: the public cloud as it would name that.
 */
export function germanCloudClosed(named: string, publicCloud: string): string {
  return `${named} (Microsoft Cloud Deutschland) was closed by Microsoft and its tenants moved to the public cloud: the script must first target that cloud (${publicCloud})`;
}
