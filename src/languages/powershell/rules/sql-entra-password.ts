import type { RuleHit } from '../../../engine/rule';
import { ENTRA_PASSWORD_TRIGGERS, leavesMethodToRunTime, signsInWithEntraPassword } from '../../shared/sql-connection-string';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { commandName, parameterNameOf } from '../command';
import { commandLinesHolding, nativeCommandLines, passedText, unquoted } from '../native-arguments';
import { descendants, innermost, invokedMemberName, type Node } from '../syntax';

const WHY =
  'signs in to Azure SQL with an Entra ID username and password (Active Directory Password: the resource owner ' +
  'password credentials grant), which cannot satisfy MFA: the connection fails with AADSTS50076 once MFA applies ' +
  'to the account (every user of a partner tenant).';
const INSTEAD =
  'Give the connection an access token for https://database.windows.net/.default instead: $connection.AccessToken ' +
  '(SqlConnection) or Invoke-Sqlcmd -AccessToken, from the Secure Application Model (the rule\'s page shows the exchange) or app-only; ' +
  'or, on Azure, Authentication=Active Directory Managed Identity.';

/** The password member of SqlClient's `SqlAuthenticationMethod` or SMO's `SqlConnectionInfo+AuthenticationMethod`. */
const ENUM_MEMBER = /^\[[\w.+\s]*AuthenticationMethod\s*\]\s*::\s*ActiveDirectoryPassword$/i;
/** sqlcmd, ODBC's and go-sqlcmd: `-G` with a user name and a password is the Entra password sign-in. */
const SQLCMD_COMMANDS = ['sqlcmd', 'sqlcmd.exe'];
/** A string that names the password sign-in by itself, as a builder's `Authentication` takes it. */
const METHOD_NAME = /^\s*active\s*directory\s*password\s*$/i;
/** `$builder.Authentication = …` or `$builder['Authentication'] = …` (SqlConnectionStringBuilder). */
const AUTHENTICATION_MEMBER = /(?:\.\s*authentication|\[\s*(["'])authentication\1\s*\])\s*$/i;
/** Nodes that hold one expression (the grammar nests each in several), or join strings with `+` or `-f`. */
const EXPRESSION_LEVELS = new Set(['unary_expression', 'array_literal_expression', 'range_expression', 'format_expression', 'multiplicative_expression', 'additive_expression', 'parenthesized_expression']);
/** Where a search for a comparison or a method call around an expression stops. */
const STATEMENT_LEVELS = new Set(['pipeline', 'assignment_expression', 'command', 'hash_entry', 'statement_block', 'script_block', 'program']);
/** .NET methods that look for text rather than use it. */
const TEST_METHODS = new Set(['contains', 'startswith', 'endswith', 'indexof', 'lastindexof', 'replace', 'split', 'equals', 'ismatch', 'match', 'matches']);

export const sqlEntraPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-sql-entra-password',
    title: 'Azure SQL sign-in with an Entra ID username and password (SqlClient, Invoke-Sqlcmd)',
    description:
      'A connection string with Authentication=Active Directory Password (or ActiveDirectoryPassword), also given to a command ' +
      "as an option's value (SqlPackage /SourceConnectionString:), or a " +
      'SqlConnectionStringBuilder set to SqlAuthenticationMethod ActiveDirectoryPassword, signs in to Azure SQL with a ' +
      'username and password: the resource owner password credentials grant, which cannot perform multi-factor ' +
      'authentication. Once MFA applies to the account (every user of a partner tenant) the connection fails with ' +
      'AADSTS50076. Connect with an access token (SqlConnection.AccessToken, Invoke-Sqlcmd -AccessToken) from the ' +
      'Secure Application Model or an app-only sign-in, or with a managed identity.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'azure-sql'],
    triggers: [...ENTRA_PASSWORD_TRIGGERS, 'sqlcmd'],
  },
  check(context) {
    const written = connectionStrings(context);
    const hits: RuleHit[] = [...written, ...connectionStringOptions(context, written)]
      .sort((a, b) => a.startIndex - b.startIndex)
      .map((node) => hit(node, `This connection string ${WHY} ${INSTEAD}`));
    for (const node of methodSettings(context)) hits.push(hit(node, `Setting the authentication method to ActiveDirectoryPassword ${WHY} ${INSTEAD}`));
    for (const node of sqlcmdSignIns(context)) {
      hits.push(
        hit(
          node,
          `sqlcmd with -G, a user name and a password ${WHY} Sign in without a user: go-sqlcmd's --authentication-method ` +
            'ActiveDirectoryManagedIdentity or ActiveDirectoryServicePrincipal, or Invoke-Sqlcmd -AccessToken.',
        ),
      );
    }
    return hits;
  },
};

function hit(node: Pick<Node, 'startIndex' | 'endIndex'>, message: string): RuleHit {
  return { message, startOffset: node.startIndex, endOffset: node.endIndex };
}

/**
 * The outermost string expressions (a string, strings joined with `+`, a `-f` template with its
 * arguments) that hold a password connection string. Variables are followed only for the value of
 * `Authentication=` itself, so a string is reported where it is written, once.
 */
function connectionStrings(context: PowerShellRuleContext): Node[] {
  const found = new Map<number, Node>();
  for (const literal of descendants(context.root, 'string_literal')) {
    if (!/active\s*directory\s*password|authentication\s*=/i.test(literal.text)) continue;
    const whole = wholeString(literal);
    if (found.has(whole.startIndex) || onlyTested(whole)) continue;
    const written = context.values().writtenShapeOf(whole);
    const signsIn = leavesMethodToRunTime(written) ? signsInWithEntraPassword(context.values().shapeOf(whole)) : signsInWithEntraPassword(written);
    if (signsIn) found.set(whole.startIndex, whole);
  }
  return [...found.values()];
}

/** A command's option joined to its value: `/SourceConnectionString:`, `/tcs:`, `--connection-string=`. */
const OPTION_NAME = /^(?:--?|\/)[A-Za-z][\w.-]*[:=]/;
const NAMES_PASSWORD_METHOD = /active\s*directory\s*password/i;

/**
 * Connection strings given to a command as an option's value, joined to its name (`SqlPackage
 * /SourceConnectionString:"…;Authentication=Active Directory Password;…"`, `/tcs:…`): the grammar reads
 * such an argument as one bare word, and the command receives the value without its quotes. Not one
 * that holds a string already reported (`-ConnectionString:"…"`).
 */
function connectionStringOptions(context: PowerShellRuleContext, reported: readonly Node[]): Array<Pick<Node, 'startIndex' | 'endIndex'>> {
  return commandLinesHolding(context, NAMES_PASSWORD_METHOD)
    .filter(({ command }) => commandName(command) !== 'should')
    .flatMap(({ args }) => args)
    .filter((arg) => signsInWithEntraPassword(optionValue(arg.text) ?? '') && !reported.some((node) => arg.start <= node.startIndex && node.endIndex <= arg.end))
    .map((arg) => ({ startIndex: arg.start, endIndex: arg.end }));
}

/** The value of an option joined to its name, as the command receives it; undefined for another argument. */
function optionValue(argument: string): string | undefined {
  const passed = passedText(argument);
  const option = OPTION_NAME.exec(passed);
  return option ? passed.slice(option[0].length) : undefined;
}

/** The `+` or `-f` expression a string is part of, or the string itself. */
function wholeString(literal: Node): Node {
  let whole = literal;
  for (let parent = literal.parent; parent && EXPRESSION_LEVELS.has(parent.type); parent = parent.parent) {
    if (parent.namedChildCount === 1 || joinsStrings(parent, whole)) whole = parent;
    else break;
  }
  return whole;
}

/** `a + b`, or `template -f arguments` seen from its template. */
function joinsStrings(expression: Node, part: Node): boolean {
  if (expression.type === 'additive_expression') return expression.children.every((child) => !child || child.isNamed || child.text === '+');
  return expression.type === 'format_expression' && expression.namedChild(0)?.id === part.id && expression.namedChild(1)?.type === 'format_operator';
}

/**
 * Whether an expression is only compared or searched for (`$cs -match '…'`, `$cs.Contains('…')`,
 * `-replace`): code that checks for the sign-in, or removes it, does not sign in.
 */
function onlyTested(node: Node): boolean {
  let inner = node;
  for (let at = node.parent; at && !STATEMENT_LEVELS.has(at.type); inner = at, at = at.parent) {
    const operator = at.type === 'comparison_expression' ? at.children.find((child) => child?.type === 'comparison_operator') : undefined;
    if (operator && comparedBy(operator.text, node, at)) return true;
    if (at.type === 'invokation_expression' && inner.type === 'argument_list' && searchedBy(invokedMemberName(at), node, inner)) return true;
  }
  return inSwitchCondition(node) || inAssertion(node);
}

/** Pester's `… | Should -Match '…'` asserts what a string holds. */
function inAssertion(node: Node): boolean {
  const command = enclosingInStatement(node, 'command');
  return !!command && commandName(command) === 'should';
}

/** A `switch` clause's condition is compared with the switch's value. */
function inSwitchCondition(node: Node): boolean {
  return !!enclosingInStatement(node, 'switch_clause_condition');
}

/** The nearest node of `type` around `node`, within its statement block. */
function enclosingInStatement(node: Node, type: string): Node | undefined {
  for (let at = node.parent; at && at.type !== 'statement_block' && at.type !== 'program'; at = at.parent) {
    if (at.type === type) return at;
  }
  return undefined;
}

/**
 * Whether `side` of a comparison only takes part in it: either side of -eq, -ne, -in, -contains and
 * their kin; the pattern of -match or -like; of `-replace 'pattern', 'replacement'` the pattern only.
 */
function comparedBy(operator: string, side: Node, comparison: Node): boolean {
  if (/^-[ic]?(?:eq|ne|in|notin|contains|notcontains)$/i.test(operator)) return true;
  const right = comparison.lastNamedChild;
  if (!right || side.startIndex < right.startIndex) return false;
  if (!/^-[ic]?replace$/i.test(operator)) return true;
  const pair = innermost(right);
  return pair.type !== 'array_literal_expression' || pair.namedChildCount < 2 || within(pair.namedChild(0)!, side);
}

/** The arguments a method looks for: all of them, but of `.Replace(old, new)` the first only. */
function searchedBy(method: string, node: Node, argumentList: Node): boolean {
  if (!TEST_METHODS.has(method)) return false;
  const first = descendants(argumentList, 'argument_expression')[0];
  return method !== 'replace' || (!!first && within(first, node));
}

function within(outer: Node, node: Node): boolean {
  return outer.startIndex <= node.startIndex && node.endIndex <= outer.endIndex;
}

/**
 * The method set to the password sign-in: `[SqlAuthenticationMethod]::ActiveDirectoryPassword` (or cast
 * from its name) where it is given rather than compared, `$builder.Authentication = …` and a
 * hashtable's `Authentication = …` (`New-Object … -Property @{…}`, `[Builder]@{…}`) with its name.
 */
function methodSettings(context: PowerShellRuleContext): Node[] {
  const namesMethod = (value: Node | null | undefined): value is Node => !!value && METHOD_NAME.test(context.values().shapeOf(value));
  const members = descendants(context.root, 'member_access').filter((node) => ENUM_MEMBER.test(node.text));
  const casts = descendants(context.root, 'cast_expression').filter(
    (node) => /AuthenticationMethod\s*\]$/i.test(node.namedChild(0)?.text ?? '') && namesMethod(node.namedChild(1)),
  );
  const assigned = context.index
    .assignments()
    .filter((at) => at.owner && !at.scalar)
    .map((at) => context.index.node(at, 'assignment_expression'))
    .filter((assignment) => AUTHENTICATION_MEMBER.test(assignment.namedChild(0)?.text ?? ''))
    .map((assignment) => assignment.lastNamedChild)
    .filter(namesMethod);
  const entries = descendants(context.root, 'hash_entry')
    .filter((entry) => /^(["']?)authentication\1$/i.test(entry.namedChild(0)?.text.trim() ?? '') && buildsConnection(entry))
    .map((entry) => entry.lastNamedChild)
    .filter(namesMethod);
  const arguments_ = context.index
    .commands()
    .filter((at) => at.name !== 'should' && /activedirectorypassword/i.test(context.text.slice(at.start, at.end)))
    .flatMap((at) => methodArgument(context, context.index.node(at, 'command')));
  const given = [...members, ...casts, ...arguments_].filter((node) => !onlyTested(node));
  // A cast assigned to a builder is one finding, at the value.
  const values = [...assigned, ...entries];
  return [...given.filter((node) => !values.some((value) => within(value, node))), ...values];
}

/**
 * `sqlcmd … -G -U user -P password` (options are case-sensitive: `-g` and `-p` are others), or
 * `--authentication-method ActiveDirectoryPassword`. `-G -U` without `-P` is left alone: ODBC's sqlcmd
 * then reads SQLCMDPASSWORD, go-sqlcmd signs in interactively.
 */
function sqlcmdSignIns(context: PowerShellRuleContext): Node[] {
  return nativeCommandLines(context, SQLCMD_COMMANDS)
    .filter(({ args: written }) => {
      const args = written.map((arg) => unquoted(arg.text));
      const method = args.findIndex((arg) => /^--authentication-method(?:=|$)/i.test(arg));
      if (method >= 0) return /^activedirectorypassword$/i.test(args[method].split('=')[1] ?? args[method + 1] ?? '');
      return args.includes('-G') && args.some((arg) => arg.startsWith('-U')) && args.some((arg) => arg.startsWith('-P'));
    })
    .map(({ command }) => command);
}

/** `Connect-DbaInstance … -AuthenticationType ActiveDirectoryPassword`: any command's authentication parameter given the method. */
function methodArgument(context: PowerShellRuleContext, command: Node): Node[] {
  const elements = command.namedChildren.find((child) => child?.type === 'command_elements');
  const parts = elements?.namedChildren.filter((child): child is Node => !!child && child.type !== 'command_argument_sep') ?? [];
  return parts.filter((part, i) => {
    const parameter = parts[i - 1];
    return !!parameter && /^Authentication(?:Type|Method)?$/i.test(parameterNameOf(parameter) ?? '') && METHOD_NAME.test(context.values().shapeOf(part));
  });
}

/** A property table given to a connection string builder: `New-Object …Builder -Property @{…}` or `[…Builder]@{…}`. */
function buildsConnection(entry: Node): boolean {
  for (let at = entry.parent; at; at = at.parent) {
    if (at.type === 'cast_expression') return /ConnectionStringBuilder\s*\]$/i.test(at.namedChild(0)?.text ?? '');
    if (at.type === 'command') return /^New-Object\b[\s\S]*ConnectionStringBuilder[\s\S]*-Property\b/i.test(at.text);
    if (at.type === 'statement_block' || at.type === 'program') return false;
  }
  return false;
}
