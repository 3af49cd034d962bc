/** Native commands' arguments (`az`, `pac`, `sqlcmd`) as PowerShell splits and passes them. */

import type { TextEdit } from '../../engine/finding';
import { commandNameNode } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { Node } from './syntax';

/** An argument of a native command as PowerShell splits it, with the blanks (and continuations) before it. */
export interface NativeArgument {
  text: string;
  start: number;
  end: number;
  separator: string;
}

/** A native command run by one of the names a rule looks for, with the arguments after its name. */
export interface NativeCommandLine {
  command: Node;
  args: NativeArgument[];
}

/** The script's runs of the commands named `names` (lower-case, as `commandName` gives them), in order. */
export function nativeCommandLines(context: PowerShellRuleContext, names: Iterable<string>): NativeCommandLine[] {
  const byName = context.index.commandsByName();
  return [...names]
    .flatMap((name) => byName.get(name) ?? [])
    .sort((a, b) => a.start - b.start)
    .map((at) => {
      const command = context.index.node(at, 'command');
      return { command, args: nativeArguments(context.text, commandNameNode(command)?.endIndex ?? command.endIndex) };
    });
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

/** What a command-line option means to a rule, and whether the next argument is its value. */
export interface OptionMeaning {
  meaning: string;
  takesValue: boolean;
}

/** One `--option [value]` of a command line, or a lone argument. */
export interface NativeOption {
  meaning?: string;
  parts: NativeArgument[];
  value?: string;
}

/**
 * `--tenant x`, `--tenant=x`: each known option (looked up lower-case) with its value, the next
 * argument or one `splitAttached` finds in the option's own; anything else on its own.
 */
export function groupOptions(
  args: NativeArgument[],
  known: Record<string, OptionMeaning>,
  splitAttached: (argument: string) => [string, string | undefined],
): NativeOption[] {
  const options: NativeOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, attached] = splitAttached(unquoted(args[i].text));
    const option = known[flag.toLowerCase()];
    if (!option) {
      options.push({ parts: [args[i]] });
    } else if (!option.takesValue || attached !== undefined || !args[i + 1]) {
      options.push({ meaning: option.meaning, parts: [args[i]], value: attached });
    } else {
      options.push({ meaning: option.meaning, parts: [args[i], args[i + 1]], value: args[i + 1].text });
      i++;
    }
  }
  return options;
}

/** A user's password sign-in: a username and a password, and no option that makes it an app's or a workload's. */
export function signsInWithPassword(options: readonly NativeOption[]): boolean {
  const has = (meaning: string): boolean => options.some((o) => o.meaning === meaning);
  return has('username') && has('password') && !has('not-a-user');
}

/**
 * The edit that rewrites a command line's options after `after` up to `end`: drops the options
 * meaning any of `drop`, puts `lead` first and `trail` last; other arguments stay as written.
 */
export function rewriteOptions(after: number, end: number, options: NativeOption[], drop: string[], lead: string, trail: string): TextEdit {
  const kept = options.filter((o) => !o.meaning || !drop.includes(o.meaning));
  const rest = kept.flatMap((o) => o.parts).map((part) => `${part.separator}${part.text}`);
  return { startOffset: after, endOffset: end, newText: ` ${lead}${rest.join('')}${trail}` };
}
