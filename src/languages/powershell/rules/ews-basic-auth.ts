import type { RuleHit } from '../../../engine/rule';
import { ewsMessage, ewsTarget, hostOfUrl, type EwsTarget } from '../../shared/ews-sign-in';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { argumentCount, constructions, constructorArguments, usesNamespace, type Construction } from '../constructions';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { assignedMember, assignedValue, descendants, innermost, invokedMemberName, isNullLiteral, literalText, objectKey, type Node } from '../syntax';

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
  /** The ExchangeService the credential is given to (`$service`, `$this.service`), where the file shows it. */
  service?: string;
}

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
      const target = targetOf(context, signIn);
      if (!target) return [];
      const at = signIn.assignment ?? signIn.credential;
      const made = signIn.assignment && !within(signIn.credential, signIn.assignment);
      return [
        {
          message: ewsMessage(signIn.kind, target) + (passwordWritten(context, signIn) ? ' The password is written in the script.' : ''),
          severity: 'online' in target ? undefined : 'warning',
          startOffset: at.startIndex,
          endOffset: at.endIndex,
          related: made ? [{ message: 'the credential is made here', startOffset: signIn.credential.startIndex, endOffset: signIn.credential.endIndex }] : [],
        },
      ];
    });
  },
};

/**
 * Password credentials given to an ExchangeService (`$service.Credentials = …`), and WebCredentials made
 * with a password that the file gives to no service it shows (WebCredentials is EWS's own type).
 */
function ewsSignIns(context: PowerShellRuleContext): EwsSignIn[] {
  const credentials = passwordCredentials(context);
  const given = new Set<number>();
  const signIns = credentialAssignments(context).flatMap((assignment): EwsSignIn[] => {
    const made = credentialOf(context, assignedValue(assignment), credentials);
    if (!made) return [];
    const service = assignedMember(assignment)!.object;
    // A NetworkCredential is given to SmtpClients and web requests too: only an ExchangeService's counts.
    if (made.kind !== 'WebCredentials' && !holdsExchangeService(context, service, assignment.startIndex)) return [];
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
  return [...made, ...fromPsCredential, ...networkCredentialCasts(context)];
}

/** `[Net.NetworkCredential]$credential`: PowerShell converts a PSCredential, password and all. */
function networkCredentialCasts(context: PowerShellRuleContext): MadeCredential[] {
  return descendants(context.root, 'cast_expression')
    .filter((cast) => {
      const [type, operand] = cast.namedChildren;
      const written = type?.text.replace(/[\s[\]]/g, '').replace(/^system\./i, '').toLowerCase();
      const converted = operand ? unwrapped(operand).text : undefined;
      return written === 'net.networkcredential' && converted !== undefined && !isNullLiteral(converted) && !/^['"]/.test(converted);
    })
    .map((node) => ({ node, kind: 'a PSCredential cast to NetworkCredential' }));
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
  return memberAssignments(context).filter((assignment) => assignedMember(assignment)!.member === 'credentials');
}

/** `$x.Member = …` and `$this.Service.Member = …` assignments, read once per analysis (each sign-in asks). */
function memberAssignments(context: PowerShellRuleContext): Node[] {
  let found = memberAssignmentsOf.get(context);
  if (!found) {
    found = descendants(context.root, 'assignment_expression').filter((assignment) => assignedMember(assignment) !== undefined);
    memberAssignmentsOf.set(context, found);
  }
  return found;
}

const memberAssignmentsOf = new WeakMap<PowerShellRuleContext, Node[]>();

/** The credential a value is, directly, in parentheses, or through the variable it was assigned to. */
function credentialOf(context: PowerShellRuleContext, value: Node, credentials: MadeCredential[], depth = 0): MadeCredential | undefined {
  const inner = unwrapped(value);
  const made = credentials.find((c) => c.node.startIndex === inner.startIndex && c.node.endIndex <= inner.endIndex);
  if (made || inner.type !== 'variable' || depth > MAX_DEPTH) return made;
  const assignment = context.values().assignmentSeenBy(inner);
  return assignment && credentialOf(context, assignment.value, credentials, depth + 1);
}

/** Descends through wrappers and parentheses: `(New-Object …)`. */
function unwrapped(node: Node): Node {
  let inner = innermost(node);
  while (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) inner = innermost(inner.namedChild(0)!);
  return inner;
}

/**
 * Whether `$service` holds an ExchangeService the file makes, where it is given credentials; a
 * property (`$this.Service`) where the file makes one for it anywhere.
 */
function holdsExchangeService(context: PowerShellRuleContext, service: string, offset: number): boolean {
  const makesService = (value: Node) => EXCHANGE_SERVICE_CREATION.test(unwrapped(value).text);
  if (/^\$[\w:]+$/.test(service)) {
    const assignment = context.values().assignmentBefore(service.slice(1), offset);
    return !!assignment && makesService(assignment.value);
  }
  return memberAssignments(context).some((assignment) => {
    const set = assignedMember(assignment)!;
    return `${set.object}.${set.member}` === service && makesService(assignedValue(assignment));
  });
}

/** `New-Object [-TypeName] [Microsoft.Exchange.WebServices.Data.]ExchangeService …` or `[…ExchangeService]::new(…)`. */
const EXCHANGE_SERVICE_CREATION =
  /^\s*(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:Microsoft\.Exchange\.WebServices\.Data\.)?ExchangeService\b|\[(?:Microsoft\.Exchange\.WebServices\.Data\.)?ExchangeService\]\s*::\s*new\b)/i;

/**
 * Where the service connects: the hosts of its `.Url = …` assignments and whether it asks
 * `.AutodiscoverUrl(…)`. A function's own `$service` is read in that function only, a class's
 * `$this.Service` in that class; a script's variable anywhere. A credential given to no service the
 * file shows is judged by every service of the file, but is no error: the file does not show where it goes.
 */
function targetOf(context: PowerShellRuleContext, signIn: EwsSignIn): EwsTarget | undefined {
  const { urls, discovers } = serviceUses(context);
  if (!signIn.service || !signIn.assignment) {
    const target = ewsTarget(urls.map((url) => url.host()), () => discovers.length > 0);
    return target && 'online' in target ? { unknown: 'a server the file does not show' } : target;
  }
  const service = signIn.service;
  const scope = serviceScope(context, service, signIn.assignment);
  const at = signIn.assignment.startIndex;
  const ofService = (use: ServiceUse) =>
    use.service === service && serviceScope(context, service, use.node) === scope && !serviceMadeBetween(context, service, at, use.node.startIndex);
  return ewsTarget(urls.filter(ofService).map((url) => url.host()), () => discovers.some(ofService));
}

/** Whether `$service` is given a new ExchangeService between two places: a use past it is another object's. */
function serviceMadeBetween(context: PowerShellRuleContext, service: string, from: number, to: number): boolean {
  if (!/^\$[\w:]+$/.test(service)) return false;
  const [start, end] = from < to ? [from, to] : [to, from];
  return context.values().assignmentsOf(service.slice(1)).some((made) => made.offset > start && made.offset < end && EXCHANGE_SERVICE_CREATION.test(unwrapped(made.value).text));
}

/**
 * Which variable or property a service's name means at a place: the class of `$this.Service`, the
 * innermost function `$service` is local to (assigned there, or a parameter), else the script's.
 */
function serviceScope(context: PowerShellRuleContext, service: string, at: Node): string {
  if (service.startsWith('$this.')) {
    let node: Node | null = at;
    while (node && node.type !== 'class_statement') node = node.parent;
    return node ? `class ${node.startIndex}` : 'script';
  }
  if (!/^\$[\w:]+$/.test(service)) return 'script';
  const name = service.slice(1);
  const around = context.index.functions().filter((fn) => fn.start <= at.startIndex && at.endIndex <= fn.end);
  const local = around.reverse().find((fn) => fn.params.includes(name) || context.values().assignmentsOf(name).some((a) => a.offset >= fn.start && a.offset < fn.end && !a.scriptWide));
  return local ? `function ${local.start}` : 'script';
}

/** A `.Url = …` assignment or an `.AutodiscoverUrl(…)` call, and the object it is on. */
interface ServiceUse {
  node: Node;
  service: string;
}

interface ServiceUses {
  urls: (ServiceUse & { host(): string | undefined })[];
  discovers: ServiceUse[];
}

/** The file's `.Url = …` and `.AutodiscoverUrl(…)`, read once per analysis (each sign-in asks). */
function serviceUses(context: PowerShellRuleContext): ServiceUses {
  let uses = usesOf.get(context);
  if (!uses) usesOf.set(context, (uses = readServiceUses(context)));
  return uses;
}

const usesOf = new WeakMap<PowerShellRuleContext, ServiceUses>();

function readServiceUses(context: PowerShellRuleContext): ServiceUses {
  const urls = memberAssignments(context)
    .filter((assignment) => assignedMember(assignment)!.member === 'url')
    .map((node) => {
      let host: string | undefined | null = null;
      return { node, service: assignedMember(node)!.object, host: () => (host === null ? (host = hostOf(context, assignedValue(node))) : host) };
    });
  const discovers = descendants(context.root, 'invokation_expression')
    .filter((invocation) => invokedMemberName(invocation) === 'autodiscoverurl')
    .map((node) => ({ node, service: objectKey(node.namedChild(0)?.text ?? '') }));
  return { urls, discovers };
}

/**
 * The host of a URL value: a string, `[uri]'…'`, `New-Object Uri('…')` or `[Uri]::new('…')`, also held
 * in a variable; undefined when the file does not show it.
 */
function hostOf(context: PowerShellRuleContext, value: Node, depth = 0): string | undefined {
  const inner = unwrapped(value);
  if (inner.type === 'variable' && depth < MAX_DEPTH) {
    const assignment = context.values().assignmentSeenBy(inner);
    if (assignment && URI_CONSTRUCTION.test(unwrapped(assignment.value).text)) return hostOf(context, assignment.value, depth + 1);
  }
  const typeName = URI_CONSTRUCTION.exec(inner.text);
  const uri = typeName ? firstValueAfter(inner, inner.startIndex + typeName[0].length) : inner;
  return uri && hostOfUrl(context.values().shapeOf(uri));
}

const MAX_DEPTH = 4;
const URI_CONSTRUCTION = /^(?:New-Object\s+(?:-TypeName\s+)?['"]?(?:System\.)?Uri\b|\[(?:System\.)?Uri\])/i;

/** The first string or variable in `node` from `typeEnd` on: the URL a Uri is made of. */
function firstValueAfter(node: Node, typeEnd: number): Node | undefined {
  const candidates = [...descendants(node, 'string_literal'), ...descendants(node, 'variable')];
  const first = candidates.filter((c) => c.startIndex >= typeEnd).sort((a, b) => a.startIndex - b.startIndex)[0];
  return first && wholeValue(first, typeEnd);
}

/** What lists and calls hold as one argument: a value's expression stops below them. */
const ARGUMENT_HOLDERS = new Set(['argument_list', 'argument_expression_list', 'command_elements', 'command']);

/** The whole expression a value starts (`"https://" + $host + "/EWS/Exchange.asmx"`), up to the argument it is. */
function wholeValue(value: Node, typeEnd: number): Node {
  let whole = value;
  for (let parent = value.parent; parent && parent.startIndex >= typeEnd && !ARGUMENT_HOLDERS.has(parent.type); parent = parent.parent) {
    if (parent.type === 'array_literal_expression' && parent.namedChildCount > 1) break;
    whole = parent;
  }
  return whole;
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
