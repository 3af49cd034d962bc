import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { memberName, methodCalls, nodesOfType, parentOf, propertyKeyName, type Node } from '../ast';
import { resolvedValuesInScope, valuesInScope } from '../name-bindings';
import { lastProperty, ObjectValues, onlyReadsMembers, userCredentials } from '../object-values';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { planSecureAppModelCredential, SAM_CREDENTIAL } from '../sam-helper';
import { propertyOrUnshownSpread, stringShape } from '../static-value';

/** SharePoint Online of every cloud, as node-sp-auth tells it: the host contains one of these. */
const SHAREPOINT_ONLINE = /\.sharepoint(?:-mil)?\.(?:com|us|cn|de)(?:\.|$)/i;
/** Credential properties that point a user sign-in at an on-premises farm: NTLM's domain, forms, TMG, ADFS. */
const ON_PREMISES_KEYS = ['domain', 'workstation', 'fba', 'tmg', 'relyingParty', 'adfsUrl'];
const UNKNOWN = '\u0000';
const MAX_ALIASES = 8;

/** A library call that takes node-sp-auth's credentials, and where it takes them and the site URL. */
interface SignInApi {
  module: string;
  name: string;
  /** The argument count this form has, where the library has had two forms. */
  arity?: number;
  credentials: number;
  /** The property of that argument that holds them, where they may be there rather than on the argument itself. */
  credentialsProperty?: string;
  /** A class the credentials are given to with `new`, rather than a function. */
  constructed?: boolean;
  /** The site URL: an argument, or a property of an argument (or the keys leading to it). */
  url?: { argument: number; property?: string | readonly string[] };
  /** Only node-sp-auth's own getAuth resolves to request headers, which a token can stand in for. */
  fixable: boolean;
  /** Why no fix is offered, where the library takes other credentials than node-sp-auth's. */
  noFix?: string;
}

const SIGN_IN_APIS: readonly SignInApi[] = [
  { module: 'node-sp-auth', name: 'getAuth', credentials: 1, url: { argument: 0 }, fixable: true },
  { module: 'spsave', name: 'spsave', credentials: 1, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  // spsave 1.x was the module itself, called with one object: the site, the credentials and the file.
  { module: 'spsave', name: 'default', credentials: 0, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  // gulp-spsave 1.x took one object: the site, the credentials and the folder together.
  { module: 'gulp-spsave', name: 'default', arity: 1, credentials: 0, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  { module: 'gulp-spsave', name: 'default', credentials: 1, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  { module: 'sp-request', name: 'create', credentials: 0, fixable: false },
  // gulp-spsync-creds (SPFx app-catalog uploads) takes the site and the credentials in one object.
  {
    module: 'gulp-spsync-creds',
    name: 'sync',
    credentials: 0,
    url: { argument: 0, property: 'site' },
    fixable: false,
    noFix: 'gulp-spsync-creds signs in with the username and password it is given, and takes no token',
  },
  // pnp-auth sets PnPjs up with node-sp-auth's credentials for the site, or makes its fetch client of them.
  { module: 'pnp-auth', name: 'bootstrap', credentials: 1, url: { argument: 2 }, fixable: false },
  { module: 'pnp-auth', name: 'NodeFetchClient', constructed: true, credentials: 0, url: { argument: 1 }, fixable: false },
  { module: 'pnp-auth/lib/NodeFetchClient', name: 'default', constructed: true, credentials: 0, url: { argument: 1 }, fixable: false },
  // node-pnp-js, the same fetch client for sp-pnp-js (PnPjs before @pnp/sp), exports it as its default.
  { module: 'node-pnp-js', name: 'default', constructed: true, credentials: 0, url: { argument: 1 }, fixable: false },
  // sp-pnp-node sets PnPjs up with node-sp-auth's credentials, given as `authOptions`.
  { module: 'sp-pnp-node', name: 'PnpNode', constructed: true, credentials: 0, credentialsProperty: 'authOptions', url: { argument: 0, property: 'siteUrl' }, fixable: false },
  // node-sp-auth-config makes node-sp-auth's context (headless, without its wizard) of `authOptions`: the site and the credentials.
  {
    module: 'node-sp-auth-config',
    name: 'AuthConfig',
    constructed: true,
    credentials: 0,
    credentialsProperty: 'authOptions',
    url: { argument: 0, property: ['authOptions', 'siteUrl'] },
    fixable: false,
  },
  // sppull downloads a library's files; its context holds node-sp-auth's credentials (as `creds` since 2.x).
  ...['sppull', 'download'].map((name) => ({ module: 'sppull', name, credentials: 0, credentialsProperty: 'creds', url: { argument: 0, property: 'siteUrl' }, fixable: false })),
];

/** csom-node's `new AuthenticationContext(site).acquireTokenForUser(user, password, callback)`. */
const CSOM_NODE: SignInApi = {
  module: 'csom-node',
  name: 'acquireTokenForUser',
  credentials: 1,
  fixable: false,
  noFix: "csom-node's AuthenticationContext signs in with a password or SharePoint's ACS app-only (retired on 2026-04-02), nothing else",
};

type SignIn = TSESTree.CallExpression | TSESTree.NewExpression;

export const sharePointUserCredentialsRule: TypeScriptRule = {
  meta: {
    id: 'ts-sharepoint-user-credentials',
    title: 'SharePoint Online sign-in with a username and password (node-sp-auth, spsave, sp-request, pnp-auth, node-pnp-js, csom-node)',
    description:
      "node-sp-auth's getAuth, node-sp-auth-config, spsave, gulp-spsave, gulp-spsync-creds, sp-request, pnp-auth and node-pnp-js given a user's username and password, and " +
      "csom-node's acquireTokenForUser, sign in to " +
      'SharePoint Online with them, which cannot perform multi-factor authentication. Send a bearer token from the ' +
      'Secure Application Model instead.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'credential', 'sharepoint'],
    triggers: ['node-sp-auth', 'spsave', 'sp-request', 'pnp-auth', 'node-pnp-js', 'sp-pnp-node', 'sppull', 'spsync-creds', 'acquiretokenforuser', 'connectwithusercredentials'],
  },
  check(context) {
    return userSignIns(context).map((signIn): RuleHit => {
      const withheld = signIn.api.fixable ? whyNoFix(context, signIn) : undefined;
      const fixes = signIn.api.fixable && !withheld ? tokenFix(context, signIn) : [];
      return {
        message: message(signIn, fixes.length > 0, withheld),
        startOffset: signIn.call.range[0],
        endOffset: signIn.call.range[1],
        fixes,
      };
    });
  },
  passwordSinks(context) {
    return userSignIns(context).map(({ password }) => password);
  },
};

function message({ api, site, declaredOnline }: UserSignIn, fixed: boolean, withheld: string | undefined): string {
  const caller = api.module === 'node-sp-auth' ? 'node-sp-auth getAuth' : api.module;
  const where = site === 'unknown' && !declaredOnline ? 'the site (SharePoint Online unless it is a farm: this file does not show which)' : 'SharePoint Online';
  const why =
    `${caller} signs in to ${where} with a username and password, traded for a security token without a browser: that ` +
    'cannot perform multi-factor authentication, so the sign-in fails once MFA applies to the account, and Microsoft ' +
    'requires MFA for every user of a partner tenant, service accounts included.';
  if (fixed) {
    return (
      `${why} The fix gets the request headers from a Secure Application Model token for the site instead ` +
      "(`Authorization: Bearer …` where node-sp-auth gave cookies; the partner app needs SharePoint's delegated permissions)." +
      (site === 'online' ? '' : ` Fix-all leaves this to you: ${SITE_NOT_SHOWN[site]}.`)
    );
  }
  const reason =
    withheld ??
    api.noFix ??
    `${caller} takes node-sp-auth credentials only, and of those only a password or SharePoint's ACS app-only (retired on 2026-04-02) work unattended`;
  return (
    `${why} No fix is offered: ${reason}. Call SharePoint's REST API (or Microsoft Graph) with an \`Authorization: Bearer\` ` +
    'token from the Secure Application Model, or app-only with a certificate.'
  );
}

/** Why the token fix of a site the file does not show to be SharePoint Online's is not applied unattended. */
const SITE_NOT_SHOWN = {
  declared: "the credentials say `online: true`, but the site's address is not SharePoint Online's (a custom domain, or a farm's)",
  unknown: "the file does not show the site's address, and a farm's site takes no Entra ID token",
};

interface UserSignIn {
  call: SignIn;
  api: SignInApi;
  password: Node;
  /**
   * `online`: the file names a SharePoint Online site; `declared`: the credentials say `online: true`
   * of a site whose address the file shows is not SharePoint Online's; `unknown`: the file does not show the site.
   */
  site: 'online' | 'declared' | 'unknown';
  /** The credentials say `online: true`. */
  declaredOnline: boolean;
}

/** The calls that hand a username and password to a SharePoint Online sign-in (or to a site the file does not name). */
function userSignIns(context: TypeScriptRuleContext): UserSignIn[] {
  return context.once(findUserSignIns);
}

function findUserSignIns(context: TypeScriptRuleContext): UserSignIn[] {
  const found: UserSignIn[] = [];
  for (const call of [...nodesOfType(context.program, 'CallExpression'), ...nodesOfType(context.program, 'NewExpression')]) {
    const api = signInApi(context, call);
    const credentials = api && credentialsOf(context, call, api);
    if (!api || !credentials) continue;
    // node-sp-auth takes `online: true` at its word, whatever the site or the domain.
    const declaredOnline = saysTrue(context, credentials.keys.get('online'));
    const online = sharePointOnline(siteUrl(context, call, api));
    const onPremisesKey = ON_PREMISES_KEYS.some((key) => credentials.keys.has(key) && !saysNothing(context, credentials.keys.get(key)));
    if (!declaredOnline && (online === false || (online === undefined && onPremisesKey))) continue;
    const site = online ? 'online' : online === false ? 'declared' : 'unknown';
    found.push({ call, api, password: credentials.password, site, declaredOnline });
  }
  return [...found, ...csomNodeSignIns(context)];
}

/** The username and password the call is given, on its credentials argument or the property of it that holds them. */
function credentialsOf(context: TypeScriptRuleContext, call: SignIn, api: SignInApi): ReturnType<typeof userCredentials> {
  const argument = call.arguments[api.credentials];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  const held = api.credentialsProperty ? optionValues(context, argument, api.credentialsProperty) : [];
  return (held.length === 1 && held[0] ? userCredentials(context, held[0]) : undefined) ?? userCredentials(context, argument);
}

/**
 * csom-node's sign-ins: `acquireTokenForUser(user, password, …)` on an AuthenticationContext, which
 * csom-node makes a global once it is loaded (possibly by another file), and
 * `SP.ClientContext.connectWithUserCredentials(user, password)`, which calls it. The site is the
 * context's, else the one given to csom-node's loader. A site the file shows is no farm's; one it does
 * not show is SharePoint Online's unless it is a farm.
 */
function csomNodeSignIns(context: TypeScriptRuleContext): UserSignIn[] {
  const withContext = methodCalls(context.program, 'acquireTokenForUser').flatMap((call) => {
    const made = authenticationContextsOf(context, call.callee.object);
    if (!made) return [];
    const site = made.length === 1 && made[0].arguments[0] ? knownSite(context, made[0].arguments[0]) : undefined;
    return [{ call, site }];
  });
  const loads = context.facts.modules.has('csom-node');
  const connects = methodCalls(context.program, 'connectWithUserCredentials')
    .filter((call) => loads || context.text.slice(call.callee.object.range[0], call.callee.object.range[1]) === 'SP.ClientContext')
    .map((call) => ({ call, site: undefined }));
  return [...withContext, ...connects].flatMap(({ call, site }): UserSignIn[] => {
    const password = call.arguments[1];
    const online = sharePointOnline(site ?? loaderSite(context));
    if (!password || password.type === 'SpreadElement' || online === false) return [];
    return [{ call, api: CSOM_NODE, password, site: online ? 'online' : 'unknown', declaredOnline: false }];
  });
}

/** The site csom-node's loader is given (`setLoaderOptions({ url })`), where the file shows one. */
function loaderSite(context: TypeScriptRuleContext): string | undefined {
  const sites = methodCalls(context.program, 'setLoaderOptions').flatMap((call) => {
    const options = call.arguments[0];
    const urls = options && options.type !== 'SpreadElement' ? optionValues(context, options, 'url') : [];
    return urls.map((url) => (url ? knownSite(context, url) : undefined));
  });
  return sites.length === 1 ? sites[0] : undefined;
}

/**
 * The `new AuthenticationContext(site)` a receiver holds; none known (a parameter) where the file loads
 * csom-node; undefined where it is not csom-node's (or the file neither loads csom-node nor makes one).
 */
function authenticationContextsOf(context: TypeScriptRuleContext, receiver: Node): TSESTree.NewExpression[] | undefined {
  const values = receiver.type === 'Identifier' ? valuesInScope(context, receiver).filter((value) => value !== receiver) : [];
  const made = values.filter((value): value is TSESTree.NewExpression => value.type === 'NewExpression' && isAuthenticationContext(context, value.callee));
  if (made.length > 0 && made.length === values.length) return made;
  return values.length === 0 && context.facts.modules.has('csom-node') ? [] : undefined;
}

function isAuthenticationContext(context: TypeScriptRuleContext, callee: Node): boolean {
  const imported = context.facts.resolveImport(callee);
  if (imported) return imported.module === 'csom-node' && imported.name === 'AuthenticationContext';
  // csom-node's global, not a class of the file's own.
  return callee.type === 'Identifier' && callee.name === 'AuthenticationContext' && !context.facts.classes.has(callee.name);
}

/** An empty value (`domain: ''`, spsave's README template for SharePoint Online), or none: no farm's setting. */
function saysNothing(context: TypeScriptRuleContext, setting: Node | undefined): boolean {
  return everyValue(context, setting, (value) => (value.type === 'Literal' && (value.value === '' || value.value === null || value.value === false)) || (value.type === 'Identifier' && value.name === 'undefined'));
}

/** Whether a flag is `true` as the file writes it (directly or through the one value a name holds). */
function saysTrue(context: TypeScriptRuleContext, flag: Node | undefined): boolean {
  return everyValue(context, flag, (value) => value.type === 'Literal' && value.value === true);
}

/** Whether the file shows what `setting` holds, and each value it may hold is one `is` accepts. */
function everyValue(context: TypeScriptRuleContext, setting: Node | undefined, is: (value: Node) => boolean): boolean {
  const values = setting ? resolvedValuesInScope(context, setting) : [];
  return values.length > 0 && values.every(is);
}

function signInApi(context: TypeScriptRuleContext, call: SignIn): SignInApi | undefined {
  const target = context.facts.resolveImport(call.callee);
  if (!target) return undefined;
  // `require('gulp-spsave')` denotes the function itself.
  const name = target.name === '*' ? 'default' : target.name;
  const module = packageOf(target.module);
  const constructed = call.type === 'NewExpression';
  return SIGN_IN_APIS.find(
    (api) => api.module === module && api.name === name && !!api.constructed === constructed && (api.arity === undefined || api.arity === call.arguments.length),
  );
}

/** The package a module path names: itself, or for a copy kept in the project (`./gulp-spsave/index`), the folder or file it is. */
function packageOf(module: string): string {
  if (!/^\.{0,2}\//.test(module)) return module;
  return module.replace(/(?:\/index)?(?:\.[cm]?[jt]s)?$/, '').split('/').pop() ?? module;
}

/** The site URL as far as the file shows it (unknown parts as `\u0000`), or undefined. */
function siteUrl(context: TypeScriptRuleContext, call: SignIn, api: SignInApi): string | undefined {
  if (!api.url) return requestedSite(context, call);
  let node: Node | undefined = call.arguments[api.url.argument];
  for (const property of [api.url.property ?? []].flat()) {
    const values: (Node | undefined)[] = node && node.type !== 'SpreadElement' ? optionValues(context, node, property) : [];
    node = values.length === 1 ? values[0] : undefined;
  }
  return node && node.type !== 'SpreadElement' ? knownSite(context, node) : undefined;
}

/**
 * A property of the options objects an argument may be, where the file shows them all (undefined where one
 * lacks it), also one a spread of settings the file shows brings in (`{ ...coreOptions, folder }`).
 */
function optionValues(context: TypeScriptRuleContext, options: Node, property: string): (Node | undefined)[] {
  const objects = new ObjectValues(context);
  const valueIn = (object: Node) => (spreadsSettled(context, object) ? propertyOrUnshownSpread(object as TSESTree.ObjectExpression, property, context.facts) : lastProperty(object, property));
  return objects.mayHoldOther(options) ? [] : objects.of(options).map(valueIn);
}

/**
 * An object literal whose spreads are settings the file only reads (`{ ...coreOptions }`, see `onlyReadsMembers`),
 * also as the options of a sign-in (`save(coreOptions, creds, …)`).
 */
function spreadsSettled(context: TypeScriptRuleContext, object: Node): boolean {
  const signsIn = (call: Node) => (call.type === 'CallExpression' || call.type === 'NewExpression') && signInApi(context, call) !== undefined;
  return object.type === 'ObjectExpression' && object.properties.every((property) => property.type !== 'SpreadElement' || onlyReadsMembers(context, property.argument, signsIn));
}

/** A site URL's shape where the file shows how it starts. */
function knownSite(context: TypeScriptRuleContext, node: Node): string | undefined {
  const shape = siteShape(context, node);
  return shape === undefined || shape.startsWith(UNKNOWN) ? undefined : shape;
}

/** A string's shape through the one value a name (or a config object's member) holds in scope. */
function siteShape(context: TypeScriptRuleContext, node: Node, depth = 0): string | undefined {
  if (depth > MAX_ALIASES) return undefined;
  if (node.type === 'MemberExpression' && node.object.type !== 'ThisExpression') {
    const values = new ObjectValues(context).member(node);
    return values?.length === 1 ? siteShape(context, values[0], depth + 1) : undefined;
  }
  if (node.type !== 'Identifier') return stringShape(node, context.facts);
  const values = valuesInScope(context, node);
  if (values.length !== 1) return undefined;
  return values[0] === node ? stringShape(node, context.facts) : siteShape(context, values[0], depth + 1);
}

/**
 * sp-request's client names no site when it is made: the sites it is then asked for
 * (`spr.get('https://…')`) tell, where the file writes them and they all agree.
 */
function requestedSite(context: TypeScriptRuleContext, create: SignIn): string | undefined {
  const declarator = parentOf(context.program, create);
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return undefined;
  const client = declarator.id.name;
  const urls = ['get', 'post', 'put', 'patch', 'delete', 'head']
    .flatMap((method) => methodCalls(context.program, method))
    .filter((call) => call.callee.object.type === 'Identifier' && call.callee.object.name === client && call.arguments[0])
    .map((call) => stringShape(call.arguments[0], context.facts));
  const answers = new Set(urls.map(sharePointOnline));
  return answers.size === 1 ? urls[0] : undefined;
}

/** Whether a site URL is SharePoint Online's; undefined where the file does not show its host. */
function sharePointOnline(url: string | undefined): boolean | undefined {
  const authority = url === undefined ? undefined : /^\s*https?:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined) return undefined;
  const host = authority.replace(/:[\d\u0000]*$/, '');
  // A host built at run time (`https://${tenant}.sharepoint.com`) still shows the cloud's name.
  if (SHAREPOINT_ONLINE.test(host.replace(/^.*\u0000/, 'x'))) return true;
  return host.includes(UNKNOWN) ? undefined : false;
}

/**
 * Why getAuth gets no fix: no site to take the token's resource from, or code that reads node-sp-auth's
 * cookie (`headers.Cookie`), which a bearer token does not give.
 */
function whyNoFix(context: TypeScriptRuleContext, { call, site }: UserSignIn): string | undefined {
  const url = call.arguments[0];
  if (!url || url.type === 'SpreadElement') return 'the site is not given as the first argument';
  if (site === 'declared') return "the site's address is not SharePoint Online's, so the resource a token is for is not known";
  const isCookie = (name: string | undefined): boolean => name?.toLowerCase() === 'cookie';
  // `headers.Cookie`, `const { Cookie } = headers` and `{ headers: { Cookie } }` alike.
  const calledMethod = (member: TSESTree.MemberExpression): boolean => {
    const parent = parentOf(context.program, member);
    return parent?.type === 'CallExpression' && parent.callee === member;
  };
  // Reads only: not `res.cookie(…)` nor `session({ cookie: … })`.
  const readsCookie =
    nodesOfType(context.program, 'MemberExpression').some((member) => isCookie(memberName(member)) && !calledMethod(member)) ||
    nodesOfType(context.program, 'Property').some((property) => isCookie(propertyKeyName(property)) && parentOf(context.program, property)?.type === 'ObjectPattern');
  return readsCookie ? "the file reads node-sp-auth's cookie, which a bearer token does not give" : undefined;
}

/**
 * getAuth resolves to `{ headers, options }`: a token for the site's origin, asked of the Secure
 * Application Model credential, gives the same shape with a bearer header instead of node-sp-auth's
 * cookies. Unattended only where the file names a SharePoint Online site: elsewhere it may be a farm.
 */
function tokenFix(context: TypeScriptRuleContext, { call, site: where }: UserSignIn): Fix[] {
  const url = call.arguments[0];
  const written = context.text.slice(url.range[0], url.range[1]);
  const site = url.type === 'SequenceExpression' ? `(${written})` : written;
  // node-sp-auth declares both as `{ [key: string]: any }`: code goes on to add headers of its own.
  const typed = context.style().typed;
  const loose = typed ? ' as Record<string, any>' : '';
  const token = typed ? 'token!.token' : 'token.token';
  const newText =
    `${SAM_CREDENTIAL}().getToken(\`\${new URL(${site}).origin}/.default\`)` +
    `.then((token) => ({ headers: { Authorization: \`Bearer \${${token}}\` }${loose}, options: {}${loose} }))`;
  return [
    {
      title: 'Get the headers from a Secure Application Model token (Authorization: Bearer)',
      safeForFixAll: where === 'online',
      edits: [{ startOffset: call.range[0], endOffset: call.range[1], newText }, ...planSecureAppModelCredential(context)],
    },
  ];
}
