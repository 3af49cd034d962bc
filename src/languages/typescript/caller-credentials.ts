import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../engine/rule';
import { byNameOverStatements, calleeName, memberName, methodCalls, nodesOfType, parentOf, propertyKeyName, returnedValues, unwrap, walk, type Node } from './ast';
import { bindingOf, bindsName, declarationScope, resolvedValuesInScope, sameBinding, valuesInScope, within } from './name-bindings';
import { receivesClientInput } from './client-input-handlers';
import { inputFeedingState } from './react-state-inputs';
import { addTo } from './lists-by-key';
import { isObjectAssign, lastProperty } from './object-values';
import { calledFunctions, fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { declares, promptCallsOf, TERMINAL_PROMPT_MODULES, type Asker, type PromptCalls } from './prompt-calls';
import { possibleValues } from './static-value';

/**
 * Where a sign-in's username or password comes from, when the code does not keep it for itself:
 * - `request`: read from an HTTP request (`req.body.password`, `await request.json()`, a NestJS `@Body()`,
 *   NextAuth's `authorize(credentials)`) or from a window's renderer (an Electron `ipcMain` listener):
 *   the code signs in whoever calls it, and one consented account's Secure Application Model token
 *   cannot stand in for them (every caller would be let in as that account);
 * - `typed`: typed in by whoever runs the program, at a prompt (`rl.question`, `inquirer.prompt`, VS Code's
 *   `showInputBox`, a page's `prompt()`): a person signs in, and a stored token would sign everyone in as one account;
 * - `command-line`: read from the program's command line (`process.argv`, yargs, commander): a
 *   scheduler may pass a service account's password there, or a person their own;
 * - `accounts`: a parameter of a function that the file's own calls give different accounts
 *   (`getToken('student@…')`, `getToken('teacher@…')`): one token would sign them all in as one;
 * - `parameter`: a parameter of a function that code the file does not show may call: only the
 *   callers tell whether it is a service account's password or each user's own;
 * - `unknown`: the credentials could not be followed (a spread, a request object the file does not
 *   show, or more steps than the trace takes).
 */
export interface CallerCredential {
  from: 'request' | 'typed' | 'command-line' | 'accounts' | 'parameter' | 'unknown';
  /** Where it is read from the request, the parameter, or where the trace stopped. */
  node: Node;
  /** For `typed`: where the person types it (a terminal where not said). */
  asker?: Asker;
}

/** What a client fills in, read as a property of a handler's parameter (`req.body`, `ctx.request.query`, `event.queryStringParameters`). */
const REQUEST_PROPERTIES = new Set(['body', 'query', 'payload', 'cookies', 'headers', 'queryStringParameters']);
/** The calls that read a request's body (`await request.json()`, `await req.formData()`). */
const BODY_READERS = new Set(['json', 'formData']);
/** NestJS's parameter decorators that hand a handler parts of the request. */
const REQUEST_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers', 'Req', 'Request']);
/** Command-line parsers: what their results hold comes from the program's command line. */
const COMMAND_LINE_MODULES = ['yargs', 'commander', 'minimist', 'meow', 'command-line-args'];
/** Modules whose injected service reads the deployment's own configuration (environment variables, .env files). */
const CONFIGURATION_MODULES = ['@nestjs/config'];
/** How much one question may look at; past it, the credentials count as not followed. */
const MAX_VISITS = 400;
const MAX_DEPTH = 40;

/**
 * Where the caller's part of `credentials` (a sign-in's username and password, as written) comes from:
 * a request before a parameter before unknown; undefined when the file shows them to be the code's own.
 * `container` stands for credentials the file does not show one by one (an msal request object from
 * elsewhere, arguments after a spread): followed itself, and unknown when it leads nowhere.
 */
export function callerCredential(context: TypeScriptRuleContext, credentials: ReadonlyArray<Node | undefined>, container?: Node): CallerCredential | undefined {
  const tracer = new CredentialTracer(context);
  const shown = credentials.filter((credential): credential is Node => !!credential);
  const found = [...shown, ...(container ? [container] : [])].flatMap((credential) => tracer.trace(credential, 0));
  if (container) found.push({ from: 'unknown', node: container });
  for (const from of ['request', 'typed', 'command-line', 'accounts', 'parameter', 'unknown'] as const) {
    const first = found.find((credential) => credential.from === from);
    if (first) return first;
  }
  return undefined;
}

class CredentialTracer {
  private readonly traced = new Map<Node, CallerCredential[]>();
  private visits = 0;

  private readonly prompts: PromptCalls;
  private readonly parsesCommandLine: boolean;

  constructor(private readonly context: TypeScriptRuleContext) {
    this.prompts = context.once(promptCallsOf);
    this.parsesCommandLine = COMMAND_LINE_MODULES.some((module) => context.facts.modules.has(module));
  }

  trace(expression: Node, depth: number): CallerCredential[] {
    const known = this.traced.get(expression);
    if (known) return known;
    if (++this.visits > MAX_VISITS || depth > MAX_DEPTH) return [{ from: 'unknown', node: expression }];
    this.traced.set(expression, []); // a cycle adds nothing
    const found = possibleValues(expression).flatMap((value) => this.value(value, depth + 1, []));
    this.traced.set(expression, found);
    return found;
  }

  /** `keys`: the properties read from the value after it (`password` of `{ password } = value`). */
  private value(node: Node, depth: number, keys: readonly string[]): CallerCredential[] {
    if (keys.length > 0 && ++this.visits > MAX_VISITS) return [{ from: 'unknown', node }];
    switch (node.type) {
      case 'Identifier':
        return this.name(node, depth, keys);
      case 'MemberExpression':
      case 'CallExpression':
      case 'ChainExpression':
        return this.access(node, depth, keys);
      case 'ObjectExpression':
        return this.property(node, depth, keys);
      case 'ArrayExpression':
        return node.elements.flatMap((element) => (element ? this.trace(element.type === 'SpreadElement' ? element.argument : element, depth) : []));
      case 'NewExpression':
        // `await new Promise((resolve) => rl.question('Password: ', resolve))`: what the person types.
        if (node.callee.type === 'Identifier' && node.callee.name === 'Promise') {
          const asker = this.prompts.within(node);
          if (asker) return [{ from: 'typed', node, asker }];
        }
        return this.arguments(node, depth);
      case 'TemplateLiteral':
        return node.expressions.flatMap((part) => this.trace(part, depth));
      case 'TaggedTemplateExpression':
        return node.quasi.expressions.flatMap((part) => this.trace(part, depth));
      case 'BinaryExpression':
        return [...(node.left.type === 'PrivateIdentifier' ? [] : this.trace(node.left, depth)), ...this.trace(node.right, depth)];
      default:
        return [];
    }
  }

  private withKeys(expression: Node, depth: number, keys: readonly string[]): CallerCredential[] {
    return keys.length === 0 ? this.trace(expression, depth) : possibleValues(expression).flatMap((value) => this.value(value, depth + 1, keys));
  }

  /** `a.b.c`, `a.b(x).c`, `this.x.y`: a request's part, or what the root holds, and what the calls are given. */
  private access(node: Node, depth: number, keys: readonly string[]): CallerCredential[] {
    const chain = accessChain(node);
    const read = [...chain.reads, ...keys.map((name) => ({ name, called: false }))];
    if (chain.root.type === 'Identifier' && readsRequest(read) && this.isHandlerParameter(chain.root)) return [{ from: 'request', node }];
    for (const call of chain.calls) {
      const asker = this.prompts.askerOf(call);
      // An input box an extension builds holds what is typed in its `value` only (`box.title` is the extension's own).
      const boxSetting = calleeName(unwrap(call.callee)) === 'createInputBox' && read[read.length - 1]?.name !== 'value';
      if (asker && !boxSetting) return [{ from: 'typed', node: call, asker }];
    }
    if (readsPageInput(chain, read, this.isJQuery(chain.root))) return [{ from: 'typed', node, asker: 'page' }];
    // enquirer's `await new Password({ … }).run()`.
    if (chain.root.type === 'NewExpression' && this.importedFrom(chain.root.callee, TERMINAL_PROMPT_MODULES)) return [{ from: 'typed', node }];
    if (this.readsCommandLine(chain, read)) return [{ from: 'command-line', node }];
    const given = chain.calls.flatMap((call) => this.arguments(call, depth));
    // The data read from the root: up to the first call (`settings.get("x")` is no `get` key).
    const names = readUpToCall(read);
    const returned = this.returned(chain, read, depth);
    if (returned) return [...returned, ...given];
    if (chain.root.type === 'ThisExpression' && chain.first) return [...this.member(chain.first, depth, names), ...given];
    return [...this.withKeys(chain.root, depth, names), ...given];
  }

  /**
   * `this.x`, read for `names` (`x` first): what the file assigns to it (a class field, `this.x = …`),
   * its class's constructor parameter `x` (`constructor(private x)`), what its getter returns, what the
   * file sets on the class's instances (`svc.x = …`, `({ email: svc.x } = req.body)`), what the class
   * destructures into it (`[this.x, this.y] = args`), and what `Object.assign(this, options)` copies in;
   * unknown where none of these shows it (a base class's, a decorator's).
   */
  private member(read: TSESTree.MemberExpression, depth: number, names: readonly string[]): CallerCredential[] {
    // No name where `this.x` is called (a method the class does not show): nothing shows what it holds.
    const [name = '', ...keys] = names;
    const owner = fileFunctionCalls(this.context).classAround(read);
    const assigned = this.context.facts.valuesOf(read).filter((value) => value !== read);
    const written = instanceWrites(this.context, owner, name);
    const gotten = owner ? gettersOf(owner, name).flatMap(returnedValues) : [];
    const property = owner && parameterPropertyOf(owner, name);
    // A framework's configuration injected into the constructor (NestJS's `ConfigService`) reads the deployment's settings, as process.env does.
    if (property && assigned.length === 0 && written.length === 0 && this.injectsConfiguration(property.name)) return [];
    const copied = this.context.once(copiedIntoThis);
    if (assigned.length === 0 && written.length === 0 && gotten.length === 0 && !property && copied.length === 0) return [{ from: 'unknown', node: read }];
    return [
      ...[...assigned, ...gotten].flatMap((value) => this.withKeys(value, depth, keys)),
      ...written.flatMap((write) => this.fromWrite(write, depth, keys)),
      ...(property ? this.parameter(property.name, property.fn, depth, keys) : []),
      ...copied.flatMap((source) => this.withKeys(source, depth, names)),
    ];
  }

  /** What a write gives the member, read for `keys` after it. */
  private fromWrite(write: MemberWrite, depth: number, keys: readonly string[]): CallerCredential[] {
    return this.withKeys(write.source, depth, [...write.keys, ...keys]);
  }

  /**
   * `extract(req).password`, `this.credentials().password`: what the file's own function or the class's
   * method returns, read for the keys after the call; undefined for another call.
   */
  private returned(chain: AccessChain, read: readonly { name: string; called: boolean }[], depth: number): CallerCredential[] | undefined {
    const call = chain.calls.at(-1);
    const callee = call && unwrap(call.callee);
    const method = chain.root.type === 'ThisExpression' && callee === chain.first;
    if (!call || (callee !== chain.root && !method)) return undefined;
    const called = calledFunctions(this.context, call);
    if (called.length === 0) return undefined;
    const keys = readUpToCall(method ? read.slice(1) : read);
    return called.flatMap(returnedValues).flatMap((value) => this.withKeys(value, depth, keys));
  }

  private arguments(call: TSESTree.CallExpression | TSESTree.NewExpression, depth: number): CallerCredential[] {
    return call.arguments.flatMap((argument) => this.trace(argument.type === 'SpreadElement' ? argument.argument : argument, depth));
  }

  /** `{ password: x }` read for `password`: `x`, and every spread, which may hold it too; read whole (spread into a request), every value. */
  private property(object: TSESTree.ObjectExpression, depth: number, keys: readonly string[]): CallerCredential[] {
    if (keys.length === 0) {
      return object.properties.flatMap((p) => (p.type === 'SpreadElement' ? this.trace(p.argument, depth) : p.value.type.endsWith('Pattern') ? [] : this.trace(p.value, depth)));
    }
    const value = lastProperty(object, keys[0]);
    const spreads = object.properties.flatMap((p) => (p.type === 'SpreadElement' ? [p.argument] : []));
    // Without the key, the object may get it later (`creds.password = req.body.password`): not followed.
    if (!value && spreads.length === 0) return [{ from: 'unknown', node: object }];
    return [...(value ? this.withKeys(value, depth, keys.slice(1)) : []), ...spreads.flatMap((spread) => this.withKeys(spread, depth, keys))];
  }

  private name(name: TSESTree.Identifier, depth: number, keys: readonly string[]): CallerCredential[] {
    if (this.importedFrom(name, COMMAND_LINE_MODULES)) return [{ from: 'command-line', node: name }];
    const input = inputFeedingState(this.context, name);
    if (input) return [{ from: 'typed', node: input, asker: this.context.facts.modules.has('react-native') ? 'mobile-app' : 'page' }];
    const binding = bindingOf(this.context, name);
    const fn = binding.kind === 'module' ? undefined : binding.fn;
    const fromPattern = (pattern: PatternBinding) => (pattern.source ? this.withKeys(pattern.source, depth, [...pattern.keys, ...keys]) : []);
    // What the code writes into the object afterwards (`cfg.user = req.body.email`) counts too.
    const written = keys.length > 0 ? variableWrites(this.context, name, keys[0]).flatMap((write) => this.fromWrite(write, depth, keys.slice(1))) : [];
    const assigned = [...assigningPatternsOf(this.context, name, fn).flatMap(fromPattern), ...written];
    const declared = declaringPatternOf(this.context, name, fn);
    if (declared) return [...fromPattern(declared), ...assigned];
    if (binding.kind === 'passed-in') return [...(binding.fn ? this.parameter(name, binding.fn, depth, keys) : []), ...assigned];
    const values = valuesInScope(this.context, name).filter((value) => value !== name);
    return [...values.flatMap((value) => this.withKeys(value, depth, keys)), ...assigned];
  }

  /** What the file's calls give the parameter, and the parameter itself where code the file does not show may call the function. */
  private parameter(name: TSESTree.Identifier, fn: TSESTree.FunctionLike, depth: number, keys: readonly string[]): CallerCredential[] {
    const declared = fn.params.find((parameter) => bindsName(parameter, name.name));
    if (declared && REQUEST_DECORATORS.has(decoratorName(declared) ?? '')) return [{ from: 'request', node: declared }];
    // NextAuth's `authorize(credentials)`, an Electron `ipcMain` listener: what a sign-in form or a window sends.
    if (receivesClientInput(this.context, fn)) return [{ from: 'request', node: declared ?? name }];
    // `extract(req)` of a handler, where `extract` reads `req.body`: the request, read in the file's own function.
    if (readsRequest(keys.map((key) => ({ name: key, called: false }))) && this.isHandlerParameter(name)) return [{ from: 'request', node: name }];
    // `rl.question('Password: ', (answer) => …)`: the answer the person types.
    const asking = parentOf(this.context.program, fn);
    const asker = asking?.type === 'CallExpression' ? this.prompts.askerOf(asking) : undefined;
    if (asking && asker) return [{ from: 'typed', node: asking, asker }];
    // `fetch(url).then((res) => …)`: what the promise settles with, as the code before `.then` makes it.
    const settled = promiseOf(this.context, fn);
    if (settled) return this.withKeys(settled, depth, keys);
    const calls = fileFunctionCalls(this.context);
    const binding = calls.bindingOf(name);
    const invocations = calls.callsOf(fn);
    const found: CallerCredential[] = [];
    const accounts = new Set<string>();
    for (const call of invocations) {
      const given = binding && call.arguments.slice(0, binding.position + 1);
      // A spread before it, or a parameter shape the calls cannot be read for: not followed.
      if (!binding || !given || given.some((argument) => argument.type === 'SpreadElement')) {
        found.push({ from: 'unknown', node: call });
        continue;
      }
      const argument = given[binding.position];
      if (argument) found.push(...this.withKeys(argument, depth, binding.property ? [binding.property, ...keys] : keys));
      else if (binding.fallback) found.push(...this.trace(binding.fallback, depth));
      // A call inside the function itself that passes the parameter back (a retry) is no other account.
      const recursive = fn.range[0] <= call.range[0] && call.range[1] <= fn.range[1];
      const passedBack = recursive && argument?.type === 'Identifier' && argument.name === name.name;
      if (!passedBack) accounts.add(argument ? writtenAs(this.context, argument) : '');
    }
    // Calls that pass different values (as written) may sign in different accounts.
    if (accounts.size > 1) found.push({ from: 'accounts', node: parameterNamed(fn, name.name) ?? name });
    if (invocations.length === 0 || calls.mayBeCalledElsewhere(fn)) found.push({ from: 'parameter', node: parameterNamed(fn, name.name) ?? name });
    return found;
  }

  /** `process.argv`; what a command-line parser's import holds; yargs' `argv` and commander's `opts()` where the file imports them. */
  private readsCommandLine(chain: AccessChain, read: readonly { name: string; called: boolean }[]): boolean {
    if (chain.root.type !== 'Identifier') return false;
    if (chain.root.name === 'process' && read[0]?.name === 'argv') return true;
    if (this.importedFrom(chain.root, COMMAND_LINE_MODULES)) return true;
    return this.parsesCommandLine && read.some(({ name, called }) => (called ? name === 'opts' : name === 'argv'));
  }

  /** A parameter typed as a configuration service a framework injects (`private readonly config: ConfigService` of @nestjs/config). */
  private injectsConfiguration(parameter: TSESTree.Identifier): boolean {
    const type = parameter.typeAnnotation?.typeAnnotation;
    return type?.type === 'TSTypeReference' && this.importedFrom(type.typeName, CONFIGURATION_MODULES);
  }

  /** Whether `node` names what the file imports from one of `modules`. */
  /** jQuery's `$` (or `jQuery`): the page's global, or imported from jquery; not cheerio's `const $ = cheerio.load(html)` on a server. */
  private isJQuery(root: Node): boolean {
    if (root.type !== 'Identifier' || (root.name !== '$' && root.name !== 'jQuery')) return false;
    if (this.context.facts.resolveImport(root)) return this.importedFrom(root, ['jquery']);
    return bindingOf(this.context, root).kind === 'module' && !declares(this.context, root.name);
  }

  private importedFrom(node: Node, modules: readonly string[]): boolean {
    return modules.includes(this.context.facts.resolveImport(node)?.module ?? '');
  }

  /**
   * A parameter of a function that code the file does not show calls (a framework's handler), not
   * the continuation of a promise (`fetch(url).then((res) => res.json())` reads a response): one the
   * file alone calls gets what its calls give it.
   */
  private isHandlerParameter(name: TSESTree.Identifier): boolean {
    const binding = bindingOf(this.context, name);
    if (binding.kind !== 'passed-in' || !binding.fn || declaringPatternOf(this.context, name, binding.fn)) return false;
    const calls = fileFunctionCalls(this.context);
    if (calls.callsOf(binding.fn).length > 0 && !calls.mayBeCalledElsewhere(binding.fn)) return false;
    return !promiseOf(this.context, binding.fn);
  }
}

const PROMISE_CONTINUATIONS = new Set(['then', 'catch', 'finally']);

/** For `promise.then(fn)` (`.catch`, `.finally`), the promise: `fn` gets what it settles with. */
function promiseOf(context: TypeScriptRuleContext, fn: Node): Node | undefined {
  const call = parentOf(context.program, fn);
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
  return PROMISE_CONTINUATIONS.has(memberName(call.callee) ?? '') ? call.callee.object : undefined;
}

/** The names read up to the first call (`settings` of `settings.get("x")`): the data, not the call's answer. */
function readUpToCall(read: readonly { name: string; called: boolean }[]): string[] {
  const firstCall = read.findIndex((r) => r.called);
  return (firstCall === -1 ? read : read.slice(0, firstCall)).map((r) => r.name);
}

/** What is no instance of a class, shown as it is. */
const NOT_AN_INSTANCE = new Set(['ObjectExpression', 'ArrayExpression', 'Literal', 'TemplateLiteral', 'ArrowFunctionExpression', 'FunctionExpression']);

/**
 * Whether the file fills a variable or a member where the module's facts do not see it, so that it may
 * hold more than they show: by destructuring (`({ pwd: this.pass } = req.body)`, `({ pwd: pass } = …)`),
 * as a `for…of` loop's target, or through another name for the object (`s.pass = …` with `const s = box`).
 */
export function filledUnseen(context: TypeScriptRuleContext, node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'MemberExpression') return otherMemberWrites(context, value).length > 0;
  if (value.type !== 'Identifier') return false;
  const binding = bindingOf(context, value);
  return assigningPatternsOf(context, value, binding.kind === 'module' ? undefined : binding.fn).length > 0;
}

/**
 * The file's writes to a member that the module's facts do not hold (see `memberWritesByName`): to
 * `this.x` by destructuring in the class or a class it extends or is extended by, or to the member of
 * an object that may be the same (`svc.user = …`, `({ email: s.user } = req.body)` with `const s = session`).
 */
function otherMemberWrites(context: TypeScriptRuleContext, member: TSESTree.MemberExpression): MemberWrite[] {
  const name = memberName(member);
  const object = unwrap(member.object);
  if (name === undefined) return [];
  if (object.type === 'ThisExpression') return instanceWrites(context, fileFunctionCalls(context).classAround(member), name);
  return object.type === 'Identifier' ? variableWrites(context, object, name) : [];
}

/**
 * The file's writes to member `name` of the class's instances: of an object other than `this` that
 * may be one (`svc.user = req.body.email`), and by destructuring into `this` in the class, its base
 * classes or the classes extending it (all run on the same instance).
 */
function instanceWrites(context: TypeScriptRuleContext, owner: Node | undefined, name: string): MemberWrite[] {
  const writes = context.once(memberWritesByName).get(name) ?? [];
  // Most members are written nowhere the facts do not see: the file's classes are not looked at then.
  if (writes.length === 0) return [];
  const related = owner ? relatedClasses(context, owner) : [];
  const classNames = related.map((body) => classNameOf(context, body));
  const calls = fileFunctionCalls(context);
  return writes.filter((write) => {
    if (unwrap(write.object).type !== 'ThisExpression') return mayBeInstance(context, write.object, classNames);
    const around = calls.classAround(write.object);
    return owner ? !!around && related.includes(around) : !around;
  });
}

/**
 * The file's writes to member `key` of the object the variable `name` reads (`cfg.user = …`,
 * `({ user: cfg.user } = req.body)`): through the same variable, or through another that may hold the
 * same object (`const s = cfg`, a parameter the file does not show the object of).
 */
function variableWrites(context: TypeScriptRuleContext, name: TSESTree.Identifier, key: string): MemberWrite[] {
  const writes = context.once(memberWritesByName).get(key) ?? [];
  const held = resolvedValuesInScope(context, name);
  return writes.filter(({ object }) => {
    const written = unwrap(object);
    if (written.type !== 'Identifier') return false;
    if (sameVariable(context, written, name)) return true;
    const writtenHeld = resolvedValuesInScope(context, written);
    return writtenHeld.length === 0 || writtenHeld.some((value) => held.some((other) => value === other || (value.type === 'Identifier' && other.type === 'Identifier' && sameVariable(context, value, other))));
  });
}

function sameVariable(context: TypeScriptRuleContext, one: TSESTree.Identifier, other: TSESTree.Identifier): boolean {
  return one.name === other.name && sameBinding(bindingOf(context, one), bindingOf(context, other));
}

/**
 * Whether an object may be an instance of one of the classes: what it holds is not shown, or is a
 * `new` of one of them (of any class, where one has no name).
 */
function mayBeInstance(context: TypeScriptRuleContext, object: Node, classNames: readonly (string | undefined)[]): boolean {
  const values = resolvedValuesInScope(context, object);
  const ofClass = (value: Node): boolean =>
    value.type !== 'NewExpression' || classNames.length === 0 || classNames.some((name) => name === undefined || calleeName(value.callee) === name);
  return values.length === 0 || values.some((value) => !NOT_AN_INSTANCE.has(value.type) && ofClass(value));
}

/**
 * A class body with the classes the file shows it extends, at any depth, and those extending it: a
 * method of any of them may run on the same instance, reading what another writes into `this`.
 */
function relatedClasses(context: TypeScriptRuleContext, body: Node): Node[] {
  const bases = context.once(baseClassesOf);
  const ancestors = (start: Node): Set<Node> => {
    const found = new Set<Node>();
    const pending = [...(bases.get(start) ?? [])];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      pending.push(...(bases.get(next) ?? []));
    }
    return found;
  };
  const above = ancestors(body);
  return [body, ...[...bases.keys()].filter((other) => other !== body && (above.has(other) || ancestors(other).has(body)))];
}

/** For each class body of the file, the bodies of the file's classes named as its base (`class Derived extends Base`). */
function baseClassesOf(context: TypeScriptRuleContext): Map<Node, Node[]> {
  const classes = nodesOfType(context.program, 'ClassDeclaration', 'ClassExpression');
  const byName = new Map<string, Node[]>();
  for (const declaration of classes) {
    const name = classNameOf(context, declaration.body);
    if (name) addTo(byName, name, declaration.body);
  }
  const bases = new Map<Node, Node[]>();
  for (const declaration of classes) {
    const base = declaration.superClass && unwrap(declaration.superClass);
    bases.set(declaration.body, base?.type === 'Identifier' ? (byName.get(base.name) ?? []) : []);
  }
  return bases;
}

/** A write to an object's member: `svc.user = value`, or by destructuring, `({ email: svc.user } = source)` (keys `email`). */
interface MemberWrite {
  object: Node;
  source: Node;
  /** The keys read from the source on the way to the member. */
  keys: string[];
}

/**
 * The file's writes to members, by the member's name: with `=` to an object other than `this` (`svc.user
 * = …`; the module's facts hold `this.user = …`), and by destructuring or as a `for…of` loop's
 * target to any object, `this` too.
 */
function memberWritesByName(context: TypeScriptRuleContext): Map<string, MemberWrite[]> {
  const byName = new Map<string, MemberWrite[]>();
  const add = (member: TSESTree.MemberExpression, write: MemberWrite): void => {
    const name = memberName(member);
    if (name !== undefined) addTo(byName, name, write);
  };
  for (const write of nodesOfType(context.program, 'AssignmentExpression')) {
    if (write.left.type === 'ObjectPattern' || write.left.type === 'ArrayPattern') {
      for (const [target, keys] of patternPaths(write.left, [])) if (target.type === 'MemberExpression') add(target, { object: target.object, source: write.right, keys });
    } else if (isMemberWrite(write) && unwrap(write.left.object).type !== 'ThisExpression') {
      add(write.left, { object: write.left.object, source: write.right, keys: [] });
    }
  }
  // `for ({ email: this.user } of accounts)`, `for (svc.user of names)`: each element of what the loop runs over.
  for (const loop of nodesOfType(context.program, 'ForOfStatement')) {
    if (loop.left.type === 'VariableDeclaration') continue;
    for (const [target, keys] of patternPaths(loop.left, [])) if (target.type === 'MemberExpression') add(target, { object: target.object, source: loop.right, keys });
  }
  return byName;
}

function isMemberWrite(write: TSESTree.AssignmentExpression): write is TSESTree.AssignmentExpression & { left: TSESTree.MemberExpression } {
  return write.left.type === 'MemberExpression' && ['=', '??=', '||='].includes(write.operator);
}

/** The class of a class body: its name, or the variable's it is assigned to (`const Svc = class { … }`). */
function classNameOf(context: TypeScriptRuleContext, body: Node): string | undefined {
  const declaration = parentOf(context.program, body);
  if ((declaration?.type === 'ClassDeclaration' || declaration?.type === 'ClassExpression') && declaration.id) return declaration.id.name;
  const holder = declaration && parentOf(context.program, declaration);
  return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
}

/** The getters named `name` of a class body (`get password() { … }`). */
function gettersOf(body: Node, name: string): TSESTree.FunctionLike[] {
  if (body.type !== 'ClassBody') return [];
  return body.body.flatMap((member) => (member.type === 'MethodDefinition' && member.kind === 'get' && member.key.type === 'Identifier' && member.key.name === name ? [member.value] : []));
}

/** The constructor's parameter property `name` of a class body (`constructor(private user: string)`), with the constructor. */
function parameterPropertyOf(body: Node, name: string): { name: TSESTree.Identifier; fn: TSESTree.FunctionLike } | undefined {
  if (body.type !== 'ClassBody') return undefined;
  const constructor = body.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor');
  for (const parameter of constructor?.value.params ?? []) {
    if (parameter.type !== 'TSParameterProperty') continue;
    const bound = parameter.parameter.type === 'AssignmentPattern' ? parameter.parameter.left : parameter.parameter;
    if (bound.type === 'Identifier' && bound.name === name) return { name: bound, fn: constructor!.value };
  }
  return undefined;
}

/** A read of a client's part of a request among the first two reads from a handler's parameter. */
function readsRequest(reads: readonly { name: string; called: boolean }[]): boolean {
  return reads.slice(0, 2).some(({ name, called }) => (called ? BODY_READERS.has(name) : REQUEST_PROPERTIES.has(name)));
}

interface AccessChain {
  root: Node;
  /** The member read right from the root (`this.x` of `this.x.y`). */
  first?: TSESTree.MemberExpression;
  reads: { name: string; called: boolean }[];
  calls: TSESTree.CallExpression[];
}

/**
 * What the page's visitor typed in: an input's value (`document.getElementById('psw').value`, also of an
 * element held in a variable: `read` holds the keys read from it after the chain), or jQuery's `$('#password').val()`
 * (`jQueryRoot`: the chain's root is jQuery's).
 */
function readsPageInput(chain: AccessChain, read: readonly { name: string; called: boolean }[], jQueryRoot: boolean): boolean {
  const root = chain.root.type === 'Identifier' ? chain.root.name : '';
  if (jQueryRoot) return readsJQueryValue(chain);
  const lookup = read.findIndex((step, i) => step.called && DOM_LOOKUPS.has(step.name) && (i === 0 || read[i - 1].name === 'document'));
  const last = read[read.length - 1];
  return lookup >= 0 && (root === 'document' || root === 'window') && last?.name === 'value' && !last.called;
}

/** `$('#password').val()`, then string methods (`.trim()`): `.val` given a value sets the input instead. */
function readsJQueryValue(chain: AccessChain): boolean {
  const [selected, value] = [chain.calls[chain.calls.length - 1], chain.calls[chain.calls.length - 2]];
  return chain.reads[0]?.name === 'val' && chain.reads[0].called && selected?.callee === chain.root && value?.arguments.length === 0;
}

const DOM_LOOKUPS = new Set(['getElementById', 'querySelector', 'namedItem']);

/** `a.b(x).c`: the root `a`, the reads `b` (called) and `c`, and the calls along the way. */
function accessChain(node: Node): AccessChain {
  const chain: AccessChain = { root: node, reads: [], calls: [] };
  let current: Node = node;
  let called = false;
  for (;;) {
    if (current.type === 'ChainExpression') current = current.expression;
    else if (current.type === 'CallExpression') {
      chain.calls.push(current);
      called = true;
      current = unwrap(current.callee);
    } else if (current.type === 'MemberExpression') {
      chain.reads.unshift({ name: memberName(current) ?? '', called });
      called = false;
      chain.first = current;
      current = unwrap(current.object);
    } else {
      chain.root = current;
      return chain;
    }
  }
}

function decoratorName(parameter: Node): string | undefined {
  const decorators = (parameter as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
  for (const { expression } of decorators) {
    const called = expression.type === 'CallExpression' ? expression.callee : expression;
    // `@Body()`, `@common.Body()`.
    const callee = called.type === 'MemberExpression' ? called.property : called;
    if (callee.type === 'Identifier' && REQUEST_DECORATORS.has(callee.name)) return callee.name;
  }
  return undefined;
}

/** A name bound by destructuring or by a loop: where its value comes from, and the keys read on the way. */
export interface PatternBinding {
  /** Undefined for what no expression of the file holds (a `for…in` key). */
  source?: Node;
  keys: string[];
  /** Where the name is seen: the block of a `let` or `const`, the function of a `var`, the loop; the pattern of an assignment. */
  scope: Node;
  /** Assigned by destructuring (`({ password } = req.body)`) to a variable declared elsewhere, rather than declared. */
  assigns: boolean;
}

/**
 * The destructuring or loop that declares `name` where it is read: the innermost one around the read,
 * before it, unless the function that binds the name otherwise (`fn`, a parameter or a plain `const`)
 * is closer.
 */
export function declaringPatternOf(context: TypeScriptRuleContext, name: TSESTree.Identifier, fn: Node | undefined): PatternBinding | undefined {
  let nearest: PatternBinding | undefined;
  for (const binding of context.once(readPatternBindings).get(name.name) ?? []) {
    if (binding.assigns || binding.scope.range[0] > name.range[0] || !within(name, binding.scope)) continue;
    if (fn && !within(binding.scope, fn)) continue;
    if (!nearest || within(binding.scope, nearest.scope)) nearest = binding;
  }
  return nearest;
}

/**
 * The destructuring assignments that may set the variable `name` reads: inside `fn`, the function that
 * declares it; anywhere for a name of the module, read in one function and set in another, in any order.
 */
function assigningPatternsOf(context: TypeScriptRuleContext, name: TSESTree.Identifier, fn: Node | undefined): PatternBinding[] {
  return (context.once(readPatternBindings).get(name.name) ?? []).filter((binding) => binding.assigns && (!fn || within(binding.scope, fn)));
}

function readPatternBindings(context: TypeScriptRuleContext): Map<string, PatternBinding[]> {
  return byNameOverStatements(context.program, patternBindingsOf, (binding): PatternBinding => (binding.scope ? (binding as PatternBinding) : { ...binding, scope: context.program }));
}

/** The names a top-level statement binds by destructuring or by a loop; a scope left out is the module's. */
function patternBindingsOf(statement: Node): [string, Omit<PatternBinding, 'scope'> & { scope?: Node }][] {
  const found: [string, Omit<PatternBinding, 'scope'> & { scope?: Node }][] = [];
  const add = (pattern: Node, source: Node | undefined, scope: Node | undefined, assigns = false): void => {
    for (const [target, keys] of patternPaths(pattern, [])) if (target.type === 'Identifier') found.push([target.name, { source, keys, scope, assigns }]);
  };
  // One walk, with the ancestors at hand: a bundle has tens of thousands of declarations.
  walk(statement, (node, ancestors) => {
    if (node.type === 'VariableDeclaration') {
      for (const declarator of node.declarations) {
        if (declarator.id.type !== 'Identifier' && declarator.init) add(declarator.id, declarator.init, declarationScope(node, ancestors));
      }
    } else if (node.type === 'AssignmentExpression' && (node.left.type === 'ObjectPattern' || node.left.type === 'ArrayPattern')) {
      add(node.left, node.right, node.left, true);
    } else if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type === 'VariableDeclaration') {
      // Each element of what `for…of` runs over; `for…in` gives keys.
      const declared = node.left.declarations[0]?.id;
      if (declared) add(declared, node.type === 'ForOfStatement' ? node.right : undefined, node);
    } else if (node.type === 'ForOfStatement') {
      // `for ({ email: user } of accounts)`: assigns variables declared elsewhere, each element in turn.
      add(node.left, node.right, node.left, true);
    }
  });
  return found;
}

/**
 * Each name a pattern binds, or member it writes (`({ email: svc.user } = req.body)`), with the keys read
 * to reach it (`{ body: { password } }`: `password` by `body`, `password`).
 */
function patternPaths(pattern: Node, keys: string[]): [TSESTree.Identifier | TSESTree.MemberExpression, string[]][] {
  switch (pattern.type) {
    case 'Identifier':
    case 'MemberExpression':
      return [[pattern, keys]];
    case 'AssignmentPattern':
      return patternPaths(pattern.left, keys);
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement' ? patternPaths(property.argument, keys) : patternPaths(property.value, [...keys, propertyKeyName(property) ?? '']),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternPaths(element, keys) : []));
    case 'RestElement':
      return patternPaths(pattern.argument, keys);
    default:
      return [];
  }
}

/** Where the function's parameters bind `name`: the name in the parameter (in a destructured one too). */
function parameterNamed(fn: TSESTree.FunctionLike, name: string): Node | undefined {
  let found: Node | undefined;
  for (const parameter of fn.params) {
    walk(parameter, (node) => {
      if (!found && node.type === 'Identifier' && node.name === name) found = node;
    });
  }
  return found;
}

type Related = NonNullable<RuleHit['related']>[number];

export interface FixesForCaller<F> {
  fixes: F[];
  related: Related[];
  /** The finding's advice, given what it usually advises. */
  advice(usual: string): string;
}

/**
 * A finding's fixes and advice, for credentials the caller gives: none of the fixes where they come
 * from a request or a prompt (each would let any caller, or whoever runs the program, in as one
 * account); where they come from the command line or a parameter, or could not be followed, the fixes
 * stay, but not for a fix-all.
 */
export function fixesForCaller<F extends { safeForFixAll: boolean }>(credential: CallerCredential | undefined, fixes: F[]): FixesForCaller<F> {
  if (!credential) return { fixes, related: [], advice: (usual) => usual };
  const at = (message: string): Related[] => [{ message, startOffset: credential.node.range[0], endOffset: credential.node.range[1] }];
  if (credential.from === 'request' || credential.from === 'typed') {
    const { related, advice } = WITHOUT_FIX[credential.from === 'typed' ? (credential.asker ?? 'terminal') : 'request'];
    return { fixes: [], related: at(related), advice: () => advice };
  }
  const from = credential.from;
  const unattended = fixes.map((fix) => ({ ...fix, safeForFixAll: false }));
  return {
    fixes: unattended,
    related: at(CALLER_RELATED[from]),
    advice: (usual) => (fixes.length > 0 ? `${usual} ${CALLER_NOTES[from]}` : usual),
  };
}

/** Where the credentials are whoever calls or runs the code (by where they type them in): what the finding says in place of a fix. */
const WITHOUT_FIX: Record<'request' | Asker, { related: string; advice: string }> = {
  request: {
    related: 'the credentials come from the request here: one stored token would let any caller in',
    advice:
      'The credentials come from the request: this signs in whoever calls it, and no stored token can stand in for them. ' +
      "Sign users in interactively instead (the authorization code flow with PKCE, such as msal-node's acquireTokenByCode or " +
      "@azure/identity's InteractiveBrowserCredential) rather than taking their passwords.",
  },
  terminal: {
    related: 'the password is typed in here by whoever runs the program',
    advice:
      'The credentials are typed in by whoever runs the program: a stored token would sign everyone in as one account. ' +
      "Sign that person in with the device code flow (msal-node's acquireTokenByDeviceCode, @azure/identity's DeviceCodeCredential) " +
      'or in the browser (acquireTokenInteractive, InteractiveBrowserCredential), which perform MFA.',
  },
  vscode: {
    related: 'the password is typed in here by whoever uses the extension',
    advice:
      'The credentials are typed in by whoever uses the extension: a stored token would sign everyone in as one account. ' +
      "Sign that person in with VS Code's own Microsoft account sign-in, which performs MFA: " +
      'vscode.authentication.getSession("microsoft", scopes, { createIfNone: true }) gives a session with an access token for the scopes.',
  },
  'mobile-app': {
    related: 'the password is typed in here by whoever uses the app',
    advice:
      'The credentials are typed in by whoever uses the app: a stored token would sign everyone in as one account. ' +
      "Sign that person in interactively with the authorization code flow with PKCE in the system browser (MSAL for Android or iOS, or an OAuth library's authorize call), which performs MFA.",
  },
  page: {
    related: 'the password is typed in here by whoever uses the page',
    advice:
      'The credentials are typed in by whoever uses the page: a stored token would sign everyone in as one account. ' +
      "Sign that person in with MSAL.js in the page (@azure/msal-browser's loginPopup or acquireTokenPopup), which performs MFA.",
  },
};

const CALLER_RELATED: Record<'command-line' | 'accounts' | 'parameter' | 'unknown', string> = {
  'command-line': "the credentials come from the program's command line here",
  accounts: "the file's calls give this parameter different accounts",
  parameter: "the credentials are the callers' (a parameter)",
  unknown: 'the credentials could not be followed from here',
};

const CALLER_NOTES: Record<'command-line' | 'accounts' | 'parameter' | 'unknown', string> = {
  'command-line':
    "The credentials come from the program's command line: whoever runs it may pass their own, which a Secure Application Model token " +
    'would replace with the consented account, so fix-all (mfa-ready fix) leaves the fixes to you; where people pass their own password, ' +
    'sign them in with the device code flow instead.',
  accounts:
    "The file's calls pass this sign-in different accounts: a Secure Application Model token would sign them all in as the one " +
    'consented account, so fix-all (mfa-ready fix) leaves the fixes to you; give each account its own consent and refresh token, ' +
    'or sign the ones that are people in interactively.',
  parameter:
    "The credentials are the callers' (parameters): a Secure Application Model token would sign every caller in as the consented account, " +
    "so fix-all (mfa-ready fix) leaves the fixes to you; where callers pass a user's own password, sign that user in interactively instead.",
  unknown: 'mfa-ready could not follow the credentials to where they come from, so fix-all (mfa-ready fix) leaves the fixes to you.',
};

/** An argument as written, without its spacing: two calls that write the same value pass the same account. */
function writtenAs(context: TypeScriptRuleContext, argument: Node): string {
  return context.text.slice(argument.range[0], argument.range[1]).replace(/\s+/g, '');
}

/** What the file's `Object.assign(this, …)` calls copy into an object's members: `options` of `Object.assign(this, options)`. */
function copiedIntoThis(context: TypeScriptRuleContext): Node[] {
  // Most files have none: the text says so before a walk of every call in the module.
  if (!context.text.includes('assign')) return [];
  const copies = methodCalls(context.program, 'assign').filter((call) => isObjectAssign(call) && call.arguments[0]?.type === 'ThisExpression');
  return copies.flatMap((call) => call.arguments.slice(1).map((source) => (source.type === 'SpreadElement' ? source.argument : source)));
}
