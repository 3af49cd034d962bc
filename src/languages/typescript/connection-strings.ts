import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, parentOf, unwrap, type Node } from './ast';
import { builtStrings, piecesOf } from './built-strings';
import type { TypeScriptRuleContext } from './rule-context';
import { stringShape } from './static-value';

/** A part of a string built at run time. */
const UNKNOWN = '\u0000';
/** String methods that look for text rather than use it (`cs.includes('Authentication=…')`). */
const TEST_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'match', 'matchAll', 'replace', 'replaceAll', 'search', 'split', 'test']);
const COMPARISONS = new Set(['===', '!==', '==', '!=']);

/**
 * The outermost string expressions (a literal, a template, a `+` of such) that the code uses as
 * strings, where a connection string may be written, and the strings it builds in pieces (a list it
 * joins, a variable it grows with `+=`: see `builtStrings`) in place of those pieces; variables
 * inside are not followed, so a string is one candidate, where it is written.
 */
export function connectionStringCandidates(context: TypeScriptRuleContext): Node[] {
  return context.once(findCandidates);
}

function findCandidates(context: TypeScriptRuleContext): Node[] {
  const built = builtStrings(context);
  const found: Node[] = [];
  for (const node of nodesOfType(context.program, 'Literal', 'TemplateLiteral', 'BinaryExpression', 'CallExpression')) {
    if (node.type === 'CallExpression' && !built.pieces.has(node)) continue;
    if (node.type === 'Literal' && typeof node.value !== 'string') continue;
    if (node.type === 'BinaryExpression' && node.operator !== '+') continue;
    if (built.parts.has(node)) continue;
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

/** A candidate's pieces in order (see `stringPieces`): a built string's, from all its parts. */
export function candidatePieces(context: TypeScriptRuleContext, node: Node): Node[] {
  return builtStrings(context).pieces.get(node) ?? piecesOf(context, node);
}

/** A candidate's own text: its literal parts, each part the code joins in as `\u0000`. */
export function ownText(context: TypeScriptRuleContext, node: Node): string {
  return candidatePieces(context, node).map(writtenText).join('');
}

function writtenText(piece: Node): string {
  if (piece.type === 'TemplateElement') return piece.value.cooked ?? UNKNOWN;
  return piece.type === 'Literal' && typeof piece.value === 'string' ? piece.value : UNKNOWN;
}

/**
 * A candidate's string as the file shows it: its own text with each part the code joins in read
 * through variables (`stringShape`), part by part, so a long join is not cut short.
 */
export function joinedShape(context: TypeScriptRuleContext, node: Node): string {
  return candidatePieces(context, node)
    .map((piece) => pieceShape(context, piece))
    .join('');
}

/** A piece of a string (see `stringPieces`): its text where written, else what the code joins in, read through variables. */
export function pieceShape(context: TypeScriptRuleContext, piece: Node): string {
  if (piece.type === 'TemplateElement') return piece.value.cooked ?? UNKNOWN;
  if (piece.type === 'Literal' && typeof piece.value === 'string') return piece.value;
  return stringShape(piece, context.facts) ?? UNKNOWN;
}
