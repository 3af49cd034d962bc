// Shared by the set-up scripts: run a command visibly, and install npm packages when they are stale.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with inherited output (or captured and echoed, with `capture`); resolves to { code, output }. */
export function run(command, args, { capture = false, env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
      child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

export async function mustRun(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.code}`);
  return result;
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export async function ensureNodeModules() {
  const marker = join(ROOT, 'node_modules/.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('> installing npm packages (npm ci)');
  await mustRun('npm', ['ci', '--no-audit', '--no-fund']);
}

export function bin(name) {
  return join(ROOT, 'node_modules/.bin', name);
}
