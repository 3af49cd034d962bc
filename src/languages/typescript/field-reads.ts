import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { nodesOf, nodesOfTypeWhere, parentOf, unwrap, walk, type Node } from './ast';
import { firstAtOrAfter, madeWithoutRunning, type Unit } from './declaration-reads';
import type { TypeScriptRuleContext } from './rule-context';

// The private fields of a class that a fix may leave unread (`private pca = new PublicClientApplication(cfg)`,
// or `this.pca = …` in the constructor), for their removal with what only fed them (dead-after-fix.ts).

type ThisMember = TSESTree.MemberExpression & { object: TSESTree.ThisExpression; property: TSESTree.Identifier | TSESTree.PrivateIdentifier };

/** The field units whose fields `this.name` reads inside the ranges. */
export function fieldUnitsReadIn(context: TypeScriptRuleContext, ranges: readonly (readonly [number, number])[]): Unit[] {
  const found = new Set<Unit>();
  const members = context.once(thisMembers);
  for (const [start, end] of ranges) {
    for (let i = firstAtOrAfter(members, start); i < members.length && members[i].range[0] < end; i++) {
      const body = members[i].range[1] <= end ? classOfThis(context.program, members[i].object) : undefined;
      const unit = body && fieldUnitsOf(context, body).get(keyOf(members[i].property));
      if (unit) found.add(unit);
    }
  }
  return [...found];
}

function thisMembers(context: TypeScriptRuleContext): readonly ThisMember[] {
  const isThisMember = (node: TSESTree.MemberExpression): boolean => node.object.type === 'ThisExpression' && !node.computed;
  return nodesOfTypeWhere(context.program, 'this members', isThisMember, 'MemberExpression') as readonly ThisMember[];
}

/** `#name` for a JavaScript private field, `name` for any other. */
function keyOf(name: TSESTree.Identifier | TSESTree.PrivateIdentifier): string {
  return name.type === 'PrivateIdentifier' ? `#${name.name}` : name.name;
}

/** The class whose instance `this` is: that of the method, constructor or field initialiser around it, through arrow functions. */
export function classOfThis(program: TSESTree.Program, node: TSESTree.ThisExpression): TSESTree.ClassBody | undefined {
  for (let child: Node = node, parent = parentOf(program, node); parent; child = parent, parent = parentOf(program, parent)) {
    if (parent.type === 'ArrowFunctionExpression') continue;
    if (parent.type === 'PropertyDefinition') return !parent.static && parent.value === child ? classBodyOf(program, parent) : undefined;
    if (parent.type === 'FunctionExpression') {
      const method = parentOf(program, parent);
      return method?.type === 'MethodDefinition' && !method.static && method.value === parent ? classBodyOf(program, method) : undefined;
    }
    if (parent.type === 'FunctionDeclaration' || parent.type === 'StaticBlock' || parent.type === 'ClassBody') return undefined;
  }
  return undefined;
}

function classBodyOf(program: TSESTree.Program, member: Node): TSESTree.ClassBody | undefined {
  const body = parentOf(program, member);
  return body?.type === 'ClassBody' ? body : undefined;
}

/** The class's fields a fix may take out, by `keyOf` their name. */
function fieldUnitsOf(context: TypeScriptRuleContext, body: TSESTree.ClassBody): Map<string, Unit> {
  const byBody = context.once(newFieldUnits);
  let units = byBody.get(body);
  if (!units) byBody.set(body, (units = readFieldUnits(body)));
  return units;
}

function newFieldUnits(): Map<TSESTree.ClassBody, Map<string, Unit>> {
  return new Map();
}

function readFieldUnits(body: TSESTree.ClassBody): Map<string, Unit> {
  const units = new Map<string, Unit>();
  if (readsItselfByName(body)) return units;
  const constructorBody = body.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor')?.value.body;
  for (const member of body.body) {
    if (member.type !== 'PropertyDefinition' || !privateField(member) || (member.value && !madeWithoutRunning(member.value))) continue;
    const key = member.key as TSESTree.Identifier | TSESTree.PrivateIdentifier;
    const writes = (constructorBody?.body ?? []).filter((statement): statement is TSESTree.ExpressionStatement => assignsField(statement, keyOf(key)));
    units.set(keyOf(key), { node: member, statement: member, names: [key], field: { body, writes } });
  }
  return units;
}

/**
 * An instance field only its class may read: `#name`, or TypeScript's `private`. A public or protected
 * field stays, whatever this module does with it: code elsewhere (another module, a subclass) may read it.
 */
function privateField(member: TSESTree.PropertyDefinition): boolean {
  if (member.static || member.computed || member.declare || member.decorators.length > 0) return false;
  return member.key.type === 'PrivateIdentifier' || (member.key.type === 'Identifier' && member.accessibility === 'private');
}

/** A statement `this.name = value;`, whose value is made without running anything but a constructor. */
function assignsField(statement: Node, key: string): boolean {
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return false;
  const { operator, left, right } = statement.expression;
  return operator === '=' && left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && !left.computed && keyOf(left.property as TSESTree.Identifier) === key && madeWithoutRunning(right);
}

/**
 * Whether the class reads its instance's fields without naming them: `this[key]` (`self[key]` after
 * `const self = this`), `{ ...this }`, `for (k in this)`, `Object.keys(this)`, `JSON.stringify(this)`.
 * Any field may then be read.
 */
function readsItselfByName(body: TSESTree.ClassBody): boolean {
  const nodes = nodesOf(body);
  const isThis = (node: Node): boolean => unwrap(node).type === 'ThisExpression';
  const aliases = new Set(nodes.flatMap((node) => (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && isThis(node.init) ? [node.id.name] : [])));
  const isSelf = (node: Node): boolean => isThis(node) || (node.type === 'Identifier' && aliases.has(node.name));
  return nodes.some((node) => {
    if (node.type === 'MemberExpression') return node.computed && isSelf(node.object);
    if (node.type === 'SpreadElement') return isSelf(node.argument);
    if (node.type === 'ForInStatement') return isSelf(node.right);
    if (node.type !== 'CallExpression' || !node.arguments.some(isSelf)) return false;
    const callee = node.callee;
    return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && ['Object', 'JSON', 'Reflect'].includes(callee.object.name);
  });
}

/**
 * Whether nothing the fix leaves reads the field: no member name, property key or string in the class
 * spells it (`other.pca`, `const { pca } = this`, `this["pca"]`), `#pca` for a JavaScript private
 * field, but its declaration, its constructor assignments and what is `gone`.
 */
export function fieldUnread(unit: Unit, gone: readonly (readonly [number, number])[]): boolean {
  const { body, writes } = unit.field!;
  const key = unit.names[0];
  const own = [unit.node.range, ...writes.map((write) => write.range), ...gone];
  let read = false;
  walk(body, (node, ancestors) => {
    if (read || !spells(node, ancestors.at(-1), key)) return;
    read = !own.some(([start, end]) => start <= node.range[0] && node.range[1] <= end);
  });
  return !read;
}

function spells(node: Node, parent: Node | undefined, key: TSESTree.Identifier | TSESTree.PrivateIdentifier): boolean {
  if (key.type === 'PrivateIdentifier') return node.type === 'PrivateIdentifier' && node.name === key.name;
  if (node.type === 'Literal') return node.value === key.name;
  if (node.type !== 'Identifier' || node.name !== key.name) return false;
  return (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent?.type === 'Property' && parent.key === node);
}
