import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, propertyKeyName, TYPE_ASSERTIONS, type Node } from './ast';
import { scopeBinding } from './parameter-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { isExported, usesByName } from './string-uses';

/** What a rewrite of an object literal may leave to the other code that takes the same object. */
export interface OwnUses {
  /** A call the rewrite is written for (a client made from the object). */
  site(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean;
  /** A key of the object the rewrite keeps as it is: another read of it is left right. */
  keeps(key: string): boolean;
}

/**
 * Where else the code takes an object literal, once the file has made it: following the object
 * literals and variables that hold it (`const mailbox = { user, pass }`, `{ host, auth: mailbox }`,
 * `{ ...settings }`) to each call given one of them other than `own` sites, and to anything the file
 * does not follow (an export, an assignment, a read of a key the rewrite changes). A call is given as
 * itself; anything else as the expression that takes the object there.
 */
export function otherTakers(context: TypeScriptRuleContext, object: TSESTree.ObjectExpression, own: OwnUses): Node[] {
  return takersFrom(context, object, [], { own, seen: new Set() });
}

interface Walk {
  own: OwnUses;
  seen: Set<Node>;
}

/** `path`: the keys leading from `start` down to the object. */
function takersFrom(context: TypeScriptRuleContext, start: Node, path: readonly string[], walk: Walk): Node[] {
  let node = start;
  for (;;) {
    if (walk.seen.has(node)) return [];
    walk.seen.add(node);
    const parent = parentOf(context.program, node);
    if (!parent) return [node];
    const holder = parent.type === 'Property' || parent.type === 'SpreadElement' ? parentOf(context.program, parent) : undefined;
    if (TYPE_ASSERTIONS.has(parent.type)) {
      node = parent;
    } else if (holder?.type === 'ObjectExpression' && (parent.type === 'SpreadElement' || (parent as TSESTree.Property).value === node)) {
      // A spread copies the keys where they are; a property puts the object one key down.
      if (parent.type === 'Property') path = [propertyKeyName(parent) ?? '', ...path];
      node = holder;
    } else if (parent.type === 'CallExpression' || parent.type === 'NewExpression') {
      return parent.arguments.includes(node as TSESTree.CallExpressionArgument) && walk.own.site(parent) ? [] : [parent];
    } else if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
      return isExported(context.program, parent) ? [parent.id] : variableTakers(context, parent.id, path, walk);
    } else if (parent.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === node && parent.left.type === 'Identifier') {
      return variableTakers(context, parent.left, path, walk);
    } else {
      return [node];
    }
  }
}

/** The takers of what a variable holds, through each use of the same variable. */
function variableTakers(context: TypeScriptRuleContext, variable: TSESTree.Identifier, path: readonly string[], walk: Walk): Node[] {
  const parent = (node: Node): Node | undefined => parentOf(context.program, node);
  const scope = scopeBinding(variable, variable.name, parent);
  const uses = (usesByName(context.program).get(variable.name) ?? []).filter((use) => use !== variable && scopeBinding(use, variable.name, parent) === scope);
  return uses.flatMap((use) => takersOfUse(context, use, path, walk));
}

function takersOfUse(context: TypeScriptRuleContext, use: TSESTree.Identifier, path: readonly string[], walk: Walk): Node[] {
  const parent = parentOf(context.program, use);
  if (!parent || isNoRead(parent, use)) return [];
  if (parent.type !== 'MemberExpression' || parent.object !== use) return takersFrom(context, use, path, walk);
  const key = parent.computed ? undefined : memberName(parent);
  if (key !== undefined && key === path[0]) return takersFrom(context, parent, path.slice(1), walk);
  // A holder's other settings (`settings.host`), or a key of the object the rewrite keeps (`mailbox.user`).
  return key !== undefined && (path.length > 0 || walk.own.keeps(key)) ? [] : [parent];
}

/** A name that is no read of the variable: a key, a member's name, a type query, the target of an assignment. */
function isNoRead(parent: Node, use: TSESTree.Identifier): boolean {
  if (parent.type === 'Property') return parent.key === use && parent.value !== use;
  if (parent.type === 'MemberExpression') return parent.property === use && !parent.computed;
  if (parent.type === 'AssignmentExpression') return parent.left === use;
  return parent.type === 'TSTypeQuery';
}
