#!/usr/bin/env node
// Runs mocha suites inside a real VS Code extension host, offline: code-server (a full VS Code
// server + web workbench from npm) opened by headless Debian Chromium. See README.md.
//
// node test/vscode/runner/run-in-code-server.mjs --vsix <extension.vsix> --suites <dir>
//   --workspace <folder> [--screenshot <png>] [--artifacts <dir>] [--timeout <seconds>] [--keep-temp]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { failureResult, isFailure, printReport } from './report.mjs';

const RUNNER_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(RUNNER_DIR, '../../..');
const HARNESS_DIR = path.resolve(RUNNER_DIR, '../harness');
const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'github.gitAuthentication': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'editor.formatOnSave': false,
  // The sample workspace has no node_modules: the built-in TypeScript checker would only add noise.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
};

const log = (msg) => console.log(`[runner] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------- command line ----------

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string', multiple: true },
      suites: { type: 'string' },
      workspace: { type: 'string' },
      screenshot: { type: 'string' },
      artifacts: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      'keep-temp': { type: 'boolean', default: false },
    },
  });
  for (const required of ['vsix', 'suites', 'workspace']) {
    if (!values[required]) throw new Error(`missing --${required}\n${usage()}`);
  }
  const artifacts = path.resolve(values.artifacts ?? path.join(REPO_ROOT, 'test/vscode/.artifacts'));
  return {
    vsixFiles: values.vsix.map((v) => path.resolve(v)),
    suitesDir: path.resolve(values.suites),
    workspace: path.resolve(values.workspace),
    artifactsDir: artifacts,
    screenshot: path.resolve(values.screenshot ?? path.join(artifacts, 'window.png')),
    timeoutMs: Number(values.timeout) * 1000,
    keepTemp: values['keep-temp'],
  };
}

function usage() {
  return 'usage: node test/vscode/runner/run-in-code-server.mjs --vsix <extension.vsix> --suites <dir> ' +
    '--workspace <folder> [--screenshot <png>] [--artifacts <dir>] [--timeout <seconds>] [--keep-temp]';
}

function checkInputs(opts) {
  for (const file of opts.vsixFiles) if (!fs.existsSync(file)) throw new Error(`no such VSIX: ${file}`);
  for (const dir of [opts.suitesDir, opts.workspace]) {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no such folder: ${dir}`);
  }
}

// ---------- setup ----------

/** Runs install-deps.sh (fast when cached) and returns the paths it printed. */
function ensureDeps() {
  const started = Date.now();
  const result = spawnSync('bash', [path.join(RUNNER_DIR, 'install-deps.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`install-deps.sh failed (exit ${result.status})`);
  const paths = Object.fromEntries(
    result.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  log(`dependencies ready in ${seconds(Date.now() - started)}`);
  return { node: paths.CODE_SERVER_NODE, entry: paths.CODE_SERVER_ENTRY, chromium: paths.CHROMIUM };
}

function makeTempDirs() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-ready-vscode-'));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    results: path.join(root, 'results.json'),
    serverLog: path.join(root, 'code-server.log'),
    config: path.join(root, 'code-server-config.yaml'),
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensions);
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  // Otherwise code-server writes a config with a random password into ~/.config/code-server.
  fs.writeFileSync(dirs.config, 'auth: none\n');
  return dirs;
}

function packageHarness(outDir) {
  const vsce = path.join(path.dirname(requireFromRepo.resolve('@vscode/vsce/package.json')), 'vsce');
  const out = path.join(outDir, 'mfa-ready-test-harness.vsix');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], {
    cwd: HARNESS_DIR,
  });
  return out;
}

/** Environment for code-server: ours, minus a parent VS Code's (its CLI would forward to it). */
function serverEnv(deps, extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_')));
  env.PATH = `${path.dirname(deps.node)}${path.delimiter}${env.PATH}`;
  return { ...env, ...extra };
}

function serverArgs(deps, dirs) {
  return [deps.entry, '--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function installExtension(deps, dirs, vsix) {
  run(deps.node, [...serverArgs(deps, dirs), '--force', '--install-extension', vsix], { env: serverEnv(deps) });
}

function run(cmd, args, options) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------- code-server process ----------

function startCodeServer(deps, dirs, opts, port, env) {
  const logFd = fs.openSync(dirs.serverLog, 'a');
  const args = [
    ...serverArgs(deps, dirs), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    // Safety net if this runner is SIGKILLed: the browser's connections drop with it, and an
    // unconnected code-server then shuts itself down.
    '--idle-timeout-seconds', '120',
    opts.workspace,
  ];
  // detached: its own process group, so the extension host and other children die with it.
  const child = spawn(deps.node, args, { env: serverEnv(deps, env), stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  child.exitInfo = undefined;
  child.on('exit', (code, signal) => (child.exitInfo = { code, signal }));
  return child;
}

async function waitForHttp(url, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitInfo) throw new Error(`code-server exited early (${JSON.stringify(server.exitInfo)})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${seconds(timeoutMs)}`);
}

async function stopProcessGroup(child) {
  if (!child || child.exitInfo) return killGroup(child, 'SIGKILL'); // reap leftover children
  killGroup(child, 'SIGTERM');
  for (let i = 0; i < 50 && !child.exitInfo; i++) await sleep(100);
  killGroup(child, 'SIGKILL');
}

function killGroup(child, signal) {
  try {
    if (child?.pid) process.kill(-child.pid, signal);
  } catch {
    // group already gone
  }
}

// ---------- browser ----------

async function openWindow(chromiumPath, url, consoleLog) {
  const { chromium } = requireFromRepo('playwright-core');
  // Our own signal handlers clean up; Playwright's would race them.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (msg) => fs.appendFileSync(consoleLog, `[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => fs.appendFileSync(consoleLog, `[pageerror] ${err.stack ?? err}\n`));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { browser, page };
}

async function waitForResults(resultsFile, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(resultsFile)) return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (server.exitInfo) throw new Error(`code-server exited before the results were written (${JSON.stringify(server.exitInfo)})`);
    await sleep(500);
  }
  throw new Error(`no results in ${resultsFile} after ${seconds(timeoutMs)}: the harness did not run or the suites hung`);
}

async function saveScreenshot(page, file) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 15_000 });
    log(`screenshot: ${file}`);
  } catch (err) {
    log(`screenshot failed: ${err.message}`);
  }
}

// ---------- logs and artifacts ----------

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

// Drops the long extension-path listing that VS Code logs when a suite requires 'vscode'.
function tail(file, lines = 40) {
  const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.filter((l) => !l.startsWith('\tfile://')).slice(-lines).join('\n');
}

function printLogTails(dirs) {
  const exthostLogs = listFiles(path.join(dirs.userData, 'logs')).filter((f) => /exthost\.log$/i.test(f));
  for (const file of [dirs.serverLog, ...exthostLogs]) {
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) continue;
    console.log(`\n----- tail of ${file} -----\n${tail(file)}`);
  }
}

const ARTIFACT_FILES = ['results.json', 'code-server.log', 'browser-console.log'];

/** Removes a previous run's artifacts so none of them can be mistaken for this run's. */
function resetArtifacts(opts) {
  for (const name of [...ARTIFACT_FILES, 'logs']) fs.rmSync(path.join(opts.artifactsDir, name), { recursive: true, force: true });
  fs.rmSync(opts.screenshot, { force: true });
}

function saveArtifacts(dirs, artifactsDir) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const ignore = path.join(artifactsDir, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '*\n');
  for (const name of ARTIFACT_FILES) {
    const file = path.join(dirs.root, name);
    if (fs.existsSync(file)) fs.copyFileSync(file, path.join(artifactsDir, name));
  }
  const logs = path.join(dirs.userData, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifactsDir, 'logs'), { recursive: true });
}

// ---------- main ----------

async function runTests(opts, state) {
  const deps = ensureDeps();
  resetArtifacts(opts);
  const dirs = (state.dirs = makeTempDirs());
  const setupStarted = Date.now();
  for (const vsix of [packageHarness(dirs.root), ...opts.vsixFiles]) installExtension(deps, dirs, vsix);

  const port = await freePort();
  const harnessEnv = {
    MFA_READY_TEST_SUITES: opts.suitesDir,
    MFA_READY_TEST_RESULTS: dirs.results,
    MFA_READY_MOCHA: path.dirname(requireFromRepo.resolve('mocha/package.json')),
    // Leaves the runner time to screenshot and report if the suites hang.
    MFA_READY_TEST_OVERALL_TIMEOUT_MS: String(Math.max(30_000, opts.timeoutMs - 20_000)),
  };
  state.server = startCodeServer(deps, dirs, opts, port, harnessEnv);
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, state.server, 60_000);
  log(`code-server up on ${base} (setup ${seconds(Date.now() - setupStarted)})`);

  const url = new URL('/', base);
  url.searchParams.set('folder', opts.workspace);
  const windowOpened = Date.now();
  Object.assign(state, await openWindow(deps.chromium, url.href, path.join(dirs.root, 'browser-console.log')));
  try {
    const results = await waitForResults(dirs.results, state.server, opts.timeoutMs);
    log(`results after ${seconds(Date.now() - windowOpened)} from window open (VS Code ${results.vscodeVersion}; mfa-ready activated in ${results.activationMs ?? "?"} ms)`);
    return results;
  } finally {
    await saveScreenshot(state.page, opts.screenshot);
  }
}

async function cleanup(state, opts) {
  await state.browser?.close().catch(() => {});
  await stopProcessGroup(state.server);
  if (state.dirs) {
    saveArtifacts(state.dirs, opts.artifactsDir);
    if (opts.keepTemp) log(`kept temp dir ${state.dirs.root}`);
    else fs.rmSync(state.dirs.root, { recursive: true, force: true });
  }
}

async function main() {
  const opts = parseCommandLine();
  checkInputs(opts);
  const state = {};
  let cleaning;
  const cleanOnce = () => (cleaning ??= cleanup(state, opts));
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      log(`${signal}: stopping code-server and the browser`);
      cleanOnce().finally(() => process.exit(code));
    });
  }
  // Last resort if we die some other way: never leave code-server running.
  process.on('exit', () => killGroup(state.server, 'SIGKILL'));

  let results;
  try {
    results = await runTests(opts, state);
  } catch (err) {
    results = failureResult('run', err);
  }
  const failed = isFailure(results);
  if (failed && state.dirs) printLogTails(state.dirs);
  await cleanOnce();
  printReport(results);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[runner] ${err.message}`);
    process.exit(1);
  },
);
