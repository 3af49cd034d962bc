/**
 * Where a password grant is posted, as far as the file shows: a Microsoft token endpoint (`shown`); a
 * URL it does not show, for a token only Entra ID issues (`unshown`); or `<base>/oauth2/token` on a
 * base it does not name, Entra ID's path and other OAuth servers' too (`unnamed`).
 */
export type GrantTarget = 'shown' | 'unshown' | 'unnamed';

/** The sentences a password grant's finding opens with: what is posted where (`api`: what posts it), and why that fails under MFA. */
export function passwordGrantSentences(target: GrantTarget, api: string): string {
  return (
    `A password grant (grant_type=password, ROPC) is posted ${postedWhere(target, api)}. ${target === 'unnamed' ? "If it is Microsoft's, ROPC" : 'ROPC'} cannot ` +
    'satisfy MFA: the request fails with AADSTS50076 once MFA applies to the account, and Microsoft requires MFA ' +
    'for every user of a partner tenant (App+User Partner Center calls from 2026-04-01). '
  );
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
