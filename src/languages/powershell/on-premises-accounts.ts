import { argumentOf, commandElements, COMPUTER_PARAMETER, dscPropertyOf, isSplat, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { signsInToOnPremisesServer } from './on-premises-servers';
import { signsInAsSqlLogin } from './sql-logins';
import { isWithin, type Node } from './syntax';

/**
 * `CORP\svc_spfarm`: a user name in an Active Directory domain's NetBIOS form, which only Windows sign-ins
 * take (Entra ID signs users in by their address). A NetBIOS name is at most 15 characters, without dots.
 */
export function isDomainAccountName(userName: string): boolean {
  return /^[A-Za-z0-9][\w-]{0,14}\\[^\\@\s/]+$/.test(userName) && !isCloudAccountName(userName);
}

/**
 * Names of accounts that sign in with the cloud: Windows' `AzureAD\user` (an Entra-joined device's) and
 * `MicrosoftAccount\user`, and a tenant's initial domain (`admin@contoso.onmicrosoft.com`, every cloud's).
 */
export function isCloudAccountName(userName: string): boolean {
  return /^(?:azuread|microsoftaccount)\\/i.test(userName) || /@[^@\s]+\.(?:onmicrosoft\.(?:com|us|de)|partner\.onmschina\.cn)$/i.test(userName);
}

/** Where a credential is used on-premises: by DSC, by Windows' own sign-ins (see `onPremisesUse`), or as a SQL Server login. */
export type OnPremisesUse = 'dsc' | 'windows' | 'sql';

/**
 * How a credential given to `command` (lower-case name) at `at` is used on-premises: by DSC (a property of a resource
 * in a configuration, a configuration the script declares, or DSC's own commands), by a command that signs in to
 * Windows, Active Directory, a SharePoint Server farm or vCenter, to computers it names or to an on-premises server
 * it gives the URL of (see `signsInToOnPremisesServer`), or by a SQL Server command
 * as a SQL login (see `signsInAsSqlLogin`); undefined where it is not.
 */
export function onPremisesUse(context: PowerShellRuleContext, command: string, at: Node, followed: readonly Node[] = []): OnPremisesUse | undefined {
  if (DSC_COMMANDS.has(command) || declaredConfigurations(context).has(command) || dscPropertyOf(at) !== undefined) return 'dsc';
  const given = argumentOf(at, command);
  if (!given) return undefined;
  const splatted = isSplat(at) ? keysHolding(context, at, followed) : undefined;
  if (!splatted && given.parameter && signsInAsSqlLogin(context, command, given.parameter, given.command)) return 'sql';
  // Given as the command's credential (`-Credential`, `-ServiceAccountCredential`, `-FarmCredentials`): not in its other arguments (`Start-Process az -ArgumentList …`).
  const parameters = splatted ?? (given.parameter ? [given.parameter] : []);
  if (parameters.length === 0 || !parameters.every((parameter) => /cred/i.test(parameter))) return undefined;
  const windows =
    ON_PREMISES_COMMANDS.has(command) || isActiveDirectoryCmdlet(command) || remotingToComputers(command, given.command) || signsInToOnPremisesServer(context, command, given.command);
  return windows ? 'windows' : undefined;
}

/**
 * The keys of the table splatted at `at` (`Invoke-RestMethod @p`) whose entries hold what the value was followed through
 * to it (`$p = @{ Credential = New-Object PSCredential('u', $pw); Uri = … }`): the parameters it is given by.
 */
function keysHolding(context: PowerShellRuleContext, at: Node, followed: readonly Node[]): string[] {
  const entries = context.hashtables().entriesSeenBy(at);
  return entries.filter((entry) => followed.some((node) => isWithin(node, entry.value))).map((entry) => entry.key);
}

/**
 * A cmdlet of the ActiveDirectory module (`Get-ADUser`, `Set-ADAccountPassword`, `Search-ADAccount`), by its nouns, which all
 * start with `AD`: its credential signs in to Active Directory Domain Services. Not Entra Connect's `ADSync` cmdlets
 * (`Add-ADSyncAADServiceAccount -AADCredential` signs in to Entra ID), nor AADInternals' `AADInt` ones.
 */
export function isActiveDirectoryCmdlet(command: string): boolean {
  return ACTIVE_DIRECTORY_NOUN.test(command);
}

const ACTIVE_DIRECTORY_NOUN =
  /^[a-z]+-ad(?:account|authenticationpolicy|centralaccess|claimtransform|claimtype|computer|dccl|defaultdomainpasswordpolicy|directoryserver|domain|finegrainedpasswordpolicy|forest|group|object|optionalfeature|organizationalunit|principalgroupmembership|replication|resourceproperty|rootdse|serviceaccount|trust|user)/;

/**
 * A remoting or management command given computers by name (`Invoke-Command -ComputerName web01 -Credential $c`) or
 * a VM of this host (`-VMName`), which signs in to Windows there: not one given an endpoint's URI (`New-PSSession
 * -ConnectionUri`, which `signsInToOnPremisesServer` judges by its host).
 */
function remotingToComputers(command: string, given: Node): boolean {
  if (!REMOTING_COMMANDS.has(command)) return false;
  const parameters = commandElements(given).map((element) => parameterNameOf(element)?.toLowerCase() ?? '');
  return parameters.some((name) => COMPUTER_PARAMETER.test(name)) && !parameters.some((name) => name === 'connectionuri' || name === 'uri');
}

const DSC_COMMANDS = new Set(['start-dscconfiguration', 'invoke-dscresource']);

const REMOTING_COMMANDS = new Set([
  'invoke-command',
  'new-pssession',
  'enter-pssession',
  'new-cimsession',
  'get-wmiobject',
  'invoke-wmimethod',
  'restart-computer',
  'stop-computer',
  'rename-computer',
]);

/** Commands whose credential signs in to Windows, Active Directory, a SharePoint Server farm or vCenter, whatever its user name. */
const ON_PREMISES_COMMANDS = new Set([
  'new-service',
  'set-service',
  'start-process',
  'register-scheduledjob',
  'connect-viserver',
  'install-adfsfarm',
  'add-adfsfarmnode',
  'add-computer',
  'remove-computer',
  // The computer's account in the domain: its password reset, or its secure channel to a domain controller tested and repaired.
  'reset-computermachinepassword',
  'test-computersecurechannel',
  'install-addsforest',
  'install-addsdomain',
  'install-addsdomaincontroller',
  'new-spconfigurationdatabase',
  'connect-spconfigurationdatabase',
  'new-spmanagedaccount',
  'set-spmanagedaccount',
]);

/** The names of the DSC configurations the script declares (`Configuration SPFarmConfig { … }`), lower-case: calling one compiles it. */
function declaredConfigurations(context: PowerShellRuleContext): Set<string> {
  let names = configurations.get(context);
  if (!names) {
    const declared = context.index.commandsByName().get('configuration') ?? [];
    names = new Set(declared.flatMap((at) => commandElements(context.index.node(at, 'command'))[0]?.text.toLowerCase() ?? []));
    configurations.set(context, names);
  }
  return names;
}

const configurations = new WeakMap<PowerShellRuleContext, Set<string>>();
