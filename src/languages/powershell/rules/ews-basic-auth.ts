import type { RuleHit } from '../../../engine/rule';
import { isExchangeOnlineWebHost } from '../../shared/microsoft-endpoints';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { argumentCount, constructions, constructorArguments, usesNamespace, type Construction } from '../constructions';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, invokedMemberName, literalText, variableName, type Node } from '../syntax';
import { UNKNOWN } from '../values';
import { memberOf } from './smtp-client-sign-ins';

const EWS_NAMESPACE = 'microsoft.exchange.webservices.data';

/** An EWS sign-in with a password: where the credential is made, and where a service is given it. */
interface EwsSignIn {
  /** `New-Object …WebCredentials(user, password)`, `[Net.NetworkCredential]::new(…)`, `$cred.GetNetworkCredential()`. */
  credential: Node;
  /** What the credential is, for the message. */
  kind: string;
  /** The constructor's arguments, where they are written: (user, password[, domain]). */
  arguments?: Node[];
  /** `$service.Credentials = …`, where the file shows it. */
  assignment?: Node;
  /** The variable of the ExchangeService the credential is given to, where the file shows it. */
  service?: string;
}

/** Where EWS connects, as far as the file shows: an Exchange Online host, or unknown; undefined for an on-premises server. */
type Target = { online: string } | { unknown: string } | undefined;

const OFF = 'basic authentication in Exchange Online is off since 2022-10-01';
const NO_MFA = 'A password cannot perform MFA either.';
const INSTEAD =
  'Move this mailbox access to Microsoft Graph with a Secure Application Model token (or app-only with a certificate). ' +
  'No quick fix: what the script does through EWS has to be rewritten for Graph.';

export const ewsBasicAuthRule: PowerShellRule = {
  meta: {
    id: 'ps-ews-basic-auth',
    title: 'EWS sign-in to Exchange Online with a username and password (WebCredentials, NetworkCredential)',
    description:
      'A script that uses the EWS Managed API (Microsoft.Exchange.WebServices) and gives its ExchangeService a ' +
      'WebCredentials or NetworkCredential made of a username and password signs in with basic authentication. ' +
      'Basic authentication in Exchange Online is off since 2022-10-01, and a password cannot perform MFA. Reported ' +
      'as an error where the file shows an Exchange Online host, as a warning where it does not show the server ' +
      '(Autodiscover, a URL read at run time); not reported for a server the file shows to be on-premises. ' +
      'Move the mailbox access to Microsoft Graph with a Secure Application Model token, or app-only.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'ews'],
    triggers: ['webcredentials', 'networkcredential'],
    // The EWS Managed API's namespace or assembly: a script that uses it names one of them.
    requires: ['webservices'],
  },
  check(context) {
    return ewsSignIns(context).flatMap((signIn): RuleHit[] => {
      const target = targetOf(context, signIn.service);
      if (!target) return [];
      const at = signIn.assignment ?? signIn.credential;
      const made = signIn.assignment && !within(signIn.credential, signIn.assignment);
      return [
        {
          message: messageFor(signIn, target) + (passwordWritten(context, signIn) ? ' The password is written in the script.' : ''),
          severity: 'online' in target ? undefined : 'warning',
          startOffset: at.startIndex,
          endOffset: at.endIndex,
          related: made ? [{ message: 'the credential is made here', startOffset: signIn.credential.startIndex, endOffset: signIn.credential.endIndex }] : [],
        },
      ];
    });
  },
};

function messageFor(signIn: EwsSignIn, target: NonNullable<Target>): string {
  if ('online' in target) {
    return `EWS signs in to ${target.online} (Exchange Online) with a username and password (${signIn.kind}), which fails: ${OFF}. ${NO_MFA} ${INSTEAD}`;
  }
  return (
    `EWS signs in with a username and password (${signIn.kind}) to ${target.unknown}. If that is Exchange Online, the sign-in ` +
    `fails: ${OFF} (on-premises Exchange Server is not affected). ${NO_MFA} ${INSTEAD}`
  );
}

/**
 * Password credentials given to an ExchangeService (`$service.Credentials = …`), and WebCredentials made
 * with a password that the file gives to no service it shows (WebCredentials is EWS's own type).
 */
function ewsSignIns(context: PowerShellRuleContext): EwsSignIn[] {
  const credentials = passwordCredentials(context);
  const given = new Set<number>();
  const signIns = credentialAssignments(context).flatMap((assignment): EwsSignIn[] => {
    const made = credentialOf(context, assignment.lastNamedChild!, credentials);
    if (!made) return [];
    const service = ownerOf(assignment);
    // A NetworkCredential is given to SmtpClients and web requests too: only an ExchangeService's counts.
    if (made.kind !== 'WebCredentials' && !(service && holdsExchangeService(context, service, assignment.startIndex))) return [];
    given.add(made.node.id);
    return [{ credential: made.node, kind: made.kind, arguments: made.arguments, assignment, service }];
  });
  const unassigned = credentials.filter((c) => c.kind === 'WebCredentials' && !given.has(c.node.id));
  const place = (signIn: EwsSignIn) => (signIn.assignment ?? signIn.credential).startIndex;
  return [...signIns, ...unassigned.map((c): EwsSignIn => ({ credential: c.node, kind: c.kind, arguments: c.arguments }))].sort((a, b) => place(a) - place(b));
}

interface MadeCredential {
  node: Node;
  kind: string;
  arguments?: Node[];
}

/**
 * WebCredentials with a password (not `WebCredentials()` or the session's `DefaultNetworkCredentials`),
 * NetworkCredential with one, and PSCredential's `GetNetworkCredential()`.
 */
function passwordCredentials(context: PowerShellRuleContext): MadeCredential[] {
  const bare = usesNamespace(context.text, EWS_NAMESPACE);
  const typeOf = (written: string): string | undefined => {
    if (written === `${EWS_NAMESPACE}.webcredentials` || (bare && written === 'webcredentials')) return 'WebCredentials';
    return written === 'net.networkcredential' ? 'a NetworkCredential' : undefined;
  };
  const made = constructions(context, typeOf)
    .filter((c) => carriesPassword(c))
    .map(({ node, type, argumentList }) => ({ node, kind: type, arguments: argumentList && constructorArguments(argumentList) }));
  const fromPsCredential = descendants(context.root, 'invokation_expression')
    .filter((invocation) => invokedMemberName(invocation) === 'getnetworkcredential')
    .map((node) => ({ node, kind: "a PSCredential's GetNetworkCredential()" }));
  return [...made, ...fromPsCredential];
}

/** One argument is an ICredentials: the session's own (`[Net.CredentialCache]::DefaultNetworkCredentials`) sends no password of the script's. */
function carriesPassword({ type, argumentList }: Construction): boolean {
  const count = argumentList ? argumentCount(argumentList) : 0;
  if (count === 0) return false;
  if (count === 1 && /credentialcache\]\s*::\s*default(?:network)?credentials/i.test(argumentList!.text)) return false;
  return type === 'WebCredentials' || count !== 1;
}

/** `$x.Credentials = …` assignments, whatever `$x` holds. */
function credentialAssignments(context: PowerShellRuleContext): Node[] {
  return context.index
    .assignments()
    .filter((at) => at.owner && !at.scalar)
    .map((at) => context.index.node(at, 'assignment_expression'))
    .filter((assignment) => memberOf(assignment) === 'credentials');
}

function ownerOf(assignment: Node): string | undefined {
  const left = assignment.namedChild(0);
  const object = left && descendants(left, 'variable')[0];
  return (object && variableName(object)) || undefined;
}

/** The credential a value is, directly, in parentheses, or through the variable it was assigned to. */
function credentialOf(context: PowerShellRuleContext, value: Node, credentials: MadeCredential[], depth = 0): MadeCredential | undefined {
  const inner = unwrapped(value);
  const made = credentials.find((c) => c.node.startIndex === inner.startIndex && c.node.endIndex <= inner.endIndex);
  if (made || inner.type !== 'variable' || depth > 3) return made;
  const assignment = context.values().assignmentSeenBy(inner);
  return assignment && credentialOf(context, assignment.value, credentials, depth + 1);
}

/** Descends through wrappers and parentheses: `(New-Object …)`. */
function unwrapped(node: Node): Node {
  let inner = innermost(node);
  while (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) inner = innermost(inner.namedChild(0)!);
  return inner;
}

/** Whether `$service`, where it is given credentials, holds an ExchangeService the file makes. */
function holdsExchangeService(context: PowerShellRuleContext, service: string, offset: number): boolean {
  const assignment = context.values().assignmentBefore(service, offset);
  return !!assignment && EXCHANGE_SERVICE_CREATION.test(unwrapped(assignment.value).text);
}

/** `New-Object [-TypeName] [Microsoft.Exchange.WebServices.Data.]ExchangeService …` or `[…ExchangeService]::new(…)`. */
const EXCHANGE_SERVICE_CREATION =
  /^\s*(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:Microsoft\.Exchange\.WebServices\.Data\.)?ExchangeService\b|\[(?:Microsoft\.Exchange\.WebServices\.Data\.)?ExchangeService\]\s*::\s*new\b)/i;

/**
 * Where the service connects: the hosts of its `.Url = …` assignments, and its `.AutodiscoverUrl(…)`
 * calls (those of any service when the file does not show which one gets the credential). Exchange
 * Online where one host is; on-premises where every host is written, none is, and Autodiscover is not
 * asked; else unknown.
 */
function targetOf(context: PowerShellRuleContext, service: string | undefined): Target {
  const ofService = (owner: string | undefined) => service === undefined || owner === service;
  const urls = context.index
    .assignments()
    .filter((at) => at.owner && !at.scalar && ofService(at.owner))
    .map((at) => context.index.node(at, 'assignment_expression'))
    .filter((assignment) => memberOf(assignment) === 'url')
    .map((assignment) => hostOf(context, assignment.lastNamedChild!));
  const online = urls.find((host) => host !== undefined && isExchangeOnlineWebHost(host));
  if (online) return { online };
  if (urls.includes(undefined)) return { unknown: 'a server the file does not show' };
  const autodiscover = descendants(context.root, 'invokation_expression').some(
    (invocation) => invokedMemberName(invocation) === 'autodiscoverurl' && ofService(variableName(invocation.namedChild(0) ?? invocation)),
  );
  if (autodiscover) return { unknown: 'the server Autodiscover finds' };
  return urls.length === 0 ? { unknown: 'a server the file does not show' } : undefined;
}

/** The host of a URL value: a string, `[uri]'…'`, `New-Object Uri('…')` or `[Uri]::new('…')`; undefined when the file does not show it. */
function hostOf(context: PowerShellRuleContext, value: Node): string | undefined {
  const inner = unwrapped(value);
  const uri = URI_CONSTRUCTION.test(inner.text) ? firstStringIn(inner) : inner;
  const shape = uri ? context.values().shapeOf(uri) : UNKNOWN;
  const host = /^\s*https?:\/\/([^/:?#\s]+)/i.exec(shape)?.[1];
  return host && !host.includes(UNKNOWN) ? host.toLowerCase() : undefined;
}

const URI_CONSTRUCTION = /^(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:System\.)?Uri\b|\[(?:System\.)?Uri\])/i;

/** The first string or variable after the type name. */
function firstStringIn(node: Node): Node | undefined {
  const typeEnd = node.startIndex + /uri\]?['"]?/i.exec(node.text)!.index + 3;
  const candidates = [...descendants(node, 'string_literal'), ...descendants(node, 'variable')];
  return candidates.filter((c) => c.startIndex >= typeEnd).sort((a, b) => a.startIndex - b.startIndex)[0];
}

/** Whether the password argument of a WebCredentials or NetworkCredential is a string literal that is no placeholder. */
function passwordWritten(context: PowerShellRuleContext, signIn: EwsSignIn): boolean {
  const password = signIn.arguments?.[1];
  const text = password && literalText(password);
  return !!text && !isPlaceholderSecret(text) && context.values().shapeOf(password) === text;
}

function within(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
