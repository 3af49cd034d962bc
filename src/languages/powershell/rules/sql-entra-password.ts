import type { RuleHit } from '../../../engine/rule';
import { ENTRA_PASSWORD_TRIGGERS, signsInWithEntraPassword } from '../../shared/sql-connection-string';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { descendants, type Node } from '../syntax';

const WHY =
  'signs in to Azure SQL with an Entra ID username and password (Active Directory Password: the resource owner ' +
  'password credentials grant), which cannot satisfy MFA: the connection fails with AADSTS50076 once MFA applies ' +
  'to the account (every user of a partner tenant).';
const INSTEAD =
  'Give the connection an access token for https://database.windows.net/.default instead: $connection.AccessToken ' +
  '(SqlConnection) or Invoke-Sqlcmd -AccessToken, from the Secure Application Model (Get-SamAccessToken) or app-only; ' +
  'or, on Azure, Authentication=Active Directory Managed Identity.';

/** SqlClient's enum member for the password sign-in, however the type is qualified. */
const ENUM_MEMBER = /^\[\s*(?:(?:System|Microsoft)\.Data\.SqlClient\.)?SqlAuthenticationMethod\s*\]\s*::\s*ActiveDirectoryPassword$/i;
/** A string that names the password sign-in by itself, as a builder's `Authentication` takes it. */
const METHOD_NAME = /^\s*active\s*directory\s*password\s*$/i;
/** `$builder.Authentication = …` or `$builder['Authentication'] = …` (SqlConnectionStringBuilder). */
const AUTHENTICATION_MEMBER = /(?:\.\s*authentication|\[\s*(["'])authentication\1\s*\])\s*$/i;
/** Nodes that hold one expression (the grammar nests each in several) or join strings with `+`. */
const EXPRESSION_LEVELS = new Set(['unary_expression', 'array_literal_expression', 'range_expression', 'format_expression', 'multiplicative_expression', 'additive_expression', 'parenthesized_expression']);

export const sqlEntraPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-sql-entra-password',
    title: 'Azure SQL sign-in with an Entra ID username and password (SqlClient, Invoke-Sqlcmd)',
    description:
      'A connection string with Authentication=Active Directory Password (or ActiveDirectoryPassword), or a ' +
      'SqlConnectionStringBuilder set to SqlAuthenticationMethod ActiveDirectoryPassword, signs in to Azure SQL with a ' +
      'username and password: the resource owner password credentials grant, which cannot perform multi-factor ' +
      'authentication. Once MFA applies to the account (every user of a partner tenant) the connection fails with ' +
      'AADSTS50076. Connect with an access token (SqlConnection.AccessToken, Invoke-Sqlcmd -AccessToken) from the ' +
      'Secure Application Model or an app-only sign-in, or with a managed identity.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'azure-sql'],
    triggers: ENTRA_PASSWORD_TRIGGERS,
  },
  check(context) {
    const hits: RuleHit[] = connectionStrings(context).map((node) => hit(node, `This connection string ${WHY} ${INSTEAD}`));
    for (const node of methodSettings(context)) hits.push(hit(node, `Setting the authentication method to ActiveDirectoryPassword ${WHY} ${INSTEAD}`));
    return hits;
  },
};

function hit(node: Node, message: string): RuleHit {
  return { message, startOffset: node.startIndex, endOffset: node.endIndex };
}

/**
 * The outermost string expressions (a string, or strings joined with `+`) whose own text holds a
 * password connection string; variables are not followed, so a string is reported where it is written.
 */
function connectionStrings(context: PowerShellRuleContext): Node[] {
  const found = new Map<number, Node>();
  for (const literal of descendants(context.root, 'string_literal')) {
    if (!/active\s*directory\s*password/i.test(literal.text)) continue;
    const whole = wholeString(literal);
    if (!found.has(whole.startIndex) && signsInWithEntraPassword(context.values().writtenShapeOf(whole))) found.set(whole.startIndex, whole);
  }
  return [...found.values()];
}

/** The `+` expression a string is part of, or the string itself. */
function wholeString(literal: Node): Node {
  let whole = literal;
  for (let parent = literal.parent; parent && EXPRESSION_LEVELS.has(parent.type); parent = parent.parent) {
    if (parent.namedChildCount === 1 || (parent.type === 'additive_expression' && joinsWithPlus(parent))) whole = parent;
    else break;
  }
  return whole;
}

function joinsWithPlus(sum: Node): boolean {
  return sum.children.every((child) => !child || child.isNamed || child.text === '+');
}

/** `[SqlAuthenticationMethod]::ActiveDirectoryPassword` anywhere, and `$builder.Authentication = 'Active Directory Password'`. */
function methodSettings(context: PowerShellRuleContext): Node[] {
  const members = descendants(context.root, 'member_access').filter((node) => ENUM_MEMBER.test(node.text));
  const assigned = context.index
    .assignments()
    .filter((at) => at.owner && !at.scalar)
    .map((at) => context.index.node(at, 'assignment_expression'))
    .filter((assignment) => AUTHENTICATION_MEMBER.test(assignment.namedChild(0)?.text ?? ''))
    .map((assignment) => assignment.lastNamedChild)
    .filter((value): value is Node => !!value && METHOD_NAME.test(context.values().writtenShapeOf(value)));
  return [...members, ...assigned];
}
