import type { TextEdit } from '../../engine/finding';
import type { Node } from './syntax';

/** An entry written in a hashtable literal: the `hash_entry`, its key and its value. */
export interface WrittenEntry {
  keyNode: Node;
  value: Node;
  entry: Node;
}

/** The edit that takes an entry out of its hashtable literal: its whole line where it stands alone, else the entry and a separator. */
export function hashEntryRemoval(text: string, written: WrittenEntry): TextEdit {
  const { entry } = written;
  if (standsAlone(text, written)) {
    const lineStart = text.lastIndexOf('\n', entry.startIndex - 1) + 1;
    const lineEnd = /^[^\r\n]*(\r\n|\n|\r)?/.exec(text.slice(entry.endIndex))![0].length + entry.endIndex;
    return { startOffset: lineStart, endOffset: lineEnd, newText: '' };
  }
  const next = entry.nextNamedSibling;
  if (next) return { startOffset: entry.startIndex, endOffset: next.startIndex, newText: '' };
  const previous = entry.previousNamedSibling;
  return { startOffset: previous ? previous.namedChild(1)!.endIndex : entry.startIndex, endOffset: entry.endIndex, newText: '' };
}

/** Whether an entry is the only thing on its line (a comment after it aside). */
export function standsAlone(text: string, { entry, value }: WrittenEntry): boolean {
  const lineStart = text.lastIndexOf('\n', entry.startIndex - 1) + 1;
  const after = /^[^\r\n]*/.exec(text.slice(value.endIndex))![0];
  return /^[ \t]*$/.test(text.slice(lineStart, entry.startIndex)) && /^[ \t;]*(?:#.*)?$/.test(after);
}
