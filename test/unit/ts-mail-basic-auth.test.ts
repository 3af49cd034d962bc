import { strict as assert } from 'node:assert';
import { fixAll, whyNotFixed } from '../../src/engine/fix-all';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-mail-basic-auth';

describe(`${RULE}: what the messages say`, () => {
  it("calls a host the code falls back to its default, and a host it always uses just the host", async () => {
    const [fallback] = await findingsOf(RULE, 'imapflow-async-function.ts');
    assert.match(fallback.message, /^imapflow ImapFlow signs in to outlook\.office365\.com \(the code's default, when no host is configured\) with a username and password \(IMAP/);
    const [fixed] = await findingsOf(RULE, 'imapflow-top-level.mjs');
    assert.match(fixed.message, /signs in to outlook\.office365\.com with a username and password \(IMAP/);
  });

  it('leaves to a person a sign-in whose password the code also checks, and says where; a password read nowhere else stays fix-all\'s', async () => {
    const [checked, own] = await findingsOf(RULE, 'password-checked.ts');
    assert.match(checked.message, /The password is also read at line 10 \(a check that it is set\?\), which the fix leaves as it is: fix-all leaves this sign-in to you/);
    assert.deepEqual(checked.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.doesNotMatch(own.message, /also read/);
    assert.deepEqual(own.fixes.map((fix) => fix.safeForFixAll), [true, false]);
  });

  it("a caller's mailbox password gets no fix from a request, and no fix-all from an exported function's parameters, as the other sign-ins", async () => {
    const [fromRequest] = await findingsOf(RULE, 'credentials-from-request.ts');
    assert.deepEqual(fromRequest.fixes, []);
    assert.match(fromRequest.message, /The credentials come from the request: this signs in whoever calls it/);
    assert.doesNotMatch(fromRequest.message, /also read/);
    const [parameter] = await findingsOf(RULE, 'imapflow-async-function.ts');
    assert.deepEqual(parameter.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(parameter.message, /The credentials are the callers' \(parameters\)/);
  });

  it('offers the fix for a host that is only the default, but leaves it out of fix-all and says why', async () => {
    const [byDefault] = await findingsOf(RULE, 'host-by-default.ts');
    assert.deepEqual(byDefault.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(byDefault.message, /the host is only the default, and where a deployment configures another server .* Exchange Online access token/);
  });

  it('leaves to a person a sign-in whose credentials object other code takes too, and names that code; clients of the same host sharing it stay fix-all', async () => {
    const [smtp] = await findingsOf(RULE, 'shared-with-imapflow.ts');
    assert.deepEqual(smtp.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(whyNotFixed(smtp), /^no fix is safe to apply unattended: the fix rewrites the credentials object where it is written, and the code also gives that object to new ImapFlow\(…\) at line 8, whose sign-in the rewrite would change too/);
    assert.equal(smtp.related?.filter((place) => /goes here too/.test(place.message)).length, 1);
    const [o365] = await findingsOf(RULE, 'shared-with-relay.js');
    assert.match(o365.message, /to nodemailer\.createTransport\(…\) at line 6,/);
    const [alerts] = await findingsOf(RULE, 'shared-through-spread.js');
    assert.match(alerts.message, /to nodemailer\.createTransport\(…\) at line 6,/);
    const shared = await findingsOf(RULE, 'shared-same-host.js');
    for (const finding of shared) {
      assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [true, false]);
      assert.doesNotMatch(finding.message, /also gives/);
    }
  });

  it("gives no fix to a function's sign-in that another call points at a non-Microsoft host, and says which", async () => {
    const [, , either, spread] = await findingsOf(RULE, 'host-from-parameter.js');
    assert.deepEqual([either.fixes, spread.fixes], [[], []]);
    assert.match(either.message, /^nodemailer createTransport signs in to smtp\.office365\.com with a username and password/);
    assert.match(either.message, /No quick fix: the function is also called with smtp\.gmail\.com \(lines 38 and 40, not a Microsoft host\), which the rewrite would send an Exchange Online access token/);
    assert.match(spread.message, /^imapflow ImapFlow signs in to outlook\.office365\.com .* also called with imap\.gmail\.com \(line 41, not a Microsoft host\)/);
  });

  it('says what takes the shared credentials object when it is no sign-in: a function, an export, a check of the password', async () => {
    const [audited] = await findingsOf(RULE, 'shared-with-function.ts');
    assert.deepEqual(audited.fixes.map((fix) => fix.safeForFixAll), [false, false]);
    assert.match(audited.message, /the code also gives it to audit\(…\) at line 8, which would be handed the rewritten object, without the password;/);
    for (const name of ['shared-exported.ts', 'shared-exported-commonjs.js']) {
      const [exported] = await findingsOf(RULE, name);
      assert.deepEqual(exported.fixes.map((fix) => fix.safeForFixAll), [false, false]);
      assert.match(exported.message, /the object is exported \(line 5\): other modules may use it, and would get the rewritten object too;/);
    }
    const [checked] = await findingsOf(RULE, 'shared-object-password-checked.ts');
    // The rewrite takes the key away, so the check would throw: no fix at all, and the message says why.
    assert.deepEqual(checked.fixes, []);
    assert.match(checked.message, /No quick fix: the code reads the password through the credentials object at line 6 \(mailbox\.pass\), which the rewrite takes away/);
    for (const finding of [audited, checked]) assert.doesNotMatch(finding.message, /whose sign-in/);
    assert.doesNotMatch(checked.message, /gives that object/);
  });

  it('says a password written empty is left to fill in, and sent by basic authentication once it is; not one that is only empty by default', async () => {
    const [template] = await findingsOf(RULE, 'empty-account-template.ts');
    assert.match(template.message, /The password is left empty here, to be filled in: once it is, it goes to the server by basic authentication\./);
    const [emptyBesideUser, fromEnvironment] = await findingsOf(RULE, 'placeholder-password.ts');
    assert.match(emptyBesideUser.message, /The password is left empty here/);
    assert.doesNotMatch(fromEnvironment.message, /left empty/);
  });

  it('names POP for mailbox settings on its port', async () => {
    const [pop] = await findingsOf(RULE, 'pop-settings.ts');
    assert.match(pop.message, /with a username and password \(POP basic authentication\)/);
  });

  it('a module that signs in as two mailboxes gets no fix-all for either (one token cannot be both); one mailbox twice does', async () => {
    const transport = (user: string, pass: string) => `export const ${user.toLowerCase()} = nodemailer.createTransport({ host: 'smtp.office365.com', port: 587, auth: { user: process.env.${user}, pass: process.env.${pass} } });`;
    const two = await fixAll('mail.ts', ["import nodemailer from 'nodemailer';", transport('ALERTS_USER', 'ALERTS_PASS'), transport('BILLING_USER', 'BILLING_PASS'), ''].join('\n'), 'typescript');
    assert.deepEqual(two.applied, []);
    for (const left of two.withheld) assert.match(left.reason, /the module signs in with more than one credential \(made at lines 2 and 3\)/);
    const one = await fixAll('mail.ts', ["import nodemailer from 'nodemailer';", transport('SMTP_USER', 'SMTP_PASS'), transport('SMTP_USER', 'SMTP_PASS').replace('smtp_user', 'again'), ''].join('\n'), 'typescript');
    assert.equal(one.applied.length, 2);
    // A user name's default (`|| 'alerts@…'`) stands for the same account as the setting it defaults.
    const withDefault = "import nodemailer from 'nodemailer';\nconst user = process.env.SMTP_USER || 'alerts@contoso.com';\nexport const mail = nodemailer.createTransport({ host: 'smtp.office365.com', port: 587, auth: { user, pass: process.env.SMTP_PASS } });\n";
    assert.equal((await fixAll('mail.ts', withDefault, 'typescript')).applied.length, 1);
  });
});
