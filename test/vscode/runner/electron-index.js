'use strict';
// extensionTestsPath module for @vscode/test-electron (see run-in-electron.mjs): VS Code calls
// run() inside the Extension Development Host. Runs the same suites as the code-server harness.
const fs = require('fs');
const path = require('path');
const { runSuites } = require('../harness/run-suites');

const REPO_ROOT = path.resolve(__dirname, '../../..');

async function run() {
  const suitesDir = process.env.MFA_READY_TEST_SUITES;
  if (!suitesDir) throw new Error('MFA_READY_TEST_SUITES is not set');
  const mochaDir = process.env.MFA_READY_MOCHA || path.join(REPO_ROOT, 'node_modules', 'mocha');
  const results = await runSuites({ suitesDir, mochaDir, reporter: 'spec' });
  const resultsFile = process.env.MFA_READY_TEST_RESULTS;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  }
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}

module.exports = { run };
