// Bundles the extension and the CLI with esbuild, and puts the PowerShell grammar's wasm beside them.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { TYPESCRIPT_ESTREE_AS_USED } from './typescript-estree-as-used.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

/** What the bundles are built from (sources and locked dependencies): scan caches of another build are not used. */
async function buildId() {
  const hash = createHash('sha256');
  const files = (await readdir(join(root, 'src'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const paths = files.map((entry) => join(entry.parentPath ?? entry.path, entry.name)).sort();
  for (const path of [...paths, join(root, 'package-lock.json')]) hash.update(path.slice(root.length)).update(await readFile(path));
  return hash.digest('hex').slice(0, 16);
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  define: { MFA_READY_VERSION: JSON.stringify(version), MFA_READY_BUILD: JSON.stringify(args.has('--watch') ? `watch-${Date.now()}` : await buildId()) },
  // The ESM build of web-tree-sitter locates its wasm through import.meta.url, which a CJS bundle lacks.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  // typescript's optional requires (source-map-support, inspector) are never reached here.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

// The language analysers are bundles of their own, required on first use (engine/analyze.ts): V8
// would otherwise compile the TypeScript compiler's 3 MB at every start of the CLI and the extension.
// That bundle is loaded through V8's code cache (engine/code-cache.ts). The PowerShell one is small,
// and web-tree-sitter's dynamic import() needs Node's own loader.
const LANGUAGES = ['typescript', 'powershell'];
const languagesApart = {
  name: 'languages-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/languages\/powershell$/ }, () => ({ path: './language-powershell.js', external: true }));
    build.onResolve({ filter: /^\.\.\/languages\/typescript$/ }, () => ({ path: 'typescript', namespace: 'code-cached' }));
    build.onLoad({ filter: /.*/, namespace: 'code-cached' }, () => ({
      contents: `const { defaultCodeCacheDir, loadWithCodeCache } = require('./code-cache');
module.exports = loadWithCodeCache(require('node:path').join(__dirname, 'language-typescript.js'), defaultCodeCacheDir()).exports;`,
      resolveDir: join(root, 'src/engine'),
      loader: 'js',
    }));
  },
};

const targets = [
  { ...common, entryPoints: [join(root, 'src/extension/extension.ts')], outfile: join(root, 'dist/extension.js'), external: ['vscode'], plugins: [languagesApart] },
  { ...common, entryPoints: [join(root, 'src/cli/bin.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [languagesApart] },
  // The scan's worker threads (engine/analysis-pool.ts) run this bundle.
  { ...common, entryPoints: [join(root, 'src/engine/analysis-worker.ts')], outfile: join(root, 'dist/analysis-worker.js'), plugins: [languagesApart] },
  ...LANGUAGES.map((language) => ({
    ...common,
    entryPoints: [join(root, `src/languages/${language}/index.ts`)],
    outfile: join(root, `dist/language-${language}.js`),
    plugins: [TYPESCRIPT_ESTREE_AS_USED],
  })),
];

async function copyWasm() {
  await mkdir(join(root, 'dist'), { recursive: true });
  await copyFile(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(root, 'dist/web-tree-sitter.wasm'));
  await copyFile(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'), join(root, 'dist/tree-sitter-powershell.wasm'));
}

await copyWasm();
if (args.has('--watch')) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  console.log('watching src/ for changes…');
} else {
  const results = await Promise.all(targets.map((options) => esbuild.build({ ...options, metafile: true })));
  assertLanguagesApart(targets, results);
  if (production) await assertAscii(targets.map((options) => options.outfile));
}

/**
 * The CLI, the extension and the scan's workers start without a language's parser: those are loaded on
 * first need (`languagesApart`). One import of a module that needs the parser, from code these bundles
 * hold, would put the TypeScript compiler (3 MB minified) into each of them, and nothing else would fail.
 */
function assertLanguagesApart(targets, results) {
  const parsers = /(?:^|[\\/])node_modules[\\/](typescript|@typescript-eslint[\\/]typescript-estree|web-tree-sitter|tree-sitter-powershell)[\\/]/;
  targets.forEach((options, index) => {
    if (options.plugins?.includes(languagesApart) !== true) return;
    const parser = Object.keys(results[index].metafile.inputs).find((input) => parsers.test(input));
    if (parser) throw new Error(`${options.outfile} holds ${parser}: a module it bundles imports a language's parser; move what it needs into a module that does not`);
  });
}

/**
 * V8 holds a script's source as UTF-16 when one character of it is past ASCII: twice the memory, 8 MB
 * instead of 4 for the TypeScript bundle, in every worker. esbuild escapes such characters in strings
 * and leaves comments out of a minified bundle, but writes a regular expression literal's as they are.
 */
async function assertAscii(bundles) {
  for (const bundle of bundles) {
    const text = await readFile(bundle, 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    if (at !== -1) {
      throw new Error(`${bundle} is not ASCII at ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}: write the regular expression with escapes, or make it from a string`);
    }
  }
}
