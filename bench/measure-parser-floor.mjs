// 2b) The parsers' floor: the scan's own parse of the files it must parse (those with findings), in a
// fresh process with the CLI's V8 flags, and nothing else. No scan that parses these files with these
// parsers takes less than this CPU time, shared over the machine's cores.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { TYPESCRIPT_ESTREE_AS_USED } from '../scripts/typescript-estree-as-used.mjs';
import { engineModule, median, requireFromRoot, ROOT, runNodeScript, WORK } from './lib.mjs';

/** The scan's parse of each language, bundled as the build bundles the language analysers. */
async function bundleParsers() {
  await esbuild.build({
    entryPoints: ['typescript', 'powershell'].map((language) => ({ in: join(ROOT, `bench/parser-floor-${language}.mjs`), out: `parser-floor-${language}` })),
    outdir: WORK,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: true,
    logLevel: 'warning',
    // As scripts/build.mjs: the ESM build of web-tree-sitter locates its wasm through import.meta.url.
    alias: { 'web-tree-sitter': requireFromRoot.resolve('web-tree-sitter') },
    logOverride: { 'require-resolve-not-external': 'silent' },
    plugins: [TYPESCRIPT_ESTREE_AS_USED],
  });
}

export async function measureParserFloor(tree, findingPaths, runs) {
  await bundleParsers();
  const listFile = join(WORK, 'parser-floor.json');
  writeFileSync(listFile, JSON.stringify(findingPaths.map((path) => join(tree, path))));
  const flags = engineModule('cli/v8-flags.js').CLI_V8_FLAGS.split(' ');
  const results = [];
  // The first run writes V8's code cache of the bundle, which the others read, as a scan's workers do.
  const codeCacheDir = join(WORK, 'code-cache');
  for (let i = 0; i < runs; i++) results.push(await runNodeScript('parser-floor-child.mjs', [WORK, listFile, codeCacheDir], flags));
  const medianCpuMs = median(results.map((result) => result.cpuMs));
  const typical = results.find((result) => result.cpuMs === medianCpuMs);
  return { ...typical, runs: results.map((result) => result.cpuMs), medianCpuMs, cores: cpus().length };
}
