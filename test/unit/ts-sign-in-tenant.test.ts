import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';

/**
 * The TypeScript token-flow fixes sign in to the tenant the replaced sign-in named, where it names one
 * the fix can keep; elsewhere the generated code reads the tenant set for it (MFA_READY_TENANT_ID).
 */
describe('TypeScript fixes: the tenant the sign-in names', () => {
  const MSAL = 'import { PublicClientApplication } from "@azure/msal-node";\n';
  const CALL = 'app.acquireTokenByUsernamePassword({ scopes: ["User.Read"], username: process.env.U!, password: process.env.P! })';

  /** The Secure Application Model fix's call (the edit at the sign-in), whether fix-all applies it, and the message. */
  async function samFix(code: string): Promise<{ call: string; unattended: boolean; message: string }> {
    const { findings } = await analyze('x.ts', code, 'typescript');
    assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
    const fix = findings[0].fixes.find((candidate) => /Secure Application Model/.test(candidate.title))!;
    const call = fix.edits.find((edit) => /^(?:acquireTokenBySecureAppModel|secureAppModelCredential|withTokenCallback)\(/.test(edit.newText))!;
    return { call: call.newText, unattended: fix.safeForFixAll, message: findings[0].message };
  }

  it("msal: a written tenant, or the authority's tenant expression where it means the same at the call, is passed to the helper", async () => {
    const written = await samFix(`${MSAL}const app = new PublicClientApplication({ auth: { clientId: "c", authority: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/" } });\nexport const t = () => ${CALL};\n`);
    assert.equal(written.call, 'acquireTokenBySecureAppModel(["User.Read"], "72f988bf-86f1-41af-91ab-2d7cd011db47")');
    assert.equal(written.unattended, true);
    const fromEnvironment = await samFix(`${MSAL}const app = new PublicClientApplication({ auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${process.env.AZURE_TENANT_ID}\` } });\nexport const t = () => ${CALL};\n`);
    assert.equal(fromEnvironment.call, 'acquireTokenBySecureAppModel(["User.Read"], process.env.AZURE_TENANT_ID)');
    assert.equal(fromEnvironment.unattended, true);
  });

  it('msal: common, organizations and consumers name no tenant, nor does a name that means another thing at the call or is assigned again', async () => {
    for (const tenant of ['common', 'organizations', 'consumers', '${process.env.T ?? "common"}']) {
      const fix = await samFix(`${MSAL}const app = new PublicClientApplication({ auth: { clientId: "c", authority: \`https://login.microsoftonline.com/${tenant}\` } });\nexport const t = () => ${CALL};\n`);
      assert.equal(fix.call, 'acquireTokenBySecureAppModel(["User.Read"])', tenant);
    }
    const shadowed = await samFix(
      `${MSAL}const tenantId = process.env.T;\nconst app = new PublicClientApplication({ auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${tenantId}\` } });\nexport function t(tenantId: string) { return ${CALL}; }\n`,
    );
    assert.equal(shadowed.call, 'acquireTokenBySecureAppModel(["User.Read"])');
    const reassigned = await samFix(
      `${MSAL}let tenant = "contoso.onmicrosoft.com";\nconst app = new PublicClientApplication({ auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${tenant}\` } });\ntenant = "fabrikam.onmicrosoft.com";\nexport const t = () => ${CALL};\n`,
    );
    assert.equal(reassigned.call, 'acquireTokenBySecureAppModel(["User.Read"])');
  });

  it("msal: the client's options and authority are the variables its code sees, not the module's of the same name", async () => {
    const moduleConfig = 'const config = { auth: { clientId: "c", authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com" } };\nexport const c = config;\n';
    const ownConfig = await samFix(
      `${MSAL}${moduleConfig}export async function t(customer: string) {\n  const config = { auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${customer}\` } };\n  const app = new PublicClientApplication(config);\n  return ${CALL};\n}\n`,
    );
    assert.equal(ownConfig.call, 'acquireTokenBySecureAppModel(["User.Read"], customer)');
    assert.equal(ownConfig.unattended, false);
    const parameter = await samFix(
      `${MSAL}const authority = "https://login.microsoftonline.com/contoso.onmicrosoft.com";\nexport const a = authority;\nexport async function t(authority: string) {\n  const app = new PublicClientApplication({ auth: { clientId: "c", authority } });\n  return ${CALL};\n}\n`,
    );
    assert.equal(parameter.call, 'acquireTokenBySecureAppModel(["User.Read"])');
    assert.equal(parameter.unattended, false);
    assert.match(parameter.message, /does not show its login host/);
    // Each method's own `config`: the second's tenant as well as the first's.
    const method = (name: string) => `  static async ${name}(tenantId: string) {\n    const config = { auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${tenantId}\` } };\n    const app = new PublicClientApplication(config);\n    return ${CALL};\n  }\n`;
    const { findings } = await analyze('x.ts', `${MSAL}export class H {\n${method('first')}${method('second')}}\n`, 'typescript');
    const calls = findings.map((finding) => finding.fixes[0].edits.find((edit) => edit.newText.startsWith('acquireTokenBySecureAppModel('))!.newText);
    assert.deepEqual(calls, ['acquireTokenBySecureAppModel(["User.Read"], tenantId)', 'acquireTokenBySecureAppModel(["User.Read"], tenantId)']);
  });

  it("a tenant worked out per customer is kept, and the fix stays a quick fix whose message says why", async () => {
    const fix = await samFix(
      `${MSAL}export async function t(tenantId: string) {\n  const app = new PublicClientApplication({ auth: { clientId: "c", authority: \`https://login.microsoftonline.com/\${tenantId}\` } });\n  return ${CALL};\n}\n`,
    );
    assert.equal(fix.call, 'acquireTokenBySecureAppModel(["User.Read"], tenantId)');
    assert.equal(fix.unattended, false);
    assert.match(fix.message, /the Secure Application Model fix keeps that tenant but redeems one refresh token, from one consent, in each of them/);
    assert.doesNotMatch(fix.message, /TENANT_ID/);
  });

  it("@azure/identity: the credential's tenant argument is kept, a multi-tenant one is not", async () => {
    const identity = 'import { UsernamePasswordCredential } from "@azure/identity";\n';
    const customer = await samFix(`${identity}export const c = (customer: { tenantId: string }) => new UsernamePasswordCredential(customer.tenantId, "c", "u", process.env.P!);\n`);
    assert.equal(customer.call, 'secureAppModelCredential(customer.tenantId)');
    assert.equal(customer.unattended, false);
    assert.match(customer.message, /keeps that tenant/);
    const common = await samFix(`${identity}export const c = new UsernamePasswordCredential(process.env.T ?? "organizations", "c", "u", process.env.P!);\n`);
    assert.equal(common.call, 'secureAppModelCredential()');
    assert.equal(common.unattended, true);
  });

  it("adal-node: the authority's tenant after the host, also through + and a settings member", async () => {
    const fix = await samFix(
      'const { AuthenticationContext } = require("adal-node");\nconst config = require("./config");\nconst ctx = new AuthenticationContext("https://login.windows.net/" + config.tenant);\nctx.acquireTokenWithUsernamePassword("https://graph.microsoft.com", "u", process.env.P, "c", (e, r) => {});\n',
    );
    assert.match(fix.call, /^withTokenCallback\(acquireTokenBySecureAppModel\(\["https:\/\/graph\.microsoft\.com\/\.default"\], config\.tenant\), /);
  });

  it('the deployment\'s tenant from the environment, also written as a template of it alone or held in a settings object, is no run-time tenant: fix-all applies the fix', async () => {
    const adal = 'const { AuthenticationContext } = require("adal-node");\n';
    const login = 'ctx.acquireTokenWithUsernamePassword("https://graph.microsoft.com", "u", process.env.P, "c", (e, r) => {});\n';
    for (const declared of ['process.env.TENANT_ID', '`${process.env.TENANT_ID}`', '`${process.env["TENANT_ID"]}`']) {
      const fix = await samFix(`${adal}const tenantId = ${declared};\nconst ctx = new AuthenticationContext(\`https://login.microsoftonline.com/\${tenantId}\`);\n${login}`);
      assert.equal(fix.unattended, true, declared);
      assert.doesNotMatch(fix.message, /at run time/, declared);
    }
    const customer = await samFix(`${adal}const tenantId = \`\${process.env.TENANT_ID}-\${customer.id}\`;\nconst ctx = new AuthenticationContext(\`https://login.microsoftonline.com/\${tenantId}\`);\n${login}`);
    assert.equal(customer.unattended, false);

    const identity = 'import { UsernamePasswordCredential } from "@azure/identity";\n';
    const inSettings = await samFix(`${identity}const opts = { tenant: process.env.TENANT_ID!, clientId: "c" };\nexport const c = () => new UsernamePasswordCredential(opts.tenant, opts.clientId, "u", process.env.P!);\n`);
    assert.equal(inSettings.call, 'secureAppModelCredential(opts.tenant)');
    assert.equal(inSettings.unattended, true);
    assert.doesNotMatch(inSettings.message, /at run time/);
    const templated = await samFix(`${identity}export const c = () => new UsernamePasswordCredential(\`\${process.env.TENANT_ID}\`, "c", "u", process.env.P!);\n`);
    assert.equal(templated.unattended, true);
    // A member written again after the object was made is the code's choice at run time.
    const rewritten = await samFix(`${identity}const opts = { tenant: process.env.TENANT_ID! };\nexport const c = (t: string) => { opts.tenant = t; return new UsernamePasswordCredential(opts.tenant, "c", "u", process.env.P!); };\n`);
    assert.equal(rewritten.unattended, false);
    assert.match(rewritten.message, /at run time/);
    const assigned = await samFix(`${identity}const opts = { tenant: process.env.TENANT_ID!, clientId: "c" };\nexport function c(customerTenant: string) {\n  Object.assign(opts, { tenant: customerTenant });\n  return new UsernamePasswordCredential(opts.tenant, opts.clientId, "u", process.env.P!);\n}\n`);
    assert.equal(assigned.unattended, false);
    assert.match(assigned.message, /at run time/);
  });

  it("msal: an authority literal passed through a parameter of a function only the file calls, or held in a settings object, shows its host and tenant", async () => {
    const contoso = '"https://login.microsoftonline.com/contoso.onmicrosoft.com"';
    const maker = (exported: string) => `${exported}function makeClient(clientId: string, authority: string) {\n  return new PublicClientApplication({ auth: { clientId, authority } });\n}\n`;
    const through = (exported: string, ...authorities: string[]) =>
      samFix(`${MSAL}${maker(exported)}export async function t() {\n${authorities.map((a, i) => `  const app${i} = makeClient("c", ${a});\n`).join('')}  const app = app0;\n  return ${CALL};\n}\n`);
    const passed = await through('', contoso);
    assert.equal(passed.call, 'acquireTokenBySecureAppModel(["User.Read"], "contoso.onmicrosoft.com")');
    assert.equal(passed.unattended, true);
    assert.doesNotMatch(passed.message, /does not show its login host/);
    const settings = await samFix(`${MSAL}const settings = { authority: ${contoso}, clientId: "c" };\nconst app = new PublicClientApplication({ auth: { clientId: settings.clientId, authority: settings.authority } });\nexport const t = () => ${CALL};\n`);
    assert.equal(settings.call, 'acquireTokenBySecureAppModel(["User.Read"], "contoso.onmicrosoft.com")');
    assert.equal(settings.unattended, true);
    // A function others may call, calls that pass two authorities, a member written again: the authority is not known.
    for (const unknown of [
      await through('export ', contoso),
      await through('', contoso, '"https://login.microsoftonline.us/contoso.onmicrosoft.us"'),
      await samFix(`${MSAL}const settings = { authority: ${contoso} };\nsettings.authority = process.argv[2];\nconst app = new PublicClientApplication({ auth: { clientId: "c", authority: settings.authority } });\nexport const t = () => ${CALL};\n`),
      // A call that leaves the authority out or passes undefined gets msal's default (common); a function that reassigns it.
      await through('', contoso, 'undefined'),
      await samFix(`${MSAL}${maker('')}export async function t() {\n  const app0 = makeClient("c", ${contoso});\n  const other = makeClient("c");\n  const app = app0;\n  return ${CALL};\n}\n`),
      // Settings the code may change after the literal: Object.assign, an alias's write, a helper given them, a computed key.
      ...(await Promise.all(
        [
          'Object.assign(settings, { authority: process.env.AUTHORITY_URL });',
          'const s = settings;\nif (process.env.AUTHORITY_URL) s.authority = process.env.AUTHORITY_URL;',
          'function applyOverrides(o: { authority: string }) {\n  if (process.env.AUTHORITY_URL) o.authority = process.env.AUTHORITY_URL;\n}\napplyOverrides(settings);',
          'for (const [k, v] of Object.entries(JSON.parse(process.env.MSAL_OVERRIDES || "{}"))) (settings as Record<string, string>)[k] = v as string;',
          'for (const [k, v] of Object.entries(JSON.parse(process.env.MSAL_OVERRIDES || "{}"))) settings[k] = v as string;',
        ].map((write) => samFix(`${MSAL}const settings: any = { authority: ${contoso}, clientId: "c" };\n${write}\nconst app = new PublicClientApplication({ auth: { clientId: settings.clientId, authority: settings.authority } });\nexport const t = () => ${CALL};\n`)),
      )),
      await samFix(`${MSAL}function makeClient(clientId: string, authority: string) {\n  if (process.env.AUTHORITY_URL) authority = process.env.AUTHORITY_URL;\n  return new PublicClientApplication({ auth: { clientId, authority } });\n}\nexport async function t() {\n  const app = makeClient("c", ${contoso});\n  return ${CALL};\n}\n`),
    ]) {
      assert.equal(unknown.unattended, false);
      assert.match(unknown.message, /The client's authority \(line \d+\) does not show its login host/);
    }
  });
});
