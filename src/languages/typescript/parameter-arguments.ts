import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, propertyKeyName, unwrap, type Node } from './ast';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Where a name is bound as a parameter: its function, its position, and the property it takes from a destructured argument. */
export interface ParameterBinding {
  fn: FunctionNode;
  position: number;
  /** `function f({ url })`: the argument's property the name takes. */
  property?: string;
  /** `function f(url = X)` or `function f({ url = X })`: what it holds when the call gives nothing. */
  fallback?: Node;
}

/**
 * The file's own functions as called in the file: so that a wrapper's parameter (`function postForm(url,
 * form) { return fetch(url, { body: new URLSearchParams(form) }) }`) is read at each of its calls
 * (`postForm(TOKEN_URL, { grant_type: "password", … })`). A function is known by its name, or as a
 * method called on `this`.
 */
export class FileFunctionCalls {
  private byName?: Map<string, TSESTree.CallExpression[]>;
  private byMethod?: Map<string, TSESTree.CallExpression[]>;

  constructor(
    private readonly calls: readonly TSESTree.CallExpression[],
    private readonly parentOf: (node: Node) => Node | undefined,
  ) {}

  /** The parameter of an enclosing function that binds the name `use` reads, if one does. */
  bindingOf(use: TSESTree.Identifier): ParameterBinding | undefined {
    for (let current = this.parentOf(use); current; current = this.parentOf(current)) {
      if (!isFunction(current)) continue;
      const binding = bindingIn(current, use.name);
      if (binding) return binding;
    }
    return undefined;
  }

  /**
   * What the calls of the binding's function in the file give the parameter (a property of the argument
   * for a destructured one, the default where a call gives nothing); undefined when the file does not call it.
   * `only`: that call's alone.
   */
  argumentValues(binding: ParameterBinding, propertyValues: (object: Node, name: string) => Node[], only?: TSESTree.CallExpression): Node[] | undefined {
    const calls = only ? [only] : this.callsOf(binding.fn);
    if (calls.length === 0) return undefined;
    return calls.flatMap((call) => {
      const given = call.arguments.slice(0, binding.position + 1);
      // After a spread, positions are not known.
      if (given.some((argument) => argument.type === 'SpreadElement')) return [];
      const argument = given[binding.position];
      const values = !argument ? [] : binding.property ? propertyValues(argument, binding.property) : [argument];
      return values.length > 0 ? values : binding.fallback ? [binding.fallback] : [];
    });
  }

  /** The calls of a function in the file: by its name, or as `this.<name>(…)` for a method. */
  callsOf(fn: Node): TSESTree.CallExpression[] {
    if (!isFunction(fn)) return [];
    const parent = this.parentOf(fn);
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.named().get(fn.id.name) ?? [];
    if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') return this.named().get(parent.id.name) ?? [];
    const member = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' ? parent : undefined;
    const name = member && !member.computed && member.key.type === 'Identifier' ? member.key.name : undefined;
    return name ? (this.methods().get(name) ?? []) : [];
  }

  private named(): Map<string, TSESTree.CallExpression[]> {
    this.byName ??= groupBy(this.calls, (call) => (call.callee.type === 'Identifier' ? call.callee.name : undefined));
    return this.byName;
  }

  private methods(): Map<string, TSESTree.CallExpression[]> {
    this.byMethod ??= groupBy(this.calls, (call) => {
      const callee = unwrap(call.callee);
      return callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ThisExpression' ? memberName(callee) : undefined;
    });
    return this.byMethod;
  }
}

function bindingIn(fn: FunctionNode, name: string): ParameterBinding | undefined {
  for (const [position, parameter] of fn.params.entries()) {
    const pattern = parameter.type === 'TSParameterProperty' ? parameter.parameter : parameter;
    const { target, fallback } = withDefault(pattern);
    if (target.type === 'Identifier' && target.name === name) return { fn, position, fallback };
    if (target.type !== 'ObjectPattern') continue;
    for (const property of target.properties) {
      if (property.type !== 'Property') continue;
      const inner = withDefault(property.value as Node);
      const key = propertyKeyName(property);
      if (key && inner.target.type === 'Identifier' && inner.target.name === name) return { fn, position, property: key, fallback: inner.fallback };
    }
  }
  return undefined;
}

function withDefault(pattern: Node): { target: Node; fallback?: Node } {
  return pattern.type === 'AssignmentPattern' ? { target: pattern.left, fallback: pattern.right } : { target: pattern };
}

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
