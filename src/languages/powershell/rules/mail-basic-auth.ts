import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { isMailHost } from '../../shared/microsoft-endpoints';
import { inCasing } from '../code-style';
import { otherRunspaceHost, type BoundParameter, type CommandCall } from '../command';
import { credentialOrigin } from '../credential-sources';
import { planHelperFunction, planTokenFunction, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import type { Node } from '../syntax';
import { SEND_GRAPH_MAIL, SEND_GRAPH_MAIL_TEMPLATE } from '../templates/graph-mail-function';
import { UNKNOWN } from '../values';

/** One Send-MailMessage that signs in to an Office 365 / Outlook.com SMTP host with a credential. */
interface MailSignIn {
  call: CommandCall;
  host: string;
  credential: BoundParameter;
}

/** Arguments of the SMTP connection, which the fix takes out where they are written in the call. */
const SMTP_CONNECTION = ['SmtpServer', 'Port', 'UseSsl', 'Credential', 'Encoding'];

export const mailBasicAuthRule: PowerShellRule = {
  meta: {
    id: 'ps-mail-basic-auth',
    title: 'Send-MailMessage signs in to Office 365 SMTP with a username and password (basic authentication)',
    description:
      'Send-MailMessage -Credential to an Exchange Online or Outlook.com SMTP host (smtp.office365.com, ' +
      'smtp-mail.outlook.com, …, named by -SmtpServer or $PSEmailServer) signs in with a username and password ' +
      '(SMTP AUTH basic authentication), which cannot satisfy MFA. Exchange Online deprecates it for client ' +
      'submission: it works until the end of December 2026, then is off by default for existing tenants. ' +
      'Send-MailMessage itself is obsolete. Send through Microsoft Graph (sendMail) with a Secure Application Model token.',
    defaultSeverity: 'warning',
    language: 'powershell',
    tags: ['security', 'mfa', 'basic-auth', 'smtp', 'exchange-online'],
    triggers: ['send-mailmessage'],
    triggersInStrings: false,
    // Every Microsoft mail host contains one of these; the file must name one for the rule to find anything.
    requires: ['office365', 'outlook'],
  },
  check(context) {
    return mailSignIns(context).map((signIn): RuleHit => {
      const { fixes, withheld } = planFix(context, signIn);
      return {
        message: messageFor(signIn) + (withheld ? ` No quick fix: ${withheld}.` : ''),
        startOffset: signIn.call.node.startIndex,
        endOffset: signIn.call.node.endIndex,
        fixes,
        related: credentialRelated(context, signIn.credential),
      };
    });
  },
};

/** The credentials this rule's fixes take out of the script (those written in the call; a splatted one stays in its hashtable). */
export function mailCredentialsReplacedByFixes(context: PowerShellRuleContext): Node[] {
  return mailSignIns(context).flatMap((signIn) =>
    !signIn.credential.splatted && !whyNoFix(signIn) && signIn.credential.value ? [signIn.credential.value] : [],
  );
}

function mailSignIns(context: PowerShellRuleContext): MailSignIn[] {
  return context.commands().flatMap((call) => {
    if (call.spec.name !== 'Send-MailMessage') return [];
    const credential = call.parameters.find((p) => p.canonical === 'Credential' && p.value);
    if (!credential || /^\$null$/i.test(credential.value!.text.trim())) return [];
    const host = smtpServer(context, call);
    // The direct-send (MX) endpoints `*.mail.protection.outlook.com` take no AUTH: no password is sent there.
    return host && isMailHost(host) && !host.endsWith('.mail.protection.outlook.com') ? [{ call, host, credential }] : [];
  });
}

/** -SmtpServer, else the `$PSEmailServer` preference the script sets; undefined where the file does not show it. */
function smtpServer(context: PowerShellRuleContext, call: CommandCall): string | undefined {
  const values = context.values();
  const given = call.parameters.find((p) => p.canonical === 'SmtpServer')?.value ?? values.assignmentBefore('psemailserver', call.start)?.value;
  const host = given && values.shapeOf(given).trim().toLowerCase();
  return host && !host.includes(UNKNOWN) ? host : undefined;
}

function messageFor({ host }: MailSignIn): string {
  return (
    `Send-MailMessage signs in to ${host} with a username and password (SMTP AUTH basic authentication), which ` +
    'cannot satisfy MFA. Exchange Online deprecates it for client submission: it works until the end of December ' +
    '2026, then is off by default for existing tenants. Send-MailMessage itself is obsolete: send through Microsoft ' +
    'Graph (sendMail) with a Secure Application Model token.'
  );
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
  const withheld = whyNoFix(signIn);
  if (withheld) return { fixes: [], withheld };
  const token = planTokenFunction(context);
  const sender = planHelperFunction(context, SEND_GRAPH_MAIL, inCasing(SEND_GRAPH_MAIL_TEMPLATE, context.casing()));
  if (!token || !sender) {
    return { fixes: [], withheld: 'the script is written in process/end blocks without a begin block to hold the functions the fix adds' };
  }
  const title = 'Send through Microsoft Graph with a Secure Application Model token (Send-GraphMail)';
  return { fixes: [{ title, safeForFixAll: true, edits: [...token, ...sender, ...callEdits(context, signIn.call)] }] };
}

function whyNoFix({ call, host }: MailSignIn): string | undefined {
  if (!host.endsWith('.com')) return `the fix sends through the public cloud's Microsoft Graph, and ${host} belongs to another Microsoft cloud`;
  if (host.endsWith('-mail.outlook.com')) {
    return `${host} serves Outlook.com personal accounts, which the Secure Application Model (a work or school tenant) does not cover`;
  }
  if (isPipedInto(call.node)) return 'the attachments come from the pipeline; pass them as -Attachments';
  const remote = otherRunspaceHost(call.node);
  if (remote) return `${remote} runs this block where the script's own functions do not exist`;
  return undefined;
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
