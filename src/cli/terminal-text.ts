/**
 * Text from the scanned files (names, lines of code) with its control characters shown as escapes:
 * an escape sequence in a file name or a comment must not drive the reader's terminal (clear it, set
 * its title, hide a line), nor may bidirectional overrides reorder what is shown. Tabs, line feeds
 * and CR LF line ends stay.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** As `terminalSafe`, line breaks too: for one field of a line (a file name may hold a line feed, and forge a line). */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escaped);
}

/**
 * A JSON report with the controls JSON leaves as they are (C1, bidirectional overrides) escaped as
 * `\uXXXX`: still the same JSON, since they can only stand inside its strings.
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(UNESCAPED_BY_JSON, escaped);
}

const escaped = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
const UNSAFE_IN_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
