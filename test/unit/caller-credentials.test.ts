import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { fixAll } from '../../src/engine/fix-all';
import { ruleFixtureFindings } from './fixtures';

const MSAL = [
  'const msal = require("@azure/msal-node");',
  'const pca = new msal.PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID } });',
];
const SIGN_IN = 'pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username, password })';

/** The ts-msal-ropc finding of a module, and what fix-all does with the module. */
async function signInOf(lines: string[], language: 'javascript' | 'typescript' = 'javascript') {
  const text = `${[...MSAL, ...lines].join('\n')}\n`;
  const file = language === 'typescript' ? 'login.ts' : 'login.js';
  const { findings } = await analyze(file, text, language);
  const finding = findings.find((f) => f.ruleId === 'ts-msal-ropc');
  assert.ok(finding, 'the sign-in is found');
  const fixed = await fixAll(file, text, language);
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
    'a Koa context\'s request body': ['router.post("/login", async (ctx) => {', `  ctx.body = await pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: ctx.request.body.user, password: ctx.request.body.pass });`, '});'],
    "a Hapi request's payload": ['server.route({ method: "POST", path: "/login", handler: (request) => {', '  const { username, password } = request.payload;', `  return ${SIGN_IN};`, '} });'],
    'a basic authentication header, split': [
      'app.get("/token", async (req, res) => {',
      '  const [username, password] = Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":");',
      `  res.json(await ${SIGN_IN});`,
      '});',
    ],
    'destructured in the handler, used in a callback inside it': [
      'app.post("/login", (req, res) => {',
      '  const { username, password } = req.body;',
      `  validate(username).then(() => ${SIGN_IN}).then((r) => res.json(r));`,
      '});',
    ],
    "the handler's own declaration, not one in a block before it": [
      'const svc = require("./svc.json");',
      'app.post("/login", async (req, res) => {',
      '  if (req.query.selftest) { const { username, password } = svc; return res.json({ username, password }); }',
      '  const { username, password } = req.body;',
      `  res.json(await ${SIGN_IN});`,
      '});',
    ],
    'destructured by an assignment': ['app.post("/login", async (req, res) => {', '  let username, password;', '  ({ username, password } = req.body);', `  res.json(await ${SIGN_IN});`, '});'],
    'each account a request lists': ['app.post("/batch", async (req, res) => {', '  for (const { username, password } of req.body.accounts) {', `    await ${SIGN_IN};`, '  }', '});'],
    "a private helper whose parameter is destructured, given the request's body": [
      'function signIn({ username, password }) {',
      `  return ${SIGN_IN};`,
      '}',
      'app.post("/login", async (req, res) => res.json(await signIn(req.body)));',
    ],
    "the request's body spread into msal's request": [
      'app.post("/login", async (req, res) => res.json(await pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], ...req.body })));',
    ],
    'a value renamed through ten variables': [
      'app.post("/login", async (req, res) => {',
      '  const { username } = req.body;',
      '  const a1 = req.body.password; const a2 = a1; const a3 = a2; const a4 = a3; const a5 = a4;',
      '  const a6 = a5; const a7 = a6; const a8 = a7; const a9 = a8; const password = a9;',
      `  res.json(await ${SIGN_IN});`,
      '});',
    ],
    "module variables a handler destructures the request's body into, read by another function": [
      'let username, password;',
      `function doLogin() { return ${SIGN_IN}; }`,
      'app.post("/login", async (req, res) => { ({ username, password } = req.body); res.json(await doLogin()); });',
    ],
    "a user's stored row, looked up by what the request names (each user's own account, not the service's)": [
      'app.post("/login", async (req, res) => {',
      '  const account = await Account.findOne({ where: { email: req.body.email } });',
      '  const { username, password } = account;',
      `  res.json(await ${SIGN_IN});`,
      '});',
    ],
    "a private helper called with the request's fields": [
      'function signIn(username, password) {',
      `  return ${SIGN_IN};`,
      '}',
      'app.post("/login", (req, res) => signIn(req.body.user, req.body.pass).then((r) => res.json(r)));',
    ],
    "a private helper given the whole request, reading its body": [
      'function signIn(req) {',
      '  const { username, password } = req.body;',
      `  return ${SIGN_IN};`,
      '}',
      'app.post("/login", async (req, res) => res.json(await signIn(req)));',
    ],
    "the request's fields returned by a private helper": [
      'function extract(req) {',
      '  const { email, pwd } = req.body;',
      '  return { username: email, password: pwd };',
      '}',
      'app.post("/login", async (req, res) => {',
      '  const c = extract(req);',
      '  res.json(await pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: c.username, password: c.password }));',
      '});',
    ],
    "the request's fields returned by an async arrow, destructured": [
      'const credentialsOf = async (r) => ({ username: r.body.user, password: r.body.pass });',
      'app.post("/login", async (req, res) => {',
      '  const { username, password } = await credentialsOf(req);',
      `  res.json(await ${SIGN_IN});`,
      '});',
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

  const typedIn: Record<string, string[]> = {
    "readline's question, the answer handed to a callback": [
      'const rl = require("readline").createInterface({ input: process.stdin, output: process.stdout });',
      'const username = "ops@contoso.com";',
      `rl.question("Password: ", (password) => ${SIGN_IN});`,
    ],
    "inquirer's answers, destructured": [
      'const inquirer = require("inquirer");',
      'async function signIn() {',
      '  const { username, password } = await inquirer.prompt([{ name: "username" }, { name: "password", type: "password" }]);',
      `  return ${SIGN_IN};`,
      '}',
      'signIn();',
    ],
    "a prompt helper of the file's own, the username from the command line": [
      'const rl = require("readline").createInterface({ input: process.stdin, output: process.stdout });',
      'const ask = (question) => new Promise((resolve) => rl.question(question, resolve));',
      'async function main() {',
      '  const username = process.argv[2];',
      '  const password = await ask("Password: ");',
      `  console.log(await ${SIGN_IN});`,
      '}',
      'main();',
    ],
  };
  for (const [source, lines] of Object.entries(typedIn)) {
    it(`${source}: typed in by whoever runs the program, so no fix, and the finding says to sign that person in with the device code flow`, async () => {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.deepEqual(finding.fixes, []);
      assert.equal(fixedByFixAll, false);
      assert.match(finding.message, /typed in by whoever runs the program.*acquireTokenByDeviceCode/);
      assert.ok(finding.related.some((r) => /typed in here/.test(r.message)));
    });
  }

  const typedInVsCode: Record<string, string[]> = {
    "an input box the extension builds (createInputBox), its value read once accepted": [
      'const vscode = require("vscode");',
      'const username = "ops@contoso.com";',
      'function ask() {',
      '  return new Promise((resolve) => {',
      '    const box = vscode.window.createInputBox();',
      '    box.password = true;',
      '    box.onDidAccept(() => resolve(box.value));',
      '    box.show();',
      '  });',
      '}',
      'async function signIn() {',
      '  const password = await ask();',
      `  return ${SIGN_IN};`,
      '}',
      'module.exports = { signIn };',
    ],
    "VS Code's input box for a password": [
      'const vscode = require("vscode");',
      'async function signIn() {',
      '  const username = await vscode.window.showInputBox({ prompt: "Work account" });',
      '  const password = await vscode.window.showInputBox({ prompt: "Password", password: true });',
      `  return ${SIGN_IN};`,
      '}',
      'module.exports = { signIn };',
    ],
    "VS Code's window imported by name, its input box's answer handed to then": [
      'const { window } = require("vscode");',
      'const username = "ops@contoso.com";',
      `module.exports = () => window.showInputBox({ password: true }).then((password) => ${SIGN_IN});`,
    ],
  };
  for (const [source, lines] of Object.entries(typedInVsCode)) {
    it(`${source}: typed in by whoever uses the extension, so no fix, and the finding says to sign in with VS Code's Microsoft account`, async () => {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false]);
      assert.match(finding.message, /typed in by whoever uses the extension.*vscode\.authentication\.getSession\("microsoft", scopes, \{ createIfNone: true \}\)/);
      assert.ok(finding.related.some((r) => /typed in here by whoever uses the extension/.test(r.message)));
    });
  }

  it("the page's prompt() (global, or the global object's): typed in by whoever uses the page, so no fix, and the finding says to sign in with MSAL.js", async () => {
    for (const ask of ['window.prompt("Password")', 'prompt("Password")', '(globalThis as any).prompt("Password")']) {
      const lines = ['const username = "ops@contoso.com";', 'export async function signIn() {', `  const password = ${ask} ?? "";`, `  return ${SIGN_IN};`, '}'];
      const { finding, fixedByFixAll } = await signInOf(lines, 'typescript');
      assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false], ask);
      assert.match(finding.message, /typed in by whoever uses the page.*@azure\/msal-browser's loginPopup or acquireTokenPopup/, ask);
    }
  });

  it("an input box the extension builds holds what is typed in its value only: its title is the extension's own", async () => {
    const lines = ['const vscode = require("vscode");', 'const username = "ops@contoso.com";', 'async function signIn() {', '  const box = vscode.window.createInputBox();', '  box.title = process.env.SVC_PASSWORD;', '  const password = box.title;', `  return ${SIGN_IN};`, '}', 'module.exports = { signIn };'];
    assert.doesNotMatch((await signInOf(lines)).finding.message, /typed in by whoever uses the extension/);
  });

  it("jQuery's $('#pass').val() is the page visitor's; cheerio's $ on a server, or a parameter named $, is not", async () => {
    const page = ['const username = "ops@contoso.com";', 'export async function signIn() {', '  const password = $("#pass").val();', `  return ${SIGN_IN};`, '}'];
    assert.match((await signInOf(page, 'typescript')).finding.message, /typed in by whoever uses the page/);
    const imported = ['import $ from "jquery";', ...page];
    assert.match((await signInOf(imported, 'typescript')).finding.message, /typed in by whoever uses the page/);
    const scraped = ['const cheerio = require("cheerio");', 'const username = "ops@contoso.com";', 'export async function signIn(html) {', '  const $ = cheerio.load(html);', '  const password = $("#pass").val();', `  return ${SIGN_IN};`, '}'];
    const parameter = ['const username = "ops@contoso.com";', 'export async function signIn($) {', '  const password = $("#pass").val();', `  return ${SIGN_IN};`, '}'];
    for (const lines of [scraped, parameter]) assert.doesNotMatch((await signInOf(lines)).finding.message, /typed in by whoever uses the page/, lines.join('\n'));
  });

  it("a prompt() the file declares itself, or an object's, is no page's: fix-all applies the fix (a parameter's is the callers')", async () => {
    const signIn = `module.exports.signIn = () => ${SIGN_IN};`;
    const cases: [string[], boolean][] = [
      [['function prompt(name) { return process.env[name]; }', 'const password = prompt("SVC_PASSWORD");', signIn], true],
      [['const { prompt } = require("./settings");', 'const password = prompt("SVC_PASSWORD");', signIn], true],
      [['const settings = require("./settings");', 'const password = settings.prompt("SVC_PASSWORD");', signIn], true],
      [['module.exports.signInWith = async (prompt) => {', '  const password = await prompt("Password");', `  return ${SIGN_IN};`, '};'], false],
    ];
    for (const [lines, fixedUnattended] of cases) {
      const { finding, fixedByFixAll } = await signInOf(['const username = "svc@contoso.com";', ...lines]);
      assert.doesNotMatch(finding.message, /typed in/, lines.join('\n'));
      assert.equal(fixedByFixAll, fixedUnattended, lines.join('\n'));
    }
  });

  it('a promise around a question, and an enquirer prompt: typed in, so no fix', async () => {
    for (const lines of [
      ['const readline = require("readline");', 'const username = "ops@contoso.com";', 'async function main() {', '  const rl = readline.createInterface({ input: process.stdin });', '  const password = await new Promise((resolve) => rl.question("Password: ", resolve));', `  return ${SIGN_IN};`, '}', 'main();'],
      ['const { Password } = require("enquirer");', 'const username = "ops@contoso.com";', 'async function main() {', '  const password = await new Password({ message: "Password?" }).run();', `  return ${SIGN_IN};`, '}', 'main();'],
    ]) {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false], lines.join('\n'));
      assert.match(finding.message, /typed in by whoever runs the program/);
    }
  });

  it("functions named like prompts that read configuration, in a file that imports no prompt module, are the code's own: fix-all applies the fix", async () => {
    for (const lines of [
      ['function input(name) { return process.env[name]; }', 'const username = input("SVC_USER");', 'const password = input("SVC_PASSWORD");', `module.exports = () => ${SIGN_IN};`],
      ['const secrets = require("./secrets");', 'const username = "svc@contoso.com";', 'const password = secrets.password("svc");', `module.exports = () => ${SIGN_IN};`],
    ]) {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.ok(finding.fixes[0]?.safeForFixAll, lines.join('\n'));
      assert.equal(fixedByFixAll, true);
    }
  });

  it("the program's command line (process.argv, minimist, yargs, commander): the fixes are offered, fix-all applies none, and the finding says why", async () => {
    for (const lines of [
      ['const [, , username, password] = process.argv;', `module.exports = () => ${SIGN_IN};`],
      ['const args = require("minimist")(process.argv.slice(2));', 'const { user: username, pass: password } = args;', `module.exports = () => ${SIGN_IN};`],
      ['const argv = require("yargs").argv;', 'const { username, password } = argv;', `module.exports = () => ${SIGN_IN};`],
      ['const { program } = require("commander");', 'program.option("--username <u>").option("--password <p>").parse();', 'const { username, password } = program.opts();', `module.exports = () => ${SIGN_IN};`],
    ]) {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll), lines.join('\n'));
      assert.equal(fixedByFixAll, false);
      assert.match(finding.message, /come from the program's command line.*device code flow/);
    }
  });

  it("an exported function's parameters: the fixes are offered, fix-all applies none, and the finding says why", async () => {
    const { finding, fixedByFixAll, text } = await signInOf(['export function graphToken(username, password) {', `  return ${SIGN_IN};`, '}']);
    assert.ok(finding.fixes.length > 0);
    assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /Secure Application Model refresh token instead\. The credentials are the callers' \(parameters\).*leaves the fixes to you/);
    const parameter = finding.related.find((r) => /callers' \(a parameter\)/.test(r.message));
    assert.equal(parameter && lineAt(text, parameter.range), 'username', 'it points at the parameter');
  });

  it("an exported class's options copied in with Object.assign(this, options): the callers', so fix-all applies none", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'class GraphClient {',
      '  constructor(options) {',
      '    Object.assign(this, options);',
      '  }',
      '  token() {',
      '    return pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: this.username, password: this.password });',
      '  }',
      '}',
      'module.exports = GraphClient;',
    ]);
    assert.ok(finding.fixes.length > 0);
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /The credentials are the callers' \(parameters\)/);
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

  it("two private functions deep, one named like a word the file's strings hold (graph, in https://graph.microsoft.com), given the service account's settings: fix-all applies the fix", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'async function acquire(scopes, u, p) {',
      '  return pca.acquireTokenByUsernamePassword({ scopes, username: u, password: p });',
      '}',
      'async function graph(u, p) {',
      '  return acquire(["https://graph.microsoft.com/.default"], u, p);',
      '}',
      'graph(process.env.SVC_USER, process.env.SVC_PASSWORD).then((r) => console.log(`graph: ${r.scopes}`));',
    ]);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
    assert.doesNotMatch(finding.message, /callers/);
  });

  it('a private function the file calls with two different accounts: the fixes are offered, fix-all applies none, and the finding says why', async () => {
    const { finding, fixedByFixAll, text } = await signInOf([
      'function graphToken(username, password) {',
      `  return ${SIGN_IN};`,
      '}',
      'const student = () => graphToken("stu4@contoso.com", process.env.STUDENT_PASSWORD);',
      'const teacher = () => graphToken("teach1@contoso.com", process.env.TEACHER_PASSWORD);',
      'module.exports = { student, teacher };',
    ]);
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /The file's calls pass this sign-in different accounts/);
    const parameter = finding.related.find((r) => /different accounts/.test(r.message));
    assert.equal(parameter && lineAt(text, parameter.range), 'username', 'it points at the parameter');
  });

  it('the same account passed from two places, as written alike: fix-all applies the fix', async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'function graphToken(username, password) {',
      `  return ${SIGN_IN};`,
      '}',
      'const nightly = () => graphToken(process.env.SVC_USER, process.env.SVC_PASSWORD);',
      'const hourly = () => graphToken(process.env.SVC_USER,  process.env.SVC_PASSWORD);',
      'module.exports = { nightly, hourly };',
    ]);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
  });

  it('a retry that calls the function again with what it was given is no other account: fix-all applies the fix', async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'async function graphToken(username, password, attempt = 0) {',
      `  try { return await ${SIGN_IN}; } catch (e) { if (attempt < 3) return graphToken(username, password, attempt + 1); throw e; }`,
      '}',
      'graphToken(process.env.SVC_USER, process.env.SVC_PASSWORD);',
    ]);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
  });

  it('a retry with another account (a break-glass one) is another account: fix-all applies none', async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'async function graphToken(username, password, attempt = 0) {',
      `  try { return await ${SIGN_IN}; } catch (e) { if (attempt < 1) return graphToken(process.env.BREAKGLASS_USER, process.env.BREAKGLASS_PASSWORD, attempt + 1); throw e; }`,
      '}',
      'graphToken(process.env.SVC_USER, process.env.SVC_PASSWORD);',
    ]);
    assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
  });

  const ownCredentials: Record<string, string[]> = {
    'a row of a database query': ['async function sync(db) {', '  const [{ username, password }] = await db.query("select username, password from service_accounts");', `  return ${SIGN_IN};`, '}', 'sync(pool);'],
    "a vault's JSON answer": [
      'async function token() {',
      '  const { username, password } = await (await fetch(process.env.VAULT_URL)).json();',
      `  return ${SIGN_IN};`,
      '}',
      'token();',
    ],
    "a secret service's answer, read in the promise's continuation": [
      'function token() {',
      '  return fetch(process.env.SECRETS_URL).then(async (res) => {',
      '    const { username, password } = await res.json();',
      `    return ${SIGN_IN};`,
      '  });',
      '}',
      'token();',
    ],
    "what a private function returns": [
      'function serviceAccount() {',
      '  return { username: process.env.SVC_USER, password: process.env.SVC_PASSWORD };',
      '}',
      'const { username, password } = serviceAccount();',
      `${SIGN_IN};`,
    ],
    "a settings object's nested parameters": ['const settings = { params: { username: process.env.U, password: process.env.P } };', 'const { username, password } = settings.params;', `${SIGN_IN};`],
  };
  for (const [source, lines] of Object.entries(ownCredentials)) {
    it(`${source}: the code's own credentials, so fix-all applies the Secure Application Model fix`, async () => {
      const { finding, fixedByFixAll } = await signInOf(lines);
      assert.ok(finding.fixes[0].safeForFixAll);
      assert.equal(fixedByFixAll, true);
      assert.doesNotMatch(finding.message, /request|callers|could not follow/);
    });
  }

  it('a wrapper called from wrappers, twenty calls a level, six levels deep, is read once per level', async () => {
    const levels = ['function f0(u, p) { return pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: u, password: p }); }'];
    for (let level = 1; level <= 6; level++) levels.push(`function f${level}(u, p) { ${`f${level - 1}(u, p); `.repeat(20)}}`);
    const { finding, fixedByFixAll } = await signInOf([...levels, 'f6(process.env.U, process.env.P);']);
    assert.ok(finding.fixes[0].safeForFixAll);
    assert.equal(fixedByFixAll, true);
  });

  it("an object the handler fills afterwards from the request's body, one by one or by destructuring: no fix", async () => {
    for (const fill of [
      ['  creds.username = req.body.username;', '  creds.password = req.body.password;'],
      ['  ({ username: creds.username, password: creds.password } = req.body);'],
    ]) {
      const { finding, fixedByFixAll } = await signInOf([
        'app.post("/login", async (req, res) => {',
        '  const creds = {};',
        ...fill,
        '  res.json(await pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: creds.username, password: creds.password }));',
        '});',
      ]);
      assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false], fill.join('\n'));
      assert.match(finding.message, /come from the request/);
    }
  });

  it("an object that gets the password later from the code's own settings cannot be followed past its literal: the fixes stay quick fixes", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'const creds = {};',
      'creds.username = process.env.SVC_USER;',
      'creds.password = process.env.SVC_PASS;',
      'pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: creds.username, password: creds.password });',
    ]);
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
  });

  it("msal's request object from elsewhere cannot be followed: the fixes stay quick fixes, and the finding says why", async () => {
    const { finding, fixedByFixAll } = await signInOf(['const { tokenRequest } = require("./requests");', 'pca.acquireTokenByUsernamePassword(tokenRequest);']);
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /could not follow the credentials to where they come from/);
  });

  it("a loop over the script's own accounts is the code's own, not the callers': fix-all leaves it only for the account each pass signs in as", async () => {
    const { finding, fixedByFixAll } = await signInOf([
      'const accounts = require("./accounts.json");',
      'for (const { username, password } of accounts) {',
      `  ${SIGN_IN};`,
      '}',
    ]);
    assert.doesNotMatch(finding.message, /callers'/);
    assert.match(finding.message, /\(Fix-all leaves this to you: the module signs in with more than one credential \(made anew on each pass of a loop at line 5\)/);
    assert.equal(fixedByFixAll, false);
  });

  it("a command line run with the request's or a prompt's credentials: the finding says whose they are, not to use a service principal", async () => {
    const cases: [string[], RegExp, string][] = [
      [
        ['const { exec } = require("child_process");', 'module.exports = (req, res) => exec(`az login -u ${req.body.user} -p ${req.body.pass}`, () => res.end());'],
        /Here the credentials come from the request.*sign users in interactively/,
        'req.body.user',
      ],
      [
        ['const shell = require("shelljs");', 'const { prompt } = require("inquirer");', 'async function main() {', '  const { username, password } = await prompt([{ name: "username" }, { name: "password", type: "password" }]);', '  shell.exec(`az login -u ${username} -p ${password}`);', '}'],
        /Here the credentials are typed in by whoever runs the program.*az login --use-device-code/,
        'prompt([{ name: "username" }, { name: "password", type: "password" }])',
      ],
    ];
    for (const [lines, says, pointsAt] of cases) {
      const text = `${lines.join('\n')}\n`;
      const { findings } = await analyze('deploy.js', text, 'javascript');
      const finding = findings.find((f) => f.ruleId === 'ts-cli-password-sign-in');
      assert.ok(finding, lines.join('\n'));
      assert.match(finding.message, says);
      assert.equal(lineAt(text, finding.related[0].range), pointsAt);
    }
    const { findings } = await analyze('deploy.js', 'const { execSync } = require("child_process");\nexecSync(`az login -u ${process.env.U} -p ${process.env.P}`);\n', 'javascript');
    assert.doesNotMatch(findings[0].message, /Here the credentials/);
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
    assert.match(finding.message, /callers' \(parameters\)/);
  });
});

describe('credentials a framework hands a function from a client', () => {
  it("NextAuth's Credentials provider's authorize() and an Electron ipcMain listener get what the user types: no fix, the finding says they come from the request, and one that only looks alike keeps its fix", async () => {
    const provider = await ruleFixtureFindings('ts-msal-ropc', 'nextauth-credentials-provider.ts');
    const ipc = await ruleFixtureFindings('ts-ropc-http', 'electron-ipc-login.js');
    for (const finding of [...provider, ...ipc]) {
      assert.equal(finding.fixes.length, 0);
      assert.match(finding.message, /come from the request.*sign users in interactively/i);
    }
    assert.deepEqual([provider.length, ipc.length], [2, 1]);
    // Another module's authorize(), or a listener of the file's own emitter: the callers' parameters, as before.
    const { finding } = await signInOf([
      'const { EventEmitter } = require("events");',
      'const ipcMain = new EventEmitter();',
      'ipcMain.on("login", async (_e, { username, password }) => pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username, password }));',
    ]);
    assert.ok(finding.fixes.length > 0);
    assert.doesNotMatch(finding.message, /come from the request/);
  });
});

describe("credentials a React component's user types in", () => {
  it('a useState value whose setter an input is given is typed in: no fix, and the finding says how to sign the person in, by page or mobile app', async () => {
    const [mobile] = await ruleFixtureFindings('ts-ropc-http', 'react-native-login.tsx');
    const [page] = await ruleFixtureFindings('ts-ropc-http', 'react-page-login.jsx');
    assert.deepEqual([mobile.fixes.length, page.fixes.length], [0, 0]);
    assert.match(mobile.message, /typed in by whoever uses the app.*authorization code flow with PKCE in the system browser/);
    assert.match(page.message, /typed in by whoever uses the page.*MSAL\.js/);
    assert.doesNotMatch(mobile.message, /redeem the refresh token on a server/);
    assert.deepEqual(mobile.related.at(-1)?.message, 'the password is typed in here by whoever uses the app');
  });

  it("a state only the code sets (a button's onClick, another component's input of the same name) is not typed in", async () => {
    const source = [
      "import { useState } from 'react';",
      "export function Settings() { const [password, setPassword] = useState(''); return <input onChange={(e) => setPassword(e.target.value)} />; }",
      'export function Sync() {',
      "  const [password, setPassword] = useState('');",
      "  const run = () => fetch('https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'a', username: 'svc@contoso.com', password }) });",
      "  return <button onClick={() => { setPassword(''); run(); }}>Sync</button>;",
      '}',
    ].join('\n');
    const { findings } = await analyze('sync.jsx', source, 'javascriptreact');
    const signIn = findings.find((f) => f.ruleId === 'ts-ropc-http');
    assert.ok(signIn);
    assert.doesNotMatch(signIn.message, /typed in/);
  });
});

describe('credentials a class holds', () => {
  const TOKEN = '  token() { return pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: this.user, password: this.pass }); }';
  const HELD = ['class Svc {', '  constructor(private user: string, private pass: string) {}', TOKEN, '}'];

  it("parameter properties given the request's body: no fix, and the finding says the credentials come from the request", async () => {
    const { finding, fixedByFixAll } = await signInOf([...HELD, 'app.post("/login", async (req, res) => res.json(await new Svc(req.body.email, req.body.pwd).token()));'], 'typescript');
    assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false]);
    assert.match(finding.message, /come from the request/);
  });

  it("fields the handler sets on the instance from the request's body (svc.user = req.body.email): no fix", async () => {
    const { finding, fixedByFixAll } = await signInOf(
      ['class Svc {', '  user = "";', '  pass = "";', TOKEN, '}', 'const svc = new Svc();', 'app.post("/login", async (req, res) => {', '  svc.user = req.body.email;', '  svc.pass = req.body.pwd;', '  res.json(await svc.token());', '});'],
      'typescript',
    );
    assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false]);
    assert.match(finding.message, /come from the request/);
  });

  it('parameter properties given the answers to a prompt: typed in, so no fix', async () => {
    const { finding, fixedByFixAll } = await signInOf(
      ['import { createInterface } from "readline/promises";', ...HELD, 'const rl = createInterface({ input: process.stdin });', '(async () => new Svc(await rl.question("User: "), await rl.question("Password: ")).token())();'],
      'typescript',
    );
    assert.deepEqual([finding.fixes.length, fixedByFixAll], [0, false]);
    assert.match(finding.message, /typed in by whoever runs the program/);
  });

  it("parameter properties given the command line, or two accounts: the fixes are offered, fix-all applies none, and the finding says why", async () => {
    const cases: [string[], RegExp][] = [
      [['new Svc(process.argv[2], process.argv[3]).token();'], /program's command line/],
      [['new Svc(process.env.ALERTS_USER!, process.env.ALERTS_PASS!).token();', 'new Svc(process.env.BILLING_USER!, process.env.BILLING_PASS!).token();'], /different accounts/],
    ];
    for (const [calls, why] of cases) {
      const { finding, fixedByFixAll } = await signInOf([...HELD, ...calls], 'typescript');
      assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll), calls.join('\n'));
      assert.equal(fixedByFixAll, false);
      assert.match(finding.message, why);
    }
  });

  it('a member nothing in the file sets (a base class\'s) cannot be followed: the fixes stay quick fixes, and the finding says why', async () => {
    const { finding, fixedByFixAll } = await signInOf(['import { Base } from "./base";', 'class Svc extends Base {', TOKEN, '}', 'new Svc().token();'], 'typescript');
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /could not follow the credentials/);
  });

  it("NestJS's injected ConfigService reads the deployment's settings, as process.env does: fix-all applies the fix; a service of another module stays the callers'", async () => {
    const service = (from: string) => [
      `import { ConfigService } from "${from}";`,
      'export class Svc {',
      '  constructor(private readonly config: ConfigService) {}',
      '  token() { return pca.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: this.config.get("SVC_USER"), password: this.config.get("SVC_PASS") }); }',
      '}',
    ];
    const injected = await signInOf(service('@nestjs/config'), 'typescript');
    assert.deepEqual([injected.finding.fixes[0]?.safeForFixAll, injected.fixedByFixAll], [true, true]);
    const own = await signInOf(service('./config'), 'typescript');
    assert.equal(own.fixedByFixAll, false);
  });

  it("an arrow function in a class field, called as this.account(), is read as a method is: the command line it returns keeps the fixes from fix-all", async () => {
    const field = '  private account = () => ({ user: process.argv[2], pass: process.argv[3] });';
    const token = TOKEN.replace('this.user', 'this.account().user').replace('this.pass', 'this.account().pass');
    const { finding, fixedByFixAll } = await signInOf(['class Svc {', field, token, '}', 'new Svc().token();'], 'typescript');
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(fixedByFixAll, false);
    assert.match(finding.message, /program's command line/);
  });

  it("the class's own settings (fields, a getter, a method's answer): fix-all applies the Secure Application Model fix", async () => {
    for (const members of [
      ['  user = process.env.SVC_USER!;', '  pass = process.env.SVC_PASS!;', TOKEN],
      ['  get user() { return process.env.SVC_USER!; }', '  get pass() { return process.env.SVC_PASS!; }', TOKEN],
      ['  private account() { return { user: process.env.SVC_USER!, pass: process.env.SVC_PASS! }; }', TOKEN.replace('this.user', 'this.account().user').replace('this.pass', 'this.account().pass')],
    ]) {
      const { finding, fixedByFixAll } = await signInOf(['class Svc {', ...members, '}', 'new Svc().token();'], 'typescript');
      assert.ok(finding.fixes[0]?.safeForFixAll, members.join('\n'));
      assert.equal(fixedByFixAll, true);
    }
  });
});

describe('msal: an authority that shows no login host', () => {
  const login = (credentials: string) => [
    "import { ConfidentialClientApplication } from '@azure/msal-node';",
    'const cca = new ConfidentialClientApplication({ auth: { clientId: "x", authority: process.env.ENTRA_AUTHORITY } });',
    `export async function login(req: { body: { email: string; password: string } }) {`,
    `  return cca.acquireTokenByUsernamePassword({ scopes: ["openid"], ${credentials} });`,
    '}',
    '',
  ].join('\n');

  it('leaves the fix to a person and says why, where a fix is offered', async () => {
    const { findings } = await analyze('auth.ts', login('username: process.env.SVC_USER!, password: process.env.SVC_PASSWORD!'), 'typescript');
    assert.ok(findings[0].fixes.length > 0 && findings[0].fixes.every((fix) => !fix.safeForFixAll));
    assert.match(findings[0].message, /The client's authority \(line 2\) does not show its login host/);
  });

  it('says nothing of a fix where none is offered (the credentials come from the request)', async () => {
    const { findings } = await analyze('auth.ts', login('username: req.body.email, password: req.body.password'), 'typescript');
    assert.deepEqual(findings[0].fixes, []);
    assert.doesNotMatch(findings[0].message, /authority/);
    const outcome = await fixAll('auth.ts', login('username: req.body.email, password: req.body.password'), 'typescript');
    assert.match(outcome.withheld[0].reason, /^no fix is offered for it/);
    assert.doesNotMatch(outcome.withheld[0].reason, /authority/);
  });
});

describe('msal: an authority that is not Entra ID', () => {
  it('a B2C, External ID or AD FS authority is no finding; one that may be AD FS is, and the message says so rather than that it shows no host', async () => {
    const findings = await ruleFixtureFindings('ts-msal-ropc', 'other-identity-providers.ts');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['ts-msal-ropc', 22]]);
    assert.match(findings[0].message, /The client's authority \(line 21\) may be another identity provider than Entra ID \(an on-premises AD FS/);
    assert.doesNotMatch(findings[0].message, /does not show its login host/);
  });
});

describe('PowerShell: a credential passed down through wrappers that call wrappers', () => {
  /** `L0` signs in with its parameter; each `Ln` calls `Ln-1` `fanOut` times; the script calls the outermost with `given`. */
  const wrappers = (levels: number, fanOut: number, given: string, prelude: string[] = []) => {
    const lines = [...prelude, 'function L0($Credential) { Connect-ExchangeOnline -Credential $Credential }'];
    for (let level = 1; level <= levels; level++) {
      lines.push(`function L${level}($Credential) { ${Array(fanOut).fill(`L${level - 1} -Credential $Credential`).join(' ; ')} }`);
    }
    return `${[...lines, `L${levels} -Credential ${given}`].join('\n')}\n`;
  };
  const signInOf = async (text: string) => (await analyze('wrappers.ps1', text, 'powershell')).findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;

  // 30 calls on each of 5 levels are 30^5 paths to the sign-in: read path by path, this took many minutes.
  it("reads each wrapper's parameter once: the file's own credential keeps fix-all", async () => {
    const finding = await signInOf(wrappers(5, 30, '(Import-Clixml -Path svc.xml)'));
    assert.equal(finding.fixes[0].safeForFixAll, true);
    assert.doesNotMatch(finding.message, /comes from the caller/);
  });

  it("still finds the script's parameter at the top", async () => {
    const finding = await signInOf(wrappers(5, 30, '$Credential', ['param([pscredential] $Credential)']));
    assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.match(finding.message, /the credential comes from the caller, through the script's parameter \$Credential/);
  });
});
