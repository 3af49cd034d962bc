import { commandElements, commandName, namedArgument } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { innermost, variableName, type Node } from './syntax';
import { UNKNOWN } from './values';

/** The environments Az and AzureRM come with: Azure's public cloud and the sovereign clouds (lower-case). */
const BUILT_IN_ENVIRONMENTS = new Set(['azurecloud', 'azurechinacloud', 'azureusgovernment', 'azuregermancloud']);

// Add-AzsEnvironment: Azure Stack Hub's own tools (AzureStack.Connect) add the stamp's environment.
const ADDS_ENVIRONMENT = new Set(['add-azenvironment', 'add-azurermenvironment', 'add-azsenvironment']);
const NAMES_ENVIRONMENT = new Set([...ADDS_ENVIRONMENT, 'get-azenvironment', 'get-azurermenvironment']);

/**
 * Whether an `-Environment` argument names an environment with endpoints of its own rather than one Az
 * comes with: an Azure Stack Hub stamp's (`AzureStackAdmin`, `AzureStackUser`), or any other added with
 * `Add-AzEnvironment -ArmEndpoint …`. Read from the name the script gives (also through variables), the
 * environment object it gets (`$env = Add-AzureRmEnvironment …`, `Get-AzEnvironment -Name 'AzureStack'`),
 * or a variable it also gives `Add-AzEnvironment` as the name.
 */
export function namesOwnAzureEnvironment(context: PowerShellRuleContext, value: Node): boolean {
  const named = ownEnvironmentName(context, value);
  if (named !== undefined) return named;
  const inner = innermost(value);
  if (inner.type !== 'variable') return false;
  const held = context.values().assignmentSeenBy(inner)?.value;
  const made = held && innermost(held);
  const command = made?.type === 'command' ? commandName(made) : undefined;
  if (made && command && NAMES_ENVIRONMENT.has(command)) {
    const name = nameArgument(made);
    return (name && ownEnvironmentName(context, name)) ?? ADDS_ENVIRONMENT.has(command);
  }
  return addedUnderName(context, variableName(inner));
}

/** Whether a name the script shows in full is no built-in environment's; undefined where it does not show it. */
function ownEnvironmentName(context: PowerShellRuleContext, value: Node): boolean | undefined {
  const shape = context.values().shapeOf(value);
  return shape === '' || shape.includes(UNKNOWN) ? undefined : !BUILT_IN_ENVIRONMENTS.has(shape.toLowerCase());
}

/** Whether the script calls `Add-AzEnvironment -Name $<variable>`. */
function addedUnderName(context: PowerShellRuleContext, variable: string | undefined): boolean {
  if (!variable) return false;
  const adds = [...ADDS_ENVIRONMENT].flatMap((name) => context.index.commandsByName().get(name) ?? []);
  return adds.some((add) => {
    const name = nameArgument(context.index.node(add, 'command'));
    return !!name && innermost(name).type === 'variable' && variableName(innermost(name)) === variable;
  });
}

/** The argument written after `-Name` (or `-Name:`). */
function nameArgument(command: Node): Node | undefined {
  return namedArgument(commandElements(command), /^name$/i);
}
