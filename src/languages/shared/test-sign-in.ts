import type { Fix } from '../../engine/finding';
import { fixSignIn, type FixSignIn } from '../../engine/fix-sign-ins';
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
  return { ...hit, message: `${hit.message} ${testSignInNote(test, fixes)}`, fixes: fixes.map((fix) => ({ ...fix, safeForFixAll: false })) };
}

/** What each kind of fix would sign the test in as, instead of its own account. */
const SIGNS_IN_AS: Record<FixSignIn, { fix: string; as: string }> = {
  'secure-application-model': { fix: 'the Secure Application Model fix', as: 'as the account that gave consent instead' },
  app: { fix: 'an app-only fix', as: 'as no user at all' },
};

/** What a person does before applying the fix, by the kinds of fix offered (the Secure Application Model's first). */
const BEFORE_APPLYING: Record<FixSignIn, string> = {
  'secure-application-model': "The refresh token must come from that test account's own one-time sign-in with MFA; then apply the fix.",
  app: "Apply it where the test is meant to run as an app, with the app's own permissions.",
};

/** The note names only the kinds of fix offered: those that sign in with the Secure Application Model, as an app, or (neither) some other way. */
export function testSignInNote({ what, mark }: TestCode, fixes: readonly Pick<Fix, 'title'>[]): string {
  const kinds = (['secure-application-model', 'app'] as const).filter((kind) => fixes.some((fix) => fixSignIn(fix) === kind));
  const instead = kinds.map((kind, at) => `${SIGNS_IN_AS[kind].fix}${at === 0 ? ' would sign the test in' : ''} ${SIGNS_IN_AS[kind].as}`).join(', ');
  const after = kinds.length > 0 ? `${instead}. ${BEFORE_APPLYING[kinds[0]]}` : 'the fix would change which account the test signs in as.';
  return `(Fix-all leaves this to you: ${what} is test code, as ${mark}, and signs a test account in; ${after})`;
}
