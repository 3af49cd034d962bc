import type { RuleHit, RuleMeta } from '../../engine/rule';
import { isTestFile } from './methods-as-values';
import type { TypeScriptRuleContext } from './rule-context';

/** The test runners whose modules make a file test code, as their users import them. */
const TEST_RUNNERS = ['@playwright/test', 'playwright/test', 'cypress', 'k6', 'vitest', '@jest/globals', 'mocha', 'node:test', 'testcafe'];

/**
 * What makes a file test code (a test runner it imports, or a test's file name), which signs in as a
 * test account of its own: undefined when it is none.
 */
export function testCodeMark(path: string, modules: Iterable<string>): string | undefined {
  const runner = [...modules].find((module) => TEST_RUNNERS.some((name) => module === name || module.startsWith(`${name}/`)));
  if (runner) return `it imports ${runner}`;
  return isTestFile(path) ? "its name is a test's" : undefined;
}

/**
 * A hit of test code's sign-in, where the rule's fixes change who signs in: the Secure Application
 * Model token would sign the test in as the account that gave consent, not the test's own account,
 * and the tests would pass or fail as another user. Quick fixes only, and the message says so.
 */
export function asTestSignIn(context: TypeScriptRuleContext, meta: RuleMeta, hit: RuleHit): RuleHit {
  const fixes = hit.fixes ?? [];
  if (!meta.fixesChangeWhoSignsIn || fixes.length === 0) return hit;
  const mark = context.once(testCodeMarkOf);
  if (!mark) return hit;
  return { ...hit, message: `${hit.message} ${testCodeNote(mark)}`, fixes: fixes.map((fix) => ({ ...fix, safeForFixAll: false })) };
}

const testCodeMarkOf = (context: TypeScriptRuleContext): string | undefined => testCodeMark(context.path, context.facts.modules);

function testCodeNote(mark: string): string {
  return (
    `(Fix-all leaves this to you: the file is test code, as ${mark}, and signs a test account in; the Secure Application Model ` +
    'fix would sign the test in as the account that gave consent instead, an app-only fix as no user at all. The refresh token ' +
    "must come from that test account's own one-time sign-in with MFA; then apply the fix.)"
  );
}
