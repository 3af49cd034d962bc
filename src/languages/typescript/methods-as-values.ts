import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberName, nodesOfType, parentOf, propertyKeyName, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';

/** What a bound or copied method is taken through: `.bind(…)`, `.call(…)`, `.apply(…)`. */
const THROUGH = new Set(['bind', 'call', 'apply']);
/** What turns a callback method into one that returns a promise. */
const PROMISIFIERS = new Set(['promisify', 'promisifyAll', 'fromCallback']);

/**
 * Where a method `name` is taken as a value rather than called in place, which a rule reading its calls
 * misses: bound or called through `.bind`/`.call`/`.apply` (`pca.acquireTokenByUsernamePassword.bind(pca)`),
 * handed to `promisify`, held in a variable (`const signIn = ctx.acquireTokenWithUsernamePassword`), or
 * destructured (`const { acquireTokenByUsernamePassword } = app`; not where `destructured` is false: a
 * module's function destructured from `require` is called by its name, which the rule reads). `fromLibrary`
 * tells whether the member's object is the library's (the rules' own provenance test).
 */
export function methodsTakenAsValues(
  context: TypeScriptRuleContext,
  name: string,
  fromLibrary: (member: TSESTree.MemberExpression) => boolean,
  destructured = true,
): Node[] {
  if (!context.text.includes(name)) return [];
  const taken: Node[] = [];
  for (const member of nodesOfType(context.program, 'MemberExpression')) {
    if (member.computed || memberName(member) !== name || !isTaken(context, member) || !fromLibrary(member)) continue;
    taken.push(member);
  }
  for (const pattern of destructured ? nodesOfType(context.program, 'ObjectPattern') : []) {
    const property = pattern.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === name);
    const from = parentOf(context.program, pattern);
    const object = from?.type === 'VariableDeclarator' ? from.init : from?.type === 'AssignmentExpression' ? from.right : undefined;
    if (property && object && fromLibrary({ type: 'MemberExpression', object, property: property.key } as TSESTree.MemberExpression)) taken.push(property);
  }
  return taken;
}

function isTaken(context: TypeScriptRuleContext, member: TSESTree.MemberExpression): boolean {
  const parent = parentOf(context.program, member);
  if (parent?.type === 'MemberExpression' && parent.object === member) return THROUGH.has(memberName(parent) ?? '');
  if (parent?.type === 'CallExpression') return parent.callee !== member && PROMISIFIERS.has(calleeName(parent.callee) ?? '');
  return parent?.type === 'VariableDeclarator' && parent.init === member;
}

/** What a finding of a method taken as a value says after what the method does: why there is no fix. */
export const TAKEN_AS_VALUE_NOTE =
  'It is taken here as a value (bound, promisified, held or destructured) and called elsewhere, where the file does not show its ' +
  'arguments: no fix is offered; replace the sign-in where the value is called.';
