import type { CommandCall } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { assignedTo, variableName } from './syntax';

/**
 * Microsoft sign-in cmdlets that take an access token, lower-case, with the parameters that take it:
 * the token a request answers with going there shows that Entra ID issued it.
 */
const TOKEN_SIGN_INS: ReadonlyMap<string, RegExp> = new Map([
  ['connect-mggraph', /^accesstoken$/i],
  ['connect-azaccount', /^(?:accesstoken|microsoftgraphaccesstoken|graphaccesstoken|keyvaultaccesstoken)$/i],
  ['connect-exchangeonline', /^accesstoken$/i],
  ['connect-ippssession', /^accesstoken$/i],
  ['connect-microsoftteams', /^accesstokens$/i],
  ['connect-pnponline', /^accesstoken$/i],
  ['connect-azuread', /^(?:aadaccesstoken|msaccesstoken)$/i],
  ['connect-msolservice', /^(?:adgraphaccesstoken|msgraphaccesstoken)$/i],
]);

/** The cmdlets' names, for a rule's prefilter. */
export const TOKEN_SIGN_IN_CMDLETS: readonly string[] = [...TOKEN_SIGN_INS.keys()];

const MAX_HOPS = 2;

/**
 * Whether the response of a request the script assigns (`$r = Invoke-RestMethod …`) reaches a
 * Microsoft sign-in cmdlet's access token parameter, directly or through variables that hold a part
 * of it (`$t = ConvertTo-SecureString $r.access_token …; Connect-MgGraph -AccessToken $t`).
 */
export function answerSignsInToMicrosoft(context: PowerShellRuleContext, send: CommandCall): boolean {
  const holder = assignedTo(send.node);
  const name = holder && variableName(holder);
  return !!name && reachesTokenSignIn(context, name, send.node.endIndex, 0);
}

function reachesTokenSignIn(context: PowerShellRuleContext, name: string, after: number, hops: number): boolean {
  const uses = context.index.variables().filter((use) => use.name === name && use.start >= after);
  return uses.some((use) => {
    if (passedAsToken(context, use.start)) return true;
    if (hops >= MAX_HOPS) return false;
    const assignment = context.index.assignments().find((a) => a.scalar && a.start < use.start && use.end <= a.end && a.scalar !== name);
    return !!assignment?.scalar && reachesTokenSignIn(context, assignment.scalar, assignment.end, hops + 1);
  });
}

/** Whether the text at `offset` is within the access token argument of a Microsoft sign-in cmdlet. */
function passedAsToken(context: PowerShellRuleContext, offset: number): boolean {
  return context.index.commands().some((command) => {
    const parameter = command.start < offset && offset < command.end ? TOKEN_SIGN_INS.get(command.name) : undefined;
    // The parameter is the last one named before the value (`-AccessToken (ConvertTo-SecureString $r.access_token …)`).
    const named = parameter && [...context.text.slice(command.start, offset).matchAll(/(?:^|\s)[-\u2013](\w+)/g)].pop()?.[1];
    return !!named && parameter.test(named);
  });
}
