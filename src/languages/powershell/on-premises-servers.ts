import { isMicrosoftCloudHost } from '../shared/microsoft-endpoints';
import { hostAndPathOfUrl } from '../shared/url-host';
import { cmdletSpec } from './cmdlets';
import { commandElements, isSplat, namedArgument, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { Node } from './syntax';
import { UNKNOWN } from './values';

/**
 * Whether `given`, a call of `command` (lower-case name), signs in to a server it names by URL that is on-premises:
 * remoting to an endpoint (`New-PSSession -ConnectionUri http://exch01.contoso.local/PowerShell/`, on-premises Exchange's
 * or Skype for Business Server's), a web request or web service (`Invoke-RestMethod`, `New-WebServiceProxy -Uri
 * http://sql01/ReportServer/…`, a Windows sign-in to an intranet server), or an on-premises Dynamics CRM
 * (`Get-CrmConnection -ServerUrl`). The URL's host must be written in the script and be none of Microsoft's clouds',
 * whichever of a variable's values it is.
 */
export function signsInToOnPremisesServer(context: PowerShellRuleContext, command: string, given: Node): boolean {
  const urls = serverUrlsGiven(context, command, given);
  return urls.length > 0 && urls.every((url) => context.values().everyShapeOf(url).every(namesOnPremisesServer));
}

/**
 * The arguments a call gives as the URL of the server it signs in to: by name, splatted (every value the table's key is
 * written since the table was made: `$p = @{ Uri = … }`, `$p.Uri = …`), or as its first argument where that binds the URL.
 */
function serverUrlsGiven(context: PowerShellRuleContext, command: string, given: Node): Node[] {
  const takes = SERVER_URL_PARAMETERS[cmdletSpec(command)?.name.toLowerCase() ?? command];
  if (!takes) return [];
  const elements = commandElements(given);
  if (elements.some((element) => takes.names.test(parameterNameOf(element) ?? ''))) {
    const named = namedArgument(elements, takes.names);
    return named ? [named] : [];
  }
  const splatted = elements.flatMap((element) => (isSplat(element) ? splattedValues(context, element, takes.names) : []));
  if (splatted.length > 0) return splatted;
  const first = takes.first ? elements[0] : undefined;
  return first && parameterNameOf(first) === undefined ? [first] : [];
}

/** The values a table splatted at `splat` may give the key `names` matches, on any run. */
function splattedValues(context: PowerShellRuleContext, splat: Node, names: RegExp): Node[] {
  const hashtables = context.hashtables();
  const keys = new Set(hashtables.entriesSeenBy(splat).flatMap((entry) => (names.test(entry.key) ? [entry.key] : [])));
  return [...keys].flatMap((key) => hashtables.keyWritesSeenBy(splat, key).map((entry) => entry.value));
}

/**
 * Whether a URL (a shape: unknown parts are UNKNOWN) names its host in full, and that host is none of Microsoft's
 * clouds' (see `isMicrosoftCloudHost`); Exchange Online's `/powershell-liveid` path says the cloud whatever the host.
 */
function namesOnPremisesServer(url: string): boolean {
  const { host, path } = hostAndPathOfUrl(url) ?? {};
  if (!host || host.includes(UNKNOWN) || /\/powershell-liveid\b/i.test(path ?? '')) return false;
  return !isMicrosoftCloudHost(host);
}

/** A remote session's endpoint (`-ConnectionUri`, also `-Uri`, `-CU`). */
const CONNECTION_URI = { names: /^(?:connectionuri|uri|cu)$/i };
/** A web request's `-Uri`, also its first argument. */
const WEB_URI = { names: /^uri$/i, first: true };
const CRM_SERVER_URL = { names: /^serverurl$/i };

const SERVER_URL_PARAMETERS: Record<string, { names: RegExp; first?: boolean }> = {
  'new-pssession': CONNECTION_URI,
  'invoke-command': CONNECTION_URI,
  'enter-pssession': CONNECTION_URI,
  'invoke-restmethod': WEB_URI,
  'invoke-webrequest': WEB_URI,
  // -WSDL, -WL and -Path are aliases of its -Uri.
  'new-webserviceproxy': { names: /^(?:uri|wsdl|wl|path)$/i, first: true },
  // Microsoft.Xrm.Tooling.CrmConnector.PowerShell's and Microsoft.Xrm.Data.PowerShell's on-premises sign-ins.
  'get-crmconnection': CRM_SERVER_URL,
  'connect-crmonpremdiscovery': CRM_SERVER_URL,
};
