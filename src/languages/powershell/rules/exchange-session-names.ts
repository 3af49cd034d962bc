import { commandName, type CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import type { Node } from '../syntax';
import { UNKNOWN } from '../values';

/**
 * A session opened with `-Name` and closed by that name, `Remove-PSSession -Name "Exchange Online"` or
 * `Get-PSSession -Name "Exchange Online" | Remove-PSSession`, anywhere in the script (a Disconnect
 * function of its own, say): the names as their shapes, compared without case, as PowerShell does.
 */
export function closedByName(context: PowerShellRuleContext, session: CommandCall, removal: CommandCall): boolean {
  const name = sessionName(context, session);
  if (!name) return false;
  const given = removal.parameters.find((p) => p.canonical === 'Name' && !p.splatted)?.value;
  if (given) return shapeOf(context, given) === name;
  const lookup = pipedLookup(removal.node);
  const looked = lookup && lookedUpName(lookup);
  return !!looked && shapeOf(context, looked) === name;
}

/** `Get-PSSession -Name <the session's name>` other than one piped into Remove-PSSession: the script finds the session by its name. */
export function lookupsByName(context: PowerShellRuleContext, session: CommandCall): Node[] {
  const name = sessionName(context, session);
  if (!name) return [];
  const lookups = context.index.commandsByName().get('get-pssession') ?? [];
  return lookups
    .map((at) => context.index.node(at, 'command'))
    .filter((lookup) => {
      const looked = lookedUpName(lookup);
      return !!looked && shapeOf(context, looked) === name && !feedsRemoval(lookup);
    });
}

/** What a fix replaces to close the session: the Remove-PSSession, or the whole `Get-PSSession -Name … | Remove-PSSession`. */
export function closingStatementPart(removal: Node): Node {
  const lookup = pipedLookup(removal);
  return lookup ? removal.parent! : removal;
}

function sessionName(context: PowerShellRuleContext, session: CommandCall): string | undefined {
  const value = session.parameters.find((p) => p.canonical === 'Name' && !p.splatted)?.value;
  return value && shapeOf(context, value);
}

/** The name's shape, lower-case; undefined where the script does not show it whole. */
function shapeOf(context: PowerShellRuleContext, value: Node): string | undefined {
  const shape = context.values().shapeOf(value);
  return shape && !shape.includes(UNKNOWN) ? shape.toLowerCase() : undefined;
}

/** The Get-PSSession right before a Remove-PSSession in a pipeline of those two commands only. */
function pipedLookup(removal: Node): Node | undefined {
  const chain = removal.parent;
  if (chain?.type !== 'pipeline_chain' || chain.namedChildCount !== 2 || chain.namedChild(1)?.id !== removal.id) return undefined;
  const first = chain.namedChild(0);
  return first?.type === 'command' && commandName(first) === 'get-pssession' ? first : undefined;
}

function feedsRemoval(lookup: Node): boolean {
  const next = lookup.nextNamedSibling;
  return lookup.parent?.type === 'pipeline_chain' && next?.type === 'command' && commandName(next) === 'remove-pssession';
}

/** The value of Get-PSSession's `-Name` (or `-Name:`), as written. */
function lookedUpName(lookup: Node): Node | undefined {
  const elements = lookup.namedChildren.find((child) => child?.type === 'command_elements')?.namedChildren.filter((e): e is Node => !!e && e.type !== 'command_argument_sep') ?? [];
  const at = elements.findIndex((element) => element.type === 'command_parameter' && /^-name:?$/i.test(element.text));
  return at === -1 ? undefined : elements[at + 1];
}
