// 6) Extension activation in a real VS Code: the harness activates mfa-ready before any suite opens a
// file and records the time (bundle load + activate()); the suites run through the project's own runner.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

export function measureActivation() {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts/test.mjs'), '--only', 'vscode'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { missing: `the VS Code suites failed: ${String(error.stdout ?? error.message).trim().split('\n').slice(-2).join(' ')}` };
  }
  const results = JSON.parse(readFileSync(join(ROOT, 'test/vscode/.artifacts/results.json'), 'utf8'));
  return results.activationMs === undefined ? { missing: 'activated before the harness could measure it' } : { ms: results.activationMs, vscodeVersion: results.vscodeVersion };
}
