import type { EmbeddedScript } from '../../../engine/embedded-scripts';
import { functionsAround, methodCalls, nodesOfType, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';
import { isMessageOrTest, wholeString } from '../string-uses';

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
];

const SCRIPT_WORD = new RegExp(TRIGGERS.map((word) => word.replace(/[.]/g, '\\.')).join('|'), 'i');

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
  },
  embeddedScripts(context) {
    const scripts: Omit<EmbeddedScript, 'meta'>[] = [];
    const seen = new Set<Node>();
    for (const commands of commandsAdded(context)) {
      commands.forEach((command) => seen.add(command));
      if (commands.some((command) => SCRIPT_WORD.test(context.text.slice(command.range[0], command.range[1])))) scripts.push(scriptOf(context, commands));
    }
    for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
      if (literal.type === 'Literal' && typeof literal.value !== 'string') continue;
      const whole = wholeString(context.program, literal);
      if (seen.has(whole)) continue;
      seen.add(whole);
      if (!SCRIPT_WORD.test(context.text.slice(whole.range[0], whole.range[1])) || isMessageOrTest(context.program, whole)) continue;
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
    shells.set(shell, [...(shells.get(shell) ?? []), wholeString(context.program, command)]);
  }
  return [...shells.values()];
}

/** The strings as one script, a line each. */
function scriptOf(context: TypeScriptRuleContext, strings: Node[]): Omit<EmbeddedScript, 'meta'> {
  const spans: EmbeddedScript['spans'] = [];
  let text = '';
  for (const [i, string] of strings.entries()) {
    if (i > 0) text += '\n';
    for (const piece of inExpandableQuotes(piecesOf(context, string))) {
      if (piece.fileOffset !== undefined) spans.push({ scriptOffset: text.length, fileOffset: piece.fileOffset, length: piece.text.length });
      text += piece.text;
    }
  }
  const [first, last] = [strings[0], strings[strings.length - 1]];
  return { language: 'powershell', text, startOffset: first.range[0], endOffset: last.range[1], spans, reportedOtherwise: CLI_RULES };
}

/**
 * `'${password}'`: the script gets the value written in single quotes, but the code does not have it
 * written: read as `"$runTimeValue"`, it is no password written in the code.
 */
function inExpandableQuotes(pieces: Piece[]): Piece[] {
  return pieces.map((piece, i) => {
    if (piece.runTime) return piece;
    const opensValue = pieces[i + 1]?.runTime && piece.text.endsWith("'");
    const closesValue = pieces[i - 1]?.runTime && piece.text.startsWith("'");
    if (!opensValue && !closesValue) return piece;
    const text = (closesValue ? '"' + piece.text.slice(1) : piece.text).replace(opensValue ? /'$/ : /$^/, '"');
    return { ...piece, text };
  });
}

/** The script's text in order: the string's own parts (where they are written as they read), and what the code fills in. */
function piecesOf(context: TypeScriptRuleContext, node: Node): Piece[] {
  if (node.type === 'Literal' && typeof node.value === 'string') return [asWritten(context, node.value, node.range[0] + 1, node.range[1] - 1)];
  if (node.type === 'TemplateLiteral') {
    return node.quasis.flatMap((quasi, i) => {
      // A quasi's range takes in the backtick or `}` before it and the `${` or backtick after it.
      const own = asWritten(context, quasi.value.cooked ?? '', quasi.range[0] + 1, quasi.range[1] - (quasi.tail ? 1 : 2));
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
