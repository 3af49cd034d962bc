import { applyEdits } from '../../engine/edits';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleHit } from '../../engine/rule';
import { escapeRegExp } from '../../engine/text';
import { commandName } from './command';
import type { ScriptValues } from './values';
import { assignmentOperator, descendants, enclosingStatement, innermost, variableName, writtenVariableName, type Node } from './syntax';

/** Nodes that run code of their own inside a prompt's arguments (`-UserName (Read-Host …)`, `"$(…)"`). */
const RUNS_CODE = ['sub_expression', 'script_block', 'invokation_expression', 'parenthesized_expression'];

/**
 * A fix of a sign-in whose credential was typed in at a prompt, with that prompt taken out too: the
 * statement `$cred = Get-Credential …` that made the credential `credential` reads, where it fills its
 * lines or ends one (see lineRemoval) and the fixed script names the variable nowhere else. The fix left it asking
 * someone for a password nothing uses.
 */
export function withPromptTakenOut(text: string, values: ScriptValues, fix: Fix, credential: Node | undefined): Fix {
  const prompt = credential && promptStatement(values, credential);
  const removal = prompt && lineRemoval(text, prompt.statement);
  if (!prompt || !removal || fix.edits.some((edit) => touches(edit, removal))) return fix;
  const named = namePattern(prompt.name);
  const inStatement = prompt.statement.text.match(named)?.length ?? 0;
  const afterFix = applyEdits(text, fix.edits).match(named)?.length ?? 0;
  return afterFix > inStatement ? fix : { ...fix, edits: [...fix.edits, removal] };
}

/**
 * The finding's related location for the prompt one of its `fixes` takes out (see `withPromptTakenOut`): a finding
 * shows every line its fixes change.
 */
export function promptTakenOutRelated(values: ScriptValues, fixes: readonly Fix[], credential: Node | undefined): NonNullable<RuleHit['related']> {
  const statement = credential && promptStatement(values, credential)?.statement;
  const removes = (edit: TextEdit): boolean => !!statement && edit.newText === '' && edit.startOffset <= statement.startIndex && statement.endIndex <= edit.endOffset;
  if (!statement || !fixes.some((fix) => fix.edits.some(removes))) return [];
  return [{ message: 'the prompt for the credential, which the fix takes out: nothing else reads it', startOffset: statement.startIndex, endOffset: statement.endIndex }];
}

/** `$cred = Get-Credential …` as a statement of its own, seen by the credential's variable: the statement and the variable's name as written. */
function promptStatement(values: ScriptValues, credential: Node): { statement: Node; name: string } | undefined {
  const inner = innermost(credential);
  const variable = inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
  const assignment = variable && values.assignmentSeenBy(variable);
  if (!variable || assignment?.node.type !== 'assignment_expression' || assignmentOperator(assignment.node) !== '=') return undefined;
  const statement = enclosingStatement(assignment.node);
  if (statement.startIndex !== assignment.node.startIndex || statement.endIndex !== assignment.node.endIndex) return undefined;
  if (!isBarePrompt(assignment.value)) return undefined;
  const name = writtenVariableName(variable);
  return name && variableName(variable) ? { statement, name } : undefined;
}

/** `Get-Credential` with arguments that run nothing else (`-Message 'Admin'`, `-UserName $upn`), and nothing piped on. */
function isBarePrompt(value: Node): boolean {
  const commands = descendants(value, 'command');
  if (commands.length !== 1 || commandName(commands[0]) !== 'get-credential') return false;
  return !RUNS_CODE.some((type) => descendants(commands[0], type).length > 0) && innermost(value).id === innermost(commands[0]).id;
}

/**
 * The whole lines the statement fills, line break and all; or where it ends a line after another
 * statement (`$upn = 'a@contoso.com'; $cred = Get-Credential $upn`), the statement and the `;` before it.
 * Undefined where anything else shares its lines.
 */
function lineRemoval(text: string, statement: Node): TextEdit | undefined {
  const start = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.endIndex);
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  const after = /^[ \t]*(?:;[ \t]*)?/.exec(text.slice(statement.endIndex, end))![0];
  if (!/^\r?\n?$/.test(text.slice(statement.endIndex + after.length, end))) return undefined;
  const before = text.slice(start, statement.startIndex);
  if (/^[ \t]*$/.test(before)) return { startOffset: start, endOffset: end, newText: '' };
  const separator = /;[ \t]*$/.exec(before);
  return separator ? { startOffset: start + separator.index, endOffset: statement.endIndex + after.length, newText: '' } : undefined;
}

/** Whether an edit changes text inside the removed lines, or inserts text between them. */
function touches(edit: TextEdit, removal: TextEdit): boolean {
  return edit.startOffset < removal.endOffset && edit.endOffset > removal.startOffset;
}

/** The variable's name as a word: `$cred`, `${cred}`, `$script:cred`, and `cred` as Get-Variable names it. */
function namePattern(name: string): RegExp {
  return new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, 'gi');
}
