/**
 * The generic OAuth 2 client libraries whose calls post a password grant, as data read from the
 * file: the call, the token endpoint it goes to (or the issuer it is discovered from), the client's id,
 * and the request's scopes and credentials. `oauth-client-ropc.ts` judges whether it goes to Entra ID.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, methodCalls, nodesOfType, propertyKeyName, unwrap, type Node } from '../ast';
import { followedValuesOf, type FollowedValues } from '../followed-values';
import { resolveUrl } from '../url-shapes';
import type { ImportedValue } from '../module-facts';
import type { TypeScriptRuleContext } from '../rule-context';

const SIMPLE_OAUTH2 = 'simple-oauth2';
const CLIENT_OAUTH2 = 'client-oauth2';
const BADGATEWAY = '@badgateway/oauth2-client';
const OPENID_CLIENT = 'openid-client';
const NODE_OAUTH = 'oauth';
const AXIOS_OAUTH_CLIENT = 'axios-oauth-client';
/** The words a file using one of the libraries for a password grant has: a module's name, or node-oauth's call ("oauth" alone is every OAuth file's). */
export const OAUTH_CLIENT_WORDS = [SIMPLE_OAUTH2, CLIENT_OAUTH2, BADGATEWAY, OPENID_CLIENT, AXIOS_OAUTH_CLIENT, 'getoauthaccesstoken'];

/** simple-oauth2's token path where the settings give none. */
const SIMPLE_OAUTH2_TOKEN_PATH = '/oauth/token';
/** node-oauth's token path where the client is made without one. */
const NODE_OAUTH_TOKEN_PATH = '/oauth/access_token';
/** openid-client's client classes, made from an issuer (`new issuer.Client(…)`). */
const OPENID_CLIENT_CLASSES = new Set(['Client', 'FAPI1Client', 'FAPI2Client', 'FAPIClient']);
const UNKNOWN = '\u0000';
const MODULE_OBJECT = ['*', 'default'];

export interface LibraryGrant {
  /** The call that asks for a token with the user's password. */
  call: TSESTree.CallExpression;
  /** The library, as messages name it. */
  library: string;
  /** How messages name the call. */
  api: string;
  /** How the same client redeems a refresh token instead. */
  refresh: string;
  /** The token endpoint's URL shapes (or the issuer's its endpoint is discovered from); none where the file does not show them. */
  urls: string[];
  /** What the file writes as the client's id. */
  clientIds: Node[];
  /** The request's `scope` and `resource` values: strings, or lists of them. */
  scopes: Node[];
  username?: Node;
  password?: Node;
}

/** The file's password grants through the libraries, in the file's order. */
export function libraryGrants(context: TypeScriptRuleContext): LibraryGrant[] {
  const read = { context, values: followedValuesOf(context) };
  const grants = [simpleOAuth2Grants, clientOAuth2Grants, badgatewayGrants, openidClientGrants, openidClientV6Grants, nodeOAuthGrants, axiosOAuthClientGrants];
  return grants.flatMap((grantsOf) => grantsOf(read)).sort(
    (a, b) => a.call.range[0] - b.call.range[0],
  );
}

interface Reader {
  context: TypeScriptRuleContext;
  values: FollowedValues;
}

/**
 * simple-oauth2: `new ResourceOwnerPassword(config).getToken({ username, password, scope })` (4.x and
 * later), `create(config).ownerPassword.getToken(…)` (1.x to 3.x), and `simpleOauth2(config).password.getToken(…)`
 * (0.x); to `auth.tokenHost` and `auth.tokenPath` (0.x: `site` and `tokenPath`), `/oauth/token` by default.
 */
function simpleOAuth2Grants(read: Reader): LibraryGrant[] {
  return methodCalls(read.context.program, 'getToken').flatMap((call): LibraryGrant[] => {
    const receiver = unwrap(call.callee.object);
    const request = requestOf(read.values, call.arguments[0]);
    const clients = madeBy(read, receiver, 'new', SIMPLE_OAUTH2, ['ResourceOwnerPassword']);
    if (clients.length > 0) {
      const api = "simple-oauth2's ResourceOwnerPassword getToken";
      return [{ call, library: SIMPLE_OAUTH2, api, refresh: 'client.createToken({ refresh_token }).refresh()', ...request, ...simpleOAuth2Settings(read.values, clients, ['auth']) }];
    }
    const flow = receiver.type === 'MemberExpression' ? memberName(receiver) : undefined;
    if (receiver.type !== 'MemberExpression' || !flow || !['ownerPassword', 'password', 'Password'].includes(flow)) return [];
    const created = madeBy(read, receiver.object, 'call', SIMPLE_OAUTH2, flow === 'ownerPassword' ? ['create'] : MODULE_OBJECT);
    // `oauth2.ownerPassword.getToken(…)` is simple-oauth2's alone, also on a client made in another module; `password` is any object's.
    if (created.length === 0 && flow !== 'ownerPassword') return [];
    const settings = simpleOAuth2Settings(read.values, created, flow === 'ownerPassword' ? ['auth'] : []);
    return [{ call, library: SIMPLE_OAUTH2, api: `simple-oauth2's ${flow}.getToken`, refresh: 'oauth2.accessToken.create({ refresh_token }).refresh()', ...request, ...settings }];
  });
}

/** The token URLs and client ids of the settings simple-oauth2's clients are made with: `auth` holds the host and path from 1.x on, the settings themselves before. */
function simpleOAuth2Settings(values: FollowedValues, clients: Made[], auth: string[]): Pick<LibraryGrant, 'urls' | 'clientIds'> {
  const [hostKey, idPath] = auth.length > 0 ? ['tokenHost', ['client', 'id']] : ['site', ['clientID']];
  const settings = settingsOf(clients);
  const urls = settings.flatMap((setting) => {
    const holders = propertyPath(values, [setting], auth);
    const hosts = shapesOf(values, propertyPath(values, holders, [hostKey]));
    const written = propertyPath(values, holders, ['tokenPath']);
    // The path's default holds only where the settings are written out here: another module's may name one.
    const paths = written.length > 0 ? shapesOf(values, written) : holders.some((holder) => holder.type === 'ObjectExpression') ? [SIMPLE_OAUTH2_TOKEN_PATH] : [UNKNOWN];
    return hosts.flatMap((host) => paths.map((path) => resolveUrl(path, host)));
  });
  return { urls, clientIds: propertyPath(values, settings, idPath) };
}

/**
 * client-oauth2: `new ClientOAuth2(options).owner.getToken(username, password, options?)`, to the call's
 * or the client's `accessTokenUri`, with their `scopes` (and a `scope` or `resource` in their `body`).
 * `.owner.getToken(username, password)` is client-oauth2's alone, also on a client made in another module.
 */
function clientOAuth2Grants(read: Reader): LibraryGrant[] {
  const { values } = read;
  return methodCalls(read.context.program, 'getToken').flatMap((call): LibraryGrant[] => {
    const flow = unwrap(call.callee.object);
    if (flow.type !== 'MemberExpression' || memberName(flow) !== 'owner' || call.arguments.length < 2) return [];
    const clients = settingsOf(madeBy(read, flow.object, 'new', CLIENT_OAUTH2, MODULE_OBJECT));
    const own = call.arguments[2] && call.arguments[2].type !== 'SpreadElement' ? [call.arguments[2]] : [];
    // The call's own options override the client's.
    const uris = [own, clients].map((options) => propertyPath(values, options, ['accessTokenUri'])).find((found) => found.length > 0) ?? [];
    const [username, password] = call.arguments;
    return [
      {
        call,
        library: CLIENT_OAUTH2,
        api: "client-oauth2's owner.getToken",
        refresh: 'client.createToken({ refresh_token }).refresh()',
        urls: clients.length === 0 && own.length === 0 ? [] : uris.length > 0 ? shapesOf(values, uris) : [UNKNOWN],
        clientIds: propertyPath(values, clients, ['clientId']),
        scopes: [['scopes'], ['body', 'scope'], ['body', 'resource']].flatMap((path) => propertyPath(values, [...own, ...clients], path)),
        username,
        password,
      },
    ];
  });
}

/**
 * @badgateway/oauth2-client: `new OAuth2Client(settings).password({ username, password, scope })`, to the
 * settings' `tokenEndpoint` (relative to `server`), or where the client discovers it: the `server`'s host.
 */
function badgatewayGrants(read: Reader): LibraryGrant[] {
  const { values } = read;
  return methodCalls(read.context.program, 'password').flatMap((call): LibraryGrant[] => {
    const clients = madeBy(read, call.callee.object, 'new', BADGATEWAY, ['OAuth2Client']);
    if (clients.length === 0) return [];
    const settings = settingsOf(clients);
    const urls = settings.flatMap((setting) => {
      const servers = shapesOf(values, propertyPath(values, [setting], ['server']));
      const endpoint = propertyPath(values, [setting], ['tokenEndpoint']);
      const discovery = propertyPath(values, [setting], ['discoveryEndpoint']);
      // Without a token endpoint the client asks the discovery document, on the server's host, then falls back to `/token` there.
      const paths = endpoint.length > 0 ? shapesOf(values, endpoint) : discovery.length > 0 ? shapesOf(values, discovery) : ['/token'];
      return (servers.length > 0 ? servers : [undefined]).flatMap((server) => paths.map((path) => resolveUrl(path, server)));
    });
    return [
      {
        call,
        library: BADGATEWAY,
        api: "@badgateway/oauth2-client's OAuth2Client password",
        refresh: "client.refreshToken({ accessToken: '', refreshToken, expiresAt: null })",
        urls: urls.length > 0 ? urls : [UNKNOWN],
        clientIds: propertyPath(values, settings, ['clientId']),
        ...requestOf(values, call.arguments[0]),
      },
    ];
  });
}

/**
 * openid-client up to 5.x: `client.grant({ grant_type: 'password', username, password, scope })` on a
 * `new issuer.Client(metadata)` of an issuer from `Issuer.discover(url)` (its token endpoint is on the
 * host it is discovered from) or `new Issuer({ token_endpoint })`. A client made elsewhere counts in a
 * file that imports openid-client.
 */
function openidClientGrants(read: Reader): LibraryGrant[] {
  const { context, values } = read;
  return methodCalls(context.program, 'grant').flatMap((call): LibraryGrant[] => {
    const body = call.arguments[0];
    // `this.grant(…)`: a class's own method, which posts the request itself.
    if (!body || unwrap(call.callee.object).type === 'ThisExpression' || !asksForPasswordGrant(values, propertyPath(values, [body], ['grant_type']))) return [];
    const made = values.valuesOf(call.callee.object).filter((value): value is TSESTree.NewExpression => value.type === 'NewExpression');
    const issuers = made.flatMap((client) => issuersOf(read, client.callee));
    // A client the file makes of another class, or one from elsewhere in a file that does not import openid-client, is not openid-client's.
    if (issuers.length === 0 && (made.length > 0 || !context.facts.modules.has(OPENID_CLIENT))) return [];
    return [
      {
        call,
        library: OPENID_CLIENT,
        api: "openid-client's client.grant",
        refresh: 'client.refresh(refreshToken)',
        urls: issuers.flatMap((issuer) => issuerUrls(read, issuer)),
        clientIds: propertyPath(values, settingsOf(made), ['client_id']),
        ...requestOf(values, body),
      },
    ];
  });
}

/** The issuers a client class comes from: `issuer.Client`, also held in a name (`const { Client } = issuer` aside). */
function issuersOf(read: Reader, clientClass: Node): Node[] {
  return read.values.valuesOf(clientClass).flatMap((value) => {
    if (value.type !== 'MemberExpression' || !OPENID_CLIENT_CLASSES.has(memberName(value) ?? '')) return [];
    return read.values.valuesOf(value.object).filter((issuer) => isDiscovery(read, issuer) || (issuer.type === 'NewExpression' && isExport(read, issuer.callee, OPENID_CLIENT, ['Issuer'])));
  });
}

/** `Issuer.discover(url)`, the class imported from openid-client. */
function isDiscovery(read: Reader, value: Node): value is TSESTree.CallExpression {
  if (value.type !== 'CallExpression' || value.callee.type !== 'MemberExpression' || memberName(value.callee) !== 'discover') return false;
  return isExport(read, value.callee.object, OPENID_CLIENT, ['Issuer']);
}

/** Where an issuer's token endpoint is: the URL it is discovered from, or its metadata's `token_endpoint` (or `issuer`). */
function issuerUrls(read: Reader, issuer: Node): string[] {
  if (isDiscovery(read, issuer)) return issuer.arguments[0] ? read.values.urlShapes(issuer.arguments[0]) : [UNKNOWN];
  const metadata = issuer.type === 'NewExpression' ? issuer.arguments[0] : undefined;
  return metadataUrls(read, metadata);
}

function metadataUrls(read: Reader, metadata: Node | undefined): string[] {
  if (!metadata) return [UNKNOWN];
  const endpoint = propertyPath(read.values, [metadata], ['token_endpoint']);
  const named = endpoint.length > 0 ? endpoint : propertyPath(read.values, [metadata], ['issuer']);
  return named.length > 0 ? named.flatMap((url) => read.values.urlShapes(url)) : [UNKNOWN];
}

/**
 * openid-client 6.x: `genericGrantRequest(config, 'password', { username, password, scope })`, with a
 * configuration from `discovery(new URL(issuer), clientId, …)` or `new Configuration(metadata, clientId, …)`.
 */
function openidClientV6Grants(read: Reader): LibraryGrant[] {
  const { context, values } = read;
  if (!context.facts.modules.has(OPENID_CLIENT)) return [];
  return nodesOfType(context.program, 'CallExpression').flatMap((call): LibraryGrant[] => {
    if (!isExport(read, call.callee, OPENID_CLIENT, ['genericGrantRequest']) || !call.arguments[1] || !asksForPasswordGrant(values, [call.arguments[1]])) return [];
    const configurations = call.arguments[0]
      ? [...madeBy(read, call.arguments[0], 'call', OPENID_CLIENT, ['discovery']), ...madeBy(read, call.arguments[0], 'new', OPENID_CLIENT, ['Configuration'])]
      : [];
    const urls = configurations.flatMap((made) => (made.type === 'NewExpression' ? metadataUrls(read, made.arguments[0]) : made.arguments[0] ? values.urlShapes(made.arguments[0]) : [UNKNOWN]));
    return [
      {
        call,
        library: OPENID_CLIENT,
        api: "openid-client's genericGrantRequest",
        refresh: 'refreshTokenGrant(config, refreshToken)',
        urls,
        clientIds: configurations.flatMap((made) => (made.arguments[1] && made.arguments[1].type !== 'SpreadElement' ? [made.arguments[1]] : [])),
        ...requestOf(values, call.arguments[2]),
      },
    ];
  });
}

/**
 * oauth (node-oauth): `new OAuth2(id, secret, baseSite, authorizePath, accessTokenPath).getOAuthAccessToken(code,
 * { grant_type: 'password', username, password }, callback)`, to the base site and the token path joined as
 * strings, `/oauth/access_token` by default. `getOAuthAccessToken` is node-oauth's: a client made in another
 * module counts too.
 */
function nodeOAuthGrants(read: Reader): LibraryGrant[] {
  const { values } = read;
  return methodCalls(read.context.program, 'getOAuthAccessToken').flatMap((call): LibraryGrant[] => {
    const params = call.arguments[1];
    if (!params || !asksForPasswordGrant(values, propertyPath(values, [params], ['grant_type']))) return [];
    const clients = madeBy(read, call.callee.object, 'new', NODE_OAUTH, ['OAuth2']);
    return [
      {
        call,
        library: 'node-oauth',
        api: "node-oauth's OAuth2 getOAuthAccessToken",
        refresh: "oauth2.getOAuthAccessToken(refreshToken, { grant_type: 'refresh_token' }, callback)",
        urls: clients.length > 0 ? clients.flatMap((client) => nodeOAuthUrls(values, client)) : [UNKNOWN],
        clientIds: clients.flatMap((client) => present(argumentsAt(client, [0]))),
        ...requestOf(values, params),
      },
    ];
  });
}

/** node-oauth's token URL: the base site and the token path, joined without a separator. */
function nodeOAuthUrls(values: FollowedValues, client: Made): string[] {
  const [base] = argumentsAt(client, [2]);
  const [path] = present(argumentsAt(client, [4])).filter((node) => !isNothing(values, node));
  const bases = base ? shapesOf(values, [base]) : [UNKNOWN];
  const paths = path ? shapesOf(values, [path]) : [NODE_OAUTH_TOKEN_PATH];
  return bases.flatMap((site) => paths.map((tokenPath) => site + tokenPath));
}

/**
 * axios-oauth-client: `ownerCredentials(axios, url, clientId, secret, username?, password?, scope?)` (2.x),
 * whose function takes the credentials too, and `client(axios, { url, grant_type: 'password', username,
 * password, scope })` (1.x), whose function takes more of the request's fields.
 */
function axiosOAuthClientGrants(read: Reader): LibraryGrant[] {
  const { context, values } = read;
  if (!context.facts.modules.has(AXIOS_OAUTH_CLIENT)) return [];
  return nodesOfType(context.program, 'CallExpression').flatMap((call): LibraryGrant[] => {
    const grant = { call, library: AXIOS_OAUTH_CLIENT };
    if (isExport(read, call.callee, AXIOS_OAUTH_CLIENT, ['ownerCredentials'])) {
      const [url, clientId, username, password, scope] = argumentsAt(call, [1, 2, 4, 5, 6]);
      const asked = callsOfMade(read, call).map((made) => argumentsAt(made, [0, 1, 2]));
      const [sentUser, sentPassword, sentScope] = [0, 1, 2].map((index) => present(asked.map((args) => args[index])).find((node) => !isNothing(values, node)));
      return [
        {
          ...grant,
          api: "axios-oauth-client's ownerCredentials",
          refresh: 'refreshToken(axios, url, clientId, secret)(refreshToken)',
          urls: url ? shapesOf(values, [url]) : [UNKNOWN],
          clientIds: clientId ? [clientId] : [],
          scopes: present([scope, sentScope]).filter((node) => !isNothing(values, node)),
          username: sentUser ?? username,
          password: sentPassword ?? password,
        },
      ];
    }
    const [settings] = argumentsAt(call, [1]);
    if (!settings || !isExport(read, call.callee, AXIOS_OAUTH_CLIENT, ['client'])) return [];
    if (!asksForPasswordGrant(values, propertyPath(values, [settings], ['grant_type']))) return [];
    const request = [settings, ...present(callsOfMade(read, call).flatMap((made) => argumentsAt(made, [0])))];
    const [username] = request.flatMap((fields) => values.propertyValues(fields, 'username'));
    const [password] = request.flatMap((fields) => values.propertyValues(fields, 'password'));
    const urls = shapesOf(values, propertyPath(values, [settings], ['url']));
    return [
      {
        ...grant,
        api: "axios-oauth-client's client with grant_type 'password'",
        refresh: "client(axios, { url, grant_type: 'refresh_token', client_id, client_secret, refresh_token })",
        urls: urls.length > 0 ? urls : [UNKNOWN],
        clientIds: propertyPath(values, [settings], ['client_id']),
        scopes: request.flatMap((fields) => [...values.propertyValues(fields, 'scope'), ...values.propertyValues(fields, 'resource')]),
        username,
        password,
      },
    ];
  });
}

/** The calls of the function a call made (`const getToken = ownerCredentials(…); getToken(user, password)`). */
function callsOfMade(read: Reader, made: TSESTree.CallExpression): TSESTree.CallExpression[] {
  return nodesOfType(read.context.program, 'CallExpression').filter((call) => call !== made && read.values.valuesOf(call.callee).includes(made));
}

/** The arguments at the indexes, where written out (not spread). */
function argumentsAt(call: Made, indexes: number[]): (Node | undefined)[] {
  return indexes.map((index) => {
    const argument = call.arguments[index];
    return argument && argument.type !== 'SpreadElement' ? argument : undefined;
  });
}

const present = (nodes: (Node | undefined)[]): Node[] => nodes.filter((node): node is Node => node !== undefined);

/** `null` or `undefined`, as an argument left out is. */
function isNothing(values: FollowedValues, node: Node): boolean {
  return values.valuesOf(node).every((value) => (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined'));
}

/** Whether a grant type (as the file writes it) may be the password grant. */
function asksForPasswordGrant(values: FollowedValues, grantTypes: Node[]): boolean {
  return grantTypes.some((grantType) => values.valuesOf(grantType).some((value) => values.shapeOf(value)?.toLowerCase() === 'password'));
}

/** A request object's credentials, and its `scope` and `resource`. */
function requestOf(values: FollowedValues, request: Node | undefined): Pick<LibraryGrant, 'username' | 'password' | 'scopes'> {
  if (!request || request.type === 'SpreadElement') return { scopes: [] };
  const [username] = values.propertyValues(request, 'username');
  const [password] = values.propertyValues(request, 'password');
  return { username, password, scopes: [...values.propertyValues(request, 'scope'), ...values.propertyValues(request, 'resource')] };
}

/** The values down a path of properties of the objects `starts` hold. */
function propertyPath(values: FollowedValues, starts: Node[], path: string[]): Node[] {
  return path.reduce<Node[]>((holders, key) => holders.flatMap((holder) => values.propertyValues(holder, key)), starts);
}

type Made = TSESTree.CallExpression | TSESTree.NewExpression;

/** What `node` may hold that a call (`new`, or a plain call) of the module's export `names` made. */
function madeBy(read: Reader, node: Node, made: 'new' | 'call', module: string, names: readonly string[]): Made[] {
  const type = made === 'new' ? 'NewExpression' : 'CallExpression';
  return read.values.valuesOf(node).filter((value): value is Made => value.type === type && isExport(read, (value as Made).callee, module, names));
}

/** The settings a client is made with: its first argument. */
function settingsOf(made: Made[]): Node[] {
  return made.flatMap((value) => (value.arguments[0] && value.arguments[0].type !== 'SpreadElement' ? [value.arguments[0]] : []));
}

/** The string shapes (URLs) the expressions may be. */
function shapesOf(values: FollowedValues, expressions: Node[]): string[] {
  return expressions.flatMap((expression) => values.urlShapes(expression));
}

/**
 * Whether `callee` is the module's export `names` (`*` and `default`: the module itself), imported in any
 * way the file's facts tell, or taken from the module's object (`const { Issuer } = openidClient`).
 */
function isExport(read: Reader, callee: Node, module: string, names: readonly string[]): boolean {
  const imported = read.context.facts.resolveImport(callee) ?? destructuredExport(read, unwrap(callee));
  return imported?.module === module && names.includes(imported.name);
}

/** `Issuer` of `const { Issuer } = openidClient`, where the file imports `openidClient` as the module. */
function destructuredExport(read: Reader, name: Node): ImportedValue | undefined {
  return name.type === 'Identifier' ? read.context.once(destructuredExports).get(name.name) : undefined;
}

/** The names the file takes out of a module's object with a pattern, and the export each is. */
function destructuredExports(context: TypeScriptRuleContext): Map<string, ImportedValue> {
  const exports = new Map<string, ImportedValue>();
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) {
    const owner = declarator.id.type === 'ObjectPattern' && declarator.init ? context.facts.resolveImport(declarator.init) : undefined;
    if (!owner || !MODULE_OBJECT.includes(owner.name) || declarator.id.type !== 'ObjectPattern') continue;
    for (const property of declarator.id.properties) {
      const key = property.type === 'Property' ? propertyKeyName(property) : undefined;
      if (key && property.type === 'Property' && property.value.type === 'Identifier') exports.set(property.value.name, { module: owner.module, name: key });
    }
  }
  return exports;
}
