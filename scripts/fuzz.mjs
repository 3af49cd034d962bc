// `npm run fuzz [-- --seed N] [--count N] [--all-truncations] [--filter TEXT] [--bound-ms N]`: the fuzz
// suite's properties over many more inputs. Builds, mutates every rule fixture `--count` times per
// mutator (with nests and chains of 10,000 of every kind), prints the number of inputs tried and each
// failure (a property broken, or analyze + fixAll over --bound-ms) with a reproducer file written to a
// temporary folder; exits 1 on a failure.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ensureNodeModules, mustRun, ROOT } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const seed = Number(option('seed', String(Date.now() % 1_000_000)));
const count = Number(option('count', '20'));
const boundMs = Number(option('bound-ms', '30000'));
const filter = option('filter', undefined);
const allTruncations = args.includes('--all-truncations');

await ensureNodeModules();
await mustRun(process.execPath, ['scripts/build.mjs']);
await mustRun(bin('tsc'), ['-p', '.']);

const { runCampaign } = createRequire(import.meta.url)(join(ROOT, 'out/test/fuzz/campaign.js'));
const reproducerDir = mkdtempSync(join(tmpdir(), 'mfa-ready-fuzz-'));
const started = Date.now();
let lastReport = started;
const report = await runCampaign({
  seed,
  perMutator: count,
  truncations: allTruncations ? 'all' : Math.max(6, count),
  nests: Math.max(1, Math.round(count / 4)),
  filter,
  boundMs,
  reproducerDir,
  onInput(index, input) {
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.log(`  ${index} inputs so far (${input.fixture})`);
    }
  },
});

console.log(`\nfuzz: ${report.inputsTried} inputs tried (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log('slowest inputs (analyze + fixAll):');
for (const s of report.slowest) console.log(`  ${s.fixture} ${s.mutation} (${s.length} chars): analyze ${s.analyzeMs.toFixed(0)} ms, fixAll ${s.fixMs.toFixed(0)} ms`);
for (const failure of report.failures) {
  console.log(`\nFAIL ${failure.input.fixture} ${failure.input.mutation}\n  ${failure.problems.join('\n  ')}\n  reproducer: ${failure.reproducer}`);
}
console.log(`\n${report.failures.length} failure(s) (a time over --bound-ms ${boundMs} is one)${report.failures.length ? `; reproducers in ${reproducerDir}` : ''}`);
process.exitCode = report.failures.length ? 1 : 0;
