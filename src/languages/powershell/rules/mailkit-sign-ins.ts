import { constructorArguments } from '../constructions';
import type { PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, invokedMemberName, variableName, type Node } from '../syntax';
import { passwordMailHost } from './smtp-servers';

/** `$client.Authenticate(user, password)` on a MailKit client the script made and connected to a Microsoft mail host. */
export interface MailKitSignIn {
  /** The `$client.Authenticate(…)` call. */
  authenticate: Node;
  host: string;
  /** Another server the client may connect to, by another call of the function around it. */
  otherServer?: string;
  protocol: 'smtp' | 'imap' | 'pop';
  /** Where the client is made. */
  creation: Node;
}

/** `New-Object MailKit.Net.Smtp.SmtpClient`, `[MailKit.Net.Imap.ImapClient]::new()`: the protocol of the client made. */
const MAILKIT_CLIENT = /\bMailKit\.Net\.(?:Smtp\.SmtpClient|Imap\.ImapClient|Pop3\.Pop3Client)\b/i;

const AUTHENTICATE = new Set(['authenticate', 'authenticateasync']);
const CONNECT = new Set(['connect', 'connectasync']);

/** An argument that is OAuth2 already (`[MailKit.Security.SaslMechanismOAuth2]::new($user, $token)`, `$oauth2`). */
const OAUTH2 = /oauth2|xoauth/i;

/**
 * MailKit used from PowerShell: `$c = New-Object MailKit.Net.Smtp.SmtpClient`, `$c.Connect(host, …)`,
 * then `$c.Authenticate(user, password)` or `$c.Authenticate($credential)` (or their Async forms), where
 * the host the last Connect before it names is a Microsoft mail host. An OAuth2 SASL mechanism signs in
 * with a token.
 */
export function mailKitSignIns(context: PowerShellRuleContext): MailKitSignIn[] {
  if (!/mailkit/i.test(context.text)) return [];
  const invocations = descendants(context.root, 'invokation_expression');
  return invocations.flatMap((call): MailKitSignIn[] => {
    if (!AUTHENTICATE.has(invokedMemberName(call)) || signsInWithToken(context, call)) return [];
    const client = connectedClient(context, call, invocations);
    const host = client && passwordMailHost(context, client.hostNode);
    if (!client || !host) return [];
    return [{ authenticate: call, ...host, protocol: client.protocol, creation: client.creation }];
  });
}

/**
 * The MailKit client the script made that `$client.Authenticate(…)` is called on, and the host its last Connect before
 * that call names (none where no Connect does); undefined where the variable holds no MailKit client the file makes.
 */
export function authenticatedMailKitClient(context: PowerShellRuleContext, authenticate: Node): { hostNode?: Node; protocol: MailKitSignIn['protocol']; creation: Node } | undefined {
  if (!AUTHENTICATE.has(invokedMemberName(authenticate))) return undefined;
  return connectedClient(context, authenticate, descendants(context.root, 'invokation_expression'));
}

function connectedClient(context: PowerShellRuleContext, call: Node, invocations: readonly Node[]) {
  const client = clientOf(context, call);
  const made = client && MAILKIT_CLIENT.exec(client.value.text)?.[0].toLowerCase();
  if (!client || !made) return undefined;
  const connect = invocations
    .filter((other) => CONNECT.has(invokedMemberName(other)) && sameVariable(other, call) && other.startIndex > client.offset && other.startIndex < call.startIndex)
    .at(-1);
  const protocol: MailKitSignIn['protocol'] = made.includes('smtp') ? 'smtp' : made.includes('imap') ? 'imap' : 'pop';
  return { hostNode: connect && argumentsOf(connect)[0], protocol, creation: client.node };
}

/** The assignment that made the client an invocation is called on (`$smtp` of `$smtp.Authenticate(…)`). */
function clientOf(context: PowerShellRuleContext, call: Node) {
  const receiver = call.namedChild(0);
  return receiver?.type === 'variable' ? context.values().assignmentSeenBy(receiver) : undefined;
}

function sameVariable(a: Node, b: Node): boolean {
  const [x, y] = [a.namedChild(0), b.namedChild(0)];
  return x?.type === 'variable' && y?.type === 'variable' && variableName(x) === variableName(y);
}

function argumentsOf(call: Node): Node[] {
  const list = call.namedChildren.find((child) => child?.type === 'argument_list');
  return (list && constructorArguments(list)) ?? [];
}

/** `Authenticate($sasl[, $cancel])` with an OAuth2 mechanism, written there or in the variable it reads. */
function signsInWithToken(context: PowerShellRuleContext, call: Node): boolean {
  return argumentsOf(call).some((given) => {
    const value = context.values().heldValue(innermost(given));
    return OAUTH2.test(given.text) || (value !== undefined && OAUTH2.test(value.text));
  });
}
