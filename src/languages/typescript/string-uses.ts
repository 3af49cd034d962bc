import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, nodesOfType, parentOf, type Node } from './ast';

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
/** A test's or a suite's title: `it('signs in with az login -u …', …)`. */
const TEST_TITLES = new Set(['it', 'test', 'describe', 'context', 'suite', 'specify']);
/** A constant that holds text for people, or what a test expects: `const USAGE = 'Usage: …'`, `const expected = …`. */
const TEXT_CONSTANT = /usage|help|example|hint|message|description|expected/i;

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
 * text (`USAGE`); an entry of a list that is only shown or is a test's table.
 */
export function isMessageOrTest(program: TSESTree.Program, string: Node): boolean {
  const parent = parentOf(program, string);
  if (!parent) return false;
  if (parent.type === 'ArrayExpression') return isShownOrTestTable(program, parent);
  if (parent.type === 'BinaryExpression') return COMPARISONS.has(parent.operator);
  if (parent.type === 'SwitchCase' || parent.type === 'ThrowStatement') return true;
  if (parent.type === 'VariableDeclarator') return parent.id.type === 'Identifier' && TEXT_CONSTANT.test(parent.id.name);
  if (parent.type === 'NewExpression') return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name);
  return parent.type === 'CallExpression' && parent.callee !== string && isMessageOrTestCall(parent);
}

/**
 * A list (of lists) that a message or a test is given (`console.log(samples.join('\n'))`, `it.each(table)`),
 * in place or through the constant that holds it, wherever the file uses it.
 */
function isShownOrTestTable(program: TSESTree.Program, list: Node): boolean {
  let top = list;
  for (let parent = parentOf(program, top); parent?.type === 'ArrayExpression'; parent = parentOf(program, top)) top = parent;
  const holder = parentOf(program, top);
  if (holder?.type === 'CallExpression') return isMessageOrTestCall(holder);
  if (holder?.type !== 'VariableDeclarator' || holder.id.type !== 'Identifier') return isMessageOrTest(program, top);
  const name = holder.id.name;
  const uses = nodesOfType(program, 'Identifier').filter((identifier) => identifier.name === name && identifier !== holder.id);
  return uses.length > 0 && uses.every((use) => isGivenToMessageOrTest(program, use));
}

/** `samples`, `samples.join('\n')`: a value that a message or a test call is given, directly or through its members. */
function isGivenToMessageOrTest(program: TSESTree.Program, value: Node): boolean {
  let current = value;
  for (let parent = parentOf(program, current); parent; parent = parentOf(program, current)) {
    if (parent.type === 'CallExpression' && parent.callee !== current) return isMessageOrTestCall(parent);
    if (parent.type !== 'MemberExpression' && parent.type !== 'CallExpression') return false;
    current = parent;
  }
  return false;
}

/** A call whose arguments are a message, a string test, a test's title, table or expectation. */
export function isMessageOrTestCall(call: TSESTree.CallExpression): boolean {
  if (call.callee.type === 'Identifier') return TEST_TITLES.has(call.callee.name);
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

/** Calls that answer an HTTP request (`res.status(400).send(…)`): what they are given is a response, not a command. */
const RESPONDERS = /^(?:res|response|reply|ctx)$/;
const MAX_FLOW = 3;

/**
 * Whether the code goes on to use a string as something to run or to write: an argument of a call (in a
 * list too) that is no message, test or HTTP response, something a function returns, or a variable
 * or property that holds it and is itself so used, a few steps on.
 */
export function isHandedOn(program: TSESTree.Program, string: Node, steps = 0): boolean {
  const value = carrier(program, string);
  const parent = parentOf(program, value);
  if (!parent || steps > MAX_FLOW) return false;
  // A tag is given its template: node-powershell's PowerShell.invoke`…` runs it; String.raw`…` passes it on as it is.
  if (parent.type === 'TaggedTemplateExpression') return !isStringRawTag(parent) || isHandedOn(program, parent, steps + 1);
  if (parent.type === 'CallExpression' || parent.type === 'NewExpression') return parent.callee !== value && isHandedOnBy(program, parent);
  if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === value)) return true;
  if (parent.type === 'Property' && parent.value === value) {
    const object = parentOf(program, parent);
    return object !== undefined && isHandedOn(program, object, steps + 1);
  }
  const name =
    parent.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier' ? parent.id.name
    : parent.type === 'AssignmentExpression' && parent.right === value && parent.left.type === 'Identifier' ? parent.left.name
    : undefined;
  if (!name) return false;
  const uses = nodesOfType(program, 'Identifier').filter((identifier) => identifier.name === name && identifier.range[0] !== parent.range[0]);
  return uses.some((use) => isHandedOn(program, use, steps + 1));
}

/**
 * What carries the string on: the list it is in, the string it is joined into (`${authCode}\n${script}`),
 * what a method of it makes of it (`command.replace(/"/g, '\\"')`).
 */
function carrier(program: TSESTree.Program, string: Node): Node {
  let value = string;
  for (let parent = parentOf(program, value); parent; parent = parentOf(program, value)) {
    const joins = parent.type === 'ArrayExpression' || parent.type === 'TemplateLiteral' || (parent.type === 'BinaryExpression' && parent.operator === '+');
    const call = parent.type === 'MemberExpression' && parent.object === value ? parentOf(program, parent) : undefined;
    if (joins) value = parent;
    else if (call?.type === 'CallExpression' && call.callee === parent && !isMessageOrTestCall(call)) value = call;
    else return value;
  }
  return value;
}

/** A call that takes its arguments on to run or write them: not a message, a test, nor inside a test's expectation; not an HTTP response. */
function isHandedOnBy(program: TSESTree.Program, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type === 'NewExpression') return !(call.callee.type === 'Identifier' && /Error$/.test(call.callee.name));
  if (isMessageOrTestCall(call) || respondsToRequest(call)) return false;
  for (let outer = parentOf(program, call), depth = 0; outer && depth < MAX_FLOW; outer = parentOf(program, outer), depth++) {
    if (outer.type === 'CallExpression' && isMessageOrTestCall(outer)) return false;
    if (outer.type === 'CallExpression' && outer.callee.type === 'Identifier' && outer.callee.name === 'expect') return false;
  }
  return true;
}

function respondsToRequest(call: TSESTree.CallExpression): boolean {
  let receiver: Node = call.callee;
  while (receiver.type === 'MemberExpression' || receiver.type === 'CallExpression') receiver = receiver.type === 'MemberExpression' ? receiver.object : receiver.callee;
  return call.callee.type === 'MemberExpression' && receiver.type === 'Identifier' && RESPONDERS.test(receiver.name);
}

/** `String.raw\`…\``. */
export function isStringRawTag(tagged: TSESTree.TaggedTemplateExpression): boolean {
  return tagged.tag.type === 'MemberExpression' && tagged.tag.object.type === 'Identifier' && tagged.tag.object.name === 'String' && memberName(tagged.tag) === 'raw';
}
