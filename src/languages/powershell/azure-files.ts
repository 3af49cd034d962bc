import { namesAzureFilesHost } from '../shared/microsoft-endpoints';
import { argumentOf, commandElements } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { Node } from './syntax';

/**
 * Whether a user name is a storage account's, as Windows is given it to mount an Azure Files share with the
 * account's key: `Azure\acct` or `localhost\acct`.
 */
export function namesStorageAccount(userName: string): boolean {
  return /^(?:azure|localhost)\\[^\\@\s]+$/i.test(userName);
}

/** Whether `command` (lower-case name), given a value at `at`, is given an Azure Files share too (`New-PSDrive -Root \\acct.file.core.windows.net\share`). */
export function givenAzureFilesShare(context: PowerShellRuleContext, command: string, at: Node): boolean {
  const given = argumentOf(at, command);
  return !!given && commandElements(given.command).some((element) => namesAzureFilesHost(context.values().shapeOf(element)));
}
