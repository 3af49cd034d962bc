import type { Fix } from '../../../engine/finding';
import type { PowerShellRuleContext } from '../rule-context';
import type { Construction } from '../constructions';
import type { PlainTextSource } from '../credential-sources';
import { removeStatements } from '../statement-lines';
import { assignedVariable, descendants, enclosingStatement, innermost, isInComment, isWithin, type Node } from '../syntax';

export const REMOVE_DEAD_PASSWORD_TITLE = 'Remove the password and the credential made of it (nothing uses them)';

/**
 * Where a password only makes credentials nothing reads (what is left once the sign-ins' fixes are in):
 * the fix that removes the credentials' assignments, the SecureString's and the literal's variable's, each
 * a statement of its own whose variable nothing else in the file names and whose value does nothing else.
 * Undefined where any of that does not hold.
 */
export function deadPasswordRemoval(context: PowerShellRuleContext, secure: Node, source: PlainTextSource, credentials: readonly Construction[]): Fix | undefined {
  const statements = deadStatements(context, secure, source, credentials);
  if (!statements || !statements.every((s) => doesNothingElse(context, s))) return undefined;
  if (!namedOnlyWithin(context, statements)) return undefined;
  return { title: REMOVE_DEAD_PASSWORD_TITLE, safeForFixAll: true, edits: removeStatements(context.text, statements) };
}

/** The assignments the password goes through to the credentials made of it, each as its statement; undefined where one is not an assignment of its own. */
function deadStatements(context: PowerShellRuleContext, secure: Node, source: PlainTextSource, credentials: readonly Construction[]): Node[] | undefined {
  const inPlace = credentials.find((made) => isWithin(secure, made.node));
  const made = inPlace ? [inPlace] : credentialsReading(context, ownStatement(secure), credentials);
  if (!made || made.length === 0) return undefined;
  const statements = made.map((credential) => ownStatement(credential.node));
  if (!inPlace) statements.push(ownStatement(secure));
  if (source.variable !== undefined) statements.push(ownStatement(source.literal));
  if (statements.some((statement) => statement === undefined)) return undefined;
  const unique = new Map((statements as Node[]).map((statement) => [statement.id, statement]));
  return [...unique.values()];
}

/** The credentials made of what the statement assigns: undefined where anything else reads it. */
function credentialsReading(context: PowerShellRuleContext, statement: Node | undefined, credentials: readonly Construction[]): Construction[] | undefined {
  const name = statement && assignedName(statement);
  if (!name) return undefined;
  const reads = descendants(context.root, 'variable').filter((v) => !isWithin(v, statement) && variableWord(v.text) === name);
  const made = reads.map((read) => credentials.find((credential) => isWithin(read, credential.node)));
  return made.every((credential) => credential !== undefined) ? [...new Set(made as Construction[])] : undefined;
}

/** `$x = <value>`, the whole of a statement in a statement list, where `value` is its whole right side: that statement. */
function ownStatement(value: Node): Node | undefined {
  const statement = enclosingStatement(value);
  if (statement.parent?.type !== 'statement_list' && statement.parent?.type !== 'program') return undefined;
  const assignment = innermost(statement);
  if (assignment.type !== 'assignment_expression' || !assignment.namedChild(0) || !assignedVariable(assignment.namedChild(0)!)) return undefined;
  const right = assignment.childForFieldName('value');
  if (!right || !isWithin(value, right) || stripped(right.text) !== stripped(value.text)) return undefined;
  return statement;
}

/** An expression's text without the parentheses around it and blanks: `(New-Object …)` is what `New-Object …` is. */
function stripped(text: string): string {
  let inner = text.trim();
  while (inner.startsWith('(') && inner.endsWith(')')) inner = inner.slice(1, -1).trim();
  return inner;
}

function assignedName(statement: Node): string | undefined {
  const left = innermost(statement).namedChild(0);
  return left ? assignedVariable(left)?.toLowerCase() : undefined;
}

/** A variable's name as written (`$script:cred`, `${cred}`), lower-case, without its scope. */
function variableWord(text: string): string {
  return text.replace(/^[$@]\{?/, '').replace(/\}$/, '').replace(/^\w+:/, '').toLowerCase();
}

/**
 * Whether the statement's value has no effect besides making the credential: only New-Object, ConvertTo-SecureString
 * and `[pscredential]::new` are called in it (a user name read with `Read-Host` would be lost).
 */
function doesNothingElse(context: PowerShellRuleContext, statement: Node): boolean {
  const commands = context.index.commands().filter((c) => c.start >= statement.startIndex && c.end <= statement.endIndex);
  if (commands.some((c) => c.name !== 'new-object' && c.name !== 'convertto-securestring')) return false;
  return descendants(statement, 'invokation_expression').every((call) => /^\[(?:system\.)?(?:management\.automation\.)?pscredential\]\s*::\s*new\s*\(/i.test(call.text));
}

/**
 * Whether the variables the statements assign are named nowhere else in the file, in code or in a string
 * (`$cred.UserName`, `Get-Variable cred`, a function's own `$cred` as well: no scope is trusted).
 */
function namedOnlyWithin(context: PowerShellRuleContext, statements: readonly Node[]): boolean {
  const names = statements.map(assignedName);
  if (names.some((name) => name === undefined)) return false;
  return (names as string[]).every((name) => {
    const word = new RegExp(`(?<![\\w-])${name.replace(/[^\w]/g, '\\$&')}(?!\\w)`, 'gi');
    return [...context.text.matchAll(word)].every((m) => statements.some((s) => m.index >= s.startIndex && m.index < s.endIndex) || isInComment(context.root, m.index));
  });
}
