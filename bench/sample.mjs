// The deterministic sample of source files that the slow baselines (parse-everything, ESLint) run on;
// their times are extrapolated linearly to the whole tree. BENCH_SAMPLE_FILES=0 runs them on every file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK } from './lib.mjs';

const DEFAULT_SAMPLE_FILES = 1500;

/** Every k-th source file, at most BENCH_SAMPLE_FILES of them; writes the list for the child processes. */
export function writeSample(tree, sourcePaths) {
  const wanted = Number(process.env.BENCH_SAMPLE_FILES ?? DEFAULT_SAMPLE_FILES) || sourcePaths.length;
  const step = Math.max(1, Math.ceil(sourcePaths.length / wanted));
  const paths = sourcePaths.filter((_, index) => index % step === 0).map((path) => join(tree, path));
  const listFile = join(WORK, 'sample.json');
  writeFileSync(listFile, JSON.stringify(paths));
  return { listFile, sampled: paths.length, total: sourcePaths.length };
}

/** The child's wall time with its per-file work scaled from the sample to the whole tree. */
export function extrapolate(result, sample) {
  const scale = sample.total / sample.sampled;
  return { ...result, sampledFiles: sample.sampled, totalFiles: sample.total, extrapolatedMs: result.wallMs + result.perFileWorkMs * (scale - 1) };
}
