import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, walk, type Node } from '../ast';

/**
 * Form bodies a file encodes by hand, going through an object's keys and writing `key=value` pairs:
 * the widely copied `for (const k in details) formBody.push(k + '=' + …); formBody.join('&')`, and
 * `Object.keys(details).map((k) => k + '=' + …).join('&')`. The object is then the body, as the
 * argument of `qs.stringify` is.
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
  const found: KeyLoopPush[] = [];
  const add = (object: Node, body: Node): void => {
    walk(body, (node) => {
      const push = node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && memberName(node.callee) === 'push' ? node : undefined;
      if (push && push.arguments.length === 1 && writesPair(push)) found.push({ receiver: (push.callee as TSESTree.MemberExpression).object, object, pushed: push.arguments[0] });
    });
  };
  for (const loop of nodesOfType(program, 'ForInStatement')) add(loop.right, loop.body);
  for (const loop of nodesOfType(program, 'ForOfStatement')) {
    const object = keysListedOf(loop.right);
    if (object) add(object, loop.body);
  }
  for (const call of nodesOfType(program, 'CallExpression')) {
    const object = call.callee.type === 'MemberExpression' && memberName(call.callee) === 'forEach' ? keysListedOf(call.callee.object) : undefined;
    if (object && call.arguments[0]) add(object, call.arguments[0]);
  }
  return found;
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
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
  const { object } = node.callee;
  const argument = node.arguments[0];
  const listsKeys = object.type === 'Identifier' && object.name === 'Object' && ['keys', 'entries'].includes(memberName(node.callee) ?? '');
  return listsKeys && argument && argument.type !== 'SpreadElement' ? argument : undefined;
}
