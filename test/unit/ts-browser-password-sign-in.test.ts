import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-browser-password-sign-in';

/** A Playwright test that goes to the login host and types `count` passwords, each before Microsoft's Next button. */
function signInsTest(count: number): string {
  const steps = Array.from({ length: count }, (_, i) => [
    `  await page.fill('#user${i}', names[${i}]);`,
    `  await page.fill('input[type=password]', secrets[${i}]);`,
    "  await page.click('#idSIButton9');",
  ]);
  return ["import { test } from '@playwright/test';", "test('many', async ({ page }) => {", "  await page.goto('https://login.microsoftonline.com/');", ...steps.flat(), '});', 'const names = [];', 'const secrets = [];', ''].join('\n');
}

async function findingsIn(count: number): Promise<number> {
  const { findings } = await analyze('many.spec.ts', signInsTest(count), 'typescript');
  return findings.filter((f) => f.ruleId === RULE).length;
}

describe(`${RULE}: what the messages say`, () => {
  it('names what shows the page is Microsoft\'s: its field, the host gone to, a portal, the code that calls a helper, another element', async () => {
    const reasons = (await findingsOf(RULE, 'helpers-and-portals.ts')).map((f) => /types a password (.*?): a browser sign-in/.exec(f.message)?.[1]);
    assert.deepEqual(reasons, [
      "into a password field of Microsoft's sign-in page, which the code goes to (login.microsoftonline.com)",
      "into a password field of Microsoft's sign-in page, which the code reaches through a Microsoft portal it goes to (myapps.microsoft.com)",
      "into a password field of Microsoft's sign-in page, which the code goes to (login.microsoftonline.com)",
      "into a password field of Microsoft's sign-in page, which the code reaches through a Microsoft portal it goes to (portal.azure.com)",
      "into a password field of Microsoft's sign-in page, which the code reaches through a Microsoft portal it goes to (sharepoint.com)",
      "into a password field of Microsoft's sign-in page, which the code goes to (login.microsoftonline.com)",
      "into a password field of Microsoft's sign-in page, which the code that calls it goes to (login.microsoftonline.com)",
    ]);
  });

  it("says that login.live.com signs in personal accounts and hands work accounts on, and says it of that page only", async () => {
    const notes = (await findingsOf(RULE, 'personal-account.js')).map((f) => /sign-in with a password\. (.*?)Once MFA/.exec(f.message)?.[1] ?? '');
    assert.deepEqual(notes, [
      "login.live.com is the sign-in page of personal Microsoft accounts (Outlook.com): a personal account's two-step verification stops the script the same way, and a work or school account typed there is sent on to Entra ID, where the following applies. ",
      '',
    ]);
  });
});

// How long it takes is the benchmark's to measure (issue 7), not a test's.
describe(`${RULE}: a test that types many passwords`, () => {
  it('reports each of them, read once per flow', async function () {
    this.timeout(120_000);
    assert.deepEqual([await findingsIn(300), await findingsIn(1_200)], [300, 1_200]);
  });
});
