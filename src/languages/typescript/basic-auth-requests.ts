/**
 * HTTP requests that sign in with a user's name and password as basic authentication: an
 * `Authorization: Basic …` header, or a client's own `auth` option, which it sends as that header.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, isGlobalObject, memberName, methodCalls, propertyKeyName, unwrap, type Node } from './ast';
import { bindingOf, sameBinding } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';
import { BODILESS_SENDERS, GLOBAL, HEADERS_CLASS, listedSender, type ArgumentSite, type Sender } from './rules/ropc-http-senders';
import { objectLiteral, propertyThroughSpreads, stringShape } from './static-value';

/** How a request sends the user's name and password: in words for messages, the password where the code passes it apart, and the value that carries them. */
export interface BasicCredentials {
  how: string;
  password?: Node;
  carrier: Node;
}

/** A call of a known HTTP client that signs in with basic authentication. */
export interface BasicAuthRequest extends BasicCredentials {
  sender: Sender;
}

const BASIC_SCHEME = /^\s*basic\s/i;

export function basicAuthRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): BasicAuthRequest | undefined {
  const sender = senderOf(context, call);
  const basic = sender && optionObjects(context, call, sender).map((options) => basicCredentials(context, options)).find(Boolean);
  return sender && basic ? { sender, ...basic } : undefined;
}

/** The HTTP client a call is, when it is a module's export or a global (`fetch`) the senders' tables know. */
function senderOf(context: TypeScriptRuleContext, call: TSESTree.CallExpression): Sender | undefined {
  const callee = unwrap(call.callee);
  const called = context.facts.resolveImport(callee) ?? globalCalled(context, callee);
  return called && (listedSender(called) ?? BODILESS_SENDERS.find((sender) => sender.modules.includes(called.module) && sender.exports.includes(called.name)));
}

/** A global the file uses: `fetch(…)` with no `fetch` of its own, `globalThis.fetch(…)`, `new Headers()`. */
function globalCalled(context: TypeScriptRuleContext, callee: Node): { module: string; name: string } | undefined {
  if (callee.type === 'Identifier') {
    const own = context.facts.imports.has(callee.name) || context.facts.assignments.has(callee.name);
    return own ? undefined : { module: GLOBAL, name: callee.name };
  }
  const name = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  const onGlobal = callee.type === 'MemberExpression' && isGlobalObject(callee.object);
  return name && onGlobal ? { module: GLOBAL, name } : undefined;
}

/** The options objects a call takes: the arguments whose properties the client reads (its URL, base or body, there). */
function optionObjects(context: TypeScriptRuleContext, call: TSESTree.CallExpression, sender: Sender): TSESTree.ObjectExpression[] {
  const sites: ArgumentSite[] = [...sender.url, ...(sender.base ?? []), ...sender.body];
  const positions = new Set(sites.filter((site) => site.property || site.hostAndPath).map((site) => site.argument));
  return [...positions].flatMap((position) => {
    const argument = call.arguments[position];
    const options = argument && argument.type !== 'SpreadElement' ? objectLiteral(argument, context.facts) : undefined;
    return options ? [options] : [];
  });
}

/** How a client's options object sends a user's name and password as basic authentication, if it does. */
export function basicCredentials(context: TypeScriptRuleContext, options: TSESTree.ObjectExpression): BasicCredentials | undefined {
  const header = basicAuthorizationHeader(context, options);
  if (header) return { how: 'an Authorization: Basic header', carrier: header };
  const auth = propertyThroughSpreads(options, 'auth', context.facts)?.value;
  if (!auth) return undefined;
  const authObject = objectLiteral(auth, context.facts);
  if (!authObject) return stringShape(auth, context.facts)?.includes(':') ? { how: "an auth option ('user:password'), sent as a Basic header", carrier: auth } : undefined;
  const password = findProperty(authObject, 'password') ?? findProperty(authObject, 'pass');
  return password ? { how: 'an auth option, sent as a Basic header', password: password.value, carrier: auth } : undefined;
}

/** The value of the `Authorization` header of the Basic scheme that an options object's `headers` give, if they give one. */
export function basicAuthorizationHeader(context: TypeScriptRuleContext, options: TSESTree.ObjectExpression): Node | undefined {
  const headers = propertyThroughSpreads(options, 'headers', context.facts)?.value;
  return headers && authorizationValues(context, headers).find((value) => isBasicHeader(context, value));
}

/** Whether a header's value, as the file shows it, is of the Basic scheme (`'Basic ' + btoa(user + ':' + password)`). */
export function isBasicHeader(context: TypeScriptRuleContext, value: Node): boolean {
  return BASIC_SCHEME.test(stringShape(value, context.facts) ?? '');
}

/** Whether a header's name, as the file shows it, is `Authorization` (any case). */
export function isAuthorizationName(context: TypeScriptRuleContext, name: Node): boolean {
  return stringShape(name, context.facts)?.toLowerCase() === 'authorization';
}

/**
 * The values a request's headers give `Authorization`: an object literal's (directly or through a
 * variable), or a `Headers` object's, made with one (`new Headers({ … })`) or given it by `.append` or
 * `.set` on the variable that holds it.
 */
function authorizationValues(context: TypeScriptRuleContext, headers: Node): Node[] {
  return context.facts.valuesOf(headers).flatMap((value): Node[] => {
    if (value.type === 'ObjectExpression') return authorizationProperties(value);
    if (value.type !== 'NewExpression' || !isHeadersClass(context, value.callee)) return [];
    const init = value.arguments[0] && value.arguments[0].type !== 'SpreadElement' ? objectLiteral(value.arguments[0], context.facts) : undefined;
    return [...(init ? authorizationProperties(init) : []), ...appendedAuthorization(context, headers)];
  });
}

function authorizationProperties(headers: TSESTree.ObjectExpression): Node[] {
  return headers.properties.flatMap((p) => (p.type === 'Property' && propertyKeyName(p)?.toLowerCase() === 'authorization' ? [p.value] : []));
}

function isHeadersClass(context: TypeScriptRuleContext, callee: Node): boolean {
  const made = context.facts.resolveImport(callee) ?? globalCalled(context, callee);
  return made?.name === HEADERS_CLASS.name && (HEADERS_CLASS.modules as readonly string[]).includes(made.module);
}

/** `headers.append('Authorization', value)` or `.set(…)` on the variable the request's `headers` names. */
function appendedAuthorization(context: TypeScriptRuleContext, headers: Node): Node[] {
  const holder = unwrap(headers);
  if (holder.type !== 'Identifier') return [];
  const binding = bindingOf(context, holder);
  return ['append', 'set'].flatMap((method) =>
    methodCalls(context.program, method).flatMap((call): Node[] => {
      const [name, value] = call.arguments;
      const receiver = unwrap(call.callee.object);
      const same = receiver.type === 'Identifier' && receiver.name === holder.name && sameBinding(bindingOf(context, receiver), binding);
      return same && name && value && value.type !== 'SpreadElement' && isAuthorizationName(context, name) ? [value] : [];
    }),
  );
}

/**
 * The URLs a call sends to, as far as the file shows them (unknown parts `\u0000`): at each place the
 * client takes one, its shapes as `shapesOf` reads them (none for a place the call leaves empty).
 */
export function requestUrls(context: TypeScriptRuleContext, call: TSESTree.CallExpression, sender: Sender, shapesOf: (node: Node) => string[]): string[] {
  const first = (node: Node | undefined): string => (node ? shapesOf(node)[0] ?? '\u0000' : '');
  return sender.url.flatMap((site): string[] => {
    const argument = call.arguments[site.argument];
    if (!argument || argument.type === 'SpreadElement') return [];
    if (!site.property && !site.hostAndPath) return shapesOf(argument);
    const options = objectLiteral(argument, context.facts);
    if (!options) return [];
    const url = site.property && propertyThroughSpreads(options, site.property, context.facts)?.value;
    if (site.property) return url ? shapesOf(url) : [''];
    const host = propertyThroughSpreads(options, 'hostname', context.facts) ?? propertyThroughSpreads(options, 'host', context.facts);
    return host ? [`https://${first(host.value)}${first(propertyThroughSpreads(options, 'path', context.facts)?.value)}`] : [];
  });
}
