/**
 * Where a password grant is posted, as far as the file shows: a Microsoft token endpoint (`shown`); a
 * URL it does not show, for a token only Entra ID issues (`unshown`); or `<base>/oauth2/token` on a
 * base it does not name, Entra ID's path and other OAuth servers' too (`unnamed`).
 */
export type GrantTarget = 'shown' | 'unshown' | 'unnamed';

/** What the token is for, by the resource or scope the body names: Partner Center, Azure Resource Manager, or anything else (or not shown). */
export type SignedInTo = 'partner-center' | 'azure' | 'other';

/** Who requires MFA of the sign-in, by what it signs in to. */
const MFA_REQUIRED: Record<SignedInTo, string> = {
  'partner-center': 'once MFA applies to the account, and Microsoft requires MFA for every user of a partner tenant (App+User Partner Center calls from 2026-04-01)',
  azure:
    'once MFA applies to the account: Azure requires it of user sign-ins that create, update or delete resources (from 2025-10-01; a tenant may ' +
    'postpone that until 2026-07-01 at the latest), and Microsoft requires MFA for every user of a partner tenant',
  other: 'once MFA applies to the account (security defaults, Conditional Access), and Microsoft requires MFA for every user of a partner tenant',
};

/** The sentences a password grant's finding opens with: what is posted where (`api`: what posts it), and why that fails under MFA. */
export function passwordGrantSentences(target: GrantTarget, api: string, signedInTo: SignedInTo = 'other'): string {
  return (
    `A password grant (grant_type=password, ROPC) is posted ${postedWhere(target, api)}. ${target === 'unnamed' ? "If it is Microsoft's, ROPC" : 'ROPC'} cannot ` +
    `satisfy MFA: the request fails with AADSTS50076 ${MFA_REQUIRED[signedInTo]}. `
  );
}

const PARTNER_CENTER = /api\.partnercenter\.microsoft\.com/i;
/** Azure Resource Manager of each cloud, as a resource or a scope names it. */
const AZURE_RESOURCE_MANAGER = /management\.(?:azure\.com|core\.windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)/i;

/** What a token request's resource or scope (as the file writes or builds it) signs in to. */
export function signedInToOf(texts: readonly string[]): SignedInTo {
  if (texts.some((text) => PARTNER_CENTER.test(text))) return 'partner-center';
  return texts.some((text) => AZURE_RESOURCE_MANAGER.test(text)) ? 'azure' : 'other';
}

function postedWhere(target: GrantTarget, api: string): string {
  if (target === 'unnamed') {
    return (
      `with ${api} to an OAuth token endpoint the file does not name (a base URL it is given, then /oauth2/token: Entra ID's path, and other ` +
      "OAuth servers' too; the body names no Microsoft resource)"
    );
  }
  if (target === 'shown') return `to the Microsoft token endpoint with ${api}`;
  return `with ${api} to a URL the file does not show, for a token only Entra ID issues (its resource or scope names a Microsoft service, or its client is one of Microsoft's own)`;
}
