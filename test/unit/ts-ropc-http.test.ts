import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';

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
    assert.match(findings[0].message, /No fix is offered here: the body is written in send, which the file also calls to post it elsewhere/);
  });
});
