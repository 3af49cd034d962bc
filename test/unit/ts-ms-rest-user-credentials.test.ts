import { strict as assert } from 'node:assert';
import { whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-ms-rest-user-credentials';
const ofRule = async (file: string) => (await findingsOf(RULE, file)).filter((f) => f.ruleId === RULE);

describe(`${RULE}: a login it offers no fix for says why`, () => {
  it('a login that hands its credentials to a callback', async () => {
    const findings = await ofRule('callback-forms.js');
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.message, /\(No fix is offered here: the login hands the credentials and the subscriptions to a callback, .*by hand\.\)$/);
      assert.match(whyNotFixed(finding), /^no fix is offered for it: the login hands the credentials and the subscriptions to a callback/);
    }
  });

  it('a login whose argument after the password the file does not show', async () => {
    const [finding] = await ofRule('login-options-unshown.js');
    assert.deepEqual(finding.fixes, []);
    assert.match(whyNotFixed(finding), /^no fix is offered for it: the file does not show whether the arguments after the password are options or a callback/);
  });

  it('loginWithUsernamePasswordWithAuthResponse, whose answer is more than a credential; its sibling keeps its fixes and says nothing of it', async () => {
    const [login, withResponse] = await ofRule('nodeauth-await.ts');
    assert.equal(login.fixes.length, 2);
    assert.doesNotMatch(login.message, /No fix is offered/);
    assert.deepEqual(withResponse.fixes, []);
    assert.match(whyNotFixed(withResponse), /^no fix is offered for it: it answers with an AuthResponse \(the credentials, the token response and the subscriptions\)/);
  });

  it("credentials the code calls getToken() or signRequest() on, which an @azure/identity credential answers otherwise or lacks", async () => {
    const [awaited, chained, constructed] = await ofRule('credentials-own-get-token.js');
    for (const [finding, line] of [[awaited, 12], [chained, 19]] as const) {
      assert.deepEqual(finding.fixes, []);
      assert.match(whyNotFixed(finding), new RegExp(`^no fix is offered for it: line ${line} calls the credentials' own getToken\\(\\), which takes no scopes .* answers \\{ token \\}; rewrite that code by hand`));
      assert.doesNotMatch(finding.message, /fix is not applied unattended/);
    }
    assert.deepEqual(constructed.fixes, []);
    assert.match(whyNotFixed(constructed), /^no fix is offered for it: line 25 calls the credentials' own signRequest\(\), which an @azure\/identity credential does not have/);
  });
});
