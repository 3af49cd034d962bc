/** What EWS password sign-ins say in either language, and how where EWS connects is judged. */
import { isExchangeOnlineWebHost } from './microsoft-endpoints';

/** Where EWS connects, as far as a file shows: an Exchange Online host, or a server the file does not show. */
export type EwsTarget = { online: string } | { unknown: string };

/**
 * Exchange Online where one of the service's URLs names its host; unknown where a URL is not written
 * out (undefined), where Autodiscover is asked, or where no URL is set; undefined (on-premises, no
 * finding) where every URL is written and none is Exchange Online's.
 */
export function ewsTarget(hosts: readonly (string | undefined)[], asksAutodiscover: () => boolean): EwsTarget | undefined {
  const online = hosts.find((host) => host !== undefined && isExchangeOnlineWebHost(host));
  if (online) return { online };
  if (hosts.includes(undefined)) return { unknown: 'a server the file does not show' };
  if (asksAutodiscover()) return { unknown: 'the server Autodiscover finds' };
  return hosts.length === 0 ? { unknown: 'a server the file does not show' } : undefined;
}

/**
 * The host of a URL as a file shows it (unknown parts as `\u0000`); undefined where the host is not
 * written out, or is a placeholder to fill in (`<yourmailserver>`, `{0}`, `#{Host}#`, `__Host__`). A
 * host built at run time under an Exchange Online domain (`"https://$region.outlook.com"`) is that
 * domain's: `*.outlook.com`.
 */
export function hostOfUrl(url: string | undefined): string | undefined {
  const host = url === undefined ? undefined : /^\s*https?:\/\/([^/:?#\s]+)/i.exec(url)?.[1]?.toLowerCase();
  if (host && /^[a-z0-9.-]+$/.test(host)) return host;
  const suffix = host && /\u0000(\.[a-z0-9.-]+)$/.exec(host)?.[1];
  return suffix && isExchangeOnlineWebHost(`x${suffix}`) ? `*${suffix}` : undefined;
}

const BASIC_OFF = 'basic authentication in Exchange Online is off since 2022-10-01';
const NTLM_REFUSED = 'Exchange Online does not accept NTLM, which is legacy authentication';

/** Why Exchange Online refuses the sign-in, by the scheme its kind names: NTLM, basic authentication, or either. */
function refusal(kind: string): string {
  const ntlm = /ntlm/i.test(kind);
  if (!ntlm) return BASIC_OFF;
  return /\bbasic\b/i.test(kind) ? `${NTLM_REFUSED}, and ${BASIC_OFF}` : NTLM_REFUSED;
}
const INSTEAD =
  'A password cannot perform MFA either. Move this mailbox access to Microsoft Graph with a Secure Application Model token ' +
  '(or app-only with a certificate). No quick fix: what the code does through EWS has to be rewritten for Graph.';

/** `kind` says what signs in: `WebCredentials`, `node-ews with NTLM`. */
export function ewsMessage(kind: string, target: EwsTarget): string {
  const refused = refusal(kind);
  if ('online' in target) return `EWS signs in to ${target.online} (Exchange Online) with a username and password (${kind}), which fails: ${refused}. ${INSTEAD}`;
  return (
    `EWS signs in with a username and password (${kind}) to ${target.unknown}. If that is Exchange Online, the sign-in ` +
    `fails: ${refused} (on-premises Exchange Server is not affected). ${INSTEAD}`
  );
}
