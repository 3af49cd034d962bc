import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isGlobalObject, memberName, unwrap, type Node } from './ast';
import type { ImportedValue } from './module-facts';

/** How a file's values are read: what an expression may be, and the string it makes when it is one. */
export interface FileValues {
  valuesOf(expression: Node): Node[];
  shapeOf(expression: Node): string | undefined;
  staticOf(expression: Node): string | undefined;
  resolveImport(expression: Node): ImportedValue | undefined;
}

/** A reader of string shapes whose `depth` counts the names followed (see `shapeOfParts`). */
export interface ShapeReader {
  valuesOf(expression: Node): Node[];
  shapeOf(expression: Node, depth: number): string | undefined;
}

/**
 * The string an expression makes from its parts (a literal, a template, a `+`), unknown parts as
 * `\u0000`, else from the one value the file shows it holds; undefined where it may be several or is
 * no string. `depth` counts the names followed, not the parts of a string: a long `+` chain is not deep.
 */
export function shapeOfParts(reader: ShapeReader, node: Node, depth: number): string | undefined {
  const part = (child: Node): string => reader.shapeOf(child, depth) ?? UNKNOWN;
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
    case 'TemplateLiteral':
      return node.quasis.map((quasi, i) => (quasi.value.cooked ?? '') + (node.expressions[i] ? part(node.expressions[i]) : '')).join('');
    case 'BinaryExpression':
      return node.operator === '+' ? part(node.left) + part(node.right) : undefined;
    default: {
      const values = reader.valuesOf(node);
      return values.length === 1 && values[0] !== node ? reader.shapeOf(values[0], depth + 1) : undefined;
    }
  }
}

const MAX_DEPTH = 8;
const MAX_SHAPES = 16;
const UNKNOWN = '\u0000';

/**
 * The strings an expression may make, unknown parts as `\u0000`, where the code works them out of
 * others with string methods: `url.toLowerCase().replace('https://', '').split('/')[0]`, `'/' +
 * parts.slice(1).join('/')`, `new URL(u).host` (a Dynamics sample builds its token request's host so).
 * A variable assigned from itself (`s = s.replace(…)`) gives both the value before and after. At most
 * MAX_SHAPES; none when the expression is no string the file works out.
 */
export function computedStrings(values: FileValues, expression: Node): string[] {
  return new ComputedStrings(values).strings(expression, 0);
}

class ComputedStrings {
  /** The expressions being worked out: one met again inside itself (`s = s.trim()`) adds nothing more. */
  private readonly visiting = new Set<Node>();

  constructor(private readonly values: FileValues) {}

  strings(expression: Node, depth: number): string[] {
    const node = unwrap(expression);
    if (depth > MAX_DEPTH || this.visiting.has(node)) return [];
    this.visiting.add(node);
    try {
      return capped(this.values.valuesOf(node).flatMap((value) => this.stringsOfValue(value, depth)));
    } finally {
      this.visiting.delete(node);
    }
  }

  private stringsOfValue(value: Node, depth: number): string[] {
    switch (value.type) {
      case 'BinaryExpression':
        return value.operator === '+' ? this.joined([value.left, value.right], depth) : [];
      case 'TemplateLiteral':
        return this.template(value, depth);
      case 'CallExpression':
        return this.methodResult(value, depth);
      case 'MemberExpression':
        return this.member(value, depth);
      default: {
        const shape = this.values.shapeOf(value);
        return shape === undefined ? [] : [shape];
      }
    }
  }

  /** Every pairing of the parts' strings, in order (an unknown part as `\u0000`). */
  private joined(parts: Node[], depth: number): string[] {
    return parts.reduce<string[]>((heads, part) => this.followedBy(heads, part, depth), ['']);
  }

  private template(template: TSESTree.TemplateLiteral, depth: number): string[] {
    const first = template.quasis[0].value.cooked ?? '';
    return template.expressions.reduce<string[]>((heads, expression, i) => this.followedBy(heads, expression, depth, template.quasis[i + 1].value.cooked ?? ''), [first]);
  }

  /** Each of `heads` followed by each string `part` may make (`\u0000` where none), then `after`. */
  private followedBy(heads: string[], part: Node, depth: number, after = ''): string[] {
    const tails = this.strings(part, depth + 1);
    return capped(heads.flatMap((head) => (tails.length ? tails : [UNKNOWN]).map((tail) => head + tail + after)));
  }

  /** `s.toLowerCase()`, `s.replace('a', 'b')`, `parts.join('/')`, … with arguments the file writes. */
  private methodResult(call: TSESTree.CallExpression, depth: number): string[] {
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    if (!method || callee.type !== 'MemberExpression') return [];
    const args = call.arguments.map((argument) => (argument.type === 'SpreadElement' ? undefined : this.values.staticOf(argument)));
    if (method === 'join') return this.arrays(callee.object, depth).map((parts) => parts.join(args[0] ?? ','));
    const transform = STRING_METHODS[method];
    if (!transform) return [];
    const pattern = method === 'replace' ? regExpWritten(call.arguments[0]) : undefined;
    return capped(this.strings(callee.object, depth + 1).flatMap((text) => {
      const result = pattern ? replacedByPattern(text, pattern, args[1]) : transform(text, args);
      return result === undefined ? [] : [result];
    }));
  }

  /** `s.split('/')[0]`, `new URL(u).host`. */
  private member(access: TSESTree.MemberExpression, depth: number): string[] {
    const index = access.computed ? this.values.staticOf(access.property) : undefined;
    if (index !== undefined && /^\d+$/.test(index)) {
      return this.arrays(access.object, depth).flatMap((parts) => (Number(index) < parts.length ? [parts[Number(index)]] : []));
    }
    const part = URL_PARTS[memberName(access) ?? ''];
    const constructed = part && this.values.valuesOf(access.object).find((value) => value.type === 'NewExpression' && isUrlClass(this.values, value.callee));
    if (!part || constructed?.type !== 'NewExpression' || !constructed.arguments[0]) return [];
    return this.strings(constructed.arguments[0], depth + 1).flatMap((url) => {
      const found = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)/i.exec(url);
      return found ? [part === 'host' ? found[1] : found[2] || '/'] : [];
    });
  }

  /** The arrays of strings `s.split(sep)` and `….slice(a, b)` of one make. */
  private arrays(expression: Node, depth: number): string[][] {
    const call = unwrap(expression);
    const callee = call.type === 'CallExpression' ? unwrap(call.callee) : undefined;
    if (call.type !== 'CallExpression' || callee?.type !== 'MemberExpression') return [];
    const method = memberName(callee);
    const args = call.arguments.map((argument) => (argument.type === 'SpreadElement' ? undefined : this.values.staticOf(argument)));
    if (method === 'split' && args[0] !== undefined) return this.strings(callee.object, depth + 1).map((text) => text.split(args[0]!));
    if (method === 'slice' && numbers(args)) return this.arrays(callee.object, depth + 1).map((parts) => parts.slice(...bounds(args)));
    return [];
  }
}

type StringMethod = (text: string, args: (string | undefined)[]) => string | undefined;

const whole = (args: (string | undefined)[], count: number): boolean => args.length >= count && args.slice(0, count).every((arg) => arg !== undefined);

const STRING_METHODS: Record<string, StringMethod> = {
  toLowerCase: (text) => text.toLowerCase(),
  toUpperCase: (text) => text.toUpperCase(),
  trim: (text) => text.trim(),
  // A pattern the file does not show (a RegExp held in a name) makes the result unknown; a literal one is read in `methodResult`.
  replace: (text, args) => (whole(args, 2) ? text.replace(args[0]!, args[1]!) : undefined),
  replaceAll: (text, args) => (whole(args, 2) ? text.split(args[0]!).join(args[1]!) : undefined),
  slice: (text, args) => (numbers(args) ? text.slice(...bounds(args)) : undefined),
  substring: (text, args) => (numbers(args) ? text.substring(bounds(args)[0] ?? 0, bounds(args)[1]) : undefined),
};

/** A regular expression written as a literal (`/\\./g`), as the engine reads it; undefined for any other pattern, or one this engine cannot build. */
function regExpWritten(argument: Node | undefined): RegExp | undefined {
  if (argument?.type !== 'Literal' || !('regex' in argument) || !argument.regex) return undefined;
  try {
    return new RegExp(argument.regex.pattern, argument.regex.flags);
  } catch {
    return undefined;
  }
}

/** `text.replace(/…/, replacement)`: where the text has unknown parts, what the pattern matches there is unknown too. */
function replacedByPattern(text: string, pattern: RegExp, replacement: string | undefined): string | undefined {
  if (replacement === undefined) return undefined;
  return text.includes(UNKNOWN) ? UNKNOWN : text.replace(pattern, replacement);
}

const numbers = (args: (string | undefined)[]): boolean => args.length <= 2 && args.every((arg) => arg !== undefined && /^-?\d+$/.test(arg));
const bounds = (args: (string | undefined)[]): [number?, number?] => [args[0] === undefined ? undefined : Number(args[0]), args[1] === undefined ? undefined : Number(args[1])];

const URL_PARTS: Record<string, 'host' | 'pathname'> = { host: 'host', hostname: 'host', pathname: 'pathname' };

/** WHATWG `URL`: the global (also as `globalThis.URL`), or imported from node's `url`. */
export function isUrlClass(values: FileValues, expression: Node): boolean {
  const callee = unwrap(expression);
  const imported = values.resolveImport(callee);
  if (imported) return imported.name === 'URL' && ['url', 'node:url'].includes(imported.module);
  if (callee.type === 'Identifier') return callee.name === 'URL';
  return callee.type === 'MemberExpression' && memberName(callee) === 'URL' && isGlobalObject(callee.object);
}

function capped(strings: string[]): string[] {
  return [...new Set(strings)].slice(0, MAX_SHAPES);
}
