import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer, type Analyzer } from '../../src/engine/analysis-pool';
import { analyze, MAX_CHECKED_TEXT, MAX_NESTING } from '../../src/engine/analyze';
import { fixAll } from '../../src/engine/fix-all';
import { writeFixedFile } from '../../src/engine/fix-files';
import { scanPaths } from '../../src/engine/scan';
import { REPO_ROOT, RULE_FIXTURES, ruleFixtures } from './fixtures';
import { MSAL_ROPC_TS, MSOL_PS1, tempTree } from './temp-tree';

const found = (result: Awaited<ReturnType<typeof scanPaths>>): string[] => result.files.map((f) => f.displayPath).sort();

describe('workspace scan', () => {
  it('finds on worker threads exactly what it finds on this thread: findings, fixes, notices, in the same order', async function () {
    this.timeout(60_000);
    const options = { baseDir: RULE_FIXTURES, verifyFixes: true };
    const [inWorkers, here] = [await scanPaths(['.'], { ...options, workers: 2 }), await scanPaths(['.'], { ...options, workers: 0 })];
    const comparable = (result: typeof here) => ({ files: result.files, notices: result.notices, analyzed: result.stats.filesAnalyzed });
    assert.ok(here.files.length > 100, `only ${here.files.length} files with findings`);
    assert.deepEqual(comparable(inWorkers), comparable(here));
  });

  it("a pool the caller keeps (the extension's) serves scan after scan and stays open", async function () {
    this.timeout(120_000);
    const tree = tempTree({ 'sync.ps1': MSOL_PS1, 'src/auth.ts': MSAL_ROPC_TS });
    const pool = createAnalyzer(2);
    let analysed = 0;
    const counted: Analyzer = {
      parallelism: pool.parallelism,
      workersLost: 0,
      analyze: (request) => (analysed++, pool.analyze(request)),
      close: () => pool.close(),
    };
    try {
      for (let scan = 0; scan < 6; scan++) {
        const result = await scanPaths(['.'], { baseDir: tree.root, analyzer: counted });
        assert.deepEqual(found(result), ['src/auth.ts', 'sync.ps1'], `scan ${scan + 1}`);
      }
      assert.equal(analysed, 12, "each scan's two files went to the caller's pool");
      const after = await pool.analyze({ path: join(tree.root, 'sync.ps1'), text: MSOL_PS1, languageId: 'powershell', verifyFixes: false });
      assert.equal(after.findings.length, 1, 'the pool still analyses after the scans');
    } finally {
      await pool.close();
      tree.dispose();
    }
  });

  it('with fixAll, fixes each file on the workers as fix-all does on this thread', async function () {
    this.timeout(120_000);
    const scanned = await scanPaths(['.'], { baseDir: RULE_FIXTURES, verifyFixes: true, fixAll: true, workers: 2 });
    const fixed = scanned.files.filter((file) => file.fixed);
    assert.ok(fixed.filter((file) => file.fixed!.applied.length > 0).length > 50, `only ${fixed.length} files fixed`);
    for (const file of fixed) {
      const here = await fixAll(file.path, file.fixed!.original, file.languageId);
      assert.deepEqual({ ...file.fixed, original: undefined, encoding: undefined }, { ...here, original: undefined, encoding: undefined }, file.displayPath);
    }
  });

  it('fix-all reports each finding at its own line when two look alike and only the second can be fixed', async () => {
    const body = "  $body = @{ grant_type = 'password'; username = $env:U; password = $env:P }";
    const script = [
      'function Send-Request($Uri) {',
      body,
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $body',
      '}',
      "Send-Request 'https://login.microsoftonline.com/common/oauth2/token'",
      "Send-Request 'https://idp.example.com/oauth/token'",
      'if ($true) {',
      body,
      "  Invoke-RestMethod -Uri 'https://login.microsoftonline.com/common/oauth2/token' -Method Post -Body $body",
      '}',
    ].join('\n');
    const outcome = await fixAll('alike.ps1', `${script}\n`, 'powershell');
    assert.deepEqual(outcome.applied.map((fix) => fix.line), [8]);
    assert.deepEqual(outcome.withheld.map((finding) => finding.line), [2]);
  });

  it("fix-all still tells of a password literal once the fix of its sign-in has made the finding go away, and an adal refresh-token path is left to the user", async () => {
    const adal = (password: string, callback: string) => [
      "const { AuthenticationContext } = require('adal-node');",
      "const context = new AuthenticationContext('https://login.microsoftonline.com/contoso.onmicrosoft.com');",
      `const password = ${password};`,
      `module.exports = (done) => context.acquireTokenWithUsernamePassword('https://graph.microsoft.com', 'svc@contoso.com', password, process.env.CLIENT_ID, ${callback});`,
      '',
    ].join('\n');
    const literal = await fixAll('job.js', adal("'Data@2903'", 'done'), 'javascript');
    assert.deepEqual(literal.applied.map((fix) => fix.ruleId), ['ts-adal-ropc']);
    assert.deepEqual(literal.withheld.map((w) => [w.ruleId, w.line]), [['ts-hardcoded-password', 3]]);
    assert.equal(literal.withheld[0].reason, "no longer reported once the other fixes are in: the fixes took the secret it found out of the code, but it was written there and may be kept in the file's history: rotate it");
    const stillRead = await fixAll('job.js', adal("'Data@2903'", 'done').replace('module.exports', 'console.log(password.length);\nmodule.exports'), 'javascript');
    assert.match(stillRead.text, /Data@2903/);
    assert.deepEqual(stillRead.withheld.map((w) => [w.ruleId, w.reason]), [
      ['ts-hardcoded-password', 'no longer reported once the other fixes are in, but the secret it found is still written in the code, where nothing in this file signs in with it any more: take it out and rotate it'],
    ]);
    for (const callback of ['(e, r) => done(e, r && r.refreshToken)', '(e, { accessToken, refreshToken }) => done(e, refreshToken)', "(e, r) => done(e, r['refreshToken'])"]) {
      const refreshed = await fixAll('job.js', adal('process.env.PASSWORD', callback), 'javascript');
      assert.deepEqual(refreshed.applied, [], callback);
      assert.deepEqual(refreshed.withheld.map((w) => w.ruleId), ['ts-adal-ropc']);
      assert.match(refreshed.withheld[0].reason, /^no fix is safe to apply unattended: the code also uses adal's refresh token/, callback);
    }
    // Two literals alike once masked: only the one whose sign-in went is told of (one account: two would keep both sign-ins from fix-all).
    const callers = "module.exports.report = (done, other = 'Winter2024!') => context.acquireTokenWithUsernamePassword('https://graph.microsoft.com', 'svc@contoso.com', other, process.env.CLIENT_ID, done);\n";
    const two = await fixAll('two.js', `${adal("'Data@2903'", 'done')}${callers}`, 'javascript');
    assert.deepEqual(two.withheld.map((w) => [w.ruleId, w.line, /^no longer reported once the other fixes are in/.test(w.reason)]), [['ts-hardcoded-password', 5, false], ['ts-adal-ropc', 5, false], ['ts-hardcoded-password', 3, true]]);
  });

  it('fixes a Windows-1252 script (its “ ” quotes read as Windows PowerShell 5.1 reads them) and keeps its other bytes; a fix it cannot hold is not written', async () => {
    const session = '$c = Import-Clixml exo.xml\r\n$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri \u201chttps://outlook.office365.com/powershell-liveid/\u201d -Credential $c -Authentication Basic -AllowRedirection\r\nImport-PSSession $s\r\n';
    const bytes = Buffer.concat([Buffer.from('# Caf\xe9 \x93report\x94\r\n', 'latin1'), Buffer.from(session.replace(/\u201c|\u201d/g, (q) => (q === '\u201c' ? '\x93' : '\x94')), 'latin1')]);
    const tree = tempTree({ 'legacy.ps1': bytes });
    try {
      const path = join(tree.root, 'legacy.ps1');
      const scanned = await scanPaths(['.'], { baseDir: tree.root, verifyFixes: true, fixAll: true });
      assert.deepEqual(scanned.notices.map((n) => n.kind), ['encoding']);
      const file = scanned.files.find((f) => f.displayPath === 'legacy.ps1')!;
      assert.deepEqual(file.findings.map((f) => [f.ruleId, f.range.start.line]), [['ps-exchange-basic-auth-session', 2]]);
      for (const dryRun of [true, false]) {
        const unwritable = await writeFixedFile(path, { ...file.fixed!, text: `${file.fixed!.text}# \u2192\r\n` }, dryRun);
        assert.deepEqual([unwritable.written, unwritable.applied.length], [false, 0]);
        assert.match(unwritable.withheld[0].reason, /cannot be written in the file's encoding/);
      }
      assert.ok(readFileSync(path).equals(bytes));
      assert.equal((await writeFixedFile(path, file.fixed!, false)).written, true);
      const written = readFileSync(path);
      // The comment labels the session, so the fix's function goes above it.
      assert.ok(written.includes(bytes.subarray(0, 17)), 'the comment keeps its é and quotes, byte for byte');
      assert.match(written.toString('latin1'), /Connect-ExchangeOnline/);
      assert.doesNotMatch(written.toString('latin1'), /New-PSSession/);
    } finally {
      tree.dispose();
    }
  });

  it('writes a file fixed in memory back in its encoding, and leaves alone a file edited since it was read', async () => {
    const tree = tempTree({ 'auth.ts': Buffer.from(`\ufeff${MSAL_ROPC_TS.replace(/\n/g, '\r\n')}`), 'sync.ps1': MSOL_PS1 });
    try {
      const scanned = await scanPaths(['.'], { baseDir: tree.root, verifyFixes: true, fixAll: true });
      const [auth, sync] = ['auth.ts', 'sync.ps1'].map((name) => scanned.files.find((file) => file.displayPath === name)!.fixed!);
      writeFileSync(join(tree.root, 'sync.ps1'), `${MSOL_PS1}# edited meanwhile\n`);
      const written = await writeFixedFile(join(tree.root, 'auth.ts'), auth, false);
      const left = await writeFixedFile(join(tree.root, 'sync.ps1'), sync, false);
      const bytes = readFileSync(join(tree.root, 'auth.ts'));
      assert.equal(written.written, true);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.match(bytes.toString('utf8'), /acquireTokenByRefreshToken/);
      assert.doesNotMatch(bytes.toString('utf8'), /[^\r]\n/);
      assert.equal(left.written, false);
      assert.deepEqual(left.withheld, [{ reason: 'the file changed while it was being fixed: left unchanged' }]);
      // The CLI counts it as a file not written: fix exits 1, so a script that runs it notices.
      assert.deepEqual([written.changedMeanwhile, left.changedMeanwhile], [undefined, true]);
      assert.equal(readFileSync(join(tree.root, 'sync.ps1'), 'utf8'), `${MSOL_PS1}# edited meanwhile\n`);
    } finally {
      tree.dispose();
    }
  });

  it('finds in each file what the editor finds there, though the scan tells the analysis which rules its comment scan found in code', async function () {
    this.timeout(60_000);
    const scanned = await scanPaths(['.'], { baseDir: RULE_FIXTURES, workers: 0 });
    const inScan = new Map(scanned.files.map((file) => [file.path, file.findings]));
    for (const fixture of ruleFixtures()) {
      const inEditor = await analyze(fixture.path, fixture.source.text, fixture.languageId);
      assert.deepEqual(inScan.get(fixture.path) ?? [], inEditor.findings, fixture.path);
    }
    assert.ok(inScan.size > 100, `only ${inScan.size} files with findings`);
  });

  it('a worker that runs out of memory on a big file loses nothing: the file is analysed on this thread, the next in a new worker', async function () {
    this.timeout(60_000);
    const functions = Array.from({ length: 5_000 }, (_, i) => `export function f${i}(a: number, b: string) { const o = { x: a + ${i}, y: [b, \`t\${a}\`] }; return a > ${i} ? o : { ...o, x: o.x * 2 }; }`);
    const big = `${functions.join('\n')}\n${MSAL_ROPC_TS}`;
    const analyzer = createAnalyzer(2);
    try {
      const request = (path: string, text: string) => ({ path, text, languageId: 'typescript' as const, verifyFixes: false });
      const [bigResult, small] = [await analyzer.analyze(request('big.ts', big)), await analyzer.analyze(request('small.ts', MSAL_ROPC_TS))];
      assert.ok(big.length > 600_000);
      assert.equal(analyzer.workersLost, 1, 'the worker should have run out of its heap on the big file');
      const rules = (result: typeof small) => result.findings.map((f) => f.ruleId).sort();
      assert.deepEqual(rules(small), ['ts-hardcoded-password', 'ts-msal-ropc']);
      assert.deepEqual(rules(bigResult), rules(small));
    } finally {
      await analyzer.close();
    }
  });

  it('finds both languages, skips node_modules and what .gitignore ignores', async () => {
    const tree = tempTree({
      'src/auth.ts': MSAL_ROPC_TS,
      'scripts/sync.ps1': MSOL_PS1,
      'node_modules/pkg/index.js': MSAL_ROPC_TS,
      'generated/auth.ts': MSAL_ROPC_TS,
      'nested/.gitignore': 'ignored-here.ps1\n',
      'nested/ignored-here.ps1': MSOL_PS1,
      'nested/kept.ps1': MSOL_PS1,
      'build/auth.ts': MSAL_ROPC_TS,
      '.gitignore': 'generated/\nBuild/\n*.TS\n',
    });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root });
      // git on Linux matches case-sensitively: `Build/` and `*.TS` hide nothing here.
      const caseSensitive = process.platform !== 'win32' && process.platform !== 'darwin';
      const differentCase = caseSensitive ? ['build/auth.ts'] : [];
      assert.deepEqual(found(result), [...differentCase, 'nested/kept.ps1', 'scripts/sync.ps1', ...(caseSensitive ? ['src/auth.ts'] : [])]);
      assert.equal(result.cancelled, false);
    } finally {
      tree.dispose();
    }
  });

  it('applies include and exclude globs, and can ignore .gitignore', async () => {
    const tree = tempTree({ 'a/one.ts': MSAL_ROPC_TS, 'b/two.ts': MSAL_ROPC_TS, 'b/three.ps1': MSOL_PS1, '.gitignore': 'a/\n' });
    try {
      assert.deepEqual(found(await scanPaths(['.'], { baseDir: tree.root, exclude: ['b/**'] })), []);
      assert.deepEqual(found(await scanPaths(['.'], { baseDir: tree.root, respectGitignore: false, exclude: ['b/**'] })), ['a/one.ts']);
      assert.deepEqual(found(await scanPaths(['.'], { baseDir: tree.root, include: ['**/*.ps1'] })), ['b/three.ps1']);
    } finally {
      tree.dispose();
    }
  });

  it('parses only files the prefilter admits', async () => {
    const tree = tempTree({ 'plain.ts': 'export const x = 1;\n', 'hit.ts': MSAL_ROPC_TS, 'mention.ps1': '# acquireTokenByUsernamePassword is gone\n' });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root });
      assert.equal(result.stats.filesSeen, 3);
      assert.equal(result.stats.filesAnalyzed, 1, 'the PowerShell file lacks any PowerShell trigger and plain.ts has none');
      assert.deepEqual(found(result), ['hit.ts']);
    } finally {
      tree.dispose();
    }
  });

  it('does not parse a file that names an Outlook host but no mail module or password key: the mail rule cannot match there', async () => {
    const nodemailer = `const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({ host: 'smtp.office365.com', auth: { user: 'a@contoso.com', pass: process.env.PASS } });\n`;
    const tree = tempTree({
      'support.ts': 'export const SUPPORT_MAIL = "support@outlook.com";\n',
      'addin.ts': 'Office.onReady(() => { if (Office.context.host === Office.HostType.Outlook) render(); });\n',
      // Office.js, vendored by every add-in: "pass" as a verb and "imap" inside a name are no mail module (250 copies took 100 s).
      'office.js': 'var HostType = { Outlook: 8 }; window.Excel._V1APIMap = {};\nfunction race(n) { if (!Array.isArray(n)) throw new TypeError("You must pass an array to race."); }\n',
      'mailer.cjs': nodemailer,
      'imap-client.mjs': `import Imap from 'imap';\nexport const imap = new Imap({ user, password: process.env.PW, host: 'outlook.office365.com', port: 993, tls: true });\n`,
      'shorthand.js': `const transport = require('./transport');\nmodule.exports = transport({ host: 'smtp.office365.com', auth: {\n  user,\n  pass\n} });\n`,
      'aligned.js': `module.exports = { host: 'smtp.office365.com', auth: { user : process.env.U,\n  pass    : process.env.P } };\n`,
      // The module's name in a comment still counts: the requirement is a cheap necessary condition, not a judgement.
      'commented.ts': `// nodemailer was removed\nexport const HOST = 'smtp.office365.com';\n`,
    });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root });
      assert.equal(result.stats.filesAnalyzed, 5, 'mailer.cjs, imap-client.mjs, shorthand.js, aligned.js and commented.ts');
      assert.deepEqual(result.files.flatMap((file) => file.findings.map((f) => `${file.displayPath} ${f.ruleId}`)).sort(), ['aligned.js ts-mail-basic-auth', 'imap-client.mjs ts-mail-basic-auth', 'mailer.cjs ts-mail-basic-auth', 'shorthand.js ts-mail-basic-auth']);
    } finally {
      tree.dispose();
    }
  });


  it('does not parse a file that names grant_type but no token endpoint: the password-grant rules cannot match there', async () => {
    const tree = tempTree({
      'help.ts': 'export const HELP_TEXT = "Do not use grant_type=password, use the device code flow";\n',
      'help.ps1': 'Write-Host "grant_type=password is retired here"\n',
      // Any cloud's login host, in any casing, or an OAuth 2 path admits the file.
      'gov.ts': `await fetch('https://LOGIN.MicrosoftOnline.US/t/oauth2/v2.0/token', { method: 'POST', body: 'grant_type=password&username=u&password=p' });\n`,
      'path.ps1': `Invoke-RestMethod -Method Post -Uri "https://$loginHost/$tenant/OAuth2/token" -Body "grant_type=password&username=u&password=$p"\n`,
      'google.ts': `await fetch('https://oauth2.googleapis.com/token', { method: 'POST', body: 'grant_type=password' });\n`,
    });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root });
      assert.equal(result.stats.filesAnalyzed, 3, 'gov.ts, path.ps1 and google.ts');
      assert.deepEqual(result.files.flatMap((file) => file.findings.map((f) => `${file.displayPath} ${f.ruleId}`)).sort(), [
        'gov.ts ts-ropc-http',
        'path.ps1 ps-ropc-http',
      ]);
    } finally {
      tree.dispose();
    }
  });

  it('settles on its own thread a file whose trigger words are all in comments (or, for commands, in messages): no worker analyses it', async () => {
    const tree = tempTree({
      'todo.ts': '// TODO: acquireTokenByUsernamePassword is deprecated, move to the SAM refresh token\nexport const ready = true;\n',
      'message.ps1': '# Connect-MsolService is retired\nWrite-Host "Connect-MsolService -Credential no longer works"\n',
      'signin.ts': MSAL_ROPC_TS,
      // A regular expression: the scan gives up, and the module is analysed.
      'doubtful.ts': "export const words = (name: string) => name.replace(/-/g, ' '); // acquireTokenByUsernamePassword\n",
      // Over 256 kB: the worker's own scan settles it, off the thread that in the editor is the extension host's.
      'long.ps1': `# Connect-MsolService is retired\n${"$note = 'MSOnline is gone' # see the wiki\n".repeat(7_000)}`,
    });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root, workers: 2 });
      assert.equal(result.stats.filesAnalyzed, 3, 'signin.ts, doubtful.ts and long.ps1');
      assert.deepEqual(result.files.map((file) => file.displayPath), ['signin.ts']);
    } finally {
      tree.dispose();
    }
  });

  it('a file nested past the limit, trigger words in comments or not, gets its notice and does not stop the scan (the comment scans recurse per `${` and `$(`)', async () => {
    const depth = 5_000;
    const tree = tempTree({
      'template.ts': `// acquireTokenByUsernamePassword\nexport const x = ${'`${'.repeat(depth)}1${'}`'.repeat(depth)};\n`,
      'subexpression.ps1': `# Connect-MsolService\n$x = ${'"$('.repeat(depth)}1${')"'.repeat(depth)}\n`,
      'brackets.ts': `// TODO: remove acquireTokenByUsernamePassword\nexport const x = ${'['.repeat(300)}${']'.repeat(300)};\n`,
      'signin.ts': MSAL_ROPC_TS,
    });
    try {
      for (const workers of [0, 2]) {
        const result = await scanPaths(['.'], { baseDir: tree.root, workers });
        assert.deepEqual(result.files.map((file) => file.displayPath), ['signin.ts'], `workers: ${workers}`);
        assert.deepEqual(
          result.notices.map((n) => `${n.path} ${n.kind}: ${n.message}`).sort(),
          ['brackets.ts', 'subexpression.ps1', 'template.ts'].map((path) => `${path} skipped: brackets nested deeper than ${MAX_NESTING} levels: not parsed`),
        );
      }
    } finally {
      tree.dispose();
    }
  });

  it('checks the fixes of a file of many sign-ins up to a limit and withholds the rest with a notice (checking each parses the whole file: a thousand took minutes)', async function () {
    this.timeout(120_000);
    const [header, , call] = MSAL_ROPC_TS.split('\n');
    const calls = Array.from({ length: 20 }, (_, i) => call.replace('token', `token${i}`));
    const padding = `/*${' notes'.repeat(180_000)} */`;
    const dense = [header, MSAL_ROPC_TS.split('\n')[1], ...calls, padding, ''].join('\n');
    const tree = tempTree({ 'dense.ts': dense, 'signin.ts': MSAL_ROPC_TS });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root, workers: 0, verifyFixes: true });
      const fixesIn = (name: string) => result.files.find((file) => file.displayPath === name)!.findings.filter((f) => f.ruleId === 'ts-msal-ropc');
      const checks = Math.floor(MAX_CHECKED_TEXT / dense.length);
      assert.equal(fixesIn('dense.ts').length, 20);
      const kept = fixesIn('dense.ts').flatMap((finding) => finding.fixes);
      assert.equal(kept.length, checks, `${checks} fixes checked and kept`);
      assert.ok(kept.every((fix) => fix.safeForFixAll), 'those mfa-ready fix applies are checked first');
      assert.deepEqual(fixesIn('signin.ts').map((finding) => finding.fixes.length), [2]);
      assert.deepEqual(result.notices.map((n) => `${n.path} ${n.kind}: ${n.message}`), [
        `dense.ts fix-withheld: ${40 - checks} more fixes were withheld unchecked: each fix is checked by parsing the whole file again, and a file of ${dense.length.toLocaleString('en-US')} characters gets ${checks} checks`,
      ]);
    } finally {
      tree.dispose();
    }
  });

  it("finds the same with or without workers in code too deep for this thread's stack: the file is analysed again in a worker", async function () {
    this.timeout(60_000);
    const tree = tempTree({
      'chain.ts': `${MSAL_ROPC_TS}export const sum = 1${' + a'.repeat(1_500)};\n`,
      'chain.ps1': `${MSOL_PS1}$sum = 1${' + 1'.repeat(10_000)}\n`,
    });
    try {
      const shown = (result: Awaited<ReturnType<typeof scanPaths>>) => ({
        findings: result.files.map((file) => `${file.displayPath}: ${file.findings.map((f) => f.ruleId).join(' ')}`),
        notices: result.notices.map((n) => `${n.path} ${n.kind}: ${n.message}`),
      });
      const inWorkers = shown(await scanPaths(['.'], { baseDir: tree.root, workers: 2 }));
      assert.deepEqual(inWorkers, { findings: ['chain.ps1: ps-connect-user-credential', 'chain.ts: ts-msal-ropc ts-hardcoded-password'], notices: [] });
      assert.deepEqual(shown(await scanPaths(['.'], { baseDir: tree.root, workers: 0 })), inWorkers);
    } finally {
      tree.dispose();
    }
  });

  it('skips binary and oversized files with a notice, and reads UTF-16 files', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MSOL_PS1, 'utf16le')]);
    const tree = tempTree({
      'binary.ts': Buffer.from([0x61, 0x00, 0x62, ...Buffer.from('acquireTokenByUsernamePassword')]),
      'huge.ts': `${MSAL_ROPC_TS}${'// filler\n'.repeat(2000)}`,
      'unicode.ps1': utf16,
    });
    try {
      const result = await scanPaths(['.'], { baseDir: tree.root, maxFileBytes: 10_000 });
      assert.deepEqual(found(result), ['unicode.ps1']);
      const notices = result.notices.map((n) => `${n.path}: ${n.kind}`).sort();
      assert.deepEqual(notices, ['binary.ts: skipped', 'huge.ts: skipped']);
      assert.match(result.notices.find((n) => n.path === 'huge.ts')!.message, /larger than the 9\.8 KiB limit/);
    } finally {
      tree.dispose();
    }
  });

  it('reads include and exclude globs as .gitignore does: without a slash a name at any depth, a folder matched holds all under it', async () => {
    const tree = tempTree({ 'top.ps1': MSOL_PS1, 'scripts/sync.ps1': MSOL_PS1, 'scripts/deep/more.ps1': MSOL_PS1, 'src/auth.ts': MSAL_ROPC_TS, 'src/x/a.ts': MSAL_ROPC_TS });
    try {
      const scan = async (globs: { include?: string[]; exclude?: string[] }) => found(await scanPaths(['.'], { baseDir: tree.root, workers: 0, ...globs }));
      const everything = ['scripts/deep/more.ps1', 'scripts/sync.ps1', 'src/auth.ts', 'src/x/a.ts', 'top.ps1'];
      assert.deepEqual(await scan({ include: ['*.ps1'] }), ['scripts/deep/more.ps1', 'scripts/sync.ps1', 'top.ps1']);
      assert.deepEqual(await scan({ include: ['scripts'] }), ['scripts/deep/more.ps1', 'scripts/sync.ps1']);
      assert.deepEqual(await scan({ include: ['deep/'] }), ['scripts/deep/more.ps1']);
      assert.deepEqual(await scan({ include: ['src/x'] }), ['src/x/a.ts'], 'a folder named by its path holds what is under it');
      assert.deepEqual(await scan({ include: ['./src/*.ts'] }), ['src/auth.ts'], 'a glob with a slash matches from the start');
      assert.deepEqual(await scan({ exclude: ['*.ps1'] }), ['src/auth.ts', 'src/x/a.ts']);
      assert.deepEqual(await scan({ exclude: ['x'] }), everything.filter((path) => path !== 'src/x/a.ts'));
      assert.deepEqual(await scan({ exclude: ['src/x'] }), everything.filter((path) => path !== 'src/x/a.ts'), 'the folder src/x only, not all of src');
      assert.deepEqual(await scan({ exclude: ['top.ps1/'] }), everything, 'a glob ending in a slash matches folders only');
      const inScripts = found(await scanPaths(['scripts'], { baseDir: tree.root, workers: 0, include: ['*.ps1'], exclude: ['deep'] }));
      assert.deepEqual(inScripts, ['scripts/sync.ps1']);
    } finally {
      tree.dispose();
    }
  });

  it('reports a file or folder whose name is not valid UTF-8 instead of losing it as not found', async function () {
    if (process.platform !== 'linux') this.skip(); // other file systems refuse such names
    const tree = tempTree({ 'own.ps1': MSOL_PS1 });
    try {
      const undecodable = (name: string) => Buffer.concat([Buffer.from(`${tree.root}/`), Buffer.from([0xff]), Buffer.from(name)]);
      writeFileSync(undecodable('name.ts'), MSAL_ROPC_TS);
      mkdirSync(undecodable('folder'));
      writeFileSync(undecodable('.txt'), 'not source');
      mkdirSync(undecodable('excluded'));
      const result = await scanPaths(['.'], { baseDir: tree.root, exclude: ['*excluded'] });
      // Included by a glob, a file of no language is still not scanned: nothing to report.
      const everything = await scanPaths(['.'], { baseDir: tree.root, include: ['**/*'], exclude: ['*excluded'] });
      assert.deepEqual(everything.notices, result.notices);
      assert.deepEqual(found(result), ['own.ps1']);
      assert.deepEqual(result.notices.map((n) => `${n.path} ${n.kind}: ${n.message}`).sort(), [
        '\uFFFDfolder unreadable: not scanned: its name is not valid UTF-8 (rename it to scan it)',
        '\uFFFDname.ts unreadable: not scanned: its name is not valid UTF-8 (rename it to scan it)',
      ]);
    } finally {
      tree.dispose();
    }
  });

  it('does not follow symbolic links', async () => {
    const outside = tempTree({ 'secret/auth.ts': MSAL_ROPC_TS });
    const tree = tempTree({ 'own.ps1': MSOL_PS1 });
    try {
      symlinkSync(join(outside.root, 'secret'), join(tree.root, 'linked'));
      symlinkSync(tree.root, join(tree.root, 'loop'));
      assert.deepEqual(found(await scanPaths(['.'], { baseDir: tree.root })), ['own.ps1']);
    } finally {
      tree.dispose();
      outside.dispose();
    }
  });

  it('reports a missing path and still scans the others', async () => {
    const tree = tempTree({ 'own.ps1': MSOL_PS1 });
    try {
      const result = await scanPaths(['does-not-exist', 'own.ps1'], { baseDir: tree.root });
      assert.deepEqual(found(result), ['own.ps1']);
      assert.deepEqual(result.notices, [{ path: 'does-not-exist', kind: 'unreadable', message: 'no such file or folder' }], 'named as reports name files');
    } finally {
      tree.dispose();
    }
  });

  it('stops when cancelled and says the result is partial; reports progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${String(i).padStart(2, '0')}.ps1`] = MSOL_PS1;
    const tree = tempTree(files);
    const abort = new AbortController();
    const seen: number[] = [];
    try {
      const result = await scanPaths(['.'], {
        baseDir: tree.root,
        signal: abort.signal,
        onProgress: (progress) => {
          seen.push(progress.filesSeen);
          if (progress.filesSeen === 10) abort.abort();
        },
      });
      assert.equal(result.cancelled, true);
      assert.ok(result.stats.filesSeen <= 10, `scanned ${result.stats.filesSeen} files after cancelling at 10`);
      assert.deepEqual(seen, Array.from({ length: 10 }, (_, i) => i + 1));
    } finally {
      tree.dispose();
    }
  });

  it('a FIFO named like a source file, a file deleted while the scan runs and 200 nested folders neither hang nor stop it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.ps1`] = MSOL_PS1;
    const tree = tempTree(files);
    try {
      execFileSync('mkfifo', [join(tree.root, 'pipe.ts')]);
      const folders = Array.from({ length: 200 }, (_, i) => `d${i}`);
      const deepPath = [...folders, 'deep.ps1'].join('/');
      mkdirSync(join(tree.root, ...folders), { recursive: true });
      writeFileSync(join(tree.root, deepPath), MSOL_PS1);
      const result = await scanPaths(['.'], {
        baseDir: tree.root,
        onProgress: (progress) => {
          if (progress.path === deepPath) {
            unlinkSync(join(tree.root, 'f39.ps1'));
          }
        },
      });
      const shown = found(result);
      assert.equal(shown.length, 40, 'the deep file and 39 of the 40 others');
      assert.ok(shown.includes(deepPath));
      assert.ok(!shown.includes('f39.ps1'));
      assert.deepEqual(result.notices.filter((n) => n.path === 'f39.ps1').map((n) => [n.kind, n.message]), [['unreadable', 'not read: ENOENT']]);
    } finally {
      tree.dispose();
    }
  });

  it('a cancel does not wait for a file in analysis: its worker is stopped', async function () {
    this.timeout(120_000);
    const [header, client, call] = MSAL_ROPC_TS.split('\n');
    // Thousands of sign-ins: analysing the file and checking its fixes takes seconds.
    const calls = Array.from({ length: 3_000 }, (_, i) => call.replace('token', `token${i}`));
    const tree = tempTree({ 'dense.ts': [header, client, ...calls, ''].join('\n') });
    const scan = (signal?: AbortSignal) => scanPaths(['.'], { baseDir: tree.root, workers: 2, verifyFixes: true, signal });
    try {
      const started = performance.now();
      assert.equal((await scan()).files[0].findings.length, 6_000);
      const wholeMs = performance.now() - started;
      const controller = new AbortController();
      const cancelledScan = scan(controller.signal);
      await new Promise((resolve) => setTimeout(resolve, wholeMs / 4));
      const cancelled = performance.now();
      controller.abort();
      const result = await cancelledScan;
      const latencyMs = performance.now() - cancelled;
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.files, []);
      assert.ok(latencyMs < wholeMs / 2, `the scan took ${Math.round(latencyMs)} ms to stop, of ${Math.round(wholeMs)} ms for the whole file`);
    } finally {
      tree.dispose();
    }
  });

  it('the CLI stops on Ctrl-C with exit code 130 and says the results are partial', async function () {
    this.timeout(60_000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`src/m${i}.ts`] = MSAL_ROPC_TS;
    const tree = tempTree(files);
    try {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/cli.js'), 'scan', '.'], { cwd: tree.root });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const interrupted = performance.now();
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      const latencyMs = performance.now() - interrupted;
      assert.equal(code, 130);
      assert.match(stdout, /cancelled: results are partial/);
      assert.ok(latencyMs < 5000, `the scan took ${Math.round(latencyMs)} ms to stop`);
    } finally {
      tree.dispose();
    }
  });
});
