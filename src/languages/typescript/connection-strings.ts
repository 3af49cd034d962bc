import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, parentOf, unwrap, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';
import { stringShape } from './static-value';

/** A part of a string built at run time. */
const UNKNOWN = '\u0000';
/** String methods that look for text rather than use it (`cs.includes('Authentication=…')`). */
const TEST_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'match', 'matchAll', 'replace', 'replaceAll', 'search', 'split', 'test']);
const COMPARISONS = new Set(['===', '!==', '==', '!=']);

/**
 * The outermost string expressions (a literal, a template, a `+` of such) that the code uses as
 * strings, where a connection string may be written; variables inside are not followed, so a string
 * is one candidate, where it is written.
 */
export function connectionStringCandidates(context: TypeScriptRuleContext): Node[] {
  return context.once(findCandidates);
}

function findCandidates(context: TypeScriptRuleContext): Node[] {
  const found: Node[] = [];
  for (const node of nodesOfType(context.program, 'Literal', 'TemplateLiteral', 'BinaryExpression')) {
    if (node.type === 'Literal' && typeof node.value !== 'string') continue;
    if (node.type === 'BinaryExpression' && node.operator !== '+') continue;
    const parent = parentOf(context.program, node);
    if (parent?.type === 'BinaryExpression' && parent.operator === '+') continue;
    if (parent?.type === 'Property' && parent.key === node) continue;
    if (parent && !connects(node, parent)) continue;
    found.push(node);
  }
  return found;
}

/**
 * Whether a string is used as one rather than shown or looked for: not text a page shows (a JSX child
 * or attribute), a literal type, a comparison's side, or what a search or a replacement looks for.
 */
function connects(node: Node, parent: Node): boolean {
  if (parent.type === 'JSXExpressionContainer' || parent.type === 'JSXAttribute' || parent.type === 'TSLiteralType') return false;
  if (parent.type === 'BinaryExpression' && COMPARISONS.has(parent.operator)) return false;
  if (parent.type === 'NewExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'RegExp') return false;
  const callee = parent.type === 'CallExpression' && parent.callee !== node ? unwrap(parent.callee) : undefined;
  const method = callee?.type === 'MemberExpression' ? memberName(callee) : undefined;
  if (!method || !TEST_METHODS.has(method)) return true;
  // `replace(old, new)` writes its second argument in.
  return /^replace(?:All)?$/.test(method) && (parent as TSESTree.CallExpression).arguments[0] !== node;
}

/** A candidate's own text: its literal parts, each part the code joins in as `\u0000`. */
export function ownText(node: Node): string {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : UNKNOWN;
  if (node.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked ?? UNKNOWN).join(UNKNOWN);
  if (node.type === 'BinaryExpression' && node.operator === '+') return ownText(node.left) + ownText(node.right);
  return UNKNOWN;
}

/**
 * A candidate's string as the file shows it: its own text with each part the code joins in read
 * through variables (`stringShape`), part by part, so a long join is not cut short.
 */
export function joinedShape(context: TypeScriptRuleContext, node: Node): string {
  return stringPieces(node)
    .map((piece) => pieceShape(context, piece))
    .join('');
}

/** A piece of a string (see `stringPieces`): its text where written, else what the code joins in, read through variables. */
export function pieceShape(context: TypeScriptRuleContext, piece: Node): string {
  if (piece.type === 'TemplateElement') return piece.value.cooked ?? UNKNOWN;
  if (piece.type === 'Literal' && typeof piece.value === 'string') return piece.value;
  return stringShape(piece, context.facts) ?? UNKNOWN;
}

/** Whether a piece of a string is text written in it, rather than code joined in. */
export function isWrittenPiece(piece: Node): boolean {
  return piece.type === 'Literal' || piece.type === 'TemplateElement';
}

/** A string's parts in order: its literal texts (a template's as its elements) and the code joined in between. */
export function stringPieces(node: Node): Node[] {
  if (node.type === 'BinaryExpression' && node.operator === '+') return [...stringPieces(node.left as Node), ...stringPieces(node.right)];
  if (node.type !== 'TemplateLiteral') return [node];
  return node.quasis.flatMap((quasi, i) => (i < node.expressions.length ? [quasi, node.expressions[i]] : [quasi]));
}
