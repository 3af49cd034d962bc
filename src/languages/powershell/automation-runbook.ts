/**
 * Whether a script shows that it is an Azure Automation runbook (in Azure's sandbox or on a Hybrid
 * Runbook Worker), where the Automation account's variables take the place of environment variables.
 * Only what the Automation job alone gives says so: its asset cmdlets and its job metadata. A managed
 * identity does not (`Connect-AzAccount -Identity`, `$env:IDENTITY_ENDPOINT`): a VM, an Arc server,
 * App Service, a function app or a container has one too, and no Automation variables.
 */

import type { Fix } from '../../engine/finding';
import type { RuleHit } from '../../engine/rule';
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
 * A hit in a script that signs in with a managed identity and shows no runbook: it runs on an Azure
 * resource, most often an Automation runbook, which is given no environment variables, but maybe a VM
 * or a function app, which can be. Its fixes that read their secrets from the environment are quick
 * fixes only, for whoever knows where it runs; the managed-identity fixes stay fix-all's.
 */
export function asSignInOnUnknownHost(context: PowerShellRuleContext, hit: RuleHit): RuleHit {
  if (!context.managedIdentity() || context.runbook()) return hit;
  const readsEnvironment = (fix: Fix) => fix.safeForFixAll && fix.edits.some((edit) => ENVIRONMENT_READ.test(edit.newText));
  if (!hit.fixes?.some(readsEnvironment)) return hit;
  const note =
    ' (Fix-all leaves this to you: the script signs in with a managed identity, as a runbook of Azure Automation does, and nothing shows ' +
    "whether it is one (a Get-Automation* cmdlet, $PSPrivateMetadata): the fix reads its secrets from the environment (MFA_READY_*), " +
    "which a runbook is not given and a VM's or a function app's can be; where it runs with them set, apply it.)";
  return { ...hit, message: hit.message + note, fixes: hit.fixes.map((fix) => (readsEnvironment(fix) ? { ...fix, safeForFixAll: false } : fix)) };
}

/** How a fix's code reads a secret from the environment (`$env:MFA_READY_APP_ID`), in any casing. */
const ENVIRONMENT_READ = /\$env:MFA_READY_/i;
