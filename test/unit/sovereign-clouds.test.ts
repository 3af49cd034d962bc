import { strict as assert } from 'node:assert';
import { whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings } from './fixtures';

const ofRule = async (rule: string, file: string) => (await ruleFixtureFindings(rule, file)).filter((f) => f.ruleId === rule);
const CLOSED = /^no fix is offered for it: this code names Microsoft Cloud Deutschland \(login\.microsoftonline\.de\), which Microsoft closed; .*public cloud.*login\.microsoftonline\.com and graph\.microsoft\.com first$/;

describe('sovereign clouds: a fix keeps the cloud the code signs in to, or is withheld and says why', () => {
  it('a sign-in through Microsoft Cloud Deutschland gets no fix, in every rule that reads a cloud', async () => {
    const cases: [string, string, number][] = [
      ['ts-msal-ropc', 'germany-closed-cloud.ts', 1],
      ['ts-identity-username-password', 'germany-authority-host.ts', 1],
      ['ts-adal-ropc', 'germany-authority.js', 1],
      ['ts-ropc-http', 'germany-closed-cloud.js', 1],
      ['ts-sql-entra-password', 'germany-server.js', 1],
      ['ts-ms-rest-user-credentials', 'environment-other-cloud.ts', 3],
    ];
    for (const [rule, file, count] of cases) {
      const findings = await ofRule(rule, file);
      assert.equal(findings.length, count, `${rule}/${file}`);
      const closed = findings.at(-1)!;
      assert.deepEqual(closed.fixes, [], `${rule}/${file}`);
      assert.match(whyNotFixed(closed), CLOSED, `${rule}/${file}`);
    }
  });

  it('an Azure SQL server in another cloud than the one the fixes sign in through gets no fix; the public server keeps its fixes', async () => {
    const [gov, commercial] = await ofRule('ts-sql-entra-password', 'server-in-other-cloud.js');
    assert.deepEqual(gov.fixes, []);
    assert.match(
      whyNotFixed(gov),
      /^no fix is offered for it: its server \(contoso\.database\.usgovcloudapi\.net\) signs in through login\.microsoftonline\.us, which belongs to another Microsoft cloud than login\.microsoftonline\.com, .*refresh token or app secret to another cloud/,
    );
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
