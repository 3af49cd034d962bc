import type { EmbeddedScript } from '../../../engine/embedded-scripts';
import { functionsAround, methodCalls, nodesOfType, parentOf, type Node } from '../ast';
import { addTo } from '../lists-by-key';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';
import { isStringRawTag, mayBeRun, wholeString } from '../string-uses';

/** The cmdlets and types of PowerShell's password sign-ins, as they start a Node service's script. */
const TRIGGERS = [
  'connect-msolservice',
  'connect-azuread',
  'connect-azaccount',
  'add-azaccount',
  'add-azurermaccount',
  'login-azurermaccount',
  'connect-exchangeonline',
  'connect-ippssession',
  'connect-microsoftteams',
  'connect-sposervice',
  'connect-pnponline',
  'connect-partnercenter',
  'connect-crmonline',
  'add-powerappsaccount',
  'new-pssession',
  'send-mailmessage',
  'convertto-securestring',
  'get-msaltoken',
  'invoke-restmethod',
  'invoke-webrequest',
];

const SCRIPT_WORD = new RegExp(TRIGGERS.join('|'), 'i');

/** Stands for a part of the script the code fills in at run time: a variable, whose value the script does not show. */
const RUN_TIME_VALUE = '$runTimeValue';

/** The command-line sign-ins `ts-cli-password-sign-in` reports in the same strings. */
const CLI_RULES = ['ps-az-login-password', 'ps-pac-auth-password', 'ps-m365-cli-password'];

export const powerShellSignInRule: TypeScriptRule = {
  meta: {
    id: 'ts-powershell-sign-in',
    title: 'PowerShell the code runs signs in with a password (node-powershell, pwsh -Command)',
    description:
      "A string of the code holds a PowerShell script that it runs (node-powershell's addCommand, `pwsh -Command`, " +
      'a script file it writes), and the script signs in with a user name and password: `Connect-MsolService ' +
      '-Credential`, `Connect-PnPOnline -Credentials`, an Exchange basic-auth session, `Send-MailMessage` to Office 365, ' +
      "… The script is read as PowerShell, with the PowerShell rules; what the code fills in at run time is unknown.",
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'credential', 'powershell'],
    triggers: TRIGGERS,
    // A file that runs PowerShell names its host: node-powershell, `pwsh`, `powershell.exe`, a `.ps1` it writes. Lists
    // of commands that a file only shows or tests (a redactor's test table) name none.
    requires: ['powershell', 'pwsh', '.ps1'],
  },
  embeddedScripts(context) {
    const scripts: Omit<EmbeddedScript, 'meta'>[] = [];
    const seen = new Set<Node>();
    for (const commands of commandsAdded(context)) {
      // A command held in a constant is read here, with the shell's others: not again on its own.
      commands.forEach((command) => [command, ...context.facts.valuesOf(command)].forEach((value) => seen.add(value)));
      const script = scriptOf(context, commands);
      if (SCRIPT_WORD.test(script.text)) scripts.push(script);
    }
    for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
      if (literal.type === 'Literal' && typeof literal.value !== 'string') continue;
      const whole = wholeString(context.program, literal);
      if (seen.has(whole)) continue;
      seen.add(whole);
      const source = sourceOf(context, whole);
      // Run or written by the code (not shown, tested or answered to a request), and no Markdown document.
      if (!SCRIPT_WORD.test(source) || source.includes('```') || !mayBeRun(context.program, whole)) continue;
      scripts.push(scriptOf(context, [whole]));
    }
    return scripts;
  },
};

type Piece = { text: string; fileOffset?: number; runTime?: boolean };

/**
 * node-powershell's `ps.addCommand('…')`, one statement per call: the strings one shell is given in a
 * function, in order, as one script (the credential built in one, the sign-in in the next).
 */
function commandsAdded(context: TypeScriptRuleContext): Node[][] {
  const shells = new Map<string, Node[]>();
  for (const call of methodCalls(context.program, 'addCommand')) {
    const [command] = call.arguments;
    if (!command || command.type === 'SpreadElement') continue;
    const scope = functionsAround(context.program, call)[0]?.range[0] ?? -1;
    const shell = `${scope}:${context.text.slice(call.callee.object.range[0], call.callee.object.range[1])}`;
    addTo(shells, shell, wholeString(context.program, command));
  }
  return [...shells.values()];
}

/** The strings as one script, a line each; a command line that runs PowerShell (`pwsh -Command "…"`) is read as the script it runs. */
function scriptOf(context: TypeScriptRuleContext, strings: Node[]): Omit<EmbeddedScript, 'meta'> {
  const spans: EmbeddedScript['spans'] = [];
  const parts: EmbeddedScript['parts'] = [];
  let text = '';
  for (const [i, string] of strings.entries()) {
    if (i > 0) text += '\n';
    const start = text.length;
    for (const piece of inExpandableQuotes(piecesOf(context, string))) {
      if (piece.fileOffset !== undefined) spans.push({ scriptOffset: text.length, fileOffset: piece.fileOffset, length: piece.text.length });
      text += piece.text;
    }
    parts.push({ scriptOffset: start, length: text.length - start, startOffset: string.range[0], endOffset: string.range[1] });
  }
  const [first, last] = [strings[0], strings[strings.length - 1]];
  const script = { language: 'powershell' as const, text, startOffset: first.range[0], endOffset: last.range[1], spans, parts, reportedOtherwise: CLI_RULES };
  return strings.length === 1 ? withoutHostCommand(script) : script;
}

/** `pwsh -NoProfile -Command "…"`, `powershell.exe -c '…'`: the command line that runs a script, up to the script's opening quote. */
const HOST_COMMAND = /^\s*(?:&\s*)?(?:["']?[^\s"']*[\\/])?(?:pwsh|powershell)(?:\.exe)?["']?(?:\s+-(?!c\b|command\b)\w+(?:\s+(?!-)[^\s"']+)?)*\s+-(?:c|command)\s+(["'])/i;

/**
 * The script a host command line runs, where the whole string is that command line (its quoted script
 * last): its spans and parts moved to it, and a shell's `\"` read as the quote PowerShell gets (a blank
 * and the quote, so that every offset holds). Else the script as it is.
 */
function withoutHostCommand(script: Omit<EmbeddedScript, 'meta'>): Omit<EmbeddedScript, 'meta'> {
  const host = HOST_COMMAND.exec(script.text);
  const end = host ? scriptEnd(script.text, host[0].length, host[1]) : -1;
  if (!host || end < 0 || script.text.slice(end + 1).trim() !== '') return script;
  const start = host[0].length;
  // The runs of the script inside the quotes, counted from the opening quote.
  const clip = (from: number, length: number): { from: number; length: number } | undefined => {
    const [clipped, to] = [Math.max(from, start), Math.min(from + length, end)];
    return to > clipped ? { from: clipped, length: to - clipped } : undefined;
  };
  const spans = script.spans.flatMap((span) => {
    const inside = clip(span.scriptOffset, span.length);
    return inside ? [{ scriptOffset: inside.from - start, fileOffset: span.fileOffset + inside.from - span.scriptOffset, length: inside.length }] : [];
  });
  const parts = script.parts.flatMap((part) => {
    const inside = clip(part.scriptOffset, part.length);
    return inside ? [{ ...part, scriptOffset: inside.from - start, length: inside.length }] : [];
  });
  const text = script.text.slice(start, end);
  return { ...script, text: host[1] === '"' ? text.replace(/\\"/g, ' "') : text, spans, parts };
}

/**
 * Where the script's quote closes; where a value read as `"$runTimeValue"` (written `'${user}'` inside
 * `-Command "…"`) closes it early, the command line's last character, if that is the quote.
 */
function scriptEnd(text: string, from: number, quote: string): number {
  const end = closingQuote(text, from, quote);
  if (end < 0 || !text.startsWith(`${RUN_TIME_VALUE}${quote}`, end + 1)) return end;
  const last = text.trimEnd().length - 1;
  return text[last] === quote && text[last - 1] !== '\\' ? last : end;
}

/** Where the quote that opened at `from` closes: a shell's `\"` inside double quotes does not. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/**
 * `'${password}'`: the script gets the value written in single quotes, but the code does not have it
 * written: read as `"$runTimeValue"`, it is no password written in the code.
 */
function inExpandableQuotes(pieces: Piece[]): Piece[] {
  // Only values that are the whole quoted string (`'${user}${domain}'`): `'${pw}x'` stays as it is, its quotes balanced.
  // The piece after the values that start at `from`, where there is at least one (an empty quasi may come between two).
  const afterValues = (from: number): number | undefined => {
    let i = from;
    while (pieces[i] && (pieces[i].runTime || pieces[i].text === '')) i++;
    return pieces.slice(from, i).some((piece) => piece.runTime) && pieces[i] ? i : undefined;
  };
  const requoted = pieces.map((piece) => ({ ...piece }));
  pieces.forEach((piece, i) => {
    if (piece.runTime || !piece.text.endsWith("'")) return;
    const close = afterValues(i + 1);
    if (close === undefined || !pieces[close].text.startsWith("'")) return;
    requoted[i].text = requoted[i].text.slice(0, -1) + '"';
    requoted[close].text = '"' + requoted[close].text.slice(1);
  });
  return requoted;
}

/** The script's text in order: the string's own parts (where they are written as they read), and what the code fills in. */
function piecesOf(context: TypeScriptRuleContext, node: Node): Piece[] {
  if (node.type === 'Literal' && typeof node.value === 'string') return [asWritten(context, node.value, node.range[0] + 1, node.range[1] - 1)];
  if (node.type === 'TemplateLiteral') {
    const raw = isStringRaw(context, node);
    return node.quasis.flatMap((quasi, i) => {
      // A quasi's range takes in the backtick or `}` before it and the `${` or backtick after it.
      const own = asWritten(context, (raw ? quasi.value.raw : quasi.value.cooked) ?? '', quasi.range[0] + 1, quasi.range[1] - (quasi.tail ? 1 : 2));
      const filled = node.expressions[i] ? [runTimePiece(context, node.expressions[i])] : [];
      return [own, ...filled];
    });
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return [...piecesOf(context, node.left), ...piecesOf(context, node.right)];
  }
  return [runTimePiece(context, node)];
}

/** A string part, placed in the file where its text is written character for character (no escapes). */
function asWritten(context: TypeScriptRuleContext, value: string, start: number, end: number): Piece {
  return context.text.slice(start, end) === value ? { text: value, fileOffset: start } : { text: value };
}

function runTimePiece(context: TypeScriptRuleContext, expression: Node): Piece {
  const shape = stringShape(expression, context.facts);
  return { text: shape === undefined ? RUN_TIME_VALUE : shape.replace(/\0+/g, RUN_TIME_VALUE), runTime: shape === undefined || shape.includes('\0') };
}

/** `String.raw\`C:\\scripts\\…\``: the text is as written (a template with a path's backslashes has no cooked value). */
function isStringRaw(context: TypeScriptRuleContext, template: Node): boolean {
  const tagged = parentOf(context.program, template);
  return tagged?.type === 'TaggedTemplateExpression' && isStringRawTag(tagged);
}

function sourceOf(context: TypeScriptRuleContext, node: Node): string {
  return context.text.slice(node.range[0], node.range[1]);
}
