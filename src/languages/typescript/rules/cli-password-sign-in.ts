import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { CLI_SIGN_INS, cliPasswordSignIn, M365_LOGIN, NPX_NAMES, type CliSignIn, type CommandArgument } from '../../../engine/cli-sign-ins';
import type { RuleHit } from '../../../engine/rule';
import { lastPathPart } from '../../../engine/text';
import { calleeName, findProperty, isFunction, methodCalls, nodesOfType, type Node } from '../ast';
import { callerCredential } from '../caller-credentials';
import { valuesInScope } from '../name-bindings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { possibleValues, stringShape } from '../static-value';
import { isMessageOrTestCall, mayBeRun, wholeString } from '../string-uses';

/** A part of a string built at run time. */
const UNKNOWN = '\u0000';

const NO_FIX =
  ' No fix is offered: the command line is a string this code builds, to run it or to write it into a script or ' +
  'pipeline; change its options there (the credentials it passes go too).';

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
    // `${AZ} login -u …`: the tool's name may be a constant's.
    triggers: ['az login', 'm365 login', 'o365 login', '--authtype', 'pac auth', '--password', "'-p'", '"-p"', '`-p', 'login -u'],
  },
  check(context) {
    return context.once(signInsOf).map(({ tool, node }) => hit(context, tool, node));
  },
  // The value after a password option (`-p ${password}`, `'--password', pw`), for ts-hardcoded-password.
  passwordSinks(context) {
    return context.once(signInsOf).flatMap(({ node }) => passwordValues(node));
  },
};

/** A command line that signs in with a password: the tool, and the string, call or list that holds it. */
interface CliSignInAt {
  tool: CliSignIn;
  node: Node;
}

const signInsOf = (context: TypeScriptRuleContext): CliSignInAt[] => [...commandStrings(context), ...argumentLists(context)];

/**
 * The values the code writes after a password option of a sign-in command (`-p ${pw}` of `az login`),
 * command by command: a `-p` of another command on the same line (`&& docker run -p ${port}:80`) is no password.
 */
function passwordValues(node: Node): Node[] {
  const values: Node[] = [];
  let command = { text: '', values: [] as Node[] };
  const endCommand = (): void => {
    if (SIGN_IN_COMMAND.test(command.text)) values.push(...command.values);
    command = { text: '', values: [] };
  };
  let written = '';
  for (const part of partsOf(node)) {
    if (typeof part !== 'string' && PASSWORD_OPTION_BEFORE.test(written)) {
      command.values.push(part);
      written = '';
      continue;
    }
    const text = typeof part === 'string' ? part : part.type === 'Literal' ? String(part.value) : undefined;
    if (text === undefined) {
      written = '';
      continue;
    }
    text.split(COMMAND_SEPARATOR).forEach((piece, i) => {
      if (i > 0) endCommand();
      command.text += piece;
      written = (i > 0 ? piece : written + piece).slice(-MAX_OPTION_LENGTH);
    });
  }
  endCommand();
  return values;
}

/** Between commands: `&&`, `||`, `;`, `|`, `&` (cmd.exe's, or a job), a line break not continued with `\`. */
const COMMAND_SEPARATOR = /&&|\|\||[;|&]|(?<!\\)\n/;
/** The words a sign-in command line has somewhere: `login` (`az login`, `m365 login`), `auth` (`pac auth create`). */
const SIGN_IN_WORDS = /\blogin\b|\bauth\b/i;
/**
 * One command of a line that is a sign-in: the tool's `login` or `auth` (`az login`, `/usr/bin/az login`,
 * `npx m365 login`, `npx @pnp/cli-microsoft365 login`), or a command that starts with them (the tool's path or runner left to run time);
 * not another tool's (`docker login -p …`).
 */
const SIGN_IN_COMMAND = /^\s*['"]?(?:login|auth)\b|\b(?:az|m365|o365|cli-microsoft365|pac)(?:\.exe|\.cmd)?['"]?\s+['"]?(?:login|auth)\b/i;

/** `-p `, `--password=`, `--password '` at the end of what comes before a value. */
const PASSWORD_OPTION_BEFORE = /(?:^|[\s'"])(?:-p|--password)(?:\s+|=)['"]?$/;
const MAX_OPTION_LENGTH = 32;

/** A command line's parts in order: a template's text, the values put into it, literals; list items and arguments apart. */
function partsOf(node: Node): (string | Node)[] {
  switch (node.type) {
    case 'TemplateLiteral':
      return node.quasis.flatMap((quasi, i) => [quasi.value.cooked ?? '', ...(node.expressions[i] ? partsOf(node.expressions[i]) : [])]);
    case 'BinaryExpression':
      return node.operator === '+' ? [...partsOf(node.left), ...partsOf(node.right)] : [node];
    case 'ArrayExpression':
      return node.elements.flatMap((element) => (element ? [...partsOf(element.type === 'SpreadElement' ? element.argument : element), ' '] : []));
    case 'CallExpression':
      return node.arguments.flatMap((argument) => [...partsOf(argument.type === 'SpreadElement' ? argument.argument : argument), ' ']);
    default:
      return [node];
  }
}

/** Strings (joined with `+` or templated as a whole) holding a password sign-in's command line, once each. */
function commandStrings(context: TypeScriptRuleContext): CliSignInAt[] {
  const hits: CliSignInAt[] = [];
  const seen = new Set<Node>();
  for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
    if (literal.type === 'Literal' && typeof literal.value !== 'string') continue;
    const whole = wholeString(context.program, literal);
    if (seen.has(whole)) continue;
    seen.add(whole);
    const shape = stringShape(whole, context.facts);
    if (!shape || !SIGN_IN_WORDS.test(shape) || !mayBeRun(context.program, whole)) continue;
    const tool = withToolChoices(context, whole, shape).flatMap(commandLines).map(signInOf).find(Boolean);
    if (tool) hits.push({ tool, node: whole });
  }
  return hits;
}

/**
 * The command line's shape, and where it starts with a name that holds one of several tools' names
 * (`${AZ} login …` of `const AZ = win32 ? 'az.cmd' : 'az'`), the shape with each of them.
 */
function withToolChoices(context: TypeScriptRuleContext, whole: Node, shape: string): string[] {
  const first = whole.type === 'TemplateLiteral' && whole.quasis[0].value.cooked?.trim() === '' ? whole.expressions[0] : undefined;
  if (first?.type !== 'Identifier' || !shape.trimStart().startsWith('\u0000')) return [shape];
  const rest = shape.slice(shape.indexOf('\u0000') + 1);
  const tools = choicesOf(context, first).flatMap((value) => stringShape(value, context.facts) ?? []);
  return [shape, ...tools.map((tool) => `${tool}${rest}`)];
}

/**
 * Command lines given as a list of arguments: `spawn('az', ['login', '-u', user, '-p', password])`,
 * `exec.exec('az login', [...])`, a path found by `which('az')`, a list in a variable; a runner named
 * for the tool (`pac('auth', 'create', ...)`); a list on its own (`['login', '--authType', 'password', …]`).
 */
function argumentLists(context: TypeScriptRuleContext): CliSignInAt[] {
  const hits: CliSignInAt[] = [];
  const listed = new Set<Node>();
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    if (isMessageOrTestCall(call)) {
      call.arguments.forEach((argument) => listed.add(argument));
      continue;
    }
    const words = callWords(context, call, listed);
    const tool = words && signInOf(words);
    if (tool) hits.push({ tool, node: call });
  }
  for (const list of nodesOfType(context.program, 'ArrayExpression')) {
    if (listed.has(list) || !mayBeRun(context.program, list)) continue;
    const tool = signInOf(listWords(context, listElements(context, list)));
    if (tool) hits.push({ tool, node: list });
  }
  return hits;
}

/** Each value an expression may be, also through a name (`const azBin = process.platform === 'win32' ? 'az.cmd' : 'az'`). */
function choicesOf(context: TypeScriptRuleContext, expression: Node): Node[] {
  return possibleValues(expression).flatMap((value) => (value.type === 'Identifier' ? context.facts.valuesOf(value).flatMap(possibleValues) : [value]));
}

/** The words of a call that runs a tool with a list of arguments (`listed`: the lists read here). */
function callWords(context: TypeScriptRuleContext, call: TSESTree.CallExpression, listed: Set<Node>): CommandArgument[] | undefined {
  const runner = calleeName(call.callee);
  if (runner && TOOL_NAMES.has(runner.toLowerCase())) return [asArgument(runner), ...listWords(context, call.arguments, true)];
  const [command, list] = call.arguments;
  const array = list && arrayOf(context, list);
  const name = command && array && commandWords(context, command);
  if (!name) return undefined;
  listed.add(array);
  return [...name, ...listWords(context, listElements(context, array), joinsArguments(call, runner))];
}

/** What passes a list's elements to the tool as they are, each one argument: Node's and execa's, @actions/exec's. */
const ARGUMENT_VECTOR_RUNNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork', 'execa', 'execaSync', 'exec', 'getExecOutput']);

/**
 * Whether the list reaches the tool as one command line that a shell splits: `shell: true` in the call's
 * options, or a runner of the code's own (a wrapper of `exec`, `runScript(tool, args)`), which may join it.
 */
function joinsArguments(call: TSESTree.CallExpression, runner: string | undefined): boolean {
  if (!runner || !ARGUMENT_VECTOR_RUNNERS.has(runner)) return true;
  return call.arguments.slice(2).some((options) => {
    const object = options.type === 'ObjectExpression' ? options : undefined;
    const shell = object && findProperty(object, 'shell')?.value;
    return shell !== undefined && !(shell.type === 'Literal' && (shell.value === false || shell.value === null));
  });
}

/** The tool's name or path, and any words after it (`exec.exec('az login', [...])`); `which('az')`'s result is the tool. */
function commandWords(context: TypeScriptRuleContext, command: Node): CommandArgument[] | undefined {
  const choices = choicesOf(context, command);
  const possible = (choices.length > 0 ? choices : [command]).map((value) => stringShape(value, context.facts));
  const lines = possible.flatMap((shape) => (shape === undefined ? [] : [commandLines(shape)[0]]));
  const named = lines.find((words) => words && TOOL_NAMES.has(fileName(unquote(words[0].text))));
  if (named) return named;
  // A single string that names no tool (the tool's path left to run time): its words as they are.
  if (possible.length === 1 && possible[0] !== undefined) return lines[0];
  const values = context.facts.valuesOf(command).map((value) => (value.type === 'AwaitExpression' ? value.argument : value));
  const found = values.length === 1 && values[0].type === 'CallExpression' ? values[0] : undefined;
  const tool = found && /^which(?:Sync)?$|^sync$/.test(calleeName(found.callee) ?? '') ? stringShape(found.arguments[0] ?? found, context.facts) : undefined;
  return tool ? [asArgument(tool)] : undefined;
}

type ListElement = TSESTree.ArrayExpression['elements'][number] | TSESTree.CallExpressionArgument;

/** A list's elements, then what the code pushes onto the variable that holds it (`args.push('-u', user, '-p', password)`), in the file's order. */
function listElements(context: TypeScriptRuleContext, array: TSESTree.ArrayExpression): ListElement[] {
  const pushes = methodCalls(context.program, 'push').filter((push) => push.callee.object.type === 'Identifier' && valuesInScope(context, push.callee.object).includes(array));
  return [...array.elements, ...pushes.flatMap((push) => push.arguments)];
}

/** The list written in place or held in a variable (the function's own `args`, not another function's). */
function arrayOf(context: TypeScriptRuleContext, expression: Node): TSESTree.ArrayExpression | undefined {
  if (expression.type === 'ArrayExpression') return expression;
  const values = expression.type === 'Identifier' ? valuesInScope(context, expression) : [];
  return values.length === 1 && values[0].type === 'ArrayExpression' ? values[0] : undefined;
}

/**
 * A list's words, at most MAX_WORDS; a spread of a list the file shows is its words. `joined`: a shell
 * splits the list's elements again (see `joinsArguments`).
 */
function listWords(
  context: TypeScriptRuleContext,
  elements: readonly ListElement[],
  joined = false,
): CommandArgument[] {
  const words = (element: (typeof elements)[number]): CommandArgument[] => {
    const text = elementText(context, element);
    return joined ? optionWords(text) : [asArgument(text)];
  };
  return elements.slice(0, MAX_WORDS).flatMap((element) => {
    if (element?.type === 'SpreadElement') {
      const spread = arrayOf(context, element.argument) ?? returnedArray(context, element.argument);
      return spread ? listElements(context, spread).slice(0, MAX_WORDS).flatMap(words) : [asArgument(UNKNOWN)];
    }
    return words(element);
  });
}

/**
 * An option and its value in one element (`'--authType password'`, `` `--password '${pw}'` ``) as the
 * shell that joins the list reads them, two words; any other element (a value with blanks, prose) is one.
 */
function optionWords(text: string): CommandArgument[] {
  if (!/^-/.test(text) || !/\s/.test(text.trim())) return [asArgument(text)];
  const words = commandLines(text).flat();
  return words.length > 0 ? words : [asArgument(text)];
}

/** `...credentialOptions(creds)`: the list a function of the file returns, where it returns one list written in place. */
function returnedArray(context: TypeScriptRuleContext, expression: Node): TSESTree.ArrayExpression | undefined {
  if (expression.type !== 'CallExpression' || expression.callee.type !== 'Identifier') return undefined;
  const name = expression.callee.name;
  const declared = [...context.facts.valuesOf(expression.callee), ...nodesOfType(context.program, 'FunctionDeclaration').filter((f) => f.id?.name === name)].find(isFunction);
  const body = declared?.body;
  if (!body) return undefined;
  if (body.type === 'ArrayExpression') return body;
  const returns = body.type === 'BlockStatement' ? body.body.filter((statement) => statement.type === 'ReturnStatement') : [];
  const returned = returns.length === 1 && returns[0].type === 'ReturnStatement' ? returns[0].argument : undefined;
  return returned?.type === 'ArrayExpression' ? returned : undefined;
}

function elementText(context: TypeScriptRuleContext, element: TSESTree.ArrayExpression['elements'][number] | TSESTree.CallExpressionArgument): string {
  return element && element.type !== 'SpreadElement' ? (stringShape(element, context.facts) ?? UNKNOWN) : UNKNOWN;
}

function hit(context: TypeScriptRuleContext, tool: CliSignIn, node: Node): RuleHit {
  const caller = callerCredential(context, partsOf(node).filter((part): part is Node => typeof part !== 'string'));
  const whose = caller?.from === 'request' || caller?.from === 'typed' ? { from: caller.from, node: caller.node } : undefined;
  return {
    message: tool.message + (whose ? ` ${WHOSE_CREDENTIALS[whose.from]}` : '') + NO_FIX,
    startOffset: node.range[0],
    endOffset: node.range[1],
    fixes: [],
    related: whose ? [{ message: WHOSE_RELATED[whose.from], startOffset: whose.node.range[0], endOffset: whose.node.range[1] }] : [],
  };
}

/** Where the credentials are whoever calls or runs the code, a service principal is no answer either. */
const WHOSE_CREDENTIALS: Record<'request' | 'typed', string> = {
  request:
    'Here the credentials come from the request, so each caller signs the tool in with their own password: rather than a ' +
    'service principal, sign users in interactively (the authorization code flow with PKCE) and call the service with their token.',
  typed:
    'Here the credentials are typed in by whoever runs the program: let the tool sign that person in itself, which performs MFA ' +
    '(az login --use-device-code, m365 login --authType deviceCode, pac auth create --deviceCode).',
};

const WHOSE_RELATED: Record<'request' | 'typed', string> = {
  request: 'the credentials come from the request here',
  typed: 'the password is typed in here by whoever runs the program',
};

/**
 * The tool whose password sign-in the command line is, by the tool's name where the command starts (after
 * `sudo`, `npx`, a path); or, where the line starts with `login` (a wrapper adds the tool's path, as GitHub
 * Actions do), CLI for Microsoft 365's, whose `--authType password` no other tool has.
 */
function signInOf(words: CommandArgument[]): CliSignIn | undefined {
  const startsWithLogin = unquote(words[0]?.text ?? '').toLowerCase() === 'login' || (isUnknown(words[0]) && unquote(words[1]?.text ?? '').toLowerCase() === 'login');
  if (startsWithLogin && isPasswordSignIn(M365_LOGIN, 'm365', isUnknown(words[0]) ? words.slice(1) : words)) return M365_LOGIN;
  for (let i = 0; i < words.length; i++) {
    const name = fileName(unquote(words[i].text));
    if (!TOOL_NAMES.has(name)) continue;
    // Where the command starts: prose that names one (`Sign in first, e.g. az login -u …`) runs nothing.
    if (!words.slice(0, i).every((word) => COMMAND_PREFIX.test(unquote(word.text)))) return undefined;
    const args = words.slice(i + 1, i + 1 + MAX_WORDS);
    const tool = CLI_SIGN_INS.find((candidate) => isPasswordSignIn(candidate, name, args));
    if (tool) return tool;
  }
  return undefined;
}

/**
 * A password sign-in as the tool reads it, where the code shows it: not where a word before the
 * credentials is left to run time (`az login ${flags} -u …`: the flags may make it a service principal's), nor
 * where the password is a placeholder of a help text (`-p <password>`).
 */
function isPasswordSignIn(tool: CliSignIn, name: string, args: CommandArgument[]): boolean {
  const signIn = cliPasswordSignIn(tool, name, args, unquote);
  if (!signIn) return false;
  const credentials = signIn.options.findIndex((option) => option.meaning === 'username' || option.meaning === 'password' || option.meaning === 'auth-type');
  // A value of an option the tool has and the rule does not know (`--url ${site}`) is no option of its own.
  const before = signIn.options.slice(0, Math.max(credentials, 0));
  const unknownOption = before.some((option, i) => !option.meaning && isUnknown(option.parts[0]) && !before[i - 1]?.parts[0].text.startsWith('-'));
  const placeholder = signIn.options.some((option) => option.meaning === 'password' && PLACEHOLDER.test(option.value ?? ''));
  return !unknownOption && !placeholder;
}

/** `<password>`, `[password]`: how help texts and docs write a value to fill in. */
const PLACEHOLDER = /^<[^<>]*>$|^\[[^[\]]*\]$/;

/**
 * What may come before a command's name on its line: `sudo`, `env` and assignments, `&`, `cmd /c`, a
 * YAML step's `- run:`, a value left to run time (the tool's path).
 */
const COMMAND_PREFIX = /^(?:sudo|env|time|exec|nohup|call|start|&|cmd(?:\.exe)?|\/c|-|[\w-]+:|\w+=\S*|\0+)$/i;

/** Every tool's names, and npx's. */
const TOOL_NAMES: ReadonlySet<string> = new Set([...CLI_SIGN_INS.flatMap((tool) => [...tool.names]), ...NPX_NAMES]);

/** At most this many words of a command are read: a long string or list is data, not a command line. */
const MAX_WORDS = 64;

const isUnknown = (word: CommandArgument | undefined): boolean => word !== undefined && /^\0+$/.test(unquote(word.text));

/** `/usr/bin/az`, `C:\tools\pac.exe`: a command by its file name, lower-case. */
function fileName(path: string): string {
  return lastPathPart(path).toLowerCase();
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
 * break continues it; `#` starting a word starts a comment.
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
      // The shell passes what the quotes hold (`--authType="password"` is `--authType=password`).
      const close = shape.indexOf(char, i + 1);
      const end = close < 0 ? shape.length : close + 1;
      word += shape.slice(i + 1, close < 0 ? end : close);
      i = end - 1;
    } else if (/[\n;|&]/.test(char)) {
      endWord();
      lines.push([]);
    } else if (char === '#' && !word) {
      // A comment, to the end of the line (`# Do not: az login -u …`).
      const lineEnd = shape.indexOf('\n', i);
      i = (lineEnd < 0 ? shape.length : lineEnd) - 1;
    } else if (/\s/.test(char)) {
      endWord();
    } else {
      word += char;
    }
  }
  endWord();
  return lines.filter((line) => line.length > 0);
}
