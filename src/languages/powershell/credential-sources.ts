import { argumentText, commandName, commandNameAsWritten, pipelineInput, switchGiven, type CommandCall } from './command';
import type { RuleHit } from '../../engine/rule';
import type { ParameterArgument, ScriptFunctionCalls } from './function-calls';
import { descendants, innermost, literalText, variableName, writtenVariableName, type Node } from './syntax';
import type { ScriptValues } from './values';

/** Where the credential handed to a sign-in comes from, as far as the file shows. */
export interface CredentialOrigin {
  /** The assignment that made the credential variable, when the credential is one. */
  assignment?: Node;
  /** What made it: `Get-Credential`, `[pscredential]::new`, …; undefined when unknown. */
  maker?: string;
  /** A plain string: the name of a stored credential (PnP reads it from Windows Credential Manager). */
  storedCredentialName: boolean;
  /** `ConvertTo-SecureString '<literal>' -AsPlainText` commands whose result becomes the credential's password. */
  plaintextPasswords: Node[];
}

const MAX_DEPTH = 4;

type RelatedLocationAt = NonNullable<RuleHit['related']>[number];

const MAKER_COMMANDS: Record<string, string> = {
  'get-credential': 'Get-Credential',
  'import-clixml': 'Import-Clixml',
  'get-automationpscredential': 'Get-AutomationPSCredential',
  'get-storedcredential': 'Get-StoredCredential',
  'get-secret': 'Get-Secret',
  'read-host': 'Read-Host',
};

/** What the credential sources are read from: the script's assignments, its bound cmdlet calls and the calls of its functions. */
export interface ScriptFacts {
  values(): ScriptValues;
  commands(): CommandCall[];
  functionCalls(): ScriptFunctionCalls;
}

export function credentialOrigin(value: Node, facts: ScriptFacts): CredentialOrigin {
  const direct = innermost(value);
  const name = direct.type === 'variable' ? variableName(direct) : undefined;
  const assignment = name ? facts.values().assignmentSeenBy(direct) : undefined;
  const made = assignment?.value ?? (name ? undefined : value);
  return {
    assignment: assignment?.node,
    maker: made ? makerOf(copiedFrom(made, facts)) : undefined,
    storedCredentialName: made !== undefined && isQuoted(made),
    plaintextPasswords: made ? plaintextPasswords(made, facts) : [],
  };
}

/** What asks the person running the script for a username and password (or the password alone: `Read-Host -AsSecureString`). */
const PROMPTS = new Set(['Get-Credential', '$Host.UI.PromptForCredential', 'Read-Host']);

/** Whether the credential was typed in at a prompt: someone runs the script, attended. */
export function madeByPrompt(origin: CredentialOrigin | undefined): boolean {
  return PROMPTS.has(origin?.maker ?? '');
}

/**
 * Whether the credential a value reads (`$cred`, `$cred.GetNetworkCredential().Password`, or a variable
 * assigned either: `$pass = $cred.GetNetworkCredential().Password`) is typed in at a prompt; for a
 * parameter of a function the script calls, at any of its calls (`Connect-Tenant -Credential (Get-Credential)`).
 */
export function typedAtPrompt(value: Node, facts: ScriptFacts, depth = 0, read: ParametersRead = new Map()): boolean {
  const inner = innermost(value);
  const root = inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
  // What a call gives a parameter may be made in place (`-Password (Read-Host -AsSecureString)`).
  const typed = (held: Node) => madeByPrompt(credentialOrigin(held, facts)) || typedAtPrompt(held, facts, depth + 1, read);
  // A credential made of a prompted one's parts (`New-Object PSCredential -ArgumentList $c.UserName, $c.Password`).
  if (!root) return depth < MAX_DEPTH && isCredentialMade(inner) && descendants(inner, 'variable').some(typed);
  if (madeByPrompt(credentialOrigin(root, facts))) return true;
  return depth < MAX_DEPTH && heldValues(root, facts, depth, read).some(typed);
}

/** How deep each parameter was read, by what its calls give it (the one list `ScriptFunctionCalls` keeps for each). */
type ParametersRead = Map<readonly ParameterArgument[], number>;

/**
 * What a variable holds: the assignment it sees, or for a parameter, what the calls of its function
 * give it. A parameter is read once for each query, again only from a shallower use (which may read
 * further): wrappers called many times over would otherwise be read along every path through them.
 */
function heldValues(variable: Node, facts: ScriptFacts, depth: number, read: ParametersRead): Node[] {
  const assigned = facts.values().assignmentSeenBy(variable);
  if (assigned && assigned.node.type !== 'script_parameter_default') return [assigned.value];
  const given = facts.functionCalls().argumentsFor(variable);
  if (!given) return assigned ? [assigned.value] : [];
  const before = read.get(given);
  if (before !== undefined && before <= depth) return [];
  read.set(given, depth);
  return given.map((argument) => argument.value);
}

/** Whether a sign-in's credential value is typed in at a prompt: written in place (`-Credential (Get-Credential)`), or held (see typedAtPrompt). */
export function typedInAtPrompt(value: Node, facts: ScriptFacts): boolean {
  return madeByPrompt(credentialOrigin(value, facts)) || typedAtPrompt(value, facts);
}

/** `New-Object PSCredential …`, `[pscredential]::new(…)`: a credential made of a user name and a password. */
export function isCredentialMade(expression: Node): boolean {
  const maker = makerOf(expression);
  return maker === 'New-Object PSCredential' || maker === '[pscredential]::new';
}

/**
 * Why fix-all leaves a sign-in whose password is typed in at a prompt: someone runs the script, and
 * `interactive` (what signs that person in) asks for MFA itself. `how`: how the fixes sign in, its verb
 * agreeing with `fixes` (`reads a token from the environment`). `promptTakenOut`: the fixes take out the
 * statements that make the credential too.
 */
export function typedAtPromptReason(interactive: string, fixes: 'the fix' | 'the fixes', how: string, promptTakenOut = false): string {
  const [suit, take] = fixes === 'the fix' ? ['suits', 'it takes'] : ['suit', 'they take'];
  return (
    `the password is typed in at a prompt (Get-Credential, Read-Host), so someone runs this script: ${interactive} asks for MFA itself; ` +
    `${fixes}, which ${how}, ${suit} it when it is to run unattended, and the prompt is then to go` +
    (promptTakenOut ? `: ${take} out the statements that make the credential (the prompt among them), which nothing else reads` : '')
  );
}

/**
 * Why a sign-in whose password is typed in at a prompt on every run gets an interactive fix first, which fix-all applies (a sentence):
 * someone runs the script, and an interactive sign-in asks for MFA itself. `others`: how the other fixes sign in, and
 * how many there are. `promptTakenOut`: the interactive fix takes out the statements that make the credential too.
 */
export function interactiveFixReason(others: { how: string; count: number }, promptTakenOut: boolean): string {
  const taken = promptTakenOut ? '; it takes out the statements that make the credential (the prompt among them), which nothing else reads' : '';
  const [fixes, verb, suit] = others.count === 1 ? ['fix', 'signs', 'suits'] : ['fixes', 'sign', 'suit'];
  const rest = others.count > 0 ? `; the other ${fixes}, which ${verb} in with ${others.how}, ${suit} it when it is to run unattended` : '';
  return `The password is typed in at a prompt (Get-Credential, Read-Host) on every run, so someone runs this script: the first fix signs that person in interactively, which asks for MFA itself${taken}${rest}`;
}

/** What a copy of another variable holds (`$c2 = $c`), followed a few steps. */
function copiedFrom(expression: Node, facts: ScriptFacts, depth = 0): Node {
  const inner = innermost(expression);
  const copied = inner.type === 'variable' && depth < MAX_DEPTH ? facts.values().assignmentSeenBy(inner)?.value : undefined;
  return copied ? copiedFrom(copied, facts, depth + 1) : expression;
}

function makerOf(expression: Node): string | undefined {
  for (const command of descendants(expression, 'command').concat(innermost(expression).type === 'command' ? [innermost(expression)] : [])) {
    const name = commandName(command);
    if (name && MAKER_COMMANDS[name]) return MAKER_COMMANDS[name];
    if (name === 'new-object' && /pscredential/i.test(command.text)) return 'New-Object PSCredential';
  }
  if (/\[(?:system\.management\.automation\.)?pscredential\]\s*::\s*new\b/i.test(expression.text)) return '[pscredential]::new';
  if (/\.PromptForCredential\s*\(/i.test(argumentText(expression))) return '$Host.UI.PromptForCredential';
  return undefined;
}

/** ConvertTo-SecureString of a literal within `expression`, following the variables it uses. */
function plaintextPasswords(expression: Node, facts: ScriptFacts): Node[] {
  return plainTextConversions(expression, facts).flatMap((call) => (plainTextSource(call, facts.values()) ? [call.node] : []));
}

/** Where a credential's password is read as plain text, and what from (a command's name as written, or `$env:NAME`). */
export interface PlainTextRead {
  at: Node;
  source: string;
}

/**
 * Where the password of the credential `expression` makes is read as plain text before `ConvertTo-SecureString
 * -AsPlainText` makes it a SecureString: from a command (`$pw = Ninja-Property-Get adminPassword`) or the
 * environment (`$env:ADMIN_PASSWORD`). The password stays kept there once the sign-in moves to a token.
 */
export function plainTextReads(expression: Node, facts: ScriptFacts): PlainTextRead[] {
  return plainTextConversions(expression, facts).flatMap((call) => {
    const read = plainTextReadOf(plainTextArgument(call)!, facts.values());
    return read ? [read] : [];
  });
}

/** A sign-in's related locations for `plainTextReads` of its credential: the password is to be deleted where it is kept. */
export function plainTextReadsRelated(credential: Node, facts: ScriptFacts): RelatedLocationAt[] {
  return plainTextReads(credential, facts).map(({ at, source }) => ({
    message: `its password is read as plain text here (${source}): once the sign-in uses a token, delete the password where it is kept and change it`,
    startOffset: at.startIndex,
    endOffset: at.endIndex,
  }));
}

/** The `ConvertTo-SecureString -AsPlainText` calls within `expression` given a text, following the variables it uses. */
function plainTextConversions(expression: Node, facts: ScriptFacts, seen = new Set<string>(), depth = 0): CommandCall[] {
  const found = commandsIn(expression).flatMap((command) => {
    const call = callAt(facts, command);
    return call && plainTextArgument(call) ? [call] : [];
  });
  if (depth >= MAX_DEPTH) return found;
  for (const variable of descendants(expression, 'variable')) {
    const name = variableName(variable);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const assignment = facts.values().assignmentSeenBy(variable);
    if (assignment) found.push(...plainTextConversions(assignment.value, facts, seen, depth + 1));
  }
  return found;
}

/**
 * What a plain-text password argument reads: a command's output or an environment variable, in place or through the
 * variable assigned it, also a member of it (`$entry.password` of `$entry = Get-HuduPasswords …`).
 */
function plainTextReadOf(argument: Node, values: ScriptValues): PlainTextRead | undefined {
  const inner = innermost(argument);
  const environment = (node: Node): string | undefined => (/^env:/i.test(variableName(node) ?? '') ? node.text : undefined);
  if (inner.type === 'command') return { at: inner, source: commandNameAsWritten(inner) ?? inner.text };
  const root = inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
  if (!root) return undefined;
  const named = root === inner ? environment(inner) : undefined;
  if (named) return { at: inner, source: named };
  const assignment = values.assignmentSeenBy(root);
  const value = assignment && innermost(assignment.value);
  if (!value || assignment.node.type === 'script_parameter_default') return undefined;
  const command = leadingCommand(value);
  if (command) return { at: assignment.node, source: commandNameAsWritten(command) ?? command.text };
  const held = value.type === 'variable' ? environment(value) : undefined;
  return held ? { at: assignment.node, source: held } : undefined;
}

/**
 * The command an expression is, or reads a member of (`Get-X`, `(Get-X …).data.attributes`, `$(Get-X)[0]`), that
 * keeps the password somewhere: not a prompt, whose password someone types in.
 */
function leadingCommand(expression: Node): Node | undefined {
  const first = expression.type === 'command' ? expression : descendants(expression, 'command')[0];
  if (!first || !/^[\s($@]*$/.test(expression.text.slice(0, first.startIndex - expression.startIndex))) return undefined;
  return PROMPTS.has(makerOf(first) ?? '') ? undefined : first;
}

function commandsIn(expression: Node): readonly Node[] {
  const inner = innermost(expression);
  return inner.type === 'command' ? [inner, ...descendants(inner, 'command').filter((c) => c.id !== inner.id)] : descendants(expression, 'command');
}

const callsByStart = new WeakMap<CommandCall[], Map<number, CommandCall>>();

function callAt(facts: ScriptFacts, command: Node): CommandCall | undefined {
  const calls = facts.commands();
  let byStart = callsByStart.get(calls);
  if (!byStart) callsByStart.set(calls, (byStart = new Map(calls.map((call) => [call.start, call]))));
  const call = byStart.get(command.startIndex);
  return call?.node.id === command.id ? call : undefined;
}

/** Where a plain-text secret comes from: the literal, and the variable that holds it (as written) if any. */
export interface PlainTextSource {
  literal: Node;
  variable?: string;
}

/**
 * `ConvertTo-SecureString <literal> -AsPlainText`: the literal its String parameter binds (named,
 * positional or piped in), directly or through a variable assigned it; undefined for any other call.
 */
export function plainTextSource(call: CommandCall, values: ScriptValues): PlainTextSource | undefined {
  const argument = plainTextArgument(call);
  return argument && literalSource(argument, values);
}

/** What `ConvertTo-SecureString -AsPlainText` is given as its text: named, positional or piped in; undefined for any other call. */
function plainTextArgument(call: CommandCall): Node | undefined {
  if (call.spec.name !== 'ConvertTo-SecureString' || !switchGiven(call, 'AsPlainText')) return undefined;
  return call.parameters.find((p) => p.canonical === 'String')?.value ?? pipelineInput(call.node);
}

/** The literal an argument is, or that the variable it is was assigned (`$pw = 'Summer2024!'`). */
export function literalSource(argument: Node, values: ScriptValues): PlainTextSource | undefined {
  if (isLiteral(argument, values)) return { literal: innermost(argument) };
  const assignment = innermost(argument).type === 'variable' ? values.assignmentSeenBy(innermost(argument)) : undefined;
  if (!assignment || !isLiteral(assignment.value, values)) return undefined;
  return { literal: innermost(assignment.value), variable: writtenVariableName(argument) };
}

/** Node types of a string the script spells out in full (no variable or sub-expression in it): quoted, here-string or bare word. */
const LITERAL_TYPES = new Set([
  'verbatim_string_characters',
  'verbatim_here_string_characters',
  'expandable_string_literal',
  'expandable_here_string_literal',
  'generic_token',
]);

function isLiteral(node: Node, values: ScriptValues): boolean {
  const inner = innermost(node);
  return LITERAL_TYPES.has(inner.type) && inner.namedChildCount === 0 && values.shapeOf(inner) !== '';
}

/** A quoted string literal (a stored credential's name, for PnP). */
function isQuoted(node: Node): boolean {
  return /^['"]/.test(innermost(node).text) && literalText(node) !== undefined;
}
