import type { TreeCursor } from 'web-tree-sitter';
import { textChange } from '../../engine/text';
import { commandName } from './command';
import { usingPrelude } from './comments';
import { FunctionScopes } from './scopes';
import { assignedVariable, innermost, variableName, type Node } from './syntax';

/** Where a node is, so that it can be found again in the tree (see `ScriptIndex.node`). */
export interface Extent {
  start: number;
  end: number;
}

export interface IndexedCommand extends Extent {
  /** As `commandName` gives it: without a module qualifier, lower-case. */
  name: string;
  /** The `command_name` node's text and extent, when the command has one (not `& $block`). */
  written?: { text: string } & Extent;
}

/** The name a call of the function uses, as `IndexedCommand.name` gives it: without a scope (`function global:Get-X`), lower-case. */
export function calledName(declared: IndexedFunction): string | undefined {
  return declared.name?.replace(/^\w+:/, '').toLowerCase();
}

export interface IndexedAssignment extends Extent {
  /** `$x = …` (`=` only, see `assignedVariable`): the name of the variable it sets. */
  scalar?: string;
  /** The variable it writes to or into: `$h = …`, `$h.K = …`, `$h['K'] = …`. */
  owner?: string;
  /** Written with `$script:` or `$global:`: seen by every function, wherever it is written. */
  scriptWide: boolean;
}

/** A function or class method: a scope of its own, whose parameters hide variables of the same names outside it. */
export interface IndexedFunction extends Extent {
  /** `function`/`filter` names as written; none for a class method. */
  name?: string;
  /** Its parameters' names, as `variableName` gives them. */
  params: string[];
  /** `$p = <default>`: the `script_parameter_default` of each parameter that has one. */
  defaults: ParameterDefault[];
  /** The parameters that take arguments given without a name, in position order. */
  positions: string[];
  /** `[switch]` parameters: they take no value. */
  switches: string[];
  /** `[Alias('Url')]`: other names of each parameter that has some. */
  aliases: Record<string, string[]>;
  /** Declared with `[CmdletBinding()]` or `[Parameter()]`: it takes the common parameters (`-Verbose`, `-ErrorAction`, …). */
  advanced: boolean;
}

export interface ParameterDefault extends Extent {
  name: string;
}

/** `$h.Add(…)`: a call that may add an entry to the hashtable in `owner`. */
export interface IndexedAddCall extends Extent {
  owner: string;
}

export interface IndexedVariable extends Extent {
  name: string;
}

/** What the index records of one top-level statement. */
interface StatementFacts {
  commands: IndexedCommand[];
  assignments: IndexedAssignment[];
  addCalls: IndexedAddCall[];
  functions: IndexedFunction[];
}

/**
 * The script-wide facts the rules start from — every command with its name, every assignment with
 * the variable it sets, every variable use — as plain data, recorded once per top-level statement.
 * A statement outside the text changed since the script's previous analysis keeps its facts: an edit
 * re-reads the statement it touched, not the other thousands of nodes (walking and marshalling the
 * whole tree out of the wasm costs tens of milliseconds). Rules turn the few entries they need back
 * into nodes with `node`.
 */
export class ScriptIndex {
  private readonly units: Unit[];
  private readonly listed: Unit[];
  /** A param block the grammar gives the root (one after `using` lines is a statement). */
  readonly rootParamBlock?: Node;
  private structure?: StatementFacts;
  private variableUses?: IndexedVariable[];
  private byName?: Map<string, IndexedCommand[]>;
  private functionScopes?: FunctionScopes;
  private scriptParameterNames?: string[];

  constructor(
    private readonly root: Node,
    readonly text: string,
    private readonly memory: IndexMemory = new IndexMemory(),
  ) {
    const { units, listed, paramBlock } = topLevelUnits(root);
    this.units = units;
    this.listed = listed;
    this.rootParamBlock = paramBlock;
  }

  /** The statement list's `at`-th statement (without a root param block and comments before the list). */
  listedStatement(at: number): Node | undefined {
    return this.listed[at]?.node();
  }

  commands(): readonly IndexedCommand[] {
    return this.structureFacts().commands;
  }

  /** The commands by name, each name's in document order: a script calls a few names thousands of times. */
  commandsByName(): ReadonlyMap<string, readonly IndexedCommand[]> {
    if (!this.byName) {
      this.byName = new Map();
      for (const command of this.commands()) {
        const list = this.byName.get(command.name);
        if (list) list.push(command);
        else this.byName.set(command.name, [command]);
      }
    }
    return this.byName;
  }

  assignments(): readonly IndexedAssignment[] {
    return this.structureFacts().assignments;
  }

  addCalls(): readonly IndexedAddCall[] {
    return this.structureFacts().addCalls;
  }

  /** The functions and class methods the script declares, outer ones before those nested in them. */
  functions(): readonly IndexedFunction[] {
    return this.structureFacts().functions;
  }

  /** The names of the script's own parameters (its root `param(…)` block), as `variableName` gives them. */
  scriptParameters(): readonly string[] {
    this.scriptParameterNames ??= this.readScriptParameters();
    return this.scriptParameterNames;
  }

  private readScriptParameters(): string[] {
    if (this.rootParamBlock) return parametersIn(childrenOf(this.rootParamBlock, 'parameter_list')).params;
    // After `using` statements the grammar reads the block as a command named param: its items' variables.
    const block = paramBlockAfterUsing(this.text);
    return block ? [...block.matchAll(PARAMETER_ITEM)].map((item) => item[1].toLowerCase()) : [];
  }

  /** The variables that declare a function's parameters, or without one the script's own (its root `param(…)` block). */
  parameterVariables(declared: IndexedFunction | undefined): Node[] {
    const lists = declared ? functionParameterLists(this.node(declared, 'function_statement')).lists : this.rootParamBlock ? childrenOf(this.rootParamBlock, 'parameter_list') : [];
    return lists.flatMap((list) => nonNull(list.namedChildren).flatMap((parameter) => parameter.namedChildren.find((c) => c?.type === 'variable') ?? []));
  }

  /** The defaults of the script's own parameters (its root `param(…)` block). */
  scriptParameterDefaults(): readonly ParameterDefault[] {
    return this.rootParamBlock ? parametersIn(childrenOf(this.rootParamBlock, 'parameter_list')).defaults : [];
  }

  /** Which writes of a variable each use sees, by the functions around them. */
  scopes(): FunctionScopes {
    this.functionScopes ??= new FunctionScopes(this.functions(), (declared, name) => this.calledWithVariable(declared, name));
    return this.functionScopes;
  }

  /** The commands that call a function the script declares, by its name (`function global:Get-X` is called `Get-X`). */
  callsOf(declared: IndexedFunction): readonly IndexedCommand[] {
    const name = calledName(declared);
    return (name && this.commandsByName().get(name)) || [];
  }

  /** Whether a call of the function passes it a variable named `name` (`Send-Body -Body $body`, `Send-Body $body`). */
  private calledWithVariable(declared: IndexedFunction, name: string): boolean {
    const calls = this.callsOf(declared);
    const variable = new RegExp(`[$@]\\{?(?:\\w+:)?${name.replace(/[^\w]/g, '\\$&')}(?![\\w:])`, 'i');
    return calls.some((call) => variable.test(this.text.slice(call.start, call.end)));
  }

  /** Every `variable` node, with its name as `variableName` gives it. */
  variables(): readonly IndexedVariable[] {
    this.variableUses ??= this.merged(this.memory.variables, VARIABLE_USES).flat();
    return this.variableUses;
  }

  /** The node of `type` at an entry's extent, in this tree. */
  node(at: Extent, type: string): Node {
    for (let node: Node | null = this.root.descendantForIndex(at.start, at.end); node; node = node.parent) {
      if (node.type === type && node.startIndex === at.start && node.endIndex === at.end) return node;
      if (node.startIndex < at.start || node.endIndex > at.end) break;
    }
    throw new Error(`the script index has no ${type} at ${at.start}–${at.end}`);
  }

  private structureFacts(): StatementFacts {
    this.structure ??= this.merged(this.memory.structure, STRUCTURE).reduce(concatFacts, emptyFacts());
    return this.structure;
  }

  /**
   * Each statement's facts, from the memory when the statement lies outside the text changed since
   * the memory's version (and parsed without error), moved to where the statement now starts. The
   * memory afterwards holds this version's statements only; the facts are moved in place, as nothing
   * holds on to the previous version's.
   */
  private merged<Facts>(store: FactStore<Facts>, kind: FactKind<Facts>): Facts[] {
    // Taken out of the memory first: facts moved by an analysis that then fails must not be moved again.
    const { text: previousText, byStart: previous } = store;
    store.text = undefined;
    store.byStart = new Map();
    const earlierStart = previousText === undefined ? () => undefined : startBeforeChange(textChange(previousText, this.text));
    const treeHasError = this.root.hasError;
    const remembered = this.units.map((unit) => {
      const before = earlierStart(unit.start, unit.end);
      const recorded = before === undefined ? undefined : previous.get(unit.key(before));
      // The same text where it was (the type is not compared: asking the wasm for each statement's costs more than the rest).
      if (recorded?.length !== unit.end - unit.start || (treeHasError && unit.node().hasError)) return undefined;
      if (unit.start !== before) kind.move(recorded.facts, unit.start - before!);
      return recorded;
    });
    const nodesOf = this.searchUnremembered(remembered, kind.types);
    const byStart = new Map<number, Recorded<Facts>>();
    const results = this.units.map((unit, at) => {
      const recorded = remembered[at] ?? { length: unit.end - unit.start, facts: kind.read(nodesOf(at)) };
      if (!treeHasError || !unit.node().hasError) byStart.set(unit.key(unit.start), recorded);
      return recorded.facts;
    });
    store.text = this.text;
    store.byStart = byStart;
    return results;
  }

  /**
   * The nodes of `types` in each unit not remembered: searched unit by unit after an edit, and in one
   * search of the tree when most are new (the first analysis of a script). A shell holds itself only.
   */
  private searchUnremembered(remembered: readonly unknown[], types: string[]): (at: number) => Node[] {
    const unremembered = remembered.filter((r, at) => r === undefined && !this.units[at].shell).length;
    const shellNodes = (unit: Unit): Node[] => (types.includes(unit.node().type) ? [unit.node()] : []);
    if (unremembered <= WHOLE_TREE_SEARCH_AFTER) {
      return (at) => (this.units[at].shell ? shellNodes(this.units[at]) : nonNull(this.units[at].node().descendantsOfType(types)));
    }
    const byUnit = this.units.map((unit): Node[] => (unit.shell ? shellNodes(unit) : []));
    const whole = this.units.flatMap((unit, at) => (unit.shell ? [] : [at]));
    let next = 0;
    for (const node of nonNull(this.root.descendantsOfType(types))) {
      while (next < whole.length && this.units[whole[next]].end <= node.startIndex) next++;
      const unit = this.units[whole[next]];
      // A node around the next whole unit is a shell, found above.
      if (unit && unit.start <= node.startIndex && node.endIndex <= unit.end) byUnit[whole[next]].push(node);
    }
    return (at) => byUnit[at];
  }
}

// A search costs a walk of its subtree inside the wasm and a call out of it: per statement for an
// edit's few, once for the whole tree beyond this many.
const WHOLE_TREE_SEARCH_AFTER = 4;

/** What the index records for a kind of node, and how its extents move with the statement. */
interface FactKind<Facts> {
  types: string[];
  read(nodes: Node[]): Facts;
  /** Moves the facts' extents by `delta`, in place. */
  move(facts: Facts, delta: number): void;
}

/** Facts kept from one analysis of a script to the next. */
export class IndexMemory {
  readonly structure: FactStore<StatementFacts> = { byStart: new Map() };
  readonly variables: FactStore<IndexedVariable[]> = { byStart: new Map() };
}

/** The units' facts of one version of the script, by where each unit starts (and how deep it lies). */
interface FactStore<Facts> {
  text?: string;
  byStart: Map<number, Recorded<Facts>>;
}

/** A statement's facts, and its length: a statement of the same length where it started is the same text. */
interface Recorded<Facts> {
  length: number;
  facts: Facts;
}

/**
 * Where a span of the new text started in the old one, when its text is the same there: it lies
 * wholly before the changed text, or wholly after it.
 */
function startBeforeChange(change: ReturnType<typeof textChange>): (start: number, end: number) => number | undefined {
  return (start, end) => {
    if (end <= change.start) return start;
    if (start >= change.start + change.newLength) return start - change.newLength + change.oldLength;
    return undefined;
  };
}

/**
 * What the index records facts for. A statement is a unit of its own, unless it is long (a script
 * written as one function, or in begin/process/end blocks): then it is a shell, holding only itself,
 * and its parts are units, so that an edit inside re-reads a part of it. A shell lies around the
 * edited text and is re-read each time; it is one node.
 *
 * A unit's node is asked of the tree only when its facts are read: after an edit, a few of thousands.
 */
class Unit {
  private found?: Node;

  private constructor(
    readonly start: number,
    readonly end: number,
    readonly depth: number,
    readonly shell: boolean,
    private readonly inList: boolean,
    private readonly parent?: Node,
    private readonly childIndex = 0,
  ) {}

  /** A statement of the list (or of the root), found again by its place among its parent's children. */
  static atChild(parent: Node, childIndex: number, start: number, end: number, inList: boolean): Unit {
    return new Unit(start, end, 0, false, inList, parent, childIndex);
  }

  static ofNode(node: Node, depth: number, shell: boolean, inList: boolean): Unit {
    const unit = new Unit(node.startIndex, node.endIndex, depth, shell, inList);
    unit.found = node;
    return unit;
  }

  node(): Node {
    return (this.found ??= this.parent!.child(this.childIndex)!);
  }

  /**
   * The memory's key for the unit starting at `start`: its depth tells a shell from its first part,
   * and the root's own children (its param block) from the statements, so that the same text read
   * as the other (`param(…)` once a statement is typed above it) is read afresh.
   */
  key(start: number): number {
    const key = this.depth === 0 ? start : this.depth * 2 ** 32 + start;
    return this.inList ? key : -1 - key;
  }
}

const LONG_STATEMENT = 8 * 1024;

/**
 * What the parentheses of a script's param block hold where `using` lines come first (see
 * `usingPrelude`), bracket by bracket.
 */
function paramBlockAfterUsing(text: string): string | undefined {
  const prelude = usingPrelude(text);
  const head = prelude && /^(?:\[cmdletbinding\([^()\r\n]*\)\]\s*)?param\s*\(/i.exec(text.slice(prelude.end, prelude.end + 1_000));
  if (!prelude || !head) return undefined;
  const open = prelude.end + head[0].length;
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open, i);
  }
  return undefined;
}

/** A parameter's variable: first in its item, after its attributes and type (`[Parameter()] [string] $Name = 'x'`). */
const PARAMETER_ITEM = /(?:^|,)\s*(?:\[(?:[^[\]]|\[[^\]]*\])*\]\s*)*\$(\w+)/g;

/**
 * The root's named children, with the statement list opened: the script's statements, param block and
 * comments, as units. Read with a cursor, which makes no node objects.
 */
function topLevelUnits(root: Node): { units: Unit[]; listed: Unit[]; paramBlock?: Node } {
  const units: Unit[] = [];
  const listed: Unit[] = [];
  let paramBlock: Node | undefined;
  const cursor = root.walk();
  try {
    forEachNamedChild(cursor, (childIndex) => {
      if (cursor.nodeType === 'statement_list') {
        const list = cursor.currentNode;
        forEachNamedChild(cursor, (index) => listed.push(unitAt(cursor, list, index, units, true)));
        return;
      }
      if (cursor.nodeType === 'param_block') paramBlock = cursor.currentNode;
      unitAt(cursor, root, childIndex, units, false);
    });
  } finally {
    cursor.delete();
  }
  return { units, listed, paramBlock };
}

/** Calls `visit` with the cursor on each named child of the cursor's node, and the child's index among all. */
function forEachNamedChild(cursor: TreeCursor, visit: (childIndex: number) => void): void {
  if (!cursor.gotoFirstChild()) return;
  let childIndex = 0;
  do {
    if (cursor.nodeIsNamed) visit(childIndex);
    childIndex++;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}

/** The statement at the cursor as a unit, added to `units` (with its parts, when it is long). */
function unitAt(cursor: TreeCursor, parent: Node, childIndex: number, units: Unit[], inList: boolean): Unit {
  const [start, end] = [cursor.startIndex, cursor.endIndex];
  if (end - start > LONG_STATEMENT) return addUnitsOf(cursor.currentNode, 0, units, inList);
  const unit = Unit.atChild(parent, childIndex, start, end, inList);
  units.push(unit);
  return unit;
}

function addUnitsOf(node: Node, depth: number, units: Unit[], inList: boolean): Unit {
  const parts = node.endIndex - node.startIndex > LONG_STATEMENT ? nonNull(node.namedChildren) : [];
  const unit = Unit.ofNode(node, depth, parts.length > 0, inList);
  units.push(unit);
  for (const part of parts) addUnitsOf(part, depth + 1, units, inList);
  return unit;
}

const STRUCTURE: FactKind<StatementFacts> = {
  types: ['command', 'assignment_expression', 'invokation_expression', 'function_statement', 'class_method_definition'],
  read: structureFacts,
  // A loop per kind of fact, each of one shape: an edit near the top moves thousands of them.
  move(facts, delta) {
    for (const command of facts.commands) {
      command.start += delta;
      command.end += delta;
      if (command.written) moveExtent(command.written, delta);
    }
    for (const assignment of facts.assignments) {
      assignment.start += delta;
      assignment.end += delta;
    }
    for (const call of facts.addCalls) moveExtent(call, delta);
    for (const declared of facts.functions) {
      moveExtent(declared, delta);
      for (const given of declared.defaults) moveExtent(given, delta);
    }
  },
};

const VARIABLE_USES: FactKind<IndexedVariable[]> = {
  types: ['variable'],
  read: (nodes) =>
    nodes.flatMap((node) => {
      const name = variableName(node);
      return name ? [{ start: node.startIndex, end: node.endIndex, name }] : [];
    }),
  move(uses, delta) {
    for (const use of uses) {
      use.start += delta;
      use.end += delta;
    }
  },
};

function moveExtent(extent: Extent, delta: number): void {
  extent.start += delta;
  extent.end += delta;
}

/** Facts of one kind are made with the same properties in the same order (one object shape each). */
function structureFacts(nodes: Node[]): StatementFacts {
  const facts = emptyFacts();
  for (const node of nodes) {
    const [start, end] = [node.startIndex, node.endIndex];
    if (node.type === 'command') {
      const name = commandName(node);
      const written = node.childForFieldName('command_name');
      if (name) facts.commands.push({ start, end, name, written: written ? { text: written.text, start: written.startIndex, end: written.endIndex } : undefined });
    } else if (node.type === 'assignment_expression') {
      facts.assignments.push({ start, end, ...assignmentTargets(node) });
    } else if (node.type === 'invokation_expression') {
      const owner = addCallOwner(node);
      if (owner) facts.addCalls.push({ start, end, owner });
    } else if (!node.lastChild?.isMissing) {
      // Without its closing brace (being typed, say) a function would take in the rest of the script.
      const name = node.namedChildren.find((c) => c?.type === 'function_name')?.text;
      facts.functions.push({ start, end, name, ...parametersOf(node) });
    }
  }
  return facts;
}

function assignmentTargets(assignment: Node): Pick<IndexedAssignment, 'scalar' | 'owner' | 'scriptWide'> {
  const [left, operator] = assignment.namedChildren;
  if (!left) return { scalar: undefined, owner: undefined, scriptWide: false };
  const target = innermost(left);
  const written = target.type === 'variable' ? target : target.namedChild(0);
  // `[hashtable] $h = @{…}` writes `$h` as `$h = @{…}` does.
  const owner = written?.type === 'variable' ? variableName(written) : target.type === 'cast_expression' ? assignedVariable(left) : undefined;
  const setsScalar = operator?.text === '=' && assignment.childForFieldName('value') !== null;
  const scalar = !setsScalar ? undefined : target.type === 'variable' ? owner : assignedVariable(left);
  return { scalar: scalar || undefined, owner: owner || undefined, scriptWide: namesScriptVariable(left) };
}

/** `$script:x`, `$global:x` (also after a type, `[string] $script:x`, or with a member, `$script:h.K`). */
export function namesScriptVariable(node: Node): boolean {
  return /^(?:\[[^\]]*\]\s*)*[$@]\{?(?:script|global):/i.test(node.text);
}

/**
 * The parameters of a function (`function f($a) {…}`, or its `param(…)` block, which the grammar
 * wraps in an ERROR when it shares a line with the body) or of a class method.
 */
function parametersOf(declaration: Node): ParameterFacts {
  if (declaration.type === 'class_method_definition') return parametersIn(childrenOf(declaration, 'class_method_parameter_list'));
  const { lists, blockAttributes } = functionParameterLists(declaration);
  return parametersIn(lists, blockAttributes);
}

type ParameterFacts = Pick<IndexedFunction, 'params' | 'defaults' | 'positions' | 'switches' | 'aliases' | 'advanced'>;

const SWITCH_TYPE = /\[\s*(?:System\.Management\.Automation\.)?(?:switch|SwitchParameter)\s*\]/i;

/**
 * The parameters declared in `parameter_list` (or method parameter list) nodes. Positions follow
 * PowerShell's binder: those given with `Position = n` when any parameter is; otherwise every
 * parameter but switches, in the order declared, unless `PositionalBinding = $false` or a parameter
 * names its parameter set.
 */
function parametersIn(lists: readonly Node[], blockAttributes = ''): ParameterFacts {
  const params: string[] = [];
  const defaults: ParameterDefault[] = [];
  const switches: string[] = [];
  const aliases: Record<string, string[]> = {};
  const explicit: { name: string; position: number }[] = [];
  let advanced = /\bCmdletBinding\b/i.test(blockAttributes);
  let namedSets = false;
  for (const parameter of lists.flatMap((list) => nonNull(list.namedChildren))) {
    const variable = parameter.namedChildren.find((c) => c?.type === 'variable');
    const name = variable ? variableName(variable) : undefined;
    if (!name) continue;
    params.push(name);
    const given = parameter.namedChildren.find((c) => c?.type === 'script_parameter_default');
    if (given) defaults.push({ name, start: given.startIndex, end: given.endIndex });
    const attributes = parameter.namedChildren.find((c) => c?.type === 'attribute_list')?.text ?? '';
    if (SWITCH_TYPE.test(attributes)) switches.push(name);
    const position = /\bPosition\s*=\s*(\d+)/i.exec(attributes);
    if (position) explicit.push({ name, position: Number(position[1]) });
    const alias = /\bAlias\s*\(([^)]*)\)/i.exec(attributes);
    if (alias) Object.defineProperty(aliases, name, { value: [...alias[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]), enumerable: true });
    advanced ||= /\[\s*Parameter\s*[(\]]/i.test(attributes);
    namedSets ||= /\bParameterSetName\s*=/i.test(attributes);
  }
  const automatic = !namedSets && !/\bPositionalBinding\s*=\s*\$false\b/i.test(blockAttributes);
  const positions = explicit.length
    ? explicit.sort((a, b) => a.position - b.position).map((p) => p.name)
    : automatic
      ? params.filter((name) => !switches.includes(name))
      : [];
  return { params, defaults, positions, switches, aliases, advanced };
}

/** The function's parameter lists, and the attributes of its `param(…)` block (`[CmdletBinding(…)]`). */
function functionParameterLists(declaration: Node): { lists: Node[]; blockAttributes: string } {
  const declared = childrenOf(declaration, 'function_parameter_declaration');
  const paramBlocks = [...childrenOf(declaration, 'ERROR'), ...childrenOf(declaration, 'script_block')].flatMap((holder) => childrenOf(holder, 'param_block'));
  const blockAttributes = paramBlocks.map((block) => childrenOf(block, 'attribute_list')[0]?.text ?? '').join('\n');
  return { lists: [...declared, ...paramBlocks].flatMap((holder) => childrenOf(holder, 'parameter_list')), blockAttributes };
}

function childrenOf(node: Node, type: string): Node[] {
  return nonNull(node.namedChildren).filter((child) => child.type === type);
}

function addCallOwner(call: Node): string | undefined {
  const [owner, member] = call.namedChildren;
  return owner?.type === 'variable' && member?.text.toLowerCase() === 'add' ? variableName(owner) : undefined;
}

function nonNull(nodes: (Node | null)[]): Node[] {
  return nodes.filter((node): node is Node => node !== null);
}

function emptyFacts(): StatementFacts {
  return { commands: [], assignments: [], addCalls: [], functions: [] };
}

function concatFacts(all: StatementFacts, one: StatementFacts): StatementFacts {
  all.commands.push(...one.commands);
  all.assignments.push(...one.assignments);
  all.addCalls.push(...one.addCalls);
  all.functions.push(...one.functions);
  return all;
}
