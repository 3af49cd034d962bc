import { memberName, type Node } from './ast';
import { computedStrings, isUrlClass, type FileValues } from './computed-strings';

const MAX_DEPTH = 6;
const UNKNOWN = '\u0000';

/**
 * The URLs an expression may be, as shapes (unknown parts `\u0000`): a string, a `new URL(url, base)`
 * (resolved as it resolves), its `.href` or `.toString()`, or a string worked out with string methods.
 * None for a value the file shows nothing of.
 */
export function urlShapes(values: FileValues, expression: Node, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const inner = (node: Node | undefined): string => (node && node.type !== 'SpreadElement' ? urlShapes(values, node, depth + 1)[0] : undefined) ?? UNKNOWN;
  return values.valuesOf(expression).flatMap((value): string[] => {
    if (value.type === 'NewExpression' && isUrlClass(values, value.callee) && value.arguments[0]) {
      return [value.arguments[1] ? resolveUrl(inner(value.arguments[0]), inner(value.arguments[1])) : inner(value.arguments[0])];
    }
    if (value.type === 'MemberExpression' && memberName(value) === 'href') return urlShapes(values, value.object, depth + 1);
    if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression' && memberName(value.callee) === 'toString') {
      return urlShapes(values, value.callee.object, depth + 1);
    }
    const shape = values.shapeOf(value);
    return shape === undefined ? computedStrings(values, value) : [shape];
  });
}

/**
 * A URL resolved against a base as `new URL(url, base)` does, on shapes: an absolute URL stays, a path
 * from the root (`/common/oauth2/v2.0/token`) goes after the base's origin, any other after the base's
 * last `/` (or after the base, where it has no path).
 */
export function resolveUrl(url: string, base: string | undefined): string {
  if (base === undefined || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return url;
  const origin = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i.exec(base)?.[0] ?? /^\u0000+/.exec(base)?.[0];
  if (url.startsWith('/')) return (origin ?? base.replace(/\/+$/, '')) + url;
  const path = base.slice(origin?.length ?? 0).split(/[?#]/)[0];
  return `${origin ?? ''}${path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : `${path}/`}${url}`;
}
