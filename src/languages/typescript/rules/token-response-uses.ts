import { isFunction, memberName, walk, type Node } from '../ast';

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

type ParentOf = (node: Node) => Node | undefined;

const TS_EXPRESSIONS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);

/** Names and promise-chain links a response is followed through. */
const MAX_FOLLOWS = 4;

/**
 * The first place that hands the parsed token response on whole: returns it, passes it to a call
 * (`res.json(r.data)`, `console.log(data)`), or keeps it (`this.token = data`). Reading its fields
 * (`data.access_token`, `const { access_token } = data`) and testing it keep it in the code, and so
 * does a promise chain that goes on to read its fields (`.then((r) => r.json()).then((j) => j.access_token)`).
 * After a Secure Application Model fix the response carries the partner's refresh token.
 */
export function wholeResponseHandedOn(binding: ResponseBinding, parentOf: ParentOf, follows = 0): Node | undefined {
  for (const read of wholeResponseReads(binding, parentOf)) {
    const handed = whereHandedOn(read, binding.scope, parentOf, follows);
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
export function requestHandedOn(call: Node, parentOf: ParentOf): Node | undefined {
  let value = call;
  for (;;) {
    if (value.type === 'CallExpression' && value.arguments.some(isFunction)) return undefined;
    const member = parentOf(value);
    const next = member && parentOf(member);
    const method = member?.type === 'MemberExpression' && member.object === value ? memberName(member) : undefined;
    if (!method || PROMISE_METHODS.has(method) || next?.type !== 'CallExpression' || next.callee !== member) break;
    value = next;
  }
  return whereChainGoes(value, scopeOf(value, parentOf), parentOf, 0);
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** The function a node is written in, or the module. */
function scopeOf(node: Node, parentOf: ParentOf): Node {
  let root = node;
  for (let parent = parentOf(root); parent; parent = parentOf(root)) {
    if (isFunction(parent)) return parent;
    root = parent;
  }
  return root;
}

/** Where an expression that is the whole response goes, if it leaves the code's hands. */
function whereHandedOn(read: Node, scope: Node, parentOf: ParentOf, follows: number): Node | undefined {
  const { node, parent } = outermost(read, parentOf);
  if (!parent || readsFieldsOnly(node, parent)) return undefined;
  if (follows >= MAX_FOLLOWS) return parent;
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    return wholeResponseHandedOn({ scope, name: parent.id.name }, parentOf, follows + 1);
  }
  const callback = thenCallbackReturning(node, parent, parentOf);
  const chain = callback && parentOf(callback);
  return chain ? whereChainGoes(chain, scope, parentOf, follows + 1) : parent;
}

/**
 * Where a promise chain that resolves to the response takes it: the next `.then` callback's
 * parameter (followed on), past `.catch`/`.finally`, or what holds the chain.
 */
function whereChainGoes(chain: Node, scope: Node, parentOf: ParentOf, follows: number): Node | undefined {
  for (let link = chain; ; ) {
    const member = parentOf(link);
    const call = member && parentOf(member);
    if (member?.type !== 'MemberExpression' || member.object !== link) return whereHandedOn(link, scope, parentOf, follows);
    if (call?.type !== 'CallExpression' || call.callee !== member) return member;
    const name = memberName(member);
    if (name === 'catch' || name === 'finally') {
      link = call;
      continue;
    }
    const reader = call.arguments[0];
    if (name !== 'then' || !reader || !isFunction(reader)) return call;
    const parameter = reader.params[0];
    return parameter?.type === 'Identifier' ? wholeResponseHandedOn({ scope: reader.body, name: parameter.name }, parentOf, follows) : undefined;
  }
}

/** The `.then(…)` call whose callback returns `node` (as its expression body, or in a `return`). */
function thenCallbackReturning(node: Node, parent: Node, parentOf: ParentOf): Node | undefined {
  let fn: Node | undefined;
  if ((parent.type === 'ArrowFunctionExpression' && parent.body === node) || parent.type === 'ReturnStatement') {
    fn = parent.type === 'ReturnStatement' ? enclosingFunction(parent, parentOf) : parent;
  }
  const call = fn && parentOf(fn);
  const isThen = call?.type === 'CallExpression' && call.arguments[0] === fn && call.callee.type === 'MemberExpression' && memberName(call.callee) === 'then';
  return isThen ? fn : undefined;
}

function enclosingFunction(node: Node, parentOf: ParentOf): Node | undefined {
  for (let current = parentOf(node); current; current = parentOf(current)) if (isFunction(current)) return current;
  return undefined;
}

/** The expressions in the scope that are the parsed response: `data`, `r.data`, `r.json()`. */
function wholeResponseReads({ scope, name, parsed }: ResponseBinding, parentOf: ParentOf): Node[] {
  const reads: Node[] = [];
  walk(scope, (node) => {
    if (node.type !== 'Identifier' || node.name !== name) return;
    const parent = parentOf(node);
    // Not the name's own declaration, nor a property of something else named like it.
    if (parent?.type === 'VariableDeclarator' && parent.id === node) return;
    // A name in a type (`{ body: Login }`) reads nothing.
    if (parent && parent.type.startsWith('TS') && !TS_EXPRESSIONS.has(parent.type)) return;
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent?.type === 'Property' && ((parent.key === node && !parent.shorthand) || parentOf(parent)?.type === 'ObjectPattern')) return;
    // The response itself too: handed on whole (`return response`), it carries the parsed JSON. Not
    // fetch's Response given to a call (`checkStatus(response)`): its body is read here, with .json().
    const toCall = parent?.type === 'CallExpression' && parent.arguments.includes(node as never);
    if (!(parsed === 'json()' && toCall)) reads.push(node);
    if (parsed && parent?.type === 'MemberExpression' && parent.object === node && memberName(parent) === (parsed === 'json()' ? 'json' : parsed)) {
      const call = parentOf(parent);
      if (parsed !== 'json()') reads.push(parent);
      else if (call?.type === 'CallExpression' && call.callee === parent) reads.push(call);
    }
  });
  return reads;
}

/** An expression with the `await`, parentheses-like TypeScript wrappers and `||`/`??` defaults around it, and what holds that. */
function outermost(node: Node, parentOf: ParentOf): { node: Node; parent: Node | undefined } {
  let current = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
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
