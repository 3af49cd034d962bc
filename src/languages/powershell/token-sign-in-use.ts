import { firstAtOrAfter } from '../../engine/text';
import type { CommandCall } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { IndexedAssignment, IndexedCommand, IndexedVariable } from './script-index';
import type { ScalarAssignment } from './values';

/**
 * Microsoft sign-in cmdlets that take an access token, lower-case, with the parameters that take it:
 * the token a request answers with going there shows that Entra ID issued it.
 */
const TOKEN_SIGN_INS: ReadonlyMap<string, RegExp> = new Map([
  ['connect-mggraph', /^accesstoken$/i],
  ['connect-azaccount', /^(?:accesstoken|microsoftgraphaccesstoken|graphaccesstoken|keyvaultaccesstoken)$/i],
  ['connect-exchangeonline', /^accesstoken$/i],
  ['connect-ippssession', /^accesstoken$/i],
  ['connect-microsoftteams', /^accesstokens$/i],
  ['connect-pnponline', /^accesstoken$/i],
  ['connect-azuread', /^(?:aadaccesstoken|msaccesstoken)$/i],
  ['connect-msolservice', /^(?:adgraphaccesstoken|msgraphaccesstoken)$/i],
]);

/** The cmdlets' names, for a rule's prefilter. */
export const TOKEN_SIGN_IN_CMDLETS: readonly string[] = [...TOKEN_SIGN_INS.keys()];

/** Variables a token is followed through, and the reads of each looked at (the first in a sign-in or an assignment, in order). */
const MAX_HOPS = 2;
const MAX_READS = 64;

/** An assignment that holds the token, or a part of it; `splatsToken`: a hashtable whose access token entry holds it. */
type Held = ScalarAssignment & { splatsToken?: boolean };

/**
 * Whether the response of a request the script assigns (`$r = Invoke-RestMethod …`, also a part of it:
 * `$t = (Invoke-RestMethod …).access_token`) reaches a
 * Microsoft sign-in cmdlet's access token parameter: read where that assignment is the one seen
 * (its function, before the variable is set again), directly, through variables that hold a part of
 * it (`$t = ConvertTo-SecureString $r.access_token …; Connect-MgGraph -AccessToken $t`), or through a
 * hashtable splatted into the cmdlet (`$p = @{ AccessToken = $r.access_token }; Connect-MgGraph @p`).
 */
export function answerSignsInToMicrosoft(context: PowerShellRuleContext, send: CommandCall): boolean {
  const signIns = tokenSignInsOf(context);
  if (signIns.length === 0) return false;
  const holder = enclosingAssignment(context, send.start);
  const assignment = holder && assignmentAt(context, holder.scalar, holder.start);
  return !!assignment && reachesTokenSignIn(context, signIns, holder.scalar, assignment, 0);
}

/** Whether `$name`, as `held` sets it, reaches a token sign-in (see answerSignsInToMicrosoft). */
function reachesTokenSignIn(context: PowerShellRuleContext, signIns: readonly IndexedCommand[], name: string, held: Held, hops: number): boolean {
  let looked = 0;
  const reads = readsOf(context, name);
  for (let at = firstAtOrAfter(reads, (read) => read.start, held.end); at < reads.length; at++) {
    const read = reads[at];
    const signIn = signIns.find((command) => command.start < read.start && read.end <= command.end);
    const into = signIn ? undefined : enclosingAssignment(context, read.start);
    // Not read where it is set again (`$r = Invoke-RestMethod …` once more).
    if (!signIn && (!into || into.start === read.start)) continue;
    if (++looked > MAX_READS) break;
    // The same variable: not another function's of the same name, nor the name set again since.
    if (context.values().assignmentSeenBy(context.index.node(read, 'variable'))?.offset !== held.offset) continue;
    if (signIn && (context.text[read.start] === '@' ? held.splatsToken : passedAsToken(context, signIn, read.start))) return true;
    if (!into || hops >= MAX_HOPS) continue;
    const next = assignmentAt(context, into.scalar, into.start);
    if (next && reachesTokenSignIn(context, signIns, into.scalar, { ...next, splatsToken: entryKeyAt(context, next, read.start) }, hops + 1)) return true;
  }
  return false;
}

/** The assignment of `$name` that starts at `offset` (its `$name`), found in the assignments in order. */
function assignmentAt(context: PowerShellRuleContext, name: string, offset: number): ScalarAssignment | undefined {
  const list = context.values().assignmentsOf(name);
  const at = firstAtOrAfter(list, (a) => a.offset, offset);
  return list[at]?.offset === offset ? list[at] : undefined;
}

/** The reads of `$name`, in order: the script's reads are grouped by name once per analysis. */
function readsOf(context: PowerShellRuleContext, name: string): IndexedVariable[] {
  let byName = readsByName.get(context);
  if (!byName) {
    readsByName.set(context, (byName = new Map()));
    for (const read of context.index.variables()) {
      const list = byName.get(read.name);
      if (list) list.push(read);
      else byName.set(read.name, [read]);
    }
  }
  return byName.get(name) ?? [];
}

const readsByName = new WeakMap<PowerShellRuleContext, Map<string, IndexedVariable[]>>();

/** The script's calls of the token sign-in cmdlets. */
function tokenSignInsOf(context: PowerShellRuleContext): IndexedCommand[] {
  const byName = context.index.commandsByName();
  return TOKEN_SIGN_IN_CMDLETS.flatMap((name) => byName.get(name) ?? []);
}

/** The innermost `$x = …` an offset is in, found among the script's assignments sorted by where they start. */
function enclosingAssignment(context: PowerShellRuleContext, offset: number): { scalar: string; start: number } | undefined {
  let sorted = scalarAssignmentsOf.get(context);
  if (!sorted) scalarAssignmentsOf.set(context, (sorted = context.index.assignments().filter((a) => a.scalar).sort((a, b) => a.start - b.start)));
  const low = firstAtOrAfter(sorted, (a) => a.start, offset);
  // The nearest ones starting before it: an assignment inside another's value is the nearer.
  for (let at = low - 1; at >= 0 && at >= low - 4; at--) {
    if (sorted[at].end > offset) return { scalar: sorted[at].scalar!, start: sorted[at].start };
  }
  return undefined;
}

const scalarAssignmentsOf = new WeakMap<PowerShellRuleContext, IndexedAssignment[]>();

/** Whether the read at `offset` is in a `@{ … }` entry whose key is an access token parameter (`AccessToken = $r.access_token`). */
function entryKeyAt(context: PowerShellRuleContext, assignment: ScalarAssignment, offset: number): boolean {
  const before = context.text.slice(assignment.value.startIndex, offset);
  const key = /(?:^|[{;\s])['"]?(\w+)['"]?\s*=\s*[^=;{}]*$/.exec(before)?.[1];
  return !!key && /^\w*accesstokens?$/i.test(key) && /^\s*(?:\[ordered\]\s*)?@\{/i.test(before);
}

/**
 * Whether the read at `offset` is in the argument of the cmdlet's access token parameter: the last
 * parameter named before it at the command's own level (`-AccessToken (ConvertTo-SecureString -String $r.access_token …)`).
 */
function passedAsToken(context: PowerShellRuleContext, signIn: IndexedCommand, offset: number): boolean {
  const parameter = TOKEN_SIGN_INS.get(signIn.name)!;
  let depth = 0;
  let named: string | undefined;
  const text = context.text.slice(signIn.start, offset);
  for (const match of text.matchAll(/[([{]|[)\]}]|(?:^|\s)[-\u2013](\w+)/g)) {
    if ('([{'.includes(match[0])) depth++;
    else if (')]}'.includes(match[0])) depth--;
    else if (depth === 0) named = match[1];
  }
  return !!named && parameter.test(named);
}

