import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, type Node } from './ast';

const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const STRING_TESTS = new Set(['endsWith', 'startsWith', 'includes', 'indexOf', 'lastIndexOf', 'match', 'test', 'search', 'localeCompare']);
/** Methods that show a message (`core.info`, `logger.warn`, `this.log`): what they are given is read by a person. */
const MESSAGE_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'notice', 'setFailed']);

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
 * switch case, a thrown value or an error's message, what `includes` or `match` looks for, or what
 * `console` or a logger is given.
 */
export function isMessageOrTest(program: TSESTree.Program, string: Node): boolean {
  const parent = parentOf(program, string);
  if (!parent) return false;
  if (parent.type === 'BinaryExpression') return COMPARISONS.has(parent.operator);
  if (parent.type === 'SwitchCase' || parent.type === 'ThrowStatement') return true;
  if (parent.type === 'NewExpression') return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name);
  if (parent.type !== 'CallExpression' || parent.callee === string || parent.callee.type !== 'MemberExpression') return false;
  const method = memberName(parent.callee) ?? '';
  const receiver = parent.callee.object;
  return STRING_TESTS.has(method) || MESSAGE_METHODS.has(method) || (receiver.type === 'Identifier' && receiver.name === 'console');
}
