import { commandName } from './command';
import { descendants, innermost, literalText, variableName, type Node } from './syntax';

/** A value a variable was given, and where. */
interface Assignment {
  node: Node;
  value: Node;
}

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

const MAKER_COMMANDS: Record<string, string> = {
  'get-credential': 'Get-Credential',
  'import-clixml': 'Import-Clixml',
  'get-automationpscredential': 'Get-AutomationPSCredential',
  'get-storedcredential': 'Get-StoredCredential',
  'get-secret': 'Get-Secret',
};

/** The assignments of a script by variable name (scope prefix dropped), in file order. */
export class AssignmentFacts {
  private readonly byName = new Map<string, Assignment[]>();

  constructor(root: Node) {
    for (const node of descendants(root, 'assignment_expression')) {
      const left = node.namedChild(0);
      const value = node.childForFieldName('value');
      const target = left ? assignedVariable(left) : undefined;
      if (!target || !value) continue;
      const list = this.byName.get(target) ?? [];
      list.push({ node, value });
      this.byName.set(target, list);
    }
  }

  /** The last assignment to `$name` written before `offset` (file order: scopes and branches are not followed). */
  lastBefore(name: string, offset: number): Assignment | undefined {
    return (this.byName.get(name) ?? []).filter((a) => a.node.endIndex <= offset).at(-1);
  }
}

/** `$x = …` and `[pscredential] $x = …`: the variable's name without scope prefix. */
function assignedVariable(left: Node): string | undefined {
  const inner = innermost(left);
  if (inner.type === 'variable') return unscoped(variableName(inner));
  const variables = descendants(left, 'variable');
  const last = variables.at(-1);
  return last && last.endIndex === left.endIndex && /^\[[^\]]+\]\s*\$/.test(left.text) ? unscoped(variableName(last)) : undefined;
}

function unscoped(name: string | undefined): string | undefined {
  return name?.replace(/^(?:using|script|global|local|private):/, '');
}

export function credentialOrigin(value: Node, assignments: AssignmentFacts): CredentialOrigin {
  const direct = innermost(value);
  const name = direct.type === 'variable' ? unscoped(variableName(direct)) : undefined;
  const assignment = name ? assignments.lastBefore(name, value.startIndex) : undefined;
  const made = assignment?.value ?? (name ? undefined : value);
  return {
    assignment: assignment?.node,
    maker: made ? makerOf(made) : undefined,
    storedCredentialName: made !== undefined && isQuoted(made),
    plaintextPasswords: made ? plaintextPasswords(made, assignments, new Set(), 0) : [],
  };
}

function makerOf(expression: Node): string | undefined {
  for (const command of descendants(expression, 'command').concat(innermost(expression).type === 'command' ? [innermost(expression)] : [])) {
    const name = commandName(command);
    if (name && MAKER_COMMANDS[name]) return MAKER_COMMANDS[name];
    if (name === 'new-object' && /pscredential/i.test(command.text)) return 'New-Object PSCredential';
  }
  if (/\[(?:system\.management\.automation\.)?pscredential\]\s*::\s*new\b/i.test(expression.text)) return '[pscredential]::new';
  return undefined;
}

/** ConvertTo-SecureString of a literal within `expression`, following the variables it uses. */
function plaintextPasswords(expression: Node, assignments: AssignmentFacts, seen: Set<string>, depth: number): Node[] {
  const found = commandsIn(expression).filter((command) => commandName(command) === 'convertto-securestring' && convertsLiteral(command, assignments));
  if (depth >= MAX_DEPTH) return found;
  for (const variable of descendants(expression, 'variable')) {
    const name = unscoped(variableName(variable));
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const assignment = assignments.lastBefore(name, variable.startIndex);
    if (assignment) found.push(...plaintextPasswords(assignment.value, assignments, seen, depth + 1));
  }
  return found;
}

function commandsIn(expression: Node): readonly Node[] {
  const inner = innermost(expression);
  return inner.type === 'command' ? [inner, ...descendants(inner, 'command').filter((c) => c.id !== inner.id)] : descendants(expression, 'command');
}

/** `-AsPlainText` given, and the string is a literal: the first unnamed argument, `-String`, or piped in. */
function convertsLiteral(command: Node, assignments: AssignmentFacts): boolean {
  const elements = command.childForFieldName('command_elements')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'command_argument_sep') ?? [];
  if (!elements.some((e) => e.type === 'command_parameter' && /^-asp/i.test(e.text))) return false;
  const named = elements.findIndex((e) => e.type === 'command_parameter' && /^-s(t(r(i(ng?)?)?)?)?:?$/i.test(e.text));
  const argument = named >= 0 ? elements[named + 1] : elements.find((e, i) => e.type !== 'command_parameter' && !isSwitchValue(elements, i));
  const piped = command.previousNamedSibling;
  return [argument, piped].some((node) => node !== null && node !== undefined && isLiteralString(node, assignments));
}

/** ConvertTo-SecureString's switches (-AsPlainText, -Force) take no value: an element after them is an argument. */
function isSwitchValue(elements: Node[], index: number): boolean {
  const before = elements[index - 1];
  return before?.type === 'command_parameter' && !/^-(asp|f)/i.test(before.text);
}

function isLiteralString(node: Node, assignments: AssignmentFacts): boolean {
  const inner = innermost(node);
  if (inner.type === 'variable') {
    const name = unscoped(variableName(inner));
    const assignment = name ? assignments.lastBefore(name, node.startIndex) : undefined;
    return !!assignment && isQuoted(assignment.value);
  }
  return isQuoted(node);
}

function isQuoted(node: Node): boolean {
  return /^['"]/.test(innermost(node).text) && literalText(node) !== undefined;
}
