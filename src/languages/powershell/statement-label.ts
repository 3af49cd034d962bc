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
