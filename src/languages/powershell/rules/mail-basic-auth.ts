import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { acceptsMailPassword, MAIL_BASIC_AUTH_OFF, mailPasswordSignIn, PERSONAL_ACCOUNTS_MAIL, servesPersonalAccounts, SMTP_AUTH_DEPRECATED } from '../../shared/microsoft-endpoints';
import { inCasing } from '../code-style';
import { cmdletSpec } from '../cmdlets';
import { boundParameters, commandNameNode, HELD_SCRIPT_BLOCK, inHeldScriptBlock, detachedFromScript, otherRunspaceHost, valueEndOf, type BoundParameter, type CommandCall } from '../command';
import { callersCredential, callersNote } from '../caller-credentials';
import { accountsOf } from '../signed-in-accounts';
import { credentialOrigin, interactiveFixReason, literalSource, plainTextReadsRelated, typedAtPromptReason, typedInAtPrompt } from '../credential-sources';
import { promptedOnEveryRun } from '../every-run-prompts';
import { hashEntryRemoval } from '../hash-entry-edits';
import { constructions, constructorArguments } from '../constructions';
import { credentialTakenOutRelated, withCredentialTakenOut } from '../credential-removal';
import { planHelperFunction, planTokenFunction, whyNoTokenFunction, whyOwnTokenFunctionFails, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { assignedValue, innermost, isNullLiteral, isWithin, previousBesideComments, type Node } from '../syntax';
import { SEND_GRAPH_MAIL, SEND_GRAPH_MAIL_INTERACTIVE, SEND_GRAPH_MAIL_INTERACTIVE_TEMPLATE, SEND_GRAPH_MAIL_MARK, SEND_GRAPH_MAIL_TEMPLATE } from '../templates/graph-mail-function';
import { GET_SAM_ACCESS_TOKEN } from '../templates/sam-token-function';
import { helperScopeAt } from '../helper-scope';
import { UNKNOWN } from '../values';
import { mailKitSignIns, type MailKitSignIn } from './mailkit-sign-ins';
import { mailozaurrSignIns, type MailozaurrSignIn } from './mailozaurr-sign-ins';
import { smtpClientSignIns, type SmtpClientSignIn } from './smtp-client-sign-ins';
import { MESSAGE_SENDING_CMDLETS, otherServerOf, smtpServers, UNSHOWN_SERVER } from './smtp-servers';

/** One Send-MailMessage (or Send-MailKitMessage) that signs in to an Office 365 / Outlook.com SMTP host with a credential. */
interface MailSignIn {
  call: CommandCall;
  host: string;
  credential: BoundParameter;
  /** Another server the call may be given (`a server the file does not show`), which the fix would send through Graph too. */
  otherServer?: string;
}

/** Arguments of the SMTP connection, which the fix takes out where they are written in the call. */
const SMTP_CONNECTION = ['SmtpServer', 'Port', 'UseSsl', 'Credential', 'Encoding'];

export const mailBasicAuthRule: PowerShellRule = {
  meta: {
    id: 'ps-mail-basic-auth',
    title: 'Mail sign-in to Office 365 with a username and password (Send-MailMessage, SmtpClient, MailKit, Mailozaurr)',
    description:
      'Send-MailMessage -Credential, a System.Net.Mail.SmtpClient given credentials, a MailKit client (or the ' +
      "Send-MailKitMessage module's cmdlet) or Mailozaurr's Send-EmailMessage authenticating with a password, to an Exchange Online or " +
      'Outlook.com SMTP host (smtp.office365.com, smtp-mail.outlook.com, …; for Send-MailMessage named by -SmtpServer ' +
      'or $PSEmailServer) signs in with a username and password (SMTP AUTH basic authentication), which cannot ' +
      'satisfy MFA. Exchange Online deprecates it for client submission: it works until the end of December 2026, ' +
      'then is off by default for existing tenants. Send-MailMessage and SmtpClient are obsolete. Send through ' +
      'Microsoft Graph (sendMail) with a Secure Application Model token.',
    defaultSeverity: 'warning',
    highestSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'basic-auth', 'smtp', 'exchange-online'],
    triggers: ['send-mailmessage', 'smtpclient', 'send-emailmessage', 'mailkit'],
    triggersInStrings: false,
    fixesChangeWhoSignsIn: true,
    // Every Microsoft mail host contains one of these; the file must name one for the rule to find anything.
    requires: ['office365', 'outlook'],
  },
  check(context) {
    return [
      ...sendMailMessageHits(context),
      ...smtpClientSignIns(context).map((signIn) => smtpClientHit(context, signIn)),
      ...mailKitSignIns(context).map(mailKitHit),
      ...mailozaurrSignIns(context).map(mailozaurrHit),
    ].sort((a, b) => a.startOffset - b.startOffset);
  },
};

function sendMailMessageHits(context: PowerShellRuleContext): RuleHit[] {
  return mailSignIns(context).map((signIn): RuleHit => {
    const plan = planFix(context, signIn);
    const { fixes } = plan;
    return {
      message: messageFor(signIn.call.spec.name, signIn.host, INSTEAD[signIn.call.spec.name]) + fixNote(context, signIn, plan),
      startOffset: signIn.call.node.startIndex,
      endOffset: signIn.call.node.endIndex,
      fixes,
      related: withTakenOut(credentialRelated(context, signIn.credential), credentialTakenOutRelated(context.values(), fixes, signIn.credential.value)),
      signsInAs: accountsOf(context, signIn.credential.value!),
    };
  });
}

function fixNote(context: PowerShellRuleContext, signIn: MailSignIn, { fixes, withheld, promptTakenOut, interactiveNote }: FixPlan): string {
  if (withheld) return ` No quick fix: ${withheld}.`;
  const interactive = interactiveNote ? ` ${interactiveNote}` : '';
  if (signIn.otherServer) {
    const [fix, it] = fixes.length > 1 ? ['fixes are', 'they'] : ['fix is', 'it'];
    return `${interactive} The ${fix} not applied unattended: the call may also be given ${signIn.otherServer}, which ${it} would send through Graph too.`;
  }
  if (interactive) return interactive;
  const left = whyLeftToPerson(context, signIn, promptTakenOut);
  return left ? ` ${left}.` : '';
}

/** Why fix-all leaves the mail to a person: its password is typed in at a prompt, or the caller gives its credential. */
function whyLeftToPerson(context: PowerShellRuleContext, signIn: MailSignIn, promptTakenOut = false): string | undefined {
  if (typedInAtPrompt(signIn.credential.value!, context)) {
    return `Fix-all leaves this to you: ${typedAtPromptReason('Send-MgUserMail after an interactive Connect-MgGraph', 'the fix', 'reads a token from the environment', promptTakenOut)}`;
  }
  const caller = callersCredential(context, signIn.credential.value!);
  return caller && `Fix-all leaves this to you: ${callersNote(caller)}`;
}

function smtpClientHit(context: PowerShellRuleContext, signIn: SmtpClientSignIn): RuleHit {
  const password = writtenNetworkCredentialPassword(context, signIn.assignment);
  return {
    message: `${messageFor('System.Net.Mail.SmtpClient', signIn.host, SMTP_CLIENT_OBSOLETE)} No quick fix: ${SMTP_CLIENT_NO_FIX}.${otherServerNote(signIn)}`,
    startOffset: signIn.assignment.startIndex,
    endOffset: signIn.assignment.endIndex,
    fixes: [],
    related: [
      { message: 'the SmtpClient is created here', startOffset: signIn.creation.startIndex, endOffset: signIn.creation.endIndex },
      ...(password ? [{ message: WRITTEN_PASSWORD, startOffset: password.startIndex, endOffset: password.endIndex }] : []),
    ],
  };
}

// ps-plaintext-password reports the literal too, with a fix: this finding, which has none, leads to it (as ps-connect-user-credential's do).
const WRITTEN_PASSWORD = 'its password is written in the script here (ps-plaintext-password reports it): read it from a vault or the environment, and change the password';

/**
 * The password literal of the System.Net.NetworkCredential a `$smtp.Credentials = …` assignment gives the client, made
 * there or in the variable it reads (`New-Object Net.NetworkCredential('user', 'password')`), where the script writes it.
 */
function writtenNetworkCredentialPassword(context: PowerShellRuleContext, assignment: Node): Node | undefined {
  const value = innermost(assignedValue(assignment));
  const held = value.type === 'variable' ? context.values().assignmentSeenBy(value)?.value : value;
  const made = held && constructions(context, (type) => (type === 'net.networkcredential' ? type : undefined)).find((c) => isWithin(c.node, held));
  const password = made?.argumentList ? constructorArguments(made.argumentList)?.[1] : undefined;
  return password && literalSource(password, context.values())?.literal;
}

const MAILKIT_OAUTH = 'Authenticate with an OAuth2 access token (MailKit.Security.SaslMechanismOAuth2)';

// An IMAP or POP client reads the mailbox: Graph's answer to it is reading messages, not sending them.
const MAILKIT_READER_INSTEAD = {
  imap: `${MAILKIT_OAUTH}, for the scope https://outlook.office.com/IMAP.AccessAsUser.All (SASL XOAUTH2), or read the mailbox through Microsoft Graph (its messages, with Mail.Read).`,
  pop: `${MAILKIT_OAUTH}, for the scope https://outlook.office.com/POP.AccessAsUser.All (SASL XOAUTH2), or read the mailbox through Microsoft Graph (its messages, with Mail.Read).`,
} as const;

function mailKitHit(signIn: MailKitSignIn): RuleHit {
  const api = `MailKit ${signIn.protocol === 'smtp' ? 'SmtpClient' : signIn.protocol === 'imap' ? 'ImapClient' : 'Pop3Client'}`;
  const message =
    signIn.protocol === 'smtp'
      ? messageFor(`${api}.Authenticate`, signIn.host, `${MAILKIT_OAUTH}, or send through Microsoft Graph.`)
      : retiredProtocolMessage(`${api}.Authenticate`, signIn.host, signIn.protocol === 'imap' ? 'IMAP' : 'POP', MAILKIT_READER_INSTEAD[signIn.protocol]);
  return {
    message: `${message} No quick fix: the client is MailKit's, which a Graph rewrite cannot carry over.${otherServerNote(signIn)}`,
    severity: signIn.protocol === 'smtp' ? 'warning' : 'error',
    startOffset: signIn.authenticate.startIndex,
    endOffset: signIn.authenticate.endIndex,
    fixes: [],
    related: [{ message: 'the MailKit client is made here', startOffset: signIn.creation.startIndex, endOffset: signIn.creation.endIndex }],
  };
}

function mailozaurrHit(signIn: MailozaurrSignIn): RuleHit {
  const instead = "Send with Mailozaurr's -oAuth2 (the credential's password an OAuth2 access token) or -Graph.";
  return {
    message: `${messageFor('Send-EmailMessage (Mailozaurr)', signIn.host, instead)} No quick fix: Mailozaurr takes the token its own way.${otherServerNote(signIn)}`,
    startOffset: signIn.call.node.startIndex,
    endOffset: signIn.call.node.endIndex,
    fixes: [],
  };
}

/** A sign-in whose function the script also calls with another server (`Send-It 'smtp.gmail.com'`), which a move to a token must leave signing in as it does. */
function otherServerNote({ otherServer }: { otherServer?: string }): string {
  if (!otherServer) return '';
  const which = otherServer === UNSHOWN_SERVER ? otherServer : `${otherServer}, not a Microsoft host`;
  return ` The function around it is also called with ${which}: keep that server's sign-in when you move this one to a token.`;
}

/** IMAP and POP with a password: off in Exchange Online since 2022-10-01. */
function retiredProtocolMessage(api: string, host: string, protocol: 'IMAP' | 'POP', instead: string): string {
  const opening = mailPasswordSignIn(api, host, protocol);
  return servesPersonalAccounts(host) ? `${opening}. ${host} ${PERSONAL_ACCOUNTS_MAIL}.` : `${opening} and ${MAIL_BASIC_AUTH_OFF}. ${instead}`;
}

/**
 * The credentials this rule's unattended fixes leave unused: given to such a call, or in a hashtable
 * only ever built and splatted into such calls. Send-GraphMail, which the fix adds, takes -Credential
 * and ignores it: its calls count too (fix-all analyses the script again after each fix).
 */
export function mailCredentialsReplacedByFixes(context: PowerShellRuleContext): Node[] {
  const fixed = [
    ...mailSignIns(context).filter((signIn) => planFix(context, signIn).fixes[0]?.safeForFixAll).map(({ call }) => call),
    ...sendGraphMailCalls(context),
  ];
  return fixed.flatMap(({ parameters }) => {
    const credential = parameters.find((p) => p.canonical === 'Credential' && p.value);
    if (!credential) return [];
    return !credential.splat || onlySplattedInto(context, credential.splat.variable, fixed) ? [credential.value!] : [];
  });
}

/** The script's calls of the Send-GraphMail (or Send-GraphMailInteractive) the fixes add, bound as Send-MailMessage's (they take the same parameters). */
function sendGraphMailCalls(context: PowerShellRuleContext): Pick<CommandCall, 'node' | 'parameters'>[] {
  return [SEND_GRAPH_MAIL, SEND_GRAPH_MAIL_INTERACTIVE].flatMap((name) => addedFunctionCalls(context, name.toLowerCase()));
}

function addedFunctionCalls(context: PowerShellRuleContext, name: string): Pick<CommandCall, 'node' | 'parameters'>[] {
  // The fix's own function, which ignores -Credential: not another function of that name.
  const inserted = context.index.functions().some((f) => f.name?.toLowerCase() === name && context.text.slice(f.start, f.end).toLowerCase().includes(SEND_GRAPH_MAIL_MARK.toLowerCase()));
  if (!inserted) return [];
  const spec = cmdletSpec('Send-MailMessage')!;
  return (context.index.commandsByName().get(name) ?? []).map((at) => {
    const node = context.index.node(at, 'command');
    return { node, parameters: boundParameters(node, spec, context.hashtables) };
  });
}

/** Whether every mention of the hashtable in `variable` writes it, or splats it into one of `calls`. */
function onlySplattedInto(context: PowerShellRuleContext, variable: string, calls: readonly Pick<CommandCall, 'node'>[]): boolean {
  const name = variable.toLowerCase();
  const writes = new Set([...context.index.assignments(), ...context.index.addCalls()].filter((at) => at.owner === name).map((at) => at.start));
  return context.index.variables().every((mention) => {
    if (mention.name !== name || writes.has(mention.start)) return true;
    const splatted = context.text[mention.start] === '@';
    return splatted && calls.some(({ node }) => node.startIndex <= mention.start && mention.end <= node.endIndex);
  });
}

/** The script's mail sign-ins: read once per analysis, which asks twice (this rule, and ps-plaintext-password through `mailCredentialsReplacedByFixes`). */
function mailSignIns(context: PowerShellRuleContext): MailSignIn[] {
  let signIns = signInsOf.get(context);
  if (!signIns) signInsOf.set(context, (signIns = readMailSignIns(context)));
  return signIns;
}

const signInsOf = new WeakMap<PowerShellRuleContext, MailSignIn[]>();

function readMailSignIns(context: PowerShellRuleContext): MailSignIn[] {
  return context.commands().flatMap((call) => {
    if (!MESSAGE_SENDING_CMDLETS.includes(call.spec.name)) return [];
    const credential = call.parameters.find((p) => p.canonical === 'Credential' && p.value);
    if (!credential || isNullLiteral(credential.value!.text)) return [];
    const reading = smtpServers(context, call);
    const host = reading.servers.find(acceptsMailPassword);
    return host ? [{ call, host, credential, otherServer: otherServerOf(reading) }] : [];
  });
}

/** What to do instead of each of `MESSAGE_SENDING_CMDLETS`. */
const INSTEAD: Record<string, string> = {
  'Send-MailMessage': 'Send-MailMessage itself is obsolete: send through Microsoft Graph (sendMail) with a Secure Application Model token.',
  'Send-MailKitMessage':
    'Send-MailKitMessage cannot sign in with a token: send through Microsoft Graph instead (Send-MgUserMail after Connect-MgGraph, or sendMail with a Secure Application Model token).',
};
const SEND_MAILKIT_MESSAGE_NO_FIX =
  "Send-MailKitMessage's message parameters (MimeKit addresses, -RecipientList, -TextBody, -HTMLBody) are not Send-MailMessage's, which the fix's Send-GraphMail takes";
const SMTP_CLIENT_OBSOLETE =
  'SmtpClient cannot sign in with a token, and Microsoft advises against it for new code: send through Microsoft Graph ' +
  '(sendMail) with a Secure Application Model token.';
const SMTP_CLIENT_NO_FIX =
  "the message is built as a System.Net.Mail.MailMessage, which the fix cannot carry over: send it with Send-MailMessage's " +
  'parameters to Send-GraphMail (the fix of a Send-MailMessage call adds it), or post it to Graph sendMail yourself';

function messageFor(api: string, host: string, instead: string): string {
  const opening = mailPasswordSignIn(api, host, 'SMTP AUTH');
  if (servesPersonalAccounts(host)) return `${opening}. ${host} ${PERSONAL_ACCOUNTS_MAIL}: send with the account's own OAuth2 token, or from a Microsoft 365 mailbox.`;
  return `${opening}. ${SMTP_AUTH_DEPRECATED} ${instead}`;
}

function credentialRelated(context: PowerShellRuleContext, credential: BoundParameter): NonNullable<RuleHit['related']> {
  const at = (node: Node, message: string) => ({ message, startOffset: node.startIndex, endOffset: node.endIndex });
  const origin = credentialOrigin(credential.value!, context);
  return [
    ...(credential.splatted ? [at(credential.nameNode, 'the credential is splatted from here')] : []),
    ...(origin.assignment ? [at(origin.assignment, origin.maker ? `the credential is made here (${origin.maker})` : 'the credential is set here')] : []),
    ...plainTextReadsRelated(credential.value!, context),
  ];
}

/** A sign-in's fixes, and what its message says of them. */
interface FixPlan {
  fixes: Fix[];
  /** Why no fix is offered. */
  withheld?: string;
  /** The unattended fix takes out the statements that make the credential. */
  promptTakenOut?: boolean;
  /** Why the interactive fix comes first (and why the unattended one is missing, where it is). */
  interactiveNote?: string;
}

/** The interactive fix first where the password is typed in at a prompt on every run (fix-all's then), and the unattended one. */
function planFix(context: PowerShellRuleContext, signIn: MailSignIn): FixPlan {
  const withheld = whyNoFix(context, signIn);
  if (withheld) return { fixes: [], withheld };
  const unattended = unattendedFix(context, signIn);
  const interactive = interactiveFix(context, signIn);
  if (!interactive) return 'fix' in unattended ? { fixes: [unattended.fix], promptTakenOut: unattended.promptTakenOut } : { fixes: [], withheld: unattended.withheld };
  const others = 'fix' in unattended ? [{ ...unattended.fix, safeForFixAll: false }] : [];
  const reason = interactiveFixReason({ how: 'a Secure Application Model token (Send-GraphMail)', count: others.length }, interactive.promptTakenOut);
  const missing = 'withheld' in unattended ? ` The Secure Application Model fix is not offered here: ${unattended.withheld}.` : '';
  return { fixes: [interactive.fix, ...others], interactiveNote: `${reason}.${missing}` };
}

function unattendedFix(context: PowerShellRuleContext, signIn: MailSignIn): { fix: Fix; promptTakenOut: boolean } | { withheld: string } {
  const noTokenFunction = whyNoTokenFunction(context) ?? whyOwnTokenFunctionFails(context, GET_SAM_ACCESS_TOKEN, SEND_GRAPH_MAIL_TEMPLATE);
  if (noTokenFunction) return { withheld: noTokenFunction };
  const scope = helperScopeAt(context.index, signIn.call.start);
  const token = planTokenFunction(context, GET_SAM_ACCESS_TOKEN, scope);
  const sender = planHelperFunction(context, SEND_GRAPH_MAIL, inCasing(SEND_GRAPH_MAIL_TEMPLATE, context.casing()), scope);
  if (!token || !sender) return { withheld: NO_PLACE_FOR_FUNCTIONS };
  const title = 'Send through Microsoft Graph with a Secure Application Model token (Send-GraphMail)';
  const written = { title, safeForFixAll: !signIn.otherServer && !whyLeftToPerson(context, signIn), edits: [...token, ...sender, ...callEdits(context, signIn.call, SEND_GRAPH_MAIL)] };
  const fix = withCredentialTakenOut(context.text, context.values(), written, signIn.credential.value);
  return { fix, promptTakenOut: fix !== written };
}

const NO_PLACE_FOR_FUNCTIONS = 'the script is written in process/end blocks without a begin block to hold the functions the fix adds';

/**
 * Send-GraphMailInteractive, where the credential is typed in at a prompt on every run: someone runs the script, and
 * Connect-MgGraph asks that person for MFA itself. The prompt goes with the call's credential where nothing else reads it.
 */
function interactiveFix(context: PowerShellRuleContext, signIn: MailSignIn): { fix: Fix; promptTakenOut: boolean } | undefined {
  if (!promptedOnEveryRun(signIn.credential.value!, context) || GRAPH_POWERSHELL_COMMANDS.some((name) => context.functionNames().has(name))) return undefined;
  const template = inCasing(SEND_GRAPH_MAIL_INTERACTIVE_TEMPLATE, context.casing());
  const sender = planHelperFunction(context, SEND_GRAPH_MAIL_INTERACTIVE, template, helperScopeAt(context.index, signIn.call.start));
  if (!sender) return undefined;
  const written: Fix = {
    title: 'Send through Microsoft Graph signed in interactively (Connect-MgGraph -Scopes Mail.Send, then Send-MgUserMail)',
    safeForFixAll: !signIn.otherServer,
    interactive: true,
    edits: [...sender, ...callEdits(context, signIn.call, SEND_GRAPH_MAIL_INTERACTIVE), ...splattedCredentialRemoval(context, signIn)],
  };
  const fix = withCredentialTakenOut(context.text, context.values(), written, signIn.credential.value);
  return { fix, promptTakenOut: fix !== written };
}

/** The Microsoft Graph PowerShell commands Send-GraphMailInteractive calls: a function of the script's by such a name would run instead (lower case). */
const GRAPH_POWERSHELL_COMMANDS = ['connect-mggraph', 'get-mgcontext', 'send-mgusermail'];

/**
 * The `Credential = $cred` entry of the hashtable splatted into the call, where only this call (and those fixed already)
 * read the table: the interactive fix's function does not use it, and it would keep the prompt that made the credential.
 */
function splattedCredentialRemoval(context: PowerShellRuleContext, { call, credential }: MailSignIn): TextEdit[] {
  const entry = credential.nameNode.parent;
  // The calls fixed already ignore it too.
  const readers = [call, ...sendGraphMailCalls(context)];
  if (!credential.splat || entry?.type !== 'hash_entry' || !onlySplattedInto(context, credential.splat.variable, readers)) return [];
  return [hashEntryRemoval(context.text, { keyNode: credential.nameNode, value: credential.value!, entry })];
}

function whyNoFix(context: PowerShellRuleContext, { call, host }: MailSignIn): string | undefined {
  if (call.spec.name === 'Send-MailKitMessage') return SEND_MAILKIT_MESSAGE_NO_FIX;
  if (!host.endsWith('.com')) return `the fix sends through the public cloud's Microsoft Graph, and ${host} belongs to another Microsoft cloud`;
  if (servesPersonalAccounts(host)) {
    return `${host} serves Outlook.com personal accounts, which the Secure Application Model (a work or school tenant) does not cover`;
  }
  const sender = personalSender(context, call);
  if (sender) return `the sender ${sender} is an Outlook.com personal account, which the Secure Application Model (a work or school tenant) does not cover`;
  if (isPipedInto(call.node)) return 'the attachments come from the pipeline; pass them as -Attachments';
  const detached = detachedFromScript(call.node);
  if (detached) return detached;
  const remote = otherRunspaceHost(call.node);
  if (remote) return `${remote} runs this block where the script's own functions do not exist`;
  if (inHeldScriptBlock(call.node, context.functionNames())) return `${HELD_SCRIPT_BLOCK}, where the script's own functions do not exist`;
  return undefined;
}

/** The -From address where the file shows it to be a personal Microsoft account's (`…@outlook.com`, `…@hotmail.com`). */
function personalSender(context: PowerShellRuleContext, call: CommandCall): string | undefined {
  const from = call.parameters.find((p) => p.canonical === 'From')?.value;
  const address = from && /([^\s<>@]+@(?:outlook|hotmail|live|msn)\.[a-z.]+)>?\s*$/i.exec(context.values().shapeOf(from))?.[1];
  return address && !address.includes(UNKNOWN) ? address : undefined;
}

/** `Get-ChildItem *.log | Send-MailMessage …`: something (a command or an expression) is piped into the call. */
function isPipedInto(command: Node): boolean {
  return command.parent?.type === 'pipeline_chain' && previousBesideComments(command) !== null;
}

/**
 * Send-MailMessage becomes the fix's function (`sender`), which takes the same parameters: the call keeps its
 * message, splats and layout; the SMTP connection's arguments written in it go.
 */
function callEdits(context: PowerShellRuleContext, call: CommandCall, sender: string): TextEdit[] {
  const name = commandNameNode(call.node);
  if (!name) return [];
  const elements = call.node.childForFieldName('command_elements')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'command_argument_sep') ?? [];
  const dropped = call.parameters.filter((p) => SMTP_CONNECTION.includes(p.canonical) && !p.splatted && !p.positional);
  return [
    { startOffset: name.startIndex, endOffset: name.endIndex, newText: inCasing(sender, context.casing()) },
    ...dropped.map((p) => {
      const before = elements.filter((e) => e.endIndex <= p.nameNode.startIndex).at(-1) ?? name;
      return { startOffset: before.endIndex, endOffset: valueEndOf(p), newText: '' };
    }),
  ];
}

/** The related locations, with those of the statements the fix takes out that they do not show already. */
function withTakenOut(shown: NonNullable<RuleHit['related']>, takenOut: NonNullable<RuleHit['related']>): NonNullable<RuleHit['related']> {
  return [...shown, ...takenOut.filter((r) => !shown.some((s) => s.startOffset === r.startOffset))];
}
