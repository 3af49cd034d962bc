import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { whyNotFixed } from '../../src/engine/fix-all';
import { applyEdits } from '../../src/engine/edits';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-msal-ropc';
const ofRule = async (file: string) => (await findingsOf(RULE, file)).filter((f) => f.ruleId === RULE);

describe(`${RULE}: a client the file does not show to be msal-node's`, () => {
  it('made from a local module (a re-export): the fixes stay quick fixes, and the finding says why', async () => {
    const [finding] = await ofRule('client-from-local-module.ts');
    assert.equal(finding.fixes.length, 2);
    assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.equal(
      whyNotFixed(finding),
      "no fix is safe to apply unattended: the client is made from PublicClientApplication of ./msal, which this file does not show to be @azure/msal-node's, while the fix calls @azure/msal-node itself; check first that the client is msal-node's",
    );
  });

  it('handed in: the finding says the file neither imports msal-node nor makes the client', async () => {
    const [finding] = await ofRule('no-import-client-passed-in.ts');
    // The client's authority is not shown either: fix-all gives both reasons.
    assert.match(whyNotFixed(finding), /^no fix is safe to apply unattended: the client \(client\) is a parameter: the file does not show where it is made, nor its authority's login host, .*; and this file neither imports @azure\/msal-node nor shows where the client is made/);
  });

  it('made from @azure/msal-node: no such note', async () => {
    for (const finding of await ofRule('esm-named.ts')) assert.doesNotMatch(finding.message, /does not show to be|neither imports/);
  });
});

describe(`${RULE}: a file that binds the fixes' client class's name already`, () => {
  /** The fixed text of each fix of the one finding. */
  async function fixedTexts(path: string, code: string): Promise<string[]> {
    const { findings } = await analyze(path, code, 'typescript');
    assert.equal(findings.length, 1);
    return findings[0].fixes.map((fix) => applyEdits(code, fix.edits));
  }

  it("imports msal-node's class under a name of its own, so that no name is declared twice (a barrel's re-export, the file's own class)", async () => {
    const call = "const result = await pca.acquireTokenByUsernamePassword({ scopes: ['User.Read'], username: process.env.U, password: process.env.P });";
    const barrel = await fixedTexts('token.mjs', `import { PublicClientApplication, ConfidentialClientApplication } from './lib/msal.js';\nexport const appClient = new ConfidentialClientApplication({});\nexport async function t() {\n  const pca = new PublicClientApplication({});\n  ${call}\n  return result;\n}\n`);
    for (const fixed of barrel) {
      assert.match(fixed, /^import \{ ConfidentialClientApplication as MsalNodeConfidentialClientApplication \} from '@azure\/msal-node';$/m);
      assert.match(fixed, /new MsalNodeConfidentialClientApplication\(/);
      assert.match(fixed, /export const appClient = new ConfidentialClientApplication\(\{\}\)/);
    }
    const ownClass = await fixedTexts('token.js', `const { PublicClientApplication } = require('@azure/msal-node');\nclass ConfidentialClientApplication {}\nasync function t() {\n  const pca = new PublicClientApplication({});\n  ${call}\n  return result;\n}\nmodule.exports = { t, ConfidentialClientApplication };\n`);
    for (const fixed of ownClass) {
      // The client the fix leaves unread goes, and its class's name with it.
      assert.match(fixed, /^const \{ ConfidentialClientApplication: MsalNodeConfidentialClientApplication \} = require\('@azure\/msal-node'\);$/m);
      assert.match(fixed, /new MsalNodeConfidentialClientApplication\(/);
    }
  });
});

describe(`${RULE}: an authority on a host this tool does not know`, () => {
  it('is reported (a new sovereign cloud, a pre-production host), named in the message, and left to a person', async () => {
    const [bleu, preProduction] = await ofRule('login-hosts-not-listed.ts');
    assert.match(bleu.message, /The client's authority \(line 6\) names login\.sovcloud-identity\.fr, which is no login host this tool knows, while the Secure Application Model fix signs in through login\.microsoftonline\.com/);
    assert.match(preProduction.message, /names login\.windows-ppe\.net, which is no login host this tool knows/);
    assert.ok([bleu, preProduction].every((finding) => finding.fixes.every((fix) => !fix.safeForFixAll)));
  });
});

describe(`${RULE}: a setting that chooses a service principal instead (Power BI's "master user" samples)`, () => {
  it('says to set the mode to the service principal, and leaves the choice to a person', async () => {
    const [finding] = await ofRule('service-principal-branch.js');
    assert.match(finding.message, /The file already signs in as a service principal \(line 18\) when config\.authenticationMode chooses it: set config\.authenticationMode to "serviceprincipal" \(Microsoft's recommendation for Power BI's app-owns-data embedding\)/);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(whyNotFixed(finding), /^no fix is safe to apply unattended: whether to switch config\.authenticationMode to the service principal or keep a user/);
    assert.ok(finding.related.some((place) => /service principal sign-in/.test(place.message)));
  });

  it('a setting with no service principal to choose: no such note, and fix-all', async () => {
    const [finding] = await ofRule('mode-without-service-principal.js');
    assert.doesNotMatch(finding.message, /service principal/);
    assert.equal(finding.fixes[0].safeForFixAll, true);
  });

  it("adal-node's switch on the mode: the same", async () => {
    const [finding] = await findingsOf('ts-adal-ropc', 'service-principal-branch.js');
    assert.match(finding.message, /\(line 11\) when process\.env\.AUTHENTICATION_MODE chooses it: set process\.env\.AUTHENTICATION_MODE to "serviceprincipal"/);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false]);
  });
});

describe(`${RULE}: the choice of a service principal, written in other ways`, () => {
  it('?:, a guarded test, a function reading the mode, named constants, an early return, functions the branches call: each left to a person, pointing at its own service principal', async () => {
    const findings = await ofRule('service-principal-branch-shapes.js');
    const servicePrincipalLines = findings.map((finding) => finding.related.find((place) => /service principal sign-in/.test(place.message))?.range.start.line);
    assert.deepEqual(servicePrincipalLines, [12, 21, 32, 42, 51, 56]);
    assert.ok(findings.every((finding) => finding.fixes.length === 2 && finding.fixes.every((fix) => !fix.safeForFixAll)));
    const [ternary, , throughFunction, constants, earlyReturn] = findings;
    assert.match(ternary.message, /set config\.reports\.authenticationMode to the value that selects the service principal \(Microsoft's recommendation/);
    assert.match(throughFunction.message, /when config\.tiles\.authenticationMode chooses it: set config\.tiles\.authenticationMode to "serviceprincipal"/);
    assert.match(constants.message, /set config\.datasets\.authenticationMode to "serviceprincipal"/);
    assert.match(earlyReturn.message, /set config\.workspaces\.authenticationMode to "serviceprincipal"/);
  });

  it('a switch on the environment with a Graph app-only sign-in in one case: left to a person, with no advice to set NODE_ENV nor Power BI wording', async () => {
    const [finding, powerBi] = await ofRule('app-only-branch-of-another-setting.js');
    assert.match(finding.message, /The file also signs in as an app, with no user, on another branch of process\.env\.NODE_ENV \(line 11\)\./);
    assert.doesNotMatch(finding.message, /set process\.env\.NODE_ENV|Power BI|service principal/);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(whyNotFixed(finding), /^no fix is safe to apply unattended: whether this branch too can sign in as the app/);
    // A setting named for something else whose app-only branch signs in to Power BI: a choice of sign-in.
    assert.match(powerBi.message, /signs in as a service principal \(line 20\) when process\.env\.EMBED_TYPE chooses it: set process\.env\.EMBED_TYPE to "embedded"/);
  });

  it('both sign-ins after the same early return (NODE_ENV is not "test"): nothing chooses between them, and fix-all', async () => {
    const [finding] = await ofRule('app-only-on-the-same-side.js');
    assert.doesNotMatch(finding.message, /signs in as (an app|a service principal)/);
    assert.equal(finding.fixes[0].safeForFixAll, true);
  });

  it("adal-node's service principal in the else: the value that selects it is not shown, and the message says so", async () => {
    const [finding] = await findingsOf('ts-adal-ropc', 'service-principal-in-else.js');
    assert.match(finding.message, /\(line 10\) when config\.authenticationMode chooses it: set config\.authenticationMode to the value that selects the service principal /);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false]);
  });

  it("@azure/identity's UsernamePasswordCredential beside a ClientSecretCredential the mode chooses: the same", async () => {
    const [finding] = await findingsOf('ts-identity-username-password', 'service-principal-branch.ts');
    assert.match(finding.message, /The file already signs in as a service principal \(line 9\) when config\.authenticationMode chooses it/);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.ok(finding.related.some((place) => /service principal sign-in/.test(place.message)));
  });
});

describe(`${RULE}: where the client's authority is set`, () => {
  it("a client given as a parameter: says so, and cites no line (the call's would not be the authority's)", async () => {
    const source = [
      "import type { PublicClientApplication } from '@azure/msal-node';",
      'export async function graphToken(pca: PublicClientApplication) {',
      "  return pca.acquireTokenByUsernamePassword({ username: process.env.U!, password: process.env.P!, scopes: ['https://graph.microsoft.com/.default'] });",
      '}',
    ].join('\n');
    const [finding] = (await analyze('token.ts', source, 'typescript')).findings.filter((f) => f.ruleId === RULE);
    assert.match(finding.message, /The client \(pca\) is a parameter: the file does not show where it is made, nor its authority's login host, while/);
    assert.doesNotMatch(finding.message, /\(line \d+\)/);
  });

  it('options a method of the class returns (new PublicClientApplication(this.config())): the authority written there is read', async () => {
    const source = [
      "import * as msal from '@azure/msal-node';",
      'export class Auth {',
      "  private service = { tenant: 'common', appId: '', userName: '', password: '' };",
      '  private config(): msal.Configuration {',
      '    return { auth: { clientId: this.service.appId, authority: process.env.AUTHORITY! } };',
      '  }',
      '  private client = new msal.PublicClientApplication(this.config());',
      '  async token() {',
      "    return this.client.acquireTokenByUsernamePassword({ username: this.service.userName, password: this.service.password, scopes: ['User.Read'] });",
      '  }',
      '}',
    ].join('\n');
    const [finding] = (await analyze('auth.ts', source, 'typescript')).findings.filter((f) => f.ruleId === RULE);
    assert.match(finding.message, /The client's authority \(line 5\) does not show its login host/);
  });
});
