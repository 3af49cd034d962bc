import type { RuleHit, RuleMeta } from '../../engine/rule';

/** What is test code (the file, or the sign-in's place in it), and what makes it so: `it imports mocha`. */
export interface TestCode {
  what: 'the file' | 'the sign-in';
  mark: string;
}

/**
 * A hit of test code's sign-in, where the rule's fixes change who signs in: the Secure Application
 * Model token would sign the test in as the account that gave consent, not the test's own account,
 * and the tests would pass or fail as another user. Quick fixes only, and the message says so.
 * `testCode` is asked only of such hits.
 */
export function asTestSignIn(meta: RuleMeta, hit: RuleHit, testCode: () => TestCode | undefined): RuleHit {
  const fixes = hit.fixes ?? [];
  if (!meta.fixesChangeWhoSignsIn || fixes.length === 0) return hit;
  const test = testCode();
  if (!test) return hit;
  return { ...hit, message: `${hit.message} ${testSignInNote(test)}`, fixes: fixes.map((fix) => ({ ...fix, safeForFixAll: false })) };
}

export function testSignInNote({ what, mark }: TestCode): string {
  return (
    `(Fix-all leaves this to you: ${what} is test code, as ${mark}, and signs a test account in; the Secure Application Model ` +
    'fix would sign the test in as the account that gave consent instead, an app-only fix as no user at all. The refresh token ' +
    "must come from that test account's own one-time sign-in with MFA; then apply the fix.)"
  );
}
