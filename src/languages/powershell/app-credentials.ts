import { nameWords } from '../../engine/text';
import { commandElements, commandGivenArgument, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { enclosingStatement, innermost, writtenVariableName, type Node } from './syntax';

/**
 * Whether a PSCredential's user name is an app's id, so that its password is the app's client secret
 * (`New-Object PSCredential -ArgumentList $AppId, $secret` for `New-MigrationEndpoint -ApplicationId $AppId`):
 * a GUID, written or held by the variable (no user signs in with one: an Entra user name is an address,
 * an on-premises one at most 20 characters), a variable named for an app's id (`$AppId`, `$ClientId`,
 * `$env:ARM_CLIENT_ID`), or the value given beside the credential to the same command as its app's id.
 */
export function namesAnApp(context: PowerShellRuleContext, userName: Node, credential: string | undefined): boolean {
  const shape = context.values().shapeOf(userName);
  // An address is a user's, whatever the variable holding it is called (`$ClientId = 'admin@customer.onmicrosoft.com'`).
  if (shape.includes('@')) return false;
  if (APP_ID_SHAPE.test(shape)) return true;
  const variable = writtenVariableName(innermost(userName));
  return (variable !== undefined && isAppIdName(variable)) || (credential !== undefined && givenAsItsAppId(context, credential, userName));
}

const APP_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `AppId`, `ApplicationID`, `clientid`, `ARM_CLIENT_ID`: an `Id` after `App`, `Application` or `Client`. */
function isAppIdName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word, i) => /^(?:app|application|client)id$/.test(word) || (word === 'id' && /^(?:app|application|client)$/.test(words[i - 1] ?? '')));
}

/** Whether a command given `$credential` after the statement that makes it is also given the user name's value as `-ApplicationId` or `-AppId`. */
function givenAsItsAppId(context: PowerShellRuleContext, credential: string, userName: Node): boolean {
  const after = enclosingStatement(userName).endIndex;
  const value = userName.text.trim().toLowerCase();
  return context.index.variables().some((read) => {
    if (read.start < after || read.name !== credential) return false;
    const command = commandGivenArgument(context.index.node(read, 'variable'));
    return command !== undefined && appIdsGiven(command).includes(value);
  });
}

/** What a command is given as `-ApplicationId` or `-AppId`, as written, lower-case. */
function appIdsGiven(command: Node): string[] {
  const elements = commandElements(command);
  return elements.flatMap((element, i) => (/^(?:applicationid|appid)$/i.test(parameterNameOf(element) ?? '') && elements[i + 1] ? [elements[i + 1].text.trim().toLowerCase()] : []));
}
