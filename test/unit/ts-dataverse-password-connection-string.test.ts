import { strict as assert } from 'node:assert';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-dataverse-password-connection-string';

describe(`${RULE}: what the messages say`, () => {
  it('names the AuthType, says a written password must be changed, and offers no fix but says why', async () => {
    const findings = await findingsOf(RULE, 'connection-strings.js');
    assert.match(findings[0].message, /^A Dataverse connection string with AuthType=Office365 \(WS-Trust\) signs in with a username and password/);
    assert.match(findings[0].message, /The password is written in the code: .* so change it\./);
    assert.match(findings[1].message, /^A Dataverse connection string with AuthType=OAuth and a Password/);
    assert.doesNotMatch(findings[1].message, /written in the code/);
    for (const finding of findings) {
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /AuthType=Certificate .* No fix is offered: /);
      assert.deepEqual(finding.fixes, []);
      assert.doesNotMatch(finding.message, /Summer2026!/);
    }
  });

  it('warns where the AuthType is chosen at run time, naming the choices the file shows', async () => {
    const findings = await findingsOf(RULE, 'authtype-chosen-at-run-time.ts');
    assert.deepEqual(findings.map((f) => f.severity), ['warning', 'warning']);
    assert.match(findings[0].message, /AuthType is chosen at run time \(a value the file does not show\) gives a Username and Password: where the run chooses Office365/);
    assert.match(findings[1].message, /AuthType is chosen at run time \(one of Certificate, Office365\)/);
  });

  it('warns, without saying a password is written in, where the Password is a placeholder or too short for an Entra ID account', async () => {
    const findings = await findingsOf(RULE, 'placeholder-passwords.ts');
    assert.deepEqual(findings.map((f) => f.severity), ['warning', 'warning', 'warning', 'warning', 'error']);
    for (const finding of findings.slice(0, 4)) {
      assert.match(finding.message, /Its Password is a placeholder \(or too short for an Entra ID account\), .* so this is a warning/);
      assert.doesNotMatch(finding.message, /written in the code/);
    }
    assert.doesNotMatch(findings[4].message, /placeholder|written in the code/);
  });

  it("warns in test code, where a connection string may be the code under test's data", async () => {
    const findings = await findingsOf(RULE, 'connection.test.ts');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.severity]), [[7, 'warning']]);
    assert.match(findings[0].message, /The file is test code \(it imports vitest\): the string may be data for the code under test .* so this is a warning/);
  });
});
