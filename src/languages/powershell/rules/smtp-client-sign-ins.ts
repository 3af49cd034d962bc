import type { PowerShellRuleContext } from '../rule-context';
import type { IndexedAssignment } from '../script-index';
import { assignedMember, assignedValue, descendants, isNullLiteral, type Node } from '../syntax';
import { passwordMailHost } from './smtp-servers';

/** `$smtp.Credentials = …` on a System.Net.Mail.SmtpClient that connects to an Office 365 / Outlook.com host. */
export interface SmtpClientSignIn {
  /** The `$smtp.Credentials = …` assignment. */
  assignment: Node;
  host: string;
  /** Another server the client may be given, by another call of the function around it. */
  otherServer?: string;
  /** Where the client is created. */
  creation: Node;
}

/** `New-Object [-TypeName] [System.]Net.Mail.SmtpClient …` or `[[System.]Net.Mail.SmtpClient]::new(…)`. */
const SMTP_CLIENT_CREATION = /^\s*(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:System\.)?Net\.Mail\.SmtpClient\b|\[(?:System\.)?Net\.Mail\.SmtpClient\]\s*::\s*new\b)/i;
/** The credentials of the Windows session, which send no password of the script's. */
const DEFAULT_CREDENTIALS = /^\s*\[(?:System\.)?Net\.CredentialCache\]\s*::\s*Default(?:Network)?Credentials\s*$/i;

/**
 * `$smtp.Credentials = <not the session's>` where `$smtp` holds an SmtpClient created in the file,
 * whose host (the constructor's first argument, or a `$smtp.Host = …` above) is a Microsoft mail host.
 */
export function smtpClientSignIns(context: PowerShellRuleContext): SmtpClientSignIn[] {
  const memberAssignments = context.index.assignments().filter((at) => at.owner && !at.scalar);
  return memberAssignments.flatMap((at): SmtpClientSignIn[] => {
    const assignment = context.index.node(at, 'assignment_expression');
    if (memberOf(assignment) !== 'credentials' || sendsNoPassword(assignedValue(assignment))) return [];
    const client = clientGiven(context, at);
    const host = client && passwordMailHost(context, client.hostNode);
    if (!client || !host) return [];
    return [{ assignment, ...host, creation: client.creation }];
  });
}

/**
 * The host node of the SmtpClient whose Credentials a `$smtp.Credentials = …` assignment sets (the constructor's first
 * argument, or a `$smtp.Host = …` above); undefined where the variable holds no SmtpClient the file creates.
 */
export function smtpClientHostOf(context: PowerShellRuleContext, assignment: Node): Node | undefined {
  if (memberOf(assignment) !== 'credentials') return undefined;
  const at = context.index.assignments().find((candidate) => candidate.owner && !candidate.scalar && candidate.start === assignment.startIndex);
  return at && clientGiven(context, at)?.hostNode;
}

function clientGiven(context: PowerShellRuleContext, at: IndexedAssignment): { creation: Node; hostNode: Node | undefined } | undefined {
  const client = context.values().assignmentBefore(at.owner!, at.start);
  if (!client || !SMTP_CLIENT_CREATION.test(client.value.text)) return undefined;
  const hostAssignment = context.index
    .assignments()
    .filter((other) => other.owner === at.owner && !other.scalar && other.start > client.offset && other.start < at.start)
    .map((other) => context.index.node(other, 'assignment_expression'))
    .filter((other) => memberOf(other) === 'host')
    .at(-1);
  return { creation: client.node, hostNode: (hostAssignment && assignedValue(hostAssignment)) ?? constructorHost(client.value) };
}

/** `credentials` for `$smtp.Credentials = …`: the member a `$x.Member = …` assignment sets on a variable, lower-case. */
function memberOf(assignment: Node): string | undefined {
  const set = assignedMember(assignment);
  return set && /^\$[\w:]+$/.test(set.object) ? set.member : undefined;
}

/** `$null`, or the Windows session's credentials: no password of the script's. */
function sendsNoPassword(credentials: Node): boolean {
  return isNullLiteral(credentials.text) || DEFAULT_CREDENTIALS.test(credentials.text);
}

/** The first value written after the type name: `(host, port)`, `-ArgumentList host, port` or `::new(host, port)`. */
function constructorHost(creation: Node): Node | undefined {
  const typeEnd = creation.text.search(/SmtpClient/i) + 'SmtpClient'.length + creation.startIndex;
  const candidates = [...descendants(creation, 'string_literal'), ...descendants(creation, 'variable')];
  return candidates.filter((node) => node.startIndex >= typeEnd).sort((a, b) => a.startIndex - b.startIndex)[0];
}

