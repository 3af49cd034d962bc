import { strict as assert } from 'node:assert';
import { testSignInNote, type TestCode } from '../../src/languages/shared/test-sign-in';
import { ruleFixtureFindings } from './fixtures';

const SPEC: TestCode = { what: 'the file', mark: 'it is named as a test (login.test.js)' };
const SAM = { title: 'Use the Secure Application Model (refresh token from an MFA-backed consent)' };
const APP_ONLY = { title: 'Use app-only authentication with a certificate (no user: acquireTokenByClientCredential)' };
const MANAGED_IDENTITY = { title: 'Sign in with the managed identity of the machine (az login --identity)' };
const SERVICE_PRINCIPAL = { title: 'Sign in as a service principal with a certificate (az login --service-principal --certificate)' };

/** The note test code's sign-ins get: what is test code, and what each kind of fix offered would sign the test in as. */
describe('the test-code note names only the kinds of fix the finding offers', () => {
  it('both kinds: the Secure Application Model fix as the consenting account, an app-only fix as no user', () => {
    assert.equal(
      testSignInNote(SPEC, [SAM, APP_ONLY]),
      '(Fix-all leaves this to you: the file is test code, as it is named as a test (login.test.js), and signs a test account in; ' +
        'the Secure Application Model fix would sign the test in as the account that gave consent instead, an app-only fix as no user at all. ' +
        "The refresh token must come from that test account's own one-time sign-in with MFA; then apply the fix.)",
    );
  });

  it('a Secure Application Model fix only: no app-only fix is named', () => {
    const note = testSignInNote(SPEC, [SAM]);
    assert.match(note, /the Secure Application Model fix would sign the test in as the account that gave consent instead\. The refresh token must come/);
    assert.doesNotMatch(note, /app-only/);
  });

  it('app fixes only (a service principal, a managed identity): no Secure Application Model fix nor its refresh token', () => {
    const note = testSignInNote({ what: 'the sign-in', mark: 'it runs in a Pester It block (line 4)' }, [SERVICE_PRINCIPAL, MANAGED_IDENTITY]);
    assert.equal(
      note,
      '(Fix-all leaves this to you: the sign-in is test code, as it runs in a Pester It block (line 4), and signs a test account in; ' +
        "an app-only fix would sign the test in as no user at all. Apply it where the test is meant to run as an app, with the app's own permissions.)",
    );
  });

  it('a fix of neither kind (a repeated sign-in removed): the change of account, without naming a kind', () => {
    const note = testSignInNote(SPEC, [{ title: 'Remove this sign-in: the Connect-MgGraph -AccessToken right above it signs in the same way' }]);
    assert.match(note, /signs a test account in; the fix would change which account the test signs in as\.\)$/);
    assert.doesNotMatch(note, /Secure Application Model|app-only|refresh token/);
  });

  it("ts-ropc-http in a Playwright global setup, whose only fix is the Secure Application Model's, names no app-only fix", async () => {
    const [finding] = await ruleFixtureFindings('ts-ropc-http', 'playwright-global-setup.ts');
    const note = finding.message.slice(finding.message.indexOf('(Fix-all leaves this to you: the file is test code'));
    assert.deepEqual(finding.fixes.map((fix) => fix.title), ['Use the Secure Application Model (refresh_token grant at the same endpoint)']);
    assert.match(note, /^\(Fix-all leaves this to you: the file is test code, as it imports @playwright\/test, .*the account that gave consent instead\. The refresh token/);
    assert.doesNotMatch(note, /app-only/);
  });
});
