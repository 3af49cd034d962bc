import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { functionsAround, nodesOf, nodesOfType, type Node } from './ast';
import { within } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * Where a React component's user types the value a state variable holds: `name` is declared by
 * `const [password, setPassword] = useState('')` (React's), and a JSX element is given the setter
 * (`<TextInput onChangeText={setPassword} />`, `onChange={(e) => setPassword(e.target.value)}`):
 * that attribute. Undefined otherwise.
 */
export function inputFeedingState(context: TypeScriptRuleContext, name: TSESTree.Identifier): Node | undefined {
  const setter = stateSetterOf(context, name);
  if (!setter) return undefined;
  return nodesOfType(context.program, 'JSXAttribute').find((attribute) => attribute.value?.type === 'JSXExpressionContainer' && mentions(attribute.value, setter));
}

/** The setter declared beside `name` by React's `useState`, in a declaration `name` is read within. */
function stateSetterOf(context: TypeScriptRuleContext, name: TSESTree.Identifier): TSESTree.Identifier | undefined {
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) {
    const [state, setter] = declarator.id.type === 'ArrayPattern' ? declarator.id.elements : [];
    if (state?.type !== 'Identifier' || state.name !== name.name || setter?.type !== 'Identifier') continue;
    if (declarator.init?.type === 'CallExpression' && isReactUseState(context, declarator.init.callee) && readsWithin(context, name, declarator)) return setter;
  }
  return undefined;
}

function isReactUseState(context: TypeScriptRuleContext, callee: Node): boolean {
  const imported = context.facts.resolveImport(callee);
  if (imported) return imported.module === 'react' && imported.name === 'useState';
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'useState' && context.facts.resolveImport(callee.object)?.module === 'react';
}

/** Whether `name` is read inside the function (or module) that declares the state. */
function readsWithin(context: TypeScriptRuleContext, name: Node, declarator: Node): boolean {
  return within(name, functionsAround(context.program, declarator).at(-1) ?? context.program);
}

function mentions(node: Node, identifier: TSESTree.Identifier): boolean {
  return nodesOf(node).some((use) => use.type === 'Identifier' && use.name === identifier.name);
}
