import type { Fix } from '../../engine/finding';
import { commandName, commandNameNode } from './command';
import type { ScalarAssignment, ScriptValues } from './values';
import { descendants, enclosingStatement, isWithin, type Node } from './syntax';

/**
 * The variables the code a fix replaces read (`-ConnectionUri $connectionUrl`, `-Port $SMTPPort`), but
 * not those it assigns (`$Session = New-PSSession …`): once the fix is in, what made them may be read by nothing.
 */
export function readsOfReplacedCode(root: Node, fix: Fix): Node[] {
  // A variable the fix replaces lies within an edit, so within the smallest node around the edit: its statement need not be walked.
  return nodesInEdits(root, fix, 'variable', 'around').filter((variable) => replaces(fix, variable) && !isAssignedTo(variable));
}

/**
 * The nodes of a type in the statements the fix's edits replace or remove text of (`around`: in the
 * smallest node around each edit). Walking the whole tree for each fix of each finding had made each
 * edit of a 5,000-line script take 200 ms.
 */
function nodesInEdits(root: Node, fix: Fix, type: string, reach: 'statement' | 'around' = 'statement'): Node[] {
  return fix.edits.filter((edit) => edit.endOffset > edit.startOffset).flatMap((edit) => {
    const around = root.descendantForIndex(edit.startOffset, edit.endOffset - 1) ?? root;
    const within = reach === 'around' && !isStatementList(around) ? [around] : statementsAcross(around, edit.startOffset, edit.endOffset);
    return within.flatMap((node) => descendants(node, type));
  });
}

function isStatementList(node: Node): boolean {
  return node.type === 'program' || node.type === 'statement_list';
}

/**
 * The statement the node is in (a replaced command name's command, say), or where the node is the script
 * or a statement list, those of its parts the range reaches.
 */
function statementsAcross(node: Node, start: number, end: number): Node[] {
  if (node.type === 'program') {
    const parts = node.namedChildren.filter((part): part is Node => !!part && part.startIndex < end && part.endIndex > start);
    return parts.flatMap((part) => (part.type === 'statement_list' ? statementsAcross(part, start, end) : [part]));
  }
  if (node.type !== 'statement_list') return [enclosingStatement(node)];
  const statements: Node[] = [];
  for (let statement = node.firstNamedChildForIndex(start); statement && statement.startIndex < end; statement = statement.nextNamedSibling) statements.push(statement);
  return statements;
}

/** Whether the fix replaces or removes the node's text. */
function replaces(fix: Fix, node: Node): boolean {
  return fix.edits.some((edit) => edit.endOffset > edit.startOffset && isWithin(node, { startIndex: edit.startOffset, endIndex: edit.endOffset }));
}

function isAssignedTo(variable: Node): boolean {
  for (let node = variable.parent; node; node = node.parent) {
    if (node.type === 'assignment_expression') return isWithin(variable, node.namedChild(0) ?? node);
    if (node.type === 'statement_list') return false;
  }
  return false;
}

/** Send-MailMessage reads the `$PSEmailServer` preference variable where it is given no -SmtpServer. */
export const MAIL_SERVER_PREFERENCE = 'PSEmailServer';
/** A Send-MailMessage left in the fixed script still reads `$PSEmailServer`. */
export const READS_MAIL_SERVER_PREFERENCE = /(?<![\w-])send-mailmessage(?![\w-])/i;

/** The assignments of `$PSEmailServer` that each Send-MailMessage the fix replaces or renames (to Send-GraphMail) sees. */
export function mailServerPreferencesOfReplacedCode(values: ScriptValues, root: Node, fix: Fix): ScalarAssignment[] {
  if (values.assignmentsOf(MAIL_SERVER_PREFERENCE.toLowerCase()).length === 0) return [];
  const replaced = (command: Node) => replaces(fix, commandNameNode(command) ?? command);
  const sendMail = nodesInEdits(root, fix, 'command').filter((command) => commandName(command) === 'send-mailmessage' && replaced(command));
  return sendMail.map((command) => values.assignmentBefore(MAIL_SERVER_PREFERENCE.toLowerCase(), command.startIndex)).filter((a): a is ScalarAssignment => !!a);
}
