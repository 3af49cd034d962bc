import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, unwrap, type Node } from './ast';
import { valuesInScope } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

/** What reads the URL the page is at: `page.url()`, `browser.getUrl()`, `driver.getCurrentUrl()`, `cy.location()`. */
export const URL_READS = new Set(['url', 'getUrl', 'getCurrentUrl', 'location']);
/** What reads a request's or a response's URL with the same method: not the page's. */
const NOT_THE_PAGE = /^(?:req|request|res|response|route)$/i;
/** What keeps a URL's text, or the part of it that names the host. */
const SAME_URL_CALLS = new Set(['toLowerCase', 'toString', 'trim']);
const URL_PARTS = new Set(['host', 'hostname', 'href', 'origin']);
/** Where a check of a string's start or contents is given what it looks for. */
const LOOKING_FOR = new Set(['includes', 'startsWith', 'indexOf', 'search', 'match']);

/**
 * What a call checks the page's URL holds, where the code goes on only if it does: `url.includes(…)`,
 * `page.url().startsWith(…)`, `url.indexOf(…) >= 0`, `url.match(…)`, `/…/.test(url)`, with `url` from
 * `page.url()`. Not a negated check (`!url.includes(…)`, `indexOf(…) === -1`).
 */
export function urlCheckedFor(context: TypeScriptRuleContext, call: TSESTree.CallExpression): Node | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = memberName(call.callee) ?? '';
  const receiver = unwrap(call.callee.object);
  const [first] = call.arguments;
  if (!first || first.type === 'SpreadElement') return undefined;
  const looked =
    method === 'test' && receiver.type === 'Literal' && 'regex' in receiver && readsPageUrl(context, first)
      ? receiver
      : LOOKING_FOR.has(method) && readsPageUrl(context, receiver)
        ? first
        : undefined;
  return looked && holds(context, call, method) ? looked : undefined;
}

/** Whether the check's result means the URL holds what it looks for: as it is, or `indexOf`'s compared so. */
function holds(context: TypeScriptRuleContext, call: TSESTree.CallExpression, method: string): boolean {
  const parent = outerOf(context, call);
  if (parent?.type === 'UnaryExpression' && parent.operator === '!') return false;
  if (method !== 'indexOf' && method !== 'search') return parent?.type !== 'BinaryExpression' || comparedAsFound(parent, call);
  if (parent?.type !== 'BinaryExpression') return false;
  const [other, operator] = sides(parent, call);
  const number = numberOf(other);
  if (number === undefined) return false;
  return (operator === '>=' && number >= 0) || (operator === '>' && number >= -1) || (/^!==?$/.test(operator) && number === -1) || (/^===?$/.test(operator) && number >= 0);
}

/** `url.match(…) !== null`, `url.includes(…) === true`: compared so that it holds where the URL has what is looked for. */
function comparedAsFound(comparison: TSESTree.BinaryExpression, call: Node): boolean {
  const [other, operator] = sides(comparison, call);
  const value = unwrap(other);
  const literal = value.type === 'Literal' ? value.value : value.type === 'Identifier' && value.name === 'undefined' ? undefined : 'other';
  return (/^!==?$/.test(operator) && (literal === null || literal === undefined || literal === false)) || (/^===?$/.test(operator) && literal === true);
}

/** The other side of a comparison with the call, and the operator as if the call were on its left. */
function sides(comparison: TSESTree.BinaryExpression, call: Node): [Node, string] {
  return comparison.left === call || unwrap(comparison.left) === call ? [comparison.right, comparison.operator] : [comparison.left as Node, mirrored(comparison.operator)];
}

function mirrored(operator: string): string {
  return ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[operator] ?? operator;
}

function numberOf(node: Node): number | undefined {
  const value = unwrap(node);
  if (value.type === 'Literal' && typeof value.value === 'number') return value.value;
  return value.type === 'UnaryExpression' && value.operator === '-' && value.argument.type === 'Literal' && typeof value.argument.value === 'number' ? -value.argument.value : undefined;
}

/** The node around a call, past parentheses and `?.` chains. */
function outerOf(context: TypeScriptRuleContext, node: Node): Node | undefined {
  let parent = parentOf(context.program, node);
  while (parent && (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression')) parent = parentOf(context.program, parent);
  return parent;
}

/** Whether a value is the URL the page is at: read there (`page.url()`, awaited or not), through a variable holding it, lower-cased or as a `new URL(…)`'s host. */
function readsPageUrl(context: TypeScriptRuleContext, node: Node, depth = 0): boolean {
  const value = unwrap(node.type === 'AwaitExpression' ? node.argument : node);
  if (depth > 4) return false;
  const inner = (next: Node): boolean => readsPageUrl(context, next, depth + 1);
  switch (value.type) {
    case 'AwaitExpression':
      return inner(value.argument);
    case 'CallExpression': {
      if (value.callee.type !== 'MemberExpression') return false;
      const method = memberName(value.callee) ?? '';
      if (SAME_URL_CALLS.has(method)) return inner(value.callee.object);
      return URL_READS.has(method) && !NOT_THE_PAGE.test(nameOf(value.callee.object));
    }
    case 'MemberExpression': {
      const owner = unwrap(value.object);
      const made = owner.type === 'NewExpression' && owner.callee.type === 'Identifier' && owner.callee.name === 'URL' ? owner.arguments[0] : undefined;
      return URL_PARTS.has(memberName(value) ?? '') && !!made && made.type !== 'SpreadElement' && inner(made);
    }
    case 'Identifier':
      return valuesInScope(context, value).some((held) => held !== value && inner(held));
    default:
      return false;
  }
}

/** `request` of `request.url()`, of `route.request().url()`. */
function nameOf(node: Node): string {
  const value = unwrap(node);
  if (value.type === 'Identifier') return value.name;
  if (value.type === 'MemberExpression') return memberName(value) ?? '';
  return value.type === 'CallExpression' ? nameOf(value.callee) : '';
}
