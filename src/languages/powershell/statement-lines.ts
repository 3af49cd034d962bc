import type { TextEdit } from '../../engine/finding';
import type { Node } from './syntax';

/** What may follow a statement on its line and go with it: a `;`, blanks, a `#` comment (it speaks of that statement). */
const LINE_END = /^[ \t]*(?:;[ \t]*)?(?:#[^\r\n]*)?(?=\r|\n|$)/;
/** A `;` after the statement and the blanks around it, where more code follows on the line. */
const SEPARATOR_AFTER = /^[ \t]*;[ \t]*/;
/** A `;` that ends the code before the statement on its line, with the blanks around it. */
const SEPARATOR_BEFORE = /[ \t]*;[ \t]*$/;

/**
 * The edit that takes a statement out of a script, never another statement's text:
 * - alone on its lines: the lines, with the `;` and the `#` comment after it and the line break; on the
 *   script's last line, the line break before it instead (a script that ended without one still does);
 * - followed by `;` and more code on its line (`$cred = Get-Credential; $b = 2`): it, the `;` and the blanks after;
 * - after code and a `;` (`$a = 1; $cred = Get-Credential`): that `;`, it, and what ends the line after it;
 * - else (`if ($x) { $cred = Get-Credential }`): it, with the blanks after it, or before it at the line's end.
 */
export function removeStatement(text: string, statement: Node): TextEdit {
  return removeSpan(text, statement.startIndex, trimmedEnd(statement));
}

/** The edits that take statements out (see removeStatement): those side by side on a line (`$a = 1; $b = 2`) as one. */
export function removeStatements(text: string, statements: readonly Node[]): TextEdit[] {
  const spans: [number, number][] = [];
  for (const statement of [...statements].sort((a, b) => a.startIndex - b.startIndex)) {
    const last = spans.at(-1);
    if (last && /^[ \t]*;?[ \t]*$/.test(text.slice(last[1], statement.startIndex))) last[1] = trimmedEnd(statement);
    else spans.push([statement.startIndex, trimmedEnd(statement)]);
  }
  return spans.map(([start, end]) => removeSpan(text, start, end));
}

function removeSpan(text: string, start: number, end: number): TextEdit {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  const before = text.slice(lineStart, start);
  const lineEnd = LINE_END.exec(text.slice(end));
  if (lineEnd && /^[ \t]*$/.test(before)) return wholeLines(text, lineStart, end + lineEnd[0].length);
  const separator = SEPARATOR_AFTER.exec(text.slice(end));
  if (separator && !lineEnd) return removal(start, end + separator[0].length);
  const separated = SEPARATOR_BEFORE.exec(before);
  if (separated) return removal(lineStart + separated.index, lineEnd ? end + lineEnd[0].length : end);
  if (lineEnd) return removal(lineStart + before.trimEnd().length, end + lineEnd[0].length);
  return removal(start, end + /^[ \t]*/.exec(text.slice(end))![0].length);
}

/** The lines from `lineStart` to `end` (the end of the last one's text) with one line break: the one after, or the one before on the script's last line. */
function wholeLines(text: string, lineStart: number, end: number): TextEdit {
  const after = /^(?:\r\n|\n|\r)?/.exec(text.slice(end))![0];
  if (after !== '' || lineStart === 0) return removal(lineStart, end + after.length);
  const breakBefore = text.slice(lineStart - 2, lineStart) === '\r\n' ? 2 : 1;
  return removal(lineStart - breakBefore, end);
}

function removal(startOffset: number, endOffset: number): TextEdit {
  return { startOffset, endOffset, newText: '' };
}

/** Where a node ends before the blanks the grammar counts in it. */
export function trimmedEnd(node: Node): number {
  return node.startIndex + node.text.trimEnd().length;
}
