import type { PowerShellRuleContext } from './rule-context';
import { descendants, type Node } from './syntax';
import { UNKNOWN } from './values';

/** A connection string's settings by key (lower-case, spaces removed), values as the file shows them. */
export type ConnectionSettings = Map<string, string>;

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

/** `Key = value; Other Key='value'`: the settings as written, keys the file does not show left out. */
export function connectionSettings(shape: string): ConnectionSettings {
  const settings: ConnectionSettings = new Map();
  for (const segment of shape.split(';')) {
    // A string passed on through Invoke-Expression or a command line may carry its own quotes: `"AuthType=…;Url=…"`.
    const key = settingKey(segment.replace(/^\s*["']+/, ''));
    if (key.includes(UNKNOWN) || key === '') continue;
    settings.set(key, settingValue(segment).trim().replace(/^(['"])(.*)\1$/s, '$2'));
  }
  return settings;
}

/** The value of the first of `keys` (a setting's name and its aliases) the settings have. */
export function connectionSetting(settings: ConnectionSettings, keys: readonly string[]): string | undefined {
  for (const key of keys) if (settings.has(key)) return settings.get(key);
  return undefined;
}

/** A `key=value` setting's key as the libraries read it: lower-case, spaces removed; empty without `=`. */
export function settingKey(segment: string): string {
  return segment.slice(0, Math.max(segment.indexOf('='), 0)).replace(/\s+/g, '').toLowerCase();
}

/** A setting's value as written, after its first `=`. */
export function settingValue(segment: string): string {
  return segment.slice(segment.indexOf('=') + 1);
}
