import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { CLI_SIGN_INS, cliPasswordSignIn, M365_LOGIN, type CliSignIn, type CommandArgument } from '../../../engine/cli-sign-ins';
import type { RuleHit } from '../../../engine/rule';
import { nodesOfType, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';
import { isMessageOrTest, wholeString } from '../string-uses';

/** A part of a string built at run time. */
const UNKNOWN = '\u0000';

const NO_FIX =
  ' No fix is offered: the command line is a string this code builds and runs; change its options there (the ' +
  "credentials it passes go too).";

export const cliPasswordSignInRule: TypeScriptRule = {
  meta: {
    id: 'ts-cli-password-sign-in',
    title: 'A command line the code runs signs in with a username and password (az login, m365 login, pac auth create)',
    description:
      'The code builds a command line that signs a user in with a password and runs it (child_process, execa, ' +
      'shelljs, @actions/exec, or a script it writes): `az login --username --password`, `m365 login --authType ' +
      'password`, `pac auth create --username --password`. A password sign-in cannot perform multi-factor ' +
      'authentication. Sign in as a service principal or app with a certificate, or with a managed identity.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'credential', 'azure-cli', 'm365-cli', 'power-platform'],
    // The commands as written in a string; an argument list (`spawn('az', ['login', '-u', u, '-p', p])`) by its password option.
    triggers: ['az login', 'authtype', 'pac auth', "'--password'", '"--password"', "'-p'", '"-p"'],
  },
  check(context) {
    return [...commandStrings(context), ...argumentLists(context)];
  },
};

/** Strings (joined with `+` or templated as a whole) holding a password sign-in's command line, once each. */
function commandStrings(context: TypeScriptRuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<Node>();
  for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
    if (literal.type === 'Literal' && typeof literal.value !== 'string') continue;
    const whole = wholeString(context.program, literal);
    if (seen.has(whole)) continue;
    seen.add(whole);
    const shape = stringShape(whole, context.facts);
    if (!shape || !/\blogin\b|\bauth\b/i.test(shape) || isMessageOrTest(context.program, whole)) continue;
    const tool = commandLines(shape).map(signInOf).find(Boolean);
    if (tool) hits.push(hit(tool, whole));
  }
  return hits;
}

/** `spawn('az', ['login', '-u', user, '-p', password])`, `execa('m365', [...])`: a tool's name, then its arguments in a list. */
function argumentLists(context: TypeScriptRuleContext): RuleHit[] {
  return nodesOfType(context.program, 'CallExpression').flatMap((call): RuleHit[] => {
    const [name, list] = call.arguments;
    if (!name || list?.type !== 'ArrayExpression') return [];
    const command = stringShape(name, context.facts);
    if (!command) return [];
    const words = [command, ...list.elements.map((element) => elementText(context, element))].map(asArgument);
    const tool = signInOf(words);
    return tool ? [hit(tool, call)] : [];
  });
}

function elementText(context: TypeScriptRuleContext, element: TSESTree.ArrayExpression['elements'][number]): string {
  return element && element.type !== 'SpreadElement' ? (stringShape(element, context.facts) ?? UNKNOWN) : UNKNOWN;
}

function hit(tool: CliSignIn, node: Node): RuleHit {
  return { message: tool.message + NO_FIX, startOffset: node.range[0], endOffset: node.range[1], fixes: [] };
}

/**
 * The tool whose password sign-in the command line is, by the tool's name anywhere in it (after `sudo`,
 * `npx`, a path); or, where the line starts with `login` (a wrapper adds the tool's path, as GitHub
 * Actions do), CLI for Microsoft 365's, whose `--authType password` no other tool has.
 */
function signInOf(words: CommandArgument[]): CliSignIn | undefined {
  const startsWithLogin = unquote(words[0]?.text ?? '').toLowerCase() === 'login' || (isUnknown(words[0]) && unquote(words[1]?.text ?? '').toLowerCase() === 'login');
  if (startsWithLogin && cliPasswordSignIn(M365_LOGIN, 'm365', isUnknown(words[0]) ? words.slice(1) : words, unquote)) return M365_LOGIN;
  for (let i = 0; i < words.length; i++) {
    const name = fileName(unquote(words[i].text));
    const tool = CLI_SIGN_INS.find((candidate) => cliPasswordSignIn(candidate, name, words.slice(i + 1), unquote));
    if (tool) return tool;
  }
  return undefined;
}

const isUnknown = (word: CommandArgument | undefined): boolean => word !== undefined && /^\0+$/.test(unquote(word.text));

/** `/usr/bin/az`, `C:\tools\pac.exe`: a command by its file name, lower-case. */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/** `'x'`, `"x"`: the text a shell passes. */
function unquote(text: string): string {
  return /^'[^']*'$|^"[^"]*"$/.test(text) ? text.slice(1, -1) : text;
}

function asArgument(text: string): CommandArgument {
  return { text, start: 0, end: 0, separator: ' ' };
}

/**
 * The command lines in a string, each as its words, as a shell splits them: quotes keep blanks in a
 * word; a line break, `;`, `&&`, `||` and `|` end a command; a backslash or backtick before a line
 * break continues it.
 */
function commandLines(shape: string): CommandArgument[][] {
  const lines: CommandArgument[][] = [[]];
  let word = '';
  const endWord = (): void => {
    if (word) lines[lines.length - 1].push(asArgument(word));
    word = '';
  };
  for (let i = 0; i < shape.length; i++) {
    const char = shape[i];
    if ((char === '\\' || char === '`') && /^\r?\n/.test(shape.slice(i + 1, i + 3))) {
      endWord();
      i += shape[i + 1] === '\r' ? 2 : 1;
    } else if (char === "'" || char === '"') {
      const close = shape.indexOf(char, i + 1);
      const end = close < 0 ? shape.length : close + 1;
      word += shape.slice(i, end);
      i = end - 1;
    } else if (/[\n;|&]/.test(char)) {
      endWord();
      lines.push([]);
    } else if (/\s/.test(char)) {
      endWord();
    } else {
      word += char;
    }
  }
  endWord();
  return lines.filter((line) => line.length > 0);
}
