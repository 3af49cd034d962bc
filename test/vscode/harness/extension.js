'use strict';
// Test-only extension: when the runner set MFA_READY_TEST_SUITES / MFA_READY_TEST_RESULTS /
// MFA_READY_MOCHA on the code-server process (the extension host inherits them), it runs
// the suites with mocha and writes the results as JSON. Without them it does nothing.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { runSuites, summarize } = require('./run-suites');

const DEFAULT_OVERALL_TIMEOUT_MS = 4 * 60_000;

function readConfig(env) {
  const { MFA_READY_TEST_SUITES, MFA_READY_TEST_RESULTS, MFA_READY_MOCHA } = env;
  if (!MFA_READY_TEST_SUITES || !MFA_READY_TEST_RESULTS || !MFA_READY_MOCHA) return undefined;
  return {
    suitesDir: MFA_READY_TEST_SUITES,
    resultsFile: MFA_READY_TEST_RESULTS,
    mochaDir: MFA_READY_MOCHA,
    testTimeoutMs: Number(env.MFA_READY_TEST_TIMEOUT_MS) || undefined,
    overallTimeoutMs: Number(env.MFA_READY_TEST_OVERALL_TIMEOUT_MS) || DEFAULT_OVERALL_TIMEOUT_MS,
  };
}

function writeJsonAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
}

function harnessFailure(title, err) {
  return {
    title,
    fullTitle: `[harness] ${title}`,
    state: 'failed',
    durationMs: 0,
    error: { message: String(err?.message ?? err), stack: err?.stack ? String(err.stack) : undefined },
  };
}

const EXTENSION_ID = 'mfa-ready.mfa-ready';
const HOST_SETTLE_MS = 2000;

/**
 * How long the extension under test takes to activate (loading its bundle and running activate()),
 * measured before any suite opens a file of its languages. Undefined if something activated it first.
 * It waits for the extension host to finish starting: measured at once, the same build took 42 to
 * 454 ms, as the host's own start-up work (its storage, other extensions) came first.
 */
async function measureActivation() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension || extension.isActive) return undefined;
  await new Promise((resolve) => setTimeout(resolve, HOST_SETTLE_MS));
  if (extension.isActive) return undefined;
  const started = performance.now();
  await extension.activate();
  return Math.round((performance.now() - started) * 10) / 10;
}

async function runAndReport(config) {
  const startedAt = new Date().toISOString();
  const activationMs = await measureActivation().catch(() => undefined);
  let partial = [];
  let running;
  let written = false;
  const finish = (tests) => {
    if (written) return;
    written = true;
    clearTimeout(timer);
    writeJsonAtomic(config.resultsFile, {
      vscodeVersion: vscode.version,
      startedAt,
      finishedAt: new Date().toISOString(),
      activationMs,
      ...summarize(tests),
    });
  };
  const timer = setTimeout(() => {
    const err = new Error(`suites did not finish within ${config.overallTimeoutMs} ms (last test started: ${running ?? 'none'})`);
    finish([...partial, harnessFailure('overall timeout', err)]);
  }, config.overallTimeoutMs);

  try {
    const result = await runSuites({
      ...config,
      onTestStart: (title) => (running = title),
      onProgress: (tests) => (partial = tests),
    });
    finish(result.tests);
  } catch (err) {
    finish([...partial, harnessFailure('unexpected exception', err)]);
  }
}

function activate() {
  const config = readConfig(process.env);
  // A results file already there means this window was reloaded: the suites ran once.
  if (!config || fs.existsSync(config.resultsFile)) return;
  // Not awaited: activation must finish so the suites can see a fully started workbench.
  runAndReport(config).catch((err) => console.error('[mfa-ready harness]', err));
}

function deactivate() {}

module.exports = { activate, deactivate };
