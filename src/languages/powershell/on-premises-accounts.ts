import { commandElements, dscPropertyOf, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { Node } from './syntax';

/**
 * `CORP\svc_spfarm`: a user name in an Active Directory domain's NetBIOS form, which only Windows sign-ins
 * take (Entra ID signs users in by their address). A NetBIOS name is at most 15 characters, without dots.
 */
export function isDomainAccountName(userName: string): boolean {
  return /^[A-Za-z0-9][\w-]{0,14}\\[^\\@\s/]+$/.test(userName);
}

/**
 * Whether a credential given to `command` (lower-case name) at `at` is used on-premises: by a DSC resource (a property of
 * a resource in a configuration, a configuration the script declares, or DSC's own commands), or by a command that
 * signs in to Windows, Active Directory or a SharePoint Server farm, or to computers it names.
 */
export function usedOnPremises(context: PowerShellRuleContext, command: string, at: Node): boolean {
  return ON_PREMISES_COMMANDS.has(command) || declaredConfigurations(context).has(command) || dscPropertyOf(at) !== undefined || remotingToComputers(command, at);
}

/**
 * Remoting and management commands given computers by name (`Invoke-Command -ComputerName web01 -Credential $c`),
 * which sign in to Windows there; not one given an endpoint's URI (`New-PSSession -ConnectionUri`, Exchange Online's).
 */
function remotingToComputers(command: string, at: Node): boolean {
  if (!REMOTING_COMMANDS.has(command)) return false;
  let given = at.parent;
  while (given && given.type !== 'command') given = given.parent;
  const parameters = given ? commandElements(given).map((element) => parameterNameOf(element)?.toLowerCase()) : [];
  return parameters.some((name) => name === 'computername' || name === 'cn') && !parameters.some((name) => name === 'connectionuri' || name === 'uri');
}

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

const ON_PREMISES_COMMANDS = new Set([
  'start-dscconfiguration',
  'invoke-dscresource',
  'add-computer',
  'remove-computer',
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
