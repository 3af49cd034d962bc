import { functionOutput } from './function-outputs';
import { namesScriptVariable, type ScriptIndex } from './script-index';
import { constructorArguments } from './constructions';
import { assignedVariable, assignmentOperator, descendants, ifBranchBlocks, innermost, literalText, onExclusiveBranches, unwrapped, variableName, type Node } from './syntax';

export interface HashtableEntry {
  key: string;
  keyNode: Node;
  value: Node;
  /** Where the entry was written: a later assignment of the whole variable replaces earlier entries. */
  offset: number;
  /** True for `$h = @{...}`, which starts the table afresh. */
  resets: boolean;
  /** Written as `$script:h…` or `$global:h…`. */
  scriptWide: boolean;
  /** For `$h.K = v` and `$h.Add(…)`: the function whose `$h` it changes (-1: the script's). */
  scope?: number;
}

/**
 * The hashtables a script builds in variables — `$h = @{ K = v }`, `$h.K = v`, `$h['K'] = v`,
 * `$h.Add('K', v)` — so that splatting (`@h`) can be read as the parameters it binds; also a list of
 * key-value pairs filled with `$pairs.Add(<pair>)`, which a form is made of as of a table.
 */
export class HashtableFacts {
  private readonly entries = new Map<string, HashtableEntry[]>();

  constructor(
    private readonly index: ScriptIndex,
    /** The key and value of a pair the node makes (`[KeyValuePair[string,string]]::new(k, v)`); none: pairs are not read. */
    private readonly pairOf?: (made: Node) => readonly [Node, Node] | undefined,
  ) {}

  /**
   * The entries variable `name` holds at `offset`, as far as the file shows (last key wins), from the
   * writes a use there sees (`scriptWide`: it is written `$script:h`), or as `ScriptValues.assignmentBefore`
   * falls back, from all writes above it.
   */
  entriesBefore(name: string, offset: number, scriptWide = false): HashtableEntry[] {
    return tableOf(this.writesBefore(name, offset, scriptWide));
  }

  /** The writes `entriesBefore` makes its table of, in order. */
  private writesBefore(name: string, offset: number, scriptWide: boolean): HashtableEntry[] {
    const use = this.index.scopes().useAt(offset, name, scriptWide);
    const above = this.entriesOf(name).filter((entry) => entry.offset < offset);
    const seen = above.filter((entry) => use.sees(entry));
    return seen.length || use.bound ? seen : above;
  }

  /** `entriesBefore` for a variable node's use. */
  entriesSeenBy(variable: Node): HashtableEntry[] {
    const name = variableName(variable);
    const bound = name === 'psboundparameters' ? this.boundParameters(variable) : undefined;
    if (bound) return bound;
    return name ? this.entriesBefore(name, variable.startIndex, namesScriptVariable(variable)) : [];
  }

  /**
   * `$PSBoundParameters` of a function (or of the script, outside any): its parameters, each as its
   * own variable, on the runs whose caller gives it. Where the function takes some out
   * (`$PSBoundParameters.Remove('Credential')`) or writes to it, what it writes is read, as for any
   * table the script builds; in a script block, which has its own, likewise.
   */
  private boundParameters(use: Node): HashtableEntry[] | undefined {
    const declared = this.index.scopes().functionAround(use.startIndex);
    const own = this.index.text.slice(declared?.start ?? 0, declared?.end);
    const writes = this.entriesOf('psboundparameters').filter((entry) => this.index.scopes().functionAround(entry.offset) === declared);
    if ((declared && !declared.name) || inScriptBlock(use) || writes.length > 0 || /\$PSBoundParameters\s*\.\s*(?:Remove|Clear)\s*\(/i.test(own)) return undefined;
    return this.index.parameterVariables(declared).map((variable) => {
      const key = variable.text.replace(/^\$\{?|\}$/g, '');
      return { key, keyNode: variable, value: variable, offset: variable.startIndex, resets: false, scriptWide: false };
    });
  }

  /**
   * `entriesSeenBy` on the runs that make `write`, one of the writes the use sees: the writes in other
   * branches of an `if` it is in are left out (`if ($c) { $h += @{…} } else { $h += @{…} }`).
   */
  entriesSeenAlong(variable: Node, write: HashtableEntry): HashtableEntry[] {
    const name = variableName(variable);
    const writes = name ? this.writesBefore(name, variable.startIndex, namesScriptVariable(variable)) : [];
    return tableOf(writes.filter((other) => !onExclusiveBranches(other.keyNode, write.keyNode)));
  }

  /** Every write of `key` into the table a variable node's use sees, since the table was last started afresh (`$h = @{…}`). */
  keyWritesSeenBy(variable: Node, key: string): HashtableEntry[] {
    const name = variableName(variable);
    const writes = name ? this.writesBefore(name, variable.startIndex, namesScriptVariable(variable)) : [];
    const start = writes.map((entry) => entry.resets).lastIndexOf(true);
    return writes.slice(start + 1).filter((entry) => entry.key.toLowerCase() === key.toLowerCase());
  }

  /**
   * The writes of `key` into the table a variable node's use sees that may still stand there: one per
   * branch where branches of an `if` each write it (`if ($r) { $b = @{ k = 1 } } else { $b = @{ k = 2 } }`).
   * A later write of the key, or of the whole table, replaces a write unless no run goes through both.
   */
  keyWritesReaching(variable: Node, key: string): HashtableEntry[] {
    const name = variableName(variable);
    const writes = name ? this.writesBefore(name, variable.startIndex, namesScriptVariable(variable)) : [];
    const overwrites = writes.filter((entry) => (entry.resets && entry.key === '') || entry.key.toLowerCase() === key.toLowerCase());
    return overwrites.filter(
      (write, i) => write.key !== '' && overwrites.slice(i + 1).every((later) => onExclusiveBranches(later.keyNode, write.keyNode)),
    );
  }

  /** What the script writes into `name`, read from the nodes of those statements only, in order. */
  private entriesOf(name: string): HashtableEntry[] {
    let list = this.entries.get(name);
    if (list) return list;
    this.entries.set(name, (list = []));
    for (const at of this.index.assignments()) if (at.owner === name) this.recordAssignment(this.index.node(at, 'assignment_expression'), at.scriptWide);
    for (const at of this.index.addCalls()) if (at.owner === name) this.recordAdd(this.index.node(at, 'invokation_expression'));
    list.sort((a, b) => a.offset - b.offset);
    const assignedAt = this.index.assignments().flatMap((at) => (at.scalar === name ? [at.start] : []));
    for (const entry of list) {
      if (!entry.resets && !entry.scriptWide) entry.scope = this.index.scopes().ownerOfMember(entry.offset, name, assignedAt);
    }
    return list;
  }

  private recordAssignment(assignment: Node, scriptWide: boolean): void {
    const left = assignment.namedChild(0);
    const value = assignment.childForFieldName('value');
    if (!left || !value) return;
    const target = innermost(left);
    if (target.type === 'variable' || target.type === 'cast_expression') {
      const name = assignedVariable(left);
      if (name) this.recordWhole(name, assignment, value, scriptWide);
      return;
    }
    const owner = target.namedChild(0);
    const name = owner?.type === 'variable' ? variableName(owner) : undefined;
    const keyNode = target.type === 'member_access' || target.type === 'element_access' ? target.namedChild(1) : null;
    const key = keyNode ? literalText(keyNode) : undefined;
    if (name && keyNode && key) this.add(name, { key, keyNode, value, offset: assignment.startIndex, resets: false, scriptWide });
  }

  /**
   * `$h = @{…}` starts the table afresh; `$h += @{…}` adds to it; `$h = $base + @{…}` is a new table
   * of `$base`'s entries (as written above) and the literal's. A sum with anything else is not read.
   */
  private recordWhole(name: string, assignment: Node, value: Node, scriptWide: boolean): void {
    const adds = assignmentOperator(assignment) === '+=';
    // `$h = if ($c) { @{…} } else { @{…} }`: each branch's table is written as if assigned there, so that
    // a use sees the branches as it sees `if ($c) { $h = @{…} } else { $h = @{…} }`.
    const branchTables = adds ? undefined : tablesOfBranches(value);
    if (branchTables) for (const table of branchTables) this.recordTable(name, table.startIndex, table, [table], false, scriptWide);
    else this.recordTable(name, assignment.startIndex, value, addends(value), adds, scriptWide);
  }

  /** A write of `value`, the sum of `operands`, into the table. */
  private recordTable(name: string, offset: number, value: Node, operands: readonly Node[], adds: boolean, scriptWide: boolean): void {
    const parts = operands.map((part) => hashLiteral(part) ?? (part.type === 'variable' ? part : this.returnedBy(part)));
    if (parts.length === 0 || !parts.every((part) => part !== undefined)) return;
    // Read before the new table starts: `$p = $p + @{…}` keeps what `$p` held.
    const entries = (parts as Node[]).flatMap((part): { key: string; keyNode: Node; value: Node }[] => (part.type === 'variable' ? this.entriesSeenBy(part) : hashEntries(part)));
    if (!adds) this.add(name, { key: '', keyNode: value, value, offset, resets: true, scriptWide });
    for (const { key, keyNode, value: entryValue } of entries) this.add(name, { key, keyNode, value: entryValue, offset: offset + 1, resets: false, scriptWide });
  }

  /** The table a call of the script's own function gives back (`$p = Get-ConnectParams`): `@{…}`, or a variable holding one (`return $p`). */
  private returnedBy(value: Node): Node | undefined {
    const output = functionOutput(this.index, value)?.value;
    const table = output && (hashLiteral(output) ?? (innermost(output).type === 'variable' ? innermost(output) : undefined));
    return table && (table.type !== 'variable' || this.entriesSeenBy(table).length > 0) ? table : undefined;
  }

  private recordAdd(call: Node): void {
    const [owner, member, argumentList] = call.namedChildren;
    if (owner?.type !== 'variable' || member?.text.toLowerCase() !== 'add' || !argumentList) return;
    const name = variableName(owner);
    const args = constructorArguments(argumentList) ?? [];
    const [keyNode, value] = args.length === 1 ? (this.pairOf?.(unwrapped(args[0])) ?? []) : args;
    const key = keyNode ? literalText(keyNode) : undefined;
    if (name && key && value) this.add(name, { key, keyNode, value, offset: call.startIndex, resets: false, scriptWide: namesScriptVariable(owner) });
  }

  private add(name: string, entry: HashtableEntry): void {
    const list = this.entries.get(name) ?? [];
    list.push(entry);
    this.entries.set(name, list);
  }
}

/** Whether a use is inside a script block (`{ … }` as a value) of its function or script. */
function inScriptBlock(use: Node): boolean {
  for (let node = use.parent; node && node.type !== 'function_statement'; node = node.parent) if (node.type === 'script_block_expression') return true;
  return false;
}

/** The table the entries make, in order: an assignment of a whole table starts it afresh, the last write of a key wins. */
function tableOf(entries: readonly HashtableEntry[]): HashtableEntry[] {
  const current = new Map<string, HashtableEntry>();
  for (const entry of entries) {
    if (entry.resets && entry.key === '') current.clear();
    else current.set(entry.key.toLowerCase(), entry);
  }
  return [...current.values()];
}

/**
 * The tables an `if` assigned whole gives, one per branch, where every branch (an `else` among them)
 * outputs one table literal and nothing else; undefined otherwise.
 */
function tablesOfBranches(value: Node): Node[] | undefined {
  if (value.type !== 'if_statement') return undefined;
  const hasElse = value.namedChildren.some((child) => child?.type === 'else_clause');
  const elseBlock = hasElse ? undefined : elseReadAsCommand(value);
  if (!hasElse && !elseBlock) return undefined;
  const tables = [...ifBranchBlocks(value), ...(elseBlock ? [elseBlock] : [])].map((block) => {
    // Assignments output nothing: the branch outputs its one other statement.
    const outputs = (descendants(block, 'statement_list')[0]?.namedChildren ?? []).filter((statement) => statement && !isAssignment(statement));
    return outputs.length === 1 && outputs[0]?.type === 'pipeline' ? hashLiteral(innermost(outputs[0])) : undefined;
  });
  return tables.every((table) => table !== undefined) ? (tables as Node[]) : undefined;
}

function isAssignment(statement: Node): boolean {
  return statement.type === 'pipeline' && innermost(statement).type === 'assignment_expression';
}

/**
 * The block of an `else` on the line after an assigned `if`'s closing brace: PowerShell reads it as the
 * `if`'s, the grammar ends the `if` at the line break and reads `else { … }` as a command with a script
 * block as its argument.
 */
function elseReadAsCommand(statement: Node): Node | undefined {
  const assigned = statement.parent?.type === 'assignment_expression' ? statement.parent.parent : undefined;
  const next = assigned?.nextNamedSibling;
  const command = next?.type === 'pipeline' ? innermost(next) : undefined;
  if (command?.type !== 'command' || command.childForFieldName('command_name')?.text.toLowerCase() !== 'else') return undefined;
  const [argument, ...more] = (command.namedChildren.find((child) => child?.type === 'command_elements')?.namedChildren ?? []).filter((child) => child?.type !== 'command_argument_sep');
  const block = argument && more.length === 0 ? innermost(argument) : undefined;
  return block?.type === 'script_block_expression' ? block : undefined;
}

/** The operands of a sum (`$base + @{…} + $more`), or the value itself. */
function addends(value: Node): Node[] {
  const inner = innermost(value);
  const plus = inner.type === 'additive_expression' && inner.children.some((child) => child?.type === '+');
  return plus ? inner.namedChildren.flatMap((operand) => (operand ? addends(operand) : [])) : [inner];
}

/** The entries of a hashtable literal written with a literal key; `entry` is the `hash_entry` node. */
export function hashEntries(table: Node): { key: string; keyNode: Node; value: Node; entry: Node }[] {
  return descendants(table, 'hash_entry').flatMap((entry) => {
    if (entry.parent?.parent?.id !== table.id) return [];
    const keyNode = entry.namedChild(0);
    const value = entry.namedChild(1);
    const key = keyNode ? literalText(keyNode) : undefined;
    return keyNode && value && key ? [{ key, keyNode, value, entry }] : [];
  });
}

/**
 * `@{…}`, also in parentheses (`-Body ([ordered]@{…})`) or cast to a dictionary type, which PowerShell
 * makes of the table's entries: `[ordered]`, `[hashtable]`, `[Collections.Generic.Dictionary[string,string]]`.
 */
export function hashLiteral(value: Node): Node | undefined {
  const inner = unwrapped(value);
  if (inner.type === 'hash_literal_expression') return inner;
  const [type, operand] = inner.type === 'cast_expression' ? inner.namedChildren : [];
  if (!operand || !DICTIONARY_TYPE.test(type?.text.replace(/\s/g, '') ?? '')) return undefined;
  const table = innermost(operand);
  return table.type === 'hash_literal_expression' ? table : undefined;
}

/** `[ordered]`, and the dictionary types by their last name (with a namespace, with type arguments): Hashtable, SortedList, any …Dictionary. */
const DICTIONARY_TYPE = /^\[(?:ordered|(?:[\w.]+\.)?(?:hashtable|sortedlist|\w*dictionary)(?:\[.*\])?)\]$/i;
