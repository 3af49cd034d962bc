import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { addTo } from './lists-by-key';

export type Node = TSESTree.Node;

/** Visits every node depth-first, giving each its ancestors (nearest last). */
export function walk(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const { nodes, depths } = flattened(root);
  const ancestors: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    while (ancestors.length > depths[i]) ancestors.pop();
    visit(nodes[i], ancestors);
    ancestors.push(nodes[i]);
  }
}

/**
 * The nodes from `root` down to `target`'s parent (nearest last), found by descending only into
 * children whose range holds the target's: a few nodes per level instead of a walk of the module.
 * Empty when `target` is not under `root`.
 */
export function ancestorsOf(root: Node, target: Node): Node[] {
  const path: Node[] = [];
  // A module has thousands of statements, in order: the one holding the target is found by halving.
  const statement = root.type === 'Program' && root !== target ? statementHolding(root, target) : undefined;
  if (statement) {
    path.push(root);
    if (pathTo(statement, target, path)) return path;
    path.length = 0;
  }
  // Ranges may touch, and an empty node at the boundary may lie in the next statement.
  return pathTo(root, target, path) ? path : [];
}

function statementHolding(program: TSESTree.Program, target: Node): Node | undefined {
  const { body } = program;
  let low = 0;
  let high = body.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = body[middle].range;
    if (end < target.range[1]) low = middle + 1;
    else if (start > target.range[0]) high = middle - 1;
    else return body[middle];
  }
  return undefined;
}

function pathTo(node: Node, target: Node, path: Node[]): boolean {
  if (node === target) return true;
  path.push(node);
  for (const key of visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) ? pathThroughList(value, target, path) : holds(value, target) && pathTo(value, target, path)) return true;
  }
  path.pop();
  return false;
}

/**
 * `pathTo` through a list of children (a block's statements, a call's arguments), which are in source
 * order: those ending before the target are passed over by halving, so a walk down a function of
 * thousands of statements does not read each. Touching ranges may hold an empty node: a dead end is left for the next child.
 */
function pathThroughList(items: readonly unknown[], target: Node, path: Node[]): boolean {
  for (let i = firstEndingAtOrAfter(items, target.range[1]); i < items.length; i++) {
    const item = items[i];
    if (!isNode(item)) continue;
    if (item.range[0] > target.range[0]) return false;
    if (holds(item, target) && pathTo(item, target, path)) return true;
  }
  return false;
}

/** The index of the first node of the list that ends at or after `end` (holes in an array pattern are skipped). */
function firstEndingAtOrAfter(items: readonly unknown[], end: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    let probe = middle;
    while (probe < high && !isNode(items[probe])) probe++;
    if (probe < high && (items[probe] as Node).range[1] < end) low = probe + 1;
    else high = middle;
  }
  return low;
}

// Ranges may coincide (a shorthand property's key and value): the first is a dead end, the next holds the path.
function holds(child: unknown, target: Node): child is Node {
  return isNode(child) && child.range[0] <= target.range[0] && target.range[1] <= child.range[1];
}

/** Every node under `root` (itself included), depth-first. */
export function nodesOf(root: Node): readonly Node[] {
  return flattened(root).nodes;
}

interface FlatTree {
  nodes: Node[];
  depths: number[];
}

// Every rule walks the whole module: the tree is flattened once and the walks replay the list. A
// module's list is put together from its statements' lists, which outlive an edit elsewhere.
const flatTrees = new WeakMap<Node, FlatTree>();

function flattened(root: Node): FlatTree {
  let tree = flatTrees.get(root);
  if (tree) return tree;
  tree = root.type === 'Program' ? flattenedProgram(root) : flattenedSubtree(root);
  flatTrees.set(root, tree);
  return tree;
}

function flattenedProgram(program: TSESTree.Program): FlatTree {
  const tree: FlatTree = { nodes: [program], depths: [0] };
  for (const statement of program.body) {
    const { nodes, depths } = flattened(statement);
    for (let i = 0; i < nodes.length; i++) {
      tree.nodes.push(nodes[i]);
      tree.depths.push(depths[i] + 1);
    }
  }
  return tree;
}

const NO_KEYS: readonly string[] = [];

function flattenedSubtree(root: Node): FlatTree {
  const tree: FlatTree = { nodes: [], depths: [] };
  const step = (node: Node, depth: number): void => {
    tree.nodes.push(node);
    tree.depths.push(depth);
    // Indexed loops: in a cold worker, `for…of` here allocated an iterator result per key and child.
    const keys = visitorKeys[node.type] ?? NO_KEYS;
    for (let k = 0; k < keys.length; k++) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) if (isNode(child[i])) step(child[i] as Node, depth + 1);
      } else if (isNode(child)) {
        step(child, depth + 1);
      }
    }
  };
  step(root, 0);
  return tree;
}

type NodeType = `${Node['type']}`;
type NodeOfType<T extends NodeType> = Extract<Node, { type: `${T}` }>;

/**
 * The module's nodes of the given types, in document order: what a rule's walk of the whole module
 * would visit, without the walk. Each top-level statement's nodes are sorted by type once, and a
 * statement the incremental parser reuses after an edit keeps them, so an edit costs the statements
 * it touched.
 */
export function nodesOfType<T extends NodeType>(program: TSESTree.Program, ...types: T[]): readonly NodeOfType<T>[] {
  return moduleList(program, types.join(' '), (statement) => statementNodesOfType(statement, types)) as NodeOfType<T>[];
}

/**
 * The module's nodes of `types` that `keep` selects, in document order, kept per statement like
 * `nodesOfType` under `key`: `keep` may read only the node and what is around it in its statement.
 */
export function nodesOfTypeWhere<T extends NodeType>(program: TSESTree.Program, key: string, keep: (node: NodeOfType<T>) => boolean, ...types: T[]): readonly NodeOfType<T>[] {
  return moduleList(program, key, (statement) => statementList(statement, key, () => (statementNodesOfType(statement, types) as NodeOfType<T>[]).filter(keep))) as NodeOfType<T>[];
}

function statementNodesOfType(statement: Node, types: readonly string[]): readonly Node[] {
  return statementList(statement, types.join(' '), () => {
    // Several types together, in document order: kept as a list of its own.
    const wanted = new Set<string>(types);
    return nodesOf(statement).filter((node) => wanted.has(node.type));
  });
}

export type MethodCall = TSESTree.CallExpression & { callee: TSESTree.MemberExpression };

/** The module's calls of a method by its name (`x.name(…)`, `x["name"](…)`), in document order, kept per statement like `nodesOfType`. */
export function methodCalls(program: TSESTree.Program, name: string): readonly MethodCall[] {
  const key = `.${name}()`;
  const isCall = (node: Node): boolean => node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && memberName(node.callee) === name;
  return moduleList(program, key, (statement) => statementList(statement, key, () => statementList(statement, 'CallExpression', () => []).filter(isCall))) as MethodCall[];
}

/**
 * What `read` makes of a top-level statement, read once per statement: a statement the incremental
 * parser reuses after an edit elsewhere keeps its nodes (moved), so what was read still holds. `read`
 * may keep nodes of the statement only: the program is another object after each edit.
 */
export function readOfStatement<T>(statement: Node, read: (statement: Node) => T): T {
  let reads = readsByStatement.get(statement);
  if (!reads) readsByStatement.set(statement, (reads = new Map()));
  if (!reads.has(read)) reads.set(read, read(statement));
  return reads.get(read) as T;
}

const readsByStatement = new WeakMap<Node, Map<(statement: Node) => unknown, unknown>>();

/**
 * What the module's top-level statements bind, by name, in order: each statement read once (see
 * readOfStatement), each item made whole by `complete` (a module-wide default the statement lacks).
 */
export function byNameOverStatements<T, U>(program: TSESTree.Program, read: (statement: Node) => readonly (readonly [string, T])[], complete: (item: T) => U): Map<string, U[]> {
  const byName = new Map<string, U[]>();
  for (const statement of program.body) {
    for (const [name, item] of readOfStatement(statement, read)) addTo(byName, name, complete(item));
  }
  return byName;
}

/** A list put together from each top-level statement's, once per version of the module. */
function moduleList(program: TSESTree.Program, key: string, ofStatement: (statement: Node) => readonly Node[]): readonly Node[] {
  let lists = moduleLists.get(program);
  if (!lists) moduleLists.set(program, (lists = new Map()));
  let found = lists.get(key);
  if (!found) {
    const last = lastLists.get(key);
    const list = last ? listAfterEdit(last, program.body, ofStatement) : listOfStatements(program.body, ofStatement);
    lastLists.set(key, list);
    lists.set(key, (found = list.nodes));
  }
  return found;
}

const moduleLists = new WeakMap<TSESTree.Program, Map<string, Node[]>>();

/** A module's list by key, with where each statement's part of it starts (and, last, its length). */
interface StatementsList {
  statements: readonly Node[];
  nodes: Node[];
  starts: number[];
}

// The last module's list of each key: an edit leaves the statements before and after it as they were
// (reused by the incremental parser), whose part of the list is copied instead of put together again.
const lastLists = new Map<string, StatementsList>();

function listOfStatements(statements: readonly Node[], ofStatement: (statement: Node) => readonly Node[]): StatementsList {
  const list: StatementsList = { statements, nodes: [], starts: [] };
  appendStatements(list, statements, 0, statements.length, ofStatement);
  list.starts.push(list.nodes.length);
  return list;
}

/** The list of `statements` from `last`'s, where the statements they begin and end with are the same objects. */
function listAfterEdit(last: StatementsList, statements: readonly Node[], ofStatement: (statement: Node) => readonly Node[]): StatementsList {
  const before = last.statements;
  const shortest = Math.min(before.length, statements.length);
  let head = 0;
  while (head < shortest && before[head] === statements[head]) head++;
  let tail = 0;
  while (tail < shortest - head && before[before.length - 1 - tail] === statements[statements.length - 1 - tail]) tail++;
  // Another module: nothing to keep.
  if (head === 0 && tail === 0) return listOfStatements(statements, ofStatement);
  const keptUntil = last.starts[head];
  const edited: StatementsList = { statements, nodes: [], starts: last.starts.slice(0, head) };
  appendStatements(edited, statements, head, statements.length - tail, ofStatement, keptUntil);
  const keptFrom = last.starts[before.length - tail];
  const moved = keptUntil + edited.nodes.length - keptFrom;
  for (let i = before.length - tail; i <= before.length; i++) edited.starts.push(last.starts[i] + moved);
  edited.nodes = last.nodes.slice(0, keptUntil).concat(edited.nodes, last.nodes.slice(keptFrom));
  return edited;
}

/** Appends the statements' parts to the list, whose nodes start at `offset` of the module's. */
function appendStatements(list: StatementsList, statements: readonly Node[], from: number, to: number, ofStatement: (statement: Node) => readonly Node[], offset = 0): void {
  for (let i = from; i < to; i++) {
    list.starts.push(offset + list.nodes.length);
    for (const node of ofStatement(statements[i])) list.nodes.push(node);
  }
}

/**
 * The node's parent in the module (the program for a top-level statement), recorded when its
 * statement's nodes are sorted; undefined for a node outside the module.
 */
export function parentOf(program: TSESTree.Program, node: Node): Node | undefined {
  const { parent } = node as WithParent;
  if (parent) return parent;
  if (node === program) return undefined;
  if (topLevelStatements(program).has(node)) return program;
  // A statement not sorted yet records its nodes' parents now.
  const statement = statementAround(program, node);
  if (!statement || listsByStatement.has(statement)) return undefined;
  listsByStatement.set(statement, sortedByType(statement));
  return (node as WithParent).parent;
}

/** The top-level statement that holds `node` (the statements are in source order). */
function statementAround(program: TSESTree.Program, node: Node): Node | undefined {
  let low = 0;
  let high = program.body.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (program.body[middle].range[1] <= node.range[0]) low = middle + 1;
    else high = middle;
  }
  const candidate = program.body[low];
  return candidate && candidate.range[0] <= node.range[0] && node.range[1] <= candidate.range[1] ? candidate : undefined;
}

/** The module's statements, as a set: a walk up from any node ends at one (a module may have thousands). */
function topLevelStatements(program: TSESTree.Program): ReadonlySet<Node> {
  let statements = topLevel.get(program);
  if (!statements) topLevel.set(program, (statements = new Set(program.body)));
  return statements;
}

const topLevel = new WeakMap<TSESTree.Program, Set<Node>>();

/**
 * A node under a top-level statement keeps its parent while the statement is reused. On the node, not
 * in a WeakMap: with an entry per node, analysing the benchmark's 110 modules again (warm) took 1.4 s
 * instead of 1.0 s, much of it in the collector.
 */
type WithParent = { parent?: Node };
const listsByStatement = new WeakMap<Node, Map<string, Node[]>>();

/** A statement's list by key: its nodes of one type (sorted when the statement is first met), or what `compute` selects. */
function statementList(statement: Node, key: string, compute: () => Node[]): readonly Node[] {
  let lists = listsByStatement.get(statement);
  if (!lists) listsByStatement.set(statement, (lists = sortedByType(statement)));
  let found = lists.get(key);
  if (!found) lists.set(key, (found = compute()));
  return found;
}

function sortedByType(statement: Node): Map<string, Node[]> {
  const byType = new Map<string, Node[]>();
  const { nodes, depths } = flattened(statement);
  const path: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    path.length = depths[i];
    if (i > 0) (nodes[i] as WithParent).parent = path[depths[i] - 1];
    path.push(nodes[i]);
    addTo(byType, nodes[i].type, nodes[i]);
  }
  return byType;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The names bound around `node` by what a caller or a loop hands in: the parameters of the functions
 * around it (destructured and rest ones too), loop variables and `catch` bindings. Such a name holds
 * what was passed, not what a same-named variable elsewhere in the file holds.
 */
export function parameterNamesAround(program: TSESTree.Program, node: Node): Set<string> {
  const names = new Set<string>();
  for (const ancestor of ancestorsOf(program, node)) {
    if (isFunction(ancestor)) for (const parameter of ancestor.params) bindingNames(parameter, names);
    else if ((ancestor.type === 'ForOfStatement' || ancestor.type === 'ForInStatement') && ancestor.left.type === 'VariableDeclaration') {
      for (const declaration of ancestor.left.declarations) bindingNames(declaration.id, names);
    } else if (ancestor.type === 'CatchClause' && ancestor.param) bindingNames(ancestor.param, names);
  }
  return names;
}

/** The identifiers a binding pattern (a parameter, a declaration's left side) binds. */
export function nodesOfPattern(pattern: Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'AssignmentPattern':
      return nodesOfPattern(pattern.left);
    case 'RestElement':
      return nodesOfPattern(pattern.argument);
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? nodesOfPattern(element) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => nodesOfPattern(property.type === 'RestElement' ? property : property.value));
    case 'TSParameterProperty':
      return nodesOfPattern(pattern.parameter);
    default:
      return [];
  }
}

/** The names a binding pattern (a parameter, a declaration's left side) binds. */
export function bindingNames(pattern: Node, into: Set<string>): void {
  for (const identifier of nodesOfPattern(pattern)) into.add(identifier.name);
}

/** The functions `node` is inside, outermost first. */
export function functionsAround(program: TSESTree.Program, node: Node): TSESTree.FunctionLike[] {
  return ancestorsOf(program, node).filter(isFunction);
}

/** The file's functions by name: declarations, and functions assigned to a `const`/`let`/`var`. */
export function ownFunctions(program: TSESTree.Program): [string, Node][] {
  const functions: [string, Node][] = [];
  walk(program, (node) => {
    if (node.type === 'FunctionDeclaration' && node.id) functions.push([node.id.name, node]);
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier') return;
    if (node.init?.type === 'ArrowFunctionExpression' || node.init?.type === 'FunctionExpression') functions.push([node.id.name, node.init]);
  });
  return functions;
}

/** A function declaration, expression or arrow function: a scope of its own, with parameters. */
export function isFunction(node: Node): node is TSESTree.FunctionLike {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** What a function returns: an arrow's expression body, or what its own `return`s give (not those of the functions inside it). */
export function returnedValues(fn: TSESTree.FunctionLike): Node[] {
  if (!fn.body || fn.body.type !== 'BlockStatement') return fn.body ? [fn.body] : [];
  const returned: Node[] = [];
  walk(fn.body, (node, ancestors) => {
    if (node.type === 'ReturnStatement' && node.argument && !ancestors.some(isFunction)) returned.push(node.argument);
  });
  return returned;
}

/** What a call's callee is named: `run` for `run(…)` and for `shell.run(…)`. */
export function calleeName(callee: Node): string | undefined {
  return callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
}

/** The name of a non-computed member, or of a computed one with a literal key. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return stringValue(node.property);
}

export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

export function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  return stringValue(property.key);
}

export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === name,
  );
}

/**
 * Strips what does not change which value an expression denotes: `await`, `x as T`, `x!`, `<T>x`,
 * `x satisfies T`, and the operands before a comma's last (`(0, module_1.fn)(…)`, as tsc and Babel
 * compile a call of an imported function).
 */
export function unwrap(node: Node): Node {
  switch (node.type) {
    case 'AwaitExpression':
      return unwrap(node.argument);
    case 'SequenceExpression':
      return unwrap(node.expressions[node.expressions.length - 1]);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'TSSatisfiesExpression':
      return unwrap(node.expression);
    default:
      return node;
  }
}

/** For `promise.then(fn)` with `fn` as its first argument (`call` being the call around `fn`), the promise, whose value `fn` is given; undefined otherwise. */
export function thenReceiver(call: Node | undefined, fn: Node): Node | undefined {
  return call?.type === 'CallExpression' && call.arguments[0] === fn && call.callee.type === 'MemberExpression' && memberName(call.callee) === 'then' ? call.callee.object : undefined;
}

/** What only tells TypeScript a type and leaves the value as it is: `x as T`, `<T>x`, `x satisfies T`, `x!`. */
export const TYPE_ASSERTIONS: ReadonlySet<string> = new Set(['TSAsExpression', 'TSTypeAssertion', 'TSSatisfiesExpression', 'TSNonNullExpression']);

/** The expression that uses `node`'s value once TypeScript's assertions around it are looked through: `(window as any)` for `window`. */
export function throughTypeAssertions(program: TSESTree.Program, node: Node): Node {
  let outer = node;
  for (let parent = parentOf(program, outer); parent && TYPE_ASSERTIONS.has(parent.type); parent = parentOf(program, outer)) outer = parent;
  return outer;
}

/** The names the global object goes by: `globalThis.fetch(…)`, `window.URL`. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'window', 'self', 'global']);

/** Whether an expression is the global object by one of its names, cast or not: `window`, `(globalThis as any)`, `window!`. */
export function isGlobalObject(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'Identifier' && GLOBAL_OBJECTS.has(inner.name);
}
