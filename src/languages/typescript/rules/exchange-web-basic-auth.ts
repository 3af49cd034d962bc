import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { hostOfUrl } from '../../shared/ews-sign-in';
import { EXCHANGE_ONLINE_WEB_HOST_WORDS, isExchangeOnlineWebHost, MAIL_BASIC_AUTH_OFF } from '../../shared/microsoft-endpoints';
import { isFunction, memberName, methodCalls, nodesOfType, unwrap, type Node } from '../ast';
import { basicAuthorizationHeader, basicAuthRequest, isAuthorizationName, isBasicHeader, requestUrls } from '../basic-auth-requests';
import { followedValuesOf } from '../followed-values';
import { bindingOf, sameBinding, within } from '../name-bindings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { objectLiteral, propertyThroughSpreads } from '../static-value';
import { isEwsEndpoint } from './ews-basic-auth';

/** The names jQuery goes by: the page's globals, or an import's or an AMD module's parameter named so. */
const JQUERY_NAMES = new Set(['$', 'jQuery']);
/** jQuery's request methods that take a settings object (`$.ajax(url, settings)`, `$.get(settings)`), whose `username` and `password` sign the request in. */
const JQUERY_REQUESTS = new Set(['ajax', 'get', 'post', 'getJSON']);

/** A request to an Exchange Online web host that carries a user's password: what sends it, where, and what carries the password. */
interface BasicRequest {
  call: TSESTree.CallExpression;
  api: string;
  host: string;
  sent: SentCredentials;
}

/** What carries the user's name and password into a request (a header, an option), and the password where the code passes it apart. */
interface SentCredentials {
  carrier: Node;
  password?: Node;
}

/** A request with a user's password, as the rule reads it: the API, the URLs it may go to (shapes), the credentials. */
interface PasswordRequest {
  api: string;
  urls: string[];
  sent: SentCredentials;
}

export const exchangeWebBasicAuthRule: TypeScriptRule = {
  meta: {
    id: 'ts-exchange-web-basic-auth',
    title: 'A web request to Exchange Online signs in with a username and password (basic authentication)',
    description:
      "jQuery's `$.ajax` / `$.get` / `$.post` / `$.getJSON` given a `username` and `password` or an `Authorization: Basic` header " +
      '(in its `headers`, or set in `beforeSend`), `XMLHttpRequest.open(method, url, async, user, password)` or an XMLHttpRequest given ' +
      'that header, and fetch, axios and the other HTTP clients given that header (an object, `new Headers()` and its `append`/`set`) ' +
      'or an `auth` option, to an Exchange Online web service of any cloud (the Outlook REST API, ActiveSync, Autodiscover; EWS by ' +
      'jQuery or XMLHttpRequest, a client\'s request to EWS is ts-ews-basic-auth\'s): basic authentication, which Exchange Online ' +
      'turned off on 2022-10-01 and which cannot perform MFA. Call Microsoft Graph with a token instead. An on-premises Exchange ' +
      'server, or one the file does not show, is not reported.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'http'],
    triggers: EXCHANGE_ONLINE_WEB_HOST_WORDS,
    // jQuery's calls as the rule reads them (`$.ajax`, `jQuery.get`…), an XMLHttpRequest's `open`, a Basic header's
    // value as a string starts it, a client's `auth:` option: a bare `.get` (a Map's) beside an address at outlook.com
    // had every such module parsed.
    requires: ['$.ajax', 'jquery.ajax', '$.get', 'jquery.get', '$.post', 'jquery.post', '.open(', "'basic ", '"basic ', '`basic ', 'auth:'],
  },
  check(context) {
    return context.once(basicRequests).map(finding);
  },
  passwordSinks(context) {
    return context.once(basicRequests).flatMap((request) => (request.sent.password ? [request.sent.password] : []));
  },
};

function finding({ call, api, host, sent }: BasicRequest): RuleHit {
  const related = sent.password
    ? { message: 'the password goes into the request here', node: sent.password }
    : { message: "the user's name and password go into the request here", node: sent.carrier };
  return {
    message:
      `${api} signs in to Exchange Online (${host}) with a username and password (basic authentication), which cannot ` +
      `perform MFA and ${MAIL_BASIC_AUTH_OFF}: the request is refused. No fix is offered: the Outlook REST API is retired ` +
      'too, so move the calls to Microsoft Graph with a bearer token (in a page, one MSAL.js gets as the user signs in, ' +
      'with MFA; on a server, a Secure Application Model token or app-only from a certificate).',
    startOffset: call.range[0],
    endOffset: call.range[1],
    fixes: [],
    related: [{ message: related.message, startOffset: related.node.range[0], endOffset: related.node.range[1] }],
  };
}

function basicRequests(context: TypeScriptRuleContext): BasicRequest[] {
  return nodesOfType(context.program, 'CallExpression').flatMap((call) => {
    const request = jQueryRequest(context, call) ?? xhrOpen(context, call) ?? clientRequest(context, call);
    if (!request || leftToEwsRule(context, call, request)) return [];
    const host = request.urls.map(hostOfUrl).find((found): found is string => found !== undefined && isExchangeOnlineWebHost(found));
    return host ? [{ call, api: request.api, host, sent: request.sent }] : [];
  });
}

/** A known client's request to EWS's endpoint with a Basic header or an `auth` option: ts-ews-basic-auth reports it. */
function leftToEwsRule(context: TypeScriptRuleContext, call: TSESTree.CallExpression, request: PasswordRequest): boolean {
  return request.urls.some(isEwsEndpoint) && basicAuthRequest(context, call) !== undefined;
}

/**
 * `$.ajax({ url, username, password })`, `$.ajax(url, { username, password })`, `$.get({ url, username, password })`: jQuery
 * sends them as a Basic header; or the settings give that header, in `headers` or by `beforeSend`.
 */
function jQueryRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): PasswordRequest | undefined {
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
  const sent = settings && jQueryCredentials(context, settings);
  return url && sent ? { api: `jQuery.${method}`, urls: followedValuesOf(context).urlShapes(url), sent } : undefined;
}

/** jQuery's settings' `username` and `password`, or an `Authorization: Basic` header they give. */
function jQueryCredentials(context: TypeScriptRuleContext, settings: TSESTree.ObjectExpression): SentCredentials | undefined {
  const password = propertyThroughSpreads(settings, 'password', context.facts)?.value;
  const user = propertyThroughSpreads(settings, 'username', context.facts);
  if (user && password && !isNothing(password)) return { carrier: password, password };
  const header = basicAuthorizationHeader(context, settings) ?? beforeSendHeader(context, settings);
  return header ? { carrier: header } : undefined;
}

/** `beforeSend: (xhr) => xhr.setRequestHeader('Authorization', 'Basic ' + …)`: the header's value. */
function beforeSendHeader(context: TypeScriptRuleContext, settings: TSESTree.ObjectExpression): Node | undefined {
  const beforeSend = propertyThroughSpreads(settings, 'beforeSend', context.facts)?.value;
  const handler = beforeSend && context.facts.valuesOf(beforeSend).find(isFunction);
  const request = handler?.params[0];
  return request?.type === 'Identifier' ? basicHeaderSetOn(context, request, handler) : undefined;
}

/** The value of an `Authorization: Basic` header `setRequestHeader` gives the request a name holds (inside `scope`, where one is given). */
function basicHeaderSetOn(context: TypeScriptRuleContext, request: TSESTree.Identifier, scope?: Node): Node | undefined {
  const binding = bindingOf(context, request);
  for (const set of methodCalls(context.program, 'setRequestHeader')) {
    const receiver = unwrap(set.callee.object);
    const [name, value] = set.arguments;
    if (receiver.type !== 'Identifier' || receiver.name !== request.name || (scope && !within(set, scope))) continue;
    if (!sameBinding(bindingOf(context, receiver), binding) || !name || !value || value.type === 'SpreadElement') continue;
    if (isAuthorizationName(context, name) && isBasicHeader(context, value)) return value;
  }
  return undefined;
}

/**
 * `xhr.open(method, url, async, user, password)`: the browser sends the user and password as a Basic header;
 * or `xhr.open(method, url)` and `xhr.setRequestHeader('Authorization', 'Basic ' + …)` on the same request.
 */
function xhrOpen(context: TypeScriptRuleContext, call: TSESTree.CallExpression): PasswordRequest | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'open' || call.arguments.length < 2) return undefined;
  const [, url, , , password] = call.arguments;
  if (url.type === 'SpreadElement') return undefined;
  const request = unwrap(callee.object);
  const sent = password ? passwordArgument(password) : request.type === 'Identifier' ? headerArgument(basicHeaderSetOn(context, request)) : undefined;
  return sent ? { api: 'XMLHttpRequest.open', urls: followedValuesOf(context).urlShapes(url), sent } : undefined;
}

const passwordArgument = (password: Node): SentCredentials | undefined =>
  password.type === 'SpreadElement' || isNothing(password) ? undefined : { carrier: password, password };
const headerArgument = (header: Node | undefined): SentCredentials | undefined => (header ? { carrier: header } : undefined);

/** fetch, axios and the other clients of the senders' tables given an `Authorization: Basic` header or an `auth` option. */
function clientRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): PasswordRequest | undefined {
  const basic = basicAuthRequest(context, call);
  if (!basic) return undefined;
  const urls = requestUrls(context, call, basic.sender, (node) => followedValuesOf(context).urlShapes(node));
  return { api: basic.sender.api, urls, sent: { carrier: basic.carrier, password: basic.password } };
}

/** `''`, `null`, `undefined`: no password sent. */
function isNothing(node: Node): boolean {
  const value = unwrap(node);
  return (value.type === 'Literal' && (value.value === '' || value.value === null)) || (value.type === 'Identifier' && value.name === 'undefined');
}
