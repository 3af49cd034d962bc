import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { fixAll } from '../../src/engine/fix-all';
import { FakeEntraId } from './fake-entra-id';
import { tempTree } from './temp-tree';

const SAM_APP = { id: '5a3e1f0c-0000-4000-8000-00000000a77e', secret: 'sam-app-secret' };
const TENANT = 'contoso.onmicrosoft.com';
const CUSTOMER_TENANT = 'fabrikam.onmicrosoft.com';
const CONSENT_REFRESH_TOKEN = 'refresh-token-from-the-mfa-consent';

/** Sends the program's requests for Microsoft's login host to the fake (the generated code names the real one). */
const TO_THE_FAKE = `const fake = new URL(process.env.FAKE_ENTRA_ORIGIN);
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== 'login.microsoftonline.com') return realFetch(input, init);
  url.host = fake.host;
  return realFetch(url, init);
};
`;

/** Calls the program's `graphToken` twice, as a service does across two runs of its job. */
const TWO_CALLS = `const { graphToken } = require('./program.cjs');
(async () => {
  const tokens = [await graphToken(), await graphToken()];
  console.log(JSON.stringify({ tokens, kept: process.env.MFA_READY_REFRESH_TOKEN }));
})().catch((error) => { console.error(error?.errorCode ?? '', error?.message ?? error); process.exit(1); });
`;

/**
 * The code the fixes write, run for real: each program signs in with a password, `fixAll` rewrites it,
 * and the rewritten program runs in Node with the real msal-node against a local Entra ID, which
 * accepts only the SAM app's refresh token and replaces it on every use.
 */
describe('the token code that fixes generate, run against a local Entra ID', function () {
  this.timeout(120_000);
  let entra: FakeEntraId;

  beforeEach(async () => {
    entra = await FakeEntraId.start(SAM_APP, CONSENT_REFRESH_TOKEN);
  });
  afterEach(async () => entra.stop());

  async function runFixed(program: string): Promise<{ tokens: string[]; kept: string }> {
    const fixed = await fixAll('program.js', program, 'javascript');
    assert.ok(fixed.applied.length > 0, `no fix applied: ${JSON.stringify(fixed.withheld)}`);
    return run(fixed.text);
  }

  async function run(fixed: string, extraEnv: Record<string, string> = {}): Promise<{ tokens: string[]; kept: string }> {
    const tree = tempTree({ 'program.cjs': fixed, 'to-the-fake.cjs': TO_THE_FAKE, 'main.cjs': TWO_CALLS });
    try {
      const env = {
        PATH: process.env.PATH,
        NODE_PATH: resolve(__dirname, '../../../node_modules'),
        NODE_EXTRA_CA_CERTS: entra.certificateFile,
        FAKE_ENTRA_ORIGIN: entra.origin,
        MFA_READY_APP_ID: SAM_APP.id,
        MFA_READY_APP_SECRET: SAM_APP.secret,
        MFA_READY_TENANT_ID: TENANT,
        MFA_READY_REFRESH_TOKEN: CONSENT_REFRESH_TOKEN,
        // What the program used before: another app's id, a user's name and password.
        CLIENT_ID: 'the-old-public-client-id',
        SERVICE_USER: 'svc@contoso.example',
        SERVICE_PASSWORD: 'not-the-point',
        ...extraEnv,
      };
      const run = await promisify(execFile)(process.execPath, ['-r', './to-the-fake.cjs', 'main.cjs'], { cwd: tree.root, env, timeout: 60_000 }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`the fixed program failed: ${error.stderr || error.message}\n--- program ---\n${fixed}`);
      });
      return JSON.parse(run.stdout.trim().split('\n').pop()!);
    } finally {
      tree.dispose();
    }
  }

  /** Two exchanges, as the Secure Application Model makes them: the second redeems the token the first got back. */
  function assertRotatedTokenUsed(result: { tokens: string[]; kept: string }): void {
    assert.deepEqual(result.tokens, ['access-token-1', 'access-token-2']);
    assert.deepEqual(
      entra.requests.map((r) => [r.tenant, r.form.grant_type, r.form.client_id, r.form.refresh_token]),
      [
        [TENANT, 'refresh_token', SAM_APP.id, CONSENT_REFRESH_TOKEN],
        [TENANT, 'refresh_token', SAM_APP.id, 'rotated-refresh-token-1'],
      ],
    );
    assert.equal(result.kept, 'rotated-refresh-token-2');
  }

  it('msal-node acquireTokenByUsernamePassword, rewritten to the SAM helper, redeems and keeps the rotated refresh token', async () => {
    const program = `const msal = require("@azure/msal-node");
const pca = new msal.PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID, authority: "https://login.microsoftonline.com/${TENANT}" } });
async function graphToken() {
  const result = await pca.acquireTokenByUsernamePassword({ scopes: ["https://graph.microsoft.com/.default"], username: process.env.SERVICE_USER, password: process.env.SERVICE_PASSWORD });
  return result.accessToken;
}
module.exports = { graphToken };
`;
    assertRotatedTokenUsed(await runFixed(program));
    assert.deepEqual(entra.requests.map((r) => r.form.scope.split(' ').sort()), [0, 1].map(() => ['https://graph.microsoft.com/.default', 'offline_access', 'openid', 'profile']));
  });

  it('@azure/identity UsernamePasswordCredential, rewritten to the SAM credential, redeems and keeps the rotated refresh token', async () => {
    const program = `const { UsernamePasswordCredential } = require("@azure/identity");
const credential = new UsernamePasswordCredential("${TENANT}", process.env.CLIENT_ID, process.env.SERVICE_USER, process.env.SERVICE_PASSWORD);
async function graphToken() {
  return (await credential.getToken("https://graph.microsoft.com/.default")).token;
}
module.exports = { graphToken };
`;
    assertRotatedTokenUsed(await runFixed(program));
  });

  it("the SAM fixes redeem the refresh token at the tenant the replaced sign-in named, not at the one set for the fixes", async () => {
    const program = `const msal = require("@azure/msal-node");
const { UsernamePasswordCredential } = require("@azure/identity");
const pca = new msal.PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID, authority: "https://login.microsoftonline.com/${CUSTOMER_TENANT}" } });
const credential = new UsernamePasswordCredential(process.env.CUSTOMER_TENANT, process.env.CLIENT_ID, process.env.SERVICE_USER, process.env.SERVICE_PASSWORD);
async function graphToken() {
  const result = await pca.acquireTokenByUsernamePassword({ scopes: ["https://graph.microsoft.com/.default"], username: process.env.SERVICE_USER, password: process.env.SERVICE_PASSWORD });
  return result.accessToken + " " + (await credential.getToken("https://graph.microsoft.com/.default")).token;
}
module.exports = { graphToken };
`;
    const fixed = await fixAll('program.js', program, 'javascript');
    assert.equal(fixed.applied.length, 2, JSON.stringify(fixed.withheld));
    await run(fixed.text, { CUSTOMER_TENANT: 'tailspin.onmicrosoft.com' });
    // MFA_READY_TENANT_ID (contoso) is set too: each sign-in keeps its own tenant, the written one and the environment's.
    assert.deepEqual(
      entra.requests.map((r) => r.tenant),
      [CUSTOMER_TENANT, 'tailspin.onmicrosoft.com', CUSTOMER_TENANT, 'tailspin.onmicrosoft.com'],
    );
  });

  it('a password grant posted with fetch, rewritten to the refresh-token grant, posts the SAM app and keeps the rotated refresh token', async () => {
    const program = `async function graphToken() {
  const response = await fetch("https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token", {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: process.env.CLIENT_ID, username: process.env.SERVICE_USER, password: process.env.SERVICE_PASSWORD, scope: "https://graph.microsoft.com/.default" }),
  });
  return (await response.json()).access_token;
}
module.exports = { graphToken };
`;
    assertRotatedTokenUsed(await runFixed(program));
    assert.deepEqual(entra.requests.map((r) => r.form.scope), ['https://graph.microsoft.com/.default', 'https://graph.microsoft.com/.default']);
  });

  it('msal-node acquireTokenByUsernamePassword, rewritten by the app-only quick fix, asks each scope\'s own resource with a certificate', async () => {
    const program = `const msal = require("@azure/msal-node");
const pca = new msal.PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID, authority: "https://login.microsoftonline.com/${TENANT}" } });
const asked = [
  ["https://analysis.windows.net/powerbi/api/Report.Read.All", "https://analysis.windows.net/powerbi/api/Dataset.Read.All"],
  ["api://5b1c0d2e-0000-4000-8000-00000000c0de/Orders.Read", "offline_access"],
  ["https://management.core.windows.net//user_impersonation"],
  ["User.Read.All"],
];
async function graphToken() {
  const tokens = [];
  for (const scopes of asked) {
    const result = await pca.acquireTokenByUsernamePassword({ scopes, username: process.env.SERVICE_USER, password: process.env.SERVICE_PASSWORD });
    tokens.push(result.accessToken);
  }
  return tokens.join(" ");
}
module.exports = { graphToken };
`;
    const [finding] = (await analyze('program.js', program, 'javascript')).findings;
    const appOnly = finding.fixes.find((fix) => /app-only/i.test(fix.title));
    assert.ok(appOnly, `no app-only fix among ${finding.fixes.map((fix) => fix.title).join('; ')}`);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const result = await run(applyEdits(program, appOnly.edits), {
      MFA_READY_CERT_THUMBPRINT: 'ab'.repeat(32),
      MFA_READY_CERT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    assert.deepEqual(result.tokens, ['app-token-1 app-token-2 app-token-3 app-token-4', 'app-token-5 app-token-6 app-token-7 app-token-8']);
    assert.deepEqual(
      entra.requests.slice(0, 4).map((r) => [r.tenant, r.form.grant_type, r.form.client_id, r.form.scope]),
      [
        [TENANT, 'client_credentials', SAM_APP.id, 'https://analysis.windows.net/powerbi/api/.default'],
        [TENANT, 'client_credentials', SAM_APP.id, 'api://5b1c0d2e-0000-4000-8000-00000000c0de/.default'],
        [TENANT, 'client_credentials', SAM_APP.id, 'https://management.core.windows.net//.default'],
        [TENANT, 'client_credentials', SAM_APP.id, 'https://graph.microsoft.com/.default'],
      ],
    );
    assert.ok(entra.requests.every((r) => r.form.client_assertion && !r.form.password && !r.form.client_secret), 'signed in with the certificate, not a password or secret');
  });
});
