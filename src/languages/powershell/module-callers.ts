import type { RuleHit, RuleMeta } from '../../engine/rule';

/** A script module: its functions run for whichever scripts import it. */
const MODULE_FILE = /\.psm1$/i;

const CALLERS_NOTE =
  '(Fix-all leaves this to you: this is a module, whose functions sign in whoever calls them, and one stored ' +
  'token or app would sign every caller in as one account. Where the module does mean one account, apply the fix.)';

/**
 * A hit of a module's sign-in, whose fixes would make every caller one account: quick fixes only. An interactive
 * fix stays fix-all's: it signs in whoever calls the function.
 */
export function asModuleSignIn(path: string, meta: RuleMeta, hit: RuleHit): RuleHit {
  const fixes = hit.fixes ?? [];
  if (!MODULE_FILE.test(path) || !meta.fixesChangeWhoSignsIn || !fixes.some((fix) => fix.safeForFixAll && !fix.interactive)) return hit;
  return { ...hit, message: `${hit.message} ${CALLERS_NOTE}`, fixes: fixes.map((fix) => (fix.interactive ? fix : { ...fix, safeForFixAll: false })) };
}
