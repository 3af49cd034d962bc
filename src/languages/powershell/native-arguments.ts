/** Native commands' arguments (`az`, `pac`, `sqlcmd`) as PowerShell splits and passes them. */

import { cliPasswordSignIn, NPX_NAMES, type CliPasswordSignIn, type CliSignIn, type CommandArgument, type CommandOption } from '../../engine/cli-sign-ins';
import type { TextEdit } from '../../engine/finding';
import type { RuleHit } from '../../engine/rule';
import { lineNumberAt } from '../../engine/text';
import { commandName, commandNameNode } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { IndexedCommand } from './script-index';
import { innermost, type Node } from './syntax';

/** An argument of a native command as PowerShell splits it, with the blanks (and continuations) before it. */
export type NativeArgument = CommandArgument;

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
    .map((at) => commandLine(context, at));
}

/** The script's commands, whatever runs them, whose text matches `holding`, in order. */
export function commandLinesHolding(context: PowerShellRuleContext, holding: RegExp): NativeCommandLine[] {
  return context.index
    .commands()
    .filter((at) => holding.test(context.text.slice(at.start, at.end)))
    .map((at) => commandLine(context, at));
}

function commandLine(context: PowerShellRuleContext, at: IndexedCommand): NativeCommandLine {
  const command = context.index.node(at, 'command');
  return { command, args: nativeArguments(context.text, commandNameNode(command)?.endIndex ?? command.endIndex) };
}

/** A password sign-in with a command-line tool; `array`: some of its arguments are an array's the script builds (`@azArgs`), as written. */
export interface FoundCliSignIn {
  command: Node;
  signIn: CliPasswordSignIn;
  array?: string;
}

/**
 * The script's password sign-ins with a command-line tool (`az login -u -p`), run by its name or by npx; with
 * its arguments in an array, one on any of the ways the script builds it or the calls that give it.
 */
export function cliPasswordSignIns(context: PowerShellRuleContext, tool: CliSignIn): FoundCliSignIn[] {
  const names = tool.npmPackage ? [...tool.names, ...NPX_NAMES] : tool.names;
  return nativeCommandLines(context, names).flatMap(({ command, args }) => {
    const { passed, array } = passedArguments(context, command, args);
    const name = commandName(command) ?? '';
    const signIn = passed.map((each) => cliPasswordSignIn(tool, name, each, unquoted)).find(Boolean);
    return signIn ? [{ command, signIn, ...(array ? { array } : {}) }] : [];
  });
}

/** How many argument lists a command is read with, at most, where arrays give it several. */
const MAX_ARGUMENT_LISTS = 16;

/**
 * The argument lists a native command may get: an array the script builds (`$a = @('login', '-u', $u)`,
 * `$a += '-p', $p`), writes in place (`az @('login', …)`) or gives a function's parameter (`& az @Arguments`
 * in a function called `-Arguments $loginArgs`), splatted or passed (`az @a`, `az $a`), gives each element as
 * an argument, its text the value the file shows (`UNKNOWN` for what it does not), at the place of the array's
 * argument: one list per way the script builds it (see `ScriptValues.arraysHeldBy`) and per call.
 */
function passedArguments(context: PowerShellRuleContext, command: Node, args: NativeArgument[]): { passed: NativeArgument[][]; array?: string } {
  const elements = command.childForFieldName('command_elements')?.namedChildren ?? [];
  let array: string | undefined;
  let passed: NativeArgument[][] = [[]];
  for (const argument of args) {
    const node = /^[$@]/.test(argument.text) ? elements.find((e) => e?.startIndex === argument.start && e.endIndex === argument.end) : undefined;
    const held = node ? arraysGiven(context, node, 0) : undefined;
    if (!held) {
      passed = passed.map((list) => [...list, argument]);
      continue;
    }
    // An array written in place may hold a secret: the message names it by its brackets only.
    array ??= /^[$@]\w/.test(argument.text) ? argument.text : '@(…)';
    const lists = passed.length * held.length > MAX_ARGUMENT_LISTS ? [held.flat()] : held;
    const given = lists.map((list) => list.map((element) => ({ ...argument, text: context.values().shapeOf(element) })));
    passed = passed.flatMap((list) => given.map((more) => [...list, ...more]));
  }
  return { passed, ...(array ? { array } : {}) };
}

/** How deep a parameter is followed through wrappers of wrappers to the arrays their calls give it. */
const MAX_WRAPPER_DEPTH = 4;

/** The element lists an array argument may hold (see `passedArguments`); undefined where the file shows no array. */
function arraysGiven(context: PowerShellRuleContext, node: Node, depth: number): Node[][] | undefined {
  const held = context.values().arraysHeldBy(node);
  if (held || depth >= MAX_WRAPPER_DEPTH) return held;
  const inner = innermost(node);
  const calls = inner.type === 'variable' ? context.functionCalls().argumentsFor(inner) : undefined;
  const given = calls?.flatMap(({ value }) => arraysGiven(context, value, depth + 1) ?? []);
  return given?.length ? given : undefined;
}

/** The reason a sign-in with the options in an array the script builds gets no fix: the fix rewrites the command line. */
export function noFixInArray(array: string): string {
  return `No quick fix: its options are elements of an array the script builds (${array}): change them there.`;
}

/**
 * Trigger words for a tool's names run with an array of arguments (`az @azArgs`, `& 'az' $azArgs`),
 * where the subcommand is in the array only; the quoted ones start in a string.
 */
export function arrayArgumentTriggers(names: Iterable<string>): { code: string[]; quoted: string[] } {
  const after = (name: string): string[] => [`${name} @`, `${name} $`];
  const all = [...names];
  return { code: all.flatMap(after), quoted: all.flatMap((name) => [...after(`${name}'`), ...after(`${name}"`)]) };
}

const NO_FIX_AFTER_STOP_PARSING = 'No quick fix: after --% PowerShell reads no variables, so the fix could not read its secrets there.';

/** Why a sign-in gets no fix: its options are in an array the script builds, or after `--%`; undefined where it gets them. */
export function whyNoFix({ signIn, array }: FoundCliSignIn): string | undefined {
  return array ? noFixInArray(array) : stopsParsing(signIn) ? NO_FIX_AFTER_STOP_PARSING : undefined;
}

/** After `--%` PowerShell passes the rest as written: `$env:…` in a fix would not be read. */
function stopsParsing(signIn: CliPasswordSignIn): boolean {
  return signIn.options.some((o) => o.parts.some((part) => part.text === '--%'));
}

/** `'-pS3cret!'`, `--authType="password"`: PowerShell hands a native command the text inside plain quotes. */
export function unquoted(argument: string): string {
  const quoted = /^([^'"`$]*)(?:'([^']*)'|"([^"`$]*)")$/.exec(argument);
  return quoted ? quoted[1] + (quoted[2] ?? quoted[3]) : argument;
}

/**
 * The text PowerShell passes for an argument: its quotes removed, every quoted part's text kept
 * (`/scs:"Server=…;Password=$p"` passes `/scs:Server=…;Password=$p`). Variables stay as written.
 */
export function passedText(argument: string): string {
  return argument.replace(/"((?:[^"`]|`.)*)"|'((?:[^']|'')*)'/g, (_, double: string | undefined, single: string | undefined) => double ?? single!.replace(/''/g, "'"));
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

/**
 * The edit that rewrites a command line's options after `after` up to `end`: drops the options
 * meaning any of `drop`, puts `lead` first and `trail` last; other arguments stay as written.
 */
export function rewriteOptions(after: number, end: number, options: CommandOption[], drop: string[], lead: string, trail: string): TextEdit {
  const kept = options.filter((o) => !o.meaning || !drop.includes(o.meaning));
  const rest = kept.flatMap((o) => o.parts).map((part) => `${part.separator}${part.text}`);
  return { startOffset: after, endOffset: end, newText: ` ${lead}${rest.join('')}${trail}` };
}

/**
 * A sign-in's hit, told where the script writes the password itself on the command line (`-p 'Summer2024!'`,
 * a bare word, a double-quoted string without a variable): whoever reads the script or its history has it.
 * Not for arguments from an array, whose elements the command line does not locate.
 */
export function withWrittenPassword(context: PowerShellRuleContext, hit: RuleHit, { signIn, array }: FoundCliSignIn): RuleHit {
  const written = array ? undefined : writtenPassword(signIn);
  if (!written) return hit;
  const line = lineNumberAt(context.text, written.start);
  return {
    ...hit,
    message: `${hit.message} The password is written in the script (line ${line}): remove it, and change the account's password, which whoever has read the script or its history knows.`,
    related: [...(hit.related ?? []), { message: 'the password is written here', startOffset: written.start, endOffset: written.end }],
  };
}

/** The password option's value where it is the password as written: not a variable, an expression, a string with one in it, or a placeholder (`<password>`). */
function writtenPassword(signIn: CliPasswordSignIn): CommandArgument | undefined {
  const value = signIn.options.find((option) => option.meaning === 'password' && option.parts.length === 2)?.parts[1];
  const text = value?.text ?? '';
  const literal = text.startsWith("'") || (/^[^(@{'<]/.test(text) && !/[$`]/.test(text));
  return value && literal && !/^\W*<[^>]*>\W*$/.test(text) && !/^(['"])\1$/.test(text) ? value : undefined;
}
