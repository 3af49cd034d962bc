import type { RuleHit } from '../../../engine/rule';
import { EXCHANGE_ONLINE_WEB_HOST_WORDS, isExchangeOnlineWebHost, MAIL_BASIC_AUTH_OFF } from '../../shared/microsoft-endpoints';
import type { CommandCall } from '../command';
import { hashEntries, hashLiteral } from '../hashtables';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { isNullLiteral, variableName, type Node } from '../syntax';
import { UNKNOWN } from '../values';
import { requestSentHere, webRequestHits, wrapperSender } from '../request-wrappers';

export const exchangeWebBasicAuthRule: PowerShellRule = {
  meta: {
    id: 'ps-exchange-web-basic-auth',
    title: 'A web request to Exchange Online signs in with a username and password (basic authentication)',
    description:
      'Invoke-RestMethod or Invoke-WebRequest calls an Exchange Online web service (EWS, Exchange ActiveSync, ' +
      'Autodiscover, the Outlook REST API) with -Credential, or with an Authorization header of the Basic scheme: ' +
      'basic authentication, which Exchange Online turned off on 2022-10-01 and which cannot perform MFA. Send a ' +
      'bearer token instead, or move to Microsoft Graph.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'http'],
    triggers: EXCHANGE_ONLINE_WEB_HOST_WORDS,
  },
  check(context) {
    return webRequestHits(context, { required: ['Uri'], optional: SIGN_IN_PARAMETERS }, (request, call) => {
      const host = exchangeHost(context, request.given.get('Uri')!);
      const how = host && passwordSent(context, (name) => request.given.get(name));
      return how ? finding(request.send, call, host, how) : undefined;
    });
  },
};

/** What the request is given that says how it signs in. */
const SIGN_IN_PARAMETERS = ['Headers', 'Credential', 'Authentication'];

/** The Exchange Online host the request's `-Uri` names, where the script shows it. */
function exchangeHost(context: PowerShellRuleContext, uri: Node): string | undefined {
  const host = /^https?:\/\/([^/:?#]+)/i.exec(context.values().shapeOf(uri))?.[1];
  return host && !host.includes(UNKNOWN) && isExchangeOnlineWebHost(host) ? host.toLowerCase() : undefined;
}

/**
 * How the request hands over a user's password: a Basic Authorization header, or its `-Credential`
 * where nothing else signs in (`-Authentication Bearer -Token …` in PowerShell 7, or a Bearer header:
 * the token is what the service reads).
 */
function passwordSent(context: PowerShellRuleContext, parameter: (name: string) => Node | undefined): Node | undefined {
  const headers = parameter('Headers');
  const authorization = headers && headerEntries(context, headers).find((entry) => entry.key.toLowerCase() === 'authorization')?.value;
  const scheme = authorization && /^\s*(\w+)/.exec(context.values().shapeOf(authorization))?.[1].toLowerCase();
  if (authorization && scheme === 'basic') return authorization;
  const credential = parameter('Credential');
  const authentication = parameter('Authentication');
  // As written (`[WebAuthenticationType]::Bearer`) or as a variable holds it (`$auth = 'Bearer'`).
  const withToken = scheme === 'bearer' || (authentication && /\b(?:bearer|oauth)\b/i.test(`${authentication.text} ${context.values().shapeOf(authentication)}`));
  return credential && !withToken && !isNullLiteral(credential.text) ? credential : undefined;
}

/** The entries of a headers hashtable written in place, or held in a variable. */
function headerEntries(context: PowerShellRuleContext, headers: Node): { key: string; value: Node }[] {
  const literal = hashLiteral(headers);
  if (literal) return hashEntries(literal);
  return variableName(headers) ? context.hashtables().entriesSeenBy(headers) : [];
}

/** The finding at `send`, the request or the call of the script's function that makes it with `request`. */
function finding(send: CommandCall, request: CommandCall, host: string, password: Node): RuleHit {
  const sender = wrapperSender(send, request) ?? send.spec.name;
  return {
    message:
      `${sender} signs in to Exchange Online (${host}) with a username and password (basic authentication), ` +
      `which cannot perform MFA and ${MAIL_BASIC_AUTH_OFF} for EWS, Exchange ActiveSync, Autodiscover, POP, IMAP and remote ` +
      'PowerShell: the request is refused. Send a token instead, -Headers @{ Authorization = "Bearer $token" }, for the scope ' +
      "https://outlook.office365.com/.default (a Secure Application Model token: the Get-SamAccessToken function mfa-ready's " +
      'PowerShell fixes add gets one; or app-only from a certificate), or move the calls to Microsoft Graph.',
    startOffset: send.node.startIndex,
    endOffset: send.node.endIndex,
    related: [
      { message: 'the password goes into the request here', startOffset: password.startIndex, endOffset: password.endIndex },
      ...requestSentHere(send, request),
    ],
  };
}
