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

async function timedFindings(count: number): Promise<{ found: number; ms: number }> {
  const text = signInsTest(count);
  const started = performance.now();
  const { findings } = await analyze('many.spec.ts', text, 'typescript');
  return { found: findings.filter((f) => f.ruleId === RULE).length, ms: performance.now() - started };
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
});

describe(`${RULE}: a test that types many passwords`, () => {
  it('is read once per flow: four times the passwords take about four times as long, not sixteen', async function () {
    this.timeout(120_000);
    await timedFindings(300); // the parser and the rules loaded and compiled
    const small = await timedFindings(300);
    const large = await timedFindings(1_200);
    assert.deepEqual([small.found, large.found], [300, 1_200]);
    assert.ok(large.ms < 8 * small.ms, `300 passwords took ${Math.round(small.ms)} ms, 1,200 took ${Math.round(large.ms)} ms`);
  });
});
