import { strict as assert } from 'node:assert';
import { whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings } from './fixtures';

const ofRule = async (rule: string, file: string) => (await ruleFixtureFindings(rule, file)).filter((f) => f.ruleId === rule);
/** The closed-cloud note, naming what the code names Microsoft Cloud Deutschland by and what to move to the public cloud. */
const closed = (named: string, update: string) =>
  new RegExp(`^no fix is offered for it: this code names Microsoft Cloud Deutschland \\(${named}\\), which Microsoft closed; .*public cloud.*: ${update} first$`);
const AUTHORITY = closed('login\\.microsoftonline\\.de', 'update the authority and scopes to login\\.microsoftonline\\.com and graph\\.microsoft\\.com');

describe('sovereign clouds: a fix keeps the cloud the code signs in to, or is withheld and says why', () => {
  it('a sign-in through Microsoft Cloud Deutschland gets no fix, in every rule that reads a cloud, saying what to move', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['ts-msal-ropc', 'germany-closed-cloud.ts', 1, AUTHORITY],
      ['ts-identity-username-password', 'germany-authority-host.ts', 1, AUTHORITY],
      ['ts-adal-ropc', 'germany-authority.js', 1, AUTHORITY],
      ['ts-adal-ropc', 'germany-context-of-module-class.js', 1, AUTHORITY],
      ['ts-ropc-http', 'germany-closed-cloud.js', 1, AUTHORITY],
      ['ts-sql-entra-password', 'germany-server.js', 1, closed('database\\.cloudapi\\.de', "move the server to the public cloud's Azure SQL \\(database\\.windows\\.net\\)")],
      ['ts-ms-rest-user-credentials', 'environment-other-cloud.ts', 3, closed('login\\.microsoftonline\\.de', 'set the environment option to the public cloud \\(Environment\\.AzureCloud\\)')],
    ];
    for (const [rule, file, count, note] of cases) {
      const findings = await ofRule(rule, file);
      assert.equal(findings.length, count, `${rule}/${file}`);
      const last = findings.at(-1)!;
      assert.deepEqual(last.fixes, [], `${rule}/${file}`);
      assert.match(whyNotFixed(last), note, `${rule}/${file}`);
    }
  });

  it('an Azure SQL server in another cloud than the one the fixes sign in through gets no fix; the public server keeps its fixes', async () => {
    const [gov, commercial] = await ofRule('ts-sql-entra-password', 'server-in-other-cloud.js');
    assert.deepEqual(gov.fixes, []);
    assert.match(
      whyNotFixed(gov),
      /^no fix is offered for it: its server \(contoso\.database\.usgovcloudapi\.net\) signs in through login\.microsoftonline\.us, which belongs to another Microsoft cloud than login\.microsoftonline\.com, .*refresh token or app secret to another cloud/,
    );
    assert.match(gov.message, / \(No fix is offered here: its server .* than the code signs in to\.\)$/, 'parenthesised as the other rules write it');
    assert.equal(commercial.fixes.length, 2);
  });

  it("an ms-rest login told another cloud than the file's gets no fix; the public one keeps its fixes", async () => {
    const [gov, commercial] = await ofRule('ts-ms-rest-user-credentials', 'environment-other-cloud.ts');
    assert.deepEqual(gov.fixes, []);
    assert.match(whyNotFixed(gov), /^no fix is offered for it: its cloud \(line 7\) signs in through login\.microsoftonline\.us, which belongs to another Microsoft cloud than login\.microsoftonline\.com/);
    assert.equal(commercial.fixes.length, 2);
  });

  it('adal-node\'s method on a context made in another module is reported without a fix, saying so', async () => {
    const findings = await ofRule('ts-adal-ropc', 'context-made-in-another-module.js');
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [9, 14]);
    for (const finding of findings) {
      assert.deepEqual(finding.fixes, []);
      assert.match(whyNotFixed(finding), /^no fix is offered for it: the AuthenticationContext comes from another module \(\.\/(?:adalAuth|contexts)\), so the file does not show its authority/);
    }
  });
});
