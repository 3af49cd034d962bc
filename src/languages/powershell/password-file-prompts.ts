/**
 * A password cached in a file on first run: `if (!(Test-Path $file)) { Read-Host -AsSecureString |
 * ConvertFrom-SecureString | Out-File $file }`, then `Get-Content $file | ConvertTo-SecureString`.
 */

import { commandName } from './command';
import { descendants, innermost, variableName, type Node } from './syntax';

/** Commands that read the cached password back. */
const FILE_READERS = new Set(['get-content', 'gc', 'import-clixml']);
/** Commands that write it: the last of the prompt's pipeline. */
const FILE_WRITERS = new Set(['out-file', 'set-content', 'export-clixml']);
const PROMPTS = new Set(['read-host', 'get-credential']);
/** What else such a block may run: messages to the person at the prompt, the conversion to text. */
const BLOCK_COMMANDS = new Set([...FILE_WRITERS, ...PROMPTS, 'convertfrom-securestring', 'write-host', 'write-warning', 'write-verbose', 'write-information']);

/** `!(Test-Path $file)`, `-not (Test-Path -Path $file)`. */
const FILE_MISSING = /^\s*(?:!|-not\b)\s*\(\s*Test-Path\b[^()]*\)\s*$/i;

/** A block that prompts for the password and writes the file, and the variable the file's path is in. */
export interface PasswordFilePrompt {
  block: Node;
  pathVariable: string;
}

/**
 * The blocks before `statement`, in its statement list, that only prompt for a password and write it to
 * a file `value` reads (through a variable holding its path), when the file is missing.
 */
export function passwordFilePrompts(statement: Node, value: Node): PasswordFilePrompt[] {
  const paths = new Set(descendants(value, 'command').filter((command) => FILE_READERS.has(commandName(command) ?? '')).flatMap(pathVariables));
  const found: PasswordFilePrompt[] = [];
  for (let before = statement.previousNamedSibling; before && paths.size > 0; before = before.previousNamedSibling) {
    const pathVariable = [...paths].find((path) => promptsForFile(before!, path));
    if (pathVariable) found.push({ block: before, pathVariable });
  }
  return found;
}

/** The variables a command is given as arguments: `$file` of `Get-Content $file`, `Get-Content -Path $file`. */
function pathVariables(command: Node): string[] {
  const elements = command.childForFieldName('command_elements')?.namedChildren ?? [];
  return elements.flatMap((element) => {
    const inner = element && element.type !== 'command_parameter' ? innermost(element) : undefined;
    const name = inner?.type === 'variable' ? variableName(inner) : undefined;
    return name ? [name] : [];
  });
}

/** `if (!(Test-Path $path)) { … }` with no other branch, whose statements only prompt, tell, and write the file. */
function promptsForFile(statement: Node, path: string): boolean {
  if (statement.type !== 'if_statement' || statement.namedChildCount !== 2) return false;
  const [condition, block] = statement.namedChildren;
  if (!condition || block?.type !== 'statement_block' || !FILE_MISSING.test(condition.text)) return false;
  if (!descendants(condition, 'variable').every((variable) => variableName(variable) === path)) return false;
  const statements = block.namedChildren.find((child) => child?.type === 'statement_list')?.namedChildren ?? [];
  return statements.every((inner) => !!inner && onlyPromptsOrTells(inner)) && statements.some((inner) => !!inner && writesPrompted(inner, path));
}

function onlyPromptsOrTells(statement: Node): boolean {
  if (statement.type === 'comment') return true;
  if (statement.type !== 'pipeline' || ['assignment_expression', 'script_block', 'invokation_expression'].some((type) => descendants(statement, type).length > 0)) return false;
  return descendants(statement, 'command').every((command) => BLOCK_COMMANDS.has(commandName(command) ?? ''));
}

/** A pipeline from a prompt to a command that writes the file: `Read-Host -AsSecureString | ConvertFrom-SecureString | Out-File $path`. */
function writesPrompted(statement: Node, path: string): boolean {
  const commands = descendants(statement, 'command');
  const last = commands.at(-1);
  return !!last && FILE_WRITERS.has(commandName(last) ?? '') && pathVariables(last).includes(path) && commands.some((command) => PROMPTS.has(commandName(command) ?? ''));
}
