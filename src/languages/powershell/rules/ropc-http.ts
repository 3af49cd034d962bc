import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { indentationAt } from '../../../engine/text';
import {
  AZURE_AD_GRAPH_RETIRED,
  FIRST_PARTY_CLIENT_IDS,
  formMarksEntraRequest,
  isBareTokenPathOnUnknownBase,
  isTokenEndpoint,
  isUnshownUrl,
  entryMarksEntraRequest,
  MICROSOFT_RESOURCE_WORDS,
  namesEntraRequestEntry,
  namesEntraRequestField,
  asksForOtherServiceOnly,
  formRequestedResources,
  namesAzureAdGraph,
  PUBLIC_LOGIN_HOST,
  TOKEN_ENDPOINT_WORDS,
} from '../../shared/microsoft-endpoints';
import { germanCloudClosed, isGermanCloudHost } from '../azure-environments';
import { inCasing } from '../code-style';
import { answerSignsInToMicrosoft, TOKEN_SIGN_IN_CMDLETS } from '../token-sign-in-use';
import { commandName, detachedFromScript, HELD_SCRIPT_BLOCK, inHeldScriptBlock, otherProcessHost, otherRunspaceHost, type CommandCall } from '../command';
import { accountsOf } from '../signed-in-accounts';
import { callersCredential, callersNote } from '../caller-credentials';
import { typedAtPrompt, typedAtPromptReason } from '../credential-sources';
import { credentialTakenOutRelated, withCredentialTakenOut } from '../credential-removal';
import { namesScriptVariable, type IndexedFunction } from '../script-index';
import { hashEntries, hashLiteral, type HashtableEntry } from '../hashtables';
import { functionOutput, type FunctionOutput } from '../function-outputs';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { assignedTo, assignmentOperator, enclosingStatement, innermost, isNullLiteral, literalText, variableName, type Node } from '../syntax';
import { ALREADY_POSTS_REFRESH_TOKEN, SIGNS_IN_WITH_CLIENT_ASSERTION } from '../../shared/ropc-body-reasons';
import { isDummyPassword } from '../../shared/placeholder-secret';
import { WEB_REQUEST_CMDLETS } from '../cmdlets';
import { clientPosts, type ClientPost } from '../http-clients';
import { requestsThroughWrappers } from '../request-wrappers';
import { hashEntryRemoval, standsAlone } from '../hash-entry-edits';

const MESSAGE =
  'This request posts grant_type=password (ROPC) to the Microsoft identity platform token endpoint: a username and ' +
  'password, which cannot perform MFA. Once MFA applies to the account it fails with AADSTS50076, and Microsoft ' +
  'requires MFA for every user of a partner tenant, for App+User calls to the Partner Center API (from 2026-04-01) ' +
  'and for Azure management sign-ins (since 2025-10-01). Post the Secure Application Model refresh_token grant to ' +
  'the same endpoint instead, with the refresh token from a one-time admin consent done with MFA.';

/** The opening for a password grant posted to Microsoft Cloud Deutschland's closed token endpoint. */
const CLOSED_CLOUD_MESSAGE = MESSAGE.replace('to the same endpoint instead', "to the public cloud's token endpoint instead");

/** The opening for a request to `<base>/oauth2/token` on a base the script does not name, whose body names no Microsoft resource. */
const UNNAMED_BASE_MESSAGE =
  "This request posts grant_type=password (ROPC) to an OAuth token endpoint the script does not name (a base URL it is given, then /oauth2/token: Entra ID's path, " +
  "and other OAuth servers' too; the body names no Microsoft resource). If it is the Microsoft identity platform's, the username and password cannot perform MFA: " +
  'once MFA applies to the account the request fails with AADSTS50076, and Microsoft requires MFA for every user of a partner tenant, for App+User calls to ' +
  'the Partner Center API (from 2026-04-01) and for Azure management sign-ins (since 2025-10-01). Post the Secure Application Model refresh_token grant to ' +
  'the same endpoint instead, with the refresh token from a one-time admin consent done with MFA.';

const UNNAMED_BASE_NO_FIX =
  'the script does not name the host it is posted to (a base URL it is given, then /oauth2/token, a path other OAuth servers use too), so a fix cannot tell ' +
  "that the new body, with the Secure Application Model's app secret and refresh token, goes to Entra ID's token endpoint: rewrite the request by hand " +
  'where that base URL is a Microsoft login host (https://login.microsoftonline.com/<tenant>)';

const GRANT_IN_TEXT = /(?:^|[&\u0000])grant_type=password(?=&|$|\u0000)/i;
/** Node types of a value spelt out in full in the script. */
const LITERAL_TYPES = new Set(['verbatim_string_characters', 'expandable_string_literal', 'generic_token']);

/** The secret each Secure Application Model key of the body is read from: never a literal. */
const SAM_SECRETS = { refresh_token: 'REFRESH_TOKEN', client_id: 'APP_ID', client_secret: 'APP_SECRET' } as const;
type SamKey = keyof typeof SAM_SECRETS;

/** One `key = value` of a body hashtable, as the request sees it. */
interface BodyEntry {
  key: string;
  keyNode: Node;
  value: Node;
  /** The `hash_entry` when the entry is written in the body's literal. */
  entry?: Node;
}

/**
 * A string body's `shape`: its text, where `node` holds more than the body (curl's arguments in one string).
 * A hashtable's `returnedBy`: the call of the script's own function that returns it (`-Body (New-TokenBody)`).
 */
type Body = { kind: 'hashtable'; entries: BodyEntry[]; literal?: Node; returnedBy?: FunctionOutput } | { kind: 'string'; node: Node; shape?: string };

/** A body that posts grant_type=password, stated at `at` (to `end`). */
interface GrantBody {
  at: Node;
  end: number;
  body: Body;
}

interface PasswordGrant extends GrantBody {
  /**
   * The bodies the same requests post on other runs, each with its own password grant
   * (`if ($Resource) { $body = @{ grant_type = 'password'; resource = … } } else { $body = @{ grant_type = 'password'; scope = … } }`):
   * the finding stands for them all, and its fix rewrites each.
   */
  onOtherRuns: GrantBody[];
  /** The commands that post the body: the senders, or the calls of the script's functions that wrap them. */
  sends: CommandCall[];
  /** The senders inside those functions. */
  wrapped: CommandCall[];
  /** The calls of other clients (WebClient, HttpClient, curl) that post it, which the fix does not rewrite. */
  clients: ClientPost[];
  /** Some request posts it to a URI the script shows a token endpoint's; else only its resource, scope or Microsoft client id, or a Microsoft sign-in with its token, says it is Entra ID's. */
  uriShown: boolean;
  /** Some request posts it to `<base>/oauth2/token` on a base the script does not name: only the body says the endpoint may be Entra ID's. */
  baseUnnamed: boolean;
  /**
   * The same body is also posted to a URI that is not a token endpoint (or one the file does not show):
   * through a function the script calls with other URIs, say. A fix of the body would change that request too.
   */
  postedElsewhere?: boolean;
  /** Where the body is a function's returned table: the calls of that function whose table some request posts. */
  tableCalls: Set<number>;
  /** Some request posts it to Microsoft Cloud Deutschland's sign-in (login.microsoftonline.de), which is closed. */
  germanCloud?: boolean;
}

export const ropcHttpRule: PowerShellRule = {
  meta: {
    id: 'ps-ropc-http',
    title: 'Password grant (ROPC) posted to the Microsoft token endpoint',
    description:
      "Invoke-RestMethod or Invoke-WebRequest (or .NET's WebClient or HttpClient, or curl) posts a body whose grant_type " +
      "is password to a Microsoft identity platform token endpoint (any cloud's login host, /oauth2/token or /oauth2/v2.0/token): the resource owner " +
      'password credentials grant (ROPC), which cannot perform multi-factor authentication and fails with ' +
      'AADSTS50076 once MFA applies. Post the Secure Application Model refresh_token grant to the same endpoint.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'http'],
    triggers: ['grant_type'],
    fixesChangeWhoSignsIn: true,
    requires: [...TOKEN_ENDPOINT_WORDS, ...MICROSOFT_RESOURCE_WORDS, ...FIRST_PARTY_CLIENT_IDS, ...TOKEN_SIGN_IN_CMDLETS],
  },
  check(context) {
    return passwordGrants(context).map((grant): RuleHit => {
      const withheld = whyNoFix(context, grant);
      const bodies = [grant, ...grant.onOtherRuns].map((run) => run.body);
      const passwords = bodies.flatMap((body) => entryOf(body, 'password')?.value ?? []);
      const usernames = bodies.flatMap((body) => entryOf(body, 'username')?.value ?? []);
      const typed = !withheld && passwords.some((password) => typedAtPrompt(password, context));
      const probe = !withheld && !typed && passwords.some(isNoPassword);
      // The caller gives the account (a function's parameters): one stored token would sign every caller in as the consented account.
      const caller = !withheld && !typed && [...passwords, ...usernames].map((value) => callersCredential(context, value)).find(Boolean);
      const elsewhere = withheld ? undefined : runsElsewhereNote(context, grant);
      const answerNote = withheld ? undefined : answerLeftNote(context, grant);
      const written = withheld ? undefined : refreshTokenFix(context, grant);
      const fix = written && passwords.reduce((taken, password) => withCredentialTakenOut(context.text, context.values(), taken, password), written);
      const leftNote = typed ? typedAtPromptNote(fix !== written) : probe ? POSTS_NO_PASSWORD : caller ? `Fix-all leaves this to you: ${callersNote(caller)}` : (elsewhere ?? answerNote);
      const opening = grant.germanCloud ? CLOSED_CLOUD_MESSAGE : grant.baseUnnamed && !grant.uriShown && !marksEntraRequest(context, grant.body) ? UNNAMED_BASE_MESSAGE : MESSAGE;
      return {
        message: withheld ? `${opening} (No fix is offered here: ${withheld}.)` : leftNote ? `${opening} (${leftNote}.)` : opening,
        startOffset: grant.at.startIndex,
        endOffset: grant.end,
        fixes: fix ? [leftNote ? { ...fix, safeForFixAll: false } : fix] : [],
        related: [
          ...[...grant.sends, ...grant.clients].map((send) => ({ message: 'posted to the token endpoint here', startOffset: send.node.startIndex, endOffset: send.node.endIndex })),
          ...[...new Set(grant.wrapped)].map((send) => ({
            message: `${send.spec.name} sends it here`,
            startOffset: send.node.startIndex,
            endOffset: send.node.endIndex,
          })),
          ...grant.onOtherRuns.map((run) => ({ message: 'grant_type=password in another branch, posted by the same request: the fix rewrites it too', startOffset: run.at.startIndex, endOffset: run.end })),
          ...bodies.flatMap(rewrittenEntries),
          ...credentialsTakenOutRelated(context, fix, passwords),
        ],
        signsInAs: usernames[0] && accountsOf(context, usernames[0]),
      };
    });
  },
};

/**
 * Why fix-all leaves a request sent apart from the script's own run: from another PowerShell process,
 * whose environment the rotated refresh token would be stored back in and lost; alongside other runs
 * (threads, parallel blocks), which would redeem and rotate the one refresh token at once; or from a
 * block kept or handed to other code, which may do either.
 */
function runsElsewhereNote(context: PowerShellRuleContext, grant: PasswordGrant): string | undefined {
  const nodes = grant.sends.map((send) => send.node);
  const otherProcess = nodes.map(otherProcessHost).find(Boolean);
  if (otherProcess) {
    return (
      `Fix-all leaves this to you: ${otherProcess} sends the request from another PowerShell process, where storing the rotated refresh token back in the environment ` +
      'does not reach this script and is lost when that process ends; store it where that process can write it (a vault) before applying the fix'
    );
  }
  const alongside = nodes.map(otherRunspaceHost).find(Boolean);
  if (alongside) {
    return (
      `Fix-all leaves this to you: ${alongside} sends the request in a runspace that runs at the same time as the rest of the script or the block's other runs: ` +
      'each redemption of the refresh token returns a rotated one, so runs that redeem it at once race to store theirs back; redeem it once before the block and hand the block the access token ($using:)'
    );
  }
  if (nodes.some((node) => inHeldScriptBlock(node, context.functionNames()))) {
    return `Fix-all leaves this to you: ${HELD_SCRIPT_BLOCK} or process, where storing the rotated refresh token back in the environment may not reach this script`;
  }
  return undefined;
}

/** The statements the fix takes out with the credentials the bodies post, each once. */
function credentialsTakenOutRelated(context: PowerShellRuleContext, fix: Fix | undefined, passwords: Node[]): NonNullable<RuleHit['related']> {
  const related = passwords.flatMap((password) => credentialTakenOutRelated(context.values(), fix ? [fix] : [], password));
  return related.filter((one, i) => related.findIndex((other) => other.startOffset === one.startOffset) === i);
}

const ENTRY_ROLES: Record<string, string> = {
  username: 'the username is sent here',
  password: 'the password is sent here',
  client_id: "the client id, which the fix makes the Secure Application Model app's",
};

/** The body's entries that the fix takes out or replaces, so that the finding shows them. */
function rewrittenEntries(body: Body): { message: string; startOffset: number; endOffset: number }[] {
  if (body.kind !== 'hashtable') return [];
  return body.entries
    .filter((entry) => entry.key.toLowerCase() in ENTRY_ROLES)
    .map((entry) => ({
      message: ENTRY_ROLES[entry.key.toLowerCase()],
      startOffset: (entry.entry ?? entry.keyNode).startIndex,
      endOffset: (entry.entry ?? entry.value).endIndex,
    }));
}

function passwordGrants(context: PowerShellRuleContext): PasswordGrant[] {
  const grants = new Map<number, PasswordGrant>();
  /** Bodies (by key) that some request posts to a URI other than a token endpoint, or one the file does not show. */
  const postedElsewhere = new Set<number>();
  /** The grant of a body posted to Entra ID (`shown`: to a token endpoint the script shows), made at its first request. */
  const grantPosted = (body: Body, found: { at: Node; end: number }, to: Destination, escapes: boolean): PasswordGrant => {
    const key = grantKey(body, found);
    const shown = to === 'token endpoint';
    if (!shown || escapes) postedElsewhere.add(key);
    const grant = grants.get(key) ?? { ...found, body, onOtherRuns: [], sends: [], wrapped: [], clients: [], uriShown: false, baseUnnamed: false, tableCalls: new Set<number>() };
    grant.uriShown ||= shown;
    grant.baseUnnamed ||= to === 'unnamed base';
    if (body.kind === 'hashtable' && body.returnedBy) grant.tableCalls.add(body.returnedBy.call.startIndex);
    grants.set(key, grant);
    return grant;
  };
  for (const call of context.commands()) {
    if (!WEB_REQUEST_CMDLETS.has(call.spec.name)) continue;
    for (const request of requestsThroughWrappers(context, call, { required: ['Uri', 'Body'] })) {
      const uri = request.given.get('Uri')!;
      const sent = request.given.get('Body')!;
      const [first, ...others] = readBodies(context, sent).flatMap((read) => {
        const stated = grantIn(context, read);
        return stated ? [{ body: read, ...stated }] : [];
      });
      if (!first) continue;
      const { body } = first;
      const found = { at: first.at, end: first.end };
      const posted = { uri, sent };
      // To a URI the script does not show, a body whose answer signs in to a Microsoft service (`Connect-MgGraph -AccessToken`) is Entra's too.
      const to = destination(context, body, posted, () => answerSignsInToMicrosoft(context, request.send));
      if (!to) {
        postedElsewhere.add(grantKey(body, found));
        continue;
      }
      const escapes = request.via.some((wrapper) => holdsEscaping(context, wrapper, found.at));
      const grant = grantPosted(body, found, to, escapes);
      for (const other of others) if (!grant.onOtherRuns.some((known) => known.at.id === other.at.id)) grant.onOtherRuns.push(other);
      grant.germanCloud ||= isGermanCloudHost(context.values().shapeOf(uri));
      if (!grant.sends.includes(request.send)) grant.sends.push(request.send);
      if (request.send !== call && !grant.wrapped.includes(call)) grant.wrapped.push(call);
    }
  }
  for (const post of clientPosts(context)) {
    const grant = clientGrant(context, post);
    if (!grant) continue;
    const posted = grantPosted(grant.body, grant.found, grant.to, false);
    if (!posted.clients.some((client) => client.node.id === post.node.id)) posted.clients.push(post);
  }
  for (const [key, grant] of grants) if (postedElsewhere.has(key)) grant.postedElsewhere = true;
  return [...grants.values()];
}

/** One finding per body: bodies that share the string stating the grant are requests of their own. */
function grantKey(body: Body, found: { at: Node }): number {
  return body.kind === 'string' ? body.node.id : found.at.id;
}

/** What a request gives: its URI (its text, where the node holds more), its body as given (a variable, say), and for curl its other data options' text, which it joins to the body with `&`. */
interface Posted {
  uri: Node;
  uriShape?: string;
  sent: Node;
  alongside?: string[];
}

type Destination = 'token endpoint' | 'unnamed base' | 'unshown';

/**
 * Where a password grant's body goes: to Entra ID's token endpoint as the script shows it (a login host,
 * or Entra ID's own path on a host it does not show); to `<base>/oauth2/token` on a base it does not name,
 * where the body asks as Entra ID's requests do; or to a URI it does not show where the body asks for a
 * Microsoft service's token or as a Microsoft client (or `answerSignsIn`: its token signs in to a
 * Microsoft service); undefined elsewhere.
 */
function destination(context: PowerShellRuleContext, body: Body, posted: Posted, answerSignsIn: () => boolean): Destination | undefined {
  const uriShape = posted.uriShape ?? context.values().shapeOf(posted.uri);
  if (isTokenEndpoint(uriShape)) {
    if (!isBareTokenPathOnUnknownBase(uriShape)) return 'token endpoint';
    if (asksAsEntra(context, body, posted)) return 'unnamed base';
  }
  const alongside = () => (posted.alongside ?? []).some(formMarksEntraRequest);
  return isUnshownUrl(uriShape) && (marksEntraRequest(context, body) || alongside() || answerSignsIn()) ? 'unshown' : undefined;
}

/** The password grant another client's call posts to Entra ID, if it does: of its URIs (curl's arguments that may be one), the token endpoint's first. */
function clientGrant(context: PowerShellRuleContext, post: ClientPost) {
  for (const [i, sent] of post.bodies.entries()) {
    const body: Body = post.shapes ? { kind: 'string', node: sent, shape: post.shapes.bodies[i] } : readBodies(context, sent)[0];
    const found = grantIn(context, body);
    if (!found) continue;
    const alongside = post.bodies.flatMap((other, j) => (j === i ? [] : [post.shapes?.bodies[j] ?? context.values().shapeOf(other)]));
    const to = post.uris.map((uri, j) => destination(context, body, { uri, uriShape: post.shapes?.uris[j], sent, alongside }, () => false));
    const best = to.find((where) => where === 'token endpoint') ?? to.find(Boolean);
    return best ? { body, found, to: best } : undefined;
  }
  return undefined;
}

/**
 * Whether the body at `at` is written in `wrapper`, a function whose parameters gave the request its
 * URI or body, and that code this file does not show may call with others (see `mayBeCalledElsewhere`).
 */
function holdsEscaping(context: PowerShellRuleContext, wrapper: IndexedFunction, at: Node): boolean {
  return wrapper.start < at.startIndex && at.startIndex < wrapper.end && context.functionCalls().mayBeCalledElsewhere(wrapper);
}

/**
 * The bodies a request may post: a hashtable (written in place, or built in a variable, or handed to the
 * script's own encoder) or a string; one per branch where the branches of an `if` each write the grant
 * into the variable (`if ($Resource) { $body = @{ grant_type = 'password'; resource = … } } else { … }`).
 */
function readBodies(context: PowerShellRuleContext, value: Node): Body[] {
  const encoded = encodedArgument(context, value);
  if (encoded) return readBodies(context, encoded);
  const table = hashLiteral(value);
  if (table) return [{ kind: 'hashtable', entries: hashEntries(table), literal: table }];
  const returned = returnedTable(context, value);
  if (returned) return [returned];
  const inner = innermost(value);
  const name = inner.type === 'variable' ? variableName(inner) : undefined;
  const assigned = name ? context.values().assignmentSeenBy(inner) : undefined;
  const encodedThere = assigned && encodedArgument(context, assigned.value);
  if (encodedThere) return readBodies(context, encodedThere);
  // `$body = New-TokenBody`: the function's table, which the fix rewrites where it is written.
  const returnedThere = assigned && returnedTable(context, assigned.value);
  if (returnedThere) return [returnedThere];
  const runs = name ? entriesOnPasswordRuns(context, inner) : [];
  if (!name || runs.every((built) => built.length === 0)) return [{ kind: 'string', node: assigned?.value ?? value }];
  // A run's table is written in the assignment the request sees, or in a branch's own (`if (…) { $body = @{…} } else { $body = @{…} }`).
  const tables = context.values().assignmentsOf(name).flatMap((a) => (assignmentOperator(a.node) === '=' ? (hashLiteral(a.value) ?? []) : []));
  const branchTable = (built: HashtableEntry[]) => tables.find((table) => table.id === tableHolding(built[0]?.keyNode)?.id);
  return runs.map((built) => tableBuilt(built, [assigned && hashLiteral(assigned.value), branchTable(built)]));
}

/** The body a run builds in a variable, with the first of `literals` that every entry is written in. */
function tableBuilt(built: HashtableEntry[], literals: (Node | undefined)[]): Extract<Body, { kind: 'hashtable' }> {
  const inLiteral = (literal: Node | undefined) => {
    const written = literal ? hashEntries(literal) : [];
    return built.map((e) => ({ ...e, entry: written.find((l) => l.keyNode.id === e.keyNode.id)?.entry }));
  };
  const literal = literals.find((candidate) => candidate && inLiteral(candidate).every((e) => e.entry));
  // Built over several statements: the entries written in the table the request sees are shown as such.
  return { kind: 'hashtable', entries: inLiteral(literal ?? literals[0]), literal };
}

/** The `@{…}` a key is written in (key, `hash_entry`, its body, the literal). */
function tableHolding(key: Node | undefined): Node | undefined {
  const table = key?.parent?.type === 'hash_entry' ? key.parent.parent?.parent : undefined;
  return table?.type === 'hash_literal_expression' ? table : undefined;
}

/**
 * The entries of a table a variable holds, as each run that writes `grant_type = 'password'` into it builds
 * it, where branches write other grants (`if ($Credential) { $body += @{ grant_type = 'password'; … } }
 * elseif ($RefreshToken) { $body += @{ grant_type = 'refresh_token'; … } }`) or each its own password grant.
 */
function entriesOnPasswordRuns(context: PowerShellRuleContext, variable: Node): HashtableEntry[][] {
  const grants = context.hashtables().keyWritesReaching(variable, 'grant_type');
  const passwords = grants.filter((write) => context.values().shapeOf(write.value).toLowerCase() === 'password');
  if (passwords.length === 0) return [context.hashtables().entriesSeenBy(variable)];
  return passwords.map((password) => context.hashtables().entriesSeenAlong(variable, password));
}

/** `-Body (New-TokenBody)`, `$body = New-TokenBody`: the hashtable literal that a function of the script's own returns. */
function returnedTable(context: PowerShellRuleContext, value: Node): Extract<Body, { kind: 'hashtable' }> | undefined {
  const output = functionOutput(context.index, value);
  const table = output && hashLiteral(output.value);
  return table ? { kind: 'hashtable', entries: hashEntries(table), literal: table, returnedBy: output } : undefined;
}

/**
 * Whether the function that returns the body is also called for other uses than the requests that post
 * its table (or other scripts may call it): a fix of the table would change what those calls get too.
 */
function returnedForOtherUses(context: PowerShellRuleContext, grant: PasswordGrant, body: Body): string | undefined {
  const declared = body.kind === 'hashtable' ? body.returnedBy?.declared : undefined;
  if (!declared) return undefined;
  const calls = context.index.callsOf(declared);
  const other = calls.some((call) => !grant.tableCalls.has(call.start)) || context.functionCalls().mayBeCalledElsewhere(declared);
  return other ? declared.name : undefined;
}

/**
 * `(ConvertTo-QueryString $body)`: the one argument of a function of the script's own that the body is
 * the output of, where that argument is a hashtable; the function encodes the table's entries as a form.
 * Unbracketed where a value is a pipeline of its own, as a hashtable entry's or an assignment's
 * (`@{ Body = ConvertTo-QueryString $body }`, `$form = ConvertTo-QueryString $body`).
 */
function encodedArgument(context: PowerShellRuleContext, value: Node): Node | undefined {
  const inner = innermost(value);
  const bracketed = inner.type === 'parenthesized_expression' || inner.type === 'sub_expression';
  if (!bracketed && inner.type !== 'command') return undefined;
  const command = bracketed ? innermost(inner.namedChildren[0] ?? inner) : inner;
  const name = command.type === 'command' ? commandName(command) : undefined;
  if (!name || !context.functionNames().has(name)) return undefined;
  const args = command.childForFieldName('command_elements')?.namedChildren.filter((n) => n?.type !== 'command_argument_sep') ?? [];
  const [argument] = args;
  if (args.length !== 1 || !argument || argument.type === 'command_parameter') return undefined;
  const read = innermost(argument);
  const isTable = hashLiteral(argument) !== undefined || (read.type === 'variable' && context.hashtables().entriesSeenBy(read).length > 0);
  return isTable ? argument : undefined;
}

function grantIn(context: PowerShellRuleContext, body: Body): { at: Node; end: number } | undefined {
  if (body.kind === 'string') {
    if (!GRANT_IN_TEXT.test(formShape(context, body))) return undefined;
    const at = grantStatedIn(context, body.node) ?? body.node;
    return { at, end: at.endIndex };
  }
  const grant = entryOf(body, 'grant_type');
  return grant && context.values().shapeOf(grant.value).toLowerCase() === 'password' ? { at: grant.keyNode, end: grant.value.endIndex } : undefined;
}

/**
 * In a string body built up over several statements (`$body = "grant_type=password&"`, then
 * `$body = $body + "username=…"` and so on), the string that states the grant: the finding is shown
 * there rather than at the last addition. Undefined when the grant is stated in `node` itself.
 */
function grantStatedIn(context: PowerShellRuleContext, node: Node, seen = new Set<number>()): Node | undefined {
  const inner = innermost(node);
  if (inner.type === 'additive_expression') {
    return inner.namedChildren.reduce<Node | undefined>((found, operand) => found ?? (operand ? grantStatedIn(context, operand, seen) : undefined), undefined);
  }
  const assignment = inner.type === 'variable' ? context.values().assignmentSeenBy(inner) : undefined;
  // Each assignment is looked into once: `$b = $a + $a`, `$c = $b + $b`, … would double the work at each.
  if (!assignment || seen.has(assignment.offset) || seen.size >= MAX_BODY_STATEMENTS) return undefined;
  seen.add(assignment.offset);
  const value = innermost(assignment.value);
  const stated = value.type !== 'additive_expression' && value.type !== 'variable' && GRANT_IN_TEXT.test(context.values().shapeOf(value));
  return stated ? value : grantStatedIn(context, value, seen);
}

/** How many statements back a body's grant is looked for. */
const MAX_BODY_STATEMENTS = 20;

/**
 * Whether the request names what every Entra token request names: its client (`client_id`, in the body
 * or the URL's query) or a Microsoft resource (`resource`, `scope`); or may (a field the file does not
 * show). Thycotic Secret Server's password grant names none of them, WSO2's its own scopes.
 */
function asksAsEntra(context: PowerShellRuleContext, body: Body, request: Posted): boolean {
  if (asksForOtherServiceOnly(requestedResources(context, body))) return false;
  const uri = request.uriShape ?? context.values().shapeOf(request.uri);
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  if (namesEntraRequestField(query)) return true;
  if (body.kind === 'hashtable') return body.entries.some((e) => namesEntraField(e.key, () => context.values().shapeOf(e.value)));
  // A string the script adds to (`$body += "&client_id=…"`): any of the variable's values may name them.
  const variable = innermost(request.sent).type === 'variable' ? variableName(innermost(request.sent)) : undefined;
  const written = variable ? context.index.assignments().filter((at) => at.owner === variable) : [];
  const added = written.flatMap((at) => context.index.node(at, 'assignment_expression').childForFieldName('value') ?? []);
  const sent = [formShape(context, body), ...[request.sent, ...added].map((node) => context.values().shapeOf(node)), ...(request.alongside ?? [])];
  return sent.some((shape) => namesEntraRequestField(shape) || /(?:^|&)\u0000/.test(shape));
}

/** The body's `scope` and `resource` values, as shapes. */
function requestedResources(context: PowerShellRuleContext, body: Body): string[] {
  if (body.kind === 'hashtable') return body.entries.filter((e) => /^(?:scope|resource)$/i.test(e.key)).map((e) => context.values().shapeOf(e.value));
  return formRequestedResources(formShape(context, body));
}

/** Whether the body's `resource`, `scope` or `client_id` marks it as Entra ID's, as the script writes it (see entryMarksEntraRequest). */
function marksEntraRequest(context: PowerShellRuleContext, body: Body): boolean {
  if (body.kind === 'hashtable') {
    return body.entries.some((e) => entryMarksEntraRequest(e.key.toLowerCase(), e.value.text, () => context.values().shapeOf(e.value)));
  }
  return formMarksEntraRequest(formShape(context, body));
}

function formShape(context: PowerShellRuleContext, body: Extract<Body, { kind: 'string' }>): string {
  return body.shape ?? context.values().shapeOf(body.node);
}

/** Whether a body's entry is one an Entra token request names (see namesEntraRequestField), or may be (a key the script does not show). */
function namesEntraField(key: string, value: () => string): boolean {
  return key.includes('\u0000') || namesEntraRequestEntry(key.toLowerCase(), value);
}

/**
 * `password = 'none'`, `''`, `$null`: no password at all, so the request only tests the account (its
 * error code tells whether the user exists), which a refresh token grant does not do. A value filled in
 * later (`'#{O365Password}'`, `'changeme'`) is a password.
 */
function isNoPassword(value: Node): boolean {
  if (isNullLiteral(value.text)) return true;
  const literal = literalText(value);
  return literal !== undefined && isDummyPassword(literal);
}

const POSTS_NO_PASSWORD =
  'Fix-all leaves this to you: the request posts no password (an empty or dummy one), so it may only test the account (its error code tells whether it exists), which a refresh token grant does not do';

// Someone runs a script that prompts: the Secure Application Model fix suits it once it is to run unattended.
function typedAtPromptNote(promptTakenOut: boolean): string {
  const interactive = 'an interactive sign-in (the authorization code or device code flow)';
  return `Fix-all leaves this to you: ${typedAtPromptReason(interactive, 'the fix', 'reads a refresh token from the environment', promptTakenOut)}`;
}

function entryOf(body: Body, key: string): BodyEntry | undefined {
  return body.kind === 'hashtable' ? body.entries.find((e) => e.key.toLowerCase() === key) : undefined;
}

function whyNoFix(context: PowerShellRuleContext, grant: PasswordGrant): string | undefined {
  const { body } = grant;
  if (grant.clients.length > 0) return requestsAzureAdGraph(context, body) ? AZURE_AD_GRAPH_RETIRED : otherClientReason(grant.clients[0]);
  if (grant.germanCloud) return germanCloudClosed('login.microsoftonline.de', `https://${PUBLIC_LOGIN_HOST}/<tenant>/oauth2/v2.0/token`);
  const runs = [grant, ...grant.onOtherRuns];
  const detached = runs.map((run) => detachedFromScript(run.at)).find(Boolean);
  if (detached) return detached;
  if ([...runs.map((run) => run.at), ...grant.sends.map((send) => send.node)].some((node) => otherRunspaceHost(node) === 'Invoke-Command')) {
    return "Invoke-Command may run the request on another computer, where the script's environment (the Secure Application Model secrets) does not exist";
  }
  if (!grant.uriShown) {
    if (grant.baseUnnamed) return UNNAMED_BASE_NO_FIX;
    return "the script does not show the URI it is posted to (its resource or scope names a Microsoft service, its client is one of Microsoft's own, or its token signs in to one: only Entra ID issues those tokens), so a fix cannot tell that the new body goes to Entra ID's token endpoint: rewrite the request by hand";
  }
  if (runs.some((run) => requestsAzureAdGraph(context, run.body))) return AZURE_AD_GRAPH_RETIRED;
  if (grant.postedElsewhere) {
    const holder = context.index.scopes().functionAround(grant.at.startIndex)?.name;
    return (
      `the same body is also posted to a URI that is not a token endpoint, or one the file does not show${holder ? ` (it is written in ${holder})` : ''}, ` +
      'and a fix would change that request too: pass the body in from the call that posts it to the token endpoint'
    );
  }
  return runs.map((run) => whyBodyNotRewritten(context, grant, run.body)).find(Boolean);
}

/** Why the fix cannot rewrite one body that posts the grant. */
function whyBodyNotRewritten(context: PowerShellRuleContext, grant: PasswordGrant, body: Body): string | undefined {
  if (body.kind === 'string') {
    return "the body is a string, which the fix does not rewrite: post a hashtable with grant_type = 'refresh_token', client_id, client_secret and refresh_token";
  }
  if (!body.literal) return 'the body hashtable is built over several statements, so the fix cannot rewrite it in one place';
  const returner = returnedForOtherUses(context, grant, body);
  if (returner) {
    return `the body is the hashtable ${returner} returns, and the script calls ${returner} for other uses too (or other scripts may): a fix of the table would change what those calls get; build the body where it is posted`;
  }
  if (!LITERAL_TYPES.has(innermost(entryOf(body, 'grant_type')!.value).type)) return 'the grant type is not written in the body itself';
  const passwords = body.entries.filter((e) => e.key.toLowerCase() === 'password');
  if (passwords.length !== 1) return 'the body has no password entry of its own, or more than one';
  if (entryOf(body, 'client_assertion')) return SIGNS_IN_WITH_CLIENT_ASSERTION;
  if (entryOf(body, 'refresh_token')) return ALREADY_POSTS_REFRESH_TOKEN;
  return undefined;
}

/** The fix rewrites an Invoke-RestMethod or Invoke-WebRequest request's hashtable body; a WebClient's, an HttpClient's or curl's request is written another way. */
function otherClientReason(post: ClientPost): string {
  return (
    `${post.client} posts it, and the fix rewrites Invoke-RestMethod and Invoke-WebRequest requests only: post the Secure Application Model's ` +
    'refresh_token grant with it instead (grant_type=refresh_token, client_id, client_secret and refresh_token), as the fix for Invoke-RestMethod does, ' +
    'and store back the rotated refresh token its answer carries'
  );
}

/** A `resource` or `scope` naming Azure AD Graph: in a body hashtable's entries, or anywhere in a string body. */
function requestsAzureAdGraph(context: PowerShellRuleContext, body: Body): boolean {
  const values = body.kind === 'string' ? [formShape(context, body)] : ['resource', 'scope'].flatMap((key) => entryOf(body, key)?.value ?? []).map((value) => context.values().shapeOf(value));
  return values.some(namesAzureAdGraph);
}

// ---------------------------------------------------------------------------------------------------
// The fix: the same request, with the refresh_token grant.

/** Whether a request that posts the grant's body posts a variable the script also gives other bodies. */
function sendsOtherBodies(context: PowerShellRuleContext, grant: PasswordGrant): boolean {
  const literals = new Set([grant, ...grant.onOtherRuns].flatMap((run) => (run.body.kind === 'hashtable' && run.body.literal ? [run.body.literal.id] : [])));
  return [...grant.sends, ...grant.wrapped].some((send) => {
    const sent = send.parameters.find((p) => p.canonical === 'Body')?.value;
    const inner = sent && innermost(sent);
    const name = inner?.type === 'variable' ? variableName(inner) : undefined;
    if (!name) return false;
    const use = context.index.scopes().useAt(inner!.startIndex, name, namesScriptVariable(inner!));
    return context.values().assignmentsOf(name).some((a) => {
      if (!use.sees(a)) return false;
      const table = hashLiteral(a.value) ?? returnedTable(context, a.value)?.literal;
      return !literals.has(a.value.id) && (!table || !literals.has(table.id));
    });
  });
}

function refreshTokenFix(context: PowerShellRuleContext, grant: PasswordGrant): Fix {
  return {
    title: 'Post the Secure Application Model refresh_token grant instead',
    // A request that also posts other bodies (the caller's own refresh_token grant in another branch) would
    // store their answers' refresh tokens as the Secure Application Model's.
    safeForFixAll: !sendsOtherBodies(context, grant),
    edits: [...[grant, ...grant.onOtherRuns].flatMap((run) => refreshTokenBody(context, run.body)), ...rotatedTokenEdits(context, grant)],
  };
}

/** The edits that make a body post the refresh_token grant, with the Secure Application Model's app, in place of the password grant. */
function refreshTokenBody(context: PowerShellRuleContext, written: Body): TextEdit[] {
  const body = written as Extract<Body, { kind: 'hashtable' }>;
  const grantEntry = entryOf(body, 'grant_type')!;
  const slots = ['username', 'password'].map((key) => entryOf(body, key)).filter((e): e is BodyEntry => !!e);
  // New keys are quoted the way the keys they replace are.
  const quote = /^['"]/.exec(slots[0].keyNode.text)?.[0] ?? '';
  const value = (key: SamKey): string => inCasing(context.secrets().read(SAM_SECRETS[key]), context.casing());
  const entry = (key: SamKey): string => `${quote}${key}${quote} = ${value(key)}`;
  // The refresh token redeems only under the Secure Application Model app: its id and secret replace the body's own.
  const clientId = entryOf(body, 'client_id');
  const clientSecret = entryOf(body, 'client_secret');
  const added = [...(clientId ? [] : [entry('client_id')]), entry('refresh_token'), ...(clientSecret ? [] : [entry('client_secret')])];
  const groups = slots.length === 2 ? [added.slice(0, -1), added.slice(-1)] : [added];
  return [
    replaceValue(grantEntry, "'refresh_token'"),
    ...(clientId ? [replaceValue(clientId, value('client_id'))] : []),
    ...(clientSecret ? [replaceValue(clientSecret, value('client_secret'))] : []),
    ...slots.map((slot, i) => (groups[i].length > 0 ? replaceEntry(context, slot, groups[i]) : hashEntryRemoval(context.text, { ...slot, entry: slot.entry! }))),
  ];
}

function replaceValue(entry: BodyEntry, newText: string): TextEdit {
  return { startOffset: entry.value.startIndex, endOffset: entry.value.endIndex, newText };
}

/**
 * The entry gives way to new ones: on lines of their own if it stood on its own line (a comment on
 * that line goes with it), else `; `-separated in its place.
 */
function replaceEntry(context: PowerShellRuleContext, slot: BodyEntry, entries: string[]): TextEdit {
  if (!standsAlone(context.text, { ...slot, entry: slot.entry! })) {
    return { startOffset: slot.keyNode.startIndex, endOffset: slot.value.endIndex, newText: entries.join('; ') };
  }
  const lineEnd = slot.value.endIndex + /^[^\r\n]*/.exec(context.text.slice(slot.value.endIndex))![0].length;
  const separator = `${context.style().eol}${indentationAt(context.text, slot.keyNode.startIndex)}`;
  return { startOffset: slot.keyNode.startIndex, endOffset: lineEnd, newText: entries.join(separator) };
}

/**
 * The answer to a refresh_token grant carries a new refresh token: `$r = Invoke-RestMethod …` keeps
 * it after the statement, and so does `(Invoke-RestMethod …).access_token` once the parentheses keep
 * the answer; `$r = Invoke-WebRequest …` keeps it in the JSON of `$r.Content`. Elsewhere a comment
 * above the request says to.
 */
function rotatedTokenEdits(context: PowerShellRuleContext, grant: PasswordGrant): TextEdit[] {
  const { eol } = context.style();
  const { statement, assigned, readInline, output, webResponse } = keptAnswer(grant);
  const indent = indentationAt(context.text, statement.startIndex);
  const response = webResponse ? INLINE_ANSWER : (assigned ?? ((readInline || output) && INLINE_ANSWER));
  const storedAt = context.secrets().storedAt('REFRESH_TOKEN');
  if (!response) {
    const note = `# The answer carries a new refresh_token: store it back ${storedAt} (unused, it lapses after 90 days).`;
    return [{ startOffset: statement.startIndex, endOffset: statement.startIndex, newText: `${note}${eol}${indent}` }];
  }
  const store = inCasing(context.secrets().store('REFRESH_TOKEN', `${response}.refresh_token`), context.casing());
  const end = statement.startIndex + statement.text.trimEnd().length;
  // A script that prints or logs the answer (`$response`, `ConvertTo-Json`) would show the token; one that reads it keeps it.
  // Invoke-WebRequest's answer keeps it in its Content, which the fix cannot take it off (see IN_CONTENT).
  const shown = webResponse ? undefined : (assigned ?? (output ? INLINE_ANSWER : undefined));
  const takenOff = !shown || readsRefreshToken(context) ? '' : `; ${shown}.PSObject.Properties.Remove('refresh_token')`;
  const newText =
    `${eol}${indent}# The answer carries a new refresh_token${webResponse ? ' in its Content' : ''}: keep it, and store it back ${storedAt} (unused, it lapses after 90 days).` +
    (takenOff ? `${eol}${indent}# It is taken off the answer, which the script may print or log.` : '') +
    (webResponse ? `${eol}${indent}${INLINE_ANSWER} = ${assigned}.Content | ConvertFrom-Json` : '') +
    `${eol}${indent}if (${response}.refresh_token) { ${store}${takenOff} }` +
    // The answer was the statement's output (a function's return value): it still is.
    (output ? `${eol}${indent}${INLINE_ANSWER}` : '');
  const keepAt = readInline ? readInline.startIndex + 1 : output ? statement.startIndex : undefined;
  const keepAnswer = keepAt === undefined ? [] : [{ startOffset: keepAt, endOffset: keepAt, newText: `${INLINE_ANSWER} = ` }];
  return [...keepAnswer, { startOffset: end, endOffset: end, newText }];
}

interface KeptAnswer {
  statement: Node;
  /** The variable that keeps the answer as it is (`$r = irm …`), by Invoke-RestMethod or Invoke-WebRequest. */
  assigned?: string;
  /** `assigned` keeps Invoke-WebRequest's answer, whose Content is the token answer's JSON. */
  webResponse?: true;
  readInline?: Node;
  output?: true;
  /** The answer goes on to other commands (`irm … | Export-Clixml`), also where the pipeline's output is assigned. */
  pipedOn: boolean;
  /** `$all += irm …`: the answer is added to what the variable holds, not kept as it is. */
  addedTo: boolean;
  toFile: boolean;
}

/**
 * Where the answer goes: kept in a variable (`$r = irm …`), read for a member in place
 * (`(irm …).access_token`), or the statement's output (`irm …` alone: a function's return value).
 */
function keptAnswer(grant: PasswordGrant): KeptAnswer {
  const send = grant.sends[0];
  const statement = enclosingStatement(send.node);
  // Piped on (`$t = irm … | Select-Object -ExpandProperty access_token`) or written to a file: the answer is not what is kept.
  const pipedOn = /^\s*\|/.test(statement.text.slice(send.node.endIndex - statement.startIndex));
  const toFile = send.parameters.some((p) => p.canonical === 'OutFile');
  const target = assignedTo(send.node);
  // A target is what the statement, an assignment, writes: `$all += irm …` adds the answer to it.
  const addedTo = target !== undefined && assignmentOperator(statement.namedChild(0)!) !== '=';
  const single = grant.sends.length === 1 && !pipedOn && !toFile && !addedTo;
  const restMethod = single && send.spec.name === 'Invoke-RestMethod';
  const webRequest = single && send.spec.name === 'Invoke-WebRequest';
  const kept = restMethod || webRequest ? target?.text : undefined;
  // `$null = irm …` throws the answer away: nothing to store from.
  const assigned = kept !== undefined && isNullLiteral(kept) ? undefined : kept;
  const readInline = restMethod && !kept && statement.type === 'pipeline' ? memberReadOfAnswer(send.node) : undefined;
  const output = restMethod && !kept && !readInline && statement.type === 'pipeline' && statement.text.trim() === send.node.text.trim();
  return { statement, assigned, readInline, toFile, pipedOn, addedTo, ...(webRequest && assigned ? { webResponse: true } : {}), ...(output ? { output } : {}) };
}

/**
 * Why fix-all leaves the answer, which after the fix carries a refresh token, to a person: it goes on
 * as it is (PASSED_ON): piped on (`| Tee-Object -Variable r | Out-File auth.log`, also where the
 * pipeline's output is assigned: `$t = irm … | Export-Clixml token.xml`), returned, added to a
 * variable's value (`+=`), written to a file (`-OutFile`) or into a property (`$cfg.Token = irm …`),
 * where the fix can neither store its refresh token nor take it off; or it is Invoke-WebRequest's
 * (IN_CONTENT). Not where only its access token is read (`| Select-Object -ExpandProperty access_token`).
 */
function answerLeftNote(context: PowerShellRuleContext, grant: PasswordGrant): string | undefined {
  const { statement, readInline, output, toFile, pipedOn, addedTo, webResponse } = keptAnswer(grant);
  if (toFile || addedTo) return PASSED_ON;
  if (webResponse) return IN_CONTENT;
  // Kept in a variable (or thrown away: `$null = …`), or what a wrapper of the script's makes of it: the fix stores the token, or the comment above says to.
  const send = grant.sends[0];
  if (readInline || output || !WEB_REQUEST_CMDLETS.has(send.spec.name) || grant.wrapped.length > 0) return undefined;
  if (!pipedOn && assignedTo(send.node) !== undefined) return undefined;
  return ACCESS_TOKEN_ONLY.test(context.text.slice(send.node.endIndex, statement.endIndex)) ? undefined : PASSED_ON;
}

const ACCESS_TOKEN_ONLY = /^\s*\|\s*(?:Select-Object|select)\s+-(?:ExpandProperty|exp\w*)\s+['"]?access_token['"]?\s*$/i;

const IN_CONTENT =
  "Fix-all leaves this to you: Invoke-WebRequest's answer keeps the new refresh token in its Content and RawContent, as text the fix cannot take it off " +
  '(the fix stores it back from there), so a script that prints or logs the answer would show it; read the answer with Invoke-RestMethod, or make sure the script does not show it, then apply the fix';

const PASSED_ON =
  'Fix-all leaves this to you: the answer, which after the fix carries a new refresh token, goes on as it is (piped on, returned, added to a variable with +=, or written to a file or a property), ' +
  'where the fix can neither store that token nor keep it out of logs; keep the answer in a variable first (`$r = Invoke-RestMethod …`), then apply the fix';

/**
 * Whether the script reads a refresh token member anywhere, under any name (`$script:r.refresh_token`, a
 * copy's, `-ExpandProperty refresh_token`, `$r['refresh_token']`), other than on the lines fixes write
 * (which name the Secure Application Model's stored token) and in comments.
 */
function readsRefreshToken(context: PowerShellRuleContext): boolean {
  return context.text.split(/\r\n|\n|\r/).some((line) => REFRESH_TOKEN_READ.test(line) && !FIX_WRITTEN.test(line) && !/^\s*#/.test(line));
}

const REFRESH_TOKEN_READ = /(?:\.\s*['"]?|\[\s*['"]|-(?:Expand)?Property\s+['"]?|Select(?:-Object)?\s+['"]?)refresh_?token\b/i;
const FIX_WRITTEN = /mfa[-_]ready[-_]refresh[-_]token/i;

/** Where the answer is kept when the code reads a member of it in place: `(irm …).access_token` becomes `($mfaReadyTokenAnswer = irm …).access_token`. */
const INLINE_ANSWER = '$mfaReadyTokenAnswer';

/** `(Invoke-RestMethod …).member`: the parentheses around the command alone, whose member the code reads. */
function memberReadOfAnswer(command: Node): Node | undefined {
  const chain = command.parent;
  const pipeline = chain?.type === 'pipeline_chain' && chain.namedChildCount === 1 ? chain.parent : undefined;
  const parentheses = pipeline?.type === 'pipeline' && pipeline.namedChildCount === 1 ? pipeline.parent : undefined;
  return parentheses?.type === 'parenthesized_expression' && parentheses.parent?.type === 'member_access' ? parentheses : undefined;
}

