import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import type { CommandCall } from '../command';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { inCasing } from '../code-style';
import { innermost, variableName, type Node } from '../syntax';
import { powerShellSecrets, type PowerShellSecrets } from '../templates/secret-source';

const MESSAGE =
  'ConvertTo-SecureString -AsPlainText is given a password written in the script: anyone who can read the ' +
  'script or its history has it, and a SecureString made from it protects nothing. A stored password usually ' +
  'feeds a username+password sign-in, which cannot perform MFA (required for every user of a partner tenant, ' +
  'service accounts included). Rotate the password, read secrets from a vault or the environment, and sign in ' +
  'with a token or a certificate instead.';

/** Node types of a string the script spells out in full: no variable or sub-expression in it. */
const LITERAL_TYPES = new Set([
  'verbatim_string_characters',
  'verbatim_here_string_characters',
  'expandable_string_literal',
  'expandable_here_string_literal',
  'generic_token',
]);

/** Where a plain-text secret comes from: the literal, and the variable that holds it if any. */
interface PlainTextSource {
  literal: Node;
  variable?: string;
}

export const plaintextPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-plaintext-password',
    title: 'Password literal turned into a SecureString',
    description:
      'ConvertTo-SecureString -AsPlainText -Force is given a string written in the script (directly, through a ' +
      'variable assigned a literal, or piped in). The password is readable by anyone with the script, and such ' +
      'passwords feed username+password sign-ins that cannot perform multi-factor authentication, which ' +
      'Microsoft requires for every user of a partner tenant. Read the secret from the environment or a vault, ' +
      'rotate the exposed one, and move the sign-in to a token or certificate.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential', 'secret'],
    triggers: ['convertto-securestring'],
  },
  check(context) {
    const found = context.commands().flatMap((call) => {
      const source = isPlainText(call) ? plainTextSource(context, call) : undefined;
      return source ? [{ call, source }] : [];
    });
    const names = secretNames(context, found);
    const secrets = powerShellSecrets(context.settings.secretSource);
    return found.map(({ call, source }): RuleHit => ({
      message: MESSAGE,
      startOffset: call.node.startIndex,
      endOffset: call.node.endIndex,
      fixes: [secretSourceFix(context, secrets, source, names.get(source.literal.id)!)],
      related: source.variable ? [{ message: `the password is assigned to $${source.variable} here`, startOffset: source.literal.startIndex, endOffset: source.literal.endIndex }] : [],
    }));
  },
};

function isPlainText(call: CommandCall): boolean {
  if (call.spec.name !== 'ConvertTo-SecureString') return false;
  const asPlainText = call.parameters.find((p) => p.canonical === 'AsPlainText');
  return !!asPlainText && asPlainText.value?.text.toLowerCase() !== '$false';
}

/** The literal the String parameter binds: named, positional, or piped in, directly or through a variable. */
function plainTextSource(context: PowerShellRuleContext, call: CommandCall): PlainTextSource | undefined {
  const argument = call.parameters.find((p) => p.canonical === 'String')?.value ?? pipelineInput(call.node);
  if (!argument) return undefined;
  if (isLiteral(context, argument)) return { literal: innermost(argument) };
  const name = innermost(argument).type === 'variable' ? variableName(argument) : undefined;
  const assignment = name ? context.values().assignmentBefore(name, argument.startIndex) : undefined;
  if (!assignment || !isLiteral(context, assignment.value)) return undefined;
  return { literal: innermost(assignment.value), variable: writtenName(argument) };
}

/** A variable's name as written (`$svcPassword` → `svcPassword`), without `$`, braces or scope. */
function writtenName(variable: Node): string {
  return innermost(variable).text.replace(/^[$@]\{?|\}$/g, '').replace(/^(?:script|global|local|private|using):/i, '');
}

/** `'x' | ConvertTo-SecureString …`: the expression before the command in its pipeline. */
function pipelineInput(command: Node): Node | undefined {
  const previous = command.previousNamedSibling;
  return previous && previous.type !== 'command' && command.parent?.type === 'pipeline_chain' ? previous : undefined;
}

function isLiteral(context: PowerShellRuleContext, node: Node): boolean {
  const inner = innermost(node);
  return LITERAL_TYPES.has(inner.type) && inner.namedChildCount === 0 && context.values().shapeOf(inner) !== '';
}

/**
 * One secret per literal (`SVC_PASSWORD`, read as $env:MFA_READY_SVC_PASSWORD or the vault's
 * mfa-ready-svc-password): named after the variable that holds it or receives the SecureString,
 * else PASSWORD; numbered when two secrets (or the script itself) would share a name.
 */
function secretNames(context: PowerShellRuleContext, found: { call: CommandCall; source: PlainTextSource }[]): Map<number, string> {
  const written = context.text.matchAll(/\$env:MFA_READY_(\w+)|\bmfa-ready-([\w-]+)/gi);
  const taken = new Set([...written].map((m) => (m[1] ?? m[2].replace(/-/g, '_')).toUpperCase()));
  const names = new Map<number, string>();
  for (const { call, source } of found) {
    if (names.has(source.literal.id)) continue;
    const base = screamingSnake(source.variable ?? receivingVariable(call.node) ?? 'password');
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(source.literal.id, name);
  }
  return names;
}

/** `$secure = ConvertTo-SecureString …`: the variable's name. */
function receivingVariable(command: Node): string | undefined {
  const assignment = command.parent?.parent?.parent;
  const left = assignment?.type === 'assignment_expression' ? assignment.namedChild(0) : null;
  return left && innermost(left).type === 'variable' ? writtenName(left) : undefined;
}

function screamingSnake(name: string): string {
  const words = name.replace(/^secure_?(?=.)/i, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return words.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase() || 'PASSWORD';
}

function secretSourceFix(context: PowerShellRuleContext, secrets: PowerShellSecrets, source: PlainTextSource, name: string): Fix {
  return {
    title: `Read the password from ${secrets.describe(name)} (then rotate the exposed one)`,
    safeForFixAll: true,
    edits: [{ startOffset: source.literal.startIndex, endOffset: source.literal.endIndex, newText: inCasing(secrets.readScriptSecret(name), context.casing()) }],
  };
}
