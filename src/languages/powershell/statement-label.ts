import type { Node } from 'web-tree-sitter';

/**
 * Where the code a new function is put before starts, with what labels it: the `#` lines right above
 * it (`#Connect to Exchange Online`, no blank line between) and, above a function, its comment-based
 * help (PowerShell ties help to a function up to one blank line away). A run of two or more `#` lines
 * from the top of the script is the script's header, which stays on top. `#Requires` and `#!`
 * lines belong to the script.
 */
export function labelledStart(text: string, statement: Node): number {
  const { lines, partial } = linesBefore(text, statement.startIndex);
  if (partial.trim()) return statement.startIndex;
  const help = statement.type === 'function_statement' ? helpAbove(lines) : 0;
  let labels = 0;
  while (labels + help < lines.length && isLabelLine(lines, lines.length - 1 - help - labels)) labels++;
  const header = labels >= 2 && lines.slice(0, lines.length - help - labels).every((line) => !line.trim());
  const taken = help + (header ? 0 : labels);
  if (!taken) return statement.startIndex;
  return statement.startIndex - partial.length - lines.slice(-taken).join('').length;
}

/**
 * Where a new function goes when the comments between the script's header and the statement end in
 * banners that head the statement's section: a `#region`, a rule (`# =====`, a row of `#`), or any comment
 * right above the code, with the banners above it (`#region Config`, blank, `#### Variables ####`). It
 * goes above them, but below the header (the script's first comment block and `#Requires` lines) and
 * notes that are no banners, so that no banner is parted from its code. Undefined where no banner ends them.
 */
export function sectionStart(text: string, statement: Node): number | undefined {
  const { lines, partial } = linesBefore(text, statement.startIndex);
  if (partial.trim()) return undefined;
  const { blocks, atTop } = commentBlocksAbove(lines);
  let header = atTop ? 1 : 0;
  while (header < blocks.length && blocks[header].lines.every((line) => /^#(?:requires\b|!)/i.test(line.trim()))) header++;
  const last = blocks.at(-1);
  if (header >= blocks.length || !last || !(last.adjoinsCode || last.lines.some(isBannerLine))) return undefined;
  let first = blocks.length - 1;
  while (first - 1 >= header && blocks[first - 1].lines.some(isBannerLine)) first--;
  return lines.slice(0, blocks[first].start).join('').length;
}

/** A comment block's lines, the index of its first, and whether the code below follows it with no blank line between. */
interface CommentBlock {
  lines: string[];
  start: number;
  adjoinsCode: boolean;
}

/**
 * The comment blocks (parted by blank lines) between the code above the `lines`' end and it, top first;
 * `atTop`: no code is above them.
 */
function commentBlocksAbove(lines: readonly string[]): { blocks: CommentBlock[]; atTop: boolean } {
  const blocks: CommentBlock[] = [];
  let end = lines.length;
  for (let at = lines.length - 1; at >= -1; at--) {
    const blank = at >= 0 && !lines[at].trim();
    const opening = at >= 0 ? blockOpening(lines, at) : undefined;
    const comment = at >= 0 && !blank && (opening !== undefined || lines[at].trim().startsWith('#'));
    if (comment) {
      if (opening !== undefined) at = opening;
      continue;
    }
    if (at + 1 < end) blocks.unshift({ lines: lines.slice(at + 1, end), start: at + 1, adjoinsCode: end === lines.length });
    end = at;
    if (!blank) return { blocks, atTop: at < 0 };
  }
  return { blocks, atTop: true };
}

/** `#region …`, or a rule: a run of five `=`, `-`, `#`, `*` or `~` (`#Layout the Menu =====`, `##########`). */
function isBannerLine(line: string): boolean {
  const trimmed = line.trim();
  return /^#\s*region\b/i.test(trimmed) || /([=\-#*~])\1{4,}/.test(trimmed.slice(1));
}

/**
 * The line breaks to put before a function inserted at `offset`, so that no comment above seems to
 * label it: a blank line below a `#` line, and two below comment-based help, which PowerShell would
 * otherwise read as the function's help and no longer as the script's.
 */
export function breaksBeforeFunction(text: string, offset: number): number {
  const { lines, partial } = linesBefore(text, offset);
  if (partial.trim()) return 0;
  let blank = 0;
  while (blank < lines.length && !lines[lines.length - 1 - blank].trim()) blank++;
  const at = lines.length - 1 - blank;
  if (at < 0) return 0;
  if (blockOpening(lines, at) !== undefined) return Math.max(0, 2 - blank);
  return lines[at].trim().startsWith('#') && !blank ? 1 : 0;
}

/** The whole lines before `offset` (each with its line break) and the part of its own line before it. */
function linesBefore(text: string, offset: number): { lines: string[]; partial: string } {
  const head = text.slice(0, offset);
  const lineStart = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r')) + 1;
  const lines = lineStart ? head.slice(0, lineStart).split(/(?<=\r\n|\r(?!\n)|\n)/) : [];
  return { lines, partial: head.slice(lineStart) };
}

/** A `#` line comment: not `#Requires`, `#!`, nor the end of a `<# … #>` block. */
function isLabelLine(lines: readonly string[], at: number): boolean {
  const trimmed = lines[at].trim();
  return trimmed.startsWith('#') && !/^#(?:requires\b|!)/i.test(trimmed) && blockOpening(lines, at) === undefined;
}

/** The number of lines of a `<# … #>` block ending at most one blank line above, blank line included. */
function helpAbove(lines: readonly string[]): number {
  let end = lines.length - 1;
  if (end >= 0 && !lines[end].trim()) end--;
  const opening = end < 0 ? undefined : blockOpening(lines, end);
  return opening === undefined ? 0 : lines.length - opening;
}

/**
 * Where the `<# … #>` block that line `end` closes opens; undefined when the line closes none (`# a note #>`).
 * Block comments do not nest: the block opens at the first `<#` after the `#>` of the block before,
 * wherever in its line (`using namespace X <# … #>`).
 */
function blockOpening(lines: readonly string[], end: number): number | undefined {
  const closing = lines[end].trimEnd();
  if (!closing.endsWith('#>')) return undefined;
  const head = lines.slice(0, end).join('') + closing.slice(0, -2);
  const opening = head.indexOf('<#', head.lastIndexOf('#>') + 1);
  if (opening < 0) return undefined;
  let line = 0;
  for (let passed = lines[0].length; passed <= opening; passed += lines[++line].length);
  return line;
}
