import { applyEdits } from '../../engine/edits';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleHit } from '../../engine/rule';
import { escapeRegExp } from '../../engine/text';
import { commandName } from './command';
import { commentsAndStrings } from './comments';
import { passwordFilePrompts } from './password-file-prompts';
import { namesScriptVariable } from './script-index';
import { MAIL_SERVER_PREFERENCE, mailServerPreferencesOfReplacedCode, READS_MAIL_SERVER_PREFERENCE, readsOfReplacedCode } from './sign-in-inputs';
import { trimmedEnd } from './statement-lines';
import { statementRemovals, statementsRemoved, triesLosingCatches } from './statement-removal';
import { methodCallStatementsOn } from './value-method-calls';
import type { ScalarAssignment, ScriptValues } from './values';
import { assignmentOperator, BRANCHES, descendants, enclosingStatement, innermost, isWithin, variableName, writtenVariableName, type Node } from './syntax';

/** How far the statements that made a credential are followed back: `$cred` ← `$password` ← `$path`. */
const MAX_DEPTH = 4;

/**
 * Commands that only read or make a credential's parts: a prompt, a file, the Windows credential store, an
 * Automation account's credential or variable, a Key Vault's or a SecretManagement vault's secret, a
 * conversion to or from a SecureString.
 */
const VALUE_MAKERS = new Set([
  'get-credential',
  'get-storedcredential',
  'import-clixml',
  'get-content',
  'gc',
  'convertto-securestring',
  'convertfrom-securestring',
  'read-host',
  'get-automationpscredential',
  'get-automationvariable',
  'get-azkeyvaultsecret',
  'get-azurekeyvaultsecret',
  'get-secret',
]);
const PROMPTS = new Set(['get-credential', 'read-host']);

/** `[pscredential]::new(…)`, `[System.Management.Automation.PSCredential]::new(…)`. */
const CREDENTIAL_NEW = /^\[\s*(?:system\.management\.automation\.)?pscredential\s*\]\s*::\s*new\s*\(/i;
/**
 * Calls that only read a credential's password out: `$cred.GetNetworkCredential()`, and Marshal's copy
 * of a SecureString to plain text (`[Runtime.InteropServices.Marshal]::PtrToStringAuto(
 * [Runtime.InteropServices.Marshal]::SecureStringToBSTR($cred.Password))`).
 */
const PASSWORD_READS = [
  /\.\s*getnetworkcredential\s*\(\s*\)$/i,
  /^\[\s*(?:(?:system\.)?runtime\.interopservices\.)?marshal\s*\]\s*::\s*(?:securestringtobstr|securestringtoglobalallocunicode|ptrtostring(?:auto|bstr|uni))\s*\(/i,
];

/** The host's own credential prompt: `$Host.UI.PromptForCredential(caption, message, user, target)`. */
const PROMPT_FOR_CREDENTIAL = /^\$host\s*\.\s*ui\s*\.\s*promptforcredential\s*\(/i;

/** `New-Object [-TypeName] [System.Management.Automation.]PSCredential …`. */
const CREDENTIAL_NEW_OBJECT = /^\S+\s+(?:-typename\s+)?['"]?(?:system\.management\.automation\.)?pscredential\b/i;

/** Statements the fixed script no longer needs: they made the credential, or a part only that did read. */
interface MadeForCredential {
  /** One, or the assignments of each branch that may have made it (`if (…) { $c = … } else { $c = … }`): they go together or not at all. */
  statements: Node[];
  /** The variable they set, as its uses are counted; for a password file's prompt, the variable holding the file's path. */
  name: string;
  /** It prompts for the password and writes the file the credential was read from, which nothing else reads. */
  writesPasswordFile?: true;
  /** Statements whose uses of `name` do not keep it: the assignment of the file's path, which goes after it. */
  alsoNaming?: Node[];
  /** Code that reads the variable without naming it: Send-MailMessage reads `$PSEmailServer`. */
  readImplicitlyBy?: RegExp;
  /** Made for the code the fix replaces, not the credential (`$url = …` for `-ConnectionUri $url`). */
  forSignIn?: true;
}

/**
 * A fix of a sign-in, with the statements that made its credential taken out too: `$cred = Get-Credential`,
 * `$cred = New-Object PSCredential($user, ($password | ConvertTo-SecureString))`, `[PSCredential]::new(…)`,
 * `Import-Clixml …`, and then the assignments of the variables only those read (`$password = Get-Content
 * <path>`, `Read-Host -AsSecureString`, `$user = '…'`). Each goes (see removeStatement) where it does
 * nothing but read or make its value, and the fixed script names its variable nowhere else; a variable
 * each branch of an `if` assigns loses every assignment, and an `if` or `try` left empty goes with them (see
 * `statementRemovals`). The fix left them reading a password nothing uses.
 */
export function withCredentialTakenOut(text: string, values: ScriptValues, fix: Fix, credential: Node | undefined): Fix {
  let removals: TextEdit[] = [];
  const takenOut: Node[] = [];
  // The fixed script's code, made when first asked for and again only once a removal is added.
  let fixedCode: string | undefined;
  const fixed = (): string => (fixedCode ??= withoutComments(applyEdits(text, [...withoutAddedFunctions(fix.edits), ...removals])));
  // Until nothing more goes: a splatted hashtable taken out may leave the credential it held unread.
  for (let pending = madeForCredential(values, credential, [fix]), left = pending.length + 1; pending.length < left; ) {
    left = pending.length;
    pending = pending.filter((made) => {
      // Removed with those taken out already: they may share its line (`$user = '…'; $cred = …`) or together empty an if.
      const removal = removalOf(text, [...takenOut, ...made.statements], fix.edits);
      if (!removal || isRead(made, fixed())) return true;
      removals = removal;
      takenOut.push(...made.statements);
      fixedCode = undefined;
      return false;
    });
  }
  return removals.length === 0 ? fix : { ...fix, edits: [...fix.edits, ...removals] };
}

/**
 * The edits without the functions they add (Send-GraphMail, Get-SamAccessToken): what those name is their own
 * (Send-GraphMail's -Credential parameter), not the script's variable of that name.
 */
function withoutAddedFunctions(edits: readonly TextEdit[]): TextEdit[] {
  return edits.map((edit) => (edit.startOffset === edit.endOffset && ADDED_FUNCTION.test(edit.newText) ? { ...edit, newText: '' } : edit));
}

const ADDED_FUNCTION = /^\s*function\s+[\w-]+\s*\{[\s\S]*\}\s*$/i;

/**
 * Whether the fixed script's code (its comments blanked) reads the variable beyond the statements that would go;
 * a use in a comment (`#$cred = Get-Credential`, code once tried) is none.
 */
function isRead(made: MadeForCredential, fixed: string): boolean {
  const named = namePattern(made.name, VARIABLE_COMMANDS.test(fixed));
  const inStatements = [...made.statements, ...(made.alsoNaming ?? [])].reduce((count, statement) => count + (statement.text.match(named)?.length ?? 0), 0);
  return (fixed.match(named)?.length ?? 0) > inStatements || !!made.readImplicitlyBy?.test(fixed);
}

/**
 * The finding's related locations for the statements one of its `fixes` takes out (see `withCredentialTakenOut`): a
 * finding shows every line its fixes change.
 */
export function credentialTakenOutRelated(values: ScriptValues, fixes: readonly Fix[], credential: Node | undefined): NonNullable<RuleHit['related']> {
  const removes = (statement: Node) => (edit: TextEdit): boolean => edit.newText === '' && edit.startOffset <= statement.startIndex && trimmedEnd(statement) <= edit.endOffset;
  const made = madeForCredential(values, credential, fixes);
  const madeOf = (statement: Node) => made.find((m) => m.statements.some((s) => isWithin(s, statement)));
  const removed = made.flatMap((m) => m.statements).filter((statement) => fixes.some((fix) => fix.edits.some(removes(statement))));
  const takenOut = statementsRemoved(removed).filter((statement) => fixes.some((fix) => fix.edits.some(removes(statement))));
  return [
    ...takenOut.map((statement) => ({ message: takenOutMessage(statement, madeOf(statement)), startOffset: statement.startIndex, endOffset: statement.endIndex })),
    ...triesLosingCatches(takenOut).map((statement) => ({ message: CATCHES_TAKEN_OUT, startOffset: statement.startIndex, endOffset: statement.endIndex })),
  ];
}

const CATCHES_TAKEN_OUT = "this try's block only makes the credential, which the fix takes out: its catch, left nothing to catch, goes too; its finally stays";

function takenOutMessage(statement: Node, made: MadeForCredential | undefined): string {
  if (made?.readImplicitlyBy) return 'the mail server Send-MailMessage reads, which the fix takes out: no Send-MailMessage is left';
  if (made?.forSignIn) return 'read only by the code the fix replaces, which it takes out: nothing else reads it';
  if (made?.writesPasswordFile && made.statements[0].id === statement.id) return 'the prompt that writes the password file the credential was read from, which the fix takes out: nothing else reads the file';
  if (statement.type === 'if_statement') return 'each branch of this if only makes the credential, which the fix takes out: nothing else reads it';
  if (statement.type === 'try_statement') return 'this try only makes the credential, which the fix takes out with its catch: nothing else reads it';
  if (prompts(statement)) return 'the prompt for the credential, which the fix takes out: nothing else reads it';
  return 'made for the credential only, which the fix takes out: nothing else reads it';
}

function prompts(statement: Node): boolean {
  if (descendants(statement, 'invokation_expression').some((call) => PROMPT_FOR_CREDENTIAL.test(call.text.trim()))) return true;
  return descendants(statement, 'command').some((command) => PROMPTS.has(commandName(command) ?? ''));
}

/**
 * The statements that made the credential, the credential's own first, then those of what the code the
 * `fixes` replace read besides (`-ConnectionUri $url`, and `$PSEmailServer` for Send-MailMessage), then
 * those of what each reads.
 */
function madeForCredential(values: ScriptValues, credential: Node | undefined, fixes: readonly Fix[]): MadeForCredential[] {
  const found: MadeForCredential[] = [];
  if (!credential) return found;
  const root = credential.tree.rootNode;
  followBack(values, [firstVariable(credential)].filter((v): v is Node => !!v), found);
  const ofCredential = found.length;
  followBack(values, fixes.flatMap((fix) => readsOfReplacedCode(root, fix)), found);
  const mailServers = fixes.flatMap((fix) => mailServerPreferences(values, root, fix));
  found.push(...mailServers.filter((made) => !found.some((f) => f.statements[0].id === made.statements[0].id)));
  return found.map((made, i): MadeForCredential => (i < ofCredential ? made : { ...made, forSignIn: true }));
}

/** Adds to `found` the statements that made what `reads` read, then those of what each of them reads. */
function followBack(values: ScriptValues, variables: Node[], found: MadeForCredential[]): void {
  let reads = variables;
  for (let depth = 0; depth < MAX_DEPTH && reads.length > 0; depth++) {
    const next: Node[] = [];
    for (const variable of reads) {
      const assignments = assignmentsReaching(values, variable);
      const made = assignments && statementsMaking(assignments, variable);
      if (!assignments || !made || found.some((f) => f.statements[0].id === made.statements[0].id)) continue;
      // ps-plaintext-password's fix takes a credential made of a written password out with the password, saying to change it.
      // A password the replaced code itself read (`-Credential (New-Object PSCredential('u', $key))`) has no credential left to go with: it goes here.
      if (assignments.some(({ value }) => makesCredential(value) && (writesPassword(value, variable) || madeOfWrittenPassword(values, value)))) continue;
      made.statements.push(...methodCallStatementsOn(values, assignments));
      found.push(made, ...assignments.flatMap(({ node, value }) => passwordFilePromptsFor(values, enclosingStatement(node), value)));
      next.push(...assignments.flatMap(({ value }) => descendants(value, 'variable')));
    }
    reads = next;
  }
}

/** `$PSEmailServer = 'smtp.office365.com'` for a Send-MailMessage the fix replaces: it goes once no Send-MailMessage is left. */
function mailServerPreferences(values: ScriptValues, root: Node, fix: Fix): MadeForCredential[] {
  return mailServerPreferencesOfReplacedCode(values, root, fix).flatMap((assignment) => {
    const statement = statementMaking(assignment);
    return statement ? [{ statements: [statement], name: MAIL_SERVER_PREFERENCE, readImplicitlyBy: READS_MAIL_SERVER_PREFERENCE }] : [];
  });
}

/** The script with its comments blanked out; as it is where its quoting does not add up. */
function withoutComments(text: string): string {
  const comments = commentsAndStrings(text)?.comments ?? [];
  // In one pass: cutting each comment out of the whole text copied it once per comment.
  let code = '';
  let at = 0;
  for (const [start, end] of comments) {
    code += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return code + text.slice(at);
}

/** The prompts that write the password file `value` reads, with the assignment of the file's path that `value` sees. */
function passwordFilePromptsFor(values: ScriptValues, statement: Node, value: Node): MadeForCredential[] {
  return passwordFilePrompts(statement, value).map(({ block, pathVariable }) => {
    const path = descendants(value, 'variable').find((variable) => variableName(variable) === pathVariable);
    const assigned = path && values.assignmentSeenBy(path);
    const alsoNaming = assigned?.node.type === 'assignment_expression' ? [enclosingStatement(assigned.node)] : [];
    return { statements: [block], name: pathVariable, writesPasswordFile: true, alsoNaming };
  });
}

/** Whether a value is made, a few assignments back, of a password written in the script (see writesPassword). */
function madeOfWrittenPassword(values: ScriptValues, value: Node, depth = 0): boolean {
  return (
    depth < MAX_DEPTH &&
    descendants(value, 'variable').some((read) => {
      const source = values.assignmentSeenBy(read);
      if (source?.node.type !== 'assignment_expression') return false;
      return writesPassword(source.value, read) || madeOfWrittenPassword(values, source.value, depth + 1);
    })
  );
}

/**
 * A password written in the script, which ps-plaintext-password's own fix takes out, saying to change it:
 * `ConvertTo-SecureString 'P@ss' -AsPlainText`, or a literal read as its text (`$pw = 'P@ss'` for `$pw`).
 */
function writesPassword(value: Node, readAs: Node): boolean {
  const plainText = (command: Node) => commandName(command) === 'convertto-securestring' && /\s-asplaintext\b/i.test(command.text);
  const literal = (node: Node) => /string|generic_token/.test(innermost(node).type) && descendants(node, 'variable').length === 0 && descendants(node, 'sub_expression').length === 0;
  const literalArgument = (command: Node) =>
    (command.namedChildren.find((child) => child?.type === 'command_elements')?.namedChildren ?? []).some((e) => !!e && e.type !== 'command_parameter' && literal(e));
  if (descendants(value, 'command').some((command) => plainText(command) && literalArgument(command))) return true;
  // Given to the conversion, or piped into it (`$pw | ConvertTo-SecureString -AsPlainText`).
  for (let node = readAs.parent; node; node = node.parent) {
    if (node.type === 'command' && plainText(node)) return literal(value);
    if (node.type === 'pipeline_chain') return node.namedChildren.some((command) => !!command && command.type === 'command' && plainText(command)) && literal(value);
  }
  return false;
}

/** The variable an expression starts with: `$cred` of `$cred`, `($cred)`, `$cred.GetNetworkCredential().Password`. */
function firstVariable(expression: Node): Node | undefined {
  const inner = innermost(expression);
  return inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
}

/** How many assignments made on some runs only (`if (…) { $c = … } elseif (…) { $c = … }`) are followed back. */
const MAX_BRANCH_ASSIGNMENTS = 8;

/**
 * The assignments whose value the variable may hold: the one it sees, and where that runs on some runs
 * only (in a branch or loop the use is not in), those above it, up to one every run makes. Undefined
 * where one of those above is not an assignment in the use's function (a parameter's default, another function's).
 */
function assignmentsReaching(values: ScriptValues, variable: Node): ScalarAssignment[] | undefined {
  const name = variableName(variable);
  const seen = values.assignmentSeenBy(variable);
  if (!name || !seen) return undefined;
  if (reachOf(seen, variable) !== 'sometimes') return [seen];
  const found = [seen];
  for (let above = values.assignmentBefore(name, seen.offset, namesScriptVariable(variable)); above; above = values.assignmentBefore(name, above.offset, namesScriptVariable(variable))) {
    const reach = reachOf(above, variable);
    if (reach === 'elsewhere' || found.length === MAX_BRANCH_ASSIGNMENTS) return undefined;
    found.push(above);
    if (reach === 'always') break;
  }
  return found;
}

/** Whether an assignment above a use runs on every run that reaches the use, on some only, or in a function (or script block) the use is not in. */
export function reachOf(assignment: ScalarAssignment, use: Node): 'always' | 'sometimes' | 'elsewhere' {
  if (assignment.node.type !== 'assignment_expression') return 'elsewhere';
  let sometimes = false;
  for (let node = assignment.node.parent; node && !isWithin(use, node); node = node.parent) {
    if (node.type === 'function_statement' || node.type === 'script_block') return 'elsewhere';
    sometimes ||= BRANCHES.has(node.type);
  }
  return sometimes ? 'sometimes' : 'always';
}

/** Whether the value makes a PSCredential: `New-Object PSCredential(…)`, `[pscredential]::new(…)`. */
function makesCredential(value: Node): boolean {
  return descendants(value, 'command').some(isCredentialNewObject) || descendants(value, 'invokation_expression').some((call) => CREDENTIAL_NEW.test(call.text.trim()));
}

function isCredentialNewObject(command: Node): boolean {
  return commandName(command) === 'new-object' && CREDENTIAL_NEW_OBJECT.test(command.text.trim());
}

/** `$x = <a value only read or made>` as a statement of its own, for each of the assignments. */
function statementsMaking(assignments: readonly ScalarAssignment[], variable: Node): MadeForCredential | undefined {
  const name = writtenVariableName(variable);
  const statements = assignments.map(statementMaking);
  if (!name || !variableName(variable) || statements.length === 0 || !statements.every((s): s is Node => !!s)) return undefined;
  return { statements, name };
}

function statementMaking(assignment: ScalarAssignment): Node | undefined {
  if (assignment.node.type !== 'assignment_expression' || assignmentOperator(assignment.node) !== '=') return undefined;
  const statement = enclosingStatement(assignment.node);
  if (statement.startIndex !== assignment.node.startIndex || statement.endIndex !== assignment.node.endIndex) return undefined;
  // Another script may read a global after this one ends.
  if (!onlyMakesValue(assignment.value) || /\$\{?global:/i.test(assignment.node.namedChild(0)?.text ?? '')) return undefined;
  return statement;
}

/**
 * A value that runs nothing but reads and makes: literals, variables, prompts (the host's too), files read, SecureString conversions,
 * a PSCredential made of them, its password read out; no script block, no other command or method, no assignment inside.
 */
export function onlyMakesValue(value: Node): boolean {
  if (['script_block', 'assignment_expression'].some((type) => descendants(value, type).length > 0)) return false;
  const makesOrReads = (call: string) => CREDENTIAL_NEW.test(call) || PROMPT_FOR_CREDENTIAL.test(call) || PASSWORD_READS.some((read) => read.test(call));
  if (!descendants(value, 'invokation_expression').every((call) => makesOrReads(call.text.trim()))) return false;
  return descendants(value, 'command').every((command) => VALUE_MAKERS.has(commandName(command) ?? '') || isCredentialNewObject(command));
}

/**
 * The removals of the statements, or of each `if` or `try` they leave empty in their stead (see `statementRemovals`);
 * undefined where one would touch one of the `edits` made already.
 */
function removalOf(text: string, statements: readonly Node[], edits: readonly TextEdit[]): TextEdit[] | undefined {
  const removals = statementRemovals(text, statements);
  return removals.some((removal) => edits.some((edit) => touches(edit, removal))) ? undefined : removals;
}

/** Whether an edit changes text inside the removed lines, or inserts text between them. */
function touches(edit: TextEdit, removal: TextEdit): boolean {
  return edit.startOffset < removal.endOffset && edit.endOffset > removal.startOffset;
}

/** Commands and the drive that name variables without `$`: `Get-Variable cred`, `$variable:cred`. */
const VARIABLE_COMMANDS = /\b(?:get|set|new|remove|clear)-variable\b|\bvariable:/i;

/**
 * The variable's uses: `$cred`, `${cred}`, `$script:cred`, `@cred`; where the script names variables without `$`
 * too (`byName`: Get-Variable), any word `cred`.
 */
function namePattern(name: string, byName: boolean): RegExp {
  const word = escapeRegExp(name);
  return byName ? new RegExp(`(?<![\\w-])${word}(?![\\w-])`, 'gi') : new RegExp(`[$@]\\{?(?:(?:script|global|local|private|using):)?${word}(?![\\w-])`, 'gi');
}
