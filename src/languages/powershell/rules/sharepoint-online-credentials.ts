import type { RuleHit } from '../../../engine/rule';
import { argumentCount, constructions, usesNamespace } from '../constructions';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import type { Node } from '../syntax';

const CSOM_NAMESPACE = 'microsoft.sharepoint.client';
const CREDENTIAL_TYPE = /^(?:microsoft\.sharepoint\.client\.)?sharepointonlinecredentials$/;

export const sharePointOnlineCredentialsRule: PowerShellRule = {
  meta: {
    id: 'ps-sharepoint-online-credentials',
    title: 'SharePoint client (CSOM) signs in with a username and password (SharePointOnlineCredentials)',
    description:
      "A script gives the SharePoint client object model (CSOM) a SharePointOnlineCredentials made of a user's name and " +
      "password: SharePoint Online's legacy sign-in, which cannot perform multi-factor authentication, and which a tenant " +
      'that turns legacy authentication off refuses. Microsoft requires MFA for every user of a partner tenant, service ' +
      "accounts included. Give the ClientContext a token instead (a Secure Application Model token, or app-only with a " +
      'certificate), or move to PnP PowerShell.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential', 'sharepoint'],
    triggers: ['sharepointonlinecredentials'],
  },
  check(context) {
    return onlineCredentials(context).map(
      (node): RuleHit => ({
        message:
          "CSOM's SharePointOnlineCredentials signs in to SharePoint Online with a username and password (legacy authentication), " +
          'which cannot perform MFA: Microsoft requires MFA for every user of a partner tenant, service accounts included, and a ' +
          'tenant that turns legacy authentication off refuses it. Give the ClientContext a token instead: in its ExecutingWebRequest ' +
          "event set the request's Authorization header to 'Bearer ' and a Secure Application Model token for the tenant's " +
          "SharePoint (https://<tenant>.sharepoint.com/.default; the Get-SamAccessToken function mfa-ready's PowerShell fixes add gets one), or an " +
          "app-only token from a certificate; or move to PnP PowerShell (Connect-PnPOnline -Url … -AccessToken, or -ClientId -Tenant " +
          '-Thumbprint).',
        startOffset: node.startIndex,
        endOffset: node.endIndex,
      }),
    );
  },
};

/**
 * `New-Object [-TypeName] Microsoft.SharePoint.Client.SharePointOnlineCredentials [-ArgumentList] $user, $password`
 * (also `New-Object T($user, $password)`) and `[T]::new(…)`; the short name where the script has
 * `using namespace Microsoft.SharePoint.Client`. Made without arguments it signs nobody in.
 */
function onlineCredentials(context: PowerShellRuleContext): Node[] {
  const bare = usesNamespace(context.text, CSOM_NAMESPACE);
  const credentialType = (written: string): string | undefined =>
    CREDENTIAL_TYPE.test(written) && (bare || written.startsWith(CSOM_NAMESPACE)) ? 'SharePointOnlineCredentials' : undefined;
  return constructions(context, credentialType)
    .filter(({ argumentList }) => !!argumentList && argumentCount(argumentList) !== 0)
    .map(({ node }) => node);
}
