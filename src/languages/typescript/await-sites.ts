import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, nodesOfType, parentOf, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * Whether a fix may write `await` at a node: in an async function's body, or at the top level of a
 * module that may await there. Class fields and static blocks are functions of their own.
 */
export function awaitAllowedAt(context: TypeScriptRuleContext, node: Node): boolean {
  const scope = awaitScopeOf(context.program, node);
  return scope ? scope.async : context.once(awaitsAtTopLevel);
}

/**
 * Whether the module may await at its top level: an ES module by its extension (.mjs, .mts), or one that
 * already does. `import` statements do not tell: TypeScript compiles them to CommonJS unless told
 * otherwise (tsconfig's module, package.json's "type"), and there top-level await is an error (TS1378).
 */
function awaitsAtTopLevel(context: TypeScriptRuleContext): boolean {
  if (/\.m[jt]s$/i.test(context.path)) return true;
  return nodesOfType(context.program, 'AwaitExpression', 'ForOfStatement').some(
    (node) => (node.type === 'AwaitExpression' || node.await) && !awaitScopeOf(context.program, node),
  );
}

/**
 * The function, class field or static block whose code a node is, and whether it may await; undefined
 * at the module's top level. A function's parameters may not await, even an async function's.
 */
function awaitScopeOf(program: TSESTree.Program, node: Node): { scope: Node; async: boolean } | undefined {
  for (let child = node, current = parentOf(program, node); current; child = current, current = parentOf(program, current)) {
    if (isFunction(current)) return { scope: current, async: current.async && child === current.body };
    if (current.type === 'PropertyDefinition' || current.type === 'StaticBlock') return { scope: current, async: false };
  }
  return undefined;
}
