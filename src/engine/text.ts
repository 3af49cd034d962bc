import type { Position, SourceRange } from './finding';

/** Maps UTF-16 offsets of one text to 0-based line/character positions. */
export class LineIndex {
  private readonly lineStarts: ArrayLike<number>;

  /** `lineStarts`: the text's, where the caller has them already. */
  constructor(
    readonly text: string,
    lineStarts?: ArrayLike<number>,
  ) {
    // Most files end lines with \n alone: searching for it runs natively, four times faster than the loop.
    this.lineStarts = lineStarts ?? (text.includes('\r') ? anyBreakLineStarts(text) : lineFeedLineStartsPacked(text));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  rangeOf(startOffset: number, endOffset: number): SourceRange {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset), startOffset, endOffset };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** The offsets where lines start, for a text whose only line break is \n (as TypeScript's line map wants them). */
export function lineFeedLineStarts(text: string): number[] {
  return Array.from(lineFeedLineStartsPacked(text));
}

/**
 * The same, in a typed array: its elements live outside the garbage-collected heap, where a large
 * file's line starts, made again on every edit, would otherwise bring the next collection sooner.
 */
function lineFeedLineStartsPacked(text: string): Uint32Array {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Uint32Array(lines);
  for (let i = text.indexOf('\n'), line = 1; i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}

function anyBreakLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export type LineEnding = '\n' | '\r\n' | '\r';

export function detectLineEnding(text: string): LineEnding {
  const match = /\r\n|\n|\r/.exec(text);
  return (match?.[0] as LineEnding | undefined) ?? '\n';
}

/** The indentation (leading blanks) of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The unit the file indents with: a tab, or the smallest run of spaces that starts an indented line. */
export function detectIndentUnit(text: string, fallback = '  '): string {
  // The common answers by a regular expression's test each (no match objects for every line of the file).
  if (/^\t+[^\s*]/m.test(text)) return '\t';
  if (/^ [^\s*]/m.test(text)) return fallback;
  if (/^ {2}[^\s*]/m.test(text)) return '  ';
  let smallest = Infinity;
  // ` * ` continuation lines of block comments are aligned by one space, not indented.
  for (const match of text.matchAll(/^( +|\t+)[^\s*]/gm)) {
    if (match[1][0] === '\t') return '\t';
    smallest = Math.min(smallest, match[1].length);
  }
  return Number.isFinite(smallest) && smallest >= 2 ? ' '.repeat(Math.min(smallest, 8)) : fallback;
}

/** Re-indents a multi-line template (written with `\n` and two-space indents) to the file's style. */
export function formatBlock(block: string, indentUnit: string, baseIndent: string, eol: LineEnding): string {
  return block
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return '';
      const leading = /^ */.exec(line)![0].length;
      return baseIndent + indentUnit.repeat(Math.floor(leading / 2)) + ' '.repeat(leading % 2) + line.trimStart();
    })
    .join(eol);
}

/** Where two versions of a text differ: the common prefix and suffix left out. */
export function textChange(before: string, after: string): { start: number; oldLength: number; newLength: number } {
  const limit = Math.min(before.length, after.length);
  // Whole chunks first: comparing slices runs natively, a character loop over a 200 KB file costs a millisecond.
  let start = 0;
  while (start + COMPARED_CHUNK <= limit && before.slice(start, start + COMPARED_CHUNK) === after.slice(start, start + COMPARED_CHUNK)) start += COMPARED_CHUNK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const room = limit - start;
  let suffix = 0;
  while (suffix + COMPARED_CHUNK <= room && before.slice(before.length - suffix - COMPARED_CHUNK, before.length - suffix) === after.slice(after.length - suffix - COMPARED_CHUNK, after.length - suffix)) {
    suffix += COMPARED_CHUNK;
  }
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldLength: before.length - start - suffix, newLength: after.length - start - suffix };
}

const COMPARED_CHUNK = 512;

/** The words of a name as written: `ClientSecret` → client, secret; `client_secret` → client, secret; `clientsecret` stays one. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression that matches any of the words, taken literally. */
export function wordsPattern(words: readonly string[], flags: string): RegExp {
  return new RegExp(words.map(escapeRegExp).join('|'), flags);
}

/** A span of a text, [start, end) offsets: a comment's, a string's. */
export type TextRange = [start: number, end: number];

/** Whether `offset` lies in one of the (sorted) ranges. */
export function inRanges(ranges: readonly TextRange[], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle];
    if (offset < start) high = middle - 1;
    else if (offset >= end) low = middle + 1;
    else return true;
  }
  return false;
}

/** The index of the first item of a list sorted by `start` whose start is `offset` or later (the list's length if none). */
export function firstAtOrAfter<T>(list: readonly T[], start: (item: T) => number, offset: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (start(list[middle]) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The 1-based line of an offset, for a message that names it. */
export function lineNumberAt(text: string, offset: number): number {
  return new LineIndex(text).positionAt(offset).line + 1;
}

/** A path's last part, whether it is written with `\` or `/` (`.\tools\pac.exe`, `/usr/bin/az`): the command it runs. */
export function lastPathPart(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}
