import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings as findingsOf, ruleFixtures } from './fixtures';

/** What fix-all says where the finding's message gives no reason: the titles of its fixes, or nothing. */
const NO_REASON = /^no fix is safe to apply unattended; apply by hand: |\(the scan's message says why\)$/;

describe('fix-all says why it leaves a finding, in the finding\'s own words', () => {
  it('every finding of every rule fixture that fix-all leaves gives a reason', async function () {
    this.timeout(120_000);
    const silent: string[] = [];
    for (const fixture of ruleFixtures()) {
      const { findings } = await analyze(fixture.path, fixture.source.text, fixture.languageId);
      for (const finding of findings.filter((found) => !found.fixes.some((fix) => fix.safeForFixAll))) {
        const why = whyNotFixed(finding);
        if (NO_REASON.test(why)) silent.push(`${fixture.ruleId}/${fixture.name}:${finding.range.start.line + 1} ${finding.ruleId}: ${why}`);
      }
    }
    assert.deepEqual(silent, []);
  });

  it('an Azure SQL token credential: tedious 18.3 or later, which the file does not show', async () => {
    const [config] = await findingsOf('ts-sql-entra-password', 'tedious-connection.js');
    assert.ok(config.fixes.length > 0);
    assert.equal(whyNotFixed(config), "no fix is safe to apply unattended: 'token-credential' needs tedious 18.3 or later, which the file does not show");
  });

  it("a SharePoint site the file does not show to be SharePoint Online's", async () => {
    const [unknown] = await findingsOf('ts-sharepoint-user-credentials', 'shapes.js');
    assert.equal(whyNotFixed(unknown), "no fix is safe to apply unattended: the file does not show the site's address, and a farm's site takes no Entra ID token");
  });

  it('an ms-rest login: only an @azure/arm-* client takes the new credential', async () => {
    const [login] = await findingsOf('ts-ms-rest-user-credentials', 'user-token-credentials.js');
    assert.equal(whyNotFixed(login), 'no fix is safe to apply unattended: only a current @azure/arm-* client takes the new credential, and the file does not show that its clients are such');
  });

  it('a CLI sign-in whose fixes sign in as an app, and PowerShell held in a string', async () => {
    const [pac] = await findingsOf('ps-pac-auth-password', 'spacing.ps1');
    assert.match(whyNotFixed(pac), /^no fix is safe to apply unattended: each signs in as an app, not the user, .*apply by hand: "Sign in as an app with a certificate \(pac auth create/);
    const [embedded] = await findingsOf('ts-powershell-sign-in', 'node-services.js');
    assert.equal(whyNotFixed(embedded), 'no fix is offered for it: the script is held in a string');
  });
});
