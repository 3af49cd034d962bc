// The build's changes to typescript-estree as it is bundled (scripts/build.mjs, and the bench's parser floor).
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';

// Changes to typescript-estree's code as it is bundled, none changing a range or a node we read:
// - Its modules each take the TypeScript API through TypeScript's `__importStar`, which copies every
//   export into an object of getters of its own: 23 copies of 1,800 getters, 7 MB of each TypeScript
//   worker's heap. They read named exports only, which the module itself holds.
// - The converter gives every node a `loc` (lines and columns, three objects) and, as we ask for ranges
//   only, walks the whole tree afterwards to delete it again: in a cold scan's TypeScript worker that
//   walk alone took 0.19 s. Nothing here reads `loc`: the converter gets one shared placeholder, and it
//   stays. Syntax errors keep their real line and column (node-utils computes those).
export const TYPESCRIPT_ESTREE_AS_USED = {
  name: 'typescript-estree-as-used',
  setup(build) {
    build.onLoad({ filter: /[\\/]@typescript-eslint[\\/].*\.js$/ }, async (args) => {
      const source = (await readFile(args.path, 'utf8')).replaceAll('__importStar(require("typescript"))', 'require("typescript")');
      const patch = ESTREE_PATCHES.find(([file]) => args.path.endsWith(`${sep}typescript-estree${sep}dist${sep}${file}`));
      return { contents: patch ? patched(source, args.path, patch) : source, loader: 'js' };
    });
  },
};

// - To place an exported declaration after its `export` (and `default`), and to end a type argument or
//   parameter list at its `>`, the converter searched the whole file's tokens from the top for the token
//   after the keyword or the list (`findNextToken(…, this.ast, this.ast)`), building token lists of every
//   node on the way: 0.13 s of a cold scan's TypeScript worker. That token starts where TypeScript's
//   `getStart` would put it, the first character after the trivia that follows; the converter only
//   converts files without syntax errors, so it is there.
// - The check of a node's modifiers and decorators, run on every node, copies both lists into arrays of
//   its own, or makes two empty arrays where the node has none: 4 % of what a cold worker's parse and
//   analysis allocate. TypeScript (5 and later) keeps both in `node.modifiers`: a node without any
//   has nothing to check.
// [file, patch, what must be gone after it]
const ESTREE_PATCHES = [
  ['convert.js', (converter) =>
    `${converter
      .replaceAll('(0, node_utils_1.getLocFor)(', 'placeholderLocation(')
      .replaceAll('(0, node_utils_1.getLineAndCharacterFor)(', 'placeholderPosition(')
      .replace(/const varToken = declarationIsDefault\s*\?\s*\(0, node_utils_1\.findNextToken\)\(nextModifier, this\.ast, this\.ast\)\s*:\s*\(0, node_utils_1\.findNextToken\)\(exportKeyword, this\.ast, this\.ast\);\s*result\.range\[0\] = varToken\.getStart\(this\.ast\);/,
        'result.range[0] = ts.skipTrivia(this.ast.text, (declarationIsDefault ? nextModifier : exportKeyword).end);')
      .replaceAll(/const greaterThanToken = \(0, node_utils_1\.findNextToken\)\((typeArguments|typeParameters), this\.ast, this\.ast\);/g,
        'const greaterThanToken = { end: ts.skipTrivia(this.ast.text, $1.end) + 1 };')}
function placeholderLocation() { return PLACEHOLDER_LOCATION; }
function placeholderPosition() { return PLACEHOLDER_POSITION; }
var PLACEHOLDER_POSITION = { line: 0, column: 0 };
var PLACEHOLDER_LOCATION = { start: PLACEHOLDER_POSITION, end: PLACEHOLDER_POSITION };
`, /getLocFor\(|getLineAndCharacterFor\(|findNextToken\)\((nextModifier|exportKeyword|typeArguments|typeParameters), this\.ast, this\.ast\)/],
  ['ast-converter.js', (astConverter) => astConverter.replace('if (!parseSettings.range || !parseSettings.loc) {', 'if (!parseSettings.range) {'), /!parseSettings\.range \|\|/],
  ['check-modifiers.js', (check) => check.replace('function checkModifiers(node) {', 'function checkModifiers(node) {\n    if (node.modifiers === undefined && !("illegalDecorators" in node)) return;'),
    /function checkModifiers\(node\) \{\s*\/\/ typescript<5/],
];

/** Fails the build where a new typescript-estree no longer reads as the patch expects. */
function patched(source, path, [, patch, gone]) {
  const result = patch(source);
  if (result === source || gone.test(result)) {
    throw new Error(`${path}: typescript-estree changed; review TYPESCRIPT_ESTREE_AS_USED in scripts/build.mjs`);
  }
  return result;
}
