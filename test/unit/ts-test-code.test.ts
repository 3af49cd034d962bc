import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { testCodeMark } from '../../src/languages/typescript/test-code';
import { RULE_FIXTURES, ruleFixtureFindings } from './fixtures';

/** Fixtures of test code signing in as its own test account, by rule. */
const TEST_SIGN_INS: [rule: string, fixture: string, mark: string][] = [
  ['ts-ropc-http', 'playwright-global-setup.ts', 'it imports @playwright/test'],
  ['ts-msal-ropc', 'playwright-global-setup.ts', 'it imports @playwright/test'],
  ['ts-msal-ropc', 'integration-test-real-tenant.test.ts', 'it is named as a test (integration-test-real-tenant.test.ts)'],
  ['ts-ropc-http', 'login.cy.ts', 'it is named as a test (login.cy.ts)'],
  ['ts-ropc-http', 'jest.global-setup.ts', 'it is named as a test set-up (jest.global-setup.ts)'],
  ['ts-ropc-http', 'auth.steps.ts', 'it imports @cucumber/cucumber'],
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

describe('what makes a file test code', () => {
  const mark = (path: string, ...modules: string[]) => testCodeMark(path, modules);

  it('a test module it imports: runners, assertion libraries, step definitions, WebDriver runners', () => {
    assert.equal(mark('/repo/test-helpers/login.ts', 'chai'), 'it imports chai');
    assert.equal(mark('/repo/features/steps/auth.steps.ts', '@cucumber/cucumber'), 'it imports @cucumber/cucumber');
    assert.equal(mark('/repo/wdio.conf.ts', '@wdio/types'), 'it imports @wdio/types');
    assert.equal(mark('/repo/helpers.ts', 'webdriverio'), 'it imports webdriverio');
    assert.equal(mark('/repo/setup.ts', 'jest-puppeteer'), 'it imports jest-puppeteer');
  });

  it('not puppeteer, playwright or selenium-webdriver, which production scrapers and bots import too', () => {
    for (const module of ['puppeteer', 'puppeteer-core', 'playwright', 'playwright-core', 'selenium-webdriver', 'chaiscript']) {
      assert.equal(mark('/repo/src/scraper.ts', module), undefined, module);
    }
  });

  it('its name: a spec of Cypress or an end-to-end test, a set-up, a test runner\'s configuration', () => {
    assert.equal(mark('/repo/login.cy.ts'), 'it is named as a test (login.cy.ts)');
    assert.equal(mark('/repo/app.e2e-spec.ts'), 'it is named as a test (app.e2e-spec.ts)');
    assert.equal(mark('/repo/checkout.e2e.js'), 'it is named as a test (checkout.e2e.js)');
    for (const name of ['jest.global-setup.ts', 'globalSetup.ts', 'global-teardown.js', 'auth.setup.ts', 'vitest-setup.ts', 'test-setup.mjs', 'setupTests.ts']) {
      assert.equal(mark(`/repo/${name}`), `it is named as a test set-up (${name})`);
    }
    for (const name of ['wdio.conf.ts', 'wdio.local.conf.js', 'playwright.config.ts', 'cypress.config.js']) {
      assert.equal(mark(`C:\\repo\\${name}`), `it is named as a test runner's configuration (${name})`);
    }
  });

  it('a test folder it lies in, as a whole folder name, below the last src folder and outside sample files', () => {
    assert.equal(mark('/repo/test/login.ts'), 'it lies in a test folder (test/)');
    assert.equal(mark('/repo/packages/api/tests/helpers/auth.ts'), 'it lies in a test folder (tests/)');
    assert.equal(mark('/repo/src/app/__tests__/auth.ts'), 'it lies in a test folder (__tests__/)');
    assert.equal(mark('/repo/cypress/support/commands.ts'), 'it lies in a test folder (cypress/)');
    assert.equal(mark('e2e\\pages\\login.ts'), 'it lies in a test folder (e2e/)');
    assert.equal(mark('/home/me/src/github.com/org/repo/playwright/login.ts'), 'it lies in a test folder (playwright/)');
    // Folders above the project, a fixture that tests read, and names that only contain "test".
    assert.equal(mark('/home/me/tests/repo/src/token.ts'), undefined);
    assert.equal(mark('/repo/test/fixtures/token.ts'), undefined);
    assert.equal(mark('/repo/src/contest.ts'), undefined);
    assert.equal(mark('/repo/src/test-utils.ts'), undefined);
    assert.equal(mark('/repo/latest.test-data.ts'), undefined);
    assert.equal(mark('/repo/src/attestation/token.ts'), undefined);
    assert.equal(mark('/repo/e2e-helpers.ts', 'playwright'), undefined);
    assert.equal(mark('/repo/src/database.setup-helpers.ts'), undefined);
  });

  it('a password grant in a test folder is left out of fix-all', async () => {
    const text = readFileSync(join(RULE_FIXTURES, 'ts-ropc-http', 'login.cy.ts'), 'utf8');
    const fixAllOf = async (path: string) => (await analyze(path, text, 'typescript')).findings.flatMap((f) => f.fixes.map((fix) => fix.safeForFixAll));
    assert.deepEqual(await fixAllOf('/repo/test/login.ts'), [false]);
    assert.deepEqual(await fixAllOf('/repo/src/login.ts'), [true]);
  });
});

describe('judgements that drop findings ask whether the file is a test by itself, not by a folder above it', () => {
  const settings = "const settings = { host: 'smtp.office365.com', port: 587, auth: { user: process.env.MAIL_USER, pass: process.env.MAIL_PASSWORD } };\nmodule.exports = { settings };\n";
  it("mail settings handed on are found in a project checked out under ~/tests/ or test/, and left alone in Jest's folders or a file named as a test", async () => {
    for (const [path, found] of [
      ['/home/ops/tests/partner-tools/lib/mailer.js', 1],
      ['/srv/ci/test/proj/lib/mailer.js', 1],
      ['/repo/lib/__mocks__/mailer.js', 0],
      ['/repo/lib/mailer.test.js', 0],
    ] as const) {
      const { findings } = await analyze(path, settings, 'javascript');
      assert.equal(findings.filter((f) => f.ruleId === 'ts-mail-basic-auth').length, found, path);
    }
  });
});
