import { hashEntries, hashLiteral } from './hashtables';
import { isWithin, literalText, type Node } from './syntax';

/**
 * Whether a read of a variable that holds a secret (or a hashtable or credential with one in it) passes
 * none of the secret on: a member read that gives something else (`$pw.Length`, `$user.Count`,
 * `$cred.UserName`, `$user.SamAccountName` of a hashtable whose secret is under another key), or a test of
 * it (`$pw -eq $null`, `-not $pw`, `if ($pw)`). `held` is the value the variable is assigned where it is
 * read; `carriers` are the places the secret was followed through, one of which may be in that value.
 */
export function readsNoSecret(variable: Node, held: Node | undefined, carriers: readonly Node[]): boolean {
  return readsOtherMember(variable, held, carriers) || isTested(variable);
}

/** `$credential.UserName`: the user name, not the password. */
export function readsUserName(at: Node): boolean {
  return /^username$/i.test(memberRead(at) ?? '');
}

function readsOtherMember(variable: Node, held: Node | undefined, carriers: readonly Node[]): boolean {
  const member = memberRead(variable);
  if (member === undefined) return false;
  const table = held && hashLiteral(held);
  const entry = table && hashEntries(table).find((at) => at.key.toLowerCase() === member.toLowerCase());
  if (entry) return !carriers.some((carrier) => isWithin(carrier, entry.value));
  return SECRET_FREE_MEMBERS.test(member);
}

// A count or a size, whatever holds the secret; a hashtable's keys (its values do carry it); a credential's user name.
const SECRET_FREE_MEMBERS = /^(?:length|count|keys|username)$/i;

/** The member a property read of the value reads (`$x.Name`, `$x.'Name'`); undefined for a method call or any other use. */
function memberRead(at: Node): string | undefined {
  const access = at.parent;
  if (access?.type !== 'member_access' || access.namedChild(0)?.id !== at.id) return undefined;
  const member = access.namedChild(1);
  return member ? literalText(member) : undefined;
}

/** An operand of a comparison that gives true or false, of `-not`/`!`, or the whole condition of an `if` or loop. */
function isTested(variable: Node): boolean {
  let value = variable;
  while (value.parent && value.parent.startIndex === value.startIndex && value.parent.endIndex === value.endIndex && value.parent.type !== 'pipeline') value = value.parent;
  const around = value.parent;
  if (!around) return false;
  if (around.type === 'comparison_expression') return around.children.some((child) => child?.type === 'comparison_operator' && TEST_OPERATOR.test(child.text));
  if (around.type === 'expression_with_unary_operator') return /^(?:-not|!)/i.test(around.text);
  const pipeline = around.type === 'pipeline' ? around : undefined;
  return !!pipeline && pipeline.startIndex === value.startIndex && pipeline.endIndex === value.endIndex && CONDITION_HOLDERS.has(pipeline.parent?.type ?? '');
}

const TEST_OPERATOR = /^-[ci]?(?:eq|ne|gt|ge|lt|le|like|notlike|match|notmatch|contains|notcontains|in|notin|is|isnot)$/i;

const CONDITION_HOLDERS = new Set(['if_statement', 'elseif_clause', 'while_condition']);
