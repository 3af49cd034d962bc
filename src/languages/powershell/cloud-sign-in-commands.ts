import { CLI_SIGN_INS } from '../../engine/cli-sign-ins';
import { cmdletSpec } from './cmdlets';
import { TOKEN_SIGN_IN_CMDLETS } from './token-sign-in-use';

/**
 * Whether a command (lower-case name) signs in with what it is given, as the rules know: a cmdlet they
 * know the parameters of (the Connect-* sign-ins, web requests, remote sessions, mail), one signing in
 * with a token, a command-line tool's login, or any Connect-* (PowerShell's verb for connecting to a service).
 */
export function knownSignIn(command: string): boolean {
  return !!cmdletSpec(command) || TOKEN_SIGN_IN_CMDLETS.includes(command) || CLI_SIGN_INS.some((tool) => tool.names.has(command)) || /^connect-/.test(command);
}

/**
 * Whether a secret given to a command (lower-case name) may sign in to Microsoft's cloud: a known sign-in (see
 * `knownSignIn`), a cmdlet of one of Microsoft's cloud modules (see `CLOUD_MODULE_NOUNS`), Exchange's migration
 * cmdlets (an app or account of another tenant), remoting that may go to Exchange Online's endpoint (`Invoke-Command
 * -ConnectionUri`), a SQL Server command (an Entra user signs in to Azure SQL), or a command that runs a command line
 * (`Start-Process az -ArgumentList 'login', '-p', $plain`).
 */
export function maySignInToMicrosoftCloud(command: string): boolean {
  const noun = command.slice(command.indexOf('-') + 1);
  const cloudNoun = command.includes('-') && [CLOUD_MODULE_NOUNS, MIGRATION_NOUNS, SQL_SERVER_NOUNS].some((nouns) => nouns.test(noun));
  return knownSignIn(command) || cloudNoun || REMOTING_TO_URI.has(command) || RUNS_COMMAND_LINE.has(command);
}

/**
 * The noun prefixes of Microsoft's cloud modules: Az and AzureRM, AzureAD, MSOnline, Microsoft Graph, PnP, SharePoint
 * Online, Teams (`Get-Team`, `Get-CsOnlineUser`; not `Import-Csv`), Exchange Online's REST cmdlets, Power BI, Power Apps
 * and Power Automate, Dynamics 365, Azure Information Protection, Partner Center, Intune, Entra Connect's ADSync, AADInternals
 * and Microsoft365DSC.
 */
const CLOUD_MODULE_NOUNS =
  /^(?:az|mg|msol|pnp|spo|cs(?!v)|team|exo|powerbi|powerapp|adminpowerapp|adminflow|flow|crm|aip|partner|intune|adsync|aadint|m365dsc)/;

/** Invoke-Sqlcmd, the SqlServer module's (`Get-SqlInstance`), dbatools' (`Connect-DbaInstance`). */
const SQL_SERVER_NOUNS = /^(?:sql|dba)/;

/** New-MigrationEndpoint, Test-MigrationServerAvailability, New-MoveRequest -RemoteCredential. */
const MIGRATION_NOUNS = /^(?:migration|moverequest)/;

const RUNS_COMMAND_LINE = new Set(['start-process', 'saps', 'start', 'invoke-expression', 'iex', 'cmd', 'powershell', 'pwsh']);

const REMOTING_TO_URI = new Set(['invoke-command', 'enter-pssession']);
