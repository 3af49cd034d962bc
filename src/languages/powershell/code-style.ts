import { commandName } from './command';
import { descendants, type Node } from './syntax';

/** How a script spells cmdlet and parameter names: as documented, or all lower-case. */
export type NameCasing = 'documented' | 'lower';

/** `lower` when every Verb-Noun command the script calls is written in lower case. */
export function detectNameCasing(root: Node): NameCasing {
  const written = descendants(root, 'command')
    .map((command) => (commandName(command) ? writtenName(command) : undefined))
    .filter((name): name is string => !!name && /^[a-z]+-[a-z]/i.test(name));
  return written.length > 0 && written.every((name) => name === name.toLowerCase()) ? 'lower' : 'documented';
}

function writtenName(command: Node): string | undefined {
  const nameNode = command.childForFieldName('command_name');
  const text = nameNode?.text.replace(/^['"]|['"]$/g, '');
  return text?.slice(text.lastIndexOf('\\') + 1);
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
