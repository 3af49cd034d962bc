import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, type Node } from './ast';

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
 * text (`USAGE`).
 */
export function isMessageOrTest(program: TSESTree.Program, string: Node): boolean {
  const parent = parentOf(program, string);
  if (!parent) return false;
  if (parent.type === 'BinaryExpression') return COMPARISONS.has(parent.operator);
  if (parent.type === 'SwitchCase' || parent.type === 'ThrowStatement') return true;
  if (parent.type === 'VariableDeclarator') return parent.id.type === 'Identifier' && TEXT_CONSTANT.test(parent.id.name);
  if (parent.type === 'NewExpression') return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name);
  return parent.type === 'CallExpression' && parent.callee !== string && isMessageOrTestCall(parent);
}

/** A call whose arguments are a message, a string test, a test's title or an expectation. */
export function isMessageOrTestCall(call: TSESTree.CallExpression): boolean {
  if (call.callee.type === 'Identifier') return TEST_TITLES.has(call.callee.name);
  if (call.callee.type !== 'MemberExpression') return false;
  const method = memberName(call.callee) ?? '';
  const receiver = call.callee.object;
  return (
    STRING_TESTS.has(method) ||
    MESSAGE_METHODS.has(method) ||
    EXPECTATIONS.has(method) ||
    (receiver.type === 'Identifier' && (receiver.name === 'console' || (receiver.name === 'assert' && method !== 'ok')))
  );
}
