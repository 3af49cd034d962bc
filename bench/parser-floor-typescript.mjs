// Bundled by measure-parser-floor.mjs with the build's changes to typescript-estree: the scan's own parse
// of a module and nothing else (no prefilter, rules or fixes): TypeScript's parser and the ESTree conversion.
import { IncrementalParser } from '../src/languages/typescript/incremental-parse';

const parser = new IncrementalParser(1);

/** Parses the module as the scan's analysis would; returns whether it gave a tree. */
export function parseAsTheScan(path, text, jsx) {
  return parser.parse(path, text, jsx)?.program() !== undefined;
}
