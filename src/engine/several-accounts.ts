import type { Fix } from './finding';
import type { AccountSource, RuleHit, RuleMeta } from './rule';
import { LineIndex } from './text';

/** A rule's hit with the rule that made it. */
export interface RuleHitOf {
  meta: RuleMeta;
  hit: RuleHit;
}

/**
 * Fix-all gives every sign-in it fixes one Secure Application Model token (or one app): where the
 * file's sign-ins that fixes move to a token use more than one account (or one made anew on each
 * pass of a loop), that would sign them all in as one, so each is left to a person. An account the
 * rules could not follow back to where it is made counts as possibly another. The sign-ins left
 * for other reasons count too (an MSOnline admin session beside mail sent as another account: a
 * person who fixes the session gives it the same token). A fix that signs in interactively whoever runs the
 * script stays fix-all's: it asks that person at each sign-in. Rules say whom a sign-in signs in as in
 * their hits' `signsInAs`.
 */
export function leaveSeveralAccountsToPerson(hits: RuleHitOf[], text: string, unit: 'script' | 'module'): RuleHitOf[] {
  const fixable = hits.filter(({ hit }) => hit.signsInAs && (hit.fixes?.length ?? 0) > 0);
  // An interactive fix signs in whoever runs the script, each sign-in anew: no one account for all.
  const oneAccount = (fix: Fix): boolean => fix.safeForFixAll && !fix.interactive;
  const unattended = new Set(fixable.filter(({ hit }) => hit.fixes!.some(oneAccount)));
  if (unattended.size === 0) return hits;
  const accounts = new Map<string, AccountSource>();
  for (const { hit } of fixable) for (const source of hit.signsInAs!) if (!accounts.has(source.key)) accounts.set(source.key, source);
  const sources = [...accounts.values()];
  if (sources.length < 2 && !sources.some((source) => source.perPass)) return hits;
  const note = severalAccountsNote(text, sources, unit);
  return hits.map((entry) =>
    unattended.has(entry)
      ? { meta: entry.meta, hit: { ...entry.hit, message: `${entry.hit.message} ${note}`, fixes: entry.hit.fixes!.map((fix) => (fix.interactive ? fix : { ...fix, safeForFixAll: false })) } }
      : entry,
  );
}

/** Lines named in the note at most: a script of hundreds of sign-ins would repeat them in every finding. */
const MAX_LINES_NAMED = 4;

function severalAccountsNote(text: string, sources: AccountSource[], unit: string): string {
  const lines = new LineIndex(text);
  const linesOf = (made: AccountSource[]): number[] => [...new Set(made.map((source) => lines.positionAt(source.offset).line + 1))].sort((a, b) => a - b);
  const told = sources.filter((source) => !source.unfinished);
  const once = linesOf(told.filter((source) => !source.perPass));
  const perPass = linesOf(told.filter((source) => source.perPass));
  const untold = sources.length - told.length;
  const parts = [
    ...(once.length > 0 ? [`made at ${listOfLines(once)}`] : []),
    ...(perPass.length > 0 ? [`made anew on each pass of a loop at ${listOfLines(perPass)}`] : []),
    // Where the check stopped is not where the credential is made: no line is named for it.
    ...(untold > 0 ? [untold === 1 ? 'one the check could not follow back to where it is made' : `${untold} the check could not follow back to where they are made`] : []),
  ];
  const signsIn = told.length > 1 || perPass.length > 0 ? 'signs in' : 'may sign in';
  return (
    `(Fix-all leaves this to you: the ${unit} ${signsIn} with more than one credential (${parts.join('; ')}), and the fixes would sign ` +
    'them all in as one account, the one that consented to the Secure Application Model app (or one app); give each sign-in the account it is for.)'
  );
}

/** `line 3`, `lines 3 and 9`, `lines 3, 9, 12 and 2 more`. */
export function listOfLines(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  if (lines.length > MAX_LINES_NAMED) return `lines ${lines.slice(0, MAX_LINES_NAMED).join(', ')} and ${lines.length - MAX_LINES_NAMED} more`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
}
