import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, isFunction, memberName, nodesOfType, parentOf, propertyKeyName, type Node } from './ast';
import { groupBy } from './lists-by-key';

const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const STRING_TESTS = new Set(['endsWith', 'startsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'test', 'search', 'localeCompare']);
/**
 * Methods whose arguments a person reads: loggers (`core.info`, `logger.warn`), an editor's or a task's
 * messages, a command-line parser's help (yargs' `example`, commander's `addHelpText`).
 */
const MESSAGE_METHODS = new Set([
  'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'notice', 'setFailed', 'setResult',
  'showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'showQuickPick', 'example', 'epilogue', 'epilog', 'usage', 'addHelpText',
]);
/** Test frameworks' expectations (jest, chai, node:assert, sinon): what they are given is what the test expects, not what it runs. */
const EXPECTATIONS = new Set([
  'toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch', 'toHaveBeenCalledWith', 'toHaveBeenLastCalledWith', 'toHaveBeenNthCalledWith',
  'toBeCalledWith', 'stringContaining', 'stringMatching', 'equal', 'strictEqual', 'deepEqual', 'deepStrictEqual', 'notEqual', 'eq', 'eql',
  'calledWith', 'calledWithExactly', 'calledOnceWith',
]);
/** A test's or a suite's title, given with its body: `it('signs in with az login -u …', () => …)`. */
const TEST_TITLES = new Set(['it', 'test', 'describe', 'context', 'suite', 'specify']);
const PENDING_TESTS = new Set(['it', 'test', 'specify']);
/** The last word of a name for text people read, or for what a test expects: `USAGE`, `helpMessage`, `expected`, a migration table's `before:`. */
const TEXT_WORDS = new Set([
  'usage', 'help', 'example', 'examples', 'hint', 'hints', 'message', 'messages', 'description', 'expected', 'doc', 'docs',
  'readme', 'title', 'label', 'tip', 'tooltip', 'placeholder', 'before', 'after', 'describe', 'desc',
]);
/** Where a string is only a type, a name or markup: an enum member, a string literal type, a JSX attribute or child. */
const NEVER_RUN = new Set(['TSEnumMember', 'TSLiteralType', 'JSXAttribute', 'JSXExpressionContainer']);
/** What an HTTP response's methods are called (`res.status(400).send(…)`, `ctx.body`), not a runner's (`ctx.exec`). */
const RESPONSE_METHODS = new Set(['send', 'json', 'jsonp', 'status', 'end', 'write', 'render', 'redirect', 'type', 'set', 'header', 'sendStatus']);
/** Calls that run what they are given, also inside a test's expectation (`expect(() => execSync(cmd)).not.toThrow()`). */
const RUNNERS = /^(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|execa|execaSync|execaCommand|fork|invoke|addCommand|run|runCommand|shell)$/;
/** A test's modifiers: `it.skip('…')`, `test.only(…)`, `it.each(table)`. */
const TEST_MODIFIERS = new Set(['skip', 'only', 'todo', 'each', 'concurrent', 'failing']);
/** Calls that answer an HTTP request (`res.status(400).send(…)`): what they are given is a response, not a command. */
const RESPONDERS = /^(?:res|response|reply|ctx)$/;
/** How far up from a call an expectation (`expect(run('…'))`) is looked for. */
const EXPECTATION_DEPTH = 3;

/** The whole string a literal is part of: the `+` and the template it is joined in. */
export function wholeString(program: TSESTree.Program, literal: Node): Node {
  let whole = literal;
  for (let parent = parentOf(program, whole); parent; parent = parentOf(program, whole)) {
    const joins = (parent.type === 'BinaryExpression' && parent.operator === '+') || parent.type === 'TemplateLiteral';
    if (!joins) break;
    whole = parent;
  }
  return whole;
}

/**
 * A string the code compares, tests for, throws or shows rather than uses: an operand of `===`, a
 * switch case, a thrown value or an error's message, what `includes` or `match` looks for, what
 * `console`, a logger or a help text is given, a test's title or expectation, a constant named for
 * text (`USAGE`).
 */
export function isMessageOrTest(program: TSESTree.Program, string: Node): boolean {
  const parent = parentOf(program, string);
  if (!parent) return false;
  if (parent.type === 'BinaryExpression') return COMPARISONS.has(parent.operator);
  if (parent.type === 'SwitchCase' || parent.type === 'ThrowStatement') return true;
  if (parent.type === 'VariableDeclarator') return parent.id.type === 'Identifier' && namesText(parent.id.name);
  if (parent.type === 'NewExpression') return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name);
  return parent.type === 'CallExpression' && parent.callee !== string && isMessageOrTestCall(parent);
}

/**
 * Whether the code may run or send a string (a command line, a script): everything but what it only
 * shows, tests or describes — a message, a test's title, table or expectation, an HTTP response, an
 * enum member or a type, a JSX attribute, a regular expression's source, a constant or property named
 * for text (`USAGE`, `description:`), and a constant the file only shows or tests. Followed through the
 * list, the join, the `?:` or the string method (`cmd.trim()`) it is in.
 */
export function mayBeRun(program: TSESTree.Program, string: Node): boolean {
  const value = carrier(program, string);
  const parent = parentOf(program, value);
  if (!parent) return true;
  if (NEVER_RUN.has(parent.type)) return false;
  // A tag is given its template: node-powershell's PowerShell.invoke`…` runs it; String.raw`…` passes it on as it is.
  if (parent.type === 'TaggedTemplateExpression') return !isStringRawTag(parent) || mayBeRun(program, parent);
  if (isOptionDescription(parent, value)) return false;
  if (parent.type === 'NewExpression') return !(parent.callee.type === 'Identifier' && /Error$|^RegExp$/.test(parent.callee.name));
  if (parent.type === 'CallExpression') return parent.callee === value || !isShownBy(program, parent);
  if (parent.type === 'Property' && parent.value === value) return !namesText(propertyKeyName(parent)) && !isSnippetBody(program, parent);
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return mayBeRunFrom(program, parent, parent.id);
  return !isMessageOrTest(program, value);
}

/**
 * A constant: run where the file hands it to a runner; else only shown where it is named for text
 * (`USAGE`) or every use shows or tests it — unless it is exported, and other modules may run it.
 */
function mayBeRunFrom(program: TSESTree.Program, declarator: TSESTree.VariableDeclarator, declared: TSESTree.Identifier): boolean {
  const uses = usesOf(program, declared.name);
  if (uses.run) return true;
  if (namesText(declared.name)) return false;
  if (isExported(program, declarator)) return true;
  return !(uses.count > 0 && uses.shown === uses.count);
}

/** How a name is used, once per name and module (a minified bundle reuses `e` tens of thousands of times): how often, how often shown, whether run. */
interface NameUses {
  count: number;
  shown: number;
  run: boolean;
}

const namesUses = new WeakMap<TSESTree.Program, Map<string, NameUses>>();

function usesOf(program: TSESTree.Program, name: string): NameUses {
  let byName = namesUses.get(program);
  if (!byName) namesUses.set(program, (byName = new Map()));
  let uses = byName.get(name);
  if (!uses) {
    uses = { count: 0, shown: 0, run: false };
    for (const use of usesByName(program).get(name) ?? []) {
      const parent = parentOf(program, use);
      if (parent?.type === 'VariableDeclarator' && parent.id === use) continue;
      const given = isGivenTo(program, use);
      uses.count++;
      if (given === 'shown') uses.shown++;
      if (given === 'run') uses.run = true;
    }
    byName.set(name, uses);
  }
  return uses;
}

export function isExported(program: TSESTree.Program, declarator: TSESTree.VariableDeclarator): boolean {
  return parentOf(program, parentOf(program, declarator) ?? declarator)?.type === 'ExportNamedDeclaration';
}

/**
 * What carries the string on: the list it is in, the string it is joined into (`${authCode}\n${script}`),
 * a branch of `?:`, `||` or `??`, a type assertion, what a method of it makes of it (`command.replace(/"/g, '\\"')`).
 */
function carrier(program: TSESTree.Program, string: Node): Node {
  let value = string;
  for (let parent = parentOf(program, value); parent; parent = parentOf(program, value)) {
    const call = parent.type === 'MemberExpression' && parent.object === value ? parentOf(program, parent) : undefined;
    if (CARRIERS.has(parent.type) || (parent.type === 'BinaryExpression' && parent.operator === '+')) value = parent;
    else if (parent.type === 'ConditionalExpression' && parent.test !== value) value = parent;
    else if (call?.type === 'CallExpression' && call.callee === parent && !isMessageOrTestCall(call)) value = call;
    else return value;
  }
  return value;
}

const CARRIERS = new Set(['ArrayExpression', 'TemplateLiteral', 'LogicalExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'AwaitExpression']);

/** commander's `option('--cs <string>', description)`, `requiredOption(…)` and `new Option(…)`: text its help shows. */
const OPTION_MAKERS = /^(?:option|requiredOption|Option)$/;

/**
 * The description a command-line parser's option is given after its flags (`program.option('--cs <string>',
 * 'AuthType=OAuth;Url=<org url>;…')`); not the default value after it, which the run may use.
 */
function isOptionDescription(parent: Node, value: Node): boolean {
  if (parent.type !== 'CallExpression' && parent.type !== 'NewExpression') return false;
  const [flags, description] = parent.arguments;
  const flagsText = flags?.type === 'Literal' ? flags.value : flags?.type === 'TemplateLiteral' ? flags.quasis[0].value.cooked : undefined;
  return description === value && typeof flagsText === 'string' && flagsText.startsWith('-') && OPTION_MAKERS.test(calleeName(parent.callee) ?? '');
}

/** A call whose arguments are shown or tested, not run: a message, a test, an HTTP response, or inside a test's expectation. */
function isShownBy(program: TSESTree.Program, call: TSESTree.CallExpression): boolean {
  return isMessageOrTestCall(call) || respondsToRequest(call) || (!isRunner(call) && withinExpectation(program, call));
}

function isRunner(call: TSESTree.CallExpression): boolean {
  return RUNNERS.test(calleeName(call.callee) ?? '');
}

/** A call whose arguments are a message, a string test, a test's title, table or expectation. */
export function isMessageOrTestCall(call: TSESTree.CallExpression): boolean {
  // A title with the test's body, or a pending test's alone (`it('signs in with az login -u …')`; not a helper's `context(url)`).
  if (call.callee.type === 'Identifier') return TEST_TITLES.has(call.callee.name) && (call.arguments.some((argument) => isFunction(argument)) || isPendingTest(call, call.callee.name));
  if (call.callee.type !== 'MemberExpression') return false;
  const method = memberName(call.callee) ?? '';
  const receiver = call.callee.object;
  if (TEST_MODIFIERS.has(method) && receiver.type === 'Identifier' && TEST_TITLES.has(receiver.name)) return true;
  if (method === 'each') return receiver.type === 'MemberExpression';
  return (
    STRING_TESTS.has(method) ||
    MESSAGE_METHODS.has(method) ||
    EXPECTATIONS.has(method) ||
    (receiver.type === 'Identifier' && (receiver.name === 'console' || (receiver.name === 'assert' && method !== 'ok')))
  );
}

function isPendingTest(call: TSESTree.CallExpression, name: string): boolean {
  const [title] = call.arguments;
  return call.arguments.length === 1 && PENDING_TESTS.has(name) && title.type === 'Literal' && /\s/.test(String(title.value));
}

/** `expect(analyse('…'))`, `assert.deepEqual(run('…'), …)`: a call a few levels inside a test's expectation. */
function withinExpectation(program: TSESTree.Program, call: Node): boolean {
  let outer = parentOf(program, call);
  for (let depth = 0; outer && depth < EXPECTATION_DEPTH; outer = parentOf(program, outer), depth++) {
    if (outer.type !== 'CallExpression') continue;
    if (outer.callee.type === 'Identifier' && outer.callee.name === 'expect') return true;
    if (outer.callee.type === 'MemberExpression' && (EXPECTATIONS.has(memberName(outer.callee) ?? '') || isNamed(outer.callee.object, 'assert'))) return true;
  }
  return false;
}

function respondsToRequest(call: TSESTree.CallExpression): boolean {
  let receiver: Node = call.callee;
  while (receiver.type === 'MemberExpression' || receiver.type === 'CallExpression') receiver = receiver.type === 'MemberExpression' ? receiver.object : receiver.callee;
  return call.callee.type === 'MemberExpression' && RESPONSE_METHODS.has(memberName(call.callee) ?? '') && receiver.type === 'Identifier' && RESPONDERS.test(receiver.name);
}

/** What a use of a constant is given to: a call that shows or tests it, one that may run it, or neither. */
function isGivenTo(program: TSESTree.Program, use: Node): 'shown' | 'run' | undefined {
  const value = carrier(program, use);
  const parent = parentOf(program, value);
  if (parent?.type !== 'CallExpression' || parent.callee === value) return undefined;
  return isShownBy(program, parent) ? 'shown' : 'run';
}

/** Each name's identifiers, once per module. */
const uses = new WeakMap<TSESTree.Program, Map<string, TSESTree.Identifier[]>>();

export function usesByName(program: TSESTree.Program): Map<string, TSESTree.Identifier[]> {
  let byName = uses.get(program);
  if (!byName) {
    byName = groupBy(nodesOfType(program, 'Identifier'), (identifier) => identifier.name);
    uses.set(program, byName);
  }
  return byName;
}

/** `USAGE`, `helpMessage`, `expected`: a name whose last word says it holds text for people. */
function namesText(name: string | undefined): boolean {
  const words = (name ?? '').split(/(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+/).filter(Boolean);
  return TEXT_WORDS.has(words[words.length - 1]?.toLowerCase() ?? '');
}

/** An editor snippet's `body` (`{ prefix: 'msol', body: [...] }`): text to insert, not to run. */
function isSnippetBody(program: TSESTree.Program, property: TSESTree.Property): boolean {
  const object = parentOf(program, property);
  return propertyKeyName(property) === 'body' && object?.type === 'ObjectExpression' && object.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'prefix');
}

function isNamed(node: Node, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}

/** `String.raw\`…\``. */
export function isStringRawTag(tagged: TSESTree.TaggedTemplateExpression): boolean {
  return tagged.tag.type === 'MemberExpression' && isNamed(tagged.tag.object, 'String') && memberName(tagged.tag) === 'raw';
}
