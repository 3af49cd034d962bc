import type { CommandCall } from './command';
import type { HashtableEntry } from './hashtables';
import type { PowerShellRuleContext } from './rule-context';

/**
 * The `$PSDefaultParameterValues` entries the script sets above the call for one of `parameters` (by
 * its name or an alias): `$PSDefaultParameterValues['Send-MailMessage:SmtpServer'] = …`, the key in
 * `@{…}` or `.Add(…)`, with PowerShell's wildcards (`'Send-Mail*:SmtpServer'`, `'*:Credential'`). A
 * call that does not give the parameter is given the value. None where the script turns the defaults off
 * (`['Disabled'] = $true`) or removes entries (`.Remove(…)`, `.Clear()`), which the entries do not follow.
 */
export function defaultParameterEntries(context: PowerShellRuleContext, call: CommandCall, parameters: readonly string[]): HashtableEntry[] {
  const entries = context.hashtables().entriesBefore('psdefaultparametervalues', call.start);
  // Most scripts set no defaults: the whole text is searched for changes only where some are set.
  if (entries.length === 0 || UNFOLLOWED_CHANGE.test(context.text) || entries.some((entry) => entry.key.trim().toLowerCase() === 'disabled')) return [];
  const names = parameters.flatMap((parameter) => [parameter, ...(call.spec.parameters[parameter] ?? [])]);
  return entries.filter((entry) => setsParameter(entry.key, call.spec.name, names));
}

/** Changes the entries do not follow, anywhere in the script: with them, which defaults a call is given is not known (none are taken). */
const UNFOLLOWED_CHANGE = /\$(?:global:|script:)?PSDefaultParameterValues\s*\.\s*(?:Remove|Clear)\s*\(/i;

/** Whether a `$PSDefaultParameterValues` key (`<cmdlet>:<parameter>`, wildcards allowed) sets the cmdlet's parameter by one of its names. */
function setsParameter(key: string, cmdlet: string, names: readonly string[]): boolean {
  const [command, name] = key.split(':').map((part) => part.trim());
  return name !== undefined && wildcard(command).test(cmdlet) && names.some((written) => wildcard(name).test(written));
}

/** A PowerShell wildcard pattern (`*`, `?`) as a regular expression matching the whole name, any case. */
function wildcard(pattern: string): RegExp {
  const parts = pattern.split(/([*?])/).map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part.replace(/[\\^$.|+()[\]{}]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`, 'i');
}
