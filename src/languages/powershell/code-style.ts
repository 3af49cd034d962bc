import type { IndexedCommand } from './script-index';

/** How a script spells cmdlet and parameter names: as documented, or all lower-case. */
export type NameCasing = 'documented' | 'lower';

/** `lower` when every Verb-Noun command the script calls is written in lower case. */
export function detectNameCasing(commands: readonly IndexedCommand[]): NameCasing {
  let lower = false;
  for (const command of commands) {
    const name = command.written && writtenName(command.written.text);
    if (!name || !/^[a-z]+-[a-z]/i.test(name)) continue;
    if (name !== name.toLowerCase()) return 'documented';
    lower = true;
  }
  return lower ? 'lower' : 'documented';
}

function writtenName(nameText: string): string {
  const text = nameText.replace(/^['"]|['"]$/g, '');
  return text.slice(text.lastIndexOf('\\') + 1);
}

/**
 * Generated code in the script's casing: Verb-Noun names and `-Parameter` names lower-cased for a
 * lower-case script. Only for text the fix generates: strings, variables and values are not touched
 * (the generated code has no upper-case letters in its strings but `$env:` names, which stay).
 */
export function inCasing(generated: string, casing: NameCasing): string {
  if (casing === 'documented') return generated;
  return generated
    .replace(/(?<![\w$:.-])[A-Z][A-Za-z]+-[A-Z][A-Za-z]*\b/g, (name) => name.toLowerCase())
    .replace(/(?<=^|[\s(])-[A-Z][A-Za-z]*\b/g, (name) => name.toLowerCase());
}

/** Text as it must be written inside a double-quoted string to stay as it is: `` ` ``, `"` and `$` escaped with a backtick. */
export function escapedForDoubleQuotes(text: string): string {
  return text.replace(/[`"$]/g, (c) => `\`${c}`);
}
