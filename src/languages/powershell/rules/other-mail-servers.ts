import { isMicrosoftCloudHost } from '../../shared/microsoft-endpoints';
import { commandElements, commandName, namedArgument } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import type { Node } from '../syntax';
import { UNKNOWN } from '../values';
import { smtpClientHostOf } from './smtp-client-sign-ins';

/**
 * Whether a credential given at `at` goes to a mail server the script names in full that is none of Microsoft's:
 * `Send-MailMessage -SmtpServer smtp.gmail.com -Credential …`. A server the script does not show (none given, and
 * $PSEmailServer), or Microsoft's, is not.
 */
export function sentToOtherMailServer(context: PowerShellRuleContext, command: string, at: Node): boolean {
  if (command !== 'send-mailmessage') return false;
  const call = enclosingCommand(at);
  const server = call && namedArgument(commandElements(call), /^smtpserver$|^computername$/i);
  return !!server && isOtherHostEverywhere(context, server);
}

/**
 * Whether a NetworkCredential made at `construction` is set as the Credentials of an SmtpClient whose host the script
 * names in full and is none of Microsoft's (`New-Object Net.Mail.SmtpClient("smtp.gmail.com", 587)`).
 */
export function setOnOtherSmtpClient(context: PowerShellRuleContext, password: Node): boolean {
  for (let node = password.parent; node; node = node.parent) {
    if (node.type !== 'assignment_expression') continue;
    const host = smtpClientHostOf(context, node);
    return !!host && isOtherHostEverywhere(context, host);
  }
  return false;
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
