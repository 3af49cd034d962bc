import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { fixAll } from '../../src/engine/fix-all';

const MSAL = [
  'const msal = require("@azure/msal-node");',
  'const pca = new msal.PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID } });',
];
const SIGN_IN = 'pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username, password })';

/** The ts-msal-ropc finding of a module, and what fix-all does with the module. */
async function signInOf(lines: string[]) {
  const text = `${[...MSAL, ...lines].join('\n')}\n`;
  const { findings } = await analyze('login.js', text, 'javascript');
  const finding = findings.find((f) => f.ruleId === 'ts-msal-ropc');
  assert.ok(finding, 'the sign-in is found');
  const fixed = await fixAll('login.js', text, 'javascript');
  return { finding, fixedByFixAll: fixed.applied.some((record) => record.ruleId === 'ts-msal-ropc'), text };
}

function lineAt(text: string, range: { start: { line: number; character: number }; end: { character: number } }): string {
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

describe("sign-ins with the callers' credentials", () => {
  const fromRequest: Record<string, string[]> = {
    "an Express handler's request body, destructured": [
      'app.post("/login", async (req, res) => {',
      '  const { username, password } = req.body;',
      `  res.json(await ${SIGN_IN});`,
      '});',
    ],
    'a JSON body read with await request.json()': [
      'export async function POST(request) {',
      '  const { username, password } = await request.json();',
      `  return Response.json(await ${SIGN_IN});`,
      '}',
    ],
    'a form field, through a variable': [
      'export async function POST(request) {',
      '  const form = await request.formData();',
      '  const username = form.get("username");',
      '  const password = form.get("password");',
      `  return Response.json(await ${SIGN_IN});`,
      '}',
    ],
    "a Lambda event's parsed body": [
      'exports.handler = async (event) => {',
      '  const { username, password } = JSON.parse(event.body);',
      `  return ${SIGN_IN};`,
      '};',
    ],
    "a private helper called with the request's fields": [
      'function signIn(username, password) {',
      `  return ${SIGN_IN};`,
      '}',
      'app.post("/login", (req, res) => signIn(req.body.user, req.body.pass).then((r) => res.json(r)));',
    ],
  };
  for (const [source, lines] of Object.entries(fromRequest)) {
    it(`${source}: no fix (one stored token would let any caller in), and the finding says to sign users in interactively`, async () => {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.deepEqual(finding.fixes, []);
      assert.equal(fixedByFixAll, false);
      assert.match(finding.message, /come from the request.*authorization code flow with PKCE/);
      assert.ok(finding.related.some((r) => /from the request here/.test(r.message)));
    });
  }

  it("an exported function's parameters: the fixes are offered, fix-all applies none, and the finding says why", async () => {
    const { finding, fixedByFixAll, text } = await signInOf(['export function graphToken(username, password) {', `  return ${SIGN_IN};`, '}']);
    assert.ok(finding.fixes.length > 0);
    assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /Secure Application Model.*The credentials are the callers' \(a parameter\)/);
    const parameter = finding.related.find((r) => /callers' \(a parameter\)/.test(r.message));
    assert.equal(parameter && lineAt(text, parameter.range), 'username', 'it points at the parameter');
  });

  it("a private function the file calls with the service account's settings: fix-all applies the Secure Application Model fix", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'function graphToken(username, password) {',
      `  return ${SIGN_IN};`,
      '}',
      'graphToken(process.env.SVC_USER, process.env.SVC_PASSWORD);',
    ]);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
    assert.doesNotMatch(finding.message, /callers|request/);
  });

  it("a loop over the script's own accounts is the code's own: fix-all applies the fix", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'const accounts = require("./accounts.json");',
      'for (const { username, password } of accounts) {',
      `  ${SIGN_IN};`,
      '}',
    ]);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
  });

  it('a password grant posted with fetch from a sign-in function: the same, for ts-ropc-http', async () => {
    const text = [
      'export async function signIn(username: string, password: string) {',
      '  return fetch("https://login.microsoftonline.com/organizations/oauth2/v2.0/token", {',
      '    method: "POST",',
      '    body: new URLSearchParams({ grant_type: "password", client_id: "app", username, password, scope: "openid" }),',
      '  });',
      '}',
      '',
    ].join('\n');
    const { findings } = await analyze('sign-in.ts', text, 'typescript');
    const finding = findings.find((f) => f.ruleId === 'ts-ropc-http');
    assert.ok(finding && finding.fixes.length === 1 && !finding.fixes[0].safeForFixAll);
    assert.match(finding.message, /callers' \(a parameter\)/);
  });
});
