import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, parentOf, unwrap, type Node } from './ast';
import { groupBy } from './lists-by-key';
import { mappedEntryPieces } from './mapped-entries';
import { bindingOf, sameBinding, type NameBinding } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';
import { isWrittenPiece, stringPieces } from './string-pieces';

/**
 * Strings the code builds in pieces rather than writes as one expression: a list joined
 * (`['AuthType=Office365', `Url=${url}`].join(';')`, an object's entries mapped to `key=value`), a
 * variable grown with `+=` (`let cs = 'AuthType=OAuth;'; cs += `Url=${url};`;`).
 */
export interface BuiltStrings {
  /**
   * Each string's pieces in order (as `stringPieces` gives a written string's), by where it is reported:
   * the join's call, or the variable's first value (its first addition, after `let cs = ''`).
   */
  pieces: ReadonlyMap<Node, Node[]>;
  /** The strings they are built of (a joined list's items, what `+=` adds): no strings of their own. */
  parts: ReadonlySet<Node>;
}

const MAX_DEPTH = 4;

/** The file's built strings, once per file. */
export function builtStrings(context: TypeScriptRuleContext): BuiltStrings {
  return context.once(findBuiltStrings);
}

function findBuiltStrings(context: TypeScriptRuleContext): BuiltStrings {
  const pieces = new Map<Node, Node[]>();
  const parts = new Set<Node>();
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    const joined = joinOf(context, call);
    joined?.items.forEach((item) => parts.add(item));
    if (joined && !isJoinedInto(context, call)) pieces.set(call, joined.pieces);
  }
  const assignments = assignmentsOfGrownNames(context);
  // A minified bundle declares and adds to one-letter names in thousands of places: each assignment's binding is looked up once.
  const bindings = new Map<TSESTree.AssignmentExpression, NameBinding>();
  const bindingOfAssignment = (assignment: TSESTree.AssignmentExpression): NameBinding => {
    let binding = bindings.get(assignment);
    if (!binding) bindings.set(assignment, (binding = bindingOf(context, assignment.left as TSESTree.Identifier)));
    return binding;
  };
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) {
    const named = declarator.id.type === 'Identifier' ? assignments.get(declarator.id.name) : undefined;
    const grown = named && grownString(context, declarator, named, bindingOfAssignment);
    if (!grown) continue;
    // `let cs = ''` starts a string without writing any: it is reported where its text starts.
    const [reported, ...rest] = isEmptyText(grown.init) ? grown.additions : [grown.init, ...grown.additions];
    pieces.set(reported, [grown.init, ...grown.additions].flatMap((part) => piecesOf(context, part)));
    rest.forEach((addition) => parts.add(addition));
  }
  return { pieces, parts };
}

/** The assignments, in order, of each name the file adds to with `+=` (`cs += …`). */
function assignmentsOfGrownNames(context: TypeScriptRuleContext): Map<string, TSESTree.AssignmentExpression[]> {
  const byName = groupBy(nodesOfType(context.program, 'AssignmentExpression'), (assignment) => (assignment.left.type === 'Identifier' ? assignment.left.name : undefined));
  for (const [name, list] of byName) if (!list.some((assignment) => assignment.operator === '+=')) byName.delete(name);
  return byName;
}

/**
 * A string's pieces (see `stringPieces`), a joined list among them read as its items and separators
 * (`'AuthType=Office365;' + parts.join(';')`).
 */
export function piecesOf(context: TypeScriptRuleContext, node: Node, depth = 0): Node[] {
  return joinedPieces(context, node, depth) ?? stringPieces(node).flatMap((piece) => (isWrittenPiece(piece) ? [piece] : (joinedPieces(context, piece, depth) ?? [piece])));
}

function joinedPieces(context: TypeScriptRuleContext, node: Node, depth: number): Node[] | undefined {
  return depth < MAX_DEPTH ? joinOf(context, unwrap(node), depth + 1)?.pieces : undefined;
}

/**
 * `list.join(separator)` of a list the file writes, in place or in a variable assigned once, or of an
 * object's entries mapped to strings (see `mappedEntryPieces`), with a separator written as text: its
 * items with the separator between.
 */
function joinOf(context: TypeScriptRuleContext, call: Node, depth = 0): { pieces: Node[]; items: Node[] } | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee);
  const [separator] = call.arguments;
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'join' || call.arguments.length !== 1 || !isWrittenText(separator)) return undefined;
  const list = listOf(context, callee.object);
  const items = list?.elements.filter((item): item is TSESTree.Expression | TSESTree.SpreadElement => item !== null) ?? [];
  const itemPieces = list ? items.map((item) => piecesOf(context, item, depth)) : mappedEntryPieces(context, callee.object);
  if (!itemPieces) return undefined;
  return { pieces: itemPieces.flatMap((pieces, i) => [...(i > 0 ? stringPieces(separator) : []), ...pieces]), items };
}

function listOf(context: TypeScriptRuleContext, expression: Node): TSESTree.ArrayExpression | undefined {
  const list = unwrap(expression);
  if (list.type === 'ArrayExpression') return list;
  const values = list.type === 'Identifier' ? context.facts.valuesOf(list) : [];
  return values.length === 1 && values[0].type === 'ArrayExpression' ? values[0] : undefined;
}

/** A separator as text: `';'`, `` `;` ``. */
function isWrittenText(node: Node | undefined): node is TSESTree.StringLiteral | TSESTree.TemplateLiteral {
  return (node?.type === 'Literal' && typeof node.value === 'string') || (node?.type === 'TemplateLiteral' && node.expressions.length === 0);
}

/** A join inside a `+` or a template: part of that string, read with it (see `piecesOf`). */
function isJoinedInto(context: TypeScriptRuleContext, call: Node): boolean {
  const parent = parentOf(context.program, call);
  return (parent?.type === 'BinaryExpression' && parent.operator === '+') || parent?.type === 'TemplateLiteral';
}

/**
 * `let cs = 'AuthType=OAuth;'` and what each `cs += …` after it adds, up to the next assignment of the
 * variable: the string it grows to. Where the code adds in branches or a loop, every addition is read, once.
 */
function grownString(
  context: TypeScriptRuleContext,
  declarator: TSESTree.VariableDeclarator,
  assignments: TSESTree.AssignmentExpression[],
  bindingOfAssignment: (assignment: TSESTree.AssignmentExpression) => NameBinding,
): { init: Node; additions: Node[] } | undefined {
  const init = declarator.init && unwrap(declarator.init);
  if (declarator.id.type !== 'Identifier' || !init || !isStringExpression(context, init)) return undefined;
  const variable = bindingOf(context, declarator.id);
  const additions: Node[] = [];
  for (const assignment of assignments) {
    if (assignment.range[0] < declarator.range[1] || !sameBinding(bindingOfAssignment(assignment), variable)) continue;
    if (assignment.operator !== '+=') break;
    additions.push(assignment.right);
  }
  return additions.length > 0 ? { init, additions } : undefined;
}

/** A string written as text, a template, a `+` of such or a join (see `joinOf`). */
function isStringExpression(context: TypeScriptRuleContext, node: Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'CallExpression') return joinOf(context, node) !== undefined;
  return node.type === 'TemplateLiteral' || (node.type === 'BinaryExpression' && node.operator === '+');
}

function isEmptyText(node: Node): boolean {
  return node.type === 'Literal' && node.value === '';
}
