import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingNames, isFunction, nodesOfPattern, nodesOfType, nodesOfTypeWhere, parentOf, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';
import { requiredModule } from './statement-facts';

// What reads each declaration of a module, for the removal of those a fix leaves unread (dead-after-fix.ts).

/**
 * A declaration a fix may take out (see dead-after-fix.ts): a variable whose value is made without
 * running anything but a constructor (`madeWithoutRunning`), an import (`import x = require(…)` too),
 * a name destructured from a package's `require`, or a class's private field (field-reads.ts); not
 * exported, not ambient, not a `using`.
 */
export interface Unit {
  /** What goes: a declarator, an import specifier or import, a name destructured from a `require`, a field. */
  node: Node;
  statement: TSESTree.ImportDeclaration | TSESTree.VariableDeclaration | TSESTree.TSImportEqualsDeclaration | TSESTree.PropertyDefinition;
  /** The names it binds, all of which must be unread. */
  names: (TSESTree.Identifier | TSESTree.PrivateIdentifier)[];
  /** A field's: its class, and its assignments in the constructor, which go with it. */
  field?: { body: TSESTree.ClassBody; writes: TSESTree.ExpressionStatement[] };
}

/** A name bound by something no fix takes out: a parameter, a function, an exported or impure declaration. */
export const OTHER = 'other';
export type Binding = Unit | typeof OTHER | undefined;

/** The units whose names are read inside the ranges. */
export function unitsReadIn(context: TypeScriptRuleContext, ranges: readonly (readonly [number, number])[]): Unit[] {
  const found = new Set<Unit>();
  const references = context.once(referenceList);
  for (const [start, end] of ranges) {
    for (let i = firstAtOrAfter(references, start); i < references.length && references[i].range[0] < end; i++) {
      const binding = references[i].range[1] <= end ? bindingOf(context, references[i]) : undefined;
      if (binding && binding !== OTHER) found.add(binding);
    }
  }
  return [...found];
}

/** The index of the first of the nodes (in document order) that starts at or after `offset`. */
export function firstAtOrAfter(nodes: readonly Node[], offset: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].range[0] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The module's reads of names, in document order: identifiers (types too: a type's use is a use) and JSX tags. */
function referenceList(context: TypeScriptRuleContext): readonly Node[] {
  // Per statement: a statement the incremental parser reuses keeps its list (an edit's analysis had filtered the whole module's names).
  return nodesOfTypeWhere(context.program, 'references', (node) => isReference(context.program, node), 'Identifier', 'JSXIdentifier');
}

function referencesByName(context: TypeScriptRuleContext): Map<string, Node[]> {
  const byName = new Map<string, Node[]>();
  for (const node of context.once(referenceList)) {
    const name = (node as TSESTree.Identifier | TSESTree.JSXIdentifier).name;
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(node);
  }
  return byName;
}

export function referencesNamed(context: TypeScriptRuleContext, name: string): readonly Node[] {
  return context.once(referencesByName).get(name) ?? [];
}

/** Whether an identifier reads a name, rather than binding one or naming a property. Unsure: it reads. */
function isReference(program: TSESTree.Program, node: Node): boolean {
  if (node.type === 'JSXIdentifier') return true;
  const parent = parentOf(program, node);
  if (!parent) return true;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node;
    case 'Property':
      // A shorthand property's key and value are two nodes over the same name: the value is the read.
      if (parent.value === node) return !boundByDeclaration(program, node);
      return parent.key !== node || parent.computed;
    case 'MemberExpression':
      return parent.object === node || parent.computed;
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'AccessorProperty':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
    case 'TSAbstractMethodDefinition':
    case 'TSAbstractPropertyDefinition':
      return parent.key !== node || parent.computed;
    case 'TSQualifiedName':
      return parent.left === node;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'CatchClause':
      return false;
    case 'RestElement':
    case 'ArrayPattern':
      return !boundByDeclaration(program, node);
    case 'AssignmentPattern':
      return parent.right === node || !boundByDeclaration(program, node);
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'TSDeclareFunction':
    case 'TSEmptyBodyFunctionExpression':
      return parent.id !== node && !parent.params.includes(node as TSESTree.Parameter);
    case 'ClassDeclaration':
    case 'ClassExpression':
    case 'TSImportEqualsDeclaration':
      return parent.id !== node;
    default:
      return true;
  }
}

/**
 * Whether a name in a pattern is bound there (`const { a } = …`, a parameter's `{ a }`), not written
 * (`({ a } = …)`, which a removal of `a`'s declaration would leave writing no variable). Outside a pattern: false.
 */
function boundByDeclaration(program: TSESTree.Program, node: Node): boolean {
  let inner = node;
  for (let outer = parentOf(program, inner); outer; inner = outer, outer = parentOf(program, outer)) {
    const inPattern =
      outer.type === 'ObjectPattern' ||
      outer.type === 'ArrayPattern' ||
      outer.type === 'RestElement' ||
      (outer.type === 'AssignmentPattern' && outer.left === inner) ||
      (outer.type === 'Property' && outer.value === inner && parentOf(program, outer)?.type === 'ObjectPattern');
    if (inPattern) continue;
    if (outer.type === 'VariableDeclarator') return outer.id === inner;
    if (isFunction(outer)) return outer.params.includes(inner as TSESTree.Parameter);
    if (outer.type === 'CatchClause') return outer.param === inner;
    return false;
  }
  return false;
}

/** What `bindingOf` and `declarationsOf` found in one version of the module (a reused statement's node may bind otherwise in the next). */
function newCaches(): { bindings: Map<Node, Binding>; blocks: Map<Node, Map<string, Binding>> } {
  return { bindings: new Map(), blocks: new Map() };
}

/**
 * What a read name refers to: the nearest block, function or clause around it that binds the name. A
 * `var` of a nested block is not seen from outside it: the read is then taken for the outer name's,
 * which only keeps that one.
 */
export function bindingOf(context: TypeScriptRuleContext, reference: Node): Binding {
  const { bindings } = context.once(newCaches);
  if (bindings.has(reference)) return bindings.get(reference);
  const name = (reference as TSESTree.Identifier).name;
  let found: Binding;
  for (let child = reference, scope = parentOf(context.program, reference); scope && !found; child = scope, scope = parentOf(context.program, scope)) {
    found = boundBy(context, scope, child, name);
  }
  bindings.set(reference, found);
  return found;
}

function boundBy(context: TypeScriptRuleContext, scope: Node, child: Node, name: string): Binding {
  const binds = (pattern: Node | null | undefined): boolean => !!pattern && patternBinds(pattern, name);
  if (isFunction(scope)) {
    if (scope.params.some(binds) || (scope.type === 'FunctionExpression' && scope.id?.name === name)) return OTHER;
    return undefined;
  }
  switch (scope.type) {
    case 'CatchClause':
      return binds(scope.param) ? OTHER : undefined;
    case 'ForStatement':
      return scope.init?.type === 'VariableDeclaration' && scope.init.declarations.some((d) => binds(d.id)) ? OTHER : undefined;
    case 'ForInStatement':
    case 'ForOfStatement':
      return scope.left.type === 'VariableDeclaration' && scope.left.declarations.some((d) => binds(d.id)) ? OTHER : undefined;
    case 'ClassExpression':
      return scope.id?.name === name ? OTHER : undefined;
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'TSModuleBlock':
      return declarationsOf(context, scope, scope.body).get(name);
    case 'SwitchStatement':
      return child === scope.discriminant ? undefined : declarationsOf(context, scope, scope.cases.flatMap((c) => c.consequent)).get(name);
    default:
      return undefined;
  }
}

function patternBinds(pattern: Node, name: string): boolean {
  const names = new Set<string>();
  bindingNames(pattern, names);
  return names.has(name);
}

/** The names a block's own statements bind, each with the unit a fix may take out, or OTHER. */
function declarationsOf(context: TypeScriptRuleContext, block: Node, statements: readonly Node[]): Map<string, Binding> {
  const declarationsByBlock = context.once(newCaches).blocks;
  let declared = declarationsByBlock.get(block);
  if (declared) return declared;
  declared = new Map();
  // Top-level names of a script are globals other scripts may read.
  const local = block.type !== 'Program' || isModule(context);
  const add = (name: string, binding: Binding): void => {
    declared!.set(name, declared!.has(name) ? OTHER : binding);
  };
  for (const statement of statements) {
    for (const [name, binding] of bindingsOf(context, statement)) add(name, local ? binding : OTHER);
  }
  declarationsByBlock.set(block, declared);
  return declared;
}

function bindingsOf(context: TypeScriptRuleContext, statement: Node): [string, Binding][] {
  const others = (pattern: Node): [string, Binding][] => {
    const names = new Set<string>();
    bindingNames(pattern, names);
    return [...names].map((name) => [name, OTHER]);
  };
  switch (statement.type) {
    case 'ImportDeclaration':
      return statement.specifiers.map((specifier) => [specifier.local.name, { node: specifier, statement, names: [specifier.local] }]);
    case 'VariableDeclaration':
      return statement.declarations.flatMap((declarator) => declaratorBindings(statement, declarator) ?? others(declarator.id));
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      return statement.declaration ? bindingsOf(context, statement.declaration).map(([name]) => [name, OTHER]) : [];
    case 'TSImportEqualsDeclaration':
      // `import x = require(…)`, which TypeScript leaves out of the output once nothing reads `x`; not `import x = N.M`.
      return [[statement.id.name, statement.moduleReference.type === 'TSExternalModuleReference' ? { node: statement, statement, names: [statement.id] } : OTHER]];
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'TSDeclareFunction':
    case 'TSEnumDeclaration':
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
      return statement.id ? [[statement.id.name, OTHER]] : [];
    case 'TSModuleDeclaration':
      return statement.id.type === 'Identifier' ? [[statement.id.name, OTHER]] : [];
    default:
      return [];
  }
}

/**
 * The units of a declarator a fix may take out: the whole declarator where its value runs nothing but
 * constructors (all its names unread), or each name destructured from a package's `require`. Undefined
 * for one that stays (a `using`, an ambient one, a value from a call).
 */
function declaratorBindings(statement: TSESTree.VariableDeclaration, declarator: TSESTree.VariableDeclarator): [string, Binding][] | undefined {
  if (statement.declare || !['const', 'let', 'var'].includes(statement.kind)) return undefined;
  const init = declarator.init;
  if (declarator.id.type === 'ObjectPattern' && init && packageRequire(init)) {
    const properties = declarator.id.properties;
    if (!properties.every((p) => p.type === 'Property' && p.value.type === 'Identifier')) return undefined;
    return properties.map((property) => {
      const local = (property as TSESTree.Property).value as TSESTree.Identifier;
      return [local.name, { node: property, statement, names: [local] }];
    });
  }
  if (init && !madeWithoutRunning(init)) return undefined;
  if (declarator.id.type !== 'Identifier' && !patternMadeWithoutRunning(declarator.id)) return undefined;
  const names = new Set<string>();
  bindingNames(declarator.id, names);
  const identifiers = nodesOfPattern(declarator.id);
  const unit: Unit = { node: declarator, statement, names: identifiers };
  return names.size === identifiers.length ? [...names].map((name) => [name, unit]) : undefined;
}

function patternMadeWithoutRunning(pattern: Node): boolean {
  switch (pattern.type) {
    case 'Identifier':
      return true;
    case 'AssignmentPattern':
      return madeWithoutRunning(pattern.right) && patternMadeWithoutRunning(pattern.left);
    case 'RestElement':
      return patternMadeWithoutRunning(pattern.argument);
    case 'ArrayPattern':
      return pattern.elements.every((element) => !element || patternMadeWithoutRunning(element));
    case 'ObjectPattern':
      return pattern.properties.every((p) => (p.type === 'RestElement' ? patternMadeWithoutRunning(p) : !p.computed && patternMadeWithoutRunning(p.value)));
    default:
      return false;
  }
}

/** `require("pkg")` of a package (not a file of the project's own, which may do something as it loads). */
export function packageRequire(node: Node): boolean {
  const module = requiredModule(node);
  return node.type === 'CallExpression' && !!module && !/^[./]/.test(module);
}

/**
 * A value made without calling anything but a constructor or a package's `require`: literals, names,
 * member reads (`process.env.X`, `config.auth`), object and array literals of such, functions, `new X(…)`.
 */
export function madeWithoutRunning(node: Node): boolean {
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
    case 'ThisExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(madeWithoutRunning);
    case 'ObjectExpression':
      return node.properties.every((p) => (p.type === 'SpreadElement' ? madeWithoutRunning(p.argument) : (!p.computed || madeWithoutRunning(p.key)) && madeWithoutRunning(p.value)));
    case 'ArrayExpression':
      return node.elements.every((element) => !element || madeWithoutRunning(element.type === 'SpreadElement' ? element.argument : element));
    case 'MemberExpression':
      return madeWithoutRunning(node.object) && (!node.computed || madeWithoutRunning(node.property));
    case 'NewExpression':
      return (node.callee.type === 'Identifier' || node.callee.type === 'MemberExpression') && madeWithoutRunning(node.callee) && node.arguments.every((a) => madeWithoutRunning(a.type === 'SpreadElement' ? a.argument : a));
    case 'CallExpression':
      return packageRequire(node);
    case 'ConditionalExpression':
      return [node.test, node.consequent, node.alternate].every(madeWithoutRunning);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return madeWithoutRunning(node.left) && madeWithoutRunning(node.right);
    case 'UnaryExpression':
      return node.operator !== 'delete' && madeWithoutRunning(node.argument);
    case 'ChainExpression':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
      return madeWithoutRunning(node.expression);
    default:
      return false;
  }
}

/** Whether the file is a module, whose top-level names are its own: it imports, exports or requires. */
function isModule(context: TypeScriptRuleContext): boolean {
  return context.once(readIsModule);
}

function readIsModule(context: TypeScriptRuleContext): boolean {
  if (/\.[cm][jt]s$/i.test(context.path) || context.facts.modules.size > 0) return true;
  const moduleStatements = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration', 'TSExportAssignment'];
  return context.program.body.some((statement) => moduleStatements.includes(statement.type)) || /\b(?:module\.)?exports\b/.test(context.text);
}

/** Code that reads names the tree does not show: `eval`, `with`. */
export function analysable(context: TypeScriptRuleContext): boolean {
  return context.once(readAnalysable);
}

function readAnalysable(context: TypeScriptRuleContext): boolean {
  if (nodesOfType(context.program, 'WithStatement').length > 0) return false;
  return !nodesOfType(context.program, 'CallExpression').some((call) => call.callee.type === 'Identifier' && call.callee.name === 'eval');
}

/** An import, or a declaration of what a package's `require` gives. */
export function importLike(statement: Unit['statement']): boolean {
  if (statement.type === 'PropertyDefinition') return false;
  return statement.type !== 'VariableDeclaration' || statement.declarations.some((d) => !!d.init && packageRequire(d.init));
}
