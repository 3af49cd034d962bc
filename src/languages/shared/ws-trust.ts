/**
 * Microsoft Online's WS-Trust token services, in either language: `extSTS.srf` on any host (only Microsoft
 * Online has it), `RST2.srf` on Microsoft Online's login hosts (login.live.com's is for personal accounts).
 */
const STS_PATH = /(?:^|\/)(extsts\.srf|rst2\.srf)\/?$/i;
const MICROSOFT_ONLINE = /login\.microsoftonline\.|login\.partner\.microsoftonline\.cn/i;

/** A mention of either service, anywhere in a text. */
export const WS_TRUST_SERVICE_NAME = /extsts\.srf|rst2\.srf/i;

export type WsTrustService = 'extSTS.srf' | 'RST2.srf';

/** The service a URL or path (no blanks: not a message) addresses, if it is one of Microsoft Online's. */
export function wsTrustServiceAt(address: string): WsTrustService | undefined {
  if (/\s/.test(address)) return undefined;
  const mention = STS_PATH.exec(address.replace(/[?#].*$/s, ''))?.[1];
  if (!mention) return undefined;
  const addressed = wsTrustServiceNamed(mention);
  // The host's name, not a query's (`login.live.com/RST2.srf?wreply=https://login.microsoftonline.com/`);
  // with a scheme, `//` alone, or neither (`login.microsoftonline.com/RST2.srf`, which a client takes as http).
  const host = /^(?:[a-z][\w+.-]*:\/\/|\/\/)?([^/?#]*)/i.exec(address)?.[1] ?? '';
  return addressed === 'extSTS.srf' || MICROSOFT_ONLINE.test(host) ? addressed : undefined;
}

/** The service a mention names (`extsts.srf` → `extSTS.srf`). */
export function wsTrustServiceNamed(mention: string): WsTrustService {
  return /^extsts/i.test(mention) ? 'extSTS.srf' : 'RST2.srf';
}

/** The finding's message: `subject` is what signs in (`This code`, `This request`). */
export function wsTrustMessage(subject: string, service: WsTrustService): string {
  return (
    `${subject} signs in through Microsoft Online's WS-Trust token service (${service}), which issues a token for a ` +
    "user's name and password posted in a SOAP envelope (the legacy sign-in of hand-written SharePoint Online and " +
    'Dynamics 365 clients): that cannot perform multi-factor authentication, so it fails once MFA applies to the ' +
    'account, and Microsoft requires MFA for every user of a partner tenant, service accounts included. No fix is ' +
    "offered: the token is traded for the service's cookies, which a bearer token does not give. Call SharePoint's " +
    'REST API, Microsoft Graph or the Dataverse Web API with an `Authorization: Bearer` token from the Secure ' +
    'Application Model instead, or app-only with a certificate.'
  );
}
