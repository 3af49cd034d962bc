/**
 * Whether a script shows that it is an Azure Automation runbook (in Azure's sandbox or on a Hybrid
 * Runbook Worker), where the Automation account's variables take the place of environment variables.
 * Only what the Automation job alone gives says so: its asset cmdlets and its job metadata. A managed
 * identity does not (`Connect-AzAccount -Identity`, `$env:IDENTITY_ENDPOINT`): a VM, an Arc server,
 * App Service, a function app or a container has one too, and no Automation variables.
 */

import type { PowerShellRuleContext } from './rule-context';
import type { ScriptIndex } from './script-index';

/** Azure Automation's own cmdlets for its assets, which exist only in a runbook's job. */
const AUTOMATION_ASSET_CMDLETS = ['get-automationpscredential', 'get-automationvariable', 'set-automationvariable', 'get-automationconnection', 'get-automationcertificate'];

/** The variable Azure Automation gives a runbook's job (`$PSPrivateMetadata.JobId`). */
const JOB_METADATA = 'psprivatemetadata';

export function isAutomationRunbook(index: ScriptIndex): boolean {
  return AUTOMATION_ASSET_CMDLETS.some((name) => index.commandsByName().has(name)) || index.variables().some((variable) => variable.name === JOB_METADATA);
}

/**
 * For the message of a finding whose token fix reads secrets: where a script that signs in with a managed
 * identity shows no runbook, that the fix reads them as such a machine is given them, and what to set there.
 */
export function secretsOutsideRunbookNote(context: PowerShellRuleContext): string {
  if (!context.managedIdentity() || context.runbook()) return '';
  const where = context.secrets().where.join(' ');
  return ` (The token fix does not read Automation variables: the script's managed identity may be a VM's, an Arc server's, a function app's, App Service's or a container's, and nothing shows an Azure Automation runbook (a Get-Automation* cmdlet, $PSPrivateMetadata). ${where})`;
}
