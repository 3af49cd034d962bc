import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import type { Finding } from '../../src/engine/finding';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-oauth-client-ropc';

async function findings(source: string, path = '/work/app/token.ts'): Promise<Finding[]> {
  return (await analyze(path, source, 'typescript')).findings;
}

const ofRule = (list: Finding[]) => list.filter((f) => f.ruleId === RULE);
const where = (message: string) =>
  /to the Microsoft token endpoint/.test(message) ? 'shown' : /a URL the file does not show/.test(message) ? 'unshown' : /does not name/.test(message) ? 'unnamed' : '?';

describe(`${RULE}: what the messages say`, () => {
  it('says where each grant goes, as ts-ropc-http says it, hedged and a warning only for <base>/oauth2/token on a base the file does not name', async () => {
    const client = await findingsOf(RULE, 'client-oauth2-owner.ts');
    const shared = await findingsOf(RULE, 'simple-oauth2-create.js');
    assert.deepEqual(
      client.map((f) => [where(f.message), f.severity]),
      [
        ['shown', 'error'],
        ['shown', 'error'],
        ['unnamed', 'warning'],
      ],
    );
    assert.match(client[2].message, /If it is Microsoft's, ROPC cannot satisfy MFA/);
    assert.deepEqual(
      shared.map((f) => where(f.message)),
      ['shown', 'shown', 'unshown'],
    );
  });

  it("offers no fix, and says how the same library's client redeems a Secure Application Model refresh token instead", async () => {
    const hints: [string, RegExp][] = [
      ['simple-oauth2-grant-classes.ts', /client\.createToken\(\{ refresh_token \}\)\.refresh\(\)/],
      ['simple-oauth2-create.js', /oauth2\.accessToken\.create\(\{ refresh_token \}\)\.refresh\(\)/],
      ['client-oauth2-owner.ts', /client\.createToken\(\{ refresh_token \}\)\.refresh\(\)/],
      ['badgateway-password.ts', /client\.refreshToken\(\{ accessToken: '', refreshToken, expiresAt: null \}\)/],
      ['openid-client-issuer.ts', /client\.refresh\(refreshToken\)/],
      ['openid-client-default-import.mjs', /client\.refresh\(refreshToken\)/],
      ['openid-client-v6.ts', /refreshTokenGrant\(config, refreshToken\)/],
    ];
    for (const [fixture, hint] of hints) {
      const found = await findingsOf(RULE, fixture);
      assert.ok(found.length > 0, fixture);
      for (const finding of found) {
        assert.match(finding.message, hint, fixture);
        assert.match(finding.message, /AADSTS50076.*Secure Application Model.*store back the new refresh token.*No fix is offered/);
        assert.deepEqual(finding.fixes, []);
      }
    }
  });

  it("dates Partner Center's MFA requirement only where the token is for Partner Center, as ts-ropc-http does", async () => {
    const [partnerCenter, graph] = await findingsOf(RULE, 'client-oauth2-owner.ts');
    assert.match(partnerCenter.message, /App\+User Partner Center calls from 2026-04-01/);
    assert.doesNotMatch(graph.message, /Partner Center calls/);
    assert.match(graph.message, /security defaults, Conditional Access/);
  });

  it('says that a token for Azure AD Graph no longer works at all', async () => {
    const [syncToken] = await findingsOf(RULE, 'simple-oauth2-create.js');
    assert.match(syncToken.message, /No fix is offered: the token is for Azure AD Graph \(graph\.windows\.net\), which was fully retired on 2025-08-31/);
  });

  it('tells credentials from an HTTP request to sign users in interactively, and browser code to keep the secret and refresh token on a server', async () => {
    const server = await findings(`
      import express from 'express';
      import ClientOAuth2 from 'client-oauth2';
      const entra = new ClientOAuth2({ clientId: 'portal', accessTokenUri: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' });
      const app = express();
      app.post('/login', async (req, res) => {
        const token = await entra.owner.getToken(req.body.username, req.body.password);
        res.json({ ok: !!token.accessToken });
      });
    `);
    assert.match(ofRule(server)[0].message, /The credentials come from the request.*authorization code flow with PKCE/);
    assert.doesNotMatch(ofRule(server)[0].message, /Redeem a Secure Application Model refresh token/);
    const page = await findings(
      `
      import { defineComponent } from 'vue';
      import ClientOAuth2 from 'client-oauth2';
      const entra = new ClientOAuth2({ clientId: 'portal', accessTokenUri: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' });
      export default defineComponent({ methods: { signIn(user: string, pass: string) { return entra.owner.getToken(user, pass); } } });
    `,
      '/work/app/src/components/SignIn.ts',
    );
    assert.match(ofRule(page)[0].message, /runs in a browser.*on a server.*MSAL\.js/);
  });
});

describe(`${RULE}: which hosts are Microsoft's`, () => {
  const simpleOAuth2 = (settings: string, scope = 'openid') => `
    import { ResourceOwnerPassword } from 'simple-oauth2';
    ${settings}
    export const token = () => new ResourceOwnerPassword(config).getToken({ username: process.env.U, password: process.env.P, scope: '${scope}' });
  `;
  const reported = async (source: string) => ofRule(await findings(source)).length;

  it('follows the host through settings objects and constants of the file, in any casing, a root dot and every cloud', async () => {
    const hosts = ['https://LOGIN.MICROSOFTONLINE.COM.', 'https://login.microsoft.com', 'https://login-us.microsoftonline.com', 'https://login.usgovcloudapi.net', 'https://login.partner.microsoftonline.cn'];
    for (const host of hosts) {
      const source = simpleOAuth2(`
        const ENTRA = { hosts: { login: '${host}' } };
        const config = { client: { id: 'jobs' }, auth: { tokenHost: ENTRA.hosts.login, tokenPath: '/contoso.onmicrosoft.com/oauth2/v2.0/token' } };
      `);
      assert.equal(await reported(source), 1, host);
    }
  });

  it('reads a token URL joined from many parts with + as it reads a short one: to the Microsoft token endpoint', async () => {
    const source = (url: string) =>
      `import ClientOAuth2 from 'client-oauth2';\nconst tenant = process.env.TENANT;\nconst LOGIN = 'https://login.microsoftonline.com';\n` +
      `export async function signIn(u: string, p: string) {\n  const c = new ClientOAuth2({ clientId: 'jobs', accessTokenUri: ${url} });\n  return c.owner.getToken(u, p);\n}\n`;
    for (const url of ["LOGIN + '/' + tenant + '/oauth2/token'", "LOGIN + '/' + tenant + '/oauth2' + '/token' + '?api-version=' + '1.0' + '&x=' + 'y'"]) {
      assert.deepEqual(ofRule(await findings(source(url))).map((f) => [where(f.message), f.severity]), [['shown', 'error']], url);
    }
  });

  it("follows a client made by the file's own function, and the host its call passes", async () => {
    const source = `
      import { ResourceOwnerPassword } from 'simple-oauth2';
      function clientFor(host: string) {
        return new ResourceOwnerPassword({ client: { id: 'jobs' }, auth: { tokenHost: host, tokenPath: '/common/oauth2/token' } });
      }
      export const token = () => clientFor('https://login.microsoftonline.com').getToken({ username: process.env.U, password: process.env.P });
    `;
    assert.equal(await reported(source), 1);
  });

  it("does not take Auth0's, Okta's, Keycloak's or a B2C tenant's hosts for Microsoft's, nor a host the file does not show asking for other scopes", async () => {
    const others = [
      `const config = { client: { id: 'a' }, auth: { tokenHost: 'https://fabrikam.us.auth0.com' } };`,
      `const config = { client: { id: 'a' }, auth: { tokenHost: 'https://fabrikam.okta.com', tokenPath: '/oauth2/default/v1/token' } };`,
      `const config = { client: { id: 'a' }, auth: { tokenHost: process.env.KEYCLOAK, tokenPath: '/realms/a/protocol/openid-connect/token' } };`,
      `const config = { client: { id: 'a' }, auth: { tokenHost: 'https://fabrikam.b2clogin.com', tokenPath: '/fabrikam.onmicrosoft.com/B2C_1_ropc/oauth2/v2.0/token' } };`,
      `const config = { client: { id: 'a' }, auth: { tokenHost: 'https://login.microsoftonline.com', tokenPath: '/fabrikam.onmicrosoft.com/B2C_1_ropc/oauth2/v2.0/token' } };`,
      `import config from './oauth-settings';`,
    ];
    for (const settings of others) assert.equal(await reported(simpleOAuth2(settings)), 0, settings);
    assert.equal(await reported(simpleOAuth2(`import config from './oauth-settings';`, 'https://graph.microsoft.com/.default')), 1);
    assert.equal(await reported(simpleOAuth2(`const config = { client: { id: '1950a258-227b-4e31-a9cf-717495945fc2' }, auth: { tokenHost: process.env.HOST } };`)), 1);
  });
});

describe(`${RULE}: openid-client's grant`, () => {
  it("counts a client made elsewhere in a file that imports openid-client by the scope it asks for, and not a class's own grant method", async () => {
    const source = `
      import type { Client } from 'openid-client';
      import { post } from './http';
      export const graph = (client: Client, username: string, password: string) =>
        client.grant({ grant_type: 'password', username, password, scope: 'https://graph.microsoft.com/.default' });
      export const own = (client: Client, username: string, password: string) => client.grant({ grant_type: 'password', username, password, scope: 'openid' });
      export class Keycloak {
        grant(form: Record<string, string>) { return post('https://id.fabrikam.com/realms/a/protocol/openid-connect/token', form); }
        login(username: string, password: string) { return this.grant({ grant_type: 'password', username, password, scope: 'https://graph.microsoft.com/.default' }); }
      }
    `;
    assert.deepEqual(
      ofRule(await findings(source)).map((f) => [f.range.start.line, where(f.message)]),
      [[4, 'unshown']],
    );
  });
});

describe(`${RULE}: the password it sends`, () => {
  it('ts-hardcoded-password reports a password literal given to a grant that goes to Entra ID, and not one that goes elsewhere', async () => {
    const source = `
      import ClientOAuth2 from 'client-oauth2';
      const entra = new ClientOAuth2({ clientId: 'a', accessTokenUri: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' });
      const okta = new ClientOAuth2({ clientId: 'a', accessTokenUri: 'https://fabrikam.okta.com/oauth2/default/v1/token' });
      export async function tokens() {
        await okta.owner.getToken('svc', 'Okta#Winter24');
        return entra.owner.getToken('svc@contoso.com', 'Entra#Winter24');
      }
    `;
    const hardcoded = (await findings(source)).filter((f) => f.ruleId === 'ts-hardcoded-password');
    const lines = source.split('\n');
    assert.deepEqual(
      hardcoded.map((f) => lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)),
      ["'Entra#Winter24'"],
    );
  });

  it("does the same for openid-client's grant, whose issuer is discovered from a Microsoft login host", async () => {
    const source = `
      import { Issuer } from 'openid-client';
      export async function tokens() {
        const entra = await Issuer.discover('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0');
        const okta = await Issuer.discover('https://fabrikam.okta.com');
        await new okta.Client({ client_id: 'a' }).grant({ grant_type: 'password', username: 'svc', password: 'Okta#Spring24' });
        return new entra.Client({ client_id: 'a' }).grant({ grant_type: 'password', username: 'svc@contoso.com', password: 'Entra#Spring24' });
      }
    `;
    const hardcoded = (await findings(source)).filter((f) => f.ruleId === 'ts-hardcoded-password');
    const lines = source.split('\n');
    assert.deepEqual(
      hardcoded.map((f) => lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)),
      ["'Entra#Spring24'"],
    );
  });
});
