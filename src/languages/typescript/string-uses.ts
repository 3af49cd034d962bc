import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, nodesOfType, parentOf, type Node } from './ast';

const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const STRING_TESTS = new Set(['endsWith', 'startsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'test', 'search', 'localeCompare']);
/**
 * Methods whose arguments a person reads: loggers (`core.info`, `logger.warn`), an editor's or a task's
 * messages, a command-line parser's help (yargs' `example`, commander's `addHelpText`).
 */
const MESSAGE_METHODS = new Set([
  'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'notice', 'setFailed', 'setResult',
  'showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'example', 'epilogue', 'epilog', 'usage', 'addHelpText',
]);
/** Test frameworks' expectations (jest, chai, node:assert, sinon): what they are given is what the test expects, not what it runs. */
const EXPECTATIONS = new Set([
  'toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch', 'toHaveBeenCalledWith', 'toHaveBeenLastCalledWith', 'toHaveBeenNthCalledWith',
  'toBeCalledWith', 'stringContaining', 'stringMatching', 'equal', 'strictEqual', 'deepEqual', 'deepStrictEqual', 'notEqual', 'eq', 'eql',
  'calledWith', 'calledWithExactly', 'calledOnceWith',
]);
/** A test's or a suite's title, given with its body: `it('signs in with az login -u …', () => …)`. */
const TEST_TITLES = new Set(['it', 'test', 'describe', 'context', 'suite', 'specify']);
/** The last word of a name for text people read, or for what a test expects: `USAGE`, `helpMessage`, `expected`, a migration table's `before:`. */
const TEXT_WORDS = new Set([
  'usage', 'help', 'example', 'examples', 'hint', 'hints', 'message', 'messages', 'description', 'expected', 'doc', 'docs',
  'readme', 'title', 'label', 'tip', 'tooltip', 'placeholder', 'before', 'after',
]);
/** Where a string is only a type, a name or markup: an enum member, a string literal type, a JSX attribute. */
const NEVER_RUN = new Set(['TSEnumMember', 'TSLiteralType', 'JSXAttribute']);
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
  if (parent.type === 'NewExpression') return !(parent.callee.type === 'Identifier' && /Error$|^RegExp$/.test(parent.callee.name));
  if (parent.type === 'CallExpression') return parent.callee === value || !isShownBy(program, parent);
  if (parent.type === 'Property' && parent.value === value) return !namesText(propertyName(parent)) && !isSnippetBody(program, parent);
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return !namesText(parent.id.name) && !isOnlyShown(program, parent.id);
  return !isMessageOrTest(program, value);
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

/** A call whose arguments are shown or tested, not run: a message, a test, an HTTP response, or inside a test's expectation. */
function isShownBy(program: TSESTree.Program, call: TSESTree.CallExpression): boolean {
  return isMessageOrTestCall(call) || respondsToRequest(call) || withinExpectation(program, call);
}

/** A call whose arguments are a message, a string test, a test's title, table or expectation. */
export function isMessageOrTestCall(call: TSESTree.CallExpression): boolean {
  if (call.callee.type === 'Identifier') return TEST_TITLES.has(call.callee.name) && call.arguments.some((argument) => isFunction(argument));
  if (call.callee.type !== 'MemberExpression') return false;
  const method = memberName(call.callee) ?? '';
  const receiver = call.callee.object;
  if (method === 'each') return receiver.type === 'Identifier' ? TEST_TITLES.has(receiver.name) : receiver.type === 'MemberExpression';
  return (
    STRING_TESTS.has(method) ||
    MESSAGE_METHODS.has(method) ||
    EXPECTATIONS.has(method) ||
    (receiver.type === 'Identifier' && (receiver.name === 'console' || (receiver.name === 'assert' && method !== 'ok')))
  );
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
  return call.callee.type === 'MemberExpression' && receiver.type === 'Identifier' && RESPONDERS.test(receiver.name);
}

/** A constant the file uses, and only to show or test it (`console.log(samples.join('\n'))`, `it.each(table)`). */
function isOnlyShown(program: TSESTree.Program, declared: TSESTree.Identifier): boolean {
  const uses = (usesByName(program).get(declared.name) ?? []).filter((use) => use !== declared);
  return uses.length > 0 && uses.every((use) => isGivenToShowOrTest(program, use));
}

function isGivenToShowOrTest(program: TSESTree.Program, use: Node): boolean {
  const value = carrier(program, use);
  const parent = parentOf(program, value);
  return parent?.type === 'CallExpression' && parent.callee !== value && isShownBy(program, parent);
}

/** Each name's identifiers, once per module. */
const uses = new WeakMap<TSESTree.Program, Map<string, TSESTree.Identifier[]>>();

function usesByName(program: TSESTree.Program): Map<string, TSESTree.Identifier[]> {
  let byName = uses.get(program);
  if (!byName) {
    byName = new Map();
    for (const identifier of nodesOfType(program, 'Identifier')) byName.set(identifier.name, [...(byName.get(identifier.name) ?? []), identifier]);
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
  return propertyName(property) === 'body' && object?.type === 'ObjectExpression' && object.properties.some((p) => p.type === 'Property' && propertyName(p) === 'prefix');
}

function propertyName(property: TSESTree.Property): string | undefined {
  if (property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
}

function isNamed(node: Node, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}

/** `String.raw\`…\``. */
export function isStringRawTag(tagged: TSESTree.TaggedTemplateExpression): boolean {
  return tagged.tag.type === 'MemberExpression' && isNamed(tagged.tag.object, 'String') && memberName(tagged.tag) === 'raw';
}
