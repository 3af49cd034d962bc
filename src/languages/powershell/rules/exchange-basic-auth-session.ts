import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { lineNumberAt } from '../../../engine/text';
import { exchangePowerShellEndpoint, type ExchangePowerShellEndpoint } from '../../shared/microsoft-endpoints';
import { cmdletSpec, isCommonParameter } from '../cmdlets';
import { inCasing } from '../code-style';
import { commandName, HELD_SCRIPT_BLOCK, inHeldScriptBlock, detachedFromScript, otherRunspaceHost, type CommandCall } from '../command';
import { callersCredential, callersNote } from '../caller-credentials';
import { accountsOf } from '../signed-in-accounts';
import { interactiveFixReason, typedAtPrompt, typedAtPromptReason } from '../credential-sources';
import { promptedOnEveryRun } from '../every-run-prompts';
import { credentialTakenOutRelated, onlyMakesValue, withCredentialTakenOut } from '../credential-removal';
import { planTokenFunction, whyNoTokenFunction, whyOwnTokenFunctionFails, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { assignedTo, assignedVariable, assignmentOperator, descendants, enclosingStatement, innermost, isNullLiteral, isWithin, unwrapped, variableName, type Node } from '../syntax';
import { GET_SAM_ACCESS_TOKEN } from '../templates/sam-token-function';
import { helperScopeAt } from '../helper-scope';
import { UNKNOWN } from '../values';
import { commonArguments, generatedCode, layoutOf, readArguments, renderRewrite, scriptCallsOf, type FixInputs, type Rewrite, type WrittenArgument } from './connect-rewrite';
import { importedArguments } from './exchange-session-imports';
import { closedByName, closingStatementPart, lookupsByName } from './exchange-session-names';
import { trimmedEnd } from '../statement-lines';
import { statementRemovals, statementsRemoved, triesLosingCatches } from '../statement-removal';
import { namesScriptVariable, type IndexedVariable } from '../script-index';
import { EXCHANGE_ONLINE_FIXES, EXCHANGE_ONLINE_INTERACTIVE } from './connect-sign-ins';
import { exchangeOnlinePatternHit } from './exchange-online-pattern';
import { organizationOfScript } from '../script-organization';
import { germanCloudClosed, namesGermanCloud } from '../azure-environments';

const RETIRED =
  'basic authentication in Exchange Online is off since 2022-10-01, and remote PowerShell was replaced by ' +
  'the REST-based ExchangeOnlineManagement module (EXO V3) in Oct 2023. A password cannot perform MFA either.';

const MESSAGE =
  `New-PSSession opens an Exchange Online remote PowerShell session with basic authentication (a username and password): ${RETIRED} ` +
  'Connect with Connect-ExchangeOnline and a Secure Application Model token, or app-only.';

const COMPLIANCE_MESSAGE =
  `New-PSSession opens a Security & Compliance PowerShell session with basic authentication (a username and password): ${RETIRED} ` +
  'Connect with Connect-IPPSSession of that module: app-only (-AppId -CertificateThumbprint -Organization), or -AccessToken from 3.8.0.';

const PROTECTION_MESSAGE =
  `New-PSSession opens an Exchange Online Protection PowerShell session with basic authentication (a username and password): ${RETIRED} ` +
  'Connect with Connect-IPPSSession -ConnectionUri https://ps.protection.outlook.com/powershell-liveid/ of that module: app-only ' +
  '(-AppId -CertificateThumbprint -Organization), or -AccessToken from 3.8.0.';

const MESSAGES: Readonly<Record<ExchangePowerShellEndpoint['service'], string>> = { exchange: MESSAGE, compliance: COMPLIANCE_MESSAGE, protection: PROTECTION_MESSAGE };

/** What a statement that imports the session may contain besides Import-PSSession, and still be removed. */
const IMPORT_COMPANIONS = new Set(['import-pssession', 'import-module', 'ipmo', 'out-null']);

/** Builds an object and does nothing else, so the session's statement can go with it, as a `$so = New-PSSessionOption …` line the fix leaves can. */
const SESSION_OPTION = 'new-pssessionoption';

type Range = Pick<Node, 'startIndex' | 'endIndex'>;

/** One remote PowerShell session to Exchange Online, and the statements that use it. */
interface ExchangeSession {
  call: CommandCall;
  endpoint: ExchangePowerShellEndpoint;
  /** A server the connection URI names on other runs (`if ($onPremises) { $uri = 'http://exch01/PowerShell/' }`). */
  otherServer?: string;
  uri: Node;
  statement: Node;
  variable?: string;
  /** Where the variable holds this session. */
  lifetime: Range;
  /** The function that sets the script's variable (`$script:session`) holding this session, which lines outside it may read. */
  setBy?: Range;
  imports: CommandCall[];
  removals: CommandCall[];
}

export const exchangeBasicAuthSessionRule: PowerShellRule = {
  meta: {
    id: 'ps-exchange-basic-auth-session',
    title: 'Exchange Online remote PowerShell session with basic authentication',
    description:
      'New-PSSession -ConfigurationName Microsoft.Exchange -Authentication Basic to an Exchange Online host ' +
      '(outlook.office365.com, ps.outlook.com, a sovereign cloud or Security & Compliance host) signs in with a ' +
      'username and password. Basic authentication in Exchange Online is off since 2022-10-01 and remote ' +
      'PowerShell was replaced by the REST-based module (EXO V3) in Oct 2023; a password cannot perform MFA. ' +
      'Use Connect-ExchangeOnline with a Secure Application Model access token, or app-only with a certificate.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'exchange', 'basic-auth'],
    triggers: ['microsoft.exchange'],
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    const calls = context.commands();
    return calls.flatMap((call): RuleHit[] => {
      const session = exchangeSession(context, call, calls);
      if (!session) return [exchangeOnlinePatternHit(context, call, RETIRED)].filter((hit): hit is RuleHit => !!hit);
      const { fixes, notes } = planFixes(context, session);
      const message = MESSAGES[session.endpoint.service];
      const credential = call.parameters.find((p) => p.canonical === 'Credential')?.value;
      return [
        {
          message: [message, ...notes.map((note) => `(${note}.)`)].join(' '),
          startOffset: call.node.startIndex,
          endOffset: call.node.endIndex,
          fixes,
          related: [
            ...session.imports.map((i) => ({ message: "the session's cmdlets are imported here", startOffset: i.node.startIndex, endOffset: i.node.endIndex })),
            ...session.removals.map((r) => ({ message: 'the session is closed here', startOffset: r.node.startIndex, endOffset: r.node.endIndex })),
            ...blocksTakenOutRelated(session, fixes),
            ...credentialTakenOutRelated(context.values(), fixes, credential),
          ],
          signsInAs: credential && accountsOf(context, credential),
        },
      ];
    });
  },
};

/**
 * An `if` whose every branch only imported the session's cmdlets, or a `try` whose block did, which the fixes take out with
 * the imports, or whose `catch` they take out where its `finally` stays.
 */
function blocksTakenOutRelated(session: ExchangeSession, fixes: readonly Fix[]): NonNullable<RuleHit['related']> {
  if (fixes.length === 0) return [];
  const removed = statementsRemoved(separateImportsOf(session));
  const related = (message: string) => (statement: Node) => ({ message, startOffset: statement.startIndex, endOffset: statement.endIndex });
  return [
    ...removed.filter((statement) => statement.type === 'if_statement').map(related("each branch of this if only imports the session's cmdlets: the fixes take it out")),
    ...removed.filter((statement) => statement.type === 'try_statement').map(related("this try only imports the session's cmdlets: the fixes take it out with its catch")),
    ...triesLosingCatches(removed).map(related("this try's block only imports the session's cmdlets: the fixes take them out, and its catch, left nothing to catch; its finally stays")),
  ];
}

/** The statements that import the session's cmdlets, other than the one that opens it. */
function separateImportsOf(session: ExchangeSession): Node[] {
  return session.imports.map((i) => enclosingStatement(i.node)).filter((s) => s.id !== session.statement.id);
}

/** The credentials this rule's fixes take out of the script: those of the sessions it replaces. */
export function sessionCredentialsReplacedByFixes(context: PowerShellRuleContext): Node[] {
  const calls = context.commands();
  return calls.flatMap((call) => {
    const session = exchangeSession(context, call, calls);
    const credential = session && !whyNoFix(context, session) ? call.parameters.find((p) => p.canonical === 'Credential')?.value : undefined;
    return credential ? [credential] : [];
  });
}

/**
 * Both fixes; only the app-only one where the script's token function cannot be used; none where the
 * session cannot be replaced; the interactive sign-in first where someone types the password in at a prompt.
 * The notes say why a fix is missing, or left to a person.
 */
function planFixes(context: PowerShellRuleContext, session: ExchangeSession): { fixes: Fix[]; notes: string[] } {
  const withheld = whyNoFix(context, session);
  if (withheld) return { fixes: [], notes: [`No fix is offered here: ${withheld}`] };
  const credential = session.call.parameters.find((p) => p.canonical === 'Credential')?.value;
  const unprompted = (fixes: Fix[]) => fixes.map((fix) => withCredentialTakenOut(context.text, context.values(), fix, credential));
  const interactiveWritten = interactiveFix(context, session, credential);
  const interactive = unprompted(interactiveWritten);
  const noPlace = whyNoTokenFunctionFor(context, session);
  const sam = noPlace ? [] : connectFix(context, session, 'sam', true);
  const noTokenFunction = noPlace ?? whyOwnTokenFunctionFails(context, GET_SAM_ACCESS_TOKEN, sam.flatMap((fix) => fix.edits.map((edit) => edit.newText)).join('\n'));
  const written = noTokenFunction ? [] : [...sam, ...connectFix(context, session, 'app-only', false)];
  // A block that may only be kept for later is no reason to change who signs in unattended.
  const unattended = !inHeldScriptBlock(session.call.node, context.functionNames()) && interactive.length === 0;
  const unattendedWritten = noTokenFunction ? connectFix(context, session, 'app-only', unattended) : written;
  const unattendedFixes = unprompted(unattendedWritten);
  const promptTakenOut = unattendedFixes.some((fix, i) => fix !== unattendedWritten[i]);
  const someLeft = sessionsClosedByLookup(context, session) || sessionProxy(context, session);
  if (interactive.length > 0) {
    const reason = interactiveFixReason({ how: sessionSignIns(unattendedFixes.length > 1), count: unattendedFixes.length }, interactive[0] !== interactiveWritten[0]);
    const notes = [...(noTokenFunction ? [`The Secure Application Model fix is not offered here: ${noTokenFunction}`] : []), reason, ...(someLeft ? [someLeft] : [])];
    const fixes = [...interactive, ...unattendedFixes.map((fix) => ({ ...fix, safeForFixAll: false }))];
    return { fixes: someLeft ? fixes.map((fix) => ({ ...fix, safeForFixAll: false })) : fixes, notes };
  }
  if (noTokenFunction) return { fixes: unattendedFixes, notes: [`Only the app-only fix is offered here: ${noTokenFunction}`] };
  const leftNote = (credential && whyLeftToPerson(context, credential, sam.length > 0, promptTakenOut)) || someLeft;
  return leftNote ? { fixes: unattendedFixes.map((fix) => ({ ...fix, safeForFixAll: false })), notes: [leftNote] } : { fixes: unattendedFixes, notes: [] };
}

/** How the unattended fixes of a session sign in: with a token or a certificate, or a certificate alone. */
function sessionSignIns(withToken: boolean): string {
  return withToken ? 'a Secure Application Model token or a certificate (app-only)' : 'a certificate (app-only)';
}

/**
 * Connect-ExchangeOnline signing in the person who types the password in at a prompt on every run, in the script's own
 * session (not a job, another runspace or a block kept for later), where that person can answer it.
 */
function interactiveFix(context: PowerShellRuleContext, session: ExchangeSession, credential: Node | undefined): Fix[] {
  if (!credential || !promptedOnEveryRun(credential, context)) return [];
  if (otherRunspaceHost(session.call.node) || inHeldScriptBlock(session.call.node, context.functionNames())) return [];
  return connectFix(context, session, 'interactive', true);
}

/**
 * The script closes the sessions Get-PSSession finds (`Get-PSSession | Remove-PSSession`): after the fix
 * there is none, and Remove-PSSession given none fails.
 */
function sessionsClosedByLookup(context: PowerShellRuleContext, session: ExchangeSession): string | undefined {
  const byName = context.index.commandsByName();
  const closing = (byName.get('remove-pssession') ?? []).find((removal) => !session.removals.some((own) => own.node.startIndex === removal.start));
  if (!closing || !byName.has('get-pssession')) return undefined;
  return (
    `Fix-all leaves this to you: line ${lineNumberAt(context.text, closing.start)} closes the sessions Get-PSSession finds: it finds no ` +
    'Exchange session once Connect-ExchangeOnline replaces it (it opens none); close the connection there with Disconnect-ExchangeOnline -Confirm:$false'
  );
}

/**
 * The session reaches Exchange Online through a proxy its session option names (`-SessionOption
 * (New-PSSessionOption -ProxyAccessType IEConfig)`, or a variable holding one): Connect-ExchangeOnline
 * and the token request take no session option, so whether they get through is for a person to check.
 */
function sessionProxy(context: PowerShellRuleContext, session: ExchangeSession): string | undefined {
  const option = session.call.parameters.find((p) => p.canonical === 'SessionOption')?.value;
  const written = option && context.values().heldValue(option);
  if (!written || !/-Proxy\w*/i.test(written.text)) return undefined;
  return (
    'Fix-all leaves this to you: the session goes through a proxy its session option sets (New-PSSessionOption -Proxy…), which ' +
    "Connect-ExchangeOnline and the token request do not take: they use the system's proxy settings; check they reach Exchange Online and the sign-in through it, then apply the fix"
  );
}

/** Why fix-all leaves the session to a person: its password is typed in at a prompt, or the caller gives its credential. */
function whyLeftToPerson(context: PowerShellRuleContext, credential: Node, withToken: boolean, promptTakenOut: boolean): string | undefined {
  if (typedAtPrompt(credential, context)) return `Fix-all leaves this to you: ${typedAtPromptNote(withToken, promptTakenOut)}`;
  const caller = callersCredential(context, credential);
  return caller && `Fix-all leaves this to you: ${callersNote(caller)}`;
}

function typedAtPromptNote(withToken: boolean, promptTakenOut: boolean): string {
  const interactive = 'Connect-ExchangeOnline signed in interactively';
  return typedAtPromptReason(interactive, withToken ? 'the fixes' : 'the fix', `${withToken ? 'sign' : 'signs'} in with ${sessionSignIns(withToken)}`, promptTakenOut);
}

function exchangeSession(context: PowerShellRuleContext, call: CommandCall, calls: CommandCall[]): ExchangeSession | undefined {
  if (call.spec.name !== 'New-PSSession') return undefined;
  const shape = (parameter: string): string | undefined => {
    const value = call.parameters.find((p) => p.canonical === parameter)?.value;
    return value && context.values().shapeOf(value).toLowerCase();
  };
  const uri = call.parameters.find((p) => p.canonical === 'ConnectionUri')?.value;
  if (!uri || shape('ConfigurationName') !== 'microsoft.exchange' || shape('Authentication') !== 'basic') return undefined;
  const endpoints = context.values().everyShapeOf(uri).map(endpointOfUri);
  const endpoint = endpoints.find((found) => found.endpoint && !found.tokenAsPassword)?.endpoint;
  if (!endpoint) return undefined;
  const statement = enclosingStatement(call.node);
  const assignee = assignedTo(call.node);
  const variable = assignee && variableName(assignee);
  const setBy = assignee && namesScriptVariable(assignee) ? context.index.scopes().functionAround(statement.startIndex) : undefined;
  const lifetime = setBy ? { startIndex: 0, endIndex: context.text.length } : sessionLifetime(context, statement, variable);
  const ofSession = (other: CommandCall): boolean => {
    const argument = isWithin(other.node, lifetime) ? sessionArgumentOf(other, variable) : undefined;
    return isWithin(other.node, statement) || (!!argument && holdsSession(context, variable!, argument.startIndex, statement));
  };
  return {
    call,
    endpoint,
    otherServer: endpoints.find((found) => found.host && found.endpoint?.service !== endpoint.service)?.host,
    uri,
    statement,
    variable,
    lifetime,
    setBy: setBy && { startIndex: setBy.start, endIndex: setBy.end },
    imports: calls.filter((other) => other.spec.name === 'Import-PSSession' && ofSession(other)),
    removals: calls.filter((other) => other.spec.name === 'Remove-PSSession' && (ofSession(other) || closedByName(context, call, other))),
  };
}

/** The host a connection URI's shape names in full, and the Exchange Online endpoint that host is, if any. */
function endpointOfUri(shape: string): { host?: string; endpoint?: ExchangePowerShellEndpoint; tokenAsPassword?: boolean } {
  const host = /^https?:\/\/([^/:?#]+)/i.exec(shape)?.[1];
  if (!host || host.includes(UNKNOWN)) return {};
  // A bearer token posed as a password (`?BasicAuthToOAuthConversion=true`) is not a password sign-in;
  // partner scripts copied from web pages often carry the `&` HTML-escaped, once or twice (`&amp;amp;`).
  return { host, endpoint: exchangePowerShellEndpoint(host), tokenAsPassword: /[?&;]basicauthtooauthconversion=true/i.test(shape) };
}

/**
 * From the session's statement to the next assignment of its variable (another session, or anything),
 * within the function it is opened in: a function's own variable of that name is another one. (A function's
 * `$script:session` is the script's: any line may read it once the function has run, so it lives in the whole script.)
 */
function sessionLifetime(context: PowerShellRuleContext, statement: Node, variable: string | undefined): Range {
  const scopes = context.index.scopes();
  const end = scopes.functionAround(statement.startIndex)?.end ?? context.text.length;
  const scope = variable ? scopes.useAt(statement.startIndex, variable) : undefined;
  const next = variable ? context.values().assignmentsOf(variable).find((a) => a.offset >= statement.endIndex && scope!.sees(a)) : undefined;
  return { startIndex: statement.startIndex, endIndex: Math.min(next?.offset ?? end, end) };
}

/** The `$s` an Import-PSSession / Remove-PSSession is given as its session. */
function sessionArgumentOf(call: CommandCall, variable: string | undefined): Node | undefined {
  const value = call.parameters.find((p) => p.canonical === 'Session')?.value;
  return variable && value && innermost(value).type === 'variable' && variableName(value) === variable ? innermost(value) : undefined;
}

function whyNoFix(context: PowerShellRuleContext, session: ExchangeSession): string | undefined {
  if (context.functionNames().has('connect-exchangeonline')) {
    return "the script defines a function Connect-ExchangeOnline of its own, which the fix's Connect-ExchangeOnline would run instead of the module's cmdlet: rename that function first";
  }
  const detached = detachedFromScript(session.call.node);
  if (detached) return detached;
  if (session.otherServer) {
    return `the connection URI names ${session.otherServer} on other runs, which Connect-ExchangeOnline does not reach: connect with it only on the runs that go to Exchange Online`;
  }
  if (session.endpoint.service !== 'exchange') {
    const opened = session.endpoint.service === 'compliance' ? 'Security & Compliance PowerShell' : 'Exchange Online Protection PowerShell';
    const uri = session.endpoint.service === 'compliance' ? '' : ' -ConnectionUri https://ps.protection.outlook.com/powershell-liveid/';
    return `this rule's fixes write Connect-ExchangeOnline, which does not open ${opened}; Connect-IPPSSession${uri} does (app-only, or -AccessToken from ExchangeOnlineManagement 3.8.0)`;
  }
  if (session.endpoint.sovereign) return sovereignSessionReason(session.endpoint.environmentName);
  if (delegatedOrganization(context, session) === null) return 'the DelegatedOrg of the connection URI is not a plain value the fix can carry over';
  const otherUse = otherSessionUse(context, session);
  if (otherUse) return `the session $${session.variable} is also used on line ${lineNumberAt(context.text, otherUse.startIndex)}, and Connect-ExchangeOnline opens no session object`;
  const lookup = lookupsByName(context, session.call)[0];
  if (lookup) return `Get-PSSession on line ${lineNumberAt(context.text, lookup.startIndex)} looks the session up by its name, and Connect-ExchangeOnline opens no session`;
  const madeInPlace = credentialMadeInPlace(session);
  const tangled = [session.statement, ...session.imports.map((i) => enclosingStatement(i.node))].find((s) => !isSessionOnly(context, s, madeInPlace));
  if (tangled) return `line ${lineNumberAt(context.text, tangled.startIndex)} does more than open or import the session, so it cannot be removed`;
  return importedArguments(context, session.imports).withheld;
}

/** The sovereign cloud's -ExchangeEnvironmentName, where the host tells it; Microsoft Cloud Deutschland's is closed. */
function sovereignSessionReason(environmentName: string | undefined): string {
  if (environmentName && namesGermanCloud(environmentName)) return germanCloudClosed("the session's cloud", "outlook.office365.com, Connect-ExchangeOnline's default");
  const value = environmentName ? ` ${environmentName}` : '';
  return `the session is in a sovereign cloud, and the fix connects to the public cloud: add -ExchangeEnvironmentName${value} to Connect-ExchangeOnline`;
}

function whyNoTokenFunctionFor(context: PowerShellRuleContext, session: ExchangeSession): string | undefined {
  const noFunction = whyNoTokenFunction(context);
  if (noFunction) return noFunction;
  const remote = otherRunspaceHost(session.call.node);
  if (remote) return `${remote} runs this block where the script's own token function does not exist`;
  return inHeldScriptBlock(session.call.node, context.functionNames()) ? `${HELD_SCRIPT_BLOCK}, where the script's own token function does not exist` : undefined;
}

/** A use of the session variable other than opening, importing and removing it. */
function otherSessionUse(context: PowerShellRuleContext, session: ExchangeSession): Node | undefined {
  if (!session.variable) return undefined;
  const known = new Set([...session.imports, ...session.removals].map((c) => sessionArgumentOf(c, session.variable)?.id));
  const assignment = session.statement.namedChild(0)?.namedChild(0);
  // A function's own variable of the same name is not the session (nor is assigning it a use).
  const seesSession = (v: IndexedVariable) =>
    !context.values().assignmentsOf(v.name).some((written) => written.offset === v.start) && mayHoldSession(context, session, v.name, v.start);
  const uses = context.index.variables().filter((v) => v.name === session.variable && isWithin({ startIndex: v.start, endIndex: v.end }, session.lifetime) && seesSession(v));
  return uses.map((at) => context.index.node(at, 'variable')).find((v) => !known.has(v.id) && !(assignment && isWithin(v, assignment)));
}

/** Whether the session variable read at `offset` holds the session `statement` opens: the assignment before it is that one, or there is none. */
function holdsSession(context: PowerShellRuleContext, name: string, offset: number, statement: Node): boolean {
  const seen = context.values().assignmentBefore(name, offset);
  return !seen || isWithin({ startIndex: seen.offset, endIndex: seen.end }, statement);
}

/**
 * Whether the session variable read at `offset` may hold the session: it holds it (see `holdsSession`), or it is the script's
 * variable a function sets, read outside that function where no assignment of the reader's own function comes first:
 * it holds what the function that ran last set, which the text does not order.
 */
function mayHoldSession(context: PowerShellRuleContext, session: ExchangeSession, name: string, offset: number): boolean {
  if (holdsSession(context, name, offset, session.statement)) return true;
  const at = { startIndex: offset, endIndex: offset };
  if (!session.setBy || isWithin(at, session.setBy)) return false;
  const scopes = context.index.scopes();
  return scopes.functionAround(context.values().assignmentBefore(name, offset)!.offset) !== scopes.functionAround(offset);
}

/**
 * The session's credential made in its own argument of nothing but prompts and reads (`-Credential (Get-Credential)`,
 * `(Import-Clixml …)`): it goes with the statement, as `$cred = Get-Credential` on a line of its own goes with the fix.
 */
function credentialMadeInPlace(session: ExchangeSession): Node | undefined {
  const credential = session.call.parameters.find((p) => p.canonical === 'Credential')?.value;
  return credential && isWithin(credential, session.statement) && onlyMakesValue(credential) ? credential : undefined;
}

/**
 * A statement made only of New-PSSession (and its options, and the credential it makes in place), Import-PSSession,
 * Import-Module and Out-Null, assigned to nothing or `$null`.
 */
function isSessionOnly(context: PowerShellRuleContext, statement: Node, credentialInPlace: Node | undefined): boolean {
  const ownCommands = descendants(statement, 'command').filter((command) => !(credentialInPlace && isWithin(command, credentialInPlace)));
  const names = ownCommands.map(canonicalName);
  if (!names.every((name) => name === 'new-pssession' || name === SESSION_OPTION || IMPORT_COMPANIONS.has(name))) return false;
  const top = statement.namedChild(0);
  return descendants(statement, 'assignment_expression').every(
    (a) => (a.id === top?.id && names.includes('new-pssession')) || isNullLiteral(a.namedChild(0)?.text ?? '') || (a.id === top?.id && isDiscarded(context, a)),
  );
}

/**
 * `$imported = Import-PSSession $s`, where the script never reads `$imported`: the output is dropped, as
 * `$null = …` drops it. A variable of the script's or global scope may be read elsewhere.
 */
function isDiscarded(context: PowerShellRuleContext, assignment: Node): boolean {
  const left = assignment.namedChild(0);
  const name = left && assignedVariable(left);
  if (!name || namesScriptVariable(left) || assignmentOperator(assignment) !== '=') return false;
  const writes = new Set(context.values().assignmentsOf(name).map((written) => written.offset));
  return context.index.variables().every((use) => use.name !== name || writes.has(use.start));
}

/** A command's name with aliases resolved (`nsn` → `new-pssession`), lower-case. */
function canonicalName(command: Node): string {
  const name = commandName(command) ?? '';
  return cmdletSpec(name)?.name.toLowerCase() ?? name;
}

/**
 * `?DelegatedOrg=<customer>` of a partner's session into a customer tenant, as PowerShell to pass on:
 * undefined when the URI has none, null when it has one the fix cannot carry over.
 */
function delegatedOrganization(context: PowerShellRuleContext, session: ExchangeSession): string | null | undefined {
  if (!/[?&]delegatedorg=/i.test(context.values().shapeOf(session.uri))) return undefined;
  const appended = appendedCustomer(context, session.uri);
  if (appended) return appended;
  const written = writtenString(context, session.uri);
  const raw = written && /[?&]DelegatedOrg=([^&"'`]*)/i.exec(written)?.[1];
  if (!raw) return null;
  if (/^[\w.-]+$/.test(raw)) return `'${raw}'`;
  return /^\$(?:\w+|\{[^}]+\}|\((?:[^()]|\([^()]*\))*\))$/.test(raw) ? raw : null;
}

/**
 * `"…/powershell-liveid?DelegatedOrg=" + $domain` (or `+ $customer.Domain`), as Microsoft's article on
 * delegated access writes a customer loop: the variable or member appended after `DelegatedOrg=`.
 */
function appendedCustomer(context: PowerShellRuleContext, uri: Node): string | undefined {
  // Written inline, the sum is in parentheses: `-ConnectionUri ("…?DelegatedOrg=" + $domain)`.
  const written = context.values().heldValue(unwrapped(uri));
  const sum = written && unwrapped(written);
  if (sum?.type !== 'additive_expression' || sum.namedChildCount !== 2 || sum.children.some((c) => c && !c.isNamed && c.text !== '+')) return undefined;
  const [head, tail] = [sum.namedChild(0)!, innermost(sum.namedChild(1)!)];
  if (!/[?&]DelegatedOrg=$/i.test(context.values().shapeOf(head))) return undefined;
  return /^\$\w+(?:\.\w+)*$/.test(tail.text) ? tail.text : undefined;
}

/** The string literal the URI is written as, directly or in the variable it is held in. */
function writtenString(context: PowerShellRuleContext, uri: Node): string | undefined {
  const inner = innermost(uri);
  if (inner.type !== 'variable') return inner.text;
  const assignment = context.values().assignmentSeenBy(inner);
  return assignment ? innermost(assignment.value).text : undefined;
}

/** The fix a Connect-ExchangeOnline builder makes of the session: `sam` with the token function, `app-only`, or `interactive`. */
function connectFix(context: PowerShellRuleContext, session: ExchangeSession, kind: 'sam' | 'app-only' | 'interactive', safeForFixAll: boolean): Fix[] {
  const builder = kind === 'interactive' ? EXCHANGE_ONLINE_INTERACTIVE : EXCHANGE_ONLINE_FIXES.find((b) => b.kind === kind)!;
  const rewrite = builder.build(sessionFixInputs(context, session));
  const helper = kind === 'sam' ? planTokenFunction(context, GET_SAM_ACCESS_TOKEN, helperScopeAt(context.index, session.call.start)) : [];
  if (!rewrite || !helper) return [];
  const title = SESSION_FIX_TITLES[kind];
  return [{ title, safeForFixAll, ...(kind === 'interactive' ? { interactive: true as const } : {}), edits: [...helper, ...connectEdits(context, session, rewrite)] }];
}

const SESSION_FIX_TITLES = {
  interactive: 'Sign in interactively with MFA (Connect-ExchangeOnline)',
  sam: 'Connect with Connect-ExchangeOnline and a Secure Application Model token',
  'app-only': 'Connect with Connect-ExchangeOnline app-only (certificate)',
} as const;

/**
 * What the builders read of the session, as if it were a Connect-ExchangeOnline -Credential: the
 * customer of `?DelegatedOrg=`, -Prefix/-CommandName/-FormatTypeName of its imports, and no banner.
 */
function sessionFixInputs(context: PowerShellRuleContext, session: ExchangeSession): FixInputs {
  const delegated = delegatedOrganization(context, session) ?? undefined;
  const imported = importedArguments(context, session.imports).carried;
  const written = (canonical: string): WrittenArgument | undefined => {
    if (canonical === 'DelegatedOrganization') return delegated ? { code: delegated, isSwitch: false } : undefined;
    if (canonical === 'ShowBanner') return { code: '$false', isSwitch: true };
    const code = imported?.get(canonical);
    return code === undefined ? undefined : { code, isSwitch: false };
  };
  return {
    ...readArguments(written),
    ...generatedCode(context.secrets(), GET_SAM_ACCESS_TOKEN, context.casing()),
    ...scriptCallsOf(() => context.index.commandsByName().keys()),
    organization: () => organizationOfScript(context, session.call.start),
  };
}

/**
 * The session statement becomes Connect-ExchangeOnline; imports go (with an `if` they leave empty); Remove-PSSession,
 * of the session or of its name, becomes Disconnect-ExchangeOnline.
 */
function connectEdits(context: PowerShellRuleContext, session: ExchangeSession, rewrite: Rewrite): TextEdit[] {
  const casing = context.casing();
  const layout = layoutOf(session.call.node.text, casing, context.style().eol);
  const connect = renderRewrite(rewrite, commonArgumentsOf(context, [session.call, ...session.imports]), layout);
  const separateImports = separateImportsOf(session);
  return [
    { startOffset: session.statement.startIndex, endOffset: trimmedEnd(session.statement), newText: connect },
    ...statementRemovals(context.text, separateImports),
    ...session.removals.map((removal) => {
      const closing = closingStatementPart(removal.node);
      const disconnect = [inCasing('Disconnect-ExchangeOnline -Confirm:$false', casing), ...commonArgumentsOf(context, [removal])].join(' ');
      return { startOffset: closing.startIndex, endOffset: trimmedEnd(closing), newText: disconnect };
    }),
  ];
}

/** `-ErrorAction` and the like of the calls the new command replaces, each once (the first call's wins). */
function commonArgumentsOf(context: PowerShellRuleContext, calls: CommandCall[]): string[] {
  const seen = new Set<string>();
  const firstTime = (canonical: string): boolean => isCommonParameter(canonical) && !seen.has(canonical);
  return calls.flatMap((call) => {
    const written = commonArguments(context.text, call, firstTime);
    for (const p of call.parameters) if (firstTime(p.canonical) && !p.positional) seen.add(p.canonical);
    return written;
  });
}
