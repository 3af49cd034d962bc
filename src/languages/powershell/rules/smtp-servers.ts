import { acceptsMailPassword } from '../../shared/microsoft-endpoints';
import type { CommandCall } from '../command';
import { defaultParameterEntries } from '../default-parameter-values';
import type { PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, variableName, type Node } from '../syntax';
import { UNKNOWN, type ScalarAssignment } from '../values';

/** The cmdlets that send a message given as their parameters, signing in with -Credential to -SmtpServer: PowerShell's own, and the Send-MailKitMessage module's (on MailKit). */
export const MESSAGE_SENDING_CMDLETS: readonly string[] = ['Send-MailMessage', 'Send-MailKitMessage'];

/** What a mail server value may be: each server the file shows, and whether others may come from outside it. */
export interface ServerReading {
  servers: string[];
  open: boolean;
}

/**
 * The servers the call may send to, lower-case (parts the file does not show as UNKNOWN): its
 * -SmtpServer, else a default the script gives it (see `defaultServers`), else for Send-MailMessage
 * the `$PSEmailServer` preference. A variable holds what the assignments that may
 * reach the call give (see `reachingAssignments`); a wrapper function's parameter what each of the
 * function's calls gives. `open`: code or input the file does not show may give another (a caller
 * outside the file, the script's own parameter, a value that differs by branch inside a larger string).
 */
export function smtpServers(context: PowerShellRuleContext, call: CommandCall): ServerReading {
  const given = call.parameters.find((p) => p.canonical === 'SmtpServer')?.value;
  if (!given) return defaultServers(context, call) ?? (call.spec.name === 'Send-MailMessage' ? valuesOfVariable(context, 'psemailserver', call.start) : { servers: [], open: true });
  const inner = innermost(given);
  if (inner.type === 'variable') return serversOfVariable(context, inner);
  const variables = descendants(given, 'variable');
  // `"$server"`: the variable's value as a string.
  if (variables.length === 1 && /^"\$\{?[\w:]+\}?"$/.test(inner.text)) return serversOfVariable(context, variables[0]);
  const branching = variables.some((v) => valuesOfVariable(context, variableName(v) ?? '', v.startIndex).servers.length > 1);
  return { servers: [serverShape(context, given)], open: branching };
}

/** The -SmtpServer `$PSDefaultParameterValues` gives a call without one, which goes before `$PSEmailServer`. Undefined where the script sets none. */
function defaultServers(context: PowerShellRuleContext, call: CommandCall): ServerReading | undefined {
  const entries = defaultParameterEntries(context, call, ['SmtpServer']);
  return entries.length > 0 ? { servers: entries.map((entry) => serverShape(context, entry.value)), open: false } : undefined;
}

/** How many wrappers deep a server is followed (`Send-Outer $s` calling `Send-Alert -Server $s`). */
const WRAPPER_DEPTH = 5;

function serversOfVariable(context: PowerShellRuleContext, variable: Node, depth = 0): ServerReading {
  const calls = context.functionCalls();
  const passed = calls.argumentsFor(variable);
  const wrapper = context.index.scopes().functionAround(variable.startIndex);
  if (!passed || !wrapper) return valuesOfVariable(context, variableName(variable) ?? '', variable.startIndex);
  if (depth >= WRAPPER_DEPTH) return { servers: [], open: true };
  // Each call's argument may itself be a variable set in branches, or the parameter of a wrapper around
  // the call; a call from inside the wrapper passes on another value.
  const fromCalls = passed.map(({ value }) => serversOfArgument(context, value, depth + 1));
  const recursive = context.index.callsOf(wrapper).some((own) => own.start > wrapper.start && own.start < wrapper.end);
  return {
    servers: fromCalls.length ? fromCalls.flatMap((read) => read.servers) : [serverShape(context, variable)],
    open: calls.mayBeCalledElsewhere(wrapper) || recursive || fromCalls.some((read) => read.open),
  };
}

/** A call's argument: what a variable given there may hold (what the calls of its function give, for a parameter), or the value as written. */
function serversOfArgument(context: PowerShellRuleContext, value: Node, depth: number): ServerReading {
  const inner = innermost(value);
  return inner.type === 'variable' ? serversOfVariable(context, inner, depth) : { servers: [serverShape(context, value)], open: false };
}

/**
 * How a finding names the other servers a reading holds besides Microsoft's: the first one the file
 * shows, else `a server the file does not show` where a part is unknown or input may give one.
 */
export function otherServerOf({ servers, open }: ServerReading): string | undefined {
  const other = servers.find((server) => !acceptsMailPassword(server));
  return other && !other.includes(UNKNOWN) ? other : other || open ? UNSHOWN_SERVER : undefined;
}

export const UNSHOWN_SERVER = 'a server the file does not show';

/** What a variable may hold at `offset`: the values of the assignments that may reach it. */
function valuesOfVariable(context: PowerShellRuleContext, name: string, offset: number): ServerReading {
  const reaching = reachingAssignments(context, name, offset);
  const scopes = context.index.scopes();
  // A script's parameter (and a function's, read where the file shows no call) takes what its caller passes.
  const open = reaching.some((a) => a.node.type === 'script_parameter_default' || (scopes.functionAround(a.offset)?.params.includes(name) ?? false));
  return { servers: reaching.map((a) => serverShape(context, a.value)), open };
}

/**
 * The assignments of `name` whose value may reach a use at `offset`, as far as the use's scope sees
 * them: the last one above it in a block around the use (it holds on every path), those after it in
 * blocks the use is not in (branches and loops: they may or may not have run), and those later in a
 * loop around the use (its next pass sees them). A function that reads a variable it does not set
 * itself reads it when it is called: then every assignment the function sees may reach it.
 */
function reachingAssignments(context: PowerShellRuleContext, name: string, offset: number): ScalarAssignment[] {
  const use = context.index.scopes().useAt(offset, name);
  const visible = context.values().assignmentsOf(name).filter((a) => use.sees(a));
  const reader = context.index.scopes().functionAround(offset);
  if (reader && !visible.some((a) => a.offset > reader.start && a.offset < reader.end)) return visible;
  const seen = visible.filter((a) => a.end <= offset);
  const surely = (a: ScalarAssignment) => {
    const block = enclosingBlock(a.node);
    return block.startIndex <= offset && offset < block.endIndex;
  };
  let last = seen.length - 1;
  while (last > 0 && !surely(seen[last])) last--;
  const loop = loopAround(context.root, offset);
  const nextPass = loop ? visible.filter((a) => a.offset > offset && a.end <= loop.endIndex) : [];
  return [...seen.slice(last), ...nextPass];
}

const LOOPS = ['foreach_statement', 'for_statement', 'while_statement', 'do_statement'];

/** The innermost loop statement around `offset` (within the function or script block it is in). */
function loopAround(root: Node, offset: number): Node | undefined {
  for (let node: Node | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (LOOPS.includes(node.type)) return node;
    if (node.type === 'script_block') return undefined;
  }
  return undefined;
}

/** The block a statement runs in: a branch's or loop's `{ … }`, a function's or script block's body, or the script. */
function enclosingBlock(node: Node): Node {
  let current = node.parent;
  while (current && !['statement_block', 'script_block', 'program'].includes(current.type)) current = current.parent;
  return current ?? node;
}

/** A server value as the file shows it: lower-case, unknown parts as UNKNOWN. */
export function serverShape(context: PowerShellRuleContext, node: Node): string {
  return context.values().shapeOf(node).trim().toLowerCase();
}

/** A Microsoft mail host a sign-in takes a password to, and another server the same code may be given. */
export interface PasswordMailHost {
  host: string;
  otherServer?: string;
}

/**
 * The Microsoft mail host that takes a password a server value names, where the file shows it whole;
 * else undefined. A parameter of the function around it (`function Send-Report($Server) { … }`) names
 * what the script's calls of the function give it (`Send-Report -Server 'smtp.office365.com'`), through
 * wrappers of the function too; `otherServer` what else they give (`Send-Report -Server 'smtp.gmail.com'`).
 */
export function passwordMailHost(context: PowerShellRuleContext, node: Node | undefined): PasswordMailHost | undefined {
  if (!node) return undefined;
  const inner = innermost(node);
  const passed = inner.type === 'variable' ? context.functionCalls().argumentsFor(inner) : undefined;
  const reading = passed?.length ? serversOfVariable(context, inner) : { servers: [serverShape(context, node)], open: false };
  const host = reading.servers.find((server) => !server.includes(UNKNOWN) && acceptsMailPassword(server));
  return host === undefined ? undefined : { host, otherServer: otherServerOf(reading) };
}
