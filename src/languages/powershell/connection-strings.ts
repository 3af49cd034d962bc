import type { PowerShellRuleContext } from './rule-context';
import { descendants, type Node } from './syntax';

/**
 * Expressions a connection string may be built with: the strings, their sums (in a method's arguments the
 * grammar's `additive_argument_expression`) and format templates, and the wrappers around one operand.
 */
const STRING_EXPRESSIONS = ['additive_expression', 'additive_argument_expression', 'format_expression', 'parenthesized_expression'];

/** Each expression that builds a string with a string literal matching `key` in it: the outermost sum or format around such a literal, once. */
export function connectionStringExpressions(context: PowerShellRuleContext, key: RegExp): Node[] {
  const found = new Map<number, Node>();
  for (const literal of descendants(context.root, 'string_literal')) {
    if (!key.test(literal.text)) continue;
    const top = outermostStringExpression(literal);
    found.set(top.id, top);
  }
  return [...found.values()];
}

function outermostStringExpression(literal: Node): Node {
  let top = literal;
  for (let parent = literal.parent; parent; parent = parent.parent) {
    if (STRING_EXPRESSIONS.includes(parent.type) && parent.namedChildCount > 1) top = parent;
    else if (parent.namedChildCount !== 1) break;
  }
  return top;
}
