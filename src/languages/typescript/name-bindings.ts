import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingNames, functionsAround, nodesOfType, parameterNamesAround, unwrap, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * What a name read at one place refers to, as far as functions tell: a variable the nearest function
 * binding the name declares with var, let or const (`declared`, with that function); a parameter, or
 * a loop's or a `catch`'s binding around it, which holds what was passed in (`passed-in`); otherwise a
 * name of the module.
 */
export type NameBinding = { kind: 'declared'; fn: TSESTree.FunctionLike } | { kind: 'passed-in' } | { kind: 'module' };

export function bindingOf(context: TypeScriptRuleContext, identifier: TSESTree.Identifier): NameBinding {
  const declaring = declaringFunctions(context).get(identifier.name);
  for (const fn of functionsAround(context.program, identifier).reverse()) {
    if (declaring?.has(fn)) return { kind: 'declared', fn };
    if (fn.params.some((parameter) => bindsName(parameter, identifier.name))) return { kind: 'passed-in' };
  }
  return parameterNamesAround(context.program, identifier).has(identifier.name) ? { kind: 'passed-in' } : { kind: 'module' };
}

/**
 * What the file assigns to an expression, as seen from where it is used. The nearest function around
 * the use that binds the name decides: declared there with var, let or const, only what is assigned
 * inside it counts (not another function's variable of the same name); a parameter holds what was
 * passed in, as does a loop's or a `catch`'s binding. A name of the module takes what any function
 * assigns to it.
 */
export function valuesInScope(context: TypeScriptRuleContext, node: Node): Node[] {
  if (node.type !== 'Identifier') return context.facts.valuesOf(node);
  const binding = bindingOf(context, node);
  if (binding.kind === 'passed-in') return [];
  if (binding.kind === 'module') return context.facts.valuesOf(node);
  const direct = context.facts.assignments.get(node.name) ?? [];
  return direct.filter((value) => binding.fn.range[0] <= value.range[0] && value.range[1] <= binding.fn.range[1]).map(unwrap);
}

function bindsName(parameter: Node, name: string): boolean {
  const names = new Set<string>();
  bindingNames(parameter, names);
  return names.has(name);
}

/** For each name declared inside functions, the functions whose own body declares it. */
function declaringFunctions(context: TypeScriptRuleContext): Map<string, Set<Node>> {
  // `once` remembers by the function: one function for every call, so the file is read once.
  return context.once(readDeclaringFunctions);
}

function readDeclaringFunctions(file: TypeScriptRuleContext): Map<string, Set<Node>> {
  const byName = new Map<string, Set<Node>>();
  for (const declarator of nodesOfType(file.program, 'VariableDeclarator')) {
    if (declarator.id.type !== 'Identifier') continue;
    const fn = functionsAround(file.program, declarator).at(-1);
    if (!fn) continue;
    let functions = byName.get(declarator.id.name);
    if (!functions) byName.set(declarator.id.name, (functions = new Set()));
    functions.add(fn);
  }
  return byName;
}
