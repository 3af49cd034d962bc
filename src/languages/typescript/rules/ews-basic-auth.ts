import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { AccountSource, RuleHit } from '../../../engine/rule';
import { ewsMessage, ewsTarget, hostOfUrl, type EwsTarget } from '../../shared/ews-sign-in';
import { isExchangeOnlineWebHost } from '../../shared/microsoft-endpoints';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { ancestorsOf, functionsAround, memberName, methodCalls, nodesOfType, parentOf, TYPE_ASSERTIONS, unwrap, type Node } from '../ast';
import { basicAuthRequest, requestUrls } from '../basic-auth-requests';
import { addTo } from '../lists-by-key';
import { bindingOf, sameBinding, within } from '../name-bindings';
import { userCredentials } from '../object-values';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { accountsOf } from '../signed-in-accounts';
import { staticString, stringShape } from '../static-value';
import { customTransports } from './ews-custom-transports';
import { onEveryPathOf, transportSettings } from './ews-transport-settings';
import type { Sender } from './ropc-http-senders';

const EWS_API = 'ews-javascript-api';
const EWS_AUTH = 'ews-javascript-api-auth';
const EWS_XHR = '@ewsjs/xhr';
const NODE_EWS = 'node-ews';
/** EWS's endpoint, `/EWS/Exchange.asmx`, which code that speaks its SOAP over plain HTTP posts to. */
const EWS_ENDPOINT = 'exchange.asmx';

/** Whether a URL's shape posts to EWS's endpoint: such a request with a user's password is this rule's, not ts-exchange-web-basic-auth's. */
export function isEwsEndpoint(url: string): boolean {
  return url.toLowerCase().includes(EWS_ENDPOINT);
}

/** Constructors that take a user's name and password, by module: (user, password, …). */
const PASSWORD_CONSTRUCTORS: Readonly<Record<string, readonly string[]>> = {
  [EWS_API]: ['WebCredentials', 'ExchangeCredentials'],
  // The NTLM and forms (cookie) transports of ews-javascript-api: ews-javascript-api-auth, renamed @ewsjs/xhr.
  [EWS_AUTH]: ['ntlmAuthXhrApi', 'cookieAuthXhrApi'],
  [EWS_XHR]: ['ntlmAuthXhrApi', 'cookieAuthXhrApi', 'NtlmProvider', 'CookieProvider'],
};

/** @ewsjs/xhr's XhrApi methods that sign its requests in with (user, password). */
const XHR_SIGN_INS = ['useNtlmAuthentication', 'useCookieAuthentication'];

/** One sign-in with a password: what makes it, the password it takes, and where it goes. */
interface EwsSignIn {
  node: Node;
  kind: string;
  /** Where the code shows it apart (not inside an encoded `Authorization` header). */
  password?: Node;
  /** node-ews names its server in the same object; the others are judged by the file's service URLs. */
  target?: EwsTarget;
  /** The user name it signs in as, where the code passes one apart. */
  user?: Node;
  /** An NTLM or cookie transport: it signs in for the services it is installed for, in place of their own credentials. */
  transport?: true;
  /** ews-javascript-api's credentials given to a service the file shows: the `service.Credentials = …` assignment. */
  givenTo?: ServiceAssignment;
}

export const ewsBasicAuthRule: TypeScriptRule = {
  meta: {
    id: 'ts-ews-basic-auth',
    title: 'EWS sign-in to Exchange Online with a username and password (ews-javascript-api, node-ews)',
    description:
      "ews-javascript-api's WebCredentials / ExchangeCredentials, its NTLM and cookie transports " +
      "(ews-javascript-api-auth, @ewsjs/xhr) or a transport of the code's own given a password, node-ews given a username and password, and a plain HTTP " +
      'request (fetch, axios, https.request, …) to EWS with an `Authorization: Basic` header or an `auth` option ' +
      "sign in to EWS with them; a transport and the credentials, for the same account, of a service it carries whenever they are given are one finding, at the transport. " +
      'Basic authentication in Exchange Online is off since 2022-10-01, it does not accept ' +
      'NTLM (legacy authentication) either, and a password ' +
      'cannot perform MFA. Reported as an error where the file shows an Exchange Online host, as a warning where it ' +
      'does not show the server; not reported for a server the file shows to be on-premises. Move the mailbox ' +
      'access to Microsoft Graph with a Secure Application Model token, or app-only.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'ews'],
    triggers: [EWS_API, NODE_EWS, EWS_XHR, EWS_ENDPOINT],
  },
  check(context) {
    return signInsWithReplaced(context, ewsSignIns(context)).flatMap(({ signIn: { node, kind, target }, replaced }): RuleHit[] =>
      target
        ? [
            {
              message: ewsMessage(kind, target),
              severity: 'online' in target ? undefined : 'warning',
              startOffset: node.range[0],
              endOffset: node.range[1],
              related: replaced.map((credential) => replacedRelated(context, credential)),
            },
          ]
        : [],
    );
  },
  passwordSinks(context) {
    return ewsSignIns(context).flatMap(({ password }) => (password ? [password] : []));
  },
};

function ewsSignIns(context: TypeScriptRuleContext): EwsSignIn[] {
  return context.once(findEwsSignIns);
}

function findEwsSignIns(context: TypeScriptRuleContext): EwsSignIn[] {
  const found: EwsSignIn[] = [];
  for (const made of nodesOfType(context.program, 'NewExpression')) {
    const target = context.facts.resolveImport(made.callee);
    if (!target) continue;
    if (target.module === NODE_EWS && (target.name === '*' || target.name === 'default')) {
      const signIn = nodeEwsSignIn(context, made);
      if (signIn) found.push(signIn);
    } else if (PASSWORD_CONSTRUCTORS[target.module]?.includes(target.name) && made.arguments.length >= 2) {
      found.push(passwordConstruction(context, made, target));
    }
  }
  if (context.facts.modules.has(EWS_XHR)) {
    for (const call of XHR_SIGN_INS.flatMap((name) => methodCalls(context.program, name))) {
      if (call.arguments.length < 2) continue;
      const [user, password] = call.arguments;
      found.push({ node: call, kind: `${EWS_XHR} ${memberName(call.callee)}`, user, password, target: serviceTarget(context, undefined, true), transport: true });
    }
  }
  if (context.facts.modules.has(EWS_API)) found.push(...customTransports(context, [EWS_API, EWS_AUTH, EWS_XHR]).map((made) => customTransportSignIn(context, made)));
  found.push(...httpSignIns(context));
  // A server the file shows to be on-premises is no sign-in to Microsoft's cloud: not even its password is this rule's.
  return found.filter((signIn) => signIn.target).sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** `new WebCredentials(user, password)` given to a service or not, or a transport's `new ntlmAuthXhrApi(user, password)`. */
function passwordConstruction(context: TypeScriptRuleContext, made: TSESTree.NewExpression, { module, name }: { module: string; name: string }): EwsSignIn {
  const [user, password] = made.arguments;
  const signIn = { node: made, kind: `${module} ${name}`, user, password };
  if (module !== EWS_API) return { ...signIn, target: serviceTarget(context, undefined, true), transport: true };
  const assignment = credentialAssignment(context, made);
  return { ...signIn, target: serviceTarget(context, assignment, false), givenTo: assignment };
}

/** A transport of the file's own given a user name and a password (see `customTransports`). */
function customTransportSignIn(context: TypeScriptRuleContext, made: TSESTree.NewExpression): EwsSignIn {
  const [user, password] = made.arguments;
  const kind = `${textOf(context, made.callee)}, a custom XHR API given the password`;
  return { node: made, kind, user, password, target: serviceTarget(context, undefined, true), transport: true };
}

/** A sign-in the rule reports, and the services' own credentials it signs in in place of. */
interface SignInWithReplaced {
  signIn: EwsSignIn;
  replaced: EwsSignIn[];
}

/**
 * An NTLM or cookie transport sends its own sign-in and drops the service's (ews-javascript-api wants
 * credentials set all the same): credentials given to a service for the same account, or a placeholder
 * (`new WebCredentials('blah', 'blah')`), are the transport's one sign-in, reported at the transport.
 * Another account's credentials, or ones handed to code the file does not show, are a sign-in of their own.
 */
function signInsWithReplaced(context: TypeScriptRuleContext, signIns: EwsSignIn[]): SignInWithReplaced[] {
  const transports = signIns.filter((signIn) => signIn.transport);
  const replacedBy = new Map<EwsSignIn, EwsSignIn[]>();
  const reported = signIns.filter((signIn) => {
    const transport = signIn.givenTo && transportFor(context, signIn, signIn.givenTo, transports);
    if (transport) addTo(replacedBy, transport, signIn);
    return !transport;
  });
  return reported.map((signIn) => ({ signIn, replaced: replacedBy.get(signIn) ?? [] }));
}

/**
 * The transport that signs in for a service's credentials: of those that carry the service, the first one
 * for the same account, or the first one where the credentials are a placeholder.
 */
function transportFor(context: TypeScriptRuleContext, credential: EwsSignIn, givenTo: ServiceAssignment, transports: EwsSignIn[]): EwsSignIn | undefined {
  const carrying = transports.filter((transport) => carries(context, transport.node, givenTo));
  return carrying.find((transport) => sameAccount(context, transport.user, credential.user)) ?? (placeholder(context, credential) ? carrying[0] : undefined);
}

/**
 * Whether a transport carries the service its credentials are given to, on every path that gives them: it
 * is installed for every service (`ConfigurationApi.ConfigureXHR`, the static `ExchangeService.XHRApi`)
 * or for that service object (`service.XHRApi = …`), and neither it nor where it is installed lies in a
 * branch (if, `?:`, `&&`, switch, catch) that the credentials' assignment is outside of, nor in a function
 * the file calls only from such a branch.
 */
function carries(context: TypeScriptRuleContext, transport: Node, givenTo: ServiceAssignment): boolean {
  return transportSettings(context, transport).some(
    (setting) =>
      (!setting.service || sameService(context, setting.service, givenTo.left.object)) &&
      [transport, setting.node, ...setting.via].every((step) => onEveryPathOf(context, step, givenTo)),
  );
}

/**
 * Whether two user names are the same account as far as the file tells: the same literal, or the same
 * code read from the same variables (`process.env.EWS_USER` twice, one variable, one function's parameter;
 * not two functions' parameters of one name).
 */
function sameAccount(context: TypeScriptRuleContext, a: Node | undefined, b: Node | undefined): boolean {
  if (a && b && sameParameter(context, unwrap(a), unwrap(b))) return true;
  const known = (user: Node | undefined) => accountsOf(context, user)?.filter((account) => !account.unfinished) ?? [];
  const [ofA, ofB] = [known(a), known(b)];
  const alike = (one: AccountSource, other: AccountSource) => one.key === other.key && sameRoot(context, one.offset, other.offset);
  return ofA.length > 0 && ofA.length === ofB.length && ofA.every((one) => ofB.some((other) => alike(one, other)));
}

/** The same parameter of the same function, which the function does not assign: what its caller passed, whatever that is. */
function sameParameter(context: TypeScriptRuleContext, a: Node, b: Node): boolean {
  if (a.type !== 'Identifier' || b.type !== 'Identifier' || a.name !== b.name) return false;
  const binding = bindingOf(context, a);
  const reassigned = binding.kind === 'passed-in' && binding.fn && (context.facts.assignments.get(a.name) ?? []).some((value) => within(value, binding.fn!));
  return binding.kind === 'passed-in' && !!binding.fn && !reassigned && sameBinding(binding, bindingOf(context, b));
}

/**
 * Whether the values written at two places start with the same variable (`o` of `o.user`), or with `this` of
 * the same class (object, function), or either starts with neither (a literal).
 */
function sameRoot(context: TypeScriptRuleContext, one: number, other: number): boolean {
  const at = <T extends 'Identifier' | 'ThisExpression'>(type: T, offset: number) => nodesOfType(context.program, type).find((node) => node.range[0] === offset);
  const [thisX, thisY] = [at('ThisExpression', one), at('ThisExpression', other)];
  if (thisX || thisY) return !!thisX && !!thisY && thisOwner(context, thisX) === thisOwner(context, thisY);
  const [x, y] = [at('Identifier', one), at('Identifier', other)];
  return !x || !y || sameBinding(bindingOf(context, x), bindingOf(context, y));
}

/** What `this` is at a place: the class around it, the object literal whose method it is in, or the function it is in (arrow functions see through). */
function thisOwner(context: TypeScriptRuleContext, node: Node): Node {
  const around = ancestorsOf(context.program, node);
  for (let i = around.length - 1; i >= 0; i--) {
    const [scope, parent] = [around[i], around[i - 1]];
    if (scope.type === 'ClassBody') return scope;
    if (scope.type !== 'FunctionDeclaration' && scope.type !== 'FunctionExpression') continue;
    if (parent?.type === 'Property' && around[i - 2]?.type === 'ObjectExpression') return around[i - 2];
    if (parent?.type !== 'MethodDefinition') return scope;
  }
  return context.program;
}

/** Credentials with a placeholder password, such as ews-javascript-api-auth's README has a service given beside its transport. */
function placeholder(context: TypeScriptRuleContext, credential: EwsSignIn): boolean {
  const password = credential.password && staticString(credential.password, context.facts);
  return password !== undefined && isPlaceholderSecret(password);
}

function replacedRelated(context: TypeScriptRuleContext, credential: EwsSignIn): NonNullable<RuleHit['related']>[number] {
  const what = placeholder(context, credential) ? 'placeholder credentials' : 'credentials for the same account';
  const message = `the service is given ${what} here (${credential.kind}); the transport signs in instead`;
  return { message, startOffset: credential.node.range[0], endOffset: credential.node.range[1] };
}

/**
 * EWS's SOAP posted over plain HTTP to an Exchange Online host's Exchange.asmx, with the user's name and
 * password: an `Authorization: Basic …` header, or the client's own `auth` option (axios's and request's
 * `{ username, password }`, https.request's `'user:pass'`), which it sends as that header. Only a host
 * the file shows is judged: another host (on-premises Exchange) still takes basic authentication.
 */
function httpSignIns(context: TypeScriptRuleContext): EwsSignIn[] {
  if (!context.text.toLowerCase().includes(EWS_ENDPOINT)) return [];
  return nodesOfType(context.program, 'CallExpression').flatMap((call): EwsSignIn[] => {
    const basic = basicAuthRequest(context, call);
    if (!basic) return [];
    const online = ewsUrls(context, call, basic.sender).map(hostOfUrl).find((host) => host !== undefined && isExchangeOnlineWebHost(host));
    return online ? [{ node: call, kind: `${basic.sender.api} with ${basic.how}`, password: basic.password, target: { online } }] : [];
  });
}

/** The URLs a call posts to, as far as the file shows them (unknown parts `\u0000`), that are EWS's endpoint. */
function ewsUrls(context: TypeScriptRuleContext, call: TSESTree.CallExpression, sender: Sender): string[] {
  const urls = requestUrls(context, call, sender, (node) => [stringShape(node, context.facts) ?? '\u0000']);
  return urls.filter(isEwsEndpoint);
}

/**
 * `new EWS({ username, password, host, auth })`: NTLM unless `auth` says basic; a `bearer` one takes a
 * token instead. node-ews 1 and 2 took them one by one: `new EWS(username, password, host, options)`.
 */
function nodeEwsSignIn(context: TypeScriptRuleContext, made: TSESTree.NewExpression): EwsSignIn | undefined {
  const [config, password, positionalHost] = made.arguments;
  const credentials = config && userCredentials(context, config);
  if (!credentials) {
    if (!positionalHost || [config, password, positionalHost].some((argument) => argument.type === 'SpreadElement' || argument.type === 'ObjectExpression')) return undefined;
    return { node: made, kind: `${NODE_EWS} with NTLM`, password, target: ewsTarget([nodeEwsHost(context, positionalHost)], () => false) };
  }
  const auth = credentials.keys.get('auth');
  const scheme = auth ? stringShape(auth, context.facts)?.toLowerCase() : 'ntlm';
  if (scheme === 'bearer') return undefined;
  const host = credentials.keys.get('host');
  const kind = `${NODE_EWS} with ${scheme === 'basic' ? 'basic authentication' : scheme === 'ntlm' ? 'NTLM' : 'NTLM or basic authentication'}`;
  return { node: made, kind, password: credentials.password, target: ewsTarget([host && nodeEwsHost(context, host)], () => false) };
}

/** node-ews's `host`, a URL, also written without its scheme (`outlook.office365.com`). */
function nodeEwsHost(context: TypeScriptRuleContext, host: Node): string | undefined {
  const shape = stringShape(host, context.facts);
  return hostOfUrl(shape === undefined || /^\s*https?:/i.test(shape) ? shape : `https://${shape.trim()}`);
}

/**
 * Where the service given the credential connects: the hosts of its `service.Url = …` (a string or
 * `new Uri(…)`) and whether it asks Autodiscover. The service is the object of the credential's
 * `service.Credentials = …` assignment: a function's own variable is read in
 * that function, `this.service` in its class, a module's variable anywhere. A transport carries every
 * service of the file; a credential given to no service the file shows is judged by them too, but is
 * no error: the file does not show where it goes.
 */
function serviceTarget(context: TypeScriptRuleContext, assignment: ServiceAssignment | undefined, transport: boolean): EwsTarget | undefined {
  const { urls, discovers } = context.once(readServiceUses);
  if (!assignment) {
    const target = ewsTarget(urls.map((url) => url.host()), () => discovers.length > 0);
    return target && 'online' in target && !transport ? { unknown: 'a server the file does not show' } : target;
  }
  const ofService = (use: ServiceUse) => sameService(context, use.object, assignment.left.object);
  return ewsTarget(urls.filter(ofService).map((url) => url.host()), () => discovers.some(ofService));
}

/** Whether two places name the same service object: the same code (`service`, `this.service`) meaning the same variable. */
function sameService(context: TypeScriptRuleContext, one: Node, other: Node): boolean {
  return textOf(context, one) === textOf(context, other) && serviceScope(context, one) === serviceScope(context, other);
}

/** Which variable a service's name means at a place: the class of `this.service`, the function that declares a variable, or the module's. */
function serviceScope(context: TypeScriptRuleContext, object: Node): Node {
  const root = rootOf(object);
  if (root.type === 'ThisExpression') return ancestorsOf(context.program, object).filter((a) => a.type === 'ClassBody').at(-1) ?? context.program;
  if (root.type !== 'Identifier') return context.program;
  const binding = bindingOf(context, root);
  // A loop's or a catch's binding (passed in, without a function) is read where it is used: in the function around it.
  if (binding.kind === 'passed-in') return binding.fn ?? functionsAround(context.program, object).at(-1) ?? context.program;
  return binding.kind === 'declared' ? binding.fn : context.program;
}

/** `this` of `this.a.b`, `x` of `x.service`. */
function rootOf(node: Node): Node {
  return node.type === 'MemberExpression' ? rootOf(node.object) : node;
}

/** A `service.Url = …` assignment or a `service.AutodiscoverUrl(…)` call, the object, and its text. */
interface ServiceUse {
  node: Node;
  object: Node;
  service: string;
}

/** The file's `.Url = …` and `.AutodiscoverUrl(…)`, read once per file (each sign-in asks). */
function readServiceUses(context: TypeScriptRuleContext): { urls: (ServiceUse & { host(): string | undefined })[]; discovers: ServiceUse[] } {
  const urls = nodesOfType(context.program, 'AssignmentExpression')
    .filter((a): a is ServiceAssignment => a.left.type === 'MemberExpression' && memberName(a.left) === 'Url')
    .map((node) => {
      let host: string | undefined | null = null;
      const read = () => hostOfUrl(stringShape(uriArgument(context, node.right), context.facts));
      return { node, object: node.left.object, service: textOf(context, node.left.object), host: () => (host === null ? (host = read()) : host) };
    });
  const discovers = methodCalls(context.program, 'AutodiscoverUrl').map((node) => ({ node, object: node.callee.object, service: textOf(context, node.callee.object) }));
  return { urls, discovers };
}

type ServiceAssignment = TSESTree.AssignmentExpression & { left: TSESTree.MemberExpression };

/** `service.Credentials = <credential>`, or `service.Credentials = creds` after `const creds = <credential>`. */
function credentialAssignment(context: TypeScriptRuleContext, made: Node): ServiceAssignment | undefined {
  const credential = chosenValue(context, made);
  const parent = parentOf(context.program, credential);
  const isCredentials = (node: Node | undefined): node is ServiceAssignment =>
    node?.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && memberName(node.left) === 'Credentials';
  if (isCredentials(parent) && parent.right === credential) return parent;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  const name = parent.id.name;
  return nodesOfType(context.program, 'AssignmentExpression').find(
    (a): a is ServiceAssignment => isCredentials(a) && unwrap(a.right).type === 'Identifier' && (unwrap(a.right) as TSESTree.Identifier).name === name,
  );
}

/** The value a credential is one choice of (`useApp ? new OAuthCredentials(t) : new WebCredentials(u, p)`, `a || b`, a cast): the credential itself where none. */
function chosenValue(context: TypeScriptRuleContext, credential: Node): Node {
  let value = credential;
  for (let parent = parentOf(context.program, value); parent && CHOICES.has(parent.type); parent = parentOf(context.program, value)) {
    if (parent.type === 'ConditionalExpression' && parent.test === value) break;
    value = parent;
  }
  return value;
}

const CHOICES = new Set(['ConditionalExpression', 'LogicalExpression', ...TYPE_ASSERTIONS]);

function textOf(context: TypeScriptRuleContext, node: Node): string {
  return context.text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
}

/** `new Uri(url)` (ews-javascript-api's, however imported) stands for its argument. */
function uriArgument(context: TypeScriptRuleContext, value: Node): Node {
  const inner = unwrap(value);
  if (inner.type !== 'NewExpression' || !inner.arguments[0]) return inner;
  const target = context.facts.resolveImport(inner.callee);
  return target?.module === EWS_API && target.name === 'Uri' ? inner.arguments[0] : inner;
}
