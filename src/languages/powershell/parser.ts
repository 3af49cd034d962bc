import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Edit, Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../engine/finding';
import { keepRecent } from '../../engine/recent';
import { inRanges, textChange } from '../../engine/text';
import { commentsAndStrings, SINGLE_QUOTES, TYPOGRAPHIC_QUOTE, UNICODE_BLANKS } from './comments';
import { withStandInsForGrammarGaps } from './grammar-gaps';
import { syntaxErrorNodes } from './syntax';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-powershell.wasm';

let parser: Promise<Parser> | undefined;

/**
 * The bundles ship both wasm files next to themselves; from the compiled sources (tests) they are
 * found in the installed packages.
 */
function wasmPath(file: string, packageEntry: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(packageEntry);
}

async function createParser(): Promise<Parser> {
  const runtime = wasmPath(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(wasmPath(GRAMMAR_WASM, `tree-sitter-powershell/${GRAMMAR_WASM}`));
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

/** One parser for the process, loaded on first use (the wasm costs tens of milliseconds). */
export function powerShellParser(): Promise<Parser> {
  parser ??= createParser().catch((error: unknown) => {
    parser = undefined;
    throw error;
  });
  return parser;
}

/**
 * Parses and hands the tree to `use`. With a `key` (the file's path) the tree is kept, and the next
 * parse of that key edits it and re-parses only what changed (an edit of a 5,000-line script: about a
 * millisecond instead of sixty); without one the tree's wasm memory is freed afterwards.
 */
export async function withPowerShellTree<T>(script: string, use: (tree: Tree) => T, key?: string): Promise<T> {
  const text = asTheGrammarReads(script);
  const parser = await powerShellParser();
  const previous = key === undefined ? undefined : takeKeptTree(key);
  if (previous) previous.tree.edit(new Edit(editBetween(previous.text, text)));
  let tree = parser.parse(text, previous?.tree);
  previous?.tree.delete();
  if (tree?.rootNode.hasError) {
    // Error recovery may settle differently when re-parsing from an old tree: a script with a syntax
    // error (or a construct the grammar lacks) is parsed afresh, so that findings never depend on history.
    if (previous) {
      tree.delete();
      tree = parser.parse(text);
    }
    if (tree) tree = acrossGrammarGaps(parser, text, tree);
  }
  if (!tree) throw new Error('the PowerShell parser returned no tree');
  try {
    return use(tree);
  } finally {
    // A tree with errors is no base for the next parse: nodes reused from its error recovery can keep
    // stale extents (a hashtable key that starts at the blank before it) in a re-parse without errors.
    // Nor is one parsed from stand-ins (see `acrossGrammarGaps`): a fix checked from it would be read
    // with them, not as a fresh parse of the fixed script reads it.
    if (key === undefined || tree.rootNode.hasError || readsOtherText.has(tree)) tree.delete();
    else keepTree(key, { text, tree });
  }
}

/**
 * The grammar lacks some valid PowerShell (see `grammar-gaps.ts`): where the tree has errors, such
 * constructs are given to it as stand-ins of the same length, and the script is parsed again, for a
 * few rounds (one stand-in can show the next construct, and a round may err elsewhere on its way: a
 * blanked quote can show the next bare word as one). The round whose errors cover least is kept, and
 * reads the script's own text, if its errors all lie inside errors of the first parse; an error of its
 * own would mean a stand-in was not what the script meant (quotes paired differently, say), and code
 * may have been read as text without anyone noticing.
 * `tree` is the script's parse, with errors; the tree returned replaces it.
 */
function acrossGrammarGaps(parser: Parser, text: string, tree: Tree): Tree {
  const firstErrors = syntaxErrorNodes(tree.rootNode);
  let [kept, keptExtent] = [tree, extentOf(firstErrors)];
  let [latest, latestText] = [tree, text];
  const rounds = Math.max(1, Math.min(MAX_STAND_IN_ROUNDS, Math.floor(STAND_IN_PARSE_BUDGET / text.length)));
  for (let round = 0; round < rounds && keptExtent > 0; round++) {
    const next = withStandInsForGrammarGaps(latestText, latest);
    const retried = next === latestText ? null : parser.parse(next);
    if (!retried) break;
    const errors = syntaxErrorNodes(retried.rootNode);
    const extent = extentOf(errors);
    if (latest !== kept) latest.delete();
    [latest, latestText] = [retried, next];
    const withinFirst = allWithin(errors, firstErrors);
    if (withinFirst && extent < keptExtent) {
      if (kept !== tree) kept.delete();
      [kept, keptExtent] = [retried, extent];
    }
  }
  if (latest !== kept) latest.delete();
  if (kept === tree) return tree;
  tree.delete();
  (kept as unknown as { textCallback: (index: number) => string }).textCallback = (index) => text.slice(index);
  readsOtherText.add(kept);
  return kept;
}

/** Whether each of `errors` lies inside one of `outer` (both outermost errors, in order: one walk). */
function allWithin(errors: readonly Node[], outer: readonly Node[]): boolean {
  const spans = outer.map((error) => [error.startIndex, error.endIndex] as const);
  let at = 0;
  return errors.every((error) => {
    const [start, end] = [error.startIndex, error.endIndex];
    while (at < spans.length && spans[at][1] < end) at++;
    return at < spans.length && spans[at][0] <= start;
  });
}

/** How much of the script syntax errors cover (a made-up node counts as one character). */
function extentOf(errors: readonly Node[]): number {
  return errors.reduce((sum, error) => sum + Math.max(1, error.endIndex - error.startIndex), 0);
}

const MAX_STAND_IN_ROUNDS = 8;
/** Characters parsed again in all rounds: a script of a megabyte gets two (each fix is checked by a parse like it). */
const STAND_IN_PARSE_BUDGET = 2_000_000;

/** Trees parsed from stand-ins (see `acrossGrammarGaps`). */
const readsOtherText = new WeakSet<Tree>();

/** Whether the grammar read stand-ins for parts of the script (see `acrossGrammarGaps`). */
export function parsedAcrossGrammarGaps(tree: Tree): boolean {
  return readsOtherText.has(tree);
}

interface KeptTree {
  text: string;
  tree: Tree;
}

const KEPT_TREES = 2;
const keptTrees = new Map<string, KeptTree>();

/**
 * The script as the grammar can read it, one UTF-16 unit for another (every offset holds, and the
 * tree's text reads as PowerShell does):
 * - PowerShell's typographic quotes (`‘’‚‛`, `“”„`, as scripts copied from a web page or a document
 *   have them) become the ASCII quotes they stand for: the grammar knows only those, and would make
 *   the rest of such a script an error;
 * - PowerShell's other blanks (a no-break space, as pasted from a web page; NEL; Unicode's space
 *   separators) become spaces where they are code: the grammar takes them for part of a command's
 *   name or an argument, and the statement would silently read as another command;
 * - a lone carriage return (old Mac line endings), which PowerShell reads as a line break, becomes a
 *   line feed: the grammar reads it as a blank, and the lines run together into one statement.
 */
export function asTheGrammarReads(script: string): string {
  const lined = script.includes('\r') ? script.replace(LONE_CR, '\n') : script;
  const quoted = lined.replace(TYPOGRAPHIC_QUOTES, (quote) => (SINGLE_QUOTES.includes(quote) ? "'" : '"'));
  if (!UNICODE_BLANK.test(quoted)) return quoted;
  const scanned = commentsAndStrings(quoted);
  // Where the scan cannot tell strings apart, only a line's indentation, and a blank before a parameter, are surely code.
  if (!scanned) return quoted.replace(INDENTATION, (blanks) => blanks.replace(ANY_UNICODE_BLANK, ' ')).replace(BEFORE_PARAMETER, ' ');
  const isText = (offset: number): boolean => inRanges(scanned.strings, offset) || inRanges(scanned.comments, offset);
  return quoted.replace(ANY_UNICODE_BLANK, (blank, offset: number) => (isText(offset) ? blank : ' '));
}

const LONE_CR = /\r(?!\n)/g;
const UNICODE_BLANK = new RegExp(`[${UNICODE_BLANKS}]`);
const ANY_UNICODE_BLANK = new RegExp(UNICODE_BLANK.source, 'g');
const INDENTATION = new RegExp(`^(?:[ \\t]|${UNICODE_BLANK.source})+`, 'gm');
const BEFORE_PARAMETER = new RegExp(`${UNICODE_BLANK.source}(?=[-\u2013\u2014\u2015][A-Za-z])`, 'g');
const TYPOGRAPHIC_QUOTES = new RegExp(TYPOGRAPHIC_QUOTE.source, 'g');

/** Whether the next parse of `key` starts from a kept tree (an edit). */
export function hasKeptTree(key: string): boolean {
  return keptTrees.has(key);
}

function takeKeptTree(key: string): KeptTree | undefined {
  const kept = keptTrees.get(key);
  keptTrees.delete(key);
  return kept;
}

function keepTree(key: string, kept: KeptTree): void {
  for (const dropped of keepRecent(keptTrees, key, kept, KEPT_TREES)) dropped.tree.delete();
}

/** The edit that turns one text into the other, as tree-sitter wants it (rows count `\n` only). */
export function editBetween(before: string, after: string) {
  const { start, oldLength, newLength } = textChange(before, after);
  return {
    startIndex: start,
    oldEndIndex: start + oldLength,
    newEndIndex: start + newLength,
    startPosition: pointAt(after, start),
    oldEndPosition: pointAt(before, start + oldLength),
    newEndPosition: pointAt(after, start + newLength),
  };
}

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: index - lineStart };
}

export async function countPowerShellSyntaxErrors(text: string): Promise<number> {
  return withPowerShellTree(text, (tree) => syntaxErrorNodes(tree.rootNode).length);
}

/**
 * The syntax errors of `fixed`: the script kept under `key`, whose text was `base`, with `edits`
 * applied (a fix). Parsed from a copy of the kept tree, which re-parses the text around the edits
 * only: checking a fix of a 10 KB script costs a fraction of a millisecond instead of five. A result
 * with errors is counted again from scratch, as error recovery may settle differently from an old tree.
 */
export async function countPowerShellSyntaxErrorsOfEdit(key: string, script: string, edits: readonly TextEdit[], fixedScript: string): Promise<number> {
  const [base, fixed] = [asTheGrammarReads(script), asTheGrammarReads(fixedScript)];
  // The parser first: from here on nothing waits, so another analysis cannot take the kept tree.
  const parser = await powerShellParser();
  const kept = keptTrees.get(key);
  if (!kept || kept.text !== base) return countPowerShellSyntaxErrors(fixed);
  const edited = kept.tree.copy();
  // From the last edit back: the positions of those before it stay as they are in `base`.
  for (const edit of [...edits].sort((a, b) => b.startOffset - a.startOffset)) edited.edit(new Edit(treeEditOf(base, edit)));
  const tree = parser.parse(fixed, edited);
  edited.delete();
  const clean = tree !== null && !tree.rootNode.hasError;
  tree?.delete();
  return clean ? 0 : countPowerShellSyntaxErrors(fixed);
}

function treeEditOf(base: string, edit: TextEdit) {
  const startPosition = pointAt(base, edit.startOffset);
  const lines = edit.newText.split('\n');
  const last = lines[lines.length - 1];
  return {
    startIndex: edit.startOffset,
    oldEndIndex: edit.endOffset,
    newEndIndex: edit.startOffset + edit.newText.length,
    startPosition,
    oldEndPosition: pointAt(base, edit.endOffset),
    newEndPosition: lines.length === 1 ? { row: startPosition.row, column: startPosition.column + last.length } : { row: startPosition.row + lines.length - 1, column: last.length },
  };
}
