import type { CmdletSpec } from './cmdlets';
import { boundParameters, commandElements, commandGivenArgument, commandName, commandNameAsWritten, enclosingScriptBlock, isParameterName } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { assignedValue, assignmentOperator, descendants, enclosingStatement, innermost, nextBesideComments, unwrapped, variableName, type Node } from './syntax';

/** One read of a member of a value the script holds. */
export interface MemberRead {
  /** The member's name, without quotes. */
  member: string;
  /** Where the script reads it. */
  at: Node;
  /** The read as the script writes it, for messages. */
  shown: string;
  /** Whether what the member holds is read further (`$v.Account.Id`, `$v | Select-Object -ExpandProperty Account | …`). */
  readFurther: boolean;
  /** The function of the script the value was given to, where the read is of its parameter, and the call that gives it. */
  passedTo?: { function: string; call: Node };
}

/**
 * The members the script reads of what `assignment` gives the variable `name`: `$v.Member`, through the
 * pipeline (`$v | Select-Object -ExpandProperty Member`, `$v | ForEach-Object { $_.Member }`, `$v | Format-List Member`),
 * through a copy of it (`$x = $v`, then `$x.Member`) and through a parameter of the script's own function it is
 * given to (`Show-Info -Info $v`, then `$Info.Member`).
 * Uses that read no member by name (`$v | Format-List`, `Write-Output $v`, `"$v"`) are none.
 */
export function memberReads(context: PowerShellRuleContext, name: string, assignment: Node): MemberRead[] {
  const direct = usesWithCopies(context, name, assignment);
  const reads = direct.flatMap((use) => readsAt(context, use));
  for (let depth = 0, uses: PassedUse[] = direct.map((use) => ({ use })); depth < MAX_FUNCTION_DEPTH && uses.length > 0; depth++) {
    uses = parameterUses(context, uses);
    reads.push(...uses.flatMap(({ use, passedTo }) => readsAt(context, use).map((read) => ({ ...read, passedTo }))));
  }
  return reads;
}

/** How many functions deep a value given on to another function's parameter is followed. */
const MAX_FUNCTION_DEPTH = 3;
/** How many copies deep (`$x = $v`, `$y = $x`) a value is followed. */
const MAX_COPY_DEPTH = 3;

/** The uses of the value `assignment` gives `name`, and those of each copy made of it (`$x = $v`), a few copies deep. */
function usesWithCopies(context: PowerShellRuleContext, name: string, assignment: Node): Node[] {
  const uses: Node[] = [];
  let holders = [{ name, assignment }];
  for (let depth = 0; depth <= MAX_COPY_DEPTH && holders.length > 0; depth++) {
    const found = holders.flatMap((holder) => usesSeeing(context, holder.name, holder.assignment));
    uses.push(...found);
    holders = found.flatMap((use) => copyMadeAt(use) ?? []);
  }
  return uses;
}

/** The uses of `name` that see `assignment`. */
function usesSeeing(context: PowerShellRuleContext, name: string, assignment: Node): Node[] {
  const values = context.values();
  return context.index
    .variables()
    .filter((at) => at.name === name)
    .map((at) => context.index.node(at, 'variable'))
    .filter((variable) => values.assignmentSeenBy(variable)?.node.id === assignment.id);
}

/** `$x = $v` (or `$x = ($v)`) as a statement of its own, `use` being `$v`: the copy's name and assignment. */
function copyMadeAt(use: Node): { name: string; assignment: Node } | undefined {
  const assignment = enclosingStatement(use).namedChild(0);
  if (assignment?.type !== 'assignment_expression' || assignmentOperator(assignment) !== '=' || unwrapped(assignedValue(assignment)).id !== use.id) return undefined;
  const left = assignment.namedChild(0);
  const name = left && innermost(left).type === 'variable' ? variableName(innermost(left)) : undefined;
  return name ? { name, assignment } : undefined;
}

interface PassedUse {
  use: Node;
  passedTo?: MemberRead['passedTo'];
}

/** The reads of the value at one use of it: a member of it, or what a cmdlet it is piped into reads of it. */
function readsAt(context: PowerShellRuleContext, use: Node): MemberRead[] {
  const parent = use.parent;
  if (parent?.type === 'member_access' && parent.namedChild(0)?.id === use.id) return [memberAccessRead(parent)];
  const reader = pipedInto(use);
  return reader ? readerReads(context, reader, use) : [];
}

function memberAccessRead(access: Node): MemberRead {
  const member = access.namedChildren.find((child) => child?.type === 'member_name')?.text.replace(/^(['"])(.*)\1$/, '$2') ?? '';
  const further = access.parent?.type === 'member_access' || access.parent?.type === 'invokation_expression';
  const readFurther = further && access.parent!.namedChild(0)?.id === access.id;
  const shown = readFurther && access.parent!.type === 'member_access' ? access.parent!.text : access.text;
  return { member, at: access, shown, readFurther };
}

/** The command `use` is piped into, where it is the whole of what is piped (`$v | Select-Object …`, `$d = $v | …`). */
function pipedInto(use: Node): Node | undefined {
  let piped = use;
  while (piped.parent && innermost(piped.parent).id === use.id) piped = piped.parent;
  const next = nextBesideComments(piped);
  return next?.type === 'command' && (piped.parent?.type === 'pipeline_chain' || piped.parent?.type === 'assignment_expression') ? next : undefined;
}

/** The cmdlets that read members of what is piped into them, named by the parameters that read them. */
const READERS: readonly { spec: CmdletSpec; reads: readonly string[]; expands: readonly string[] }[] = [
  {
    spec: {
      name: 'Select-Object',
      aliases: ['select'],
      parameters: namesOnly('Property', 'ExpandProperty', 'ExcludeProperty', 'InputObject', 'First', 'Last', 'Skip', 'SkipLast', 'Index', 'SkipIndex'),
      switches: ['Unique', 'Wait', 'CaseInsensitive'],
      positions: ['Property'],
    },
    reads: ['Property', 'ExpandProperty'],
    expands: ['ExpandProperty'],
  },
  {
    spec: {
      name: 'ForEach-Object',
      aliases: ['foreach', '%'],
      parameters: namesOnly('MemberName', 'Process', 'Begin', 'End', 'RemainingScripts', 'ArgumentList', 'InputObject', 'Parallel', 'ThrottleLimit', 'TimeoutSeconds'),
      switches: ['AsJob', 'UseNewRunspace'],
      positions: ['MemberName'],
    },
    reads: ['MemberName'],
    expands: ['MemberName'],
  },
  {
    spec: {
      name: 'Where-Object',
      aliases: ['where', '?'],
      parameters: namesOnly('Property', 'Value', 'FilterScript', 'InputObject'),
      switches: whereObjectOperators(),
      positions: ['Property', 'Value'],
    },
    reads: ['Property'],
    expands: [],
  },
  ...(
    [
      ['Format-List', 'fl'],
      ['Format-Table', 'ft'],
      ['Format-Wide', 'fw'],
      ['Format-Custom', 'fc'],
    ] as const
  ).map(([name, alias]) => ({
    spec: {
      name,
      aliases: [alias],
      parameters: namesOnly('Property', 'GroupBy', 'View', 'Expand', 'InputObject', 'Column', 'Depth'),
      switches: ['AutoSize', 'HideTableHeaders', 'Wrap', 'RepeatHeader', 'ShowError', 'DisplayError', 'Force'],
      positions: ['Property'],
    },
    reads: ['Property', 'GroupBy'],
    expands: [],
  })),
];

function namesOnly(...names: string[]): Record<string, string[]> {
  return Object.fromEntries(names.map((name) => [name, []]));
}

function whereObjectOperators(): string[] {
  const operators = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn'];
  return [...operators, ...operators.map((operator) => `C${operator}`), 'Is', 'IsNot', 'Not'];
}

/** The members a reader cmdlet reads of what is piped into it: those its parameters name, and `$_.Member` in its blocks. */
function readerReads(context: PowerShellRuleContext, command: Node, input: Node): MemberRead[] {
  const name = commandName(command);
  const reader = name && READERS.find(({ spec }) => spec.name.toLowerCase() === name || spec.aliases?.includes(name));
  if (!reader) return [];
  const named = boundParameters(command, reader.spec, () => context.hashtables()).flatMap((parameter) => {
    if (!reader.reads.includes(parameter.canonical) || !parameter.value) return [];
    const readFurther = reader.expands.includes(parameter.canonical) && resultReadFurther(command);
    const shown = (member: string) => pipelineShown(input, command, readFurther ? nextBesideComments(command) : null, member);
    return listedNames(command, parameter.value).map((member) => ({ member, at: parameter.value!, shown: shown(member), readFurther }));
  });
  return [...named, ...blockReads(command)];
}

/** The names a parameter's value lists (`TenantId, 'TenantDomain'`), up to the next parameter; not a variable's, a wildcard or a calculated property. */
function listedNames(command: Node, value: Node): string[] {
  const next = commandElements(command).find((element) => element.startIndex >= value.endIndex && isParameterName(element));
  const listed = command.text.slice(value.startIndex - command.startIndex, (next?.startIndex ?? command.endIndex) - command.startIndex);
  return listed
    .split(',')
    .map((part) => part.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter((part) => /^[A-Za-z_]\w*$/.test(part));
}

/** Whether what the reader gives is read further: piped on (`| Select-Object -ExpandProperty Id`) or a member of it read (`(… ).Id`). */
function resultReadFurther(command: Node): boolean {
  if (nextBesideComments(command)?.type === 'command') return true;
  const parenthesized = command.parent?.parent?.parent;
  const around = parenthesized?.type === 'parenthesized_expression' ? parenthesized.parent : undefined;
  return (around?.type === 'member_access' || around?.type === 'invokation_expression') && around.namedChild(0)?.id === parenthesized!.id;
}

/** `$v | Select-Object -ExpandProperty Account`, with the command it is piped on to where that reads it further. */
function pipelineShown(input: Node, command: Node, next: Node | null, member: string): string {
  const piped = next?.type === 'command' ? next : command;
  const written = `${input.text} | ${command.parent!.text.slice(command.startIndex - command.parent!.startIndex, piped.endIndex - command.parent!.startIndex).trim()}`;
  return written.includes('\n') || written.length > 100 ? `${input.text} | ${commandNameAsWritten(command)} … ${member}` : written;
}

/** `$_.Member` (or `$PSItem.Member`) in the command's own script blocks: not in a block of a command inside them, which has its own `$_`. */
function blockReads(command: Node): MemberRead[] {
  return descendants(command, 'member_access')
    .filter((access) => {
      const object = access.namedChild(0);
      const block = enclosingScriptBlock(access);
      return object?.type === 'variable' && /^\$(?:_|PSItem)$/i.test(object.text) && !!block && commandGivenArgument(block)?.id === command.id;
    })
    .map(memberAccessRead);
}

/** The reads of the parameters the script's functions bind to one of `uses` (`Show-Connection -Info $v`: `$Info` in Show-Connection). */
function parameterUses(context: PowerShellRuleContext, uses: readonly PassedUse[]): PassedUse[] {
  if (context.functionNames().size === 0) return [];
  const used = new Set(uses.map(({ use }) => use.id));
  const calls = context.functionCalls();
  const found: PassedUse[] = [];
  for (const declared of context.index.functions()) {
    if (!declared.name) continue;
    for (const param of declared.params) {
      const given = calls.parameterArguments(declared, param).filter((argument) => used.has(innermost(argument.value).id));
      if (given.length === 0) continue;
      const values = new Set(given.map((argument) => argument.value.id));
      const passedTo = { function: declared.name, call: given[0].call.node };
      for (const at of context.index.variables()) {
        if (at.name !== param || at.start <= declared.start || at.start >= declared.end) continue;
        const variable = context.index.node(at, 'variable');
        if (calls.argumentsFor(variable)?.some((argument) => values.has(argument.value.id))) found.push({ use: variable, passedTo });
      }
    }
  }
  return found;
}
