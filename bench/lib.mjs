// Shared helpers of the benchmark: paths, statistics, child processes with their peak memory, the build.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WORK = join(ROOT, 'bench/.work');
export const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const PEAK_RSS_PRELOAD = join(ROOT, 'bench/peak-rss.cjs');

export const median = (values) => percentile(values, 50);

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const round = (value, digits = 1) => (value == null || Number.isNaN(value) ? null : +value.toFixed(digits));

/**
 * Runs a command, resolves with its wall time, output and exit code. Node children get a preload that
 * reports the process's peak RSS (main thread and worker threads together) on stderr.
 */
export function runChild(command, args, options = {}) {
  const isNode = command === process.execPath;
  const fullArgs = isNode ? ['--require', PEAK_RSS_PRELOAD, ...args] : args;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, fullArgs, { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', (error) => resolve({ error }));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const errorText = Buffer.concat(stderr).toString();
      const rss = /BENCH_PEAK_RSS_KB=(\d+)/.exec(errorText);
      resolve({ ms, code, stdout: Buffer.concat(stdout).toString(), stderr: errorText, peakRssMb: rss ? Number(rss[1]) / 1024 : null });
    });
  });
}

/** Runs a bench/*-child.mjs script in its own Node process; the script prints one JSON line last. */
export async function runNodeScript(script, args = [], nodeFlags = []) {
  const result = await runChild(process.execPath, [...nodeFlags, join(ROOT, 'bench', script), ...args]);
  if (result.code !== 0) throw new Error(`${script} failed (${result.code}):\n${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').pop();
  return { ...JSON.parse(lastLine), wallMs: result.ms, peakRssMb: result.peakRssMb };
}

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const isOlderThanSources = (output) => !existsSync(output) || statSync(output).mtimeMs < newestMtime(join(ROOT, 'src'));

/** Builds dist/ (esbuild, production) and out/ (tsc) when missing or older than src/. */
export function ensureBuilds({ forceProduction = false } = {}) {
  if (forceProduction || isOlderThanSources(join(ROOT, 'dist/cli.js'))) {
    console.log('building dist/ (node scripts/build.mjs --production)…');
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  }
  if (isOlderThanSources(join(ROOT, 'out/src/engine/analyze.js'))) {
    console.log('compiling out/ (npx tsc -p .)…');
    try {
      execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    } catch {
      // tsc still emits on type errors; the engine may be mid-change. Go on if the output exists.
      if (!existsSync(join(ROOT, 'out/src/engine/analyze.js'))) throw new Error('tsc produced no out/src/engine/analyze.js');
      console.warn('warning: tsc reported errors; using what it emitted');
    }
  }
}

/** The engine's compiled modules (out/, CommonJS). */
export const engineModule = (relativePath) => requireFromRoot(join(ROOT, 'out/src', relativePath));

/** Every rule's trigger words (all languages together), from the compiled catalogue (never a copied list). */
export function triggerWords() {
  const { RULES } = engineModule('engine/catalog.js');
  return [...new Set(RULES.flatMap((rule) => rule.triggers))];
}

export const escapeRegExp = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
