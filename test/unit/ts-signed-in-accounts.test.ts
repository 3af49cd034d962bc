import { strict as assert } from 'node:assert';
import { fixAll } from '../../src/engine/fix-all';

const MSAL = [
  "import { PublicClientApplication } from '@azure/msal-node';",
  "const pca = new PublicClientApplication({ auth: { clientId: '11111111-2222-3333-4444-555555555555', authority: 'https://login.microsoftonline.com/organizations' } });",
];
const outcomeOf = async (lines: string[]) => fixAll('accounts.ts', `${lines.join('\n')}\n`, 'typescript');
const signIn = (request: string) => `await pca.acquireTokenByUsernamePassword({ scopes: ['https://graph.microsoft.com/.default'], ${request} });`;

describe('TypeScript sign-ins of more than one account in one module', () => {
  it("a user name read from a loop's item or index is an account per pass: fix-all leaves it to a person, and says so", async () => {
    const loops = [
      ['const accounts = [{ user: process.env.ADMIN_USER!, pass: process.env.ADMIN_PASS! }, { user: process.env.MAIL_USER!, pass: process.env.MAIL_PASS! }];', 'export async function run() {', `  for (const a of accounts) ${signIn('username: a.user, password: a.pass')}`, '}'],
      ["import tenants from './tenants.json';", 'export async function run() {', `  for (const { user } of tenants) ${signIn('username: user, password: process.env.PASS!')}`, '}'],
      ["const users = (process.env.M365_USERS ?? '').split(',');", 'export async function run() {', `  for (let i = 0; i < users.length; i++) { const user = users[i]; ${signIn('username: user, password: process.env.PASS!')} }`, '}'],
      // Read through a name the loop's body binds on each pass.
      ["import tenants from './tenants.json';", 'export async function run() {', `  for (const cfg of Object.values(tenants)) { const { user, pass } = cfg; ${signIn('username: user, password: pass')} }`, '}'],
      ["import tenants from './tenants.json';", 'export async function run() {', `  for (const name in tenants) { const t = tenants[name]; ${signIn('username: t.user, password: t.pass')} }`, '}'],
      // A while loop's counter or a name it assigns on each pass.
      ["const users = (process.env.M365_USERS ?? '').split(',');", 'export async function run() { let i = 0;', `  while (i < users.length) { const user = users[i]; i++; ${signIn('username: user, password: process.env.PASS!')} }`, '}'],
      ["const users = (process.env.M365_USERS ?? '').split(',');", 'export async function run() { let user: string | undefined;', `  while ((user = users.shift())) ${signIn('username: user, password: process.env.PASS!')}`, '}'],
      ["import { readFileSync } from 'node:fs';", "export async function run() { const files = ['admin.json', 'mailer.json'];", `  for (const file of files) { const creds = JSON.parse(readFileSync(file, 'utf8')); ${signIn('username: creds.user, password: creds.pass')} }`, '}'],
    ];
    for (const loop of loops) {
      const outcome = await outcomeOf([...MSAL, ...loop]);
      assert.deepEqual(outcome.applied, [], loop[2]);
      assert.match(outcome.withheld[0].reason, /the module signs in with more than one credential \(made anew on each pass of a loop at line 5\)/, loop[2]);
    }
    const identity = await fixAll(
      'accounts.ts',
      [
        "import { UsernamePasswordCredential } from '@azure/identity';",
        "const users = (process.env.M365_USERS ?? '').split(',');",
        'export async function run() {',
        '  for (let i = 0; i < users.length; i++) {',
        '    const cred = new UsernamePasswordCredential(process.env.TENANT_ID!, process.env.CLIENT_ID!, users[i], process.env.PASS!);',
        "    await cred.getToken('https://graph.microsoft.com/.default');",
        '  }',
        '}',
        '',
      ].join('\n'),
      'typescript',
    );
    assert.deepEqual(identity.applied, []);
  });

  it('a sign-in in a loop whose user name is the same on every pass stays one account', async () => {
    const outcome = await outcomeOf([...MSAL, 'export async function run(scopes: string[]) {', `  for (const scope of scopes) ${signIn('username: process.env.SVC_USER!, password: process.env.SVC_PASS!')}`, '}']);
    assert.equal(outcome.applied.length, 1);
    const named = await outcomeOf([...MSAL, 'export async function run(scopes: string[]) {', `  for (const scope of scopes) { const user = process.env.SVC_USER!; ${signIn('username: user, password: process.env.SVC_PASS!')} }`, '}']);
    assert.equal(named.applied.length, 1);
    // Another function's variable of the same name, changed in its own loop, is not the sign-in's.
    const elsewhere = await outcomeOf([...MSAL, "export function lastUser(lines: string[]) { let user = ''; for (const line of lines) { user = line.trim(); } return user; }", `export async function run() { const user = process.env.SVC_USER!; ${signIn('username: user, password: process.env.SVC_PASS!')} }`]);
    assert.equal(elsewhere.applied.length, 1);
  });

  it("credentials spread into the request are the spread object's account; a spread the file does not show may be another", async () => {
    const credentials = ["const admin = { username: 'admin@contoso.com', password: process.env.ADMIN_PASS! };", "const mailer = { username: 'mailer@contoso.com', password: process.env.MAIL_PASS! };"];
    const two = await outcomeOf([...MSAL, ...credentials, `export async function admins() { ${signIn('...admin')} }`, `export async function mail() { ${signIn('...mailer')} }`]);
    assert.deepEqual(two.applied, []);
    assert.match(two.withheld[0].reason, /the module signs in with more than one credential \(made at lines 3 and 4\)/);
    const once = await outcomeOf([...MSAL, ...credentials, `export async function admins() { ${signIn('...admin')} }`, `export async function again() { ${signIn("username: 'ADMIN@contoso.com', password: process.env.ADMIN_PASS!")} }`]);
    assert.equal(once.applied.length, 2);
    const unshown = await outcomeOf([...MSAL, ...credentials, 'export async function given(creds: { username: string; password: string }) {', `  ${signIn('...creds')}`, '}', `export async function admins() { ${signIn('...admin')} }`]);
    assert.deepEqual(unshown.applied, []);
    const left = unshown.withheld.find((withheld) => withheld.line === 8)!;
    assert.match(left.reason, /the module may sign in with more than one credential \(made at line 3; one the check could not follow back to where it is made\)/);
    // A spread without a user name adds no account, and a member read of the spread object is its account.
    const withScopes = await outcomeOf([...MSAL, ...credentials, "const base = { scopes: ['User.Read'] };", 'export async function admins() {', "  await pca.acquireTokenByUsernamePassword({ ...base, ...admin });", `  ${signIn('username: admin.username, password: admin.password')}`, '}']);
    assert.equal(withScopes.applied.length, 2);
    // Unless the module writes that member elsewhere: then the literal does not tell who signs in.
    const rewritten = await outcomeOf([...MSAL, ...credentials, 'export function setAdmin(user: string) { admin.username = user; }', `export async function spread() { ${signIn('...admin')} }`, `export async function member() { ${signIn('username: admin.username, password: admin.password')} }`, `export async function literal() { ${signIn("username: 'admin@contoso.com', password: process.env.ADMIN_PASS!")} }`]);
    assert.deepEqual(rewritten.applied, []);
    const assigned = await outcomeOf([...MSAL, ...credentials, 'export function setAdmin(user: string) { Object.assign(admin, { username: user }); }', `export async function spread() { ${signIn('...admin')} }`, `export async function literal() { ${signIn("username: 'admin@contoso.com', password: process.env.ADMIN_PASS!")} }`]);
    assert.deepEqual(assigned.applied, []);
    // A local object of the same name in another function is not the module's.
    const local = await outcomeOf([...MSAL, ...credentials, "export function sample() { const admin: { username?: string } = {}; admin.username = 'x'; return admin; }", `export async function spread() { ${signIn('...admin')} }`, `export async function literal() { ${signIn("username: 'admin@contoso.com', password: process.env.ADMIN_PASS!")} }`]);
    assert.equal(local.applied.length, 2);
  });

  it("a user name among spread arguments (new UsernamePasswordCredential(...args)) may be another account", async () => {
    const outcome = await fixAll(
      'accounts.ts',
      [
        "import { UsernamePasswordCredential } from '@azure/identity';",
        "const args = [process.env.TENANT_ID!, process.env.CLIENT_ID!, 'reports@contoso.com', process.env.REPORTS_PASS!] as const;",
        'export const reports = new UsernamePasswordCredential(...args);',
        "export const admin = new UsernamePasswordCredential(process.env.TENANT_ID!, process.env.CLIENT_ID!, 'admin@contoso.com', process.env.ADMIN_PASS!);",
        '',
      ].join('\n'),
      'typescript',
    );
    assert.deepEqual(outcome.applied, []);
    assert.match(outcome.withheld.find((withheld) => withheld.line === 4)!.reason, /may sign in with more than one credential \(made at line 4; one the check could not follow back to where it is made\)/);
  });
});
