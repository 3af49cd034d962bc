'use strict';
// Runs compiled mocha suites (*.test.js, CommonJS) inside a VS Code extension host and
// collects per-test results. Shared by the harness extension (code-server runs) and by
// ../runner/electron-index.js (@vscode/test-electron runs).
const fs = require('fs');
const path = require('path');

const DEFAULT_TEST_TIMEOUT_MS = 60_000;

// mocha 12 is an ES module package: require() of it needs a Node with require(esm)
// (>= 20.19 / 22.12). code-server's Node 24 has it; so has the Node of recent VS Code builds.
function loadMocha(mochaDir) {
  const mod = require(mochaDir);
  return mod.default || mod;
}

function findSuiteFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...findSuiteFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

function errorInfo(err) {
  if (!err) return undefined;
  return { message: String(err.message ?? err), stack: err.stack ? String(err.stack) : undefined };
}

function testResult(runnable, state, err) {
  return {
    title: runnable.title,
    fullTitle: runnable.fullTitle(),
    file: runnable.file,
    state,
    durationMs: runnable.duration ?? 0,
    error: errorInfo(err),
  };
}

/**
 * Runs every *.test.js under suitesDir. Resolves with { tests, passed, failed, pending }.
 * `onTestStart(fullTitle)` and `onProgress(tests)` let a caller report a hang precisely.
 */
function runSuites({ suitesDir, mochaDir, testTimeoutMs = DEFAULT_TEST_TIMEOUT_MS, reporter = 'spec', onTestStart, onProgress }) {
  const Mocha = loadMocha(mochaDir);
  const mocha = new Mocha({ ui: 'bdd', timeout: testTimeoutMs, color: false, reporter });
  const files = findSuiteFiles(suitesDir);
  if (files.length === 0) throw new Error(`no *.test.js files under ${suitesDir}`);
  for (const file of files) mocha.addFile(file);

  const tests = [];
  const record = (result) => {
    tests.push(result);
    if (onProgress) onProgress(tests);
  };
  return new Promise((resolve) => {
    // mocha loads the suites with require(), which VS Code's own require interceptor sees: it answers
    // require('vscode') with the real API (an import() would bypass it). mocha.run() loads them lazily.
    const runner = mocha.run(() => resolve(summarize(tests)));
    if (onTestStart) runner.on('test', (test) => onTestStart(test.fullTitle()));
    runner.on('pass', (test) => record(testResult(test, 'passed')));
    // 'fail' is also emitted for failing hooks; they count as failed tests.
    runner.on('fail', (test, err) => record(testResult(test, 'failed', err)));
    runner.on('pending', (test) => record(testResult(test, 'pending')));
  });
}

function summarize(tests) {
  const count = (state) => tests.filter((t) => t.state === state).length;
  return { tests, passed: count('passed'), failed: count('failed'), pending: count('pending') };
}

module.exports = { runSuites, summarize, findSuiteFiles, loadMocha };
