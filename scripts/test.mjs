// `npm test`: installs what is needed (npm packages; for the VS Code suites also Chromium and a cached
// code-server), builds, runs the unit suites and the suites inside a real VS Code, and ends with the
// line `N passed, N failed`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ensureNodeModules, mustRun, ROOT, run } from './lib.mjs';

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
// --electron: the VS Code suites through @vscode/test-electron, for machines with internet access.
const electron = process.argv.includes('--electron');
const totals = [];

async function unitSuites() {
  const { code, output } = await run(bin('mocha'), ['--reporter', 'spec', '--no-colors'], { capture: true });
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(output)?.[1] ?? 0);
  const failed = count('failing') || (code !== 0 ? 1 : 0);
  return { name: 'unit', passed: count('passing'), failed };
}

async function vscodeSuites() {
  const temp = mkdtempSync(join(tmpdir(), 'mfa-ready-vscode-'));
  try {
    const workspace = join(temp, 'workspace');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    const suites = ['--suites', 'out/test/vscode/suites', '--workspace', workspace];
    let runner = ['test/vscode/runner/run-in-electron.mjs', ...suites];
    if (!electron) {
      const vsix = join(temp, 'mfa-ready.vsix');
      await mustRun(bin('vsce'), ['package', '--no-dependencies', '--out', vsix]);
      runner = ['test/vscode/runner/run-in-code-server.mjs', '--vsix', vsix, ...suites];
    }
    const { code, output } = await run(process.execPath, runner, { capture: true });
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(output);
    return { name: 'vscode', passed: Number(summary?.[1] ?? 0), failed: Number(summary?.[2] ?? 0) || (code !== 0 ? 1 : 0) };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** A part that cannot run counts as one failure, so the closing line still tells the truth. */
async function part(name, body) {
  try {
    totals.push(await body());
  } catch (error) {
    console.error(`${name}: ${error.message}`);
    totals.push({ name, passed: 0, failed: 1 });
  }
}

await part('build', async () => {
  await ensureNodeModules();
  await mustRun(process.execPath, ['scripts/build.mjs', '--production']);
  await mustRun(bin('tsc'), ['-p', '.']);
  return { name: 'build', passed: 0, failed: 0 };
});
if (totals[0].failed === 0) {
  if (only !== 'vscode') await part('unit', unitSuites);
  if (only !== 'unit') await part('vscode', vscodeSuites);
}

console.log('');
for (const part of totals) console.log(`${part.name}: ${part.passed} passed, ${part.failed} failed`);
const passed = totals.reduce((sum, part) => sum + part.passed, 0);
const failed = totals.reduce((sum, part) => sum + part.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
