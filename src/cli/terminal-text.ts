/**
 * Text from the scanned files (names, lines of code) with its control characters shown as escapes:
 * an escape sequence in a file name or a comment must not drive the reader's terminal (clear it, set
 * its title, hide a line), nor may bidirectional overrides reorder what is shown. Tabs, line feeds
 * and CR LF line ends stay.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
