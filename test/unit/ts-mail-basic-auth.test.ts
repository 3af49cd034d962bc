import { strict as assert } from 'node:assert';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-mail-basic-auth';

describe(`${RULE}: what the messages say`, () => {
  it("calls a host the code falls back to its default, and a host it always uses just the host", async () => {
    const [fallback] = await findingsOf(RULE, 'imapflow-async-function.ts');
    assert.match(fallback.message, /^imapflow ImapFlow signs in to outlook\.office365\.com \(the code's default, when no host is configured\) with a username and password \(IMAP/);
    const [fixed] = await findingsOf(RULE, 'imapflow-top-level.mjs');
    assert.match(fixed.message, /signs in to outlook\.office365\.com with a username and password \(IMAP/);
  });
});
