// 2) The floor: ripgrep counting the prefilter's trigger regex over the same source files.
import { spawnSync } from 'node:child_process';
import { escapeRegExp, median, runChild, triggerWords } from './lib.mjs';

const SOURCE_GLOBS = ['*.ts', '*.mts', '*.cts', '*.tsx', '*.js', '*.mjs', '*.cjs', '*.jsx', '*.ps1', '*.psm1', '*.psd1', '!*.d.ts', '!node_modules'];

/** Installs ripgrep with apt-get when it is missing and we are root; returns whether `rg` runs. */
export function ensureRipgrep() {
  if (!spawnSync('rg', ['--version']).error) return true;
  if (process.getuid?.() !== 0) return false;
  console.log('ripgrep missing: apt-get install -y ripgrep…');
  spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'inherit' });
  return !spawnSync('rg', ['--version']).error;
}

/** The union of every rule's triggers (the prefilter applies each language's own subset). */
export const triggerRegex = () => triggerWords().map(escapeRegExp).join('|');

export async function measureRipgrep(tree, runs) {
  if (!ensureRipgrep()) return { missing: 'ripgrep not installed (apt-get install ripgrep, as root)' };
  const args = ['--count', '--ignore-case', '--no-ignore', '--hidden', ...SOURCE_GLOBS.flatMap((g) => ['--glob', g]), '--regexp', triggerRegex(), tree];
  const times = [];
  let matchedFiles = 0;
  for (let i = 0; i < runs; i++) {
    const result = await runChild('rg', args);
    if (result.code > 1) throw new Error(`rg failed: ${result.stderr}`);
    times.push(result.ms);
    matchedFiles = result.stdout.split('\n').filter(Boolean).length;
  }
  return { runs: times, medianMs: median(times), matchedFiles, regex: triggerRegex() };
}
