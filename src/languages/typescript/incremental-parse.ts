import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { astConverter, type ParseSettings } from '@typescript-eslint/typescript-estree/use-at-your-own-risk';
import * as ts from 'typescript';
import { isParserAssertion } from '../../engine/parser-assertion';
import { keepRecent } from '../../engine/recent';
import { lineFeedLineStarts, textChange } from '../../engine/text';
import { nodesOf } from './ast';

/**
 * Re-parsing a 5,000-line module after each keystroke costs 150 ms or more, mostly in the ESTree
 * conversion. This parser keeps the last TypeScript tree of a few files, lets TypeScript's own
 * incremental parser update it, and converts only the top-level statements the edit touched: the
 * statements TypeScript reused keep their ESTree, moved by the edit's length. Nodes carry `range`
 * only (no `loc`: nothing reads it, and moving it would double the work).
 * The result equals a full parse; a file with syntax errors is left to the recovering full parse.
 */
export class IncrementalParser {
  private readonly states = new Map<string, ParseState>();

  constructor(private readonly capacity = 8) {}

  /** Whether the next parse of `key` starts from a kept tree (an edit). */
  has(key: string): boolean {
    return this.states.has(key);
  }

  /** The tree kept of `key` where it was parsed from `text`, without syntax errors. */
  kept(key: string, text: string, jsx: boolean): ts.SourceFile | undefined {
    const state = this.states.get(key);
    return state?.text === text && state.jsx === jsx ? state.source : undefined;
  }

  /**
   * The module's TypeScript tree and, converted on demand, its ESTree; undefined when the file has
   * syntax errors. A tree whose ESTree is never asked for costs no conversion.
   */
  parse(key: string, text: string, jsx: boolean): IncrementalParse | undefined {
    const previous = this.states.get(key);
    this.states.delete(key);
    const state = previous && previous.jsx === jsx ? updated(previous, text) : created(text, jsx);
    if (!state) return undefined;
    keepRecent(this.states, key, state, this.capacity);
    return { source: state.source, program: () => programFor(state), lineFeedStarts: () => lineFeedStartsOf(state.source) };
  }
}

export interface IncrementalParse {
  source: ts.SourceFile;
  /** Undefined where the converter rejects the code (a grammar error TypeScript let pass). */
  program(): TSESTree.Program | undefined;
  /** The line starts of a text whose only line break is \n, as the converter has them; else undefined. */
  lineFeedStarts(): readonly number[] | undefined;
}

interface ConvertedStatement {
  estree: TSESTree.ProgramStatement;
  /** The TypeScript statement's end when it was converted: how far a later edit moved it. */
  end: number;
}

interface ParseState {
  text: string;
  jsx: boolean;
  source: ts.SourceFile;
  converted: WeakMap<ts.Node, ConvertedStatement>;
}

function createSource(text: string, jsx: boolean): ts.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const source = ts.createSourceFile(jsx ? 'estree.tsx' : 'estree.ts', text, options, false, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  setParents(source);
  return source;
}

/**
 * What `setParentNodes` does, the converter and the incremental parse reading `parent`: TypeScript's
 * own pass queues every node's children in arrays of its own, a tenth of what a cold worker's parse
 * and analysis of a module allocate.
 */
function setParents(source: ts.SourceFile): void {
  parentOfVisited = source;
  ts.forEachChild(source, adoptChild);
}

let parentOfVisited: ts.Node;

function adoptChild(child: ts.Node): undefined {
  const parent = parentOfVisited;
  (child as { parent: ts.Node }).parent = parent;
  parentOfVisited = child;
  ts.forEachChild(child, adoptChild);
  const jsDoc = (child as { jsDoc?: readonly ts.Node[] }).jsDoc;
  if (jsDoc) for (let i = 0; i < jsDoc.length; i++) adoptChild(jsDoc[i]);
  parentOfVisited = parent;
  return undefined;
}

function isModule(source: ts.SourceFile): boolean {
  return (source as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator !== undefined;
}

function hasSyntaxErrors(source: ts.SourceFile): boolean {
  return (source as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length > 0;
}

/**
 * The parse, or undefined where TypeScript's parser fails one of its own assertions on the code (it
 * does on some broken code): like code with syntax errors, it is left to the full parse, which says so.
 */
function parsedOrUndefined(parse: () => ts.SourceFile): ts.SourceFile | undefined {
  try {
    return parse();
  } catch (error) {
    if (isParserAssertion(error)) return undefined;
    throw error;
  }
}

/** Converts, or returns undefined where the converter rejects the code (a grammar error TypeScript let pass). */
function convert(source: ts.SourceFile): TSESTree.Program | undefined {
  try {
    return astConverter(source, CONVERTER_SETTINGS, false).estree;
  } catch {
    return undefined;
  }
}

function created(text: string, jsx: boolean): ParseState | undefined {
  const source = parsedOrUndefined(() => createSource(text, jsx));
  return !source || hasSyntaxErrors(source) ? undefined : { text, jsx, source, converted: new WeakMap() };
}

/** TypeScript's incremental parse reuses the nodes of unchanged statements, moved where the edit moved them. */
function updated(previous: ParseState, text: string): ParseState | undefined {
  if (previous.text === text) return previous;
  const change = textChange(previous.text, text);
  const source = parsedOrUndefined(() =>
    ts.updateSourceFile(previous.source, text, { span: { start: change.start, length: change.oldLength }, newLength: change.newLength }),
  );
  return !source || hasSyntaxErrors(source) ? undefined : { text, jsx: previous.jsx, source, converted: previous.converted };
}

/** The ESTree of the statements converted before (moved), and of the others converted now. */
function programFor(state: ParseState): TSESTree.Program | undefined {
  const body: (TSESTree.ProgramStatement | undefined)[] = [];
  const fresh: ts.Statement[] = [];
  for (const statement of state.source.statements) {
    const reused = reusable(state.converted.get(statement), statement);
    body.push(reused);
    if (!reused) fresh.push(statement);
  }
  if (fresh.length && !convertFresh(state, fresh, body)) return fresh.length < body.length ? programAfresh(state) : undefined;
  return programOf(state, body as TSESTree.ProgramStatement[]);
}

function programAfresh(state: ParseState): TSESTree.Program | undefined {
  state.converted = new WeakMap();
  return programFor(state);
}

/** The ESTree of a statement TypeScript reused, moved as far as the edit moved the statement. */
function reusable(cached: ConvertedStatement | undefined, statement: ts.Statement): TSESTree.ProgramStatement | undefined {
  if (!cached || isPrologueCandidate(statement)) return undefined;
  if (cached.end !== statement.end) moveRanges(cached.estree, statement.end - cached.end);
  cached.end = statement.end;
  return cached.estree;
}

/** A string-literal statement may be a directive (`'use strict'`) depending on what precedes it. */
function isPrologueCandidate(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/**
 * Converts the new statements only: the converter gets the updated file with its statement list cut
 * down to them, so offsets come out as in the whole file.
 */
function convertFresh(state: ParseState, fresh: readonly ts.Statement[], body: (TSESTree.ProgramStatement | undefined)[]): boolean {
  const whole = withLineStarts(state.source);
  // Token searches (`getChildren`) still see the whole file, whose statements are all there.
  const partial = Object.create(whole, { statements: { value: fresh }, getChildren: { value: () => whole.getChildren(whole) } }) as ts.SourceFile;
  const program = convert(partial);
  if (!program || !fresh.every((statement, index) => program.body[index]?.range[1] === statement.end)) return false;
  fresh.forEach((statement, index) => {
    const estree = program.body[index];
    if (estree.type === 'ExpressionStatement') estree.directive = undefined;
    state.converted.set(statement, { estree, end: statement.end });
  });
  let next = 0;
  for (let i = 0; i < body.length; i++) body[i] ??= program.body[next++];
  return true;
}

// What typescript-estree's `parse` passes the converter for `{ range: true, loc: false }` (as the recovering parse uses).
const CONVERTER_SETTINGS = {
  allowInvalidAST: false,
  errorOnUnknownASTType: false,
  suppressDeprecatedPropertyWarnings: true,
  range: true,
  loc: false,
  tokens: null,
  comment: false,
} as unknown as ParseSettings;

function programOf(state: ParseState, body: TSESTree.ProgramStatement[]): TSESTree.Program {
  markDirectives(state.source.statements, body);
  return {
    type: 'Program',
    body,
    comments: undefined,
    sourceType: isModule(state.source) ? 'module' : 'script',
    tokens: undefined,
    range: [0, state.source.endOfFileToken.end],
  } as unknown as TSESTree.Program;
}

/** The directive prologue, as the converter marks it: the leading string-literal statements. */
function markDirectives(statements: readonly ts.Statement[], body: TSESTree.ProgramStatement[]): void {
  let prologue = true;
  statements.forEach((statement, index) => {
    const estree = body[index];
    prologue &&= isPrologueCandidate(statement);
    if (prologue && estree.type === 'ExpressionStatement' && estree.expression.type === 'Literal') {
      estree.directive = estree.expression.raw.slice(1, -1);
    }
  });
}

/**
 * The converter computes each node's `loc` (and drops it, as asked): for that TypeScript computes the
 * line starts of the whole file, a loop over its characters that cost 0.9 ms per edit of a 5,000-line
 * module. Where the only line breaks are LF, the same starts come from `indexOf` in a fraction of that.
 */
function withLineStarts(source: ts.SourceFile): ts.SourceFile {
  lineFeedStartsOf(source);
  return source;
}

function lineFeedStartsOf(source: ts.SourceFile): number[] | undefined {
  const internal = source as unknown as { lineMap?: number[] };
  const { text } = source;
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) return undefined;
  return (internal.lineMap ??= lineFeedLineStarts(text));
}

/** Moves every node of a reused statement by `delta` characters, in place. */
function moveRanges(root: TSESTree.Node, delta: number): void {
  for (const range of rangesOf(root)) {
    range[0] += delta;
    range[1] += delta;
  }
}

// A statement's range arrays, each once: moving them from this list instead of through the nodes (of a
// hundred shapes, so every `node.range` read was a megamorphic lookup) made an edit at the top of a
// 5,000-line module, which moves every statement after it, about 4 ms faster.
const statementRanges = new WeakMap<TSESTree.Node, TSESTree.Range[]>();

function rangesOf(root: TSESTree.Node): TSESTree.Range[] {
  let ranges = statementRanges.get(root);
  if (ranges) return ranges;
  ranges = [];
  let previous: TSESTree.Range | undefined;
  for (const node of nodesOf(root)) {
    // The converter gives some nodes their parent's range array (an import's default specifier and its
    // name, a type annotation and its type), and the parent comes just before: it is listed already.
    if (node.range !== previous) ranges.push(node.range);
    previous = node.range;
  }
  statementRanges.set(root, ranges);
  return ranges;
}
