import type { AccountSource } from '../../engine/rule';
import { loopItem, onSomePathsOnly } from './caller-credentials';
import { credentialOrigin, isCredentialMade, madeByPrompt } from './credential-sources';
import type { PowerShellRuleContext } from './rule-context';
import type { ScalarAssignment } from './values';
import { descendants, innermost, isNullLiteral, literalText, variableName, type Node } from './syntax';

/** Copies, calls and parentheses followed at most: reads are remembered, so depth costs no fan-out. */
const MAX_DEPTH = 16;
/** Assignments and parameters read per sign-in at most: calls and assignments can fan out. Past it, what is left is an account the check could not tell. */
const MAX_READS = 64;
/** Assignments of one variable read at most (a script may assign it thousands of times). */
const MAX_ASSIGNMENTS = 16;
/** Variables inside a credential's maker whose values tell it apart (`Import-Clixml -Path $file`). */
const MAX_PARTS = 4;

/**
 * The accounts a sign-in's credential (or user name) may be, told apart by where the script makes
 * it: a copy is its original, a credential made of a user name and password is its user name, and a
 * parameter of a function the script calls is what each call gives it. Two stored credentials
 * (`Import-Clixml a.xml`, `Import-Clixml b.xml`) are two accounts as far as the script tells, and so
 * are two variables it never sets (`$env:ADMIN_USER`, `$env:MAILER_USER`). A credential made anew on
 * each pass of a loop (`foreach ($row in $tenants) { … $row.User … }`) is an account per pass. One
 * reached through more copies or calls than the check reads is `unfinished`: possibly another account.
 */
export function accountsOf(context: PowerShellRuleContext, value: Node): AccountSource[] {
  const found = new Map<string, AccountSource>();
  for (const source of new AccountReader(context).sourcesOf(value, 0)) if (!found.has(source.key)) found.set(source.key, source);
  return [...found.values()];
}

class AccountReader {
  private reads = 0;
  /** What an assignment or a parameter came to, read once: a helper called 31 times with `$admin` reads `$admin`'s assignment once. */
  private readonly known = new Map<string, AccountSource[]>();
  private readonly reading = new Set<string>();
  private cycles = 0;

  constructor(private readonly context: PowerShellRuleContext) {}

  sourcesOf(value: Node, depth: number): AccountSource[] {
    const inner = innermost(value);
    if (depth > MAX_DEPTH) return [unfinished(inner)];
    if (isNullLiteral(inner.text)) return [];
    if (inner.type === 'variable') return this.variableSources(inner, depth);
    if (inner.type === 'parenthesized_expression' && inner.namedChild(0)) return this.sourcesOf(inner.namedChild(0)!, depth + 1);
    // `$cred.UserName`: the account of the credential it is read from.
    const read = accountRead(inner);
    if (read) return this.sourcesOf(read, depth + 1);
    const user = isCredentialMade(inner) ? userNameOf(inner) : undefined;
    // Its user name is the account: a password grant's `username` of the same value is the same one.
    if (user) return this.sourcesOf(user, depth + 1).map((source) => ({ ...source, offset: inner.startIndex }));
    const parts = descendants(inner, 'variable');
    const perPass = parts.some((part) => eachPass(part));
    if (perPass) return [{ key: keyOf(inner), offset: inner.startIndex, perPass }];
    // `Import-Clixml -Path $file`: the same text with `$file` set to admin.xml, then to mailer.xml, is two;
    // so is `Get-AutomationPSCredential -Name $name` where `$name` is 'ExoProd' on one branch and 'ExoTest' on another.
    const given = parts.slice(0, MAX_PARTS).map((part) => distinct(this.variableSources(part, depth + 1))).filter((sources) => sources.length > 0);
    const choices = combinations(given);
    const prompted = madeByPrompt(credentialOrigin(inner, this.context)) ? { prompted: true as const } : {};
    if (choices.length === 0) return [{ key: keyOf(inner), offset: inner.startIndex, ...prompted }];
    // Made with one of several values: where each value is written tells them apart.
    const varying = given.findIndex((sources) => sources.length > 1);
    return choices.map((choice) => ({
      key: `${keyOf(inner)} with ${choice.map((source) => source.key).join(', ')}`,
      offset: varying < 0 ? inner.startIndex : choice[varying].offset,
      ...prompted,
      ...(choice.some((source) => source.unfinished) ? { unfinished: true as const } : {}),
    }));
  }

  /**
   * What a variable may hold: each pass's item of a loop; the assignment it sees (with the others a
   * branch may have made instead); for a parameter of a function, what the script's calls give it;
   * else any assignment of its name (a function reads the script's `$adminCreds`, set further down,
   * when it runs); for a variable the file never sets, its name.
   */
  private variableSources(variable: Node, depth: number): AccountSource[] {
    if (eachPass(variable)) return [{ key: `each ${variable.text.toLowerCase()}`, offset: variable.startIndex, perPass: true }];
    const values = this.context.values();
    const name = variableName(variable);
    const seen = values.assignmentSeenBy(variable);
    if (seen && seen.node.type !== 'script_parameter_default') {
      const made = onSomePathsOnly(seen.node) && name ? values.assignmentsOf(name).filter((set) => set.offset < variable.startIndex).slice(-MAX_ASSIGNMENTS) : [seen];
      return this.sourcesOfEach(made, variable, depth);
    }
    if (!name) return [];
    const owner = this.context.index.scopes().parameterOwner(variable.startIndex, name);
    if (owner?.name) {
      const calls = this.context.functionCalls().parameterArguments(owner, name);
      return this.remembered(`${owner.start} ${name}`, variable, () => calls.flatMap((given) => this.sourcesOf(given.value, depth + 1)));
    }
    if (owner) return [];
    const anywhere = values.assignmentsOf(name);
    if (anywhere.length > 0) return this.sourcesOfEach(anywhere.slice(0, MAX_ASSIGNMENTS), variable, depth);
    return [{ key: `$${name}`, offset: variable.startIndex }];
  }

  private sourcesOfEach(assignments: readonly ScalarAssignment[], variable: Node, depth: number): AccountSource[] {
    return assignments.flatMap((set) =>
      set.node.type === 'script_parameter_default' ? [] : this.remembered(`${set.offset}`, variable, () => this.sourcesOf(set.value, depth + 1)),
    );
  }

  /**
   * What `read` gives, read once per sign-in (`key`: the assignment or parameter), and counted against
   * the budget then; past it, `variable` is an account the check could not tell. A cycle
   * (`$a = $b` in one function, `$b = $a` in another) adds no account, and what is read inside one is
   * not kept (it lacks what the cycle's start adds).
   */
  private remembered(key: string, variable: Node, read: () => AccountSource[]): AccountSource[] {
    const known = this.known.get(key);
    if (known) return known;
    if (this.reading.has(key)) {
      this.cycles++;
      return [];
    }
    if (++this.reads > MAX_READS) return [unfinished(variable)];
    const cycles = this.cycles;
    this.reading.add(key);
    const sources = read();
    this.reading.delete(key);
    if (cycles === this.cycles && !sources.some((source) => source.unfinished)) this.known.set(key, sources);
    return sources;
  }
}

/** The sources with different keys, the first of each. */
function distinct(sources: AccountSource[]): AccountSource[] {
  const keys = new Set<string>();
  return sources.filter((source) => !keys.has(source.key) && !!keys.add(source.key));
}

/** One source of each part's, in every combination, up to `MAX_ASSIGNMENTS` of them (more tell no more: they are several). */
function combinations(parts: readonly AccountSource[][]): AccountSource[][] {
  return parts.reduce<AccountSource[][]>((made, sources) => made.flatMap((before) => sources.map((source) => [...before, source])).slice(0, MAX_ASSIGNMENTS), parts.length > 0 ? [[]] : []);
}

/** Where the check stopped reading: an account of its own, possibly another than the ones it told. */
function unfinished(node: Node): AccountSource {
  return { key: `unfinished at ${node.startIndex}`, offset: node.startIndex, unfinished: true };
}

/** A loop's item (`foreach ($row in $rows)`) or the pipeline's (`$_`, `$PSItem`): another value on each pass. */
function eachPass(variable: Node): boolean {
  const name = variableName(variable);
  return name === '_' || name === 'psitem' || (name !== undefined && loopItem(variable, name));
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
  const first = candidates.filter((node) => node.startIndex >= after).sort((a, b) => a.startIndex - b.startIndex)[0];
  return first && wholeValue(first);
}

/** `$config.AdminUser` for its `$config`, `$row.'User Name'`: the member reads a value starts. */
function wholeValue(node: Node): Node {
  let whole = node;
  while (whole.parent && whole.parent.startIndex === whole.startIndex && MEMBER_READS.has(whole.parent.type)) whole = whole.parent;
  return whole;
}

const MEMBER_READS = new Set(['member_access', 'element_access', 'invokation_expression']);
