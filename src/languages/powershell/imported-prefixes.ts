import type { ScriptIndex } from './script-index';

/**
 * Commands that load a module's cmdlets with a prefix to their nouns: `Import-Module MSOnline -Prefix M`,
 * `Import-PSSession $s -Prefix Exo`, and Exchange Online's own connections (`Connect-ExchangeOnline -Prefix DST`
 * loads `New-DSTMailUser`).
 */
const IMPORTERS = ['import-module', 'ipmo', 'import-pssession', 'connect-exchangeonline', 'connect-ippssession'];

/** The noun prefixes the script imports cmdlets with, lower-case. */
export function importedPrefixes(index: ScriptIndex, text: string): string[] {
  const importers = IMPORTERS.flatMap((name) => index.commandsByName().get(name) ?? []);
  return importers.flatMap((command) => {
    const prefix = /\s-prefix(?::\s*|(?:\s|`\r?\n)+)(['"]?)(\w+)\1(?=\s|$)/i.exec(text.slice(command.start, command.end));
    return prefix ? [prefix[2].toLowerCase()] : [];
  });
}

/** The names a command (lower-case) has without one of those prefixes to its noun: `new-dstmailuser` → `new-mailuser`. */
export function unprefixedNames(name: string, prefixes: readonly string[]): string[] {
  const dash = name.indexOf('-');
  if (dash <= 0) return [];
  const [verb, noun] = [name.slice(0, dash), name.slice(dash + 1)];
  return prefixes.filter((prefix) => noun.length > prefix.length && noun.startsWith(prefix)).map((prefix) => `${verb}-${noun.slice(prefix.length)}`);
}
