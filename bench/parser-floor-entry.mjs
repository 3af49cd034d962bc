// Bundled by measure-parser-floor.mjs with the build's changes to typescript-estree: the scan's own
// parse of a file and nothing else (no prefilter, rules or fixes). TypeScript and JavaScript: TypeScript's
// parser and the ESTree conversion; PowerShell: tree-sitter, with the grammar-gap stand-ins.
import { languageOfPath } from '../src/engine/languages';
import { withPowerShellTree } from '../src/languages/powershell/parser';
import { IncrementalParser } from '../src/languages/typescript/incremental-parse';

const typeScriptParser = new IncrementalParser(1);

/** Parses the file as the scan's analysis would; resolves with whether it gave a tree. */
export async function parseAsTheScan(path, text) {
  const languageId = languageOfPath(path);
  if (languageId === 'powershell') return withPowerShellTree(text, (tree) => !tree.rootNode.hasError);
  return typeScriptParser.parse(path, text, languageId !== 'typescript')?.program() !== undefined;
}
