#!/usr/bin/env node
// For machines WITH internet access (not this project's offline machines): @vscode/test-electron
// downloads a VS Code build from Microsoft at test time. Offline, use run-in-code-server.mjs.
// On a headless Linux box run it under a display, e.g. `xvfb-run -a node ...`.
//
// node test/vscode/runner/run-in-electron.mjs --suites <dir> --workspace <folder> [--vscode-version <v>]
//
// Loads the repo root as the development extension (its package.json `main` must be built)
// and runs the suites through electron-index.js, which prints mocha's spec output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { failureResult, isFailure, printReport } from './report.mjs';

const RUNNER_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(RUNNER_DIR, '../../..');
const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      suites: { type: 'string' },
      workspace: { type: 'string' },
      'vscode-version': { type: 'string', default: 'stable' },
    },
  });
  if (!values.suites || !values.workspace) {
    throw new Error('usage: node test/vscode/runner/run-in-electron.mjs --suites <dir> --workspace <folder> [--vscode-version <v>]');
  }
  return { suitesDir: path.resolve(values.suites), workspace: path.resolve(values.workspace), version: values['vscode-version'] };
}

function readResults(file) {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

async function main() {
  const opts = parseCommandLine();
  const { runTests } = requireFromRepo('@vscode/test-electron');
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-ready-electron-'));
  const resultsFile = path.join(tempDir, 'results.json');
  let results;
  try {
    await runTests({
      version: opts.version,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(RUNNER_DIR, 'electron-index.js'),
      extensionTestsEnv: {
        MFA_READY_TEST_SUITES: opts.suitesDir,
        MFA_READY_TEST_RESULTS: resultsFile,
        MFA_READY_MOCHA: path.dirname(requireFromRepo.resolve('mocha/package.json')),
      },
      launchArgs: [opts.workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    results = readResults(resultsFile);
  } catch (err) {
    // runTests rejects when run() threw (failed tests) or VS Code could not start.
    results = readResults(resultsFile) ?? failureResult('run', err);
  }
  results ??= failureResult('run', new Error('run() wrote no results'));
  fs.rmSync(tempDir, { recursive: true, force: true });
  printReport(results);
  return isFailure(results) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[runner] ${err.message}`);
    process.exit(1);
  },
);
