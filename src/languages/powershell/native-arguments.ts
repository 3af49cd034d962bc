/** Native commands' arguments (`az`, `sqlcmd`) as PowerShell splits and passes them. */

/** An argument of a native command as PowerShell splits it, with the blanks (and continuations) before it. */
export interface NativeArgument {
  text: string;
  start: number;
  end: number;
  separator: string;
}

/** `'-pS3cret!'`: PowerShell hands a native command the text inside plain quotes. */
export function unquoted(argument: string): string {
  return /^'[^']*'$|^"[^"`$]*"$/.test(argument) ? argument.slice(1, -1) : argument;
}

/**
 * The arguments after a native command's name, to the end of its statement: PowerShell quoting,
 * backtick continuations and nested `$(…)`, `{…}` and `(…)` are kept inside one argument.
 */
export function nativeArguments(text: string, from: number): NativeArgument[] {
  const args: NativeArgument[] = [];
  let i = from;
  for (;;) {
    const separatorStart = i;
    // Any blank separates arguments (a no-break space pasted from a web page too), as in PowerShell.
    while (i < text.length && (/[^\S\r\n]/.test(text[i]) || (text[i] === '`' && /[\r\n]/.test(text[i + 1] ?? '')))) {
      i += text[i] === '`' ? (text.startsWith('\r\n', i + 1) ? 3 : 2) : 1;
    }
    if (i >= text.length || /[\r\n;|#)}]/.test(text[i]) || text.startsWith('&&', i)) return args;
    const start = i;
    i = argumentEnd(text, i);
    if (i === start) return args;
    args.push({ text: text.slice(start, i), start, end: i, separator: text.slice(separatorStart, start) });
  }
}

function argumentEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (depth === 0 && (/[\s;|]/.test(char) || ((char === ')' || char === '}') && i > start))) return i;
    if (char === '`') i = Math.min(i + 2, text.length);
    else if (char === "'") i = quoteEnd(text, i, "'");
    else if (char === '"') i = quoteEnd(text, i, '"');
    else {
      if ('({'.includes(char)) depth++;
      if (')}'.includes(char)) depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return i;
}

function quoteEnd(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '`') i++;
    else if (text[i] === quote && text[i + 1] === quote) i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}
