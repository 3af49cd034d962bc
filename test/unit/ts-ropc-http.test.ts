import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { buildsTenantAtRunTime } from '../../src/languages/shared/microsoft-endpoints';
import { ruleFixtureFindings } from './fixtures';

const TOKEN_URL = 'const TOKEN = "https://login.microsoftonline.com/common/oauth2/v2.0/token";';

/** The source lines of the ts-ropc-http findings of a module made of `lines`. */
async function grantLines(lines: string[]): Promise<string[]> {
  const { findings } = await analyze('module.ts', `${lines.join('\n')}\n`, 'typescript');
  return findings.filter((f) => f.ruleId === 'ts-ropc-http').map((f) => lines[f.range.start.line].trim());
}

describe('ts-ropc-http through the file\'s own functions', () => {
  it('reads each call of a wrapper with its own URL and body', async () => {
    const lines = [
      TOKEN_URL,
      'async function post(url: string, body: string) { return fetch(url, { method: "POST", body }); }',
      'post(TOKEN, "grant_type=client_credentials&client_id=a&client_secret=b");',
      'post("https://contoso.example/signup", "grant_type=password&username=u&password=p");',
      'post(TOKEN, `grant_type=password&username=${process.env.U}&password=${process.env.P}`);',
    ];
    assert.deepEqual(await grantLines(lines), [lines[4]]);
  });

  it('follows a parameter into a callback inside the wrapper, a destructured one and its default', async () => {
    const lines = [
      TOKEN_URL,
      'function send({ url = TOKEN, form }: { url?: string; form: Record<string, string> }) {',
      '  return new Promise((resolve) => { fetch(url, { method: "POST", body: new URLSearchParams(form) }).then(resolve); });',
      '}',
      'send({ form: { grant_type: "password", username: "u", password: "p" } });',
    ];
    assert.deepEqual(await grantLines(lines), ['send({ form: { grant_type: "password", username: "u", password: "p" } });']);
  });

  it('ends on recursive wrappers and spread arguments, and reads an uncalled function as written', async () => {
    const lines = [
      TOKEN_URL,
      'function f(u: string, b: string): Promise<Response> { if (!b) return f(u, b); return fetch(u, { method: "POST", body: b }); }',
      'function g(u: string, b: string): Promise<Response> { return h(b, u); }',
      'function h(b: string, u: string): Promise<Response> { return g(u, b); }',
      'f(TOKEN, "grant_type=password&username=a&password=b");',
      'g(TOKEN, "grant_type=password&username=a&password=c");',
      'const args = [TOKEN, "grant_type=password&username=a&password=d"] as const;',
      'f(...args);',
      'export function uncalled(body = "grant_type=password&username=a&password=e") { return fetch(TOKEN, { method: "POST", body }); }',
    ];
    assert.deepEqual(await grantLines(lines), [lines[4], lines[8]]);
  });

  it('offers no fix for a body written in a wrapper that the file also calls to post elsewhere', async () => {
    const { findings } = await analyze('module.ts', [
      'async function send(url: string) {',
      '  const body = new URLSearchParams({ grant_type: "password", client_id: "x", username: process.env.U ?? "", password: process.env.P ?? "" });',
      '  return fetch(url, { method: "POST", body });',
      '}',
      'send("https://login.microsoftonline.com/common/oauth2/v2.0/token");',
      'send("https://idp.example.com/oauth/token");',
    ].join('\n'), 'typescript');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
    assert.match(findings[0].message, /No fix is offered here: the same body is also posted to a URL that is not a token endpoint, or one the file does not show \(it is written in send\)/);
  });

  it('knows a call by the function its name reaches: not a same-named function elsewhere, not another class\'s method', async () => {
    const lines = [
      TOKEN_URL,
      'function outer() {',
      '  function post(url: string, body: string) { return fetch(url, { method: "POST", body }); }',
      '  return post("https://contoso.example/x", "grant_type=password&username=u&password=inner");',
      '}',
      'function post(u: string, b: string) { return [u, b]; }',
      'post(TOKEN, "grant_type=password&username=u&password=outer");',
      'class A { async token(url: string, body: string) { return fetch(url, { method: "POST", body }); } }',
      'class B { async token(u: string, b: string) { return [u, b]; } run() { return this.token(TOKEN, "grant_type=password&username=u&password=b"); } }',
    ];
    assert.deepEqual(await grantLines(lines), []);
  });

  it('does not take a closer declaration of the name for the parameter', async () => {
    const lines = [
      TOKEN_URL,
      'async function loop(url: string, body: string) { for (const body of ["x=1"]) await fetch(url, { method: "POST", body }); }',
      'loop(TOKEN, "grant_type=password&username=u&password=1");',
      'async function caught(url: string, body: string) { try { return body; } catch (url) { return fetch(String(url), { method: "POST", body }); } }',
      'caught(TOKEN, "grant_type=password&username=u&password=2");',
      'async function each(url: string, body: string) { return Object.entries({ a: "x=1" }).map(([, body]) => fetch(url, { method: "POST", body })); }',
      'each(TOKEN, "grant_type=password&username=u&password=3");',
      'async function block(url: string, body: string) { { const [body] = ["x=1"]; return fetch(url, { method: "POST", body }); } }',
      'block(TOKEN, "grant_type=password&username=u&password=4");',
    ];
    assert.deepEqual(await grantLines(lines), []);
  });

  it('pairs URL and body per call through two wrappers, and skips TypeScript\'s this parameter', async () => {
    const lines = [
      TOKEN_URL,
      'async function post(url: string, body: string) { return fetch(url, { method: "POST", body }); }',
      'async function login(url: string, body: string) { return post(url, body); }',
      'login(TOKEN, "client_id=a&grant_type=client_credentials");',
      'login("https://contoso.example/x", "grant_type=password&username=u&password=p");',
      'login(TOKEN, "grant_type=password&username=u&password=q");',
      'async function send(this: unknown, url: string, body: string) { return fetch(url, { method: "POST", body }); }',
      'send(TOKEN, "grant_type=password&username=u&password=r");',
    ];
    assert.deepEqual(await grantLines(lines), [lines[5], lines[7]]);
  });

  it('offers no fix for a body written in an exported wrapper: other modules may call it with other URLs', async () => {
    const { findings } = await analyze('module.ts', [
      'export async function send(url: string) {',
      '  return fetch(url, { method: "POST", body: `grant_type=password&username=${process.env.U}&password=${process.env.P}` });',
      '}',
      'send("https://login.microsoftonline.com/common/oauth2/v2.0/token");',
    ].join('\n'), 'typescript');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('offers no fix for a body that a wrapper further out also posts elsewhere', async () => {
    const { findings } = await analyze('module.ts', [
      TOKEN_URL,
      'async function post(url: string, body: string) { return fetch(url, { method: "POST", body }); }',
      'async function login(url: string, user: string, password: string) { return post(url, `grant_type=password&username=${user}&password=${password}`); }',
      'login(TOKEN, "a", "b");',
      'login("https://contoso.example/x", "a", "b");',
    ].join('\n'), 'typescript');
    const grants = findings.filter((f) => f.ruleId === 'ts-ropc-http');
    assert.deepEqual(grants.map((f) => [f.range.start.line, f.fixes.length]), [[2, 0]]);
  });

  it('offers no fix for a body in a wrapper read with all its calls at once, once the file\'s budget of readings is spent', async function () {
    this.timeout(60_000);
    const sends = Array.from({ length: 6 }, (_, i) => `  await fetch(url, { method: "POST", body: "grant_type=password&username=u&password=p${i}" });`);
    const calls = Array.from({ length: 999 }, (_, i) => `send("https://contoso.example/${i}");`);
    const { findings } = await analyze('module.ts', [TOKEN_URL, 'async function send(url: string) {', ...sends, '}', 'send(TOKEN);', ...calls].join('\n'), 'typescript');
    assert.equal(findings.length, 6);
    assert.deepEqual(findings.filter((f) => f.fixes.length > 0).map((f) => f.range.start.line), []);
  });
});

describe('ts-ropc-http to a token path on a host the file does not show', () => {
  it("is a finding with no fix: the rewritten body would carry the app's secret and the refresh token to a server the file does not name", async () => {
    const code = [
      'export async function passwordToken(baseUrl: string, clientId: string, user: string, pass: string) {',
      "  const form = new URLSearchParams({ grant_type: 'password', client_id: clientId, username: user, password: pass, scope: 'https://graph.microsoft.com/.default' });",
      '  return fetch(`${baseUrl}/oauth2/v2.0/token`, { method: "POST", body: form });',
      '}',
      'export const shown = async (user: string, pass: string) => fetch("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: "c", username: user, password: pass }) });',
    ].join('\n');
    const [unknownHost, loginHost] = (await analyze('token.ts', code, 'typescript')).findings.filter((f) => f.ruleId === 'ts-ropc-http');
    assert.equal(unknownHost.fixes.length, 0);
    assert.match(unknownHost.message, /No fix is offered here: the file does not show the host of the URL it is posted to, nor that it is one of Microsoft's login hosts, so a fix cannot tell that the new body, with the app's secret and the partner's refresh token, goes to Entra ID's token endpoint/);
    assert.equal(loginHost.fixes.length, 1);
  });
});

describe('ts-ropc-http and Azure AD B2C', () => {
  const grantTo = (url: string) => [`fetch("${url}", { method: "POST", body: "grant_type=password&username=u&password=p" });`];

  it('a B2C user flow or custom policy in the path or the p parameter is no finding, through any host', async () => {
    assert.deepEqual(await grantLines(grantTo('https://login.microsoftonline.com/contosob2c.onmicrosoft.com/B2C_1_ROPC/oauth2/v2.0/token')), []);
    assert.deepEqual(await grantLines(grantTo('https://login.microsoftonline.com/contosob2c.onmicrosoft.com/oauth2/v2.0/token?p=B2C_1A_ROPC')), []);
  });

  it('b2c_1_ elsewhere in the URL (another parameter, the fragment) leaves a workforce token request a finding', async () => {
    assert.equal((await grantLines(grantTo('https://login.microsoftonline.com/common/oauth2/v2.0/token?state=/b2c_1_return'))).length, 1);
    assert.equal((await grantLines(grantTo('https://login.microsoftonline.com/common/oauth2/v2.0/token#/B2C_1_x'))).length, 1);
  });
});

describe('ts-ropc-http and bodies grown with +=', () => {
  it("reads what += adds in the body's own function, callbacks in it included, up to the send", async () => {
    const lines = [
      TOKEN_URL,
      'export async function token(user: string, password: string) {',
      '  let body = "client_id=abc";',
      '  [["username", user], ["password", password]].forEach(([k, v]) => { body += `&${k}=${v}`; });',
      '  body += "&grant_type=password";',
      '  return fetch(TOKEN, { method: "POST", body });',
      '}',
    ];
    assert.deepEqual(await grantLines(lines), ['body += "&grant_type=password";']);
  });

  it('does not read what is added after the send, nor what another function adds to its own variable of that name', async () => {
    const lines = [
      TOKEN_URL,
      'export async function appToken() {',
      '  let body = "grant_type=client_credentials&client_id=a&client_secret=b";',
      '  const response = await fetch(TOKEN, { method: "POST", body });',
      '  body += "&grant_type=password&username=u&password=p";',
      '  return response;',
      '}',
      'export function other() { let body = "a"; body += "&grant_type=password"; return body; }',
    ];
    assert.deepEqual(await grantLines(lines), []);
  });
});

describe('ts-ropc-http in a browser', () => {
  it('jQuery on a page, through a CORS proxy too: found, with no fix, and the message says where to redeem the token instead', async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'jquery-page.js');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[7, 0], [13, 0], [14, 0]]);
    for (const finding of findings) {
      assert.match(finding.message, /jQuery\.(ajax|post) runs in the browser, where the app's secret and refresh token must not go; redeem the refresh token on a server/);
    }
  });

  it("Cypress: the tokens to hand the test are the access token and the ID token MSAL's cache is built from, never the refresh token", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'cypress-command.js');
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      assert.match(finding.message, /redeem the refresh token in Node \(a cy\.task\), and hand the test the access token \(and the ID token, where it builds MSAL's cached account from it\), never the refresh token/);
    }
  });

  it("a plain page script, known by the page's globals it reads (document, localStorage): found, with no fix", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'page-script.js');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[8, 0]]);
    assert.match(findings[0].message, /the file runs in a browser \(it uses JSX, a front-end framework or what only a page has, such as document or localStorage\)/);
    const { findings: isomorphic } = await analyze(
      'token.js',
      [
        'const isPage = typeof window !== "undefined" && typeof document !== "undefined";',
        'export async function token(user, password) {',
        '  return fetch("https://login.microsoftonline.com/common/oauth2/token", { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: "x", username: user, password }) });',
        '}',
      ].join('\n'),
      'javascript',
    );
    assert.equal(isomorphic.find((f) => f.ruleId === 'ts-ropc-http')?.fixes.length, 1, 'typeof window is asked by code that runs in Node too');
    // Names of members and types, a declared name, and a Node script's zx `$` are not the page's globals.
    const nodeOnly = [
      'interface Page { document: string; window: number }',
      'class Pdf { document: Buffer = Buffer.alloc(0); localStorage() { return 1; } }',
      'enum Kind { document }',
      'type W = typeof window;',
      'declare const $: { verbose: boolean };\n$.verbose = false;',
    ];
    const request = 'export async function token(user: string, password: string) { return fetch("https://login.microsoftonline.com/common/oauth2/token", { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: "x", username: user, password }) }); }';
    for (const line of nodeOnly) {
      const { findings: node } = await analyze('token.ts', `${line}\n${request}\n`, 'typescript');
      assert.equal(node.find((f) => f.ruleId === 'ts-ropc-http')?.fixes.length, 1, line);
    }
    const { findings: zx } = await analyze('deploy.mjs', `#!/usr/bin/env zx\n$.verbose = false;\n${request.replace(/: string/g, '')}\n`, 'javascript');
    assert.equal(zx.find((f) => f.ruleId === 'ts-ropc-http')?.fixes.length, 1, 'zx');
  });

  it("the page's globals read through a TypeScript cast or a non-null assertion still show a page: found, with no fix", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'page-window-cast.browser.ts');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[12, 0]]);
    assert.match(findings[0].message, /the file runs in a browser/);
    const request = 'export async function token(user: string, password: string) { return fetch("https://login.microsoftonline.com/common/oauth2/token", { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: "x", username: user, password }) }); }';
    const reads = ['const env = (<any>window).__env__;', 'const env = window!.__env__;', 'const env = (document as any).env;', 'const name = (window satisfies Window).name;', 'const token = ((localStorage as Storage)!).getItem("t");'];
    for (const line of reads) {
      const { findings: page } = await analyze('token.ts', `${line}\n${request}\n`, 'typescript');
      assert.deepEqual(page.filter((f) => f.ruleId === 'ts-ropc-http').map((f) => f.fixes.length), [0], line);
    }
  });

  it('fetch called on a cast global object is fetch: (globalThis as any).fetch(…)', async () => {
    const source = 'export async function token(user: string, password: string) { return (globalThis as any).fetch("https://login.microsoftonline.com/common/oauth2/token", { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: "x", username: user, password }) }); }\n';
    const { findings } = await analyze('token.ts', source, 'typescript');
    const found = findings.filter((f) => f.ruleId === 'ts-ropc-http');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /posted to the Microsoft token endpoint with fetch/);
  });

  it("XMLHttpRequest: the body send() posts goes to the URL open() gave in the same function; found, with no fix", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'xml-http-request.js');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[6, 0], [12, 0], [18, 0]]);
    for (const finding of findings.slice(0, 2)) assert.match(finding.message, /XMLHttpRequest runs in the browser/);
    // Opened one way or another before the send: both URLs are the request's.
    assert.match(findings[2].message, /the same body is also posted to a URL that is not a token endpoint/);
  });
});

describe('ts-ropc-http to a URL the file does not show', () => {
  it("is a finding where the body asks for a Microsoft service's token, says why it is Entra ID's, and offers no fix", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'url-not-shown.js');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[7, 0], [13, 0], [18, 0], [22, 0]]);
    assert.match(findings[0].message, /posted with axios to a URL the file does not show, for a token only Entra ID issues \(its resource or scope names a Microsoft service, or its client is one of Microsoft's own\)\..*No fix is offered here: the file does not show the URL it is posted to/);
    assert.match(findings[1].message, /posted to the Microsoft token endpoint with request/);
  });
});

describe('ts-ropc-http with a client that proves itself', () => {
  it('a body whose app signs in with a client assertion gets no fix (a secret cannot join it), and says so; one with its own secret keeps its client', async () => {
    const post = (entries: string) =>
      `${TOKEN_URL}\nexport async function token(assertion: string) {\n  return fetch(TOKEN, { method: "POST", body: new URLSearchParams({ grant_type: "password", ${entries}, username: process.env.U!, password: process.env.P!, scope: "https://graph.microsoft.com/.default" }) });\n}\n`;
    const withAssertion = (await analyze('token.ts', post('client_id: process.env.APP!, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion'), 'typescript')).findings;
    assert.deepEqual(withAssertion.map((f) => f.fixes.length), [0]);
    assert.match(withAssertion[0].message, /No fix is offered here: the body signs its app in with a client assertion/);
    const withSecret = (await analyze('token.ts', post('client_id: process.env.APP!, client_secret: process.env.APP_SECRET!'), 'typescript')).findings;
    const edits = withSecret[0].fixes[0].edits.map((edit) => edit.newText).join('\n');
    assert.doesNotMatch(edits, /APP_ID/, "the app that sends its own secret stays the request's client");
    assert.match(edits, /refresh_token: await readMfaReadySecret\("REFRESH_TOKEN"\)/);
  });

  it('a body that already posts a refresh_token beside the password gets no fix (a second key would not compile), object or string, and says so', async () => {
    const post = (body: string) => `${TOKEN_URL}\nexport async function token(cached: string) {\n  return fetch(TOKEN, { method: "POST", body: ${body} });\n}\n`;
    const asObject = 'new URLSearchParams({ grant_type: "password", client_id: process.env.APP!, username: process.env.U!, password: process.env.P!, refresh_token: cached })';
    const asString = '"grant_type=password&client_id=" + process.env.APP + "&username=" + process.env.U + "&password=" + process.env.P + "&refresh_token=" + cached';
    for (const body of [asObject, asString]) {
      const { findings } = await analyze('token.ts', post(body), 'typescript');
      assert.deepEqual(findings.map((f) => f.fixes.length), [0], body);
      assert.match(findings[0].message, /No fix is offered here: the body already posts a refresh_token beside the password/, body);
      const withoutToken = await analyze('token.ts', post(body.replace(/, refresh_token: cached| \+ "&refresh_token=" \+ cached/, '')), 'typescript');
      assert.equal(withoutToken.findings[0].fixes.length, 1, body);
    }
  });

  it('a string body whose grant_type is the password grant on some paths only is found with no fix, and says so; on every path it keeps its fix', async () => {
    const post = (grant: string) =>
      `${TOKEN_URL}\nexport async function token(refresh: boolean) {\n  return fetch(TOKEN, { method: "POST", body: \`client_id=\${process.env.APP}&grant_type=\${${grant}}&username=\${process.env.U}&password=\${process.env.P}\` });\n}\n`;
    const somePaths = (await analyze('token.ts', post('refresh ? "refresh_token" : "password"'), 'typescript')).findings;
    assert.deepEqual(somePaths.map((f) => f.fixes.length), [0]);
    assert.match(somePaths[0].message, /No fix is offered here: the grant_type is the password grant on some paths only \(it is also "refresh_token"\)/);
    const everyPath = (await analyze('token.ts', post('refresh ? "password" : "Password"'), 'typescript')).findings;
    assert.deepEqual(everyPath.map((f) => f.fixes.length), [1]);
    assert.match(everyPath[0].fixes[0].edits[0].newText, /&grant_type=refresh_token&/);
  });

  it('a string body whose grant_type field is chosen whole, in a settings member another function changes or in a template inside a template, is found with no fix, and says so', async () => {
    const post = (body: string, before = '') => `${TOKEN_URL}\n${before}\nexport async function token(app: boolean) {\n  return fetch(TOKEN, { method: "POST", body: ${body} });\n}\n`;
    const credentials = '"&username=" + process.env.U + "&password=" + process.env.P';
    const bodies: [string, string, string][] = [
      ['settings member', `"grant_type=" + settings.grant + "&client_id=" + process.env.APP + ${credentials}`, 'const settings = { grant: "password" };\nexport function appOnly() { settings.grant = "client_credentials"; }'],
      ['whole field by ?:', `(app ? "grant_type=client_credentials" : "grant_type=password") + ${credentials}`, ''],
      ['whole field by ||', `(process.env.FIELD || "grant_type=password") + ${credentials}`, ''],
      ['template in a template', '`client_id=${process.env.APP}&${app ? `grant_type=client_credentials` : `grant_type=password&username=${process.env.U}&password=${process.env.P}`}`', ''],
    ];
    for (const [name, body, before] of bodies) {
      const { findings } = await analyze('token.ts', post(body, before), 'typescript');
      assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes.length]), [['ts-ropc-http', 0]], name);
      const other = name.endsWith('||') ? 'a value the file does not show' : '"client_credentials"';
      assert.ok(findings[0].message.includes(`No fix is offered here: the grant_type is the password grant on some paths only (it is also ${other})`), name);
    }
    const neither = post('`client_id=${process.env.APP}&${app ? `grant_type=authorization_code&code=${process.env.CODE}` : "grant_type=client_credentials"}`');
    assert.deepEqual((await analyze('token.ts', neither, 'typescript')).findings, []);
  });

  it("a password literal in the arm of a string body's field chosen with ?: is a password given to the sign-in", async () => {
    const source = `${TOKEN_URL}\nconst PW = "Summer2024!";\nexport async function token(app: boolean) {\n  return fetch(TOKEN, { method: "POST", body: \`client_id=\${process.env.APP}&\${app ? "grant_type=client_credentials" : \`grant_type=password&username=svc@contoso.com&password=\${PW}\`}\` });\n}\n`;
    const { findings } = await analyze('token.ts', source, 'typescript');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['ts-hardcoded-password', 1], ['ts-ropc-http', 3]]);
  });

  it("a public client's id gives way to the Secure Application Model app's, which the finding points at", async () => {
    const { findings } = await analyze('token.ts', `${TOKEN_URL}\nexport async function token() {\n  return fetch(TOKEN, { method: "POST", body: new URLSearchParams({ grant_type: "password", client_id: process.env.OLD_CLIENT!, username: process.env.U!, password: process.env.P! }) });\n}\n`, 'typescript');
    assert.ok(findings[0].fixes[0].edits.some((edit) => edit.newText === 'await readMfaReadySecret("APP_ID")'));
    assert.ok(findings[0].related.some((r) => /the request's client: the refresh token is redeemed by the Secure Application Model's app/.test(r.message)));
  });
});

describe("the tenant a sign-in's authority names", () => {
  it("a member of a configuration module is the deployment's tenant; a parsed message's, a per-call require's or a parameter's is worked out at run time", async () => {
    const host = 'https://login.microsoftonline.com/';
    const atRunTime = (code: string) => buildsTenantAtRunTime(code);
    assert.equal(atRunTime(`import * as cfg from "./config";\nconst authority = \`${host}\${cfg.tenant.id}\`;`), false);
    assert.equal(atRunTime(`const settings = require("./settings.json");\nconst authority = "${host}" + settings.tenantId;`), false);
    assert.equal(atRunTime(`const customer = JSON.parse(message.body);\nconst authority = \`${host}\${customer.tenantId}\`;`), true);
    assert.equal(atRunTime(`function load(file) {\n  const cfg = require(file);\n  return \`${host}\${cfg.tenantId}\`;\n}`), true);
    assert.equal(atRunTime(`const cfg = require("./config");\nfunction authorityOf(cfg) { return \`${host}\${cfg.tenantId}\`; }`), true);
  });

  it("a constant or a constant settings object written in the file, or the fixes' own secret reader, is the deployment's tenant", () => {
    const host = 'https://login.microsoftonline.com/';
    const atRunTime = (code: string) => buildsTenantAtRunTime(code);
    assert.equal(atRunTime(`const TENANT = "contoso.onmicrosoft.com";\nconst authority = \`${host}\${TENANT}\`;`), false);
    assert.equal(atRunTime(`const settings = { clientId: "x", tenantId: "contoso.onmicrosoft.com" };\nconst authority = \`${host}\${settings.tenantId}\`;`), false);
    assert.equal(atRunTime(`const authority = \`${host}\${await readMfaReadySecret("TENANT_ID")}\`;`), false);
    // The generated code's own authority, which reads the secret only where the replaced sign-in named no tenant.
    assert.equal(atRunTime(`const authority = \`${host}\${tenantId ?? await readMfaReadySecret("TENANT_ID")}\`;`), false);
    // A top-level var or let that nothing assigns again is one too (adal-node's samples: `authorityHostUrl + '/' + tenant`).
    assert.equal(atRunTime(`let tenant = "contoso.onmicrosoft.com";\nconst authority = \`${host}\${tenant}\`;`), false);
    assert.equal(atRunTime(`var authorityHostUrl = 'https://login.windows.net';\nvar tenant = 'contoso.onmicrosoft.com';\nvar authorityUrl = authorityHostUrl + '/' + tenant;`), false);
    // One assigned again (also by destructuring or an operator), or a settings object whose tenant is not written in it, is still worked out at run time.
    assert.equal(atRunTime(`let tenant = "contoso.onmicrosoft.com";\nif (req.query.t) tenant = req.query.t;\nconst authority = \`${host}\${tenant}\`;`), true);
    assert.equal(atRunTime(`var tenant = "contoso.onmicrosoft.com";\n[tenant] = process.argv.slice(2);\nconst authority = \`${host}\${tenant}\`;`), true);
    assert.equal(atRunTime(`let tenant = "contoso";\ntenant += suffix;\nconst authority = \`${host}\${tenant}\`;`), true);
    for (const reassigned of ['for (tenant of tenants) {', 'for (tenant in byTenant) {', '({ a: { b: tenant } } = x);', '[...tenant] = x;']) {
      assert.equal(atRunTime(`var tenant = "contoso.onmicrosoft.com";\n${reassigned}\nconst authority = \`${host}\${tenant}\`;`), true, reassigned);
    }
    assert.equal(atRunTime(`var tenant$ = "contoso.onmicrosoft.com";\n[tenant$] = argv;\nconst authority = \`${host}\${tenant$}\`;`), true);
    assert.equal(atRunTime(`const settings = { tenantId: customer.tenant };\nconst authority = \`${host}\${settings.tenantId}\`;`), true);
    // So is a parameter of that name, a constant inside another function, a member assigned again, or another secret.
    const parameter = `export function tokenFor(tenantId) {\n  return \`${host}\${tenantId}\`;\n}\nexport function demo() {\n  const tenantId = "contoso.onmicrosoft.com";\n  return tokenFor(tenantId);\n}`;
    assert.equal(atRunTime(parameter), true);
    assert.equal(atRunTime(`const TENANT = "contoso.onmicrosoft.com";\nexport const tokenFor = (TENANT) => \`${host}\${TENANT}\`;`), true);
    assert.equal(atRunTime(`const TENANT = "contoso.onmicrosoft.com";\nexport const tokenFor = TENANT => \`${host}\${TENANT}\`;`), true);
    // A call given the constant takes no parameter of its name: the constant is still the deployment's.
    assert.equal(atRunTime(`const TENANT = "contoso.onmicrosoft.com";\nconsole.log("Signing in to", TENANT);\nconst authority = \`${host}\${TENANT}\`;`), false);
    assert.equal(atRunTime(`const settings = { tenantId: "contoso.onmicrosoft.com" };\nsettings.tenantId = req.query.tenant;\nconst authority = \`${host}\${settings.tenantId}\`;`), true);
    assert.equal(atRunTime(`const authority = \`${host}\${await readMfaReadySecret(req.query.t)}\`;`), true);
  });

  it('a constant that holds the login host is read from its own declaration only, and a tenant written after it is no run-time one', () => {
    const atRunTime = (code: string) => buildsTenantAtRunTime(code);
    const typedAbove = 'let cache: string;\nconst AUTHORITY_HOST = "https://login.microsoftonline.com";\nconst authority = `${AUTHORITY_HOST}/${tenantId}`;';
    assert.equal(atRunTime(typedAbove), true);
    assert.equal(atRunTime('const AUTHORITY_HOST = "https://login.microsoftonline.com/";\nconst authority = AUTHORITY_HOST + "contoso.onmicrosoft.com";'), false);
    assert.equal(atRunTime('const AUTH = "https://login.microsoftonline.com/";\nconst token = AUTH + "common/oauth2/v2.0/token";'), false);
  });

  it("asks a language that resolves names about the tenant's name where it stands in the code, also after a host constant written out", () => {
    const code = [
      'const AUTH = "https://login.microsoftonline.com/";',
      'const AUTHORITY = "https://login.microsoftonline.com";',
      'const a = AUTH + tenantId;',
      'const b = `${AUTHORITY}/${tenantId}`;',
      'const c = AUTHORITY + "/" + region;',
    ].join('\n');
    const asked: string[] = [];
    const fromEnvironment = (name: string, at: number) => asked.push(code.slice(at, at + name.length)) > 0;
    assert.equal(buildsTenantAtRunTime(code, fromEnvironment), false);
    assert.deepEqual(asked, ['tenantId', 'tenantId', 'region']);
  });

  it('a tenant appended to a constant that holds the login host is worked out at run time too', () => {
    const atRunTime = (code: string) => buildsTenantAtRunTime(code);
    assert.equal(atRunTime("const AUTH_URL = 'https://login.microsoftonline.com';\nnew AuthenticationContext(`${AUTH_URL}/${this.tenant}`);"), true);
    assert.equal(atRunTime("const AUTH_URL = 'https://login.microsoftonline.com';\nnew AuthenticationContext(AUTH_URL + '/' + this.tenant);"), true);
    assert.equal(atRunTime("const AUTHORITY_HOST = 'https://login.microsoftonline.us/';\nconst authority = AUTHORITY_HOST + customer.tenantId;"), true);
    assert.equal(atRunTime("const AUTH_URL = 'https://login.microsoftonline.com';\nnew AuthenticationContext(`${AUTH_URL}/${process.env.TENANT_ID}`);"), false);
  });
});

describe('ts-ropc-http where the code hands the token response on whole', () => {
  it('offers the fix but leaves it out of fix-all, and says where the response goes', async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'response-handed-on.js');
    const outcome = findings.map((f) => [f.range.start.line + 1, f.fixes.length > 0, f.fixes.some((fix) => fix.safeForFixAll), /on whole at line (\d+)/.exec(f.message)?.[1]]);
    // res.json(r.data); console.log through a second name; kept on an object in a .then callback; returned
    // down a promise chain; the whole axios response returned; a destructured callback parameter; only fields read;
    // fetch's Response given to a status check.
    assert.deepEqual(outcome, [
      [12, true, false, '13'],
      [18, true, false, '21'],
      [27, true, false, '28'],
      [34, true, false, '34'],
      [41, true, false, '42'],
      [45, true, false, '45'],
      [50, true, true, undefined],
      [58, true, true, undefined],
    ]);
  });

  it('reads the request itself as the response where no name holds it: returned, an arrow function\'s value, a callback\'s value', async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'request-returned-directly.ts');
    const outcome = findings.map((f) => [f.range.start.line + 1, f.fixes.length > 0, f.fixes.some((fix) => fix.safeForFixAll), /on whole at line (\d+)/.exec(f.message)?.[1]]);
    // fetch returned; axios awaited and returned; got's .json() of a got.extend client as an arrow's value; a
    // FormData body posted in a .then callback whose chain is returned; then the near misses: the response
    // dropped, only its access token returned, only its fields read, and request's callback given the response.
    assert.deepEqual(outcome, [
      [13, true, false, '13'],
      [18, true, false, '18'],
      [23, true, false, '22'],
      [28, true, false, '33'],
      [38, true, true, undefined],
      [41, true, true, undefined],
      [44, true, true, undefined],
      [50, true, true, undefined],
    ]);
  });
});

describe('ts-ropc-http in a k6 load test', () => {
  it("reads k6's check(res, { … }) as keeping the response, unless a checker hands it on", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'k6-check.js');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes.length, /on whole at line (\d+)/.exec(f.message)?.[1]]),
      [
        [10, 1, undefined],
        [22, 1, '28'],
      ],
    );
  });

  it('fixes a plain setup() as it stands: the k6 reader reads __ENV without await', async () => {
    const [finding] = await ruleFixtureFindings('ts-ropc-http', 'k6-sync-setup.js');
    assert.equal(finding.fixes.length, 1);
    assert.doesNotMatch(finding.fixes[0].edits.map((edit) => edit.newText).join('\n'), /\b(?:async|await)\b/);
  });
});

describe('the cloud a Secure Application Model fix signs in through', () => {
  it('is the sign-in\'s own: one beside another cloud\'s credential, or naming a cloud the file\'s other code does not, gets no fix-all and says why', async () => {
    const [beside] = await ruleFixtureFindings('ts-identity-username-password', 'beside-another-cloud.ts');
    assert.deepEqual(beside.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(beside.message, /it signs in to the public cloud \(login\.microsoftonline\.com\), its library's default, and the Secure Application Model fix signs in through login\.microsoftonline\.us/);
    const [government] = await ruleFixtureFindings('ts-identity-username-password', 'government-cloud-enum.ts');
    assert.deepEqual(government.fixes.map((fix) => fix.safeForFixAll), [true, false]);
    // A project's own enum named like the SDK's names no cloud.
    const own = "enum AzureEnvironment { AzureCloud = 'prod', AzureUSGovernment = 'gov' }\nimport { UsernamePasswordCredential } from '@azure/identity';\nexport const stage = AzureEnvironment.AzureUSGovernment;\nexport const c = new UsernamePasswordCredential(process.env.T!, process.env.C!, process.env.U!, process.env.P!);\n";
    const { findings } = await analyze('own.ts', own, 'typescript');
    assert.deepEqual(findings.find((f) => f.ruleId === 'ts-identity-username-password')!.fixes.map((fix) => fix.safeForFixAll), [true, false]);
  });
});

describe('a client whose options the file does not show', () => {
  const outcome = async (rule: string, fixture: string) =>
    (await ruleFixtureFindings(rule, fixture)).map((f) => [f.fixes.map((fix) => fix.safeForFixAll), /The client's authority \(line (\d+)\) does not show its login host/.exec(f.message)?.[1]]);

  it('gets no fix-all where its configuration, a part of it, or the client itself comes from another module, and says where', async () => {
    // msal: new PublicClientApplication(msalConfig) of an imported msalConfig; auth: { ...sharedAuth } of an imported one.
    assert.deepEqual(await outcome('ts-msal-ropc', 'config-from-module.ts'), [
      [[false, false], '8'],
      [[false, false], '15'],
    ]);
    assert.deepEqual(await outcome('ts-identity-username-password', 'options-from-module.ts'), [[[false, false], '6']]);
    // The context itself is imported: the call's line would not be the authority's.
    assert.deepEqual(await outcome('ts-adal-ropc', 'context-from-module.ts'), [[[false], undefined]]);
    const [adal] = await ruleFixtureFindings('ts-adal-ropc', 'context-from-module.ts');
    assert.match(adal.message, /The client \(authContext\) is made in \.\/adalContext: the file does not show its authority's login host, while/);
  });

  it('keeps fix-all where the file shows the configuration, also by name and through a spread of its own', async () => {
    assert.deepEqual(await outcome('ts-msal-ropc', 'config-shown.ts'), [[[true, false], undefined]]);
    assert.deepEqual(await outcome('ts-identity-username-password', 'options-shown.ts'), [[[true, false], undefined]]);
  });
});

describe('ts-ropc-http in bundles', () => {
  it("names the HTTP client a bundler's interop helper hands on (Rollup's _interopDefaultLegacy of a required module)", async () => {
    const [finding] = await ruleFixtureFindings('ts-ropc-http', 'bundled-by-rollup.js');
    assert.match(finding.message, /posted to the Microsoft token endpoint with got\b/);
  });
});

describe('ts-ropc-http where the new body would read the secrets at the top level', () => {
  it('offers no fix for a body written at the top level and posted from a function, and says to write it there', async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'module-level-body.ts');
    const outcome = findings.map((f) => [f.range.start.line + 1, f.fixes.map((fix) => fix.safeForFixAll), /posted from (\w+): rewritten there/.exec(f.message)?.[1]]);
    // URLSearchParams posted by fetch in graphToken; an object given to qs.stringify in an arrow function;
    // a body written in the async function that posts it.
    assert.deepEqual(outcome, [
      [11, [], 'graphToken'],
      [23, [], 'managementToken'],
      [28, [true], undefined],
    ]);
  });

  it('reads a module as able to await at its top level by its extension or an await there, not by its import statements', async () => {
    const [script] = await ruleFixtureFindings('ts-ropc-http', 'top-level-script.ts');
    assert.deepEqual(script.fixes, []);
    assert.match(script.message, /which the top level of a CommonJS module cannot use, and import statements do not make a file an ES module/);
    const [awaiting] = await ruleFixtureFindings('ts-ropc-http', 'top-level-await-script.js');
    assert.deepEqual(awaiting.fixes.map((fix) => fix.safeForFixAll), [true]);
  });
});

describe('ts-ropc-http to <unknown base>/oauth2/token', () => {
  it("hedges where only a client_id says the server is Entra ID's, rules out another service's scopes, and is sure of a Microsoft resource or Graph's scopes", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'unknown-authority.ts');
    const outcome = findings.map((f) => [f.range.start.line + 1, f.severity, /posted (to the Microsoft token endpoint|with fetch to an OAuth token endpoint the file does not name)/.exec(f.message)?.[1]]);
    assert.deepEqual(outcome, [
      [3, 'warning', 'with fetch to an OAuth token endpoint the file does not name'],
      [9, 'error', 'to the Microsoft token endpoint'],
      [15, 'error', 'to the Microsoft token endpoint'],
      [27, 'error', 'to the Microsoft token endpoint'],
    ]);
    assert.match(findings[0].message, /\. If it is Microsoft's, ROPC cannot satisfy MFA/);
  });
});

describe("ts-ropc-http on a page's login form", () => {
  it("takes a password read from the page's inputs (document.getElementById('password').value) as the visitor's own: MSAL.js in the page, no Secure Application Model advice", async () => {
    const [finding] = await ruleFixtureFindings('ts-ropc-http', 'page-login-form.js');
    assert.deepEqual(finding.fixes, []);
    assert.match(finding.message, /The credentials are typed in by whoever uses the page: .*loginPopup/);
    assert.doesNotMatch(finding.message, /Secure Application Model|redeem the refresh token on a server/);
  });

  it("takes a password from an input element held in a variable, or from jQuery's $('#pass').val(), as the visitor's own", async () => {
    const findings = await ruleFixtureFindings('ts-ropc-http', 'page-inputs-held-and-jquery.js');
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.message, /The credentials are typed in by whoever uses the page: .*loginPopup/);
      assert.doesNotMatch(finding.message, /Secure Application Model|redeem the refresh token on a server/);
    }
  });
});

describe('ts-ropc-http: a URL from a class getter, and what the message says requires MFA', () => {
  /** The message of the one ts-ropc-http finding of a module, and whether it has a fix. */
  async function grantFinding(lines: string[]): Promise<{ message: string; fixed: boolean }> {
    const { findings } = await analyze('module.ts', `${lines.join('\n')}\n`, 'typescript');
    const [finding] = findings.filter((f) => f.ruleId === 'ts-ropc-http');
    return { message: finding.message, fixed: finding.fixes.length > 0 };
  }

  const tokenRequest = (scope: string): string[] => [
    'import axios from "axios";',
    'const API_URL = "https://login.microsoftonline.com/";',
    'export default class AzureAPI {',
    '  constructor(private readonly tenant: string, private readonly clientId: string) {}',
    '  public get apiUrl(): string { return API_URL + this.tenant; }',
    '  public async requestToken(username: string, password: string) {',
    `    const data = { client_id: this.clientId, scope: "${scope}", grant_type: "password", username, password };`,
    '    return (await axios.post(this.apiUrl + "/oauth2/v2.0/token", new URLSearchParams(data).toString())).data;',
    '  }',
    '}',
  ];

  it("reads the URL through the class's getter: the login host is shown, and the callers' credentials decide the fix", async () => {
    const { message, fixed } = await grantFinding(tokenRequest('user.read openid'));
    assert.doesNotMatch(message, /does not show the host/);
    assert.match(message, /to the Microsoft token endpoint with axios/);
    assert.match(message, /The credentials are the callers'/);
    assert.ok(fixed);
  });

  it('says what requires MFA by what the body signs in to: Partner Center, Azure Resource Manager, anything else', async () => {
    const partnerCenter = await grantFinding(tokenRequest('https://api.partnercenter.microsoft.com/user_impersonation'));
    const azure = await grantFinding(tokenRequest('https://management.azure.com/user_impersonation'));
    const graph = await grantFinding(tokenRequest('https://graph.microsoft.com/.default'));
    assert.match(partnerCenter.message, /App\+User Partner Center calls from 2026-04-01/);
    assert.match(azure.message, /Azure requires it of user sign-ins that create, update or delete resources \(from 2025-10-01/);
    assert.match(graph.message, /once MFA applies to the account \(security defaults, Conditional Access\), and Microsoft requires MFA for every user of a partner tenant\./);
    for (const other of [azure, graph]) assert.doesNotMatch(other.message, /Partner Center/);
  });
});
