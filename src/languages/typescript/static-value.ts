import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyKeyName, unwrap, type Node } from './ast';
import type { ModuleFacts } from './module-facts';

const MAX_DEPTH = 8;

/** Where a name's values are read from: the module's facts, or a reading that sees each name's own variable (`valuesSeenInScope`). */
export type ValueSource = Pick<ModuleFacts, 'valuesOf'>;

/**
 * The string an expression evaluates to, when the file shows it: literals, templates and `+` of
 * such, through `const`/`let` variables assigned once. Unknown parts make the whole unknown.
 */
export function staticString(node: Node, facts: ValueSource, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = unwrap(node);
  switch (value.type) {
    case 'Literal':
      return typeof value.value === 'string' || typeof value.value === 'number' ? String(value.value) : undefined;
    case 'TemplateLiteral': {
      let result = value.quasis[0].value.cooked ?? '';
      for (let i = 0; i < value.expressions.length; i++) {
        const part = staticString(value.expressions[i], facts, depth + 1);
        if (part === undefined) return undefined;
        result += part + (value.quasis[i + 1].value.cooked ?? '');
      }
      return result;
    }
    case 'BinaryExpression': {
      if (value.operator !== '+') return undefined;
      const left = staticString(value.left, facts, depth + 1);
      const right = left === undefined ? undefined : staticString(value.right, facts, depth + 1);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case 'Identifier':
    case 'MemberExpression': {
      const values = facts.valuesOf(value);
      if (values.length !== 1 || values[0] === value) return undefined;
      return staticString(values[0], facts, depth + 1);
    }
    default:
      return undefined;
  }
}

/**
 * Like `staticString`, but unknown parts become `\u0000`: enough to test a prefix (`https://login…`)
 * or a fragment (`grant_type=password`) of a string built partly at run time.
 */
export function stringShape(node: Node, facts: ValueSource, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return '\u0000';
  const value = unwrap(node);
  if (value.type === 'TemplateLiteral') {
    let result = value.quasis[0].value.cooked ?? '';
    value.expressions.forEach((expression, i) => {
      result += (stringShape(expression, facts, depth + 1) ?? '\u0000') + (value.quasis[i + 1].value.cooked ?? '');
    });
    return result;
  }
  if (value.type === 'BinaryExpression' && value.operator === '+') {
    return (stringShape(value.left, facts, depth + 1) ?? '\u0000') + (stringShape(value.right, facts, depth + 1) ?? '\u0000');
  }
  if (value.type === 'Identifier' || value.type === 'MemberExpression') {
    const values = facts.valuesOf(value);
    if (values.length === 1 && values[0] !== value) return stringShape(values[0], facts, depth + 1);
  }
  return staticString(value, facts, depth);
}

/** The expressions a value may come from: each side of `??`, `||`, `&&` and of a conditional's branches. */
export function possibleValues(node: Node): Node[] {
  const value = unwrap(node);
  if (value.type === 'LogicalExpression') return [...possibleValues(value.left), ...possibleValues(value.right)];
  if (value.type === 'ConditionalExpression') return [...possibleValues(value.consequent), ...possibleValues(value.alternate)];
  return [value];
}

/** The object literal an expression holds (directly or through a variable), if the file shows one. */
export function objectLiteral(node: Node, facts: ValueSource): TSESTree.ObjectExpression | undefined {
  const value = facts.valuesOf(node).find((candidate) => candidate.type === 'ObjectExpression');
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/**
 * The property `name` of an object literal, also one a spread of a literal the file shows brings in
 * (`{ ...smtp, auth }`): the last one written wins, as in JavaScript. A spread the file does not show
 * is passed over.
 */
export function propertyThroughSpreads(object: TSESTree.ObjectExpression, name: string, facts: ValueSource, depth = 0): TSESTree.Property | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i];
    if (property.type === 'Property') {
      if (propertyKeyName(property) === name) return property;
      continue;
    }
    const spread = depth < MAX_SPREAD_DEPTH ? objectLiteral(property.argument, facts) : undefined;
    const found = spread && spread !== object ? propertyThroughSpreads(spread, name, facts, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * The value of the property `name` of an options object as far as the file shows it (see
 * `propertyThroughSpreads`), or, where a spread the file does not show is written after it (or there is
 * none), that spread's argument: it may set the property (`{ ...settings }` of an imported object).
 */
export function propertyOrUnshownSpread(object: TSESTree.ObjectExpression, name: string, facts: ValueSource, depth = 0): Node | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i];
    if (property.type === 'Property') {
      if (propertyKeyName(property) === name) return property.value;
      continue;
    }
    const spread = depth < MAX_SPREAD_DEPTH ? objectLiteral(property.argument, facts) : undefined;
    if (!spread) return property.argument;
    const found = spread !== object ? propertyOrUnshownSpread(spread, name, facts, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

const MAX_SPREAD_DEPTH = 4;
