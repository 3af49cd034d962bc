import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, nodesOfPattern, nodesOfType, propertyKeyName, returnedValues, thenReceiver, unwrap, type Node } from './ast';
import { groupBy } from './lists-by-key';

type FunctionNode = TSESTree.FunctionLike;

/** A call of a function or method, or a `new` of a class (which calls its constructor). */
export type Invocation = TSESTree.CallExpression | TSESTree.NewExpression;

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
 * (`postForm(TOKEN_URL, { grant_type: "password", … })`). A function is known by its name where that
 * name reaches (an inner function of the same name hides it), or as a method called on `this` in its
 * class; a class's constructor by the `new` of the class's name, where the invocations include them.
 */
export class FileFunctionCalls {
  private byName?: Map<string, Invocation[]>;
  private byMethod?: Map<string, Invocation[]>;
  private readonly resolved = new Map<Node, Invocation[]>();
  private readonly escaping = new Map<Node, boolean>();

  /** `prose`: the module's text that is no code (see `proseOf`), asked for only when a function's mentions are counted. */
  constructor(
    private readonly calls: readonly Invocation[],
    private readonly parentOf: (node: Node) => Node | undefined,
    private readonly text: string,
    private readonly prose: () => readonly Node[] = () => [],
  ) {}

  /**
   * The parameter of an enclosing function that binds the name `use` reads: undefined when none does,
   * or a closer declaration (a block's `const`, a loop's variable, a `catch` parameter, a callback's
   * destructured parameter) binds it first.
   */
  bindingOf(use: TSESTree.Identifier): ParameterBinding | undefined {
    for (let inner: Node = use, current = this.parentOf(use); current; inner = current, current = this.parentOf(current)) {
      if (isFunction(current)) {
        const binding = bindingIn(current, use.name);
        if (binding || current.params.some((parameter) => patternNames(parameter).includes(use.name))) return binding;
      } else if (declaresInScope(current, inner, use.name)) {
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * What the calls of the binding's function in the file give the parameter (a property of the argument
   * for a destructured one, the default where a call gives nothing); undefined when the file does not call it.
   * `only`: that call's alone.
   */
  argumentValues(binding: ParameterBinding, propertyValues: (object: Node, name: string) => Node[], only?: Invocation): Node[] | undefined {
    const calls = only ? [only] : this.callsOf(binding.fn);
    if (calls.length === 0) return this.originArgumentValues(binding, propertyValues);
    return calls.flatMap((call) => {
      const given = call.arguments.slice(0, binding.position + 1);
      // After a spread, positions are not known.
      if (given.some((argument) => argument.type === 'SpreadElement')) return [];
      return parameterValues(binding, given[binding.position], propertyValues);
    });
  }

  /**
   * A `cy.origin(host, { args }, (args) => …)` callback's parameter: Cypress runs the callback on the
   * other origin with a copy of `args` as its only argument. Undefined for any other function.
   */
  private originArgumentValues(binding: ParameterBinding, propertyValues: (object: Node, name: string) => Node[]): Node[] | undefined {
    const options = cypressOriginOptions(this.parentOf(binding.fn), binding.fn);
    if (!options) return undefined;
    const args = binding.position === 0 ? propertyValues(options, 'args') : [];
    return args.length > 0 ? args.flatMap((given) => parameterValues(binding, given, propertyValues)) : parameterValues(binding, undefined, propertyValues);
  }

  /**
   * What a promise's `.then()` callback is given: `Promise.resolve(body).then((b) => …)` gives it `body`,
   * `….then(() => body).then((b) => …)` what the callback before returns. Undefined for other functions.
   */
  resolvedValues(binding: ParameterBinding, propertyValues: (object: Node, name: string) => Node[]): Node[] | undefined {
    const call = this.parentOf(binding.fn);
    const promise = thenReceiver(call, binding.fn);
    const resolved = promise && binding.position === 0 ? resolvedBy(unwrap(promise)) : undefined;
    return resolved?.flatMap((value) => (binding.property ? propertyValues(value, binding.property) : [value]));
  }

  /** The calls of a function in the file: by its name where it reaches, or as `this.<name>(…)` in its class. */
  callsOf(fn: Node): Invocation[] {
    if (!isFunction(fn)) return [];
    let calls = this.resolved.get(fn);
    if (!calls) {
      calls = this.findCalls(fn);
      this.resolved.set(fn, calls);
    }
    return calls;
  }

  /**
   * Whether code the file does not show may call the function: it is exported, or its name is used
   * other than in the calls found (`module.exports = { post }`, `const p = post`, `items.map(post)`).
   */
  mayBeCalledElsewhere(fn: Node): boolean {
    let escapes = this.escaping.get(fn);
    if (escapes === undefined) this.escaping.set(fn, (escapes = this.findEscape(fn)));
    return escapes;
  }

  private findEscape(fn: Node): boolean {
    const parent = this.parentOf(fn);
    if (parent?.type.startsWith('Export') || this.parentOf(parent ?? fn)?.type.startsWith('Export')) return true;
    const name = functionNameOf(fn, parent) ?? privateMethodName(parent);
    if (!name) return true;
    const uses = this.callsOf(fn).length + 1;
    const mentions = [...this.text.matchAll(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))];
    if (mentions.length <= uses) return false;
    // `graph` in "https://graph.microsoft.com" is no use of a function `graph`.
    const prose = this.prose();
    return mentions.filter((mention) => !insideAny(prose, mention.index)).length > uses;
  }

  private findCalls(fn: FunctionNode): Invocation[] {
    const parent = this.parentOf(fn);
    const member = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' ? parent : undefined;
    if (member?.type === 'MethodDefinition' && member.kind === 'constructor') return this.constructions(member);
    if (member) {
      const name = !member.computed && member.key.type === 'Identifier' ? member.key.name : undefined;
      const classBody = this.parentOf(member);
      return name ? (this.methods().get(name) ?? []).filter((call) => call.type === 'CallExpression' && this.classAround(call) === classBody) : [];
    }
    const name = functionNameOf(fn, parent);
    const scope = this.declaringScope(fn, parent);
    if (!name || !scope) return [];
    return (this.named().get(name) ?? []).filter((call) => call.type === 'CallExpression' && this.declarationReaching(call, name) === scope);
  }

  /** `new Mailbox(…)` of the class whose constructor this is, where the class's name reaches. */
  private constructions(constructor: TSESTree.MethodDefinition): Invocation[] {
    const declaration = this.parentOf(this.parentOf(constructor) ?? constructor);
    if (declaration?.type !== 'ClassDeclaration' || !declaration.id) return [];
    const name = declaration.id.name;
    const around = this.parentOf(declaration);
    const scope = around?.type.startsWith('Export') ? this.parentOf(around) : around;
    return (this.named().get(name) ?? []).filter((call) => call.type === 'NewExpression' && this.declarationReaching(call, name) === scope);
  }

  /** The block (or the program) that declares the function's name: `function post() {}`, `const post = () => …`. */
  private declaringScope(fn: FunctionNode, parent: Node | undefined): Node | undefined {
    const statement = fn.type === 'FunctionDeclaration' ? fn : parent?.type === 'VariableDeclarator' ? this.parentOf(parent) : undefined;
    const scope = statement && this.parentOf(statement);
    return scope?.type.startsWith('Export') ? this.parentOf(scope) : scope;
  }

  /** The innermost scope around `call` that declares a function or variable `name` (the call's name resolves there). */
  private declarationReaching(call: Node, name: string): Node | undefined {
    const scope = scopeBinding(call, name, this.parentOf);
    return scope && isFunction(scope) ? undefined : scope;
  }

  /** The class whose instance `this` is at `node`: none inside a function of its own (not an arrow) that is no method of the class. */
  classAround(node: Node): Node | undefined {
    for (let current = this.parentOf(node); current; current = this.parentOf(current)) {
      if (current.type === 'ClassBody') return current;
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
        const owner = this.parentOf(current);
        if (owner?.type !== 'MethodDefinition' && owner?.type !== 'PropertyDefinition') return undefined;
      }
    }
    return undefined;
  }

  private named(): Map<string, Invocation[]> {
    this.byName ??= groupBy(this.calls, (call) => (call.callee.type === 'Identifier' ? call.callee.name : undefined));
    return this.byName;
  }

  private methods(): Map<string, Invocation[]> {
    this.byMethod ??= groupBy(this.calls, (call) => {
      const callee = unwrap(call.callee);
      return callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ThisExpression' ? memberName(callee) : undefined;
    });
    return this.byMethod;
  }
}

/** What one argument gives the binding's parameter (a property of it for a destructured one), or the parameter's default where it gives nothing. */
function parameterValues(binding: ParameterBinding, argument: Node | undefined, propertyValues: (object: Node, name: string) => Node[]): Node[] {
  const values = !argument || isUndefined(argument) ? [] : binding.property ? propertyValues(argument, binding.property) : [argument];
  return values.length > 0 ? values : binding.fallback ? [binding.fallback] : [];
}

/** The options (`{ args }`) of the `cy.origin(host, options, callback)` call that `call` is, where `fn` is its callback. */
function cypressOriginOptions(call: Node | undefined, fn: Node): Node | undefined {
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || memberName(call.callee) !== 'origin') return undefined;
  const [, options, callback] = call.arguments;
  return callback === fn && options?.type !== 'SpreadElement' ? options : undefined;
}

/** What a promise the file makes resolves to: `Promise.resolve(x)`'s x, a `.then(fn)`'s fn's returns. */
function resolvedBy(promise: Node): Node[] | undefined {
  if (promise.type !== 'CallExpression' || promise.callee.type !== 'MemberExpression') return undefined;
  const [argument] = promise.arguments;
  const { object } = promise.callee;
  const method = memberName(promise.callee);
  if (method === 'resolve' && object.type === 'Identifier' && object.name === 'Promise') return argument && argument.type !== 'SpreadElement' ? [argument] : undefined;
  return method === 'then' && argument && isFunction(argument) ? returnedValues(argument) : undefined;
}

/** The module's strings, template parts and JSX text, in document order: a name written in them is no mention of a function. */
export function proseOf(program: TSESTree.Program): readonly Node[] {
  return nodesOfType(program, 'Literal', 'TemplateElement', 'JSXText');
}

/** Whether `offset` lies inside one of `nodes` (in document order, none inside another). */
function insideAny(nodes: readonly Node[], offset: number): boolean {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].range[1] <= offset) low = middle + 1;
    else high = middle;
  }
  return low < nodes.length && nodes[low].range[0] <= offset;
}

/** A method only its class can call (`private getToken()`, `private static getToken()`): its name. */
function privateMethodName(member: Node | undefined): string | undefined {
  if (member?.type !== 'MethodDefinition' || member.accessibility !== 'private' || member.computed || member.kind !== 'method') return undefined;
  return member.key.type === 'Identifier' ? member.key.name : undefined;
}

/** `function post() {}` or `const post = () => …`: the name it is called by. */
export function functionNameOf(fn: Node, parent: Node | undefined): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  return parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

/**
 * The innermost scope that binds `name` for code at `node`: a function whose parameter it is, or a
 * block, the program, a loop or a `catch` that declares it; undefined where nothing in the file does.
 */
export function scopeBinding(node: Node, name: string, parentOf: (node: Node) => Node | undefined): Node | undefined {
  for (let inner: Node = node, current = parentOf(node); current; inner = current, current = parentOf(current)) {
    if (isFunction(current) && current.params.some((parameter) => patternNames(parameter).includes(name))) return current;
    if (declaresInScope(current, inner, name)) return current;
  }
  return undefined;
}

/**
 * Whether `scope` (a block, the program, a loop, a `catch`) declares `name` for code in `inner`, one of
 * its children: a `const`/`let`/`var`, a function or a class of that name, a loop's variable, a caught error.
 */
function declaresInScope(scope: Node, inner: Node, name: string): boolean {
  switch (scope.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
      return scope.body.some((statement) => statementDeclares(statement, name));
    case 'SwitchCase':
      return scope.consequent.some((statement) => statementDeclares(statement, name));
    case 'CatchClause':
      return scope.param !== null && patternNames(scope.param).includes(name);
    case 'ForStatement':
      return scope.init?.type === 'VariableDeclaration' && statementDeclares(scope.init, name);
    case 'ForInStatement':
    case 'ForOfStatement':
      return inner !== scope.right && scope.left.type === 'VariableDeclaration' && statementDeclares(scope.left, name);
    default:
      return false;
  }
}

function statementDeclares(statement: Node, name: string): boolean {
  const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.some((declarator) => patternNames(declarator.id).includes(name));
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') return declaration.id?.name === name;
  return false;
}

/** The names a binding pattern binds. */
function patternNames(pattern: Node): string[] {
  return nodesOfPattern(pattern).map((identifier) => identifier.name);
}

function bindingIn(fn: FunctionNode, name: string): ParameterBinding | undefined {
  // TypeScript's `this` parameter takes no argument.
  const params = fn.params.filter((parameter) => !(parameter.type === 'Identifier' && parameter.name === 'this'));
  for (const [position, parameter] of params.entries()) {
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

function isUndefined(node: Node): boolean {
  const inner = unwrap(node);
  return (inner.type === 'Identifier' && inner.name === 'undefined') || (inner.type === 'UnaryExpression' && inner.operator === 'void');
}
