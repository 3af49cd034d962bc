import type { ScalarAssignment, ScriptValues } from './values';
import { descendants, enclosingStatement, innermost, type Node } from './syntax';

/** What such a call may not contain: it would do something besides using the value. */
const ACTING = ['command', 'script_block', 'assignment_expression'];

/**
 * The statements that do nothing but call a method of a value some of `assignments` made, with literal
 * arguments at most (`$cred.Password.MakeReadOnly()`): they go with the value, as nothing else reads them.
 */
export function methodCallStatementsOn(values: ScriptValues, assignments: readonly ScalarAssignment[]): Node[] {
  if (assignments.length === 0) return [];
  const made = new Set(assignments.map((assignment) => assignment.node.id));
  const root = assignments[0].node.tree.rootNode;
  return descendants(root, 'invokation_expression').filter((call) => {
    const statement = enclosingStatement(call);
    if (innermost(statement).id !== call.id) return false;
    const [object, ...others] = descendants(call, 'variable');
    if (!object || object.startIndex !== call.startIndex || others.length > 0) return false;
    return ACTING.every((type) => descendants(call, type).length === 0) && made.has(values.assignmentSeenBy(object)?.node.id ?? -1);
  });
}
