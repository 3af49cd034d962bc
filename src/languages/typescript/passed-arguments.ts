import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, nodesOfType, parentOf, unwrap, type Node } from './ast';
import { lastProperty, ObjectValues } from './object-values';
import { groupBy } from './lists-by-key';
import { FileFunctionCalls, functionNameOf, proseOf, type Invocation, type ParameterBinding } from './parameter-arguments';
import type { TypeScriptRuleContext } from './rule-context';

/** The file's calls of its own functions, read once per file. */
export function fileFunctionCalls(context: TypeScriptRuleContext): FileFunctionCalls {
  return context.once(readFileFunctionCalls);
}

function readFileFunctionCalls(context: TypeScriptRuleContext): FileFunctionCalls {
  return new FileFunctionCalls(nodesOfType(context.program, 'CallExpression', 'NewExpression'), (node) => parentOf(context.program, node), context.text, () => proseOf(context.program));
}

/** The file's own functions that a call runs: those of the callee's name whose calls, as the file's calls are read, include it. */
export function calledFunctions(context: TypeScriptRuleContext, call: TSESTree.CallExpression): TSESTree.FunctionLike[] {
  const name = calleeName(unwrap(call.callee));
  const calls = fileFunctionCalls(context);
  return name ? (context.once(ownFunctionsByName).get(name) ?? []).filter((fn) => calls.callsOf(fn).includes(call)) : [];
}

/** The file's functions by the name they are called by, in document order. */
function ownFunctionsByName(context: TypeScriptRuleContext): Map<string, TSESTree.FunctionLike[]> {
  const functions = nodesOfType(context.program, 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression');
  return groupBy(functions, (fn) => calledNameOf(fn, parentOf(context.program, fn)));
}

/**
 * `function post() {}`, `const post = () => …`, and a class's method or a function in a class field
 * (`post = () => …`, called `this.post()`): the name it is called by. Not a getter's or setter's:
 * `this.x()` calls what the getter returns.
 */
function calledNameOf(fn: Node, parent: Node | undefined): string | undefined {
  if (parent?.type !== 'MethodDefinition' && parent?.type !== 'PropertyDefinition') return functionNameOf(fn, parent);
  const called = parent.type === 'PropertyDefinition' || parent.kind === 'method';
  return called && !parent.computed && parent.key.type === 'Identifier' ? parent.key.name : undefined;
}

/**
 * The binding of `name`, a parameter of a function that only the file's own calls run: code elsewhere
 * may call an exported function, or one whose name the file hands on, with anything.
 */
export function ownCallsParameter(context: TypeScriptRuleContext, name: TSESTree.Identifier): ParameterBinding | undefined {
  const calls = fileFunctionCalls(context);
  const binding = calls.bindingOf(name);
  return binding && !calls.mayBeCalledElsewhere(binding.fn) ? binding : undefined;
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
