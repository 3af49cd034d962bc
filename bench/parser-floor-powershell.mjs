// Bundled by measure-parser-floor.mjs: the scan's own parse of a script and nothing else (no prefilter,
// rules or fixes): tree-sitter, with the grammar-gap stand-ins.
import { withPowerShellTree } from '../src/languages/powershell/parser';

/** Parses the script as the scan's analysis would; resolves with whether it gave a tree without errors. */
export function parseAsTheScan(path, text) {
  return withPowerShellTree(text, (tree) => !tree.rootNode.hasError);
}
