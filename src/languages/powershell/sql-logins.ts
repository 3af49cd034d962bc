import { commandElements, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { Node } from './syntax';

/**
 * Whether `command` (lower-case name), given a value by `parameter`, signs in to SQL Server with it as a SQL login, which the
 * server checks itself: a credential of Invoke-Sqlcmd or the SqlServer module (`-Credential`, `-SqlCredential`), dbatools'
 * `-SqlCredential`, or Invoke-Sqlcmd's `-Password`; not where the command's connection names Entra authentication
 * (`Authentication=Active Directory Password`, ps-sql-entra-password's sign-in) or its `-Username` is an address (an Entra user).
 */
export function signsInAsSqlLogin(context: PowerShellRuleContext, command: string, parameter: string, given: Node): boolean {
  if (!takesSqlLogin(command, parameter.toLowerCase())) return false;
  const elements = commandElements(given);
  const userName = elements.findIndex((element) => parameterNameOf(element)?.toLowerCase() === 'username');
  if (userName >= 0 && context.values().shapeOf(elements[userName + 1] ?? given).includes('@')) return false;
  return !elements.some((element) => ENTRA_AUTHENTICATION.test(context.values().shapeOf(element)));
}

/** Whether a command takes a SQL login's secret by `parameter` (lower-case): see `signsInAsSqlLogin`. */
function takesSqlLogin(command: string, parameter: string): boolean {
  if (command === 'invoke-sqlcmd' && parameter === 'password') return true;
  // The SqlServer module's nouns start with Sql (Get-SqlInstance); dbatools' with Dba, whose -Credential is a Windows account's.
  if (/^[a-z]+-sql/.test(command)) return /^(?:sql)?credential$/.test(parameter);
  return /^[a-z]+-dba/.test(command) && /sqlcredential$/.test(parameter);
}

/** A connection's Entra ID authentication (`Authentication=Active Directory Password`, `ActiveDirectoryServicePrincipal`, …). */
const ENTRA_AUTHENTICATION = /authentication\s*=\s*["']?\s*active\s*directory/i;
