import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { isMailHost } from '../../shared/microsoft-endpoints';
import { inCasing } from '../code-style';
import { otherRunspaceHost, type BoundParameter, type CommandCall } from '../command';
import { credentialOrigin } from '../credential-sources';
import { planHelperFunction, planTokenFunction, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, variableName, type Node } from '../syntax';
import { SEND_GRAPH_MAIL, SEND_GRAPH_MAIL_TEMPLATE } from '../templates/graph-mail-function';
import { UNKNOWN } from '../values';

/** One Send-MailMessage that signs in to an Office 365 / Outlook.com SMTP host with a credential. */
interface MailSignIn {
  call: CommandCall;
  host: string;
  credential: BoundParameter;
  /** Another server the call may be given (`a server the file does not show`), which the fix would send through Graph too. */
  otherServer?: string;
}

/** `$smtp.Credentials = …` on a System.Net.Mail.SmtpClient that connects to an Office 365 / Outlook.com host. */
interface SmtpClientSignIn {
  /** The `$smtp.Credentials = …` assignment. */
  assignment: Node;
  host: string;
  /** Where the client is created. */
  creation: Node;
}

/** `New-Object [-TypeName] [System.]Net.Mail.SmtpClient …` or `[[System.]Net.Mail.SmtpClient]::new(…)`. */
const SMTP_CLIENT_CREATION = /^\s*(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:System\.)?Net\.Mail\.SmtpClient\b|\[(?:System\.)?Net\.Mail\.SmtpClient\]\s*::\s*new\b)/i;
/** The credentials of the Windows session, which send no password of the script's. */
const DEFAULT_CREDENTIALS = /^\s*(?:\$null|\[(?:System\.)?Net\.CredentialCache\]\s*::\s*Default(?:Network)?Credentials)\s*$/i;

/** Arguments of the SMTP connection, which the fix takes out where they are written in the call. */
const SMTP_CONNECTION = ['SmtpServer', 'Port', 'UseSsl', 'Credential', 'Encoding'];

export const mailBasicAuthRule: PowerShellRule = {
  meta: {
    id: 'ps-mail-basic-auth',
    title: 'SMTP sign-in to Office 365 with a username and password (Send-MailMessage, SmtpClient)',
    description:
      'Send-MailMessage -Credential, or a System.Net.Mail.SmtpClient given credentials, to an Exchange Online or ' +
      'Outlook.com SMTP host (smtp.office365.com, smtp-mail.outlook.com, …; for Send-MailMessage named by -SmtpServer ' +
      'or $PSEmailServer) signs in with a username and password (SMTP AUTH basic authentication), which cannot ' +
      'satisfy MFA. Exchange Online deprecates it for client submission: it works until the end of December 2026, ' +
      'then is off by default for existing tenants. Send-MailMessage and SmtpClient are obsolete. Send through ' +
      'Microsoft Graph (sendMail) with a Secure Application Model token.',
    defaultSeverity: 'warning',
    language: 'powershell',
    tags: ['security', 'mfa', 'basic-auth', 'smtp', 'exchange-online'],
    triggers: ['send-mailmessage', 'smtpclient'],
    triggersInStrings: false,
    // Every Microsoft mail host contains one of these; the file must name one for the rule to find anything.
    requires: ['office365', 'outlook'],
  },
  check(context) {
    return [...sendMailMessageHits(context), ...smtpClientSignIns(context).map(smtpClientHit)].sort((a, b) => a.startOffset - b.startOffset);
  },
};

function sendMailMessageHits(context: PowerShellRuleContext): RuleHit[] {
  return mailSignIns(context).map((signIn): RuleHit => {
    const { fixes, withheld } = planFix(context, signIn);
    return {
      message: messageFor('Send-MailMessage', signIn.host, SEND_MAIL_MESSAGE_OBSOLETE) + fixNote(signIn, withheld),
      startOffset: signIn.call.node.startIndex,
      endOffset: signIn.call.node.endIndex,
      fixes,
      related: credentialRelated(context, signIn.credential),
    };
  });
}

function fixNote(signIn: MailSignIn, withheld: string | undefined): string {
  if (withheld) return ` No quick fix: ${withheld}.`;
  return signIn.otherServer ? ` The fix is not applied unattended: the call may also be given ${signIn.otherServer}, which it would send through Graph too.` : '';
}

function smtpClientHit(signIn: SmtpClientSignIn): RuleHit {
  return {
    message: `${messageFor('System.Net.Mail.SmtpClient', signIn.host, SMTP_CLIENT_OBSOLETE)} No quick fix: ${SMTP_CLIENT_NO_FIX}.`,
    startOffset: signIn.assignment.startIndex,
    endOffset: signIn.assignment.endIndex,
    fixes: [],
    related: [{ message: 'the SmtpClient is created here', startOffset: signIn.creation.startIndex, endOffset: signIn.creation.endIndex }],
  };
}

/**
 * The credentials this rule's unattended fixes leave unused: given in the call, or in a hashtable
 * that is only ever built and splatted into such calls (Send-GraphMail takes -Credential and ignores it).
 */
export function mailCredentialsReplacedByFixes(context: PowerShellRuleContext): Node[] {
  const fixed = mailSignIns(context).filter((signIn) => planFix(context, signIn).fixes[0]?.safeForFixAll);
  return fixed.flatMap(({ credential }) => {
    if (!credential.value) return [];
    return !credential.splat || onlySplattedInto(context, credential.splat.variable, fixed) ? [credential.value] : [];
  });
}

/** Whether every mention of the hashtable in `variable` writes it, or splats it into one of `calls`. */
function onlySplattedInto(context: PowerShellRuleContext, variable: string, calls: readonly MailSignIn[]): boolean {
  const name = variable.toLowerCase();
  const writes = new Set([...context.index.assignments(), ...context.index.addCalls()].filter((at) => at.owner === name).map((at) => at.start));
  return context.index.variables().every((mention) => {
    if (mention.name !== name || writes.has(mention.start)) return true;
    const splatted = context.text[mention.start] === '@';
    return splatted && calls.some(({ call }) => call.node.startIndex <= mention.start && mention.end <= call.node.endIndex);
  });
}

function mailSignIns(context: PowerShellRuleContext): MailSignIn[] {
  return context.commands().flatMap((call) => {
    if (call.spec.name !== 'Send-MailMessage') return [];
    const credential = call.parameters.find((p) => p.canonical === 'Credential' && p.value);
    if (!credential || /^\$null$/i.test(credential.value!.text.trim())) return [];
    const { servers, open } = smtpServers(context, call);
    const host = servers.find(acceptsPassword);
    if (!host) return [];
    const other = servers.find((server) => !acceptsPassword(server));
    const otherServer = other && !other.includes(UNKNOWN) ? other : other || open ? 'a server the file does not show' : undefined;
    return [{ call, host, credential, otherServer }];
  });
}

/**
 * The servers the call may send to, lower-case (parts the file does not show as UNKNOWN): its
 * -SmtpServer, else the `$PSEmailServer` preference. A variable may hold what any of its assignments
 * gives; a wrapper function's parameter what each of the function's calls gives (`open` when code
 * the file does not show may call it).
 */
function smtpServers(context: PowerShellRuleContext, call: CommandCall): { servers: string[]; open: boolean } {
  const values = context.values();
  const shapes = (nodes: Node[]) => nodes.map((node) => values.shapeOf(node).trim().toLowerCase());
  const given = call.parameters.find((p) => p.canonical === 'SmtpServer')?.value;
  if (!given) {
    const preference = values.assignmentBefore('psemailserver', call.start);
    return { servers: preference ? shapes([preference.value, ...values.assignmentsOf('psemailserver').map((a) => a.value)]) : [], open: false };
  }
  const variable = innermost(given);
  if (variable.type !== 'variable') return { servers: shapes([given]), open: false };
  const passed = context.functionCalls().argumentsFor(variable);
  if (passed) {
    const wrapper = context.index.scopes().functionAround(variable.startIndex)!;
    return { servers: shapes(passed.length ? passed.map((argument) => argument.value) : [given]), open: context.functionCalls().mayBeCalledElsewhere(wrapper) };
  }
  const name = variableName(variable);
  return { servers: shapes([given, ...(name ? values.assignmentsOf(name).map((a) => a.value) : [])]), open: false };
}

const SEND_MAIL_MESSAGE_OBSOLETE = 'Send-MailMessage itself is obsolete: send through Microsoft Graph (sendMail) with a Secure Application Model token.';
const SMTP_CLIENT_OBSOLETE =
  'SmtpClient cannot sign in with a token, and Microsoft advises against it for new code: send through Microsoft Graph ' +
  '(sendMail) with a Secure Application Model token.';
const SMTP_CLIENT_NO_FIX =
  "the message is built as a System.Net.Mail.MailMessage, which the fix cannot carry over: send it with Send-MailMessage's " +
  'parameters to Send-GraphMail (the fix of a Send-MailMessage call adds it), or post it to Graph sendMail yourself';

function messageFor(api: string, host: string, instead: string): string {
  return (
    `${api} signs in to ${host} with a username and password (SMTP AUTH basic authentication), which cannot satisfy ` +
    'MFA. Exchange Online deprecates it for client submission: it works until the end of December 2026, then is off by ' +
    `default for existing tenants. ${instead}`
  );
}

/**
 * `$smtp.Credentials = <not the session's>` where `$smtp` holds an SmtpClient created in the file,
 * whose host (the constructor's first argument, or a `$smtp.Host = …` above) is a Microsoft mail host.
 */
function smtpClientSignIns(context: PowerShellRuleContext): SmtpClientSignIn[] {
  const memberAssignments = context.index.assignments().filter((at) => at.owner && !at.scalar);
  return memberAssignments.flatMap((at): SmtpClientSignIn[] => {
    const assignment = context.index.node(at, 'assignment_expression');
    if (memberOf(assignment) !== 'credentials' || DEFAULT_CREDENTIALS.test(assignment.lastNamedChild?.text ?? '')) return [];
    const client = context.values().assignmentBefore(at.owner!, at.start);
    if (!client || !SMTP_CLIENT_CREATION.test(client.value.text)) return [];
    const hostAssignment = memberAssignments
      .filter((other) => other.owner === at.owner && other.start > client.offset && other.start < at.start)
      .map((other) => context.index.node(other, 'assignment_expression'))
      .filter((other) => memberOf(other) === 'host')
      .at(-1);
    const hostNode = hostAssignment?.lastNamedChild ?? constructorHost(client.value);
    const host = hostNode && context.values().shapeOf(hostNode).trim().toLowerCase();
    if (!host || host.includes(UNKNOWN) || !acceptsPassword(host)) return [];
    return [{ assignment, host, creation: client.node }];
  });
}

/** `credentials` for `$smtp.Credentials = …`: the member a `$x.Member = …` assignment sets, lower-case. */
function memberOf(assignment: Node): string | undefined {
  return /^\$[\w:]+\s*\.\s*(\w+)$/.exec(assignment.namedChild(0)?.text.trim() ?? '')?.[1].toLowerCase();
}

/** The first value written after the type name: `(host, port)`, `-ArgumentList host, port` or `::new(host, port)`. */
function constructorHost(creation: Node): Node | undefined {
  const typeEnd = creation.text.search(/SmtpClient/i) + 'SmtpClient'.length + creation.startIndex;
  const candidates = [...descendants(creation, 'string_literal'), ...descendants(creation, 'variable')];
  return candidates.filter((node) => node.startIndex >= typeEnd).sort((a, b) => a.startIndex - b.startIndex)[0];
}

/** A Microsoft mail host that takes a password; the direct-send (MX) endpoints `*.mail.protection.outlook.com` take no AUTH. */
function acceptsPassword(host: string): boolean {
  return isMailHost(host) && !host.endsWith('.mail.protection.outlook.com');
}

function credentialRelated(context: PowerShellRuleContext, credential: BoundParameter): NonNullable<RuleHit['related']> {
  const at = (node: Node, message: string) => ({ message, startOffset: node.startIndex, endOffset: node.endIndex });
  const origin = credentialOrigin(credential.value!, context);
  return [
    ...(credential.splatted ? [at(credential.nameNode, 'the credential is splatted from here')] : []),
    ...(origin.assignment ? [at(origin.assignment, origin.maker ? `the credential is made here (${origin.maker})` : 'the credential is set here')] : []),
  ];
}

function planFix(context: PowerShellRuleContext, signIn: MailSignIn): { fixes: Fix[]; withheld?: string } {
  const withheld = whyNoFix(context, signIn);
  if (withheld) return { fixes: [], withheld };
  const token = planTokenFunction(context);
  const sender = planHelperFunction(context, SEND_GRAPH_MAIL, inCasing(SEND_GRAPH_MAIL_TEMPLATE, context.casing()));
  if (!token || !sender) {
    return { fixes: [], withheld: 'the script is written in process/end blocks without a begin block to hold the functions the fix adds' };
  }
  const title = 'Send through Microsoft Graph with a Secure Application Model token (Send-GraphMail)';
  const fix = { title, safeForFixAll: !signIn.otherServer, edits: [...token, ...sender, ...callEdits(context, signIn.call)] };
  return { fixes: [fix] };
}

function whyNoFix(context: PowerShellRuleContext, { call, host }: MailSignIn): string | undefined {
  if (!host.endsWith('.com')) return `the fix sends through the public cloud's Microsoft Graph, and ${host} belongs to another Microsoft cloud`;
  if (host.endsWith('-mail.outlook.com')) {
    return `${host} serves Outlook.com personal accounts, which the Secure Application Model (a work or school tenant) does not cover`;
  }
  const sender = personalSender(context, call);
  if (sender) return `the sender ${sender} is an Outlook.com personal account, which the Secure Application Model (a work or school tenant) does not cover`;
  if (isPipedInto(call.node)) return 'the attachments come from the pipeline; pass them as -Attachments';
  const remote = otherRunspaceHost(call.node);
  if (remote) return `${remote} runs this block where the script's own functions do not exist`;
  if (inHeldScriptBlock(call.node)) {
    return "the script block it is in is kept in a variable or handed to a method, and may run in another runspace (a job, a remote session), where the script's own functions do not exist";
  }
  return undefined;
}

/** Inside a script block literal assigned to a variable or passed to a method (`$job = { … }`, `.AddScript({ … })`). */
function inHeldScriptBlock(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'script_block_expression') continue;
    for (let holder = current.parent; holder && holder.type !== 'statement_list'; holder = holder.parent) {
      if (holder.type === 'command') break;
      if (holder.type === 'assignment_expression' || holder.type === 'argument_list') return true;
    }
  }
  return false;
}

/** The -From address where the file shows it to be a personal Microsoft account's (`…@outlook.com`, `…@hotmail.com`). */
function personalSender(context: PowerShellRuleContext, call: CommandCall): string | undefined {
  const from = call.parameters.find((p) => p.canonical === 'From')?.value;
  const address = from && /([^\s<>@]+@(?:outlook|hotmail|live|msn)\.[a-z.]+)>?\s*$/i.exec(context.values().shapeOf(from))?.[1];
  return address && !address.includes(UNKNOWN) ? address : undefined;
}

/** `Get-ChildItem *.log | Send-MailMessage …`: something (a command or an expression) is piped into the call. */
function isPipedInto(command: Node): boolean {
  return command.parent?.type === 'pipeline_chain' && command.previousNamedSibling !== null;
}

/**
 * Send-MailMessage becomes Send-GraphMail, which takes the same parameters: the call keeps its
 * message, splats and layout; the SMTP connection's arguments written in it go.
 */
function callEdits(context: PowerShellRuleContext, call: CommandCall): TextEdit[] {
  const name = call.node.childForFieldName('command_name') ?? call.node.namedChildren.find((c) => c?.type === 'command_name_expr');
  if (!name) return [];
  const elements = call.node.childForFieldName('command_elements')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'command_argument_sep') ?? [];
  const dropped = call.parameters.filter((p) => SMTP_CONNECTION.includes(p.canonical) && !p.splatted && !p.positional);
  return [
    { startOffset: name.startIndex, endOffset: name.endIndex, newText: inCasing(SEND_GRAPH_MAIL, context.casing()) },
    ...dropped.map((p) => {
      const before = elements.filter((e) => e.endIndex <= p.nameNode.startIndex).at(-1) ?? name;
      return { startOffset: before.endIndex, endOffset: (p.value ?? p.nameNode).endIndex, newText: '' };
    }),
  ];
}
