import { isMicrosoftCloudHost } from '../../shared/microsoft-endpoints';
import { nameWords } from '../../../engine/text';
import type { PowerShellRuleContext } from '../rule-context';
import { descendants, innermost, writtenVariableName, type Node } from '../syntax';

/** How many variables deep the address is followed back: `$uri = $LocalExchange`, `$LocalExchange = Read-Host …`. */
const MAX_DEPTH = 2;

/**
 * Whether where a session's unshown address comes from says it is an on-premises Exchange server, and nothing there
 * says Exchange Online: the names of the variables it is read from and of the credential (`$LocalExchange`,
 * `$OnPremCreds`), the text they are set from (`Read-Host "URI of your local Exchange server, e.g. exch01.contoso.com"`,
 * `Get-AutomationVariable 'ExchangeOnPremUri'`), a host written there that is none of Microsoft's clouds'.
 */
export function addressNamesOnPremises(context: PowerShellRuleContext, uri: Node, credential: Node): boolean {
  const origins = [textOrigin(uri), ...addressOrigins(context, uri, 0), credentialName(credential)];
  return origins.some((origin) => origin.onPremises) && !origins.some((origin) => origin.cloud);
}

interface Origin {
  onPremises: boolean;
  cloud: boolean;
}

/** The variables an expression reads, their names, and what each is set from, followed back `MAX_DEPTH` variables. */
function addressOrigins(context: PowerShellRuleContext, expression: Node, depth: number): Origin[] {
  if (depth >= MAX_DEPTH) return [];
  const inner = innermost(expression);
  const variables = inner.type === 'variable' ? [inner] : descendants(expression, 'variable');
  return variables.flatMap((variable) => {
    const name = writtenVariableName(variable);
    const set = context.values().assignmentSeenBy(variable)?.value;
    return [...(name ? [nameOrigin(name)] : []), ...(set ? [textOrigin(set), ...addressOrigins(context, set, depth + 1)] : [])];
  });
}

function credentialName(credential: Node): Origin {
  const name = writtenVariableName(credential);
  return name ? nameOrigin(name) : { onPremises: false, cloud: false };
}

/** `$ONPREMCREDS`, `$LocalExchange`, `$exch_local_uri`; `$O365Creds`, `$ExchangeOnlineUri`. */
function nameOrigin(name: string): Origin {
  const words = nameWords(name).join(' ');
  return { onPremises: ON_PREMISES_WORDS.test(words), cloud: CLOUD_WORDS.test(words) };
}

/** What a value is written as, and the hosts its strings name (a prompt's example, an address). */
function textOrigin(value: Node): Origin {
  const hosts = stringsOf(value).flatMap((text) => text.match(HOST) ?? []);
  return {
    onPremises: ON_PREMISES_WORDS.test(value.text) || hosts.some((host) => !isMicrosoftCloudHost(host)),
    cloud: CLOUD_WORDS.test(value.text) || hosts.some((host) => isMicrosoftCloudHost(host)),
  };
}

function stringsOf(value: Node): string[] {
  return STRING_TYPES.flatMap((type) => descendants(value, type).map((node) => node.text));
}

const STRING_TYPES = ['expandable_string_literal', 'verbatim_string_characters', 'expandable_here_string_literal', 'verbatim_here_string_characters'];

/** On-premises, on-prem, OnPrem; local (not locale, localisation, LOCALAPPDATA). */
const ON_PREMISES_WORDS = /\bon[\s_-]?prem|\blocal(?!e\b|es\b|i[sz]ation|appdata)/i;

/** Exchange Online, Office 365, O365, M365, EXO, the cloud, or Exchange Online's `/powershell-liveid` path. */
const CLOUD_WORDS = /\b(?:exchange[\s_-]?online|office[\s_-]?365|microsoft[\s_-]?365|[om]365|exo|cloud)\b|\b[om]365|powershell-liveid/i;

/** A host named in full (`exch01.contoso.local`, `outlook.office365.com`): three labels or more, a top-level domain of letters. */
const HOST = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]{2,}\b/gi;
