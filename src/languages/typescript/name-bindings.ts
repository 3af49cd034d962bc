import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingNames, byNameOverStatements, functionsAround, isFunction, parameterNamesAround, unwrap, walk, type Node } from './ast';
import { possibleValues, type ValueSource } from './static-value';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * What a name read at one place refers to, as far as functions tell: a variable the nearest function
 * binding the name declares with var, let or const (`declared`, with that function); a parameter, or
 * a loop's or a `catch`'s binding around it, which holds what was passed in (`passed-in`); otherwise a
 * name of the module.
 */
export type NameBinding = { kind: 'declared'; fn: TSESTree.FunctionLike } | { kind: 'passed-in'; fn?: TSESTree.FunctionLike; defaultValue?: Node } | { kind: 'module' };

export function bindingOf(context: TypeScriptRuleContext, identifier: TSESTree.Identifier): NameBinding {
  const declarations = declaringFunctions(context).get(identifier.name) ?? [];
  // A let or const counts only within its block: after a loop's own `const password`, the name is the outer one again.
  const declares = (fn: Node): boolean => declarations.some((d) => d.fn === fn && within(identifier, d.block));
  for (const fn of functionsAround(context.program, identifier).reverse()) {
    if (declares(fn)) return { kind: 'declared', fn };
    const parameter = fn.params.find((candidate) => bindsName(candidate, identifier.name));
    if (parameter) return { kind: 'passed-in', fn, defaultValue: defaultOf(parameter, identifier.name) };
  }
  return parameterNamesAround(context.program, identifier).has(identifier.name) ? { kind: 'passed-in' } : { kind: 'module' };
}

/** Whether two bindings of a name are the same variable: the module's, or the same function's. */
export function sameBinding(one: NameBinding, other: NameBinding): boolean {
  return one.kind === other.kind && (one.kind === 'module' || one.fn === (other as typeof one).fn);
}

/**
 * What the file assigns to an expression, as seen from where it is used. The nearest function around
 * the use that binds the name decides: declared there with var, let or const, only what is assigned
 * inside it counts (not another function's variable of the same name); a parameter holds what was
 * passed in, as does a loop's or a `catch`'s binding. A name of the module takes what the module and
 * its functions assign to it, not what a function assigns to a variable of its own of that name. The
 * values are the assigned expressions: a name among them is read again by the caller. With
 * `parameterDefaults`, a parameter holds its default too: what the function gets whenever a caller
 * leaves the argument out.
 */
export function valuesInScope(context: TypeScriptRuleContext, node: Node, options: ScopeOptions = {}): Node[] {
  if (node.type !== 'Identifier') return context.facts.valuesOf(node);
  const binding = bindingOf(context, node);
  if (binding.kind === 'passed-in') return options.parameterDefaults && binding.defaultValue ? [binding.defaultValue] : [];
  const direct = context.facts.assignments.get(node.name);
  if (!direct) return [node];
  if (binding.kind === 'declared') return direct.filter((value) => within(value, binding.fn)).map(unwrap);
  // The module's name: not what a function assigns to a variable of its own with that name.
  const declarations = declaringFunctions(context).get(node.name) ?? [];
  return direct.filter((value) => !declarations.some((d) => within(value, d.block))).map(unwrap);
}

export function within(node: Node, outer: Node): boolean {
  return outer.range[0] <= node.range[0] && node.range[1] <= outer.range[1];
}

interface ScopeOptions {
  parameterDefaults?: boolean;
  /** What a parameter is given where its function is called (for `resolvedValuesInScope`). */
  passedArguments?: (parameter: TSESTree.Identifier) => Node[];
}

// A wrapper called from many places gives its parameter as many values: each is read.
const MAX_RESOLVED = 1024;

/**
 * The values an expression may end as, where the file shows them: `?:`, `||` and `??` split into
 * their sides, and names followed through what is assigned to them as seen where each is read
 * (`valuesInScope`), one variable after another; with `passedArguments`, parameters through what the
 * calls of their function give them.
 */
export function resolvedValuesInScope(context: TypeScriptRuleContext, node: Node, options: ScopeOptions = {}): Node[] {
  const resolved: Node[] = [];
  const seen = new Set<Node>();
  const pending = possibleValues(node);
  while (pending.length && seen.size < MAX_RESOLVED) {
    const value = pending.shift()!;
    if (seen.has(value)) continue;
    seen.add(value);
    const values = valuesInScope(context, value, options);
    const passed = value.type === 'Identifier' && options.passedArguments ? options.passedArguments(value) : [];
    if (values.length === 1 && values[0] === value && passed.length === 0) resolved.push(value);
    else pending.push(...[...values, ...passed].filter((other) => other !== value).flatMap(possibleValues));
  }
  return resolved;
}

/**
 * The file's values as `staticString` and `stringShape` read them, but a name as the variable its use
 * sees (`resolvedValuesInScope`): a function's own `config`, not the module's it shadows; nothing for a
 * parameter. Members are read as the module's facts hold them.
 */
export function valuesSeenInScope(context: TypeScriptRuleContext): ValueSource {
  return {
    valuesOf: (expression) => {
      const node = unwrap(expression);
      return node.type === 'Identifier' ? resolvedValuesInScope(context, node) : context.facts.valuesOf(node);
    },
  };
}

/** The default a parameter pattern gives `name` (`password = '…'`, `{ password = '…' }`), if any. */
function defaultOf(pattern: Node, name: string): Node | undefined {
  switch (pattern.type) {
    case 'AssignmentPattern':
      return pattern.left.type === 'Identifier' && pattern.left.name === name ? unwrap(pattern.right) : defaultOf(pattern.left, name);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        const found = defaultOf(property.type === 'RestElement' ? property : property.value, name);
        if (found) return found;
      }
      return undefined;
    case 'ArrayPattern':
      for (const element of pattern.elements) {
        const found = element ? defaultOf(element, name) : undefined;
        if (found) return found;
      }
      return undefined;
    case 'TSParameterProperty':
      return defaultOf(pattern.parameter, name);
    default:
      return undefined;
  }
}

export function bindsName(parameter: Node, name: string): boolean {
  const names = new Set<string>();
  bindingNames(parameter, names);
  return names.has(name);
}

/** A declaration of a name inside a function: the function, and the block the name is visible in. */
interface Declaration {
  fn: Node;
  block: Node;
}

/** For each name declared inside functions, where: the function whose own body declares it, and the block. */
function declaringFunctions(context: TypeScriptRuleContext): Map<string, Declaration[]> {
  // `once` remembers by the function: one function for every call, so the file is read once.
  return context.once(readDeclaringFunctions);
}

function readDeclaringFunctions(file: TypeScriptRuleContext): Map<string, Declaration[]> {
  return byNameOverStatements(file.program, declarationsInFunctions, (declaration) => declaration);
}

/** The variables the functions of a top-level statement declare, by name. */
function declarationsInFunctions(statement: Node): [string, Declaration][] {
  const found: [string, Declaration][] = [];
  // One walk, with the ancestors at hand: asking each declaration's ancestors took seconds in a bundle.
  walk(statement, (declaration, ancestors) => {
    if (declaration.type !== 'VariableDeclaration') return;
    const fn = ancestors.filter(isFunction).at(-1);
    if (!fn) return;
    const block = declarationScope(declaration, ancestors)!;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier') found.push([declarator.id.name, { fn, block }]);
    }
  });
  return found;
}

/**
 * Where a declaration's names are seen, given its ancestors (nearest last): the innermost block around a
 * `let` or `const`, the innermost function around a `var`; undefined for a `var` of the module.
 */
export function declarationScope(declaration: TSESTree.VariableDeclaration, ancestors: readonly Node[]): Node | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i];
    if (isFunction(ancestor) || (declaration.kind !== 'var' && BLOCKS.has(ancestor.type))) return ancestor;
  }
  return undefined;
}

const BLOCKS = new Set(['BlockStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'StaticBlock']);
