import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { hostOfUrl } from '../../shared/ews-sign-in';
import { EXCHANGE_ONLINE_WEB_HOST_WORDS, isExchangeOnlineWebHost, MAIL_BASIC_AUTH_OFF } from '../../shared/microsoft-endpoints';
import { memberName, nodesOfType, unwrap, type Node } from '../ast';
import { followedValuesOf } from '../followed-values';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { objectLiteral, propertyThroughSpreads } from '../static-value';

/** The names jQuery goes by: the page's globals, or an import's or an AMD module's parameter named so. */
const JQUERY_NAMES = new Set(['$', 'jQuery']);
/** jQuery's request methods that take a settings object (`$.ajax(url, settings)`, `$.get(settings)`), whose `username` and `password` sign the request in. */
const JQUERY_REQUESTS = new Set(['ajax', 'get', 'post', 'getJSON']);

/** A request to an Exchange Online web host that carries a user's password: what sends it, where, the password. */
interface BasicRequest {
  call: TSESTree.CallExpression;
  api: string;
  host: string;
  password: Node;
}

export const exchangeWebBasicAuthRule: TypeScriptRule = {
  meta: {
    id: 'ts-exchange-web-basic-auth',
    title: 'A web request to Exchange Online signs in with a username and password (basic authentication)',
    description:
      "jQuery's `$.ajax` / `$.get` / `$.post` / `$.getJSON` given a `username` and `password`, or " +
      "`XMLHttpRequest.open(method, url, async, user, password)`, to an Exchange Online web service of any cloud " +
      '(the Outlook REST API, EWS, ActiveSync, Autodiscover): basic authentication, which Exchange Online turned off on ' +
      '2022-10-01 and which cannot perform MFA. Call Microsoft Graph with a token instead. An on-premises Exchange ' +
      'server, or one the file does not show, is not reported.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'http'],
    triggers: EXCHANGE_ONLINE_WEB_HOST_WORDS,
    // jQuery's calls as the rule reads them (`$.ajax`, `jQuery.get`…), and an XMLHttpRequest's `open`: a bare
    // `.get` (a Map's) beside an address at outlook.com had every such module parsed.
    requires: ['$.ajax', 'jquery.ajax', '$.get', 'jquery.get', '$.post', 'jquery.post', '.open('],
  },
  check(context) {
    return context.once(basicRequests).map(finding);
  },
  passwordSinks(context) {
    return context.once(basicRequests).map((request) => request.password);
  },
};

function finding({ call, api, host, password }: BasicRequest): RuleHit {
  return {
    message:
      `${api} signs in to Exchange Online (${host}) with a username and password (basic authentication), which cannot ` +
      `perform MFA and ${MAIL_BASIC_AUTH_OFF}: the request is refused. No fix is offered: the Outlook REST API is retired ` +
      'too, so move the calls to Microsoft Graph with a bearer token (in a page, one MSAL.js gets as the user signs in, ' +
      'with MFA; on a server, a Secure Application Model token or app-only from a certificate).',
    startOffset: call.range[0],
    endOffset: call.range[1],
    fixes: [],
    related: [{ message: 'the password goes into the request here', startOffset: password.range[0], endOffset: password.range[1] }],
  };
}

function basicRequests(context: TypeScriptRuleContext): BasicRequest[] {
  return nodesOfType(context.program, 'CallExpression').flatMap((call) => {
    const sent = jQueryRequest(context, call) ?? xhrOpen(call);
    const host = sent && exchangeOnlineHost(context, sent.url);
    return sent && host ? [{ call, api: sent.api, host, password: sent.password }] : [];
  });
}

/** `$.ajax({ url, username, password })`, `$.ajax(url, { username, password })`, `$.get({ url, username, password })`: jQuery sends them as a Basic header. */
function jQueryRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): { api: string; url: Node; password: Node } | undefined {
  const callee = unwrap(call.callee);
  const method = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  if (callee.type !== 'MemberExpression' || !method || !JQUERY_REQUESTS.has(method)) return undefined;
  const receiver = unwrap(callee.object);
  if (receiver.type !== 'Identifier' || !JQUERY_NAMES.has(receiver.name)) return undefined;
  const [first, second] = call.arguments.map((argument) => (argument.type === 'SpreadElement' ? undefined : argument));
  const firstSettings = first && objectLiteral(first, context.facts);
  // Only `$.ajax` takes its settings after the URL: `$.get(url, data)` sends the second as the query.
  const settings = firstSettings ?? (method === 'ajax' && second ? objectLiteral(second, context.facts) : undefined);
  const url = firstSettings ? propertyThroughSpreads(firstSettings, 'url', context.facts)?.value : first;
  const password = settings && propertyThroughSpreads(settings, 'password', context.facts)?.value;
  const user = settings && propertyThroughSpreads(settings, 'username', context.facts);
  return url && user && password && !isNothing(password) ? { api: `jQuery.${method}`, url, password } : undefined;
}

/** `xhr.open(method, url, async, user, password)`: the browser sends the user and password as a Basic header. */
function xhrOpen(call: TSESTree.CallExpression): { api: string; url: Node; password: Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'open' || call.arguments.length < 5) return undefined;
  const [, url, , , password] = call.arguments;
  if (url.type === 'SpreadElement' || password.type === 'SpreadElement' || isNothing(password)) return undefined;
  return { api: 'XMLHttpRequest.open', url, password };
}

/** `''`, `null`, `undefined`: no password sent. */
function isNothing(node: Node): boolean {
  const value = unwrap(node);
  return (value.type === 'Literal' && (value.value === '' || value.value === null)) || (value.type === 'Identifier' && value.name === 'undefined');
}

/** The Exchange Online host a request's URL may go to, where the file shows one. */
function exchangeOnlineHost(context: TypeScriptRuleContext, url: Node): string | undefined {
  const hosts = followedValuesOf(context).urlShapes(url).map(hostOfUrl);
  return hosts.find((host): host is string => host !== undefined && isExchangeOnlineWebHost(host));
}
