import { lineNumberAt } from '../../../engine/text';
import type { CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { memberReads, type MemberRead } from '../member-reads';
import { assignedTo, enclosingStatement, variableName } from '../syntax';

/**
 * What a connect cmdlet returns, where its fix returns a stand-in for it (Connect-AzureAD's PSAzureContext,
 * Get-MgContext after Connect-MgGraph): the members the stand-in has with the same meaning, and what
 * gives the others after the fix, where something does (lower-case name → how).
 */
export interface ReturnedContext {
  standIn: string;
  kept: readonly string[];
  /** Kept only as a whole: the stand-in's is a string where the cmdlet's was an object (`Account.Id`). */
  keptWhole: readonly string[];
  elsewhere: Readonly<Record<string, string>>;
}

/**
 * Why no fix can replace the call: the script keeps what it returns (`$AAD = Connect-AzureAD …`) and reads a
 * member of it (`$AAD.TenantDomain`, `$AAD.Account.Id`, `$AAD | Select-Object -ExpandProperty TenantDomain`,
 * `$Info.TenantDomain` in a function given it) that the fix's stand-in lacks or means otherwise, so the fixed
 * script would read $null there. Undefined where it reads none.
 */
export function resultMemberLost(context: PowerShellRuleContext, call: CommandCall, cmdlet: string, returned: ReturnedContext | undefined): string | undefined {
  const kept = returned && assignedTo(call.node);
  const name = kept && variableName(kept);
  const assignment = enclosingStatement(call.node).namedChild(0);
  if (!returned || !name || !assignment) return undefined;
  const lost = memberReads(context, name, assignment).find((read) => !keeps(returned, read));
  return lost && lostNote(context, cmdlet, returned, lost);
}

/** Whether the stand-in has the member read, with the same meaning: a member kept whole is not read further (`.Account.Id`). */
function keeps(returned: ReturnedContext, read: MemberRead): boolean {
  const member = read.member.toLowerCase();
  if (returned.kept.some((name) => name.toLowerCase() === member)) return true;
  return returned.keptWhole.some((name) => name.toLowerCase() === member) && !read.readFurther;
}

function lostNote(context: PowerShellRuleContext, cmdlet: string, returned: ReturnedContext, read: MemberRead): string {
  const { member } = read;
  const line = lineNumberAt(context.text, read.at.startIndex);
  const passed = read.passedTo && `, in ${read.passedTo.function}, which line ${lineNumberAt(context.text, read.passedTo.call.startIndex)} gives it`;
  const whole = returned.keptWhole.find((name) => name.toLowerCase() === member.toLowerCase());
  const what = whole ? `whose ${whole} is only the account's name, a string` : `which has no ${member}`;
  const instead = returned.elsewhere[member.toLowerCase()];
  return (
    `the script reads ${read.shown} (line ${line}${passed ?? ''}) of what ${cmdlet} returned, and the fix returns ${returned.standIn} in its place, ${what}: ` +
    `the script would read $null there${instead ? `; ${instead}` : ''}`
  );
}
