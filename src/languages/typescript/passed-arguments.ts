import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { nodesOfType, parentOf, type Node } from './ast';
import { lastProperty, ObjectValues } from './object-values';
import { FileFunctionCalls, proseOf, type Invocation } from './parameter-arguments';
import type { TypeScriptRuleContext } from './rule-context';

/** The file's calls of its own functions, read once per file. */
export function fileFunctionCalls(context: TypeScriptRuleContext): FileFunctionCalls {
  return context.once(readFileFunctionCalls);
}

function readFileFunctionCalls(context: TypeScriptRuleContext): FileFunctionCalls {
  return new FileFunctionCalls(nodesOfType(context.program, 'CallExpression', 'NewExpression'), (node) => parentOf(context.program, node), context.text, () => proseOf(context.program));
}

/**
 * What the file's calls of the function whose parameter `name` is give it: an argument, or a property
 * of one; undefined when `name` is no parameter of a function the file calls.
 */
export function argumentsPassed(context: TypeScriptRuleContext, name: TSESTree.Identifier, only?: Invocation): Node[] | undefined {
  const calls = fileFunctionCalls(context);
  const binding = calls.bindingOf(name);
  if (!binding) return undefined;
  const objects = new ObjectValues(context);
  const propertyValues = (argument: Node, property: string): Node[] =>
    objects.of(argument).flatMap((object) => {
      const value = lastProperty(object, property);
      return value ? [value] : [];
    });
  return calls.argumentValues(binding, propertyValues, only);
}
