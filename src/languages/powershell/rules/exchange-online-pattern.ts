import type { RuleHit } from '../../../engine/rule';
import { lineNumberAt } from '../../../engine/text';
import { switchGiven, type CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { innermost, isNullLiteral, variableName } from '../syntax';
import { UNKNOWN } from '../values';
import { addressNamesOnPremises } from './exchange-address-origin';

const MAX_SOURCE = 80;

/**
 * A Microsoft.Exchange session with basic authentication, a credential and -AllowRedirection whose address the
 * script does not show (`-ConnectionUri $uri`, `$uri` from Get-AutomationVariable): Exchange Online's pattern, as
 * on-premises Exchange signs in with Kerberos and redirects nowhere. A warning without a fix: the address may yet
 * be a server's. None where the address's origin says on-premises (see `addressNamesOnPremises`), as for a server's
 * address the script shows. `retired`: why basic authentication to Exchange Online fails.
 */
export function exchangeOnlinePatternHit(context: PowerShellRuleContext, call: CommandCall, retired: string): RuleHit | undefined {
  if (call.spec.name !== 'New-PSSession') return undefined;
  const value = (name: string) => call.parameters.find((p) => p.canonical === name)?.value;
  const shape = (name: string) => {
    const given = value(name);
    return given && context.values().shapeOf(given).toLowerCase();
  };
  const uri = value('ConnectionUri');
  const credential = value('Credential');
  const redirected = switchGiven(call, 'AllowRedirection');
  if (!uri || !credential || isNullLiteral(credential.text) || !redirected) return undefined;
  if (shape('ConfigurationName') !== 'microsoft.exchange' || shape('Authentication') !== 'basic') return undefined;
  if (!context.values().everyShapeOf(uri).every(addressUnshown) || addressNamesOnPremises(context, uri, credential)) return undefined;
  return {
    message:
      'New-PSSession opens a Microsoft.Exchange remote PowerShell session with basic authentication, a credential and -AllowRedirection: ' +
      `Exchange Online's pattern (on-premises Exchange signs in with Kerberos). The script does not show the address: ${addressSource(context, uri)}. ` +
      `If the address is Exchange Online's, ${retired} Connect with Connect-ExchangeOnline and a Secure Application Model token, or app-only.`,
    startOffset: call.node.startIndex,
    endOffset: call.node.endIndex,
    severity: 'warning',
    fixes: [],
  };
}

/** A shape whose host the script does not show, nor an on-premises server's path (`…/PowerShell/`, where Exchange Online's is `/powershell-liveid/`). */
function addressUnshown(shape: string): boolean {
  const host = /^https?:\/\/([^/:?#]+)/i.exec(shape)?.[1];
  if (host && !host.includes(UNKNOWN)) return false;
  return !/\/powershell\/?(?:$|\?)/i.test(shape);
}

/** Where the address comes from: the assignment of its variable, as written (`$uri` on line 2: `Get-AutomationVariable -Name '…'`). */
function addressSource(context: PowerShellRuleContext, uri: CommandCall['parameters'][number]['value'] & object): string {
  const inner = innermost(uri);
  if (inner.type !== 'variable' || !variableName(inner)) return `it is built at run time (${clipped(uri.text)})`;
  const seen = context.values().assignmentSeenBy(inner);
  if (!seen) return `${inner.text} is not set in the script (a parameter, or the caller's)`;
  return `${inner.text} is set on line ${lineNumberAt(context.text, seen.offset)} (${clipped(seen.value.text)})`;
}

function clipped(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > MAX_SOURCE ? `${line.slice(0, MAX_SOURCE)}…` : line;
}
