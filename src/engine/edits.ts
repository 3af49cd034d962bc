import type { TextEdit } from './finding';

/** Applies non-overlapping edits (offsets into `text`); throws on overlap, which is a rule bug. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  let result = '';
  let cursor = 0;
  for (const edit of ordered) {
    if (edit.startOffset < cursor) throw new Error('overlapping edits in one fix');
    result += text.slice(cursor, edit.startOffset) + edit.newText;
    cursor = edit.endOffset;
  }
  return result + text.slice(cursor);
}

/** Where each edit's new text lies in the text the edits make. */
export function writtenSpans(edits: readonly TextEdit[]): { start: number; end: number }[] {
  let shift = 0;
  return [...edits]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((edit) => {
      const start = edit.startOffset + shift;
      shift += edit.newText.length - (edit.endOffset - edit.startOffset);
      return { start, end: start + edit.newText.length };
    });
}
