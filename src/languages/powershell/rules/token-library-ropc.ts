import type { RuleHit } from '../../../engine/rule';
import type { CommandCall } from '../command';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { argumentCount, constructions, usesNamespace, type Construction } from '../constructions';
import { descendants, invokedMemberName, isNullLiteral, type Node } from '../syntax';
import { cloudLoginHostsIn, CLOSED_GERMAN_LOGIN_HOST, loginCloudOf, namesClosedGermanLoginHost, PUBLIC_LOGIN_HOST } from '../../shared/microsoft-endpoints';
import { hostAndPathOfUrl } from '../../shared/url-host';
import { germanCloudClosed } from '../azure-environments';
import { UNKNOWN } from '../values';

const WHY =
  'signs in with a username and password (the resource owner password credentials grant), which cannot perform ' +
  'multi-factor authentication: AADSTS50076 once MFA applies to the account, and Microsoft requires MFA for every ' +
  'user of a partner tenant, service accounts included.';

/** The Secure Application Model's way out, with the token endpoint of the cloud the script signs in to (`loginHost`), where it shows one. */
function instead(loginHost: string | undefined): string {
  if (loginHost === CLOSED_GERMAN_LOGIN_HOST) return `${germanCloudClosed(CLOSED_GERMAN_LOGIN_HOST, PUBLIC_LOGIN_HOST)}. ${instead(PUBLIC_LOGIN_HOST)}`;
  const endpoint = loginHost ? `https://${loginHost}/<tenant>/oauth2/v2.0/token` : "the token endpoint (<login host>/<tenant>/oauth2/v2.0/token) of the cloud the script signs in to";
  return (
    'Get the token from the Secure Application Model instead (a refresh token from a one-time admin consent done with ' +
    `MFA, exchanged at ${endpoint} with grant_type=refresh_token for ` +
    "one resource's /.default scope, the rotated refresh token stored back), or sign in app-only with a certificate or a managed identity."
  );
}

/** MSAL's names for the clouds (AzureCloudInstance), lower-case, with each one's login host. */
const CLOUD_INSTANCES: Readonly<Record<string, string>> = {
  azurepublic: PUBLIC_LOGIN_HOST,
  azureusgovernment: 'login.microsoftonline.us',
  azurechina: 'login.chinacloudapi.cn',
  azuregermany: CLOSED_GERMAN_LOGIN_HOST,
};
const CLOUD_INSTANCE_NAMES = /\bAzure(?:Public|UsGovernment|China|Germany)\b/gi;

const ADAL_NAMESPACE = 'microsoft.identitymodel.clients.activedirectory';
/** ADAL.NET's credential types that carry a password: UserPasswordCredential (ADAL 3+), UserCredential(user, password) (ADAL 2). */
const ADAL_TYPE = /^(?:microsoft\.identitymodel\.clients\.activedirectory\.)?(userpasswordcredential|usercredential)$/;

export const tokenLibraryRopcRule: PowerShellRule = {
  meta: {
    id: 'ps-token-library-ropc',
    title: 'Token library signs in with a username and password (ADAL.NET, MSAL.NET, MSAL.PS)',
    description:
      "A script gets a token with a user's password through a .NET or PowerShell token library: ADAL.NET's " +
      "UserPasswordCredential (or ADAL 2's UserCredential with a password), MSAL.NET's AcquireTokenByUsernamePassword, " +
      "or MSAL.PS's Get-MsalToken -UserCredential. That is the resource owner password credentials grant, which " +
      'cannot perform multi-factor authentication. Get the token from the Secure Application Model, or app-only.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'credential'],
    // ADAL's namespace is written wherever a short type name is used: in `using namespace` or a string the type name is built from.
    triggers: ['userpasswordcredential', 'microsoft.identitymodel.clients.activedirectory', '[usercredential]', 'acquiretokenbyusernamepassword', 'get-msaltoken'],
  },
  check(context) {
    const scriptCloud = loginHostOfScript(codeText(context));
    const hits: RuleHit[] = adalCredentials(context).map(({ node, type }) =>
      hit(node, `ADAL.NET's ${type} ${WHY} ADAL itself is retired: all ADAL support ended on 2023-06-30. ${instead(scriptCloud)}`),
    );
    for (const node of msalNetCalls(context)) hits.push(hit(node, `MSAL.NET's AcquireTokenByUsernamePassword ${WHY} ${instead(scriptCloud)}`));
    for (const call of msalPsCalls(context)) {
      const loginHost = msalPsLoginHost(context, call, scriptCloud);
      hits.push(
        hit(call.node, `Get-MsalToken -UserCredential ${WHY} MSAL.PS is not supported by Microsoft and unmaintained since 2021: it is no replacement either. ${instead(loginHost)}`),
      );
    }
    return hits;
  },
};

function hit(node: Node, message: string): RuleHit {
  return { message, startOffset: node.startIndex, endOffset: node.endIndex };
}

/**
 * `New-Object [-TypeName] <ADAL credential type> [-ArgumentList] …` (also `New-Object T(user, password)`)
 * and `[T]::new(…)`. The bare type name counts where the script has `using namespace` ADAL's namespace.
 * UserCredential counts with two arguments: with one (or none) it is ADAL 3's integrated Windows sign-in.
 */
function adalCredentials(context: PowerShellRuleContext): Construction[] {
  const bare = usesNamespace(context.text, ADAL_NAMESPACE);
  const adalType = (written: string): string | undefined => {
    const match = ADAL_TYPE.exec(written);
    if (!match || (!bare && !written.startsWith(ADAL_NAMESPACE))) return undefined;
    return match[1] === 'usercredential' ? 'UserCredential' : 'UserPasswordCredential';
  };
  return constructions(context, adalType).filter(({ type, argumentList }) => carriesPassword(type, argumentList));
}

/** UserPasswordCredential with its (user, password) arguments; UserCredential with two of them (ADAL 2). */
function carriesPassword(type: string, argumentList: Node | undefined): boolean {
  const count = argumentList ? argumentCount(argumentList) : 0;
  return type === 'UserPasswordCredential' ? count !== 0 : count === 2;
}

/** `$app.AcquireTokenByUsernamePassword(scopes, user, password)` on any MSAL.NET public client (`…Async` before MSAL 4). */
function msalNetCalls(context: PowerShellRuleContext): Node[] {
  if (!/acquiretokenbyusernamepassword/i.test(context.text)) return [];
  return descendants(context.root, 'invokation_expression').filter((invocation) => /^acquiretokenbyusernamepassword(?:async)?$/.test(invokedMemberName(invocation)));
}

/** `Get-MsalToken … -UserCredential $credential` (not `$null` or `[pscredential]::Empty`). */
function msalPsCalls(context: PowerShellRuleContext): CommandCall[] {
  return context.commands().filter((call) => {
    if (call.spec.name !== 'Get-MsalToken') return false;
    const credential = call.parameters.find((p) => p.canonical === 'UserCredential')?.value;
    return !!credential && !isNullLiteral(credential.text) && !EMPTY_CREDENTIAL.test(credential.text.trim());
  });
}

/** `[pscredential]::Empty`, also in parentheses: no credential at all. */
const EMPTY_CREDENTIAL = /^\(?\s*\[(?:System\.Management\.Automation\.)?PSCredential\]\s*::\s*Empty\s*\)?$/i;

/**
 * The login host of the one cloud a script's .NET token library signs in to, judged by the login hosts and MSAL cloud
 * names (`AzureUsGovernment`) the script writes: the public cloud's where it writes none (the libraries' default),
 * undefined where it writes several clouds'.
 */
/** The script's text with its comments blanked: a comment that lists the clouds (`# AzureChina, AzureGermany`) names none the script signs in to. */
function codeText(context: PowerShellRuleContext): string {
  const pieces: string[] = [];
  let at = 0;
  for (const comment of descendants(context.root, 'comment')) {
    pieces.push(context.text.slice(at, comment.startIndex), ' '.repeat(comment.endIndex - comment.startIndex));
    at = comment.endIndex;
  }
  return pieces.join('') + context.text.slice(at);
}

function loginHostOfScript(text: string): string | undefined {
  const instances = [...text.matchAll(CLOUD_INSTANCE_NAMES)].map(([name]) => CLOUD_INSTANCES[name.toLowerCase()]);
  const german = namesClosedGermanLoginHost(text) ? [CLOSED_GERMAN_LOGIN_HOST] : [];
  return oneCloudOf([...cloudLoginHostsIn(text), ...german, ...instances]);
}

/** The first of these login hosts, where all are one cloud's (the public cloud's as generated code names it); the public cloud's for none. */
function oneCloudOf(hosts: string[]): string | undefined {
  const clouds = new Map<string, string>();
  for (const host of hosts) {
    const cloud = loginCloudOf(host);
    if (cloud && !clouds.has(cloud)) clouds.set(cloud, cloud === PUBLIC_LOGIN_HOST ? cloud : host);
  }
  return clouds.size === 0 ? PUBLIC_LOGIN_HOST : clouds.size === 1 ? [...clouds.values()][0] : undefined;
}

/**
 * The login host Get-MsalToken signs in through: its -AzureCloudInstance, else its -Authority's host, else the public
 * cloud's; where it is given an application (`scriptCloud`) the script's. Undefined where the script does not show it.
 */
function msalPsLoginHost(context: PowerShellRuleContext, call: CommandCall, scriptCloud: string | undefined): string | undefined {
  const value = (name: string): string | undefined => {
    const given = call.parameters.find((p) => p.canonical === name)?.value;
    return given && context.values().shapeOf(given);
  };
  const instance = value('AzureCloudInstance');
  if (instance?.includes(UNKNOWN)) return undefined;
  if (instance && CLOUD_INSTANCES[instance.toLowerCase()]) return CLOUD_INSTANCES[instance.toLowerCase()];
  const authority = value('Authority');
  if (authority !== undefined) {
    const host = hostAndPathOfUrl(authority)?.host;
    return host && !host.includes(UNKNOWN) && loginCloudOf(host) ? oneCloudOf([host]) : undefined;
  }
  return value('PublicClientApplication') !== undefined ? scriptCloud : PUBLIC_LOGIN_HOST;
}
