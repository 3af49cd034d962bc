import { lineNumberAt } from '../../../engine/text';
import type { CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { assignedTo, descendants, enclosingStatement, variableName, type Node } from '../syntax';

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
 * member of it (`$AAD.TenantDomain`, `$AAD.Account.Id`) that the fix's stand-in lacks or means otherwise,
 * so the fixed script would read $null there. Undefined where it reads none.
 */
export function resultMemberLost(context: PowerShellRuleContext, call: CommandCall, cmdlet: string, returned: ReturnedContext | undefined): string | undefined {
  const kept = returned && assignedTo(call.node);
  const name = kept && variableName(kept);
  if (!returned || !kept || !name) return undefined;
  const assignment = enclosingStatement(call.node).namedChild(0);
  const lost = descendants(context.root, 'member_access').find((access) => {
    const object = access.namedChild(0);
    if (object?.type !== 'variable' || variableName(object) !== name) return false;
    if (context.values().assignmentSeenBy(object)?.node.id !== assignment?.id) return false;
    return !keeps(returned, access);
  });
  return lost && lostNote(context, cmdlet, returned, lost);
}

function memberOf(access: Node): string {
  return access.namedChildren.find((child) => child?.type === 'member_name')?.text.replace(/^(['"])(.*)\1$/, '$2') ?? '';
}

/** Whether the stand-in has the member read, with the same meaning: a member kept whole is not read further (`.Account.Id`). */
function keeps(returned: ReturnedContext, access: Node): boolean {
  const member = memberOf(access).toLowerCase();
  if (returned.kept.some((name) => name.toLowerCase() === member)) return true;
  const readFurther = access.parent?.type === 'member_access' || access.parent?.type === 'invokation_expression';
  return returned.keptWhole.some((name) => name.toLowerCase() === member) && !(readFurther && access.parent!.namedChild(0)?.id === access.id);
}

function lostNote(context: PowerShellRuleContext, cmdlet: string, returned: ReturnedContext, access: Node): string {
  const member = memberOf(access);
  const line = lineNumberAt(context.text, access.startIndex);
  const read = access.parent?.type === 'member_access' && access.parent.namedChild(0)?.id === access.id ? access.parent.text : access.text;
  const whole = returned.keptWhole.find((name) => name.toLowerCase() === member.toLowerCase());
  const what = whole ? `whose ${whole} is only the account's name, a string` : `which has no ${member}`;
  const instead = returned.elsewhere[member.toLowerCase()];
  return (
    `the script reads ${read} (line ${line}) of what ${cmdlet} returned, and the fix returns ${returned.standIn} in its place, ${what}: ` +
    `the script would read $null there${instead ? `; ${instead}` : ''}`
  );
}
