/**
 * Microsoft identity and mail endpoints of every cloud, for matching by meaning rather than by one
 * spelling. Hosts are compared lower-case.
 */

/** Entra ID (Azure AD) sign-in hosts: public cloud and its aliases, US Government, China (21Vianet), legacy Germany. */
export const LOGIN_HOSTS: readonly string[] = [
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'login.live.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login-us.microsoftonline.com',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
];

/** Office 365 / Outlook.com mail hosts that accept SMTP AUTH, IMAP, POP and EWS sign-ins. */
export const MAIL_HOSTS: readonly string[] = [
  'smtp.office365.com',
  'outlook.office365.com',
  'smtp-mail.outlook.com',
  'outlook.office.com',
  'imap-mail.outlook.com',
  'pop-mail.outlook.com',
  'smtp.office365.us',
  'outlook.office365.us',
  'partner.outlook.cn',
];

export function isLoginHost(host: string): boolean {
  return LOGIN_HOSTS.includes(host.toLowerCase());
}

export function isMailHost(host: string): boolean {
  const lower = host.toLowerCase();
  return MAIL_HOSTS.includes(lower) || lower.endsWith('.mail.protection.outlook.com');
}

/** The path of an OAuth 2 token endpoint: `/oauth2/token`, `/oauth2/v2.0/token`, with or without a tenant. */
export const TOKEN_PATH = /\/oauth2\/(?:v2\.0\/)?token\/?$/i;

/**
 * Whether a URL (or the static prefix of one) names a Microsoft token endpoint: a login host, or any
 * host with an OAuth 2 token path (some code reaches the endpoint through a proxy or an alias).
 */
export function isTokenEndpoint(url: string): boolean {
  const match = /^(?:https?:)?\/\/([^/:?#]+)(?::\d+)?([^?#]*)/i.exec(url.trim());
  if (!match) return TOKEN_PATH.test(url.split(/[?#]/)[0]);
  return isLoginHost(match[1]) || TOKEN_PATH.test(match[2]);
}
