import type { Fix } from '../../engine/finding';
import { commandName, commandNameNode } from './command';
import type { ScalarAssignment, ScriptValues } from './values';
import { descendants, isWithin, type Node } from './syntax';

/**
 * The variables the code a fix replaces read (`-ConnectionUri $connectionUrl`, `-Port $SMTPPort`), but
 * not those it assigns (`$Session = New-PSSession …`): once the fix is in, what made them may be read by nothing.
 */
export function readsOfReplacedCode(root: Node, fix: Fix): Node[] {
  return descendants(root, 'variable').filter((variable) => replaces(fix, variable) && !isAssignedTo(variable));
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
  const replaced = (command: Node) => replaces(fix, commandNameNode(command) ?? command);
  const sendMail = descendants(root, 'command').filter((command) => commandName(command) === 'send-mailmessage' && replaced(command));
  return sendMail.map((command) => values.assignmentBefore(MAIL_SERVER_PREFERENCE.toLowerCase(), command.startIndex)).filter((a): a is ScalarAssignment => !!a);
}
