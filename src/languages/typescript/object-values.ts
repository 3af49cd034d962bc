import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, parentOf, propertyKeyName, unwrap, type Node } from './ast';
import { groupBy } from './lists-by-key';
import { valuesInScope } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';
import { objectLiteral, possibleValues } from './static-value';

export interface UserCredentials {
  password: Node;
  /** Every key the credentials object has, spread-in objects' included, with its value. */
  keys: Map<string, Node>;
}

/**
 * The credentials an argument holds when one of the objects it may be (a variable's values, each side
 * of `?:` and `||`, a config object's member, `Object.assign` sources, spread objects) has both a
 * username and a password.
 */
export function userCredentials(context: TypeScriptRuleContext, argument: Node): UserCredentials | undefined {
  const objects = new ObjectValues(context);
  for (const candidate of objects.of(argument)) {
    const keys = new Map<string, Node>();
    objects.collectKeys(candidate, keys, new Set());
    const password = keys.get('password');
    if (password && keys.has('username')) return { password, keys };
  }
  return undefined;
}

/**
 * The object literal an expression holds (directly or through variables), as seen where it is read: a
 * function's own `const mailbox = { … }`, not the module's `mailbox` it shadows (see `valuesInScope`);
 * nothing for a parameter. A member (`this.auth`, `config.auth`) is read as the module's facts hold it.
 */
export function objectLiteralInScope(context: TypeScriptRuleContext, node: Node, depth = 0): TSESTree.ObjectExpression | undefined {
  const value = unwrap(node);
  if (value.type === 'ObjectExpression') return value;
  if (value.type !== 'Identifier') return objectLiteral(value, context.facts);
  if (depth >= MAX_ALIASES) return undefined;
  for (const held of valuesInScope(context, value)) {
    const object = held === value ? undefined : objectLiteralInScope(context, held, depth + 1);
    if (object) return object;
  }
  return undefined;
}

/** How many names one object literal may be followed through (`const a = b`, `const b = { … }`). */
const MAX_ALIASES = 8;

/** How many expressions one question about an argument may look at: self-spreading objects multiply. */
const MAX_VISITS = 256;

/**
 * The object literals (and `Object.assign` calls) an expression may hold, as far as the file shows,
 * and whether it may hold something else too (a call's result, a parsed file): then a property read
 * from it is not known. Each expression is resolved once per question.
 */
export class ObjectValues {
  private readonly resolved = new Map<Node, Node[]>();
  private readonly partial = new Set<Node>();
  private visits = 0;

  constructor(private readonly context: TypeScriptRuleContext) {}

  of(node: Node): Node[] {
    let objects = this.resolved.get(node);
    if (objects) return objects;
    this.resolved.set(node, (objects = []));
    if (node.type === 'SpreadElement' || ++this.visits > MAX_VISITS) {
      this.partial.add(node);
      return objects;
    }
    for (const value of valuesInScope(this.context, node).flatMap(possibleValues)) {
      if (value.type === 'ObjectExpression' || isObjectAssign(value)) objects.push(value);
      else if (value.type === 'MemberExpression') objects.push(...this.through(node, this.memberOf(value), value));
      // A call's result (`require(…)`, `JSON.parse(…)`), a literal, or a name nothing is assigned to.
      else if (value === node || ['Literal', 'CallExpression', 'NewExpression'].includes(value.type)) this.partial.add(node);
      else objects.push(...this.through(node, this.of(value), value));
    }
    return objects;
  }

  /** Whether the expression may hold a value other than the objects `of` gives. */
  mayHoldOther(node: Node): boolean {
    this.of(node);
    return this.partial.has(node);
  }

  /** The property a member reads from the objects its owner holds: undefined where any may hold another value. */
  member(member: TSESTree.MemberExpression): Node[] | undefined {
    const name = memberName(member);
    if (!name || this.mayHoldOther(member.object) || writtenMembers(this.context).has(`${keyText(member.object)}.${name}`)) return undefined;
    const values = this.of(member.object).map((owner) => lastProperty(owner, name));
    return values.every((value): value is Node => value !== undefined) ? values : undefined;
  }

  /**
   * `member`, where its owner is a settings object the file only reads (see `onlyReadsMembers`): the
   * value a fix may take as the one the code runs with.
   */
  settledMember(member: TSESTree.MemberExpression): Node[] | undefined {
    return onlyReadsMembers(this.context, member.object) ? this.member(member) : undefined;
  }

  private through(node: Node, objects: Node[], from: Node): Node[] {
    if (this.partial.has(from)) this.partial.add(node);
    return objects;
  }

  /** `config.credentials` where `config` holds `{ credentials: {…} }`. */
  private memberOf(member: TSESTree.MemberExpression): Node[] {
    const values = this.member(member);
    if (!values) {
      this.partial.add(member);
      return [];
    }
    return values.flatMap((value) => this.through(member, this.of(value), value));
  }

  /** The keys of an object literal or an `Object.assign(…)`, later ones winning, spread objects included. */
  collectKeys(object: Node, keys: Map<string, Node>, seen: Set<Node>): void {
    if (seen.has(object)) return;
    seen.add(object);
    if (isObjectAssign(object)) {
      for (const source of object.arguments) for (const value of this.of(source)) this.collectKeys(value, keys, seen);
      return;
    }
    if (object.type !== 'ObjectExpression') return;
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        for (const value of this.of(property.argument)) this.collectKeys(value, keys, seen);
      } else {
        const key = propertyKeyName(property);
        if (key) keys.set(key, property.value);
      }
    }
  }
}

/** An object literal's property as it ends up: undefined when absent, or when a later spread may replace it. */
export function lastProperty(object: Node, name: string): Node | undefined {
  if (object.type !== 'ObjectExpression') return undefined;
  let value: Node | undefined;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') value = undefined;
    else if (propertyKeyName(property) === name) value = property.value;
  }
  return value;
}

function keyText(node: Node): string | undefined {
  return node.type === 'Identifier' ? node.name : node.type === 'ThisExpression' ? 'this' : undefined;
}

/** `config.site` for every `config.site = …` in the file: a member written after the object was made. */
function writtenMembers(context: TypeScriptRuleContext): Set<string> {
  // `once` remembers by the function: a named one, so the file is read once, not at every call.
  return context.once(readWrittenMembers);
}

function readWrittenMembers(file: TypeScriptRuleContext): Set<string> {
  const written = new Set<string>();
  for (const assignment of nodesOfType(file.program, 'AssignmentExpression')) {
    const target = assignment.left;
    const name = target.type === 'MemberExpression' ? memberName(target) : undefined;
    const owner = target.type === 'MemberExpression' ? keyText(target.object) : undefined;
    if (name && owner) written.add(`${owner}.${name}`);
  }
  return written;
}

/**
 * Whether `owner` names an object literal that every use of the name only reads: `name.member` (no
 * call of it, no write) or a copy `{ ...name }`, besides its declaration. Any other use may change a
 * member after the literal: a write (`name.x = …`, `name[k] = …`), `Object.assign(name, …)`, an alias
 * (`const s = name`), a function given it (`applyOverrides(name)`).
 */
export function onlyReadsMembers(context: TypeScriptRuleContext, owner: Node, readsOnly: (call: Node) => boolean = () => false): boolean {
  if (owner.type !== 'Identifier') return false;
  const values = valuesInScope(context, owner).flatMap(possibleValues);
  if (values.length === 0 || values.some((value) => value.type !== 'ObjectExpression')) return false;
  // `readsOnly`: calls the caller knows read an argument and keep no hold of it (a sign-in it reads the options of).
  return (context.once(otherUses).get(owner.name) ?? []).every((use) => readsOnly(parentOf(context.program, use) ?? use));
}

/** The file's uses of names other than as `onlyReadsMembers` allows, in any scope, by name. */
function otherUses(context: TypeScriptRuleContext): Map<string, Node[]> {
  return groupBy(nodesOfType(context.program, 'Identifier'), (name): string | undefined => {
    const parent = parentOf(context.program, name);
    return !parent || isNameNoUse(name, parent) || isReadUse(context, name, parent) ? undefined : name.name;
  });
}

/** A property's or member's name, or a declaration's: no use of a variable. */
function isNameNoUse(name: Node, parent: Node): boolean {
  if (parent.type === 'VariableDeclarator') return parent.id === name;
  if (parent.type === 'MemberExpression') return parent.property === name && !parent.computed;
  if ('key' in parent && parent.key === name) return !('computed' in parent && parent.computed) && !(parent.type === 'Property' && parent.shorthand);
  return false;
}

function isReadUse(context: TypeScriptRuleContext, name: Node, parent: Node): boolean {
  if (parent.type === 'SpreadElement') return parentOf(context.program, parent)?.type === 'ObjectExpression';
  if (parent.type !== 'MemberExpression' || parent.object !== name || parent.computed) return false;
  const outer = parentOf(context.program, parent);
  if (!outer) return true;
  switch (outer.type) {
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return outer.left !== parent;
    case 'ForInStatement':
    case 'ForOfStatement':
      return outer.left !== parent;
    case 'CallExpression':
      return outer.callee !== parent;
    case 'UnaryExpression':
      return outer.operator !== 'delete';
    case 'UpdateExpression':
    case 'ArrayPattern':
    case 'RestElement':
      return false;
    case 'Property':
      return parentOf(context.program, outer)?.type !== 'ObjectPattern';
    default:
      return true;
  }
}

/** `Object.assign(…)`. */
export function isObjectAssign(node: Node): node is TSESTree.CallExpression {
  return node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier' && node.callee.object.name === 'Object' && memberName(node.callee) === 'assign';
}
