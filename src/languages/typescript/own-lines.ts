import type { Node } from './ast';

/** Where the line that holds `offset` starts (after a \n, \r or \r\n). */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

const TRAILING_COMMENT_AND_BREAK = String.raw`[ \t]*(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/[ \t]*)?(?:\r\n|\n|\r|$)`;
const REST_OF_LINE = new RegExp(`^${TRAILING_COMMENT_AND_BREAK}`);
const REST_OF_LINE_AFTER_ENTRY = new RegExp(String.raw`^[ \t]*,?` + TRAILING_COMMENT_AND_BREAK);

/**
 * The lines a statement (or, with `entry`, an object's entry and its comma) fills, from its first
 * line's start to after its last line's break, a comment after it included; undefined where it shares them.
 */
export function ownLines(text: string, statement: Node, entry = false): [number, number] | undefined {
  const [start, end] = statement.range;
  const lineStart = lineStartOf(text, start);
  const after = (entry ? REST_OF_LINE_AFTER_ENTRY : REST_OF_LINE).exec(text.slice(end));
  return /^[ \t]*$/.test(text.slice(lineStart, start)) && after ? [lineStart, end + after[0].length] : undefined;
}
