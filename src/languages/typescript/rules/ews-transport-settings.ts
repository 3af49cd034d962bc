import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestorsOf, functionsAround, isFunction, memberName, nodesOfType, parentOf, TYPE_ASSERTIONS, type Node } from '../ast';
import { bindingOf, sameBinding, within } from '../name-bindings';
import { fileFunctionCalls } from '../passed-arguments';
import type { TypeScriptRuleContext } from '../rule-context';

/**
 * Where the file installs an NTLM or cookie transport: for every service (`ConfigurationApi.ConfigureXHR(t)`,
 * the static `ExchangeService.XHRApi = t`), or for one service object (`service.XHRApi = t`), at `node`.
 * `via`: the calls of the file's functions it goes through (a function returning the transport, one
 * given the service as its parameter), which run whenever it is installed so.
 */
export type TransportSetting = { node: Node; service?: Node; via: Node[] };

/** Values that are the transport itself: a cast, a choice of a `?:` or `||`, an XhrApi method's (chained) result. */
const SAME_VALUE = new Set(['ConditionalExpression', 'LogicalExpression', 'ChainExpression', ...TYPE_ASSERTIONS]);

/**
 * Where a transport (`new ntlmAuthXhrApi(…)`, `new XhrApi(…).useNtlmAuthentication(…)`, `xhr.useNtlmAuthentication(…)`,
 * a provider given to `xhr.setAuthProvider(…)`) is installed, directly or through variables that hold it.
 * None where the file does not show it (a transport made and returned, say).
 */
export function transportSettings(context: TypeScriptRuleContext, transport: Node): TransportSetting[] {
  const start = transport.type === 'CallExpression' && transport.callee.type === 'MemberExpression' ? transport.callee.object : transport;
  return settingsOf(context, start, new Set()).flatMap((setting) => (setting.service ? servicesPassed(context, setting, 0) : [setting]));
}

function settingsOf(context: TypeScriptRuleContext, start: Node, seen: Set<Node>): TransportSetting[] {
  if (seen.has(start)) return [];
  seen.add(start);
  const value = sameValueAround(context, start);
  const parent = parentOf(context.program, value);
  const viaVariable = start.type === 'Identifier' ? usesOfVariable(context, start).flatMap((use) => settingsOf(context, use, seen)) : [];
  if (!parent) return viaVariable;
  const returnedBy = returningFunction(context, parent, value);
  if (returnedBy) return [...viaVariable, ...installedWhereCalled(context, returnedBy, seen)];
  if (parent.type === 'CallExpression' && parent.arguments.includes(value as TSESTree.CallExpressionArgument) && parent.callee.type === 'MemberExpression') {
    const method = memberName(parent.callee);
    if (method === 'ConfigureXHR') return [{ node: parent, via: [] }];
    if (method === 'setAuthProvider') return settingsOf(context, parent.callee.object, seen);
  }
  if (parent.type === 'AssignmentExpression' && parent.right === value) {
    const left = parent.left;
    if (left.type === 'MemberExpression' && memberName(left) === 'XHRApi') return [isExchangeServiceClass(context, left.object) ? { node: parent, via: [] } : { node: parent, service: left.object, via: [] }];
    if (left.type === 'Identifier') return [...viaVariable, ...settingsOf(context, left, seen)];
  }
  if (parent.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier') return [...viaVariable, ...settingsOf(context, parent.id, seen)];
  return viaVariable;
}

/** The file's function that returns `value`: by a `return` of its own, or as an arrow's body. */
function returningFunction(context: TypeScriptRuleContext, parent: Node, value: Node): Node | undefined {
  if (isFunction(parent)) return parent.body === value ? parent : undefined;
  if (parent.type !== 'ReturnStatement' || parent.argument !== value) return undefined;
  return functionsAround(context.program, parent).at(-1);
}

/** A transport a function returns is installed where the values of the file's calls of it are. */
function installedWhereCalled(context: TypeScriptRuleContext, fn: Node, seen: Set<Node>): TransportSetting[] {
  return fileFunctionCalls(context)
    .callsOf(fn)
    .flatMap((call) => settingsOf(context, call, seen).map((setting) => ({ ...setting, via: [call, ...setting.via] })));
}

const MAX_PASSED = 4;

/**
 * A transport installed for a function's parameter (`function withNtlm(svc) { svc.XHRApi = … }`) carries
 * the service each of the file's calls of the function passes it (`withNtlm(service)`).
 */
function servicesPassed(context: TypeScriptRuleContext, setting: TransportSetting, depth: number): TransportSetting[] {
  const service = setting.service!;
  const calls = fileFunctionCalls(context);
  const binding = service.type === 'Identifier' && depth < MAX_PASSED ? calls.bindingOf(service) : undefined;
  if (!binding || binding.property) return [setting];
  return calls.callsOf(binding.fn).flatMap((call) => {
    const passed = calls.argumentValues(binding, () => [], call) ?? [];
    return passed.flatMap((argument) => servicesPassed(context, { ...setting, service: argument, via: [...setting.via, call] }, depth + 1));
  });
}

/** The outermost expression around `node` that has its value: through casts, choices and calls of its own (chainable) methods. */
function sameValueAround(context: TypeScriptRuleContext, node: Node): Node {
  let value = node;
  for (;;) {
    const parent = parentOf(context.program, value);
    const grandparent = parent && parentOf(context.program, parent);
    if (parent && SAME_VALUE.has(parent.type) && !(parent.type === 'ConditionalExpression' && parent.test === value)) value = parent;
    else if (parent?.type === 'MemberExpression' && parent.object === value && grandparent?.type === 'CallExpression' && grandparent.callee === parent) value = grandparent;
    else return value;
  }
}

function isExchangeServiceClass(context: TypeScriptRuleContext, node: Node): boolean {
  const target = context.facts.resolveImport(node);
  return target?.module === 'ews-javascript-api' && target.name === 'ExchangeService';
}

/** Where the file reads the variable a name is (the same binding), other than at `name` itself. */
function usesOfVariable(context: TypeScriptRuleContext, name: TSESTree.Identifier): TSESTree.Identifier[] {
  const binding = bindingOf(context, name);
  return nodesOfType(context.program, 'Identifier').filter((use) => {
    if (use === name || use.name !== name.name) return false;
    const parent = parentOf(context.program, use);
    const asKey = (parent?.type === 'MemberExpression' && parent.property === use && !parent.computed) || (parent?.type === 'Property' && parent.key === use && !parent.shorthand);
    return !asKey && sameBinding(binding, bindingOf(context, use));
  });
}

/**
 * Whether `node` runs whenever `other` does, as far as the shape of the code tells: no branch (an if's or a
 * switch's, a `?:`, the right of `&&`/`||`/`??`, a try block that has a catch, a catch or finally) lies between it and the nearest node
 * around both, and its function does not return or throw before it (after `other`, where that is in it too).
 * In a function `other` is not in, `node` runs whenever the function does, and where the file calls the
 * function, one of its calls runs whenever `other` does (`if (onPremises) useNtlm()` does not), and no branch
 * lies between the function and the nearest node around both (a callback written in an `if`). A function the
 * file does not call (a method, an export) is taken to run: the file cannot tell.
 */
export function onEveryPathOf(context: TypeScriptRuleContext, node: Node, other: Node, depth = 0): boolean {
  const path = [...ancestorsOf(context.program, node), node];
  const otherPath = new Set(ancestorsOf(context.program, other));
  let common = path.length - 1;
  while (common > 0 && !otherPath.has(path[common]) && path[common] !== other) common--;
  const fnAt = path.findIndex((step, i) => i > common && i < path.length - 1 && isFunction(step));
  const unbranched = (to: number) => path.slice(common + 1, to + 1).every((child, i) => !branches(path[common + i], child));
  if (fnAt >= 0) return unbranched(fnAt) && onEveryPathOf(context, node, path[fnAt], depth) && calledOnEveryPathOf(context, path[fnAt], other, depth);
  return unbranched(path.length - 1) && !leftBefore(context, node, other);
}

const MAX_CALL_DEPTH = 4;

function calledOnEveryPathOf(context: TypeScriptRuleContext, fn: Node, other: Node, depth: number): boolean {
  const around = parentOf(context.program, fn);
  // `(() => { … })()`: called where it is written.
  const calls = around?.type === 'CallExpression' && around.callee === fn ? [around] : fileFunctionCalls(context).callsOf(fn);
  if (calls.length === 0) return true;
  return depth < MAX_CALL_DEPTH && calls.some((call) => onEveryPathOf(context, call, other, depth + 1));
}

/** Whether the function around `node` may return or throw before it, after `other` where `other` is in that function. */
function leftBefore(context: TypeScriptRuleContext, node: Node, other: Node): boolean {
  const fn = functionOf(context, node);
  const from = other !== fn && within(other, fn) ? other.range[1] : fn.range[0];
  return nodesOfType(context.program, 'ReturnStatement', 'ThrowStatement').some(
    (exit) => exit.range[0] >= from && exit.range[1] <= node.range[0] && functionOf(context, exit) === fn,
  );
}

function functionOf(context: TypeScriptRuleContext, node: Node): Node {
  return functionsAround(context.program, node).at(-1) ?? context.program;
}

function branches(parent: Node, child: Node): boolean {
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      return child !== parent.test;
    case 'LogicalExpression':
      return child === parent.right;
    case 'SwitchStatement':
      return child !== parent.discriminant;
    case 'TryStatement':
      // What a caught throw skips in the try block is left out on the path that goes on after the catch.
      return child === parent.handler || child === parent.finalizer || (child === parent.block && !!parent.handler);
    default:
      return false;
  }
}
