import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { applyEdits } from '../../engine/edits';
import type { Fix, TextEdit } from '../../engine/finding';
import type { Node } from './ast';
import { nodesOfPattern } from './ast';
import { fieldWriteRemovals } from './constructor-removal';
import { packageRequire, type Unit } from './declaration-reads';
import { lineStartOf, ownLines } from './own-lines';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * A fix's edits with the removal of the units, and what each removal takes: the unit's statement, or
 * more where a comment above it goes too, for the finding to show. `failed`: units whose statement
 * could not be written.
 */
export interface Removal {
  edits: TextEdit[];
  failed: Unit[];
  shown: Map<Node, [number, number]>;
}

/** The statements the unit's removal changes: its own, and a field's assignments in the constructor. */
export function removedStatements(unit: Unit): Node[] {
  return [unit.statement, ...(unit.field?.writes ?? [])];
}

/**
 * The fix's edits with the units' removals. A statement the fix itself changes (an import it adds the
 * new client's class to) is written anew, both at once: its lines with the fix's changes are parsed on
 * their own, and the units taken out of that. `failed`: units whose statement could not be written.
 */
export function removalEdits(context: TypeScriptRuleContext, fix: Fix, units: readonly Unit[]): Removal {
  const byStatement = new Map<Unit['statement'], Unit[]>();
  for (const unit of units) byStatement.set(unit.statement, [...(byStatement.get(unit.statement) ?? []), unit]);
  let edits = [...fix.edits];
  const failed: Unit[] = [];
  const whole: Node[] = [];
  const writes = fieldWriteRemovals(context.text, units);
  edits.push(...writes.edits);
  whole.push(...writes.whole);
  for (const [statement, taken] of byStatement) {
    const dead = new Set(taken.flatMap((unit) => unit.names.map((name) => name.name)));
    const lines = lineRange(context.text, statement);
    const changes = edits.filter((edit) => touches(edit, lines));
    if (changes.length === 0) {
      const removals = removalsIn(context.text, statement, dead);
      if (removals === WHOLE) whole.push(statement);
      else edits.push(...removals);
      continue;
    }
    const rewritten = rewrittenWithRemovals(context, lines, changes, dead);
    if (!rewritten) {
      failed.push(...taken);
      continue;
    }
    edits = [...edits.filter((edit) => !changes.includes(edit)), rewritten];
  }
  const removed = statementRemovals(context.text, whole, edits);
  edits.push(...removed.edits);
  try {
    applyEdits(context.text, edits);
  } catch {
    return { edits: fix.edits, failed: [...units], shown: new Map() };
  }
  const shownOf = (statement: Node): [number, number] => {
    const shown = writes.shownBy.get(statement) ?? statement;
    return [removed.commentAbove.get(shown) ?? shown.range[0], shown.range[1]];
  };
  const shown = new Map(units.flatMap(removedStatements).map((statement) => [statement, shownOf(statement)]));
  return { edits, failed, shown };
}

/** One edit for the lines of a statement the fix changes: the fix's changes, then the removals, on those lines parsed alone. */
function rewrittenWithRemovals(context: TypeScriptRuleContext, lines: readonly [number, number], changes: readonly TextEdit[], dead: ReadonlySet<string>): TextEdit | undefined {
  const start = Math.min(lines[0], ...changes.map((edit) => edit.startOffset));
  const end = Math.max(lines[1], ...changes.map((edit) => edit.endOffset));
  const changed = applyEdits(context.text.slice(start, end), changes.map((edit) => ({ ...edit, startOffset: edit.startOffset - start, endOffset: edit.endOffset - start })));
  let program: TSESTree.Program;
  try {
    program = parse(changed, { range: true, jsx: context.languageId !== 'typescript', comment: false, tokens: false });
  } catch {
    return undefined;
  }
  const removals = program.body.flatMap((statement) => {
    if (statement.type !== 'ImportDeclaration' && statement.type !== 'VariableDeclaration' && statement.type !== 'TSImportEqualsDeclaration') return [];
    const removals = removalsIn(changed, statement, dead);
    if (removals !== WHOLE) return removals;
    const lines = ownLines(changed, statement);
    return [lines ? { startOffset: lines[0], endOffset: lines[1], newText: '' } : inlineRemoval(changed, statement)];
  });
  if (removals.length === 0) return undefined;
  return { startOffset: start, endOffset: end, newText: applyEdits(changed, removals) };
}

/** What goes of a statement all of whose names go: all of it, to be removed by `statementRemovals`. */
const WHOLE = 'whole';

/** The removals of the dead names' units from a statement, or WHOLE where all of it goes. */
function removalsIn(text: string, statement: Unit['statement'], dead: ReadonlySet<string>): TextEdit[] | typeof WHOLE {
  if (statement.type === 'ImportDeclaration') return importRemovals(text, statement, dead);
  if (statement.type === 'VariableDeclaration') return declarationRemovals(statement, dead);
  // `import x = require(…)`, a field: one name each.
  return WHOLE;
}

function importRemovals(text: string, statement: TSESTree.ImportDeclaration, dead: ReadonlySet<string>): TextEdit[] | typeof WHOLE {
  const gone = statement.specifiers.filter((specifier) => dead.has(specifier.local.name));
  if (gone.length === 0) return [];
  if (gone.length === statement.specifiers.length) return WHOLE;
  const named = statement.specifiers.filter((specifier) => specifier.type === 'ImportSpecifier');
  const first = statement.specifiers[0];
  const edits: TextEdit[] = [];
  if (named.length > 0 && named.every((specifier) => gone.includes(specifier))) {
    // `import D, { A } from` → `import D from`.
    const close = text.indexOf('}', named[named.length - 1].range[1]);
    edits.push({ startOffset: first.range[1], endOffset: close + 1, newText: '' });
  } else {
    edits.push(...listRemovals(named, gone));
  }
  const opening = statement.specifiers.filter((specifier) => specifier.type !== 'ImportSpecifier');
  if (opening.length === 1 && gone.includes(opening[0])) {
    // `import D, { A } from` → `import { A } from`.
    edits.push({ startOffset: opening[0].range[0], endOffset: text.indexOf('{', opening[0].range[1]), newText: '' });
  } else if (opening.length === 2 && opening.some((specifier) => gone.includes(specifier))) {
    const [defaultSpecifier, namespace] = opening;
    edits.push(gone.includes(defaultSpecifier) ? { startOffset: defaultSpecifier.range[0], endOffset: namespace.range[0], newText: '' } : { startOffset: defaultSpecifier.range[1], endOffset: namespace.range[1], newText: '' });
  }
  return edits;
}

function declarationRemovals(statement: TSESTree.VariableDeclaration, dead: ReadonlySet<string>): TextEdit[] | typeof WHOLE {
  const deadNames = (nodes: readonly Node[]): boolean => nodes.every((node) => dead.has((node as TSESTree.Identifier).name));
  const required = (declarator: TSESTree.VariableDeclarator): boolean => declarator.id.type === 'ObjectPattern' && !!declarator.init && packageRequire(declarator.init);
  const goneDeclarators = statement.declarations.filter((declarator) => nodesOfPattern(declarator.id).length > 0 && deadNames(nodesOfPattern(declarator.id)));
  if (goneDeclarators.length === statement.declarations.length) return WHOLE;
  const edits = listRemovals(statement.declarations, goneDeclarators);
  for (const declarator of statement.declarations) {
    if (goneDeclarators.includes(declarator) || !required(declarator)) continue;
    const properties = (declarator.id as TSESTree.ObjectPattern).properties;
    const named = (property: TSESTree.Property | TSESTree.RestElement): TSESTree.Identifier[] => nodesOfPattern(property.type === 'Property' ? property.value : property);
    edits.push(...listRemovals(properties, properties.filter((property) => named(property).length > 0 && deadNames(named(property)))));
  }
  return edits;
}

/**
 * Removals of items from a comma-separated list, some of which stay: each run of gone items with the
 * separator after it, or at the list's end, with the separator before it.
 */
function listRemovals(items: readonly Node[], gone: readonly Node[]): TextEdit[] {
  const edits: TextEdit[] = [];
  if (gone.length === items.length) return edits;
  for (let i = 0; i < items.length; i++) {
    if (!gone.includes(items[i])) continue;
    let j = i;
    while (j + 1 < items.length && gone.includes(items[j + 1])) j++;
    edits.push(
      j + 1 < items.length
        ? { startOffset: items[i].range[0], endOffset: items[j + 1].range[0], newText: '' }
        : { startOffset: items[i - 1].range[1], endOffset: items[j].range[1], newText: '' },
    );
    i = j;
  }
  return edits;
}

/** From the start of the statement's first line to the end of its last, line break included. */
export function lineRange(text: string, statement: Node): [number, number] {
  const start = lineStartOf(text, statement.range[0]);
  const end = /^[^\r\n]*(?:\r\n|\n|\r)?/.exec(text.slice(statement.range[1]))![0].length + statement.range[1];
  return [start, end];
}

export function overlaps(edit: TextEdit, [start, end]: readonly [number, number]): boolean {
  return edit.startOffset < end && edit.endOffset > start;
}

/** Whether an edit changes text in the range, or inserts text inside it. */
export function touches(edit: TextEdit, range: readonly [number, number]): boolean {
  return overlaps(edit, range) || (edit.startOffset === edit.endOffset && range[0] < edit.startOffset && edit.startOffset < range[1]);
}

/**
 * The removals of whole statements: the lines of each that stands alone on them (a comment ending its
 * last line goes with it), else the statement alone. Statements apart by blank lines only go as one
 * block, with a comment that stands above the block alone, and one of two blank lines the block stood
 * between. Nothing the fix's own `edits` change is taken.
 */
function statementRemovals(text: string, statements: readonly Node[], edits: readonly TextEdit[]): { edits: TextEdit[]; commentAbove: Map<Node, number> } {
  const free = (range: readonly [number, number]): boolean => !edits.some((edit) => touches(edit, range));
  const removals: TextEdit[] = [];
  const blocks: { lines: [number, number]; first: Node }[] = [];
  const spans = statements.flatMap((statement) => {
    const lines = ownLines(text, statement);
    if (!lines) removals.push(inlineRemoval(text, statement));
    return lines ? [{ lines, first: statement }] : [];
  });
  for (const span of spans.sort((a, b) => a.lines[0] - b.lines[0])) {
    const last = blocks.at(-1);
    if (last && BLANK_LINES.test(text.slice(last.lines[1], span.lines[0])) && free([last.lines[1], span.lines[0]])) last.lines[1] = span.lines[1];
    else blocks.push({ lines: [...span.lines], first: span.first });
  }
  const commentAbove = new Map<Node, number>();
  for (const { lines, first } of blocks) {
    const withComment = withCommentAbove(text, lines, free);
    if (withComment[0] < lines[0]) commentAbove.set(first, withComment[0]);
    removals.push(blockRemoval(text, withComment, free));
  }
  return { edits: removals, commentAbove };
}

const BLANK_LINES = /^(?:[ \t]*(?:\r\n|\n|\r))*$/;

function inlineRemoval(text: string, statement: Node): TextEdit {
  return { startOffset: statement.range[0], endOffset: statement.range[1] + /^[ \t]*/.exec(text.slice(statement.range[1]))![0].length, newText: '' };
}

/** The line before `offset` (a line start), without its break, and where it starts; undefined at the text's start. */
function lineBefore(text: string, offset: number): { text: string; start: number } | undefined {
  if (offset === 0) return undefined;
  let end = offset;
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  const start = lineStartOf(text, end);
  return { text: text.slice(start, end), start };
}

/** Comments a removed block's comment may not take with it: tools' directives, a licence. */
const KEPT_COMMENTS = /eslint|@ts-|prettier|istanbul|jshint|jslint|\bglobal\b|#(?:end)?region|copyright|licen[cs]e|@flow|@jsx/i;

/**
 * The block with the comment right above it, where that comment is the block's own: a doc comment
 * (`/** … *\/`), which documents the declaration under it, or one that heads nothing else: a blank
 * line, a block's end or the file's end below the block, and `//` lines or a blank line (or a block's
 * opening line) above the comment. A comment heading more than the block (code that stays right below
 * it), or parted from it by a blank line, stays, as does a file's opening comment.
 */
function withCommentAbove(text: string, block: [number, number], free: (range: readonly [number, number]) => boolean): [number, number] {
  const top = commentLinesAbove(text, block[0]);
  if (top === block[0] || top === 0 || KEPT_COMMENTS.test(text.slice(top, block[0])) || !free([top, block[0]])) return block;
  if (DOC_COMMENT.test(text.slice(top, block[0]))) return [top, block[1]];
  const above = lineBefore(text, top);
  const below = /^[^\r\n]*/.exec(text.slice(block[1]))![0];
  const headsNothingElse = block[1] === text.length || /^[ \t]*$|^[ \t]*[}\])]/.test(below);
  // `//` lines right on the block are its note whatever code stands above them, as a doc comment is.
  const alone = LINE_COMMENTS.test(text.slice(top, block[0])) || (!!above && /^[ \t]*$|[{(\[][ \t]*$/.test(above.text));
  return headsNothingElse && alone ? [top, block[1]] : block;
}

/** `//` comments filling their lines. */
const LINE_COMMENTS = /^(?:[ \t]*\/\/[^\r\n]*(?:\r\n|\n|\r))+$/;

/** One doc comment filling its lines. */
const DOC_COMMENT = /^[ \t]*\/\*\*(?!\/)(?:(?!\*\/)[\s\S])*\*\/[ \t]*(?:\r\n|\n|\r)$/;

/** The start of the whole-line comments right above `offset` (a line's start): `//` lines, and `/* … *\/` over one line or more. */
function commentLinesAbove(text: string, offset: number): number {
  let top = offset;
  for (let line = lineBefore(text, top); line; line = lineBefore(text, top)) {
    if (/^[ \t]*(?:\/\/|\/\*.*\*\/[ \t]*$)/.test(line.text)) top = line.start;
    else if (/\*\/[ \t]*$/.test(line.text) && !line.text.includes('/*')) {
      const start = blockCommentStart(text, line.start);
      if (start === undefined) break;
      top = start;
    } else break;
  }
  return top;
}

/** Where the `/*` comment whose last line starts at `lastLine` starts, on a line of its own; undefined where that is not sure. */
function blockCommentStart(text: string, lastLine: number): number | undefined {
  let start = lastLine;
  for (let count = 0; count < 200; count++) {
    const line = lineBefore(text, start);
    if (!line || line.text.includes('*/')) return undefined;
    start = line.start;
    if (/^[ \t]*\/\*/.test(line.text)) return start;
  }
  return undefined;
}

/**
 * A block's removal, with one of two blank lines it stood between, and a blank line it leaves right
 * after a block's opening line or right before a block's end.
 */
function blockRemoval(text: string, [start, end]: [number, number], free: (range: readonly [number, number]) => boolean): TextEdit {
  const above = lineBefore(text, start);
  const blankBefore = !above || /^[ \t]*$/.test(above.text);
  const opensBlock = !!above && /[{(\[][ \t]*$/.test(above.text);
  const blankAfter = /^[ \t]*(?:\r\n|\n|\r)/.exec(text.slice(end));
  if ((blankBefore || opensBlock) && blankAfter && free([end, end + blankAfter[0].length])) return { startOffset: start, endOffset: end + blankAfter[0].length, newText: '' };
  if (above && blankBefore && (end === text.length || /^[ \t]*[}\])]/.test(text.slice(end))) && free([above.start, start])) return { startOffset: above.start, endOffset: end, newText: '' };
  return { startOffset: start, endOffset: end, newText: '' };
}
