// `npm run bench`: a deterministic workspace, the CLI's whole-process scan time over it (median of 5),
// and the ripgrep floor when ripgrep is installed. Writes bench/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkspace } from './generate.mjs';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const fileCount = Number(process.env.BENCH_FILES ?? 5000);
const work = join(root, 'bench/.work/workspace');
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });

const tree = generateWorkspace(work, fileCount);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function time(command, args) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.error) return undefined;
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(runs);
}

const scan = time(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none']);
const floor = time('rg', ['-c', '-i', '--glob', '!node_modules', 'acquiretokenbyusernamepassword|connect-msolservice', '.']);
const results = {
  date: new Date().toISOString(),
  files: tree.files,
  megabytes: +(tree.bytes / 1e6).toFixed(1),
  scanMs: Math.round(scan),
  filesPerSecond: Math.round(tree.files / (scan / 1000)),
  ripgrepMs: floor === undefined ? null : Math.round(floor),
  ratioToRipgrep: floor === undefined ? null : +(scan / floor).toFixed(2),
};
console.table(results);
if (floor === undefined) console.log('ripgrep not installed (apt-get install ripgrep) — no floor measured');
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
