// 6) The size of the packaged extension (production build, no dependencies bundled by vsce).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilds, ROOT, WORK } from './lib.mjs';

export function measureVsix() {
  ensureBuilds({ forceProduction: true });
  const out = join(WORK, 'mfa-ready.vsix');
  // The first step of a run on a fresh clone: nothing has made the work folder yet.
  mkdirSync(WORK, { recursive: true });
  try {
    execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { missing: `vsce package failed: ${String(error.stderr ?? error.message).trim().split('\n').slice(-3).join(' ')}` };
  }
  return { bytes: statSync(out).size, megabytes: statSync(out).size / 1e6 };
}
