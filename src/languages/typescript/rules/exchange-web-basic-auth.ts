import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { hostOfUrl } from '../../shared/ews-sign-in';
import { EXCHANGE_ONLINE_WEB_HOST_WORDS, isExchangeOnlineWebHost, MAIL_BASIC_AUTH_OFF } from '../../shared/microsoft-endpoints';
import { isFunction, memberName, methodCalls, nodesOfType, ownFunctions, unwrap, type Node } from '../ast';
import { classOfThis } from '../field-reads';
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
  /** The URL's shape, whose path tells the service. */
  url: string;
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
      '(in its `headers`, or set in `beforeSend`, a function there or one of the file it names), `XMLHttpRequest.open(method, url, ' +
      'async, user, password)` or an XMLHttpRequest (in a variable or a field, `this.xhr`) given that header by `setRequestHeader`, ' +
      'fetch, axios, got, request and the other HTTP clients given that header (an object, `new Headers()` and its `append`/`set`) ' +
      "or an `auth` option, GET requests too, and superagent's `.set` of that header or `.auth(user, password)`, " +
      'to an Exchange Online web service of any cloud (the Outlook REST API, ActiveSync, Autodiscover; EWS by ' +
      'jQuery or XMLHttpRequest, a client\'s request to EWS is ts-ews-basic-auth\'s): basic authentication, which Exchange Online ' +
      'turned off on 2022-10-01 and which cannot perform MFA. Call Microsoft Graph with a token instead. An on-premises Exchange ' +
      'server, or one the file does not show, is not reported.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'http'],
    triggers: EXCHANGE_ONLINE_WEB_HOST_WORDS,
    // jQuery's calls as the rule reads them (`$.ajax`, `jQuery.get`…), an XMLHttpRequest's `open`, a Basic header's
    // value as a string starts it, a client's `auth:` option, superagent's `.auth(`: a bare `.get` (a Map's) beside an address at outlook.com
    // had every such module parsed.
    requires: ['$.ajax', 'jquery.ajax', '$.get', 'jquery.get', '$.post', 'jquery.post', '.open(', "'basic ", '"basic ', '`basic ', 'auth:', '.auth('],
  },
  check(context) {
    return context.once(basicRequests).map(finding);
  },
  passwordSinks(context) {
    return context.once(basicRequests).flatMap((request) => (request.sent.password ? [request.sent.password] : []));
  },
};

function finding({ call, api, host, url, sent }: BasicRequest): RuleHit {
  const related = sent.password
    ? { message: 'the password goes into the request here', node: sent.password }
    : { message: "the user's name and password go into the request here", node: sent.carrier };
  return {
    message:
      `${api} signs in to Exchange Online (${host}) with a username and password (basic authentication), which cannot ` +
      `perform MFA and ${MAIL_BASIC_AUTH_OFF}: the request is refused. No fix is offered: ${whatToSend(url)}.`,
    startOffset: call.range[0],
    endOffset: call.range[1],
    fixes: [],
    related: [{ message: related.message, startOffset: related.node.range[0], endOffset: related.node.range[1] }],
  };
}

/** Where the user gets the bearer token the advice names, with MFA. */
const TOKEN_SOURCES = '(in a page, one MSAL.js gets as the user signs in, with MFA; on a server, a Secure Application Model token or app-only from a certificate)';

/**
 * What the request should send instead, by the Exchange Online service its path names: each is off to
 * basic authentication, and the Outlook REST API is retired as a whole, where the others take a token.
 */
function whatToSend(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').toLowerCase();
  if (/^\/api\/(?:v1\.0|v2\.0|beta)(?:\/|$)/.test(path)) return `the Outlook REST API is retired too, so move the calls to Microsoft Graph with a bearer token ${TOKEN_SOURCES}`;
  if (path.startsWith('/autodiscover/') || /^[a-z]+:\/\/autodiscover/i.test(url)) return `Autodiscover takes an OAuth bearer token for Exchange Online instead ${TOKEN_SOURCES}`;
  if (path.startsWith('/microsoft-server-activesync')) return `Exchange ActiveSync signs in with modern authentication instead, an OAuth bearer token for Exchange Online ${TOKEN_SOURCES}`;
  if (path.startsWith('/ews/')) return `EWS takes an OAuth bearer token for Exchange Online instead ${TOKEN_SOURCES}; Microsoft Graph is its successor`;
  return `send a bearer token instead ${TOKEN_SOURCES}; Microsoft Graph serves mail, calendars and contacts`;
}

function basicRequests(context: TypeScriptRuleContext): BasicRequest[] {
  return nodesOfType(context.program, 'CallExpression').flatMap((call) => {
    const request = jQueryRequest(context, call) ?? xhrOpen(context, call) ?? clientRequest(context, call) ?? superagentRequest(context, call);
    if (!request || leftToEwsRule(context, call, request)) return [];
    const url = request.urls.find((shape) => isExchangeOnlineWebHost(hostOfUrl(shape) ?? ''));
    return url ? [{ call, api: request.api, host: hostOfUrl(url)!, url, sent: request.sent }] : [];
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

/**
 * `beforeSend: (xhr) => xhr.setRequestHeader('Authorization', 'Basic ' + …)`, or a function of the file named
 * there (`beforeSend: addAuth`): the header's value.
 */
function beforeSendHeader(context: TypeScriptRuleContext, settings: TSESTree.ObjectExpression): Node | undefined {
  const beforeSend = propertyThroughSpreads(settings, 'beforeSend', context.facts)?.value;
  const handler = beforeSend && (context.facts.valuesOf(beforeSend).find(isFunction) ?? functionNamedBy(context, beforeSend));
  const request = handler?.params[0];
  return request?.type === 'Identifier' ? basicHeaderSetOn(context, request, handler) : undefined;
}

/** The function a name given as a value stands for, where the file declares it (`function addAuth(xhr) { … }`). */
function functionNamedBy(context: TypeScriptRuleContext, value: Node): TSESTree.FunctionLike | undefined {
  const name = unwrap(value);
  if (name.type !== 'Identifier') return undefined;
  const declared = ownFunctions(context.program).find(([own]) => own === name.name)?.[1];
  return declared && isFunction(declared) ? declared : undefined;
}

/**
 * The value of an `Authorization: Basic` header `setRequestHeader` gives the request held by a name, or by
 * a field of the class (`this.xhr`), inside `scope` where one is given.
 */
function basicHeaderSetOn(context: TypeScriptRuleContext, request: Node, scope?: Node): Node | undefined {
  const isRequest = sameRequestAs(context, request);
  if (!isRequest) return undefined;
  for (const set of methodCalls(context.program, 'setRequestHeader')) {
    const [name, value] = set.arguments;
    if ((scope && !within(set, scope)) || !isRequest(unwrap(set.callee.object)) || !name || !value || value.type === 'SpreadElement') continue;
    if (isAuthorizationName(context, name) && isBasicHeader(context, value)) return value;
  }
  return undefined;
}

/** Whether a receiver is the request `request` is: the same variable, or the same field of the same class's instance. */
function sameRequestAs(context: TypeScriptRuleContext, request: Node): ((receiver: Node) => boolean) | undefined {
  if (request.type === 'Identifier') {
    const binding = bindingOf(context, request);
    return (receiver) => receiver.type === 'Identifier' && receiver.name === request.name && sameBinding(bindingOf(context, receiver), binding);
  }
  const field = thisField(request);
  const owner = field && classOfThis(context.program, field.object);
  if (!field || !owner) return undefined;
  return (receiver) => {
    const other = thisField(receiver);
    return other?.name === field.name && classOfThis(context.program, other.object) === owner;
  };
}

/** `this.name`: the `this` and the field's name. */
function thisField(node: Node): { object: TSESTree.ThisExpression; name: string } | undefined {
  if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return undefined;
  const name = memberName(node);
  return name ? { object: node.object, name } : undefined;
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
  const sent = password ? passwordArgument(password) : headerArgument(basicHeaderSetOn(context, request));
  // Without a password in `open`, the request signs in by the header `setRequestHeader` gives it.
  const api = password ? 'XMLHttpRequest.open' : 'XMLHttpRequest.setRequestHeader';
  return sent ? { api, urls: followedValuesOf(context).urlShapes(url), sent } : undefined;
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

/** superagent's methods that make a request of a URL, their first argument. */
const SUPERAGENT_REQUESTS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head']);

/**
 * superagent's `get(url).set('Authorization', 'Basic ' + …)` or `.auth(user, password)` (Basic unless told
 * otherwise), on the request or further along its chain (`.accept('json').set(…)`).
 */
function superagentRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): PasswordRequest | undefined {
  const callee = unwrap(call.callee);
  const method = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  if (callee.type !== 'MemberExpression' || (method !== 'set' && method !== 'auth')) return undefined;
  const [first, second] = call.arguments;
  const header = method === 'set' && first && second && second.type !== 'SpreadElement' && isAuthorizationName(context, first) && isBasicHeader(context, second);
  const sent = method === 'auth' ? second && passwordArgument(second) : header ? { carrier: second } : undefined;
  const url = sent ? superagentRequestMade(context, callee.object)?.arguments[0] : undefined;
  return sent && url && url.type !== 'SpreadElement' ? { api: 'superagent', urls: followedValuesOf(context).urlShapes(url), sent } : undefined;
}

/** The call of superagent's that made the request a chain of calls goes on with. */
function superagentRequestMade(context: TypeScriptRuleContext, chain: Node): TSESTree.CallExpression | undefined {
  for (let node = unwrap(chain); node.type === 'CallExpression'; ) {
    const callee = unwrap(node.callee);
    const called = context.facts.resolveImport(callee);
    if (called?.module === 'superagent' && SUPERAGENT_REQUESTS.has(called.name)) return node;
    if (callee.type !== 'MemberExpression') return undefined;
    node = unwrap(callee.object);
  }
  return undefined;
}

/** `''`, `null`, `undefined`: no password sent. */
function isNothing(node: Node): boolean {
  const value = unwrap(node);
  return (value.type === 'Literal' && (value.value === '' || value.value === null)) || (value.type === 'Identifier' && value.name === 'undefined');
}
