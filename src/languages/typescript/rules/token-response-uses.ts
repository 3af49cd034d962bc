import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, thenReceiver, TYPE_ASSERTIONS, walk, type Node } from '../ast';

/**
 * Where code holds a token request's response: the variable, in the function (or callback) that
 * binds it, and how the parsed JSON is reached from it (`r.data`, `r.body`, `await r.json()`); none
 * when the variable holds the parsed JSON itself.
 */
export interface ResponseBinding {
  scope: Node;
  name: string;
  parsed?: 'json()' | 'data' | 'body';
}

/** What the functions here ask of the file around a response. */
export interface CodeAround {
  parentOf(node: Node): Node | undefined;
  /**
   * Whether the call tests its first argument with the functions of the object it is given, and hands
   * it nowhere else: k6's `check(res, { ok: (r) => r.status === 200 })`.
   */
  checksWithFunctions(call: TSESTree.CallExpression): boolean;
}


/** Names and promise-chain links a response is followed through. */
const MAX_FOLLOWS = 4;

/**
 * The first place that hands the parsed token response on whole: returns it, passes it to a call
 * (`res.json(r.data)`, `console.log(data)`), or keeps it (`this.token = data`). Reading its fields
 * (`data.access_token`, `const { access_token } = data`) and testing it keep it in the code, and so
 * does a promise chain that goes on to read its fields (`.then((r) => r.json()).then((j) => j.access_token)`).
 * After a Secure Application Model fix the response carries the partner's refresh token.
 */
export function wholeResponseHandedOn(binding: ResponseBinding, around: CodeAround, follows = 0): Node | undefined {
  for (const read of wholeResponseReads(binding, around)) {
    const handed = whereHandedOn(read, binding.scope, around, follows);
    if (handed) return handed;
  }
  return undefined;
}

/**
 * Where a request's own value is handed on whole when no name holds it and no `.then` callback reads
 * it: `return fetch(…)`, `=> axios.post(…)`, `return got.post(…).json()`, `.then(() => fetch(…))`.
 * The value is the response, or a promise of it, down a chain of the request's own methods
 * (`.json()`, `.send(body)`); a request given a callback (`request.post(options, (err, res) => …)`,
 * `.on('response', …)`) hands the response to that callback instead.
 */
export function requestHandedOn(call: Node, around: CodeAround): Node | undefined {
  let value = call;
  for (;;) {
    if (value.type === 'CallExpression' && value.arguments.some(isFunction)) return undefined;
    const member = around.parentOf(value);
    const next = member && around.parentOf(member);
    const method = member?.type === 'MemberExpression' && member.object === value ? memberName(member) : undefined;
    if (!method || PROMISE_METHODS.has(method) || next?.type !== 'CallExpression' || next.callee !== member) break;
    value = next;
  }
  return whereChainGoes(value, scopeOf(value, around), around, 0);
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** The function a node is written in, or the module. */
function scopeOf(node: Node, around: CodeAround): Node {
  let root = node;
  for (let parent = around.parentOf(root); parent; parent = around.parentOf(root)) {
    if (isFunction(parent)) return parent;
    root = parent;
  }
  return root;
}

/** Where an expression that is the whole response goes, if it leaves the code's hands. */
function whereHandedOn(read: Node, scope: Node, around: CodeAround, follows: number): Node | undefined {
  const { node, parent } = outermost(read, around);
  if (!parent || readsFieldsOnly(node, parent)) return undefined;
  if (follows >= MAX_FOLLOWS) return parent;
  // `JSON.parse(body)` of a response read as text (request-promise's, a callback's body) is the response still.
  if (isJsonParseOf(node, parent)) return whereHandedOn(parent, scope, around, follows + 1);
  if (parent.type === 'CallExpression' && parent.arguments[0] === node && around.checksWithFunctions(parent)) {
    return whereCheckersHandOn(parent, around, follows + 1);
  }
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    return wholeResponseHandedOn({ scope, name: parent.id.name }, around, follows + 1);
  }
  const callback = thenCallbackReturning(node, parent, around);
  const chain = callback && around.parentOf(callback);
  return chain ? whereChainGoes(chain, scope, around, follows + 1) : parent;
}

/**
 * Where the functions a check tests the response with hand it on (`(r) => r.status === 200` keeps it):
 * the check itself where they are not written in the object it is given.
 */
function whereCheckersHandOn(check: TSESTree.CallExpression, around: CodeAround, follows: number): Node | undefined {
  const checkers = check.arguments[1];
  if (checkers?.type !== 'ObjectExpression') return check;
  for (const property of checkers.properties) {
    const checker = property.type === 'Property' ? property.value : undefined;
    if (!checker || !isFunction(checker) || !checker.body) return check;
    const parameter = checker.params[0];
    if (!parameter) continue;
    if (parameter.type !== 'Identifier') return check;
    const handed = wholeResponseHandedOn({ scope: checker.body, name: parameter.name }, around, follows);
    if (handed) return handed;
  }
  return undefined;
}

/**
 * Where a promise chain that resolves to the response takes it: the next `.then` callback's
 * parameter (followed on), past `.catch`/`.finally`, or what holds the chain.
 */
function whereChainGoes(chain: Node, scope: Node, around: CodeAround, follows: number): Node | undefined {
  for (let link = chain; ; ) {
    const member = around.parentOf(link);
    const call = member && around.parentOf(member);
    if (member?.type !== 'MemberExpression' || member.object !== link) return whereHandedOn(link, scope, around, follows);
    if (call?.type !== 'CallExpression' || call.callee !== member) return member;
    const name = memberName(member);
    if (name === 'catch' || name === 'finally') {
      link = call;
      continue;
    }
    const reader = call.arguments[0];
    if (name !== 'then' || !reader || !isFunction(reader)) return call;
    const parameter = reader.params[0];
    return parameter?.type === 'Identifier' ? wholeResponseHandedOn({ scope: reader.body, name: parameter.name }, around, follows) : undefined;
  }
}

/** The `.then(…)` call whose callback returns `node` (as its expression body, or in a `return`). */
function thenCallbackReturning(node: Node, parent: Node, around: CodeAround): Node | undefined {
  let fn: Node | undefined;
  if ((parent.type === 'ArrowFunctionExpression' && parent.body === node) || parent.type === 'ReturnStatement') {
    fn = parent.type === 'ReturnStatement' ? enclosingFunction(parent, around) : parent;
  }
  return fn && thenReceiver(around.parentOf(fn), fn) ? fn : undefined;
}

function enclosingFunction(node: Node, around: CodeAround): Node | undefined {
  for (let current = around.parentOf(node); current; current = around.parentOf(current)) if (isFunction(current)) return current;
  return undefined;
}

/** The expressions in the scope that are the parsed response: `data`, `r.data`, `r.json()`. */
function wholeResponseReads({ scope, name, parsed }: ResponseBinding, around: CodeAround): Node[] {
  const reads: Node[] = [];
  walk(scope, (node) => {
    if (node.type !== 'Identifier' || node.name !== name) return;
    const parent = around.parentOf(node);
    // Not the name's own declaration, nor a property of something else named like it.
    if (parent?.type === 'VariableDeclarator' && parent.id === node) return;
    // Nor a parameter named like it (`check(res, { ok: (res) => … })`), which declares a name of its own.
    if (parent && isFunction(parent) && parent.params.includes(node as never)) return;
    // A name in a type (`{ body: Login }`) reads nothing.
    if (parent && parent.type.startsWith('TS') && !TYPE_ASSERTIONS.has(parent.type)) return;
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent?.type === 'Property' && ((parent.key === node && !parent.shorthand) || around.parentOf(parent)?.type === 'ObjectPattern')) return;
    // The response itself too: handed on whole (`return response`), it carries the parsed JSON. Not
    // fetch's Response given to a call (`checkStatus(response)`): its body is read here, with .json().
    const toCall = parent?.type === 'CallExpression' && parent.arguments.includes(node as never);
    if (!(parsed === 'json()' && toCall)) reads.push(node);
    if (parsed && parent?.type === 'MemberExpression' && parent.object === node && memberName(parent) === (parsed === 'json()' ? 'json' : parsed)) {
      const call = around.parentOf(parent);
      if (parsed !== 'json()') reads.push(parent);
      else if (call?.type === 'CallExpression' && call.callee === parent) reads.push(call);
    }
  });
  return reads;
}

/** An expression with the `await`, parentheses-like TypeScript wrappers and `||`/`??` defaults around it, and what holds that. */
function outermost(node: Node, around: CodeAround): { node: Node; parent: Node | undefined } {
  let current = node;
  for (let parent = around.parentOf(current); parent; parent = around.parentOf(current)) {
    const wraps =
      parent.type === 'AwaitExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'ChainExpression' ||
      (parent.type === 'LogicalExpression' && parent.operator !== '&&');
    if (!wraps) return { node: current, parent };
    current = parent;
  }
  return { node: current, parent: undefined };
}

/** Whether the parent only reads the response's fields or tests it. */
function readsFieldsOnly(node: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node;
    // Dropped (`await fetch(…);`).
    case 'ExpressionStatement':
      return true;
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'IfStatement':
    case 'ConditionalExpression':
      return parent.type !== 'ConditionalExpression' || parent.test === node;
    case 'LogicalExpression':
      return parent.operator === '&&' && parent.left === node;
    case 'VariableDeclarator':
      return parent.id.type === 'ObjectPattern' && parent.id.properties.every((property) => property.type === 'Property');
    default:
      return false;
  }
}

/** Whether `call` is `JSON.parse(node)`. */
export function isJsonParseOf(node: Node, call: Node): boolean {
  if (call.type !== 'CallExpression' || call.arguments[0] !== node || call.callee.type !== 'MemberExpression') return false;
  const { object } = call.callee;
  return object.type === 'Identifier' && object.name === 'JSON' && memberName(call.callee) === 'parse';
}
