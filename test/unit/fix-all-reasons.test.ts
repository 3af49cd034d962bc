import { strict as assert } from 'node:assert';
import { whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings as findingsOf } from './fixtures';

describe('fix-all says why it leaves a finding, in the finding\'s own words', () => {
  it('an Azure SQL token credential: tedious 18.3 or later, which the file does not show', async () => {
    const [config] = await findingsOf('ts-sql-entra-password', 'tedious-connection.js');
    assert.ok(config.fixes.length > 0);
    assert.equal(whyNotFixed(config), "no fix is safe to apply unattended: 'token-credential' needs tedious 18.3 or later, which the file does not show");
  });

  it("a SharePoint site the file does not show to be SharePoint Online's", async () => {
    const [unknown] = await findingsOf('ts-sharepoint-user-credentials', 'shapes.js');
    assert.equal(whyNotFixed(unknown), "no fix is safe to apply unattended: the file does not show the site's address, and a farm's site takes no Entra ID token");
    const online = (await findingsOf('ts-sharepoint-user-credentials', 'site-from-environment.js'))[0];
    assert.match(whyNotFixed(online), /^no fix is safe to apply unattended: /);
    assert.doesNotMatch(whyNotFixed(online), /apply by hand/);
  });
});
