// 1) The CLI's whole-process scan: `node dist/cli.js scan <tree> --format json --fail-on none`.
import { join } from 'node:path';
import { median, ROOT, runChild } from './lib.mjs';

/** Median wall time and peak RSS over `runs` runs, and what the last run found. */
export async function measureCliScan(tree, runs) {
  const times = [];
  const rss = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const result = await runChild(process.execPath, [join(ROOT, 'dist/cli.js'), 'scan', tree, '--format', 'json', '--fail-on', 'none']);
    if (result.error || result.code !== 0) throw new Error(`CLI scan failed (${result.code}): ${result.error ?? result.stderr}`);
    times.push(result.ms);
    rss.push(result.peakRssMb);
    report = JSON.parse(result.stdout);
  }
  return { runs: times, medianMs: median(times), peakRssMb: Math.max(...rss), ...summarize(report) };
}

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
