import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { RULE_FIXTURES, ruleFixtureFindings } from './fixtures';

/** Fixtures of test code signing in as its own test account, by rule. */
const TEST_SIGN_INS: [rule: string, fixture: string, mark: string][] = [
  ['ts-ropc-http', 'playwright-global-setup.ts', 'it imports @playwright/test'],
  ['ts-msal-ropc', 'playwright-global-setup.ts', 'it imports @playwright/test'],
  ['ts-msal-ropc', 'integration-test-real-tenant.test.ts', "its name is a test's"],
  ['ts-identity-username-password', 'reader-account.spec.ts', 'it imports @playwright/test'],
  ['ts-adal-ropc', 'mocha-test-account.js', 'it imports mocha'],
  ['ts-mail-basic-auth', 'playwright-test-mailbox.ts', 'it imports @playwright/test'],
  ['ts-sharepoint-user-credentials', 'cypress-config-task.ts', 'it imports cypress'],
];

describe('sign-ins in test code, whose fixes would sign the test in as another account', () => {
  for (const [rule, fixture, mark] of TEST_SIGN_INS) {
    it(`${rule}/${fixture}: quick fixes only, and the message says what the fix needs`, async () => {
      const findings = await ruleFixtureFindings(rule, fixture);
      assert.ok(findings.length > 0);
      for (const finding of findings) {
        assert.ok(finding.fixes.length > 0, 'no fix offered');
        assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), finding.fixes.map(() => false));
        assert.ok(finding.message.includes(`the file is test code, as ${mark}, and signs a test account in`), finding.message);
        assert.match(finding.message, /The refresh token must come from that test account's own one-time sign-in with MFA/);
      }
    });
  }

  it('keeps fix-all for the same sign-in outside test code', async () => {
    const text = readFileSync(join(RULE_FIXTURES, 'ts-msal-ropc', 'playwright-global-setup.ts'), 'utf8').replace(/^import .*@playwright\/test.*\n/m, '');
    const { findings } = await analyze('src/editor-token.ts', text.replace('config: FullConfig', ''), 'typescript');
    const [finding] = findings.filter((f) => f.ruleId === 'ts-msal-ropc');
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [true, false]);
    assert.doesNotMatch(finding.message, /test code/);
  });
});
