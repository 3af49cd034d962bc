import { isMicrosoftCloudHost } from '../../shared/microsoft-endpoints';
import { commandElements, commandName, namedArgument } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { assignedMember, assignedValue, unwrapped, type Node } from '../syntax';
import { UNKNOWN } from '../values';
import { authenticatedMailKitClient } from './mailkit-sign-ins';
import { smtpClientHostOf } from './smtp-client-sign-ins';
import { MESSAGE_SENDING_CMDLETS } from './smtp-servers';

/**
 * Whether a credential given at `at` goes to a mail server the script names in full that is none of Microsoft's:
 * `Send-MailMessage -SmtpServer smtp.gmail.com -Credential …` (or Send-MailKitMessage). A server the script does not
 * show (none given, and $PSEmailServer), or Microsoft's, is not.
 */
export function sentToOtherMailServer(context: PowerShellRuleContext, command: string, at: Node): boolean {
  if (!MESSAGE_SENDING_CMDLETS.some((name) => name.toLowerCase() === command)) return false;
  const call = enclosingCommand(at);
  const server = call && namedArgument(commandElements(call), /^smtpserver$|^computername$/i);
  return !!server && isOtherHostEverywhere(context, server);
}

/**
 * Where a NetworkCredential arrives, as `flowsOnly` judges a place: set as the Credentials of an SmtpClient
 * (`$smtp.Credentials = $nc`), or given to a MailKit client's Authenticate (`$client.Authenticate($nc)`), it is true
 * where that client's host is one the script names in full and none of Microsoft's (smtp.gmail.com), false for any
 * other host or client; undefined elsewhere, where the credential is followed on.
 */
export function givenToOtherMailClient(context: PowerShellRuleContext, at: Node): boolean | undefined {
  const credentials = credentialsSetTo(at);
  const authenticate = credentials ? undefined : authenticateGiven(at);
  if (!credentials && !authenticate) return undefined;
  const host = credentials ? smtpClientHostOf(context, credentials) : authenticatedMailKitClient(context, authenticate!)?.hostNode;
  return !!host && isOtherHostEverywhere(context, host);
}

/** `$x.Credentials = <at>`: the assignment, where `at` is the whole of its value. */
function credentialsSetTo(at: Node): Node | undefined {
  let assignment = at.parent;
  while (assignment && assignment.type !== 'assignment_expression') assignment = assignment.parent;
  const set = assignment && unwrapped(assignedValue(assignment)).id === at.id ? assignedMember(assignment) : undefined;
  return set?.member === 'credentials' ? assignment! : undefined;
}

/** `$client.Authenticate(<at>)`: the call, where `at` is the whole of one of its arguments. */
function authenticateGiven(at: Node): Node | undefined {
  let argument: Node | null = at;
  while (argument && argument.type !== 'argument_expression') argument = argument.parent;
  const call = argument?.parent?.type === 'argument_expression_list' ? argument.parent.parent?.parent : argument?.parent?.parent;
  return argument && unwrapped(argument).id === at.id && call?.type === 'invokation_expression' ? call : undefined;
}

function enclosingCommand(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'command' && commandName(current)) return current;
  return undefined;
}

/** Whether every value the server may hold (a variable's, on any run) is a host written in full that is none of Microsoft's. */
function isOtherHostEverywhere(context: PowerShellRuleContext, server: Node): boolean {
  return context.values().everyShapeOf(server).every(isOtherHost);
}

function isOtherHost(shape: string): boolean {
  const host = shape.trim().toLowerCase();
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host) && !host.includes(UNKNOWN) && !isMicrosoftCloudHost(host);
}
