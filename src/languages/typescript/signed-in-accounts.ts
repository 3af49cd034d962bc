import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { AccountSource } from '../../engine/rule';
import { memberName, nodesOfType, parentOf, unwrap, walk, type Node } from './ast';
import { resolvedValuesInScope } from './name-bindings';
import { scopeBinding } from './parameter-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { propertyThroughSpreads, staticString } from './static-value';

/**
 * The accounts a sign-in's user name may be, told apart by what the module gives it: a literal is its
 * value (`'svc@contoso.com'` in any quotes), anything else its code (`process.env.ALERTS_USER` and
 * `process.env.BILLING_USER` are two), followed through names and `?:`. A default after `||` or `??`
 * (`process.env.M365_USER || 'svc@contoso.com'`) stands for the same account as what it defaults. One
 * read from a loop's item (`for (const a of accounts) … a.user`, `users[i]`) is an account per pass.
 */
export function accountsOf(context: TypeScriptRuleContext, user: Node | undefined): AccountSource[] | undefined {
  if (!user) return undefined;
  const accounts = new Accounts(context);
  // A spread of arguments: the user name is among them.
  if (user.type === 'SpreadElement') accounts.add(unfinished(user));
  else for (const value of accounts.valuesOf(configured(context, user))) accounts.keep(value);
  return accounts.list();
}

/**
 * The accounts of a request that spreads its credentials in (`{ scopes, ...admin }`): the `key` of each
 * object spread, as `accountsOf` tells it; a spread of something else is told by its code, as any other
 * value (`...config.admin`); one that tells nothing (a parameter, an object without the key) may be another account.
 */
export function accountsOfSpreads(context: TypeScriptRuleContext, spreads: readonly Node[], key: string): AccountSource[] | undefined {
  if (spreads.length === 0) return undefined;
  const accounts = new Accounts(context);
  for (const spread of spreads) {
    const before = accounts.size;
    const values = accounts.valuesOf(spread);
    if (values.length === 0 && accounts.size === before) accounts.add(unfinished(spread));
    // An object whose key the module writes elsewhere (`admin.username = u`): its literal does not tell the account.
    const rewritten = memberWritten(context, unwrap(spread.type === 'SpreadElement' ? spread.argument : spread), key);
    for (const value of values) {
      if (value.type !== 'ObjectExpression') {
        accounts.keep(value);
        continue;
      }
      if (rewritten) {
        accounts.add(unfinished(spread));
        continue;
      }
      // An object without the key (`{ scopes }`) adds no account: another spread or the request gives it.
      const user = propertyThroughSpreads(value, key, context.facts)?.value;
      for (const named of user ? accounts.valuesOf(configured(context, user)) : []) accounts.keep(named);
    }
  }
  return accounts.list();
}

class Accounts {
  private readonly found = new Map<string, AccountSource>();

  constructor(private readonly context: TypeScriptRuleContext) {}

  list(): AccountSource[] {
    return [...this.found.values()];
  }

  get size(): number {
    return this.found.size;
  }

  add(source: AccountSource): void {
    if (!this.found.has(source.key)) this.found.set(source.key, source);
  }

  /** The values `node` may end as; a loop's item met on the way (`for (const { user } of accounts)`, which holds no value the file shows) is kept as an account per pass. */
  valuesOf(node: Node): Node[] {
    const eachPass = (name: TSESTree.Identifier): Node[] => {
      if (isLoopItem(this.context, name)) this.add(perPass(this.context, name));
      return [];
    };
    // `while ((user = queue.shift()))`: a name given another value on each pass, whatever values it is given.
    if (node.type === 'Identifier' && changesEachPass(this.context, node)) return eachPass(node);
    return resolvedValuesInScope(this.context, node, { passedArguments: eachPass }).flatMap((value) => this.memberOfObject(value) ?? [value]);
  }

  /** `admin.username` where `admin` is an object the module writes: the values it gives that member, as a spread of `admin` gives them. */
  private memberOfObject(value: Node): Node[] | undefined {
    if (value.type !== 'MemberExpression' || value.computed || value.property.type !== 'Identifier') return undefined;
    if (memberWritten(this.context, value.object, value.property.name)) return undefined;
    const objects = resolvedValuesInScope(this.context, value.object);
    const members = objects.map((object) => (object.type === 'ObjectExpression' ? propertyThroughSpreads(object, value.property.name, this.context.facts)?.value : undefined));
    return members.length > 0 && members.every((member) => member !== undefined) ? members.map((member) => configured(this.context, member!)) : undefined;
  }

  /** A value the user name may be: a literal by its value, a loop's item per pass, anything else by its code. */
  keep(value: Node): void {
    const literal = staticString(value, this.context.facts);
    if (literal === '' || (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null)) return;
    if (literal === undefined && loopItemRead(this.context, value)) return this.add(perPass(this.context, value));
    const key = literal !== undefined ? `'${literal.toLowerCase()}'` : this.context.text.slice(value.range[0], value.range[1]).replace(/\s+/g, '');
    this.add({ key, offset: value.range[0] });
  }
}

/**
 * Whether the module writes `name.key` (`admin.username = u`, `Object.assign(admin, …)`) of the same
 * `name`: the object's literal then does not tell what it holds.
 */
function memberWritten(context: TypeScriptRuleContext, object: Node, key: string): boolean {
  if (object.type !== 'Identifier') return false;
  const written = context.once(writtenMembers);
  const binding = bindingKey(context, object);
  return written.has(`${binding}.${key}`) || written.has(`${binding}.*`);
}

function writtenMembers(context: TypeScriptRuleContext): Set<string> {
  const written = new Set<string>();
  for (const assignment of nodesOfType(context.program, 'AssignmentExpression')) {
    const target = assignment.left;
    const name = target.type === 'MemberExpression' ? memberName(target) : undefined;
    if (target.type === 'MemberExpression' && target.object.type === 'Identifier' && name) written.add(`${bindingKey(context, target.object)}.${name}`);
  }
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    const [target] = call.arguments;
    const assigns = call.callee.type === 'MemberExpression' && call.callee.object.type === 'Identifier' && call.callee.object.name === 'Object' && memberName(call.callee) === 'assign';
    if (assigns && target?.type === 'Identifier') written.add(`${bindingKey(context, target)}.*`);
  }
  return written;
}

/** A name's binding as a key: where the scope that declares it starts (a global's: none), and the name. */
function bindingKey(context: TypeScriptRuleContext, name: TSESTree.Identifier, scope = bindingOf(context, name)): string {
  return `${scope?.range[0] ?? 'global'}:${name.name}`;
}

function perPass(context: TypeScriptRuleContext, value: Node): AccountSource {
  return { key: `each ${context.text.slice(value.range[0], value.range[1]).replace(/\s+/g, '')}`, offset: value.range[0], perPass: true };
}

function unfinished(node: Node): AccountSource {
  return { key: `unfinished at ${node.range[0]}`, offset: node.range[0], unfinished: true };
}

/** Whether a value reads a loop's item: `a.user` in `for (const a of accounts)`, `users[i]` in `for (let i = 0; …; i++)`. */
function loopItemRead(context: TypeScriptRuleContext, value: Node): boolean {
  let reads = false;
  walk(value, (node, ancestors) => {
    if (!reads && node.type === 'Identifier' && isRead(node, ancestors.at(-1)) && isLoopItem(context, node)) reads = true;
  });
  return reads;
}

/** Not a member's or a property's name (`user` of `a.user`, of `{ user: … }`). */
function isRead(name: TSESTree.Identifier, parent: Node | undefined): boolean {
  if (parent?.type === 'MemberExpression') return parent.computed || parent.object === name;
  if (parent?.type === 'Property') return parent.value === name || parent.computed;
  return true;
}

/**
 * A name bound anew on each pass of a loop: one `changesEachPass`, or a `const`/`let` of the loop's
 * body (`const { user } = cfg`, `const t = tenants[name]`, `const creds = JSON.parse(readFileSync(file))`).
 */
function isLoopItem(context: TypeScriptRuleContext, name: TSESTree.Identifier): boolean {
  const scope = bindingOf(context, name);
  return changesEachPass(context, name, scope) || (scope?.type === 'BlockStatement' && insideLoop(context, scope, true));
}

/**
 * A name a loop gives another value on each pass, whatever values it is given: the item of `for…of` or
 * `for…in`, one changed inside a loop (a counter that `for (…; …; i++)` steps, `i++` in a `while` body,
 * `while ((user = queue.shift()))`).
 */
function changesEachPass(context: TypeScriptRuleContext, name: TSESTree.Identifier, scope = bindingOf(context, name)): boolean {
  if (scope?.type === 'ForOfStatement' || scope?.type === 'ForInStatement') return true;
  return context.once(namesChangedInLoops).has(bindingKey(context, name, scope));
}

function bindingOf(context: TypeScriptRuleContext, name: TSESTree.Identifier): Node | undefined {
  return scopeBinding(name, name.name, (node) => parentOf(context.program, node));
}

/** The names (as `bindingKey`s) the module changes inside a loop (an update, or an assignment in the loop's test or body), read once. */
function namesChangedInLoops(context: TypeScriptRuleContext): Set<string> {
  const changed = new Set<string>();
  for (const change of nodesOfType(context.program, 'UpdateExpression', 'AssignmentExpression')) {
    const target = change.type === 'UpdateExpression' ? change.argument : change.left;
    if (target.type === 'Identifier' && insideLoop(context, change, false)) changed.add(bindingKey(context, target));
  }
  return changed;
}

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** Whether a node runs on each pass of a loop around it (`ownFunction`: of its own function only, not of one that defines its function). */
function insideLoop(context: TypeScriptRuleContext, node: Node, ownFunction: boolean): boolean {
  for (let current = parentOf(context.program, node); current; current = parentOf(context.program, current)) {
    if (LOOPS.has(current.type)) return true;
    if (ownFunction && isFunctionLike(current)) return false;
  }
  return false;
}

function isFunctionLike(node: Node): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/**
 * What a value defaults: `process.env.M365_USER` of `process.env.M365_USER || 'svc@contoso.com'` (also
 * `??`, through `!`, and through a name the module gives that one value: `const user = … || '…'`).
 */
function configured(context: TypeScriptRuleContext, node: Node, depth = 0): Node {
  let value = unwrap(node);
  while (value.type === 'LogicalExpression' && (value.operator === '||' || value.operator === '??')) value = unwrap(value.left);
  // A name a loop gives another value on each pass stands for itself: its one assignment is not its one value.
  const assigned = value.type === 'Identifier' && depth < MAX_DEPTH && !changesEachPass(context, value) ? context.facts.valuesOf(value) : [];
  return assigned.length === 1 && assigned[0] !== value ? configured(context, assigned[0], depth + 1) : value;
}

const MAX_DEPTH = 4;
