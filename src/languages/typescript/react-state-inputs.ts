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
  const state = stateOf(context, name);
  if (!state) return undefined;
  return nodesOfType(context.program, 'JSXAttribute').find(
    (attribute) => INPUT_HANDLER.test(attributeName(attribute)) && attribute.value?.type === 'JSXExpressionContainer' && within(attribute, state.component) && mentions(attribute.value, state.setter),
  );
}

/** An input's change handlers: `onChange`, React Native's `onChangeText`, `onInput`. */
const INPUT_HANDLER = /^on(?:Change(?:Text)?|Input)$/;

const attributeName = (attribute: TSESTree.JSXAttribute): string => (attribute.name.type === 'JSXIdentifier' ? attribute.name.name : '');

/** The setter declared beside `name` by React's `useState`, and the component (function) that declares both, where `name` is read. */
function stateOf(context: TypeScriptRuleContext, name: TSESTree.Identifier): { setter: TSESTree.Identifier; component: Node } | undefined {
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) {
    const [state, setter] = declarator.id.type === 'ArrayPattern' ? declarator.id.elements : [];
    if (state?.type !== 'Identifier' || state.name !== name.name || setter?.type !== 'Identifier') continue;
    if (declarator.init?.type !== 'CallExpression' || !isReactUseState(context, declarator.init.callee)) continue;
    const component = functionsAround(context.program, declarator).at(-1) ?? context.program;
    if (within(name, component)) return { setter, component };
  }
  return undefined;
}

function isReactUseState(context: TypeScriptRuleContext, callee: Node): boolean {
  const imported = context.facts.resolveImport(callee);
  if (imported) return imported.module === 'react' && imported.name === 'useState';
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'useState' && context.facts.resolveImport(callee.object)?.module === 'react';
}

function mentions(node: Node, identifier: TSESTree.Identifier): boolean {
  return nodesOf(node).some((use) => use.type === 'Identifier' && use.name === identifier.name);
}
