import type { AccountSource, RuleHit, RuleMeta } from '../../engine/rule';
import { lineNumberAt } from '../../engine/text';
import { isCredentialMade } from './credential-sources';
import type { PowerShellRuleContext } from './rule-context';
import { descendants, innermost, literalText, variableName, type Node } from './syntax';

const MAX_DEPTH = 6;
/** Values read per sign-in at most: calls and assignments can fan out. */
const MAX_READS = 64;

/**
 * The accounts a sign-in's credential (or user name) may be, told apart by where the script makes
 * it: a copy is its original, a credential made of a user name and password is its user name, and a
 * parameter of a function the script calls is what each call gives it. Two stored credentials
 * (`Import-Clixml a.xml`, `Import-Clixml b.xml`) are two accounts as far as the script tells.
 */
export function accountsOf(context: PowerShellRuleContext, value: Node): AccountSource[] {
  const found = new Map<string, AccountSource>();
  for (const source of new AccountReader(context).sourcesOf(value, 0)) if (!found.has(source.key)) found.set(source.key, source);
  return [...found.values()];
}

class AccountReader {
  private reads = 0;

  constructor(private readonly context: PowerShellRuleContext) {}

  sourcesOf(value: Node, depth: number): AccountSource[] {
    const inner = innermost(value);
    const here = (): AccountSource[] => [{ key: keyOf(inner), offset: inner.startIndex }];
    if (depth > MAX_DEPTH || ++this.reads > MAX_READS) return here();
    if (inner.type === 'variable') return this.variableSources(inner, depth);
    if (inner.type === 'parenthesized_expression' && inner.namedChild(0)) return this.sourcesOf(inner.namedChild(0)!, depth + 1);
    // `$cred.UserName`: the account of the credential it is read from.
    const read = accountRead(inner);
    if (read) return this.sourcesOf(read, depth + 1);
    const user = isCredentialMade(inner) ? userNameOf(inner) : undefined;
    return user ? this.sourcesOf(user, depth + 1).map((source) => ({ key: `user ${source.key}`, offset: inner.startIndex })) : here();
  }

/**
 * What a variable may hold: the assignment it sees; for a parameter of a function, what the script's
 * calls give it; else any assignment of its name (a function reads the script's `$adminCreds`, set
 * further down, when it runs). A variable the file never sets is told apart from none.
 */
  private variableSources(variable: Node, depth: number): AccountSource[] {
    const values = this.context.values();
    const assignment = values.assignmentSeenBy(variable);
    if (assignment && assignment.node.type !== 'script_parameter_default') return this.sourcesOf(assignment.value, depth + 1);
    const name = variableName(variable);
    if (!name) return [];
    const owner = this.context.index.scopes().parameterOwner(variable.startIndex, name);
    if (owner?.name) return this.context.functionCalls().parameterArguments(owner, name).flatMap((given) => this.sourcesOf(given.value, depth + 1));
    if (owner) return [];
    return values.assignmentsOf(name).flatMap((set) => (set.node.type === 'script_parameter_default' ? [] : this.sourcesOf(set.value, depth + 1)));
  }
}

/** A quoted name is its value (`'svc@contoso.com'` and `"svc@contoso.com"` are one account); anything else its text, blanks and case aside. */
function keyOf(node: Node): string {
  const literal = /^['"]/.test(node.text) ? literalText(node) : undefined;
  return literal !== undefined ? `'${literal.toLowerCase()}'` : node.text.replace(/\s+/g, ' ').toLowerCase();
}

/** `$cred.UserName`, `$cred.GetNetworkCredential().UserName`: the credential variable whose user name is read. */
function accountRead(node: Node): Node | undefined {
  if (!/\.(?:GetNetworkCredential\(\)\.)?UserName$/i.test(node.text)) return undefined;
  const first = descendants(node, 'variable')[0];
  return first?.startIndex === node.startIndex ? first : undefined;
}

/** The user name a credential is made of: the first value after the type (`New-Object PSCredential -ArgumentList $user, $pass`, `[pscredential]::new('a@b', $p)`). */
function userNameOf(made: Node): Node | undefined {
  const typeEnd = /pscredential['"]?\]?(?:\s*::\s*new)?/i.exec(made.text);
  if (!typeEnd) return undefined;
  const after = made.startIndex + typeEnd.index + typeEnd[0].length;
  const candidates = [...descendants(made, 'variable'), ...descendants(made, 'expandable_string_literal'), ...descendants(made, 'verbatim_string_characters')];
  return candidates.filter((node) => node.startIndex >= after).sort((a, b) => a.startIndex - b.startIndex)[0];
}

/** A rule's hit with the rule that made it. */
export interface RuleHitOf {
  meta: RuleMeta;
  hit: RuleHit;
}

/**
 * Fix-all gives every sign-in it fixes one Secure Application Model token (or one app): where those
 * sign-ins use more than one account, that would sign them all in as one, so each is left to a person.
 */
export function oneAccountEach(hits: RuleHitOf[], text: string): RuleHitOf[] {
  const unattended = hits.filter(({ hit }) => hit.signsInAs && hit.fixes?.some((fix) => fix.safeForFixAll));
  const accounts = new Map<string, number>();
  for (const { hit } of unattended) for (const source of hit.signsInAs!) if (!accounts.has(source.key)) accounts.set(source.key, source.offset);
  if (accounts.size < 2) return hits;
  const note = severalAccountsNote([...accounts.values()].map((offset) => lineNumberAt(text, offset)));
  return hits.map((entry) =>
    unattended.includes(entry)
      ? { meta: entry.meta, hit: { ...entry.hit, message: `${entry.hit.message} ${note}`, fixes: entry.hit.fixes!.map((fix) => ({ ...fix, safeForFixAll: false })) } }
      : entry,
  );
}

function severalAccountsNote(lines: number[]): string {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const where = unique.length > 1 ? `made at lines ${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}` : `made at line ${unique[0]}`;
  return (
    `(Fix-all leaves this to you: the script signs in with more than one credential (${where}), and the fixes would sign ` +
    'them all in as one account, the one that consented to the Secure Application Model app (or one app); give each sign-in the account it is for.)'
  );
}
