import type { Node } from './ast';

/** A string's parts in order: its literal texts (a template's as its elements) and the code joined in between. */
export function stringPieces(node: Node): Node[] {
  if (node.type === 'BinaryExpression' && node.operator === '+') return [...stringPieces(node.left as Node), ...stringPieces(node.right)];
  if (node.type !== 'TemplateLiteral') return [node];
  return node.quasis.flatMap((quasi, i) => (i < node.expressions.length ? [quasi, node.expressions[i]] : [quasi]));
}

/** Whether a piece of a string is text written in it, rather than code joined in. */
export function isWrittenPiece(piece: Node): boolean {
  return piece.type === 'Literal' || piece.type === 'TemplateElement';
}
