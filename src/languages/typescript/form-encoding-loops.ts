import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, walk, type Node } from './ast';

/**
 * Form bodies a file encodes by hand, going through an object's keys and writing `key=value` pairs:
 * the widely copied `for (const k in details) formBody.push(k + '=' + …); formBody.join('&')`, and
 * `Object.keys(details).map((k) => k + '=' + …).join('&')`. The object is then the body, as the
 * argument of `qs.stringify` is. So is an object whose keys a loop adds to a form (`params.append(k, details[k])`).
 */

/** A loop over an object's keys that pushes `key=value` texts into an array. */
export interface KeyLoopPush {
  /** The array pushed into (`formBody` in `formBody.push(…)`). */
  receiver: Node;
  /** The object whose keys the loop goes through. */
  object: Node;
  /** What is pushed. */
  pushed: Node;
}

/** The key loops of a program that push pairs into an array. */
export function keyLoopPushes(program: TSESTree.Program): KeyLoopPush[] {
  return keyLoops(program).flatMap(({ object, body }) => {
    const found: KeyLoopPush[] = [];
    walk(body, (node) => {
      const push = node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'push' ? node : undefined;
      if (push && push.arguments.length === 1 && writesPair(push)) found.push({ receiver: (push.callee as TSESTree.MemberExpression).object, object, pushed: push.arguments[0] });
    });
    return found;
  });
}

/** A loop over an object's keys that adds each key to a form (`params.append(key, details[key])`). */
export interface KeyLoopAppend {
  /** The `.append()`/`.set()` call whose name is the loop's key. */
  call: TSESTree.CallExpression;
  /** The object whose keys the loop goes through. */
  object: Node;
}

/** The key loops of a program that add each key to a form with one of `methods` (`append`, `set`). */
export function keyLoopAppends(program: TSESTree.Program, methods: readonly string[]): KeyLoopAppend[] {
  return keyLoops(program).flatMap(({ object, body, key }) => {
    const found: KeyLoopAppend[] = [];
    walk(body, (node) => {
      if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || !methods.includes(memberName(node.callee) ?? '')) return;
      const name = node.arguments[0];
      if (key && name?.type === 'Identifier' && name.name === key) found.push({ call: node, object });
    });
    return found;
  });
}

interface KeyLoop {
  object: Node;
  body: Node;
  /** The name the loop gives each key (`k` in `for (const k in o)`, `([k, v]) =>` over `Object.entries(o)`). */
  key: string | undefined;
}

/** `for (k in o)`, `for (k of Object.keys(o))`, `for ([k, v] of Object.entries(o))` and `Object.keys(o).forEach((k) => …)`. */
function keyLoops(program: TSESTree.Program): KeyLoop[] {
  const loops: KeyLoop[] = [];
  for (const loop of nodesOfType(program, 'ForInStatement')) loops.push({ object: loop.right, body: loop.body, key: keyBound(loop.left) });
  for (const loop of nodesOfType(program, 'ForOfStatement')) {
    const object = keysListedOf(loop.right);
    if (object) loops.push({ object, body: loop.body, key: keyBound(loop.left) });
  }
  for (const call of nodesOfType(program, 'CallExpression')) {
    const object = call.callee.type === 'MemberExpression' && memberName(call.callee) === 'forEach' ? keysListedOf(call.callee.object) : undefined;
    const callback = call.arguments[0];
    if (object && callback) loops.push({ object, body: callback, key: callbackKey(callback) });
  }
  return loops;
}

function callbackKey(callback: Node): string | undefined {
  return callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression' ? keyBound(callback.params[0]) : undefined;
}

/** The key's name in a loop's binding: `k`, or the first of `[k, v]`. */
function keyBound(binding: Node | undefined): string | undefined {
  const target = binding?.type === 'VariableDeclaration' ? binding.declarations[0]?.id : binding;
  if (target?.type === 'Identifier') return target.name;
  const first = target?.type === 'ArrayPattern' ? target.elements[0] : undefined;
  return first?.type === 'Identifier' ? first.name : undefined;
}

/** For `Object.keys(details).map((k) => k + '=' + …)`, the object whose pairs the map writes. */
export function mappedPairsOf(call: Node): Node | undefined {
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || memberName(call.callee) !== 'map') return undefined;
  const object = keysListedOf(call.callee.object);
  return object && call.arguments[0] && writesPair(call.arguments[0]) ? object : undefined;
}

/** Whether code that encodes an object's pairs also writes a field of its own (`'&client_id=' + id`): a rewrite of the object would not see it. */
export function writesOwnField(code: Node): boolean {
  return stringsOf(code).some((text) => /(?:^|[?&])\s*[a-z_]+=/i.test(text));
}

/** The texts of the string literals and template parts in some code. */
export function stringsOf(code: Node): string[] {
  const texts: string[] = [];
  walk(code, (node) => {
    if (node.type === 'Literal' && typeof node.value === 'string') texts.push(node.value);
    if (node.type === 'TemplateElement') texts.push(node.value.cooked ?? node.value.raw);
  });
  return texts;
}

function writesPair(code: Node): boolean {
  return stringsOf(code).some((text) => text.includes('='));
}

/** X in `Object.keys(X)` and `Object.entries(X)`. */
export function keysListedOf(node: Node): Node | undefined {
  return listedOf(node, ['keys', 'entries']);
}

/** X in `Object.entries(X)`: X's `[key, value]` pairs. */
export function entriesListedOf(node: Node): Node | undefined {
  return listedOf(node, ['entries']);
}

function listedOf(node: Node, methods: readonly string[]): Node | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
  const { object } = node.callee;
  const argument = node.arguments[0];
  const lists = object.type === 'Identifier' && object.name === 'Object' && methods.includes(memberName(node.callee) ?? '');
  return lists && argument && argument.type !== 'SpreadElement' ? argument : undefined;
}
