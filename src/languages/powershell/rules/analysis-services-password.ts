import type { RuleHit } from '../../../engine/rule';
import { ANALYSIS_SERVICES_CMDLETS } from '../cmdlets';
import type { BoundParameter } from '../command';
import { connectionSetting, connectionSettings } from '../../shared/connection-settings';
import { connectionStringExpressions } from '../connection-strings';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, isNullLiteral, type Node } from '../syntax';
import { UNKNOWN } from '../values';

/** A Power BI / Fabric XMLA endpoint or an Azure Analysis Services server (also by its `link://` alias): Entra ID signs in to them. */
const CLOUD_SERVER = /^\s*(?:powerbi|asazure|link):\/\//i;
/** The keys the Analysis Services client libraries (AMO, ADOMD.NET, MSOLAP) read each setting from, as `connectionSettings` writes them. */
const DATA_SOURCE = ['datasource'];
const USER_ID = ['userid', 'uid'];
const PASSWORD = ['password', 'pwd'];
/** A string literal that names a data source: where a connection string is written. */
const DATA_SOURCE_SETTING = /data\s*source\s*=/i;
/** `User ID=app:<appId>@<tenantId>`: a service principal, its secret as the password. */
const SERVICE_PRINCIPAL = /^\s*app:/i;

const WHY =
  "signs in to Power BI's XMLA endpoint or Azure Analysis Services with an Entra ID user's name and password (the resource owner " +
  'password credentials grant), which cannot perform multi-factor authentication: the connection fails with AADSTS50076 once MFA ' +
  'applies to the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included.';

export const analysisServicesPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-analysis-services-password',
    title: 'Power BI XMLA / Azure Analysis Services sign-in with a username and password',
    description:
      'A connection string to a Power BI (Fabric) XMLA endpoint (Data Source=powerbi://…) or an Azure Analysis Services server ' +
      '(asazure://…) with a User ID and a Password, as AMO (Microsoft.AnalysisServices.Tabular.Server.Connect), ADOMD.NET ' +
      "(AdomdConnection) and MSOLAP take it, and the SqlServer module's Analysis Services cmdlets (Invoke-ASCmd, " +
      'Invoke-ProcessASDatabase, …) given -Credential for such a server, sign a user in with a password, which cannot perform ' +
      'multi-factor authentication. Sign in as a service principal (User ID=app:<appId>@<tenantId>, Invoke-ASCmd ' +
      '-ServicePrincipal) or with an access token.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'credential', 'power-bi', 'analysis-services'],
    // The cmdlets too: a server worked out at run time names no scheme (see `cloudServer`).
    triggers: ['powerbi://', 'asazure://', 'link://', ...ANALYSIS_SERVICES_CMDLETS.map((name) => name.toLowerCase())],
  },
  check(context) {
    return [...connectionStrings(context), ...cmdletSignIns(context)].sort((a, b) => a.startOffset - b.startOffset);
  },
};

function connectionStrings(context: PowerShellRuleContext): RuleHit[] {
  return connectionStringExpressions(context, DATA_SOURCE_SETTING).flatMap(({ expression, shape }): RuleHit[] => {
    const settings = connectionSettings(shape);
    const server = connectionSetting(settings, DATA_SOURCE);
    const user = connectionSetting(settings, USER_ID);
    if (!server || !CLOUD_SERVER.test(server) || !user || SERVICE_PRINCIPAL.test(user)) return [];
    if (connectionSetting(settings, PASSWORD) === undefined) return [];
    return [
      {
        message:
          `This connection string ${WHY} Sign in as a service principal instead: User ID=app:<appId>@<tenantId> with the app's ` +
          'secret as the Password (or its certificate), an app added to the workspace or server; or give the connection an access ' +
          'token obtained without a password.',
        startOffset: expression.startIndex,
        endOffset: expression.endIndex,
      },
    ];
  });
}

/** `Invoke-ASCmd -Server powerbi://… -Credential $cred`: without -ServicePrincipal the credential is a user's. */
function cmdletSignIns(context: PowerShellRuleContext): RuleHit[] {
  return context
    .commands()
    .filter((call) => ANALYSIS_SERVICES_CMDLETS.includes(call.spec.name))
    .flatMap((call): RuleHit[] => {
      const parameter = (name: string): BoundParameter | undefined => call.parameters.find((bound) => bound.canonical === name);
      const [server, credential] = [parameter('Server')?.value, parameter('Credential')?.value];
      if (!server || !credential || isNullLiteral(credential.text) || parameter('ServicePrincipal') || madeForApp(context, credential)) return [];
      const cloud = cloudServer(context, server, parameter('TenantId')?.value);
      if (!cloud) return [];
      return [
        {
          message:
            `${call.spec.name} -Credential without -ServicePrincipal ${WHY} Sign in as a service principal instead: -ServicePrincipal ` +
            '-ApplicationId -TenantId -CertificateThumbprint (or -Credential holding the app\'s id and secret), an app added to the ' +
            `workspace or server.${cloud === 'by tenant' ? BY_TENANT : ''}`,
          startOffset: call.node.startIndex,
          endOffset: call.node.endIndex,
        },
      ];
    });
}

const BY_TENANT =
  ' (The server is worked out at run time; -TenantId names an Entra ID tenant, which only a Power BI XMLA endpoint or an Azure ' +
  'Analysis Services server signs in to, so this is a cloud sign-in.)';

/**
 * Whether the server is a cloud one: by its scheme, or, where the file does not show how it starts (a value worked out at run
 * time), by the `-TenantId` the call gives, which an on-premises SSAS server has no use for.
 */
function cloudServer(context: PowerShellRuleContext, server: Node, tenant: Node | undefined): 'by scheme' | 'by tenant' | undefined {
  const shape = context.values().shapeOf(server).replace(/^["']/, '');
  if (CLOUD_SERVER.test(shape)) return 'by scheme';
  return shape.startsWith(UNKNOWN) && tenant && !isNullLiteral(tenant.text) ? 'by tenant' : undefined;
}

/** A credential the script makes for a service principal: its user name `app:<appId>@<tenantId>`, as a connection string's `User ID` is. */
function madeForApp(context: PowerShellRuleContext, credential: Node): boolean {
  const made = context.values().heldValue(credential);
  const construction = made && innermost(made);
  const argumentList = construction?.type === 'command' ? construction.namedChildren.find((c) => c?.type === 'command_elements') : construction;
  const candidates = argumentList ? descendants(argumentList, 'expandable_string_literal').concat(descendants(argumentList, 'verbatim_string_literal')) : [];
  return candidates.some((user) => SERVICE_PRINCIPAL.test(context.values().shapeOf(user).replace(/^["']/, '')));
}
