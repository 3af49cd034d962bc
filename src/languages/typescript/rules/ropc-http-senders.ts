/**
 * The HTTP clients through which code posts a token request, as data: where each call takes the URL
 * and the body. `ropc-http.ts` reads this table; a client is added here, not there.
 */

/** Where a value sits in a call: an argument, or a property of an options object passed as one. */
export interface ArgumentSite {
  argument: number;
  property?: string;
  /** Node's `http.request` options: the URL is `hostname` (or `host`) followed by `path`. */
  hostAndPath?: true;
}

export interface Sender {
  /** How messages name the call. */
  api: string;
  /** The modules that export it; `GLOBAL` for a global such as `fetch`. */
  modules: readonly string[];
  /** The export called: a name, or `default` / `*` for the module itself. */
  exports: readonly string[];
  /** Where the URL may be (the first that the file shows wins). */
  url: readonly ArgumentSite[];
  /** A base the URL is relative to (`baseURL`, `prefixUrl`). */
  base?: readonly ArgumentSite[];
  /** Where the body may be. */
  body: readonly ArgumentSite[];
  /** Methods of the call's result (directly or down a chain) whose first argument is the body. */
  bodyMethods?: readonly string[];
  /** It runs in a browser (a test runner's), where no fix may put the app's secrets. */
  inBrowser?: true;
  /** Where the refresh token can be redeemed instead, for a sender that runs in a browser (by default on a server). */
  redeemIn?: string;
  /**
   * Where the parsed JSON of an awaited response is: `json()` (call it), or a property (`data`, `body`).
   * Lets the fix store back the rotated refresh token.
   */
  parsedResponse?: 'json()' | 'data' | 'body';
  /** Its response's body may be read again (Playwright's APIResponse keeps it): a second `json()` needs no `clone()`. */
  rereadsBody?: true;
  /** Its first argument may be a `new Request(url, init)` (fetch's), which takes the URL and the options as the call does. */
  takesRequest?: true;
}

/** A call that makes a client with defaults, such as `axios.create({ baseURL })`. */
export interface ClientFactory {
  modules: readonly string[];
  exports: readonly string[];
  base: readonly ArgumentSite[];
}

export const GLOBAL = '';
/** Objects a test runner or a page puts in scope, whose methods send requests: Cypress's `cy`, jQuery's `$`. */
export const GLOBAL_CLIENTS: readonly string[] = ['cy', '$', 'jQuery'];
/** Those whose calls chain, each call on what the one before yields: `cy.visit(…).request(…)` is `cy.request(…)`. */
export const CHAINING_CLIENTS: readonly string[] = ['cy'];
/** A receiver the file does not show (an injected client, a wrapper): `http.post(url, body)`. */
export const UNKNOWN_CLIENT = '?';

const AXIOS = ['axios'];
const GOT = ['got'];
const REQUEST = ['request', 'request-promise', 'request-promise-native', 'postman-request'];
const NODE_HTTP = ['https', 'node:https', 'http', 'node:http'];
const FETCH_PACKAGES = ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'isomorphic-unfetch'];
const JQUERY = ['$', 'jQuery', 'jquery'];
const PLAYWRIGHT = ['@playwright/test', 'playwright/test', 'playwright', 'playwright-core'];
const THE_MODULE = ['default', '*'];
const BODY_VERBS = ['post', 'put', 'patch'];

const FETCH_SITES = { url: [{ argument: 0 }], body: [{ argument: 1, property: 'body' }], parsedResponse: 'json()' as const, takesRequest: true as const };
const GOT_BODY = ['form', 'body', 'json'].flatMap((property) => [
  { argument: 1, property },
  { argument: 0, property },
]);
const REQUEST_BODY = ['form', 'body'].flatMap((property) => [
  { argument: 0, property },
  { argument: 1, property },
]);

export const SENDERS: readonly Sender[] = [
  { api: 'fetch', modules: [GLOBAL], exports: ['fetch'], ...FETCH_SITES },
  { api: 'fetch', modules: FETCH_PACKAGES, exports: [...THE_MODULE, 'fetch'], ...FETCH_SITES },
  { api: 'undici fetch', modules: ['undici'], exports: ['fetch'], ...FETCH_SITES },
  // ofetch, and Nuxt's `$fetch` built on it (auto-imported): the body is the parsed response.
  { api: 'ofetch', modules: ['ofetch', 'ohmyfetch'], exports: [...THE_MODULE, 'ofetch', '$fetch'], url: FETCH_SITES.url, body: FETCH_SITES.body },
  { api: '$fetch', modules: [GLOBAL], exports: ['$fetch'], url: FETCH_SITES.url, body: FETCH_SITES.body },
  { api: 'undici request', modules: ['undici'], exports: ['request'], url: FETCH_SITES.url, body: FETCH_SITES.body },
  {
    api: 'axios',
    modules: AXIOS,
    exports: [...BODY_VERBS, 'postForm', 'putForm', 'patchForm'],
    url: [{ argument: 0 }],
    base: [{ argument: 2, property: 'baseURL' }],
    body: [{ argument: 1 }],
    parsedResponse: 'data',
  },
  {
    api: 'axios',
    modules: AXIOS,
    exports: [...THE_MODULE, 'request'],
    url: [{ argument: 0, property: 'url' }, { argument: 0 }],
    base: [{ argument: 0, property: 'baseURL' }, { argument: 1, property: 'baseURL' }],
    body: [{ argument: 0, property: 'data' }, { argument: 1, property: 'data' }],
    parsedResponse: 'data',
  },
  {
    api: 'got',
    modules: GOT,
    exports: [...BODY_VERBS, ...THE_MODULE],
    url: [{ argument: 0 }, { argument: 0, property: 'url' }],
    base: [{ argument: 1, property: 'prefixUrl' }, { argument: 0, property: 'prefixUrl' }],
    body: GOT_BODY,
  },
  { api: 'superagent', modules: ['superagent'], exports: BODY_VERBS, url: [{ argument: 0 }], body: [], bodyMethods: ['send'], parsedResponse: 'body' },
  { api: 'superagent', modules: ['superagent'], exports: THE_MODULE, url: [{ argument: 1 }], body: [], bodyMethods: ['send'], parsedResponse: 'body' },
  {
    api: 'request',
    modules: REQUEST,
    exports: [...BODY_VERBS, ...THE_MODULE],
    url: [{ argument: 0 }, { argument: 0, property: 'url' }, { argument: 0, property: 'uri' }],
    base: [{ argument: 0, property: 'baseUrl' }, { argument: 1, property: 'baseUrl' }],
    body: REQUEST_BODY,
  },
  // needle's method comes first: `needle('post', url, data)`, `needle.request('post', url, data)`.
  { api: 'needle', modules: ['needle'], exports: [...THE_MODULE, 'request'], url: [{ argument: 1 }], body: [{ argument: 2 }], parsedResponse: 'body' },
  { api: 'needle', modules: ['needle'], exports: BODY_VERBS, url: [{ argument: 0 }], body: [{ argument: 1 }], parsedResponse: 'body' },
  {
    api: 'https.request',
    modules: NODE_HTTP,
    exports: ['request'],
    url: [{ argument: 0 }, { argument: 0, hostAndPath: true }, { argument: 1, hostAndPath: true }],
    body: [],
    bodyMethods: ['write', 'end'],
  },
  {
    // `cy.request({ method: 'POST', url, form: true, body })`; its shorter forms are GETs, or name the method first.
    api: 'Cypress cy.request',
    modules: ['cy'],
    exports: ['request'],
    url: [{ argument: 0, property: 'url' }],
    body: [{ argument: 0, property: 'body' }],
    inBrowser: true,
    // MSAL login commands build the cached account from the ID token (`decode(body.id_token)`): it goes to the test too.
    redeemIn: "in Node (a cy.task), and hand the test the access token (and the ID token, where it builds MSAL's cached account from it), never the refresh token",
  },
  // Playwright's APIRequestContext (see PLAYWRIGHT_REQUEST), in Node: `post(url, { form })`, read with `await response.json()`.
  {
    api: 'Playwright APIRequestContext',
    modules: PLAYWRIGHT,
    exports: BODY_VERBS,
    url: [{ argument: 0 }],
    body: [{ argument: 1, property: 'form' }, { argument: 1, property: 'data' }],
    parsedResponse: 'json()',
    rereadsBody: true,
  },
  // jQuery on a page: `$.ajax({ url, type: 'POST', data })`, `$.ajax(url, { data })`, `$.post(url, data)`.
  {
    api: 'jQuery.ajax',
    modules: JQUERY,
    exports: ['ajax'],
    url: [{ argument: 0, property: 'url' }, { argument: 0 }],
    body: [{ argument: 0, property: 'data' }, { argument: 1, property: 'data' }],
    inBrowser: true,
  },
  {
    api: 'jQuery.post',
    modules: JQUERY,
    exports: ['post'],
    url: [{ argument: 0 }, { argument: 0, property: 'url' }],
    body: [{ argument: 1 }, { argument: 0, property: 'data' }],
    inBrowser: true,
  },
  // RxJS's `ajax({ url, method, body })`, on XMLHttpRequest (`ajax.post(url, body)` is any client's `.post`).
  {
    api: 'RxJS ajax',
    modules: ['rxjs/ajax'],
    exports: ['ajax'],
    url: [{ argument: 0, property: 'url' }, { argument: 0 }],
    body: [{ argument: 0, property: 'body' }],
    inBrowser: true,
  },
  // Last: named in messages by the call as written. Only a Microsoft URL and a password grant make a finding.
  {
    api: '',
    modules: [UNKNOWN_CLIENT],
    exports: BODY_VERBS,
    url: [{ argument: 0 }],
    body: [{ argument: 1 }, ...['body', 'form', 'data'].map((property) => ({ argument: 1, property }))],
    bodyMethods: ['send'],
  },
];

/**
 * Calls that send no body, which no token request goes through but a request signing in with a header
 * or an `auth` option may: axios's `get(url, config)`, `delete`, `head`, `options`; got's and request's
 * `get(url, options)` (request's also `get({ url, … })`), `delete`, `head`.
 */
export const BODILESS_SENDERS: readonly Sender[] = [
  { api: 'axios', modules: AXIOS, exports: ['get', 'delete', 'head', 'options'], url: [{ argument: 0 }], base: [{ argument: 1, property: 'baseURL' }], body: [] },
  { api: 'got', modules: GOT, exports: ['get', 'delete', 'head'], url: [{ argument: 0 }, { argument: 0, property: 'url' }], base: [{ argument: 1, property: 'prefixUrl' }, { argument: 0, property: 'prefixUrl' }], body: [] },
  {
    api: 'request',
    modules: REQUEST,
    exports: ['get', 'delete', 'head'],
    url: [{ argument: 0 }, { argument: 0, property: 'url' }, { argument: 0, property: 'uri' }],
    base: [{ argument: 0, property: 'baseUrl' }, { argument: 1, property: 'baseUrl' }],
    body: [],
  },
];

/** The Fetch API's `Headers`, filled with `.append(name, value)` / `.set(name, value)`, as the page has it or a fetch package exports it. */
export const HEADERS_CLASS = { name: 'Headers', modules: [GLOBAL, ...FETCH_PACKAGES, 'undici'] } as const;

/** The table's sender a module's export (or a global, module `GLOBAL`) is. */
export function listedSender(called: { module: string; name: string }): Sender | undefined {
  return SENDERS.find((sender) => sender.modules.includes(called.module) && sender.exports.includes(called.name));
}

/**
 * HTTP mocking libraries, whose `.post(path, body)` declares a test's fake answer to a request (nock's
 * interceptors, msw's `http.post`/`rest.post` handlers, fetch-mock's routes): no request is sent. A
 * client made from one of them, or one of its exports, is never a sender; a module's subpaths (`msw/node`) too.
 */
export const MOCKING_MODULES: readonly string[] = [
  'nock',
  'msw',
  'fetch-mock',
  'fetch-mock-jest',
  'jest-fetch-mock',
  'vitest-fetch-mock',
  'axios-mock-adapter',
  'sinon',
  'mock-xmlhttprequest',
  'xhr-mock',
];

export function isMockingModule(module: string): boolean {
  return MOCKING_MODULES.some((mocking) => module === mocking || module.startsWith(`${mocking}/`));
}

/**
 * Where a Playwright APIRequestContext comes from: `request.newContext()` of the module's `request`, the
 * tests' `request` fixture (`test("…", async ({ request }) => …)`), or a parameter typed `APIRequestContext`.
 */
export const PLAYWRIGHT_REQUEST = { modules: PLAYWRIGHT, factory: 'request', make: 'newContext', fixture: 'request', type: 'APIRequestContext' } as const;

/** The browser's `XMLHttpRequest`: `xhr.open(method, url)`, then `xhr.send(body)` on the same object. */
export const XHR_SENDER: Sender = { api: 'XMLHttpRequest', modules: [GLOBAL], exports: ['XMLHttpRequest'], url: [], body: [], inBrowser: true };

export const CLIENT_FACTORIES: readonly ClientFactory[] = [
  { modules: AXIOS, exports: ['create'], base: [{ argument: 0, property: 'baseURL' }] },
  { modules: GOT, exports: ['extend'], base: [{ argument: 0, property: 'prefixUrl' }] },
  { modules: REQUEST, exports: ['defaults'], base: [{ argument: 0, property: 'baseUrl' }] },
];

/** Form encoders whose first argument is the body's object: `querystring.stringify`, `qs.stringify`. */
export const FORM_ENCODERS: readonly { modules: readonly string[]; exports: readonly string[] }[] = [
  { modules: ['querystring', 'node:querystring', 'qs', 'query-string'], exports: ['stringify', 'encode'] },
];

/** Constructors of form bodies filled with `.append(name, value)` / `.set(name, value)` (Angular's HttpParams in a chain). */
export const FORM_BUILDERS: readonly { name: string; modules: readonly string[] }[] = [
  { name: 'URLSearchParams', modules: [GLOBAL, 'url', 'node:url'] },
  { name: 'FormData', modules: [GLOBAL, 'form-data', 'undici', 'node-fetch', 'formdata-node'] },
  { name: 'HttpParams', modules: ['@angular/common/http'] },
];

export const FORM_BUILDER_METHODS: readonly string[] = ['append', 'set'];
