import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { syntaxErrorNodes } from './syntax';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-powershell.wasm';

let parser: Promise<Parser> | undefined;

/**
 * The bundles ship both wasm files next to themselves; from the compiled sources (tests) they are
 * found in the installed packages.
 */
function wasmPath(file: string, packageEntry: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(packageEntry);
}

async function createParser(): Promise<Parser> {
  const runtime = wasmPath(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(wasmPath(GRAMMAR_WASM, `tree-sitter-powershell/${GRAMMAR_WASM}`));
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

/** One parser for the process, loaded on first use (the wasm costs tens of milliseconds). */
export function powerShellParser(): Promise<Parser> {
  parser ??= createParser().catch((error: unknown) => {
    parser = undefined;
    throw error;
  });
  return parser;
}

/** Parses and hands the tree to `use`; the tree's wasm memory is freed afterwards. */
export async function withPowerShellTree<T>(text: string, use: (tree: Tree) => T): Promise<T> {
  const tree = (await powerShellParser()).parse(text);
  if (!tree) throw new Error('the PowerShell parser returned no tree');
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

export async function countPowerShellSyntaxErrors(text: string): Promise<number> {
  return withPowerShellTree(text, (tree) => syntaxErrorNodes(tree.rootNode).length);
}
