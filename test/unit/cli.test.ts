import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, RULE_FIXTURES } from './fixtures';
import { sarifErrors } from './sarif-schema';
import { ageFiles, MSAL_ROPC_TS, MSOL_PS1, tempTree } from './temp-tree';

const CLI = join(REPO_ROOT, 'dist/cli.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeout?: number) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, timeout });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The files a JSON report of `mfa-ready scan` has findings in, each once, in report order. */
function filesWithFindings(stdout: string): string[] {
  return [...new Set<string>(JSON.parse(stdout).findings.map((f: { path: string }) => f.path))];
}

describe('mfa-ready CLI (the bundled dist/cli.js)', () => {
  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run npm run build first'));

  it('scan prints file:line:col, rule, message and a summary, and exits 1 on errors', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1 });
    try {
      const run = cli(['scan', '.'], tree.root);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^src\/auth\.ts:3:32: error ts-msal-ropc: msal-node acquireTokenByUsernamePassword/m);
      assert.match(run.stdout, /^sync\.ps1:2:1: error ps-connect-user-credential: Connect-MsolService -Credential/m);
      assert.match(run.stdout, /^src\/auth\.ts:3:\d+: error ts-hardcoded-password: This password literal/m);
      assert.match(run.stdout, /^3 finding\(s\) in 2 file\(s\) \(3 error, 0 warning, 0 info\); 2 file\(s\) scanned/m);
    } finally {
      tree.dispose();
    }
  });

  it('text reports and fix diffs show control characters from files as escapes: a name or a comment cannot drive the terminal', () => {
    // On a line that names no credential (on one that does, a comment is masked), which the diff shows.
    const comment = '/* \x1b[2J\x1b]0;pwned\x07 \u202e */';
    const tree = tempTree({ 'evil\x1b[31mred.ts': MSAL_ROPC_TS.replace('const pca', `${comment} const pca`) });
    try {
      const scan = cli(['scan', '.'], tree.root);
      const fix = cli(['fix', '.', '--dry-run'], tree.root);
      for (const output of [scan.stdout, fix.stdout, fix.stderr]) assert.doesNotMatch(output, /[\x1b\x07\u202e]/);
      for (const output of [scan.stdout, fix.stderr]) assert.match(output, /evil\\u001b\[31mred\.ts/);
      assert.match(fix.stdout, /^[- ].*\\u001b\[2J\\u001b\]0;pwned\\u0007 \\u202e \*\/ const pca/m);
    } finally {
      tree.dispose();
    }
    // A line feed in a name cannot forge a line of the text report; JSON escapes what JSON.stringify leaves (C1, bidi).
    const named = tempTree({ 'a\nsrc/forged.ts:1:1: error x.ps1': MSOL_PS1.replace('$cred', '$cred\u009b2J'), 'b\u202e.ps1': MSOL_PS1, 'c\nsrc/forged.ts': MSAL_ROPC_TS });
    try {
      const text = cli(['scan', '.'], named.root).stdout;
      assert.match(text, /^a\\u000asrc\/forged\.ts:1:1: error x\.ps1:2:1: error ps-connect-user-credential/m);
      assert.doesNotMatch(text, /^src\/forged/m);
      const diff = cli(['fix', '.', '--dry-run'], named.root).stdout;
      assert.match(diff, /^--- .*c\\+u000asrc\/forged\.ts/m);
      assert.doesNotMatch(diff, /^src\/forged/m, 'nor of the dry-run diff');
      const json = cli(['scan', '.', '--format', 'json'], named.root).stdout;
      assert.doesNotMatch(json, /[\u009b\u202e]/);
      const files = (JSON.parse(json) as { findings: { path: string }[] }).findings.map((finding) => finding.path);
      assert.ok(files.includes('b\u202e.ps1'), files.join(', '));
    } finally {
      named.dispose();
    }
    const config = tempTree({ '.mfa-ready.json': JSON.stringify({ '\x1b]0;PWNED\x07\x1b[2J': 1 }), 'sync.ps1': MSOL_PS1 });
    try {
      const run = cli(['scan', '.'], config.root);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\\u001b\]0;PWNED\\u0007/);
      assert.doesNotMatch(run.stderr, /[\x1b\x07]/);
    } finally {
      config.dispose();
    }
  });

  it('fix fixes where scan found a fix, also a file nested too deeply for the main thread, and also when the cache has the file', () => {
    const tree = tempTree({ 'chain.ts': `${MSAL_ROPC_TS}export const sum = a0${Array.from({ length: 3_000 }, (_, i) => ` + a${i + 1}`).join('')};\n` });
    const env = { ...process.env, XDG_CACHE_HOME: join(tree.root, '.cache-home') };
    try {
      ageFiles(tree.root);
      assert.match(cli(['scan', '.', '--workers', '0'], tree.root).stdout, /ts-msal-ropc: .* \[fix available\]/);
      for (const args of [['--dry-run'], ['--dry-run', '--cache'], ['--dry-run', '--cache'], ['--workers', '0', '--cache']]) {
        const fix = cli(['fix', '.', ...args], tree.root, env);
        assert.match(fix.stderr, /^chain\.ts:3: (would fix|fixed) ts-msal-ropc: /m, args.join(' '));
      }
      assert.match(readFileSync(join(tree.root, 'chain.ts'), 'utf8'), /acquireTokenByRefreshToken/);
    } finally {
      tree.dispose();
    }
  });

  it('--fail-on none exits 0; a clean tree exits 0', () => {
    const tree = tempTree({ 'sync.ps1': MSOL_PS1, 'clean/ok.ts': 'export const ok = true;\n' });
    try {
      assert.equal(cli(['scan', '.', '--fail-on', 'none'], tree.root).code, 0);
      assert.equal(cli(['scan', 'clean'], tree.root).code, 0);
    } finally {
      tree.dispose();
    }
  });

  it('a malformed .mfa-ready.json stops the run with exit 2, naming the file and the key', () => {
    const cases: [string, RegExp][] = [
      ['{ "exclude": ["legacy/**"], ', /\.mfa-ready\.json: not a readable JSON file/],
      ['["exclude"]', /\.mfa-ready\.json: must hold a JSON object/],
      ['{ "exlude": ["legacy/**"] }', /\.mfa-ready\.json: unknown key "exlude" \(known: include, exclude/],
      ['{ "constructor": 1 }', /\.mfa-ready\.json: unknown key "constructor" \(known: include, exclude/],
      ['{ "__proto__": {} }', /\.mfa-ready\.json: unknown key "__proto__" \(known: include, exclude/],
      ['{ "rules": { "hasOwnProperty": "off" } }', /\.mfa-ready\.json: "rules\.hasOwnProperty" is not a rule/],
      ['{ "exclude": "legacy/**" }', /\.mfa-ready\.json: "exclude" must be a list of glob strings/],
      ['{ "failOn": "always" }', /\.mfa-ready\.json: "failOn" must be one of error, warning, none \(got "always"\)/],
      ['{ "rules": { "ts-msal-rpoc": "off" } }', /\.mfa-ready\.json: "rules\.ts-msal-rpoc" is not a rule/],
      ['{ "rules": { "ts-msal-ropc": "loud" } }', /\.mfa-ready\.json: "rules\.ts-msal-ropc" must be one of off, error, warning, info/],
    ];
    for (const [config, message] of cases) {
      const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, '.mfa-ready.json': config });
      try {
        const run = cli(['scan', '.', '--format', 'json'], tree.root);
        assert.equal(run.code, 2, config);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '', 'no partial run');
        assert.doesNotMatch(run.stderr, /Usage:/, 'a configuration problem is not a usage problem');
      } finally {
        tree.dispose();
      }
    }
    const missing = cli(['scan', '.', '--config', 'no-such.json'], REPO_ROOT);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such\.json: not a readable JSON file \(ENOENT\)/);
  });

  it('.mfa-ready.json turns rules off, changes severities and fail-on; flags on the command line win', () => {
    const config = JSON.stringify({ rules: { 'ts-hardcoded-password': 'off', 'ps-connect-user-credential': 'warning' }, failOn: 'warning', exclude: ['vendor/**'] });
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1, 'vendor/old.ts': MSAL_ROPC_TS, '.mfa-ready.json': config });
    try {
      const run = cli(['scan', '.', '--format', 'json'], tree.root);
      const findings = JSON.parse(run.stdout).findings as { ruleId: string; severity: string; path: string }[];
      assert.deepEqual(findings.map((f) => [f.path, f.ruleId, f.severity]), [
        ['src/auth.ts', 'ts-msal-ropc', 'error'],
        ['sync.ps1', 'ps-connect-user-credential', 'warning'],
      ]);
      assert.equal(run.code, 1);
      assert.equal(cli(['scan', 'sync.ps1', '--fail-on', 'error'], tree.root).code, 0, 'the flag wins over failOn');
      assert.equal(cli(['scan', '.', '--exclude', 'nothing', '--format', 'json'], tree.root).stdout.includes('vendor/old.ts'), true, 'the flag wins over exclude');
    } finally {
      tree.dispose();
    }
  });

  it('--help after a command prints the usage and exits 0, running nothing', () => {
    for (const args of [['scan', '--help'], ['fix', '.', '-h'], ['--help']]) {
      const run = cli(args, REPO_ROOT);
      assert.equal(run.code, 0, args.join(' '));
      assert.match(run.stdout, /^Usage:\n  mfa-ready scan <paths\.\.\.>/, args.join(' '));
    }
  });

  it('-- ends the options, so that a path may start with -; --output - writes to standard output', () => {
    const tree = tempTree({ '-x.ps1': MSOL_PS1, '--help': MSOL_PS1 });
    try {
      const run = cli(['scan', '--format', 'json', '--', '-x.ps1', '--help'], tree.root);
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(filesWithFindings(run.stdout), ['-x.ps1']);
      const sarif = cli(['scan', '--format', 'sarif', '-o', '-', '--', '-x.ps1'], tree.root);
      assert.equal(JSON.parse(sarif.stdout).runs[0].results[0].ruleId, 'ps-connect-user-credential');
      assert.equal(existsSync(join(tree.root, '-')), false, 'a file named - was written');
    } finally {
      tree.dispose();
    }
  });

  it('usage errors exit 2 with a message naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['scan'], /scan needs at least one file or folder/],
      [['scan', '.', '--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
      [['scan', '.', '--fail-on'], /--fail-on needs a value/],
      [['scan', '.', '--frobnicate'], /unknown option --frobnicate/],
      [['scan', '.', '--workers', 'many'], /--workers must be a number of threads from 0 to 999 \(got "many"\)/],
      [['scan', '.', '--workers', '1000'], /--workers must be a number of threads from 0 to 999 \(got "1000"\)/],
      [['scan', '.', '--cache-location'], /--cache-location needs a value/],
      [['lint', '.'], /unknown command "lint"/],
      [['fix', '.', '--format', 'json'], /--format is an option of scan, not of fix/],
      [['scan', 'no-such-folder'], /no such file or folder: no-such-folder/],
      // Found before the scan, which would say that no file matched --include none.
      [['scan', '.', '--output', 'no-such-folder/out.sarif', '--include', 'none'], /^mfa-ready: cannot write --output no-such-folder\/out\.sarif: ENOENT\n$/],
      [['scan', '.', '--output', 'package.json/out.sarif', '--include', 'none'], /^mfa-ready: cannot write --output package\.json\/out\.sarif: ENOTDIR\n$/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, REPO_ROOT);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
  });

  it('--cache keeps outcomes under XDG_CACHE_HOME, also when .mfa-ready.json asks for it; the second run reads no file', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1, 'ok.ts': 'export const ok = 1;\n' });
    const cacheHome = join(tree.root, '.cache-home');
    const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
    const scans = () => readdirSync(join(cacheHome, 'mfa-ready/scans'));
    try {
      ageFiles(tree.root);
      const first = cli(['scan', '.', '--cache', '--format', 'json'], tree.root, env);
      const second = cli(['scan', '.', '--cache', '--format', 'json'], tree.root, env);
      const report = (run: typeof first) => JSON.parse(run.stdout) as { findings: unknown[]; stats: { filesAnalyzed: number; filesFromCache: number } };
      assert.deepEqual(report(second).findings, report(first).findings);
      assert.equal(report(first).findings.length, 3);
      assert.deepEqual([report(first).stats.filesAnalyzed, report(first).stats.filesFromCache], [2, 0]);
      assert.deepEqual([report(second).stats.filesAnalyzed, report(second).stats.filesFromCache], [0, 3]);
      assert.equal(scans().length, 1);
      assert.match(cli(['scan', '.', '--cache'], tree.root, env).stdout, /3 file\(s\) scanned, 0 parsed, 3 unchanged since the cached run/);
      assert.doesNotMatch(cli(['scan', '.'], tree.root, env).stdout, /unchanged since/, 'no cache without --cache');
      writeFileSync(join(tree.root, '.mfa-ready.json'), '{ "cache": true }');
      assert.match(cli(['scan', '.'], tree.root, env).stdout, /3 unchanged since the cached run/);
      writeFileSync(join(tree.root, '.mfa-ready.json'), '{ "cache": "yes" }');
      assert.match(cli(['scan', '.'], tree.root, env).stderr, /"cache" must be true or false/);
    } finally {
      tree.dispose();
    }
  });

  it('--cache-location names the file; a damaged one is reported on stderr and the scan is complete', () => {
    const tree = tempTree({ 'sync.ps1': MSOL_PS1 });
    try {
      ageFiles(tree.root);
      writeFileSync(join(tree.root, 'ci-cache.json'), '{"format":1,"identity":');
      const run = cli(['scan', '.', '--cache-location', 'ci-cache.json'], tree.root);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^sync\.ps1:2:1: error ps-connect-user-credential/m);
      assert.match(run.stderr, /^mfa-ready: cache .*ci-cache\.json not used: not valid JSON$/m);
      assert.match(cli(['scan', '.', '--cache-location', 'ci-cache.json'], tree.root).stdout, /1 unchanged since the cached run/);
    } finally {
      tree.dispose();
    }
  });

  it('--cache-location with an entry whose finding has no range: the entry is passed over and every format reports as normal', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1 });
    try {
      ageFiles(tree.root);
      cli(['scan', '.', '--cache-location', 'ci-cache.json'], tree.root);
      const cache = JSON.parse(readFileSync(join(tree.root, 'ci-cache.json'), 'utf8'));
      cache.entries[join(tree.root, 'src/auth.ts')][4] = {
        notices: [],
        findings: [{ ruleId: 'ts-msal-ropc', severity: 'error', message: 'm', range: null, fixes: [], related: [], snippet: 's' }],
      };
      const reported: Record<string, RegExp> = { text: /^src\/auth\.ts:3:32: error ts-msal-ropc/m, json: /"ruleId": "ts-msal-ropc"/, sarif: /"ruleId": "ts-msal-ropc"/ };
      for (const [format, finding] of Object.entries(reported)) {
        writeFileSync(join(tree.root, 'ci-cache.json'), JSON.stringify(cache)); // each run rewrites it
        const run = cli(['scan', '.', '--cache-location', 'ci-cache.json', '--format', format], tree.root);
        assert.equal(run.stderr, '', format);
        assert.equal(run.code, 1, format);
        assert.match(run.stdout, finding, format);
      }
    } finally {
      tree.dispose();
    }
  });

  it('--cache-location naming a FIFO is reported and left alone; the scan does not wait on it', function () {
    this.timeout(60_000);
    const tree = tempTree({ 'sync.ps1': MSOL_PS1 });
    try {
      ageFiles(tree.root);
      if (spawnSync('mkfifo', [join(tree.root, 'ci-cache.json')]).status !== 0) this.skip();
      // Killed rather than left to hang the suite, should the cache still be read blocking.
      const run = cli(['scan', '.', '--cache-location', 'ci-cache.json'], tree.root, process.env, 30_000);
      assert.equal(run.code, 1, 'exited with the findings');
      assert.match(run.stdout, /^sync\.ps1:2:1: error ps-connect-user-credential/m);
      assert.match(run.stderr, /^mfa-ready: cache .*ci-cache\.json not used: not a regular file \(a FIFO\)$/m);
      assert.ok(lstatSync(join(tree.root, 'ci-cache.json')).isFIFO(), 'still a FIFO');
    } finally {
      tree.dispose();
    }
  });

  it('--format sarif --output writes valid SARIF 2.1.0 with rules, regions, fixes and fingerprints', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1, 'broken.ts': "const x = ;\nconst note = 'acquireTokenByUsernamePassword';\n" });
    try {
      assert.equal(cli(['scan', '.', '--format', 'sarif', '--output', 'out.sarif'], tree.root).code, 1);
      const log = JSON.parse(readFileSync(join(tree.root, 'out.sarif'), 'utf8'));
      assert.deepEqual(sarifErrors(log), []);
      const run = log.runs[0];
      const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
      for (const id of ['ps-connect-user-credential', 'ts-msal-ropc', 'ts-hardcoded-password']) assert.ok(ruleIds.includes(id), id);
      assert.ok(run.results.every((r: { ruleId: string; ruleIndex: number }) => ruleIds[r.ruleIndex] === r.ruleId));
      assert.ok(run.tool.driver.rules.every((r: { helpUri: string }) => /^https:\/\/.+\.md$/.test(r.helpUri)));
      const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'ts-msal-ropc');
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/auth.ts');
      assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
      assert.deepEqual(result.fixes.map((f: { description: { text: string } }) => f.description.text.split(' (')[0]), ['Use the Secure Application Model', 'Use app-only authentication with a certificate']);
      assert.match(result.partialFingerprints['mfaReady/v1'], /^[0-9a-f]{32}:1$/);
      // GitHub code scanning keys alerts on primaryLocationLineHash, and rates them by security-severity.
      assert.equal(result.partialFingerprints.primaryLocationLineHash, result.partialFingerprints['mfaReady/v1']);
      const ruleOf = (id: string) => run.tool.driver.rules.find((r: { id: string }) => r.id === id);
      assert.equal(ruleOf('ts-msal-ropc').properties['security-severity'], '7.5');
      assert.ok(run.tool.driver.rules.every((r: { properties: Record<string, string> }) => Number(r.properties['security-severity']) > 0 && r.properties.precision === 'high'));
      const notice = run.invocations[0].toolExecutionNotifications[0];
      assert.match(notice.message.text, /^broken\.ts: syntax error/);
    } finally {
      tree.dispose();
    }
  });

  it('--format sarif scores each rule by the level it is set to, else the highest it reports at, the same whatever the run found: all code scanning reads', () => {
    const imap = 'import { ImapFlow } from "imapflow";\nexport const inbox = new ImapFlow({ host: "outlook.office365.com", auth: { user: "ops@contoso.com", pass: process.env.IMAP_PASS } });\n';
    const config = JSON.stringify({ rules: { 'ts-msal-ropc': 'warning' } });
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'src/inbox.ts': imap, '.mfa-ready.json': config });
    try {
      const log = JSON.parse(cli(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], tree.root).stdout);
      assert.deepEqual(sarifErrors(log), []);
      const run = log.runs[0];
      const score = (id: string) => run.tool.driver.rules.find((r: { id: string }) => r.id === id).properties['security-severity'];
      const level = (id: string) => run.results.find((r: { ruleId: string }) => r.ruleId === id).level;
      // Set to warning in .mfa-ready.json: Medium, not High.
      assert.deepEqual([level('ts-msal-ropc'), score('ts-msal-ropc')], ['warning', '5.0']);
      // A warning rule whose IMAP sign-in is reported as an error: High.
      assert.deepEqual([level('ts-mail-basic-auth'), score('ts-mail-basic-auth')], ['error', '7.5']);
      // A rule with no result keeps its default's score.
      assert.equal(score('ps-connect-user-credential'), '7.5');
      // A scan of the SMTP sign-in alone scores the mail rule as the IMAP one did: an alert's severity does not change with what a run scanned.
      const smtp = 'import nodemailer from "nodemailer";\nexport const mailer = nodemailer.createTransport({ host: "smtp.office365.com", auth: { user: "ops@contoso.com", pass: process.env.SMTP_PASS } });\n';
      const alone = tempTree({ 'src/mail.ts': smtp });
      try {
        const smtpRun = JSON.parse(cli(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], alone.root).stdout).runs[0];
        assert.equal(smtpRun.results[0].level, 'warning');
        assert.equal(smtpRun.tool.driver.rules.find((r: { id: string }) => r.id === 'ts-mail-basic-auth').properties['security-severity'], '7.5');
      } finally {
        alone.dispose();
      }
    } finally {
      tree.dispose();
    }
  });

  it('globs of .mfa-ready.json and the command line also match from the folder the scan runs in', () => {
    const tree = tempTree({ 'legacy/old.ts': MSAL_ROPC_TS, 'src/auth.ts': MSAL_ROPC_TS, '.mfa-ready.json': '{ "exclude": ["legacy/**"] }' });
    try {
      const files = (args: string[]) => filesWithFindings(cli([...args, '--format', 'json'], tree.root).stdout);
      assert.deepEqual(files(['scan', 'legacy', 'src']), ['src/auth.ts']);
      assert.deepEqual(files(['scan', 'src', '--include', 'src/**']), ['src/auth.ts']);
      assert.deepEqual(files(['scan', 'src', '--include', '*.ts']), ['src/auth.ts'], 'a glob relative to the scanned folder still matches');
      const none = cli(['scan', 'src', '--include', 'lib/**'], tree.root);
      assert.match(none.stderr, /no source file matched the include globs lib\/\*\*: nothing was scanned/);
      assert.equal(none.code, 2);
    } finally {
      tree.dispose();
    }
  });

  it('an include glob without a slash matches names at any depth; globs that match no file are a usage error (exit 2, stderr, SARIF), also in .mfa-ready.json and for fix', () => {
    const tree = tempTree({ 'scripts/sync.ps1': MSOL_PS1, 'README.md': '# not source\n' });
    try {
      const scan = cli(['scan', '.', '--include', '*.ps1', '--format', 'json'], tree.root);
      assert.equal(scan.code, 1, scan.stderr);
      assert.deepEqual(filesWithFindings(scan.stdout), ['scripts/sync.ps1']);
      assert.deepEqual(filesWithFindings(cli(['scan', '.', '--include', 'scripts', '--format', 'json'], tree.root).stdout), ['scripts/sync.ps1']);
      const none = cli(['scan', '.', '--include', '*.psm1', '--include', 'README.md', '--format', 'sarif'], tree.root);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^mfa-ready: no source file matched the include globs \*\.psm1 README\.md: nothing was scanned/m);
      const invocation = JSON.parse(none.stdout).runs[0].invocations[0];
      assert.equal(invocation.executionSuccessful, false);
      assert.match(invocation.toolExecutionNotifications[0].message.text, /^no source file matched the include globs/);
      assert.equal(invocation.toolExecutionNotifications[0].level, 'error');
      writeFileSync(join(tree.root, '.mfa-ready.json'), '{ "include": ["*.psm1"] }');
      assert.equal(cli(['scan', '.'], tree.root).code, 2);
      assert.equal(cli(['fix', '.'], tree.root).code, 2);
      writeFileSync(join(tree.root, '.mfa-ready.json'), '{ "include": ["*.ps1"] }');
      assert.equal(cli(['scan', '.'], tree.root).code, 1);
    } finally {
      tree.dispose();
    }
  });

  it('a scan of a folder inside a git repository skips what the .gitignore files above it and .git/info/exclude ignore', () => {
    const tree = tempTree({
      '.git/info/exclude': 'generated/\n',
      '.gitignore': 'dist/\n',
      'packages/api/src/auth.ts': MSAL_ROPC_TS,
      'packages/api/dist/auth.ts': MSAL_ROPC_TS,
      'packages/api/generated/auth.ts': MSAL_ROPC_TS,
    });
    try {
      const folder = join(tree.root, 'packages/api');
      const files = (args: string[]) => filesWithFindings(cli([...args, '--format', 'json'], folder).stdout);
      assert.deepEqual(files(['scan', '.']), ['src/auth.ts']);
      assert.deepEqual(files(['scan', 'dist']), ['dist/auth.ts'], 'a folder named for the scan is scanned, ignored or not');
      assert.deepEqual(files(['scan', '.', '--no-gitignore']).sort(), ['dist/auth.ts', 'generated/auth.ts', 'src/auth.ts']);
      const fromRoot = cli(['scan', '.', '--format', 'json'], tree.root);
      assert.equal(fromRoot.code, 1, `a scan of the repository's own root: ${fromRoot.stderr}`);
      assert.deepEqual(filesWithFindings(fromRoot.stdout), ['packages/api/src/auth.ts']);
    } finally {
      tree.dispose();
    }
  });

  it("in a linked worktree (.git a file) the main repository's info/exclude counts, as git reads it", () => {
    const tree = tempTree({
      'main/.git/info/exclude': 'generated/\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
      'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n',
      'wt/pkg/generated/auth.ts': MSAL_ROPC_TS,
      'wt/pkg/src/auth.ts': MSAL_ROPC_TS,
    });
    try {
      const run = cli(['scan', 'pkg', '--format', 'json'], join(tree.root, 'wt'));
      assert.deepEqual(filesWithFindings(run.stdout), ['pkg/src/auth.ts']);
    } finally {
      tree.dispose();
    }
  });

  it('a file the repository tracks is scanned whatever its ignore files say, as git does (index versions 2 to 4); an untracked one beside it is not', () => {
    const tree = tempTree({ '.gitignore': 'dist/\n*.gen.ts\n', 'dist/auth.ts': MSAL_ROPC_TS, 'src/client.gen.ts': MSAL_ROPC_TS, 'src/auth.ts': MSAL_ROPC_TS });
    try {
      const git = (...args: string[]) => {
        const run = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: tree.root, encoding: 'utf8' });
        assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.error ?? run.stderr}`);
      };
      git('init', '-q');
      git('add', '-f', '.');
      writeFileSync(join(tree.root, 'dist/new.ts'), MSAL_ROPC_TS);
      for (const version of ['2', '3', '4']) {
        git('update-index', '--index-version', version);
        const run = cli(['scan', '.', '--format', 'json'], tree.root);
        assert.deepEqual(filesWithFindings(run.stdout), ['dist/auth.ts', 'src/auth.ts', 'src/client.gen.ts'], `index version ${version}`);
      }
    } finally {
      tree.dispose();
    }
  });

  it('a .gitignore below re-includes what one above ignores, as git reads them', () => {
    const tree = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '*.ts\n', 'a/.gitignore': '!keep.ts\n', 'a/keep.ts': MSAL_ROPC_TS, 'a/b/keep.ts': MSAL_ROPC_TS, 'a/other.ts': MSAL_ROPC_TS });
    try {
      for (const [cwd, path, prefix] of [[tree.root, 'a', 'a/'], [join(tree.root, 'a'), '.', '']]) {
        const run = cli(['scan', path, '--format', 'json'], cwd);
        assert.deepEqual(filesWithFindings(run.stdout), [`${prefix}b/keep.ts`, `${prefix}keep.ts`]);
      }
    } finally {
      tree.dispose();
    }
  });

  it('SARIF paths are relative to the git repository, also when the scan runs in a folder of it', () => {
    const tree = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'packages/api/src/auth.ts': MSAL_ROPC_TS });
    try {
      const folder = join(tree.root, 'packages/api');
      const run = cli(['scan', 'src', '--format', 'sarif'], folder);
      const log = JSON.parse(run.stdout);
      assert.deepEqual(sarifErrors(log), []);
      const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
      assert.deepEqual(location, { uri: 'packages/api/src/auth.ts', uriBaseId: 'SRCROOT' });
      assert.equal(log.runs[0].originalUriBaseIds.SRCROOT.uri, pathToFileURL(tree.root).href + '/');
      assert.equal(log.runs[0].invocations[0].workingDirectory.uri, pathToFileURL(folder).href + '/');
      assert.match(cli(['scan', 'src'], folder).stdout, /^src\/auth\.ts:3:32: error ts-msal-ropc/m, 'the text report keeps paths from where it ran');
      // Run from outside the repository (a checkout in a folder of the workspace): the scanned paths' repository.
      const above = JSON.parse(cli(['scan', join(tree.root, 'packages'), '--format', 'sarif'], dirname(tree.root)).stdout);
      assert.deepEqual(above.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'packages/api/src/auth.ts', uriBaseId: 'SRCROOT' });
    } finally {
      tree.dispose();
    }
  });

  it('the sample workspace scans to valid SARIF with a result for every rule it exercises', () => {
    const run = cli(['scan', 'examples', '--format', 'sarif'], REPO_ROOT);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifErrors(log), []);
    const ruleIds = new Set(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
    assert.deepEqual([...ruleIds].sort(), [
      'ps-connect-user-credential',
      'ps-dataverse-password-connection-string',
      'ps-ews-basic-auth',
      'ps-mail-basic-auth',
      'ps-plaintext-password',
      'ps-sql-entra-password',
      'ps-token-library-ropc',
      'ts-ews-basic-auth',
      'ts-hardcoded-password',
      'ts-identity-username-password',
      'ts-mail-basic-auth',
      'ts-msal-ropc',
      'ts-ropc-http',
      'ts-sharepoint-user-credentials',
      'ts-sql-entra-password',
    ]);
    assert.ok(!run.stdout.includes('Winter2019!') && !run.stdout.includes('Sp1ng2020!'), 'a sample password leaked into SARIF');
  });

  it('SARIF fingerprints survive an unrelated edit above the finding', () => {
    const before = tempTree({ 'sync.ps1': MSOL_PS1 });
    const after = tempTree({ 'sync.ps1': `# a new header line\n\n${MSOL_PS1}` });
    try {
      const fingerprint = (root: string): string => {
        const log = JSON.parse(cli(['scan', '.', '--format', 'sarif'], root).stdout);
        return log.runs[0].results[0].partialFingerprints['mfaReady/v1'];
      };
      assert.equal(fingerprint(after.root), fingerprint(before.root));
    } finally {
      before.dispose();
      after.dispose();
    }
  });

  it('--format json lists findings with 1-based positions and redacted snippets', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS });
    try {
      const report = JSON.parse(cli(['scan', '.', '--format', 'json'], tree.root).stdout);
      assert.deepEqual(report.findings.map((f: { ruleId: string }) => f.ruleId), ['ts-msal-ropc', 'ts-hardcoded-password']);
      assert.deepEqual([report.findings[0].line, report.findings[0].column], [3, 32]);
      assert.ok(!JSON.stringify(report).includes('Hunter2!'), 'the password literal leaked into the JSON report');
      assert.match(report.findings[0].snippet, /password: "\*\*\*"/);
    } finally {
      tree.dispose();
    }
  });

  it("text and JSON reports show a finding's related locations (the credentials an EWS transport replaces), as SARIF and the editor do", () => {
    const source = readFileSync(join(RULE_FIXTURES, 'ts-ews-basic-auth/transport-and-credentials.ts'), 'utf8');
    const tree = tempTree({ 'mail.ts': source });
    try {
      const text = cli(['scan', '.'], tree.root).stdout;
      assert.match(text, /^mail\.ts:9:\d+: error ts-ews-basic-auth: .*\n {4}.*useNtlmAuthentication.*\n {4}see mail\.ts:7:23: the service is given credentials for the same account here/m);
      const findings = JSON.parse(cli(['scan', '.', '--format', 'json'], tree.root).stdout).findings;
      const transport = findings.find((f: { line: number }) => f.line === 9);
      assert.deepEqual(transport.related, [
        {
          message: 'the service is given credentials for the same account here (ews-javascript-api WebCredentials); the transport signs in instead',
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 85,
        },
      ]);
      assert.deepEqual(findings.find((f: { line: number }) => f.line === 13).related, []);
    } finally {
      tree.dispose();
    }
  });

  it('test folders are judged inside the project scanned (its git repository, else the folder scanned): a checkout under tests/ or e2e/ is no test code', () => {
    const tree = tempTree({
      'tests/proj/auth.ts': MSAL_ROPC_TS,
      'tests/proj/test/auth.ts': MSAL_ROPC_TS,
      'e2e/repo/.git/HEAD': 'ref: refs/heads/main\n',
      'e2e/repo/lib/auth.ts': MSAL_ROPC_TS,
      'e2e/repo/test/auth.ts': MSAL_ROPC_TS,
    });
    const signIns = (cwd: string, path: string) =>
      JSON.parse(cli(['scan', path, '--format', 'json'], join(tree.root, cwd)).stdout)
        .findings.filter((f: { ruleId: string }) => f.ruleId === 'ts-msal-ropc')
        .map((f: { path: string; message: string; fixes: { safeForFixAll: boolean }[] }) => [f.path, /is test code/.test(f.message), f.fixes.some((fix) => fix.safeForFixAll)]);
    try {
      assert.deepEqual(signIns('tests/proj', '.'), [
        ['auth.ts', false, true],
        ['test/auth.ts', true, false],
      ]);
      // Outside a repository, a scan of the test folder or of a test file, from the project, keeps it test code.
      assert.deepEqual(signIns('tests/proj', 'test'), [['test/auth.ts', true, false]]);
      assert.deepEqual(signIns('tests/proj', 'test/auth.ts'), [['test/auth.ts', true, false]]);
      // Scanned from inside the repository, a folder of it: its test/ folder is still the repository's.
      assert.deepEqual(signIns('e2e/repo/lib', '.'), [['auth.ts', false, true]]);
      assert.deepEqual(signIns('e2e/repo/test', '.'), [['auth.ts', true, false]]);
    } finally {
      tree.dispose();
    }
  });

  it('fix removes a password literal left in a request variable, so nothing secret stays unreported', () => {
    const source = `const msal = require("@azure/msal-node");
const app = new msal.PublicClientApplication({ auth: { clientId: "app" } });
const request = {
  scopes: ["user.read"],
  username: "svc@contoso.com",
  password: "Winter2019!",
};
module.exports = () => app.acquireTokenByUsernamePassword(request);
`;
    const tree = tempTree({ 'legacy.js': source });
    try {
      assert.equal(cli(['fix', '.'], tree.root).code, 0);
      const fixed = readFileSync(join(tree.root, 'legacy.js'), 'utf8');
      assert.ok(!fixed.includes('Winter2019!') && !fixed.includes('svc@contoso.com'));
      assert.match(fixed, /^const request = \{\n  scopes: \["user\.read"\],\n\};$/m);
      assert.match(fixed, /module\.exports = \(\) => acquireTokenBySecureAppModel\(request\.scopes\);/);
    } finally {
      tree.dispose();
    }
  });

  it('fix names every finding it leaves, also in files where nothing is fixable, and whether a fix exists at all', () => {
    const tree = tempTree({
      'gcc.ps1': "$c = Get-Credential\nSend-MailMessage -From 'a@contoso.us' -To 'b@contoso.us' -Subject 'x' -SmtpServer smtp.office365.us -Credential $c\n",
      'sync.ps1': MSOL_PS1,
    });
    try {
      const dry = cli(['fix', '.', '--dry-run'], tree.root);
      assert.match(dry.stderr, /^gcc\.ps1:2: not fixed ps-mail-basic-auth: no fix is offered for it: the fix sends through the public cloud's Microsoft Graph, and smtp\.office365\.us belongs to another Microsoft cloud$/m);
      assert.match(dry.stderr, /^sync\.ps1:\d+: would fix ps-connect-user-credential/m);
    } finally {
      tree.dispose();
    }
  });

  it('fix lists what it could not read or parse, as scan does: files skipped and parse errors were not fixed either', () => {
    const tree = tempTree({ 'sync.ps1': MSOL_PS1, 'broken.ts': `const x = {;\n${MSAL_ROPC_TS}`, 'tool.ts': `const a = 1;\0\n${MSAL_ROPC_TS}` });
    try {
      const dry = cli(['fix', '.', '--dry-run'], tree.root);
      assert.match(dry.stderr, /^2 notice\(s\):\n {2}broken\.ts:1: parse-error: syntax error: Property assignment expected\.; the code around it was not analysed\n {2}tool\.ts: skipped: binary content \(NUL bytes\)\n1 fix\(es\) would be applied$/m);
    } finally {
      tree.dispose();
    }
  });

  it('a file reached by two of the paths given is scanned and fixed once', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS });
    try {
      const scan = cli(['scan', '.', 'src/auth.ts', join(tree.root, 'src'), '--format', 'json'], tree.root);
      assert.deepEqual(JSON.parse(scan.stdout).findings.map((f: { ruleId: string }) => f.ruleId).sort(), ['ts-hardcoded-password', 'ts-msal-ropc']);
      const fix = cli(['fix', '.', 'src/auth.ts'], tree.root);
      assert.equal(fix.code, 0);
      assert.doesNotMatch(fix.stderr, /changed while it was being fixed/);
      assert.match(fix.stderr, /^1 fix\(es\) applied$/m);
    } finally {
      tree.dispose();
    }
  });

  it('a file reached through a symbolic link among the paths given is scanned and fixed once, under the first path that reaches it', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS });
    try {
      symlinkSync(join(tree.root, 'src'), join(tree.root, 'alias'));
      const scan = cli(['scan', 'src', 'alias/auth.ts', 'alias', '--format', 'json'], tree.root);
      const findings = JSON.parse(scan.stdout).findings.map((f: { path: string; ruleId: string }) => `${f.path} ${f.ruleId}`);
      assert.deepEqual(findings.sort(), ['src/auth.ts ts-hardcoded-password', 'src/auth.ts ts-msal-ropc']);
      assert.deepEqual(filesWithFindings(cli(['scan', 'alias/auth.ts', 'src', '--format', 'json'], tree.root).stdout), ['alias/auth.ts']);
      const fix = cli(['fix', 'src', 'alias/auth.ts'], tree.root);
      assert.equal(fix.code, 0, fix.stderr);
      assert.doesNotMatch(fix.stderr, /changed while it was being fixed/);
      assert.match(fix.stderr, /^1 fix\(es\) applied$/m);
    } finally {
      tree.dispose();
    }
  });

  it('fix of a file named through a symbolic link rewrites the target and keeps the link', () => {
    const tree = tempTree({ 'real/auth.ts': MSAL_ROPC_TS });
    try {
      symlinkSync(join(tree.root, 'real/auth.ts'), join(tree.root, 'link.ts'));
      assert.equal(cli(['fix', 'link.ts'], tree.root).code, 0);
      assert.ok(lstatSync(join(tree.root, 'link.ts')).isSymbolicLink(), 'the link was replaced by a file');
      assert.match(readFileSync(join(tree.root, 'real/auth.ts'), 'utf8'), /acquireTokenBySecureAppModel\(\["user\.read"\]\)/);
    } finally {
      tree.dispose();
    }
  });

  it('fix leaves a read-only file as it is, says so and exits 1 (a dry run shows its diff); a file it rewrites keeps its mode, and its owner where fix runs as root', () => {
    const tree = tempTree({ 'locked/auth.ts': MSAL_ROPC_TS, 'open/auth.ts': MSAL_ROPC_TS });
    try {
      chmodSync(join(tree.root, 'locked/auth.ts'), 0o444);
      const asRoot = process.getuid?.() === 0;
      if (asRoot) chownSync(join(tree.root, 'open/auth.ts'), 65534, 65534);
      chmodSync(join(tree.root, 'open/auth.ts'), 0o2640);
      const dry = cli(['fix', '.', '--dry-run'], tree.root);
      assert.equal(dry.code, 0);
      assert.match(dry.stdout, /^\+\+\+ b\/locked\/auth\.ts$/m);
      assert.match(dry.stderr, /^locked\/auth\.ts: not fixed: it would not be written: the file is read-only \(not checked out, or locked\): make it writable to fix it$/m);
      const run = cli(['fix', '.'], tree.root);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^locked\/auth\.ts: not fixed: the file is read-only \(not checked out, or locked\): make it writable to fix it; left unchanged$/m);
      assert.equal(readFileSync(join(tree.root, 'locked/auth.ts'), 'utf8'), MSAL_ROPC_TS);
      const rewritten = statSync(join(tree.root, 'open/auth.ts'));
      assert.notEqual(readFileSync(join(tree.root, 'open/auth.ts'), 'utf8'), MSAL_ROPC_TS);
      assert.equal(rewritten.mode & 0o7777, 0o2640, 'the mode, set-group-ID bit included');
      if (asRoot) assert.deepEqual([rewritten.uid, rewritten.gid], [65534, 65534], 'the owner changed to root');
    } finally {
      tree.dispose();
    }
  });

  it("fix run by another user on a file it may write (a shared one) leaves it, and says why: the fixed file would be that user's", function () {
    const setpriv = spawnSync('setpriv', ['--version']);
    if (process.getuid?.() !== 0 || setpriv.status !== 0) this.skip();
    const tree = tempTree({ 'shared/auth.ts': MSAL_ROPC_TS });
    try {
      for (const folder of [tree.root, join(tree.root, 'shared')]) chmodSync(folder, 0o777);
      chmodSync(join(tree.root, 'shared/auth.ts'), 0o666);
      const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'fix', 'shared'], { cwd: tree.root, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /^shared\/auth\.ts: not fixed: the file is another user's, and the fixed file would be yours: fix it as its owner; left unchanged$/m);
      const kept = statSync(join(tree.root, 'shared/auth.ts'));
      assert.equal(readFileSync(join(tree.root, 'shared/auth.ts'), 'utf8'), MSAL_ROPC_TS);
      assert.deepEqual([kept.uid, kept.mode & 0o777], [0, 0o666]);
    } finally {
      tree.dispose();
    }
  });

  it('a file or folder named on the command line that this user cannot read exits 2, as a missing one does; one inside a scanned folder stays a notice', function () {
    const setpriv = spawnSync('setpriv', ['--version']);
    if (process.getuid?.() !== 0 || setpriv.status !== 0) this.skip();
    const tree = tempTree({ 'locked/a.ps1': MSOL_PS1, 'locked.ps1': MSOL_PS1, 'open/b.ps1': MSOL_PS1 });
    try {
      chmodSync(tree.root, 0o755);
      chmodSync(join(tree.root, 'locked'), 0o700);
      chmodSync(join(tree.root, 'locked.ps1'), 0o600);
      const asNobody = (...paths: string[]) =>
        spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'scan', ...paths, '--format', 'sarif'], { cwd: tree.root, encoding: 'utf8' });
      for (const path of ['locked', 'locked.ps1', join(tree.root, 'locked/a.ps1')]) {
        const run = asNobody('open', path);
        assert.equal(run.status, 2, `${path}: ${run.stderr}`);
        assert.match(run.stderr, /^mfa-ready: cannot read \(EACCES\): /m);
        assert.equal(run.stdout, '', 'nothing was scanned');
      }
      const inside = asNobody('.');
      assert.equal(inside.status, 1, inside.stderr);
      const notices = JSON.parse(inside.stdout).runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
      assert.deepEqual(notices.sort(), ['locked.ps1: not read: EACCES', 'locked: folder not read: EACCES']);
    } finally {
      tree.dispose();
    }
  });

  it('--output naming an existing source file is refused before the scan, and the file is kept', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS });
    try {
      const run = cli(['scan', '.', '--format', 'sarif', '--output', 'src/auth.ts'], tree.root);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--output src\/auth\.ts is a source file: not overwritten/);
      assert.equal(readFileSync(join(tree.root, 'src/auth.ts'), 'utf8'), MSAL_ROPC_TS);
    } finally {
      tree.dispose();
    }
  });

  it('--output naming an existing file that holds no report (a config) is refused and kept; a report of an earlier run, or an empty file, is replaced', () => {
    const config = '{ "compilerOptions": { "strict": true } }\n';
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'tsconfig.json': config, 'empty.txt': '' });
    try {
      const refused = cli(['scan', '.', '--format', 'sarif', '--output', 'tsconfig.json'], tree.root);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--output tsconfig\.json is a file that holds no mfa-ready report: not overwritten/);
      assert.equal(readFileSync(join(tree.root, 'tsconfig.json'), 'utf8'), config);
      for (const format of ['sarif', 'json', 'text']) {
        for (let run = 0; run < 2; run++) assert.equal(cli(['scan', 'src', '--format', format, '--output', `report.${format}`], tree.root).code, 1, `${format}, run ${run}`);
      }
      assert.equal(cli(['scan', 'src', '--output', 'empty.txt'], tree.root).code, 1);
      assert.match(readFileSync(join(tree.root, 'empty.txt'), 'utf8'), /ts-msal-ropc/);
      // A text report redirected by Windows PowerShell 5.1 (UTF-16), and one whose notices fill more than its first 64 KB.
      const textReport = cli(['scan', 'src', '--format', 'text'], tree.root).stdout;
      writeFileSync(join(tree.root, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(textReport, 'utf16le')]));
      const notices = Array.from({ length: 2000 }, (_, i) => `  broken${i}.ps1:1: parse-error: the PowerShell grammar does not parse the script here`);
      writeFileSync(join(tree.root, 'notices.txt'), `\n${notices.length} notice(s):\n${notices.join('\n')}\n\n0 finding(s) in 0 file(s) (0 error, 0 warning, 0 info); 2000 file(s) scanned\n`);
      for (const earlier of ['utf16.txt', 'notices.txt']) assert.equal(cli(['scan', 'src', '--output', earlier], tree.root).code, 1, earlier);
      // A log that only ends with a report (`mfa-ready scan . >> build.log`) is no report.
      writeFileSync(join(tree.root, 'build.log'), `npm ci\nadded 312 packages\n${textReport}`);
      assert.equal(cli(['scan', 'src', '--output', 'build.log'], tree.root).code, 2);
      assert.match(readFileSync(join(tree.root, 'build.log'), 'utf8'), /^npm ci\n/);
    } finally {
      tree.dispose();
    }
  });

  it('--output /dev/stdout into a pipe its reader closes early (| head) ends quietly, with the exit code of the scan', function () {
    if (process.platform !== 'linux') this.skip();
    const tree = tempTree(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`s${i}.ps1`, MSOL_PS1])));
    try {
      // A shell's pipe (node's own stdio pipes are sockets, which /dev/stdout does not open); the report,
      // some 400 KB, is more than the pipe holds, and head leaves after its first byte.
      const script = `"$0" "$1" scan . --format sarif --output /dev/stdout | head -c 1 >/dev/null; exit "\${PIPESTATUS[0]}"`;
      const run = spawnSync('bash', ['-c', script, process.execPath, CLI], { cwd: tree.root, encoding: 'utf8' });
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1);
    } finally {
      tree.dispose();
    }
  });

  it('--output naming a FIFO writes the report into it (a reader takes it), without reading from it first', async () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS });
    try {
      const fifo = join(tree.root, 'report.fifo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const reader = spawn('cat', [fifo]);
      let received = '';
      reader.stdout.on('data', (chunk) => (received += chunk));
      const closed = new Promise((resolve) => reader.on('close', resolve));
      const run = cli(['scan', 'src', '--format', 'json', '--output', fifo], tree.root, process.env, 20000);
      await closed;
      assert.equal(run.code, 1);
      assert.equal(JSON.parse(received).tool, 'mfa-ready');
    } finally {
      tree.dispose();
    }
  });

  /** A script signing in as a service principal whose secret it writes in a literal (`$pword = '…'`). */
  const servicePrincipal = (password: string, appId: string, variable = '$pword') =>
    `${variable} = '${password}'\n$sec = ConvertTo-SecureString ${variable} -AsPlainText -Force\n` +
    `$c = New-Object System.Management.Automation.PSCredential('${appId}', $sec)\nConnect-AzAccount -ServicePrincipal -Credential $c -Tenant 'contoso.onmicrosoft.com'\n`;

  it("fix names each script's own secret apart across the run, in path order, one secret in copies of a script by one name, while the app registration's names stay shared", () => {
    const tree = tempTree({
      'b/deploy.ps1': servicePrincipal('Zq9-first-app', '22222222-2222-2222-2222-222222222222'),
      'a/deploy.ps1': servicePrincipal('Xk7-other-app', '11111111-1111-1111-1111-111111111111'),
      // A copy of a's script, and a script giving a's secret another variable: one secret, one name.
      'a-copy/deploy.ps1': servicePrincipal('Xk7-other-app', '11111111-1111-1111-1111-111111111111'),
      'a-other/run.ps1': servicePrincipal('Xk7-other-app', '11111111-1111-1111-1111-111111111111', '$svcSecret'),
      'e/deploy.ps1': servicePrincipal('Yt3-fourth-app', '44444444-4444-4444-4444-444444444444'),
      'c/app.ps1': servicePrincipal('Wv5-third-app', '33333333-3333-3333-3333-333333333333', '$appSecret'),
      'sync.ps1': MSOL_PS1,
      'sync2.ps1': MSOL_PS1,
    });
    try {
      const read = (path: string) => /\$env:(MFA_READY_\w+)/.exec(readFileSync(join(tree.root, path), 'utf8'))?.[1];
      const named = (dry: string, path: string) => new RegExp(`^${path.replace(/[./]/g, '\\$&')}:2: would fix ps-plaintext-password: Read the client secret from \\$env:(MFA_READY_\\w+) \\(`, 'm').exec(dry)?.[1];
      const files = ['a/deploy.ps1', 'a-copy/deploy.ps1', 'a-other/run.ps1', 'b/deploy.ps1', 'e/deploy.ps1', 'c/app.ps1'];
      // Each other secret is named after its file, not numbered by the files before it; c's not the Secure Application Model app's secret, which the other scripts read.
      const expected = ['MFA_READY_PWORD', 'MFA_READY_PWORD', 'MFA_READY_PWORD', 'MFA_READY_PWORD_DEPLOY', 'MFA_READY_PWORD_E_DEPLOY', 'MFA_READY_APP_SECRET_2'];
      for (const order of [['.'], ['b', 'sync.ps1', 'e', 'a-other', 'c', 'a-copy', 'a', 'sync2.ps1']]) {
        const dry = cli(['fix', ...order, '--dry-run', '--workers', '2'], tree.root).stderr;
        assert.deepEqual(files.map((path) => named(dry, path)), expected, order.join(' '));
        assert.doesNotMatch(dry, /MFA_READY_PWORD_2|Xk7|Zq9|Yt3/);
      }
      cli(['fix', '.'], tree.root);
      assert.deepEqual(files.map(read), expected);
      for (const path of ['sync.ps1', 'sync2.ps1']) assert.match(readFileSync(join(tree.root, path), 'utf8'), /client_secret = \$env:MFA_READY_APP_SECRET$/m);
    } finally {
      tree.dispose();
    }
  });

  it("fix names a script's own secret apart from those an earlier run gave out, which files with nothing to fix read, also when the cache serves them", () => {
    const tree = tempTree({
      // As an earlier `mfa-ready fix` left them: a script and a module with nothing left to fix.
      'old/deploy.ps1': servicePrincipal('x', '11111111-1111-1111-1111-111111111111').replace("'x'", '$env:MFA_READY_PWORD'),
      'old/settings.ts': 'export const svcPassword = process.env.MFA_READY_SVC_PASSWORD;\n',
      'new/deploy.ps1': servicePrincipal('Nn2-new-app', '55555555-5555-5555-5555-555555555555'),
      'new/svc.ps1': servicePrincipal('Pq4-svc-app', '66666666-6666-6666-6666-666666666666', '$svcPassword'),
    });
    const env = { ...process.env, XDG_CACHE_HOME: join(tree.root, '.cache-home') };
    try {
      ageFiles(tree.root);
      // The second run with --cache takes old/ from the cache.
      for (const args of [[], ['--cache'], ['--cache']]) {
        const dry = cli(['fix', '.', '--dry-run', ...args], tree.root, env).stderr;
        assert.match(dry, /^new\/deploy\.ps1:2: would fix ps-plaintext-password: Read the client secret from \$env:MFA_READY_PWORD_DEPLOY \(/m, args.join(' '));
        assert.match(dry, /^new\/svc\.ps1:2: would fix ps-plaintext-password: Read the client secret from \$env:MFA_READY_SVC_PASSWORD_SVC \(/m, args.join(' '));
      }
      const scan = JSON.parse(cli(['scan', '.', '--cache', '--format', 'json'], tree.root, env).stdout) as { stats: { filesFromCache: number } };
      assert.equal(scan.stats.filesFromCache, 4);
      cli(['fix', '.', '--cache'], tree.root, env);
      assert.match(readFileSync(join(tree.root, 'new/deploy.ps1'), 'utf8'), /^\$pword = \$env:MFA_READY_PWORD_DEPLOY$/m);
    } finally {
      tree.dispose();
    }
  });

  it('fix lists only the secrets the fixed code reads, by where it reads them: no TENANT_ID where every call names its tenant, nor a name only a comment mentions', () => {
    const fixture = (path: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/rules', path), 'utf8');
    const ownTenants = { 'exo.ps1': fixture('ps-connect-user-credential/exo-remote-powershell-module.ps1'), 'constant.ts': fixture('ts-msal-ropc/tenant-constant.ts') };
    const tree = tempTree({ ...ownTenants, 'runbook.ps1': fixture('ps-connect-user-credential/splat-built-by-addition.ps1') });
    try {
      const setUp = cli(['fix', '.', '--dry-run'], tree.root).stderr.split('Set up what the fixed code would read before it runs (README, "What the fixes need at run time"):\n')[1];
      assert.equal(
        setUp.replace(/^\d[^]*/m, ''),
        '  environment variables: MFA_READY_APP_ID, MFA_READY_APP_SECRET, MFA_READY_REFRESH_TOKEN\n' +
          // The runbook's Exchange Online sign-in names no tenant: its token function reads the Automation variable.
          '  Automation variables: MFA_READY_APP_ID, MFA_READY_APP_SECRET, MFA_READY_ORGANIZATION, MFA_READY_REFRESH_TOKEN, MFA_READY_TENANT_ID\n',
      );
    } finally {
      tree.dispose();
    }
  });

  it("fix names the npm packages its fixes import that the file's package.json does not declare, with that package.json; none where it declares them", () => {
    const adal = [
      "const { AuthenticationContext } = require('adal-node');",
      "const context = new AuthenticationContext('https://login.microsoftonline.com/contoso.onmicrosoft.com');",
      'function getToken(callback) {',
      "  context.acquireTokenWithUsernamePassword('https://graph.microsoft.com', process.env.SVC_USER, process.env.SVC_PASSWORD, process.env.CLIENT_ID, (err, token) => callback(err, token && token.accessToken));",
      '}',
      'module.exports = { getToken };',
      '',
    ].join('\n');
    const manifest = (dependencies: Record<string, string>) => JSON.stringify({ name: 'crm-sync', dependencies });
    const tree = tempTree({ 'app/token.js': adal, 'app/package.json': manifest({ 'adal-node': '^0.2.4' }), 'declared/token.js': adal, 'declared/package.json': manifest({ '@azure/msal-node': '^3.0.0' }) });
    try {
      const dry = cli(['fix', '.', '--dry-run'], tree.root);
      assert.match(dry.stderr, /^app\/token\.js:4: would fix ts-adal-ropc/m);
      assert.match(dry.stderr, /^declared\/token\.js:4: would fix ts-adal-ropc/m);
      assert.match(dry.stderr, /^  npm packages to install: @azure\/msal-node \(not in app\/package\.json\)$/m);
      assert.doesNotMatch(dry.stderr, /declared\/package\.json/);
    } finally {
      tree.dispose();
    }
  });

  it('fix --dry-run prints a unified diff and leaves the files alone; fix rewrites them', () => {
    const tree = tempTree({ 'src/auth.ts': MSAL_ROPC_TS, 'sync.ps1': MSOL_PS1 });
    try {
      const dry = cli(['fix', '.', '--dry-run'], tree.root);
      assert.equal(dry.code, 0);
      assert.match(dry.stdout, /^-export const token = .*password: "\*\*\*"/m, 'the removed line is shown, its password masked');
      assert.ok(!dry.stdout.includes('Hunter2!'), 'the dry-run diff printed the password literal');
      assert.match(dry.stdout, /^--- a\/sync\.ps1/m);
      assert.match(dry.stdout, /^-Connect-MsolService -Credential \$cred$/m);
      assert.match(dry.stdout, /^\+Connect-MgGraph -AccessToken \(Get-SamAccessToken/m);
      // What the fix writes is shown as written: only the file's own strings are masked.
      assert.match(dry.stdout, /^\+  const result = await app\.acquireTokenByRefreshToken\(\{ refreshToken: await readMfaReadySecret\("REFRESH_TOKEN"\), scopes, forceCache: true \}\);$/m);
      assert.match(dry.stdout, /^\+  if \(!value\) throw new Error\(`MFA_READY_\$\{name\} is not set`\);$/m);
      assert.equal(readFileSync(join(tree.root, 'sync.ps1'), 'utf8'), MSOL_PS1);
      assert.match(dry.stderr, /2 fix\(es\) would be applied/);
      const setUp = /^Set up what the fixed code would read before it runs \(README, "What the fixes need at run time"\):\n  environment variables: MFA_READY_APP_ID, MFA_READY_APP_SECRET, MFA_READY_REFRESH_TOKEN, MFA_READY_TENANT_ID\n\d/m;
      assert.match(dry.stderr, setUp, 'the secrets the fixed code reads are named once, for both files');

      const real = cli(['fix', '.'], tree.root);
      assert.equal(real.code, 0);
      const fixed = readFileSync(join(tree.root, 'src/auth.ts'), 'utf8');
      assert.match(fixed, /export const token = \(\) => acquireTokenBySecureAppModel\(\["user\.read"\]\);/);
      assert.ok(!fixed.includes('Hunter2!'), 'the inline password literal survived the fix');
      assert.match(readFileSync(join(tree.root, 'sync.ps1'), 'utf8'), /^Connect-MgGraph -AccessToken \(Get-SamAccessToken/m);
      assert.equal(cli(['scan', '.'], tree.root).code, 0, 'the fixed tree still has findings');
      assert.ok(!real.stderr.includes('Hunter2!'));
      assert.match(real.stderr, /^Set up what the fixed code reads before it runs .*:\n  environment variables: MFA_READY_APP_ID, /m);
      assert.doesNotMatch(cli(['fix', '.'], tree.root).stderr, /Set up/, 'a second run reads nothing new');
      const vault = tempTree({ 'sync.ps1': MSOL_PS1 });
      try {
        const names = cli(['fix', '.', '--secret-source', 'keyvault'], vault.root).stderr;
        assert.match(names, /:\n  environment variables: MFA_READY_KEY_VAULT_NAME\n  Key Vault secrets: mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-refresh-token, mfa-ready-tenant-id\n\d/);
      } finally {
        vault.dispose();
      }
    } finally {
      tree.dispose();
    }
  });
});
