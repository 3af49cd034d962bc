// 1) The CLI's whole-process scan: `node dist/cli.js scan <tree> --format json --fail-on none`, cold,
// and again with --cache: unchanged, and after 1 % of the files changed.
import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, ROOT, runChild, WORK } from './lib.mjs';

/** Median wall time and peak RSS over `runs` runs, and what the last run found. */
export async function measureCliScan(tree, runs, extraArgs = []) {
  const times = [];
  const rss = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const result = await runChild(process.execPath, [join(ROOT, 'dist/cli.js'), 'scan', tree, '--format', 'json', '--fail-on', 'none', ...extraArgs]);
    if (result.error || result.code !== 0) throw new Error(`CLI scan failed (${result.code}): ${result.error ?? result.stderr}`);
    times.push(result.ms);
    rss.push(result.peakRssMb);
    report = JSON.parse(result.stdout);
  }
  return { runs: times, medianMs: median(times), peakRssMb: Math.max(...rss), ...summarize(report), comparable: comparable(report) };
}

/**
 * The cached re-scan: one scan fills the cache, `runs` scans of the unchanged tree read from it, and
 * `runs` scans follow a change of every hundredth source file (a comment appended, taken out again
 * after), and `runs` scans follow new times on every file (as after a fresh checkout). Each must report
 * what the cold scan reported.
 */
export async function measureCachedScan(tree, sourcePaths, runs, cold) {
  const cacheArgs = ['--cache-location', join(WORK, 'scan-cache.json')];
  rmSync(cacheArgs[1], { force: true });
  const filling = await measureCliScan(tree, 1, cacheArgs);
  const unchanged = await measureCliScan(tree, runs, cacheArgs);
  const changed = [];
  for (let i = 0; i < runs; i++) changed.push(await withChangedFiles(tree, sourcePaths, () => measureCliScan(tree, 1, cacheArgs)));
  const checkedOut = [];
  for (let i = 0; i < runs; i++) {
    touchAll(tree, sourcePaths, i);
    checkedOut.push(await measureCliScan(tree, 1, cacheArgs));
  }
  const all = [['filling', filling], ['unchanged', unchanged], ...changed.map((scan) => ['changed', scan]), ...checkedOut.map((scan) => ['checked out', scan])];
  for (const [name, scan] of all) {
    if (scan.comparable !== cold.comparable) throw new Error(`the cached scan (${name}) reported other findings or notices than the cold scan`);
  }
  const changedTimes = changed.map((scan) => scan.medianMs);
  return {
    fillingMs: filling.medianMs,
    unchanged: { runs: unchanged.runs, medianMs: unchanged.medianMs, peakRssMb: unchanged.peakRssMb, stats: unchanged.stats },
    changed: { files: changed[0].stats.filesSeen - changed[0].stats.filesFromCache, runs: changedTimes, medianMs: median(changedTimes), stats: changed[0].stats },
    checkedOut: { runs: checkedOut.map((scan) => scan.medianMs), medianMs: median(checkedOut.map((scan) => scan.medianMs)), stats: checkedOut[0].stats },
  };
}

/** Gives every source file a new modification time, as a fresh checkout of the same commit does. */
function touchAll(tree, sourcePaths, round) {
  const time = new Date(Date.now() - 600_000 - round * 1000);
  for (const path of sourcePaths) utimesSync(join(tree, path), time, time);
}

/**
 * Appends a comment to every hundredth source file, runs `measure`, restores them. The same files each
 * time: restored just now, they are not in the cache either (changed too recently to be remembered).
 */
async function withChangedFiles(tree, sourcePaths, measure) {
  const chosen = sourcePaths.filter((_, index) => index % 100 === 0).map((path) => join(tree, path));
  const originals = chosen.map((path) => readFileSync(path));
  chosen.forEach((path) => appendFileSync(path, path.endsWith('.ps1') ? '\n# edited\n' : '\n// edited\n'));
  try {
    return await measure();
  } finally {
    chosen.forEach((path, index) => writeFileSync(path, originals[index]));
  }
}

/** What must not depend on the cache: findings (with positions and fingerprints) and notices. */
const comparable = (report) => JSON.stringify({ findings: report.findings, notices: report.notices });

function summarize(report) {
  const findingsByRule = {};
  for (const finding of report.findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  return {
    findings: report.findings.length,
    findingsByRule,
    findingsInNodeModules: report.findings.filter((f) => f.path.split(/[\\/]/).includes('node_modules')).length,
    stats: report.stats,
  };
}
