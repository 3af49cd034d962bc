import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { nodesOfType, type Node } from './ast';

/**
 * An `if` that stops the code where the password is missing (`if (!this.user || !this.password) throw …`).
 * A fix takes the password out of the sign-in, not out of that check: the code still demands a password
 * it no longer uses, and taking the password out of the deployment, the point of the fix, breaks it.
 */
export function guardRequiring(program: TSESTree.Program, text: string, password: Node): TSESTree.IfStatement | undefined {
  if (!isPlainReference(password)) return undefined;
  const written = text.slice(password.range[0], password.range[1]);
  return nodesOfType(program, 'IfStatement').find((statement) => stops(statement.consequent) && negates(statement.test, text, written));
}

function isPlainReference(node: Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && isPlainReference(node.object);
}

/** Whether the test is true where `written` is missing: `!x`, or a `||` of tests one of which is. */
function negates(test: Node, text: string, written: string): boolean {
  if (test.type === 'LogicalExpression' && test.operator === '||') return negates(test.left, text, written) || negates(test.right, text, written);
  return test.type === 'UnaryExpression' && test.operator === '!' && text.slice(test.argument.range[0], test.argument.range[1]) === written;
}

function stops(consequent: Node): boolean {
  const statements = consequent.type === 'BlockStatement' ? consequent.body : [consequent];
  return statements.some((statement) => statement.type === 'ThrowStatement');
}
