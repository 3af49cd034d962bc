import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { TSESTree } from '@typescript-eslint/typescript-estree';

export type Node = TSESTree.Node;

/** Visits every node depth-first, giving each its ancestors (nearest last). */
export function walk(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const step = (node: Node): void => {
    visit(node, ancestors);
    ancestors.push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) step(item);
      } else if (isNode(child)) {
        step(child);
      }
    }
    ancestors.pop();
  };
  step(root);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The name of a non-computed member, or of a computed one with a literal key. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return stringValue(node.property);
}

export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

export function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  return stringValue(property.key);
}

export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === name,
  );
}

/** Strips what does not change which value an expression denotes: `await`, `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrap(node: Node): Node {
  switch (node.type) {
    case 'AwaitExpression':
      return unwrap(node.argument);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'TSSatisfiesExpression':
      return unwrap(node.expression);
    default:
      return node;
  }
}
