import type { PowerShellRuleContext } from './rule-context';
import { descendants, isWithin, type Node } from './syntax';

/**
 * Expressions a connection string may be built with: the strings, their sums (in a method's arguments the
 * grammar's `additive_argument_expression`) and format templates, and the wrappers around one operand.
 */
const STRING_EXPRESSIONS = ['additive_expression', 'additive_argument_expression', 'format_expression', 'parenthesized_expression'];

/** A string that may be a connection string: where it is reported, and the string it makes. */
export interface ConnectionString {
  expression: Node;
  shape: string;
  /** Grown with `+=` after it is written (see `ScriptValues.grownStrings`): the expression is its first part only. */
  grown: boolean;
}

/**
 * Each expression that builds a string matching `key`, once: the outermost sum, format or `-join` around a
 * string literal matching it, or where a string that `$cs += …` grows to match it is first written. A literal
 * among a joined list's items or in what `+=` adds is read with the whole string.
 */
export function connectionStringExpressions(context: PowerShellRuleContext, key: RegExp): ConnectionString[] {
  const values = context.values();
  const found = new Map<number, ConnectionString>();
  const wholes: Node[] = [];
  for (const join of descendants(context.root, 'comparison_expression').filter(isJoin)) {
    wholes.push(join);
    const top = outermostStringExpression(join);
    const shape = values.shapeOf(top);
    if (key.test(shape)) found.set(top.id, { expression: top, shape, grown: false });
  }
  for (const grown of values.grownStrings()) {
    const first = writtenString(grown.value);
    if (!first) continue;
    wholes.push(...grown.additions);
    // `$cs = ''` writes no text yet: the string is reported where its text starts.
    const reported = values.shapeOf(first) === '' ? (writtenString(grown.additions[0]) ?? first) : first;
    if (key.test(grown.shape)) found.set(reported.id, { expression: reported, shape: grown.shape, grown: true });
  }
  for (const literal of descendants(context.root, 'string_literal')) {
    if (!key.test(literal.text)) continue;
    const top = outermostStringExpression(literal);
    if (found.has(top.id) || wholes.some((whole) => isWithin(top, whole))) continue;
    found.set(top.id, { expression: top, shape: values.shapeOf(top), grown: false });
  }
  return [...found.values()].sort((a, b) => a.expression.startIndex - b.expression.startIndex);
}

function outermostStringExpression(literal: Node): Node {
  let top = literal;
  for (let parent = literal.parent; parent; parent = parent.parent) {
    if (STRING_EXPRESSIONS.includes(parent.type) && parent.namedChildCount > 1) top = parent;
    else if (parent.namedChildCount !== 1) break;
  }
  return top;
}

/** `@('AuthType=Office365', "Url=$url") -join ';'`, `$parts -join ';'`. */
function isJoin(comparison: Node): boolean {
  return comparison.namedChildCount === 3 && comparison.namedChild(1)?.text.toLowerCase() === '-join';
}

/** The string a value writes, through the wrappers around it: a literal, a sum, a format or a `-join`; none for a variable's or a command's. */
function writtenString(value: Node | undefined): Node | undefined {
  for (let node = value ?? null; node; node = node.namedChildCount === 1 ? node.namedChild(0) : null) {
    if (node.type === 'string_literal' || isJoin(node) || (STRING_EXPRESSIONS.includes(node.type) && node.namedChildCount > 1)) return node;
  }
  return undefined;
}
