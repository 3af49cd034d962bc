import { lastPathPart } from '../../engine/text';
import { isSwitch, resolveParameter, type CmdletSpec } from './cmdlets';
import type { HashtableFacts } from './hashtables';
import { constructorArguments } from './constructions';
import { descendants, innermost, isWithin, literalText, previousBesideComments, variableName, type Node } from './syntax';

/** A parameter as bound in one command invocation, written inline or splatted from a hashtable. */
export interface BoundParameter {
  canonical: string;
  /** The `-Name` token, or the hashtable key for a splatted parameter. */
  nameNode: Node;
  value?: Node;
  splatted: boolean;
  /** Written `-Name:value`: the only way a switch takes a value. */
  colon?: boolean;
  /** Given without a name, bound by position (`nameNode` is then the value too). */
  positional?: boolean;
  /** For a splatted parameter: the hashtable variable and the key, as written, and the `@params` that splats it. */
  splat?: { variable: string; key: string; use: Node };
  /** Where the value ends, when past its node: a method call's `(…)` and chain (`-Port $cfg.Item('port').Value`). */
  valueEnd?: number;
}

export interface CommandCall {
  /** Where the command starts (known without reading its node). */
  start: number;
  readonly node: Node;
  spec: CmdletSpec;
  readonly parameters: BoundParameter[];
}

/** A switch given as `-Switch:$false` (or splatted `= $false`) is off; any other parameter counts when given. */
export function switchOn(spec: CmdletSpec, parameter: BoundParameter): boolean {
  if (!isSwitch(spec, parameter.canonical) || !parameter.value) return true;
  return !/^\$false$/i.test(parameter.value.text.trim());
}

/** Whether the call gives the switch (`canonical`), not as `-Switch:$false`. */
export function switchGiven(call: CommandCall, canonical: string): boolean {
  const parameter = call.parameters.find((p) => p.canonical === canonical);
  return !!parameter && switchOn(call.spec, parameter);
}

/** The node naming the command: a name as written, or the expression after `&` or `.`. */
export function commandNameNode(command: Node): Node | undefined {
  return command.childForFieldName('command_name') ?? command.namedChildren.find((c) => c?.type === 'command_name_expr') ?? undefined;
}

/** The command's name without a module qualifier (`MSOnline\Connect-MsolService`), lower-cased. */
export function commandName(command: Node): string | undefined {
  return commandNameAsWritten(command)?.toLowerCase();
}

/** The command's name without quotes and a module qualifier, in the script's own casing (`Login-AzAccount`). */
export function commandNameAsWritten(command: Node): string | undefined {
  const nameNode = commandNameNode(command);
  if (!nameNode) return undefined;
  // A path to the command (`.\\tools\\pac.exe`, `$HOME/.dotnet/tools/pac`) names it by its last part.
  return lastPathPart(nameNode.text.replace(/^['"]|['"]$/g, ''));
}

/**
 * `-Name`, also written with an en dash, em dash or horizontal bar (`–Credential`, as documentation
 * pages print it), which PowerShell reads as a dash and the grammar as a bare word.
 */
export function isParameterName(element: Node): boolean {
  return element.type === 'command_parameter' || (element.type === 'generic_token' && /^[\u2013\u2014\u2015][A-Za-z_]\w*:?$/.test(element.text));
}

/** A parameter's name as written, without its dash and a trailing colon (`-Credential:` → `Credential`); undefined for an argument. */
export function parameterNameOf(element: Node): string | undefined {
  return isParameterName(element) ? element.text.replace(/^[-\u2013\u2014\u2015]|:$/g, '') : undefined;
}

/** The parameter's name as the script wrote it (an alias, an abbreviation, a splatted key), without `-`; the canonical name when bound by position. */
export function parameterAsWritten(parameter: BoundParameter): string {
  return (parameter.positional ? undefined : (parameter.splat?.key ?? parameterNameOf(parameter.nameNode))) ?? parameter.canonical;
}

/** The parameters an invocation of the cmdlet binds, named, positional and splatted. */
export function boundParameters(command: Node, spec: CmdletSpec, hashtables: () => HashtableFacts): BoundParameter[] {
  const elements = command.childForFieldName('command_elements')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
  const parameters: BoundParameter[] = [];
  const unnamed: { value: Node; valueEnd?: number }[] = [];
  let allNamesKnown = true;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (element.type === 'command_argument_sep') continue;
    const name = parameterNameOf(element);
    if (name !== undefined) {
      const canonical = resolveParameter(spec, name);
      if (!canonical) {
        allNamesKnown = false;
        continue;
      }
      const colon = boundWithColon(elements[i + 1]);
      const valueIndex = isSwitch(spec, canonical) && !colon ? -1 : valueIndexAfter(elements, i);
      const value = valueIndex >= 0 ? elements[valueIndex] : undefined;
      const valueEnd = valueIndex >= 0 ? callChainEnd(command, elements, valueIndex) : undefined;
      parameters.push({ canonical, nameNode: element, value, splatted: false, ...(colon ? { colon } : {}), ...(valueEnd ? { valueEnd } : {}) });
      if (valueIndex >= 0) i = lastElementBefore(elements, valueIndex, valueEnd);
    } else if (isSplat(element)) {
      parameters.push(...splattedParameters(spec, element, hashtables()));
    } else if (!isRedirection(element)) {
      const valueEnd = callChainEnd(command, elements, i);
      unnamed.push({ value: element, ...(valueEnd ? { valueEnd } : {}) });
      i = lastElementBefore(elements, i, valueEnd);
    }
  }
  // An unknown parameter may have taken the next argument as its value: then positions are unknown.
  if (allNamesKnown) parameters.push(...positionalParameters(spec, unnamed, parameters));
  return parameters;
}

/** `@params`: a hashtable (or array) splatted into a command's arguments. */
export function isSplat(element: Node): boolean {
  return element.text.startsWith('@') && variableName(element) !== undefined;
}

/**
 * Where a method call as the element at `index` ends (`$cfg.Item('port')`, `$cfg.Item('port').Value`,
 * `$a.B('x').C('y')`): the grammar reads the `(…)` as an element of its own, and what follows it may
 * have been blanked for it (see `grammar-gaps.ts`); the script's text tells. Undefined for anything
 * else, a bare word among them: after one, `(…)` is an argument of its own (`New-Object
 * WebCredentials($user, $password)` gives the type and then `-ArgumentList`).
 */
function callChainEnd(command: Node, elements: readonly Node[], index: number): number | undefined {
  const [element, next] = [elements[index], elements[index + 1]];
  // The command's own text (the script's, where the grammar was given stand-ins), from its start.
  const [text, base] = [command.text, command.startIndex];
  // `($site).Url`, glued to the command's name or a parameter, and `("a").Replace(…).Trim()`: the grammar ends the value at `)`.
  if (bracketsOf(element).type === 'parenthesized_expression' && /[.[]/.test(text[element.endIndex - base] ?? '')) {
    const end = base + chainedMembersEnd(text, element.endIndex - base);
    return end > element.endIndex ? end : undefined;
  }
  // `https://$tenant.sharepoint.com/sites/$($site.Name)/lists`: the grammar ends the bare word at `$` and
  // reads the subexpression's `(…)`, and what is glued after it, otherwise (or as an error).
  if (element.type === 'generic_token' && element.text.endsWith('$') && next?.type === 'argument_list' && next.startIndex === element.endIndex) {
    return base + bareWordEnd(text, element.endIndex - base);
  }
  const isMember = element.type !== 'generic_token' && /\.\s*\w+$/.test(element.text);
  if (!isMember || next?.type !== 'argument_list' || next.startIndex !== element.endIndex) return undefined;
  return base + chainedMembersEnd(text, next.endIndex - base);
}

/**
 * A command's argument as PowerShell reads it: with the method call and chain the grammar reads as
 * elements of their own (`-Credential $host.ui.PromptForCredential('Exchange', 'Sign in', '', '')`,
 * see callChainEnd); any other node's own text.
 */
export function argumentText(value: Node): string {
  let element = value;
  while (element.parent && element.parent.type !== 'command_elements' && element.parent.startIndex === element.startIndex && element.parent.endIndex === element.endIndex) {
    element = element.parent;
  }
  const [elements, command] = [element.parent, element.parent?.parent];
  if (elements?.type !== 'command_elements' || !command) return value.text;
  const siblings = elements.namedChildren.filter((c): c is Node => c !== null);
  const end = callChainEnd(command, siblings, siblings.findIndex((sibling) => sibling.id === element.id));
  return end === undefined ? value.text : command.text.slice(value.startIndex - command.startIndex, end - command.startIndex);
}

/** The brackets an argument is, through the expressions the grammar wraps one value in. */
function bracketsOf(element: Node): Node {
  let node = element;
  while ((node.type === 'array_literal_expression' || node.type === 'unary_expression') && node.namedChildCount === 1) node = node.namedChild(0)!;
  return node;
}

/** The call's arguments and what follows them in the chain are the value, not further arguments. */
function lastElementBefore(elements: readonly Node[], index: number, valueEnd: number | undefined): number {
  while (valueEnd && elements[index + 1] && elements[index + 1].startIndex < valueEnd) index++;
  return index;
}

/** Where the members, calls and indexes chained from `at` end (`.Value`, `.C('y')`, `.Get(($i + 1))`, `.Site("a (b)")`, `[1]`). */
function chainedMembersEnd(text: string, at: number): number {
  const member = /\.\w+/y;
  let end = at;
  for (;;) {
    if (text[end] === '[') {
      const closed = closingBracket(text, end);
      if (closed === undefined) return end;
      end = closed + 1;
      continue;
    }
    member.lastIndex = end;
    if (!member.exec(text)) return end;
    end = member.lastIndex;
    if (text[end] === '(') {
      const closed = closingBracket(text, end);
      if (closed === undefined) return end;
      end = closed + 1;
    }
  }
}

/** Where a bare word that goes on at `at` ends: at a blank or a bracket that closes outside it, past `(…)` and quotes in it. */
function bareWordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && !/[\s;|&)}]/.test(text[end])) {
    const closed = text[end] === '(' ? closingBracket(text, end) : text[end] === '"' || text[end] === "'" ? text.indexOf(text[end], end + 1) : end;
    if (closed === undefined || closed === -1) return end;
    end = closed + 1;
  }
  return end;
}

/** The `)` that closes the `(` at `open`, past quoted strings; undefined when the line ends first. */
function closingBracket(text: string, open: number): number | undefined {
  const [opening, closing] = text[open] === '[' ? ['[', ']'] : ['(', ')'];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return undefined;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return undefined;
      i = close;
    } else if (c === opening) depth++;
    else if (c === closing && --depth === 0) return i;
  }
  return undefined;
}

/** Where the parameter's value ends (its name's end without one), as written. */
export function valueEndOf(parameter: BoundParameter): number {
  return parameter.valueEnd ?? (parameter.value ?? parameter.nameNode).endIndex;
}

function boundWithColon(separator: Node | undefined): boolean {
  return separator?.type === 'command_argument_sep' && separator.text.trimStart().startsWith(':');
}

function valueIndexAfter(elements: Node[], index: number): number {
  for (let j = index + 1; j < elements.length; j++) {
    const next = elements[j];
    if (next.type === 'command_argument_sep') continue;
    return isParameterName(next) || isRedirection(next) ? -1 : j;
  }
  return -1;
}

/** `2>$null`, `*>>log.txt`, `2>&1`, `>out.txt`: a stream redirection written as one word. */
export const REDIRECTION_WORD = /^[1-6*]?>>?(?:&[1-6]|\S+)$/;

/** A redirection, also one written without a blank (`>null`), which the grammar reads as a bare word. */
function isRedirection(element: Node): boolean {
  return element.type.includes('redirection') || (element.type === 'generic_token' && REDIRECTION_WORD.test(element.text));
}

/** Arguments without a name bind, in order, to the positional parameters not already bound by name. */
function positionalParameters(spec: CmdletSpec, unnamed: { value: Node; valueEnd?: number }[], named: BoundParameter[]): BoundParameter[] {
  const open = (spec.positions ?? []).filter((canonical) => !named.some((p) => p.canonical === canonical));
  return unnamed.slice(0, open.length).map(({ value, valueEnd }, index) => ({ canonical: open[index], nameNode: value, value, splatted: false, positional: true, ...(valueEnd ? { valueEnd } : {}) }));
}

function splattedParameters(spec: CmdletSpec, splat: Node, hashtables: HashtableFacts): BoundParameter[] {
  return hashtables.entriesSeenBy(splat).flatMap((entry) => {
    const canonical = resolveParameter(spec, entry.key);
    const variable = splat.text.slice(1);
    return canonical ? [{ canonical, nameNode: entry.keyNode, value: entry.value, splatted: true, splat: { variable, key: entry.key, use: splat } }] : [];
  });
}

/** The commands that run a script block in another runspace, by their names and aliases (`icm`, `sajb`), and the name messages give. */
const OTHER_RUNSPACE_COMMANDS: Record<string, string> = {
  'start-job': 'Start-Job',
  sajb: 'Start-Job',
  'start-threadjob': 'Start-ThreadJob',
  'invoke-command': 'Invoke-Command',
  icm: 'Invoke-Command',
  'start-rsjob': 'Start-RSJob',
};
const FOREACH_OBJECT_NAMES = new Set(['foreach-object', 'foreach', '%']);

/**
 * Where a value is one of the arguments a command hands the script block it runs (`Invoke-Command { param($c) … }
 * -ArgumentList $cred`, `Start-Job -ScriptBlock $job -ArgumentList @($site, $cred)`): the block, written there or held
 * by a variable (`heldBlock`), and the reads in it of what the value binds, by position: its parameter (`param($c)`,
 * one line or several) or `$args[n]`. `block` undefined: the file does not show the block (`-ScriptBlock $Block` of a parameter,
 * `-FilePath`); `reads` undefined: the block reads its arguments otherwise (`@args`, `$args[$i]`). Undefined elsewhere.
 */
export function blockArgument(value: Node, heldBlock: (variable: Node) => Node | undefined): { block?: Node; reads?: Node[] } | undefined {
  const command = commandGivenArgument(value);
  const name = command && commandName(command);
  if (!command || !name || !Object.hasOwn(OTHER_RUNSPACE_COMMANDS, name)) return undefined;
  const { block, list } = blockAndArguments(commandElements(command), heldBlock);
  if (!list || !isWithin(value, list)) return undefined;
  if (!block) return {};
  // A lone value is the one argument: what the rules follow is a credential or a password, no array of arguments.
  const args = innermost(list).id === innermost(value).id ? [list] : (constructorArguments(list) ?? [list]);
  const position = args.findIndex((argument) => isWithin(value, argument));
  return { block, reads: position < 0 ? undefined : argumentReads(block, position) };
}

/** The script block expression (`{ … }`) a node is in, if any. */
export function enclosingScriptBlock(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'script_block_expression') return current;
  return undefined;
}

/** The name of the parameter right before `argument` among a command's elements, if a parameter is. */
export function parameterBefore(elements: Node, argument: Node): string | undefined {
  const before = elements.namedChildren.filter((element) => element !== null && element.endIndex <= argument.startIndex && element.type !== 'command_argument_sep');
  const parameter = before.at(-1);
  return parameter?.type === 'command_parameter' ? parameterNameOf(parameter) : undefined;
}

/**
 * The command named `name` (lower-case) that `value` is an argument of, also deep in one (`-Credential (New-Object
 * PSCredential('u', (ConvertTo-SecureString …)))`), and the parameter it is given by; not from inside a script block.
 */
export function argumentOf(value: Node, name: string): { command: Node; parameter?: string } | undefined {
  let child = value;
  for (let node = value.parent; node && node.type !== 'script_block_expression'; child = node, node = node.parent) {
    if (node.type === 'command_elements' && node.parent?.type === 'command' && commandName(node.parent) === name) return { command: node.parent, parameter: parameterBefore(node, child) };
  }
  return undefined;
}

/** Parameters that point a remoting command at another computer: by name, or a Hyper-V VM or container of this host (PowerShell Direct). */
export const COMPUTER_PARAMETER = /^(?:computername|cn|vmname|vmid|containerid)$/;
/** Parameters that give a remoting command a session, an SSH host or an endpoint's URI. */
const SESSION_PARAMETER = /^(?:session|hostname|connectionuri|uri)$/;

/** Whether `node` is in a script block that Invoke-Command runs on another computer (given -ComputerName, -Session, -VMName, …). */
export function inRemoteScriptBlock(node: Node): boolean {
  for (let block = enclosingScriptBlock(node); block; block = enclosingScriptBlock(block)) if (runsRemotely(block)) return true;
  return false;
}

/** Whether a block (or a variable holding one) is an argument of an Invoke-Command given another computer, a session, a VM, …, which runs it there. */
export function runsRemotely(argument: Node): boolean {
  const runner = commandGivenArgument(argument);
  const name = runner && commandName(runner);
  if (!runner || !name || !Object.hasOwn(OTHER_RUNSPACE_COMMANDS, name) || OTHER_RUNSPACE_COMMANDS[name] !== 'Invoke-Command') return false;
  return commandElements(runner).some((element) => {
    const name = parameterNameOf(element)?.toLowerCase() ?? '';
    return COMPUTER_PARAMETER.test(name) || SESSION_PARAMETER.test(name);
  });
}

/** The command a node is an argument of, also inside `@(…)` (`-ArgumentList @($cred)`). */
export function commandGivenArgument(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'command') return current;
    if (current.type === 'script_block' || (current.type === 'statement_list' && current.parent?.type !== 'array_expression')) return undefined;
  }
  return undefined;
}

/**
 * The block a script-block runner runs (after `-ScriptBlock`, or given by position: not `-InitializationScript`'s),
 * written there or held by a variable, and the value of its `-ArgumentList` (`-Args`, or a prefix of the name).
 */
function blockAndArguments(elements: Node[], heldBlock: (variable: Node) => Node | undefined): { block?: Node; list?: Node } {
  let block: Node | undefined;
  let list: Node | undefined;
  for (const [i, element] of elements.entries()) {
    const before = i > 0 ? parameterNameOf(elements[i - 1])?.toLowerCase() : undefined;
    if (isParameterName(element)) continue;
    if (before !== undefined && namesParameter(before, 'argumentlist', 'args')) list ??= element;
    const inner = innermost(element);
    const given = inner.type === 'script_block_expression' ? inner : inner.type === 'variable' ? heldBlock(inner) : undefined;
    if (!given) continue;
    if (before !== undefined && namesParameter(before, 'scriptblock', 'sb')) block = given;
    else if (before === undefined || !namesParameter(before, 'initializationscript')) block ??= given;
  }
  return { block, list };
}

/**
 * The reads in a script block of its argument at `position`: of the parameter declared there, or past its
 * parameters, of `$args[n]` in the block's own scope (a script block inside has its own `$args`).
 */
function argumentReads(block: Node, position: number): Node[] | undefined {
  const parameters = scriptBlockParameters(block);
  const parameter = parameters[position];
  if (parameter) return descendants(block, 'variable').filter((v) => v.id !== parameter.id && variableName(v) === variableName(parameter));
  const reads: Node[] = [];
  for (const args of descendants(block, 'variable').filter((v) => variableName(v) === 'args' && ownScriptBlock(v)?.id === block.id)) {
    const access = args.parent?.type === 'element_access' && args.parent.namedChild(0)?.id === args.id ? args.parent : undefined;
    const index = access?.namedChild(1)?.text.trim() ?? '';
    if (!/^\d+$/.test(index)) return undefined;
    if (Number(index) === position - parameters.length) reads.push(access!);
  }
  return reads;
}

/**
 * A script block's declared parameters (their variables): `param(…)` on its own line or on the line of the
 * `{`, which the grammar puts beside the block's body rather than in it.
 */
function scriptBlockParameters(block: Node): Node[] {
  const holders = [block, ...block.namedChildren.filter((c): c is Node => c?.type === 'script_block')];
  const list = holders.flatMap((holder) => holder.namedChildren.filter((c): c is Node => c?.type === 'param_block'))[0]?.namedChildren.find((c) => c?.type === 'parameter_list');
  return (list?.namedChildren ?? []).flatMap((p) => (p?.type === 'script_parameter' ? (p.namedChildren.find((c): c is Node => c?.type === 'variable') ?? []) : []));
}

/** The script block (or function) whose `$args` a variable reads. */
function ownScriptBlock(variable: Node): Node | undefined {
  for (let current = variable.parent; current; current = current.parent) if (current.type === 'script_block_expression' || current.type === 'function_statement') return current;
  return undefined;
}

/** Whether a parameter's name as written (lower-case) names `canonical`: by a prefix of two letters or more, or by an alias. */
function namesParameter(written: string, canonical: string, ...aliases: string[]): boolean {
  return aliases.includes(written) || (written.length > 1 && canonical.startsWith(written));
}

/**
 * The command whose script block runs `node` in another runspace (a job, a remote session,
 * `ForEach-Object -Parallel`), where functions of the script are not defined; undefined if none.
 */
export function otherRunspaceHost(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'command') continue;
    const name = commandName(current);
    if (!name) continue;
    if (Object.hasOwn(OTHER_RUNSPACE_COMMANDS, name)) return OTHER_RUNSPACE_COMMANDS[name];
    const elements = current.childForFieldName('command_elements')?.namedChildren ?? [];
    if (FOREACH_OBJECT_NAMES.has(name) && elements.some((e) => e && /^pa/i.test(parameterNameOf(e) ?? ''))) {
      return 'ForEach-Object -Parallel';
    }
  }
  return undefined;
}

/** The commands that run a script block they are given in another PowerShell process, by their names and aliases, and the name messages give. */
const OTHER_PROCESS_COMMANDS: Record<string, string> = {
  'start-job': 'Start-Job',
  sajb: 'Start-Job',
  'register-scheduledjob': 'Register-ScheduledJob',
  // The block goes into the new process's arguments as its text.
  'start-process': 'Start-Process',
  saps: 'Start-Process',
  start: 'Start-Process',
};
/** A new PowerShell given the block to run (`powershell -Command { … }`, `pwsh.exe { … }`), also by a path. */
const POWERSHELL_EXECUTABLE = /^(?:powershell|pwsh)(?:\.exe)?$/i;

/**
 * The command whose script block runs `node` in another PowerShell process: a background job, a
 * scheduled job (run later by Task Scheduler), a new `powershell` or `pwsh`; undefined if none. What
 * the code leaves in its environment (`$env:…`) is lost when that process ends.
 */
export function otherProcessHost(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'script_block_expression') continue;
    const host = enclosingCommand(current);
    const name = host && commandNameAsWritten(host);
    if (!name) continue;
    if (Object.hasOwn(OTHER_PROCESS_COMMANDS, name.toLowerCase())) return OTHER_PROCESS_COMMANDS[name.toLowerCase()];
    if (POWERSHELL_EXECUTABLE.test(name)) return name;
  }
  return undefined;
}

/**
 * Why code at `node` runs apart from the script, where its functions and environment are out of reach:
 * in a `workflow`, whose commands run as activities; in a DSC `Script` resource's `SetScript`,
 * `TestScript` or `GetScript` block, which the configuration stores as text for the node to run. Undefined elsewhere.
 */
export function detachedFromScript(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_statement' && /^workflow\b/i.test(current.text)) return IN_WORKFLOW;
    if (current.type === 'script_block_expression' && isDscScriptBlock(current)) return IN_DSC_SCRIPT;
  }
  return undefined;
}

const IN_WORKFLOW = "a workflow runs its commands as activities, where the script's functions and environment are out of reach";
const IN_DSC_SCRIPT =
  "a DSC Script resource's block is stored as text and run by the node's Local Configuration Manager in a session of its own, where the script's functions and environment are out of reach";
/**
 * `SetScript = { … }` (`TestScript`, `GetScript`): the grammar lacks DSC's keywords. It reads a bare
 * key as a command, named `SetScript=` or given `=` first (also past a backtick that continues the
 * line), with the block as its argument or as a statement of its own after it (`SetScript = # why`);
 * a quoted key (`'SetScript' = { … }`) as an assignment to a string.
 */
function isDscScriptBlock(block: Node): boolean {
  const key = dscKeyOf(block);
  return key !== undefined && /^(?:set|test|get)script$/i.test(key);
}

/** The key of a DSC resource's property whose value is the block, as the grammar reads `Key = { … }`. */
function dscKeyOf(block: Node): string | undefined {
  const command = enclosingCommand(block);
  if (command) return keyOfCommand(command);
  let statement = block;
  while (statement.parent && statement.parent.type !== 'statement_list') statement = statement.parent;
  const assignment = statement.namedChild(0);
  if (assignment?.type === 'assignment_expression' && innermost(assignment.childForFieldName('value') ?? assignment).id === block.id) {
    const left = innermost(assignment.namedChild(0)!);
    return /^['"]/.test(left.text) ? literalText(left) : undefined;
  }
  if (statement.startIndex !== block.startIndex || statement.endIndex !== block.endIndex) return undefined;
  const before = previousBesideComments(statement);
  // `SetScript = # why` then the block: the comment ends the statement the key starts, and stands beside it.
  const key = before ? innermost(before) : undefined;
  return key?.type === 'command' && commandElements(key).length <= 1 ? keyOfCommand(key) : undefined;
}

/**
 * The property of a DSC resource whose value `node` is (`Password = New-Object PSCredential(…)` in a
 * resource's block), as the grammar reads `Key = …` in a configuration: undefined elsewhere.
 */
export function dscPropertyOf(node: Node): string | undefined {
  const command = enclosingCommand(node);
  const key = command && keyOfCommand(command);
  return command && key !== undefined && inConfiguration(command) ? key : undefined;
}

/** Whether a node is in the block of a `Configuration Name { … }`, which the grammar reads as a command and a block after it. */
function inConfiguration(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    // `Configuration Name {` on one line: the block is the command's argument.
    if (current.type === 'command' && /^configuration$/i.test(commandNameNode(current)?.text ?? '')) return true;
    if (current.parent?.type !== 'statement_list') continue;
    const before = previousBesideComments(current);
    const declared = before ? innermost(before) : undefined;
    if (declared?.type === 'command' && /^configuration$/i.test(commandNameNode(declared)?.text ?? '')) return true;
  }
  return false;
}

/** The key of `Key = …` read as a command: `Key=`, or `Key` given `=` first; undefined for another command (a function's call `GetScript { … }`). */
function keyOfCommand(command: Node): string | undefined {
  const name = commandNameNode(command)?.text;
  if (!name) return undefined;
  if (name.endsWith('=')) return name.slice(0, -1);
  return commandElements(command)[0]?.text === '=' ? name : undefined;
}

/** The value of `Key = …` read as a command (see `keyOfCommand`): its elements after the `=`; undefined for another command. */
export function propertyValueElements(command: Node): Node[] | undefined {
  const elements = commandElements(command);
  if (commandNameNode(command)?.text.endsWith('=')) return elements;
  return elements[0]?.text === '=' ? elements.slice(1) : undefined;
}

/** The argument written after the parameter `name` matches (`-Name x`, `-Name:x`) among a command's elements; none where another parameter follows. */
export function namedArgument(elements: readonly Node[], name: RegExp): Node | undefined {
  const at = elements.findIndex((element) => name.test(parameterNameOf(element) ?? ''));
  const argument = at >= 0 ? elements[at + 1] : undefined;
  return argument && parameterNameOf(argument) === undefined ? argument : undefined;
}

/** A command's arguments and parameters, without the separators between them. */
export function commandElements(command: Node): Node[] {
  return (command.childForFieldName('command_elements')?.namedChildren ?? []).filter((e): e is Node => e !== null && e.type !== 'command_argument_sep');
}

/** The command a node is an argument of, directly (not inside a script block or sub-expression). */
function enclosingCommand(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'command') return current;
    if (current.type === 'script_block' || current.type === 'statement_list') return undefined;
  }
  return undefined;
}

/** Why a block that `inHeldScriptBlock` finds may not run here. */
export const HELD_SCRIPT_BLOCK =
  'the script block it is in is kept or handed to other code (a variable, a method, a command such as Register-ObjectEvent), which may run it in another runspace';

/**
 * Inside a script block literal that is kept, or handed to code that may run it elsewhere: assigned
 * (`$job = { … }`), in an array, passed to a method (`.AddScript({ … })`) or to a command other than
 * those that run it here and now (`ForEach-Object`, `Where-Object`, `.ForEach()`, `.ForEach{ }`, `.Where()`, `&`, `.`).
 */
export function inHeldScriptBlock(node: Node, scriptFunctions: ReadonlySet<string>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'script_block_expression' && isHeld(current, scriptFunctions)) return true;
  }
  return false;
}

// The grammar reads a script's named blocks (`process { … }`) as commands of those names.
const RUN_HERE_COMMANDS = new Set(['foreach-object', '%', 'foreach', 'where-object', '?', 'where', 'measure-command', 'begin', 'process', 'end', 'clean']);
const RUN_HERE_METHODS = new Set(['foreach', 'where']);

/** `scriptFunctions`: the script's own functions (lower-case), taken to run a block they are given here, as `& $Action` would. */
function isHeld(block: Node, scriptFunctions: ReadonlySet<string>): boolean {
  for (let holder = block.parent; holder; holder = holder.parent) {
    if (holder.type === 'command') {
      const name = commandNameNode(holder);
      if (!name || (name.startIndex <= block.startIndex && block.endIndex <= name.endIndex)) return false; // & { … }, . { … }
      const called = commandName(holder) ?? '';
      return !RUN_HERE_COMMANDS.has(called) && !scriptFunctions.has(called);
    }
    // `$tenants.ForEach{ … }`, the method called with the block and no parentheses.
    if (holder.type === 'invokation_foreach_expression') return false;
    if (holder.type === 'argument_list') {
      const method = holder.parent?.childForFieldName('member_name') ?? holder.parent?.namedChildren.find((c) => c?.type === 'member_name');
      return !RUN_HERE_METHODS.has(method?.text.toLowerCase() ?? '');
    }
    if (holder.type === 'assignment_expression') return !onlyInvokedHere(holder);
    if (['statement_block', 'script_block', 'program'].includes(holder.type)) return false;
  }
  return false;
}

/** `$connect = { … }` whose variable the script only ever runs with `& $connect` or `. $connect`. */
function onlyInvokedHere(assignment: Node): boolean {
  const target = assignment.namedChild(0);
  const name = target && innermost(target).type === 'variable' ? variableName(innermost(target)) : undefined;
  if (!name) return false;
  let root = assignment;
  while (root.parent) root = root.parent;
  const uses = descendants(root, 'variable').filter((use) => variableName(use) === name && !(use.startIndex >= target!.startIndex && use.endIndex <= target!.endIndex));
  return uses.length > 0 && uses.every((use) => use.parent?.parent?.type === 'command_name_expr' && use.parent.parent.parent?.namedChild(0)?.type === 'command_invokation_operator');
}

/** `'x' | ConvertTo-SecureString …`: the expression piped into the command; undefined when none is, or another command is. */
export function pipelineInput(command: Node): Node | undefined {
  const previous = previousBesideComments(command);
  return previous && previous.type !== 'command' && command.parent?.type === 'pipeline_chain' ? previous : undefined;
}
