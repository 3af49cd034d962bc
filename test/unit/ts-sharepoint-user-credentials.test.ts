import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-sharepoint-user-credentials';

describe(`${RULE}: what the messages say`, () => {
  it("csom-node: names the library and the site (the context's, else the loader's), and says why there is no fix", async () => {
    const findings = await findingsOf(RULE, 'csom-node.js');
    const site = (f: { message: string }) => /^csom-node signs in to (SharePoint Online|the site \(SharePoint Online unless it is a farm)/.exec(f.message)?.[1];
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, site(f)]),
      [
        [10, 'SharePoint Online'],
        [19, 'SharePoint Online'],
        [24, 'SharePoint Online'],
        [29, 'SharePoint Online'],
      ],
    );
    const { findings: unknown } = await analyze('connect.js', "const ctx = await SP.ClientContext.connectWithUserCredentials(user, password);\n", 'javascript');
    assert.deepEqual(unknown.map(site), ['the site (SharePoint Online unless it is a farm']);
    for (const finding of findings) {
      assert.match(finding.message, /No fix is offered: csom-node's AuthenticationContext signs in with a password or SharePoint's ACS app-only \(retired on 2026-04-02\)/);
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('spsave in a watch: a site spread in from settings the file shows is named, and a farm\'s is no finding', async () => {
    const findings = await findingsOf(RULE, 'spsave-watch.js');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, /^(?:gulp-)?spsave signs in to SharePoint Online /.test(f.message)]),
      [
        [14, true],
        [18, true],
        [21, true],
      ],
    );
    for (const finding of findings) assert.deepEqual(finding.fixes, []);
  });

  it('pnp-auth: the credentials are node-sp-auth\'s, so the message says so', async () => {
    const findings = await findingsOf(RULE, 'pnp-auth.ts');
    assert.equal(findings.length, 2);
    for (const finding of findings) assert.match(finding.message, /^pnp-auth signs in to SharePoint Online .* No fix is offered: pnp-auth takes node-sp-auth credentials only/);
  });
});
