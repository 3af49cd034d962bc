import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { languageOfPath } from '../../src/engine/languages';
import { prefilter } from '../../src/engine/prefilter';
import { scanPaths, type ScanOptions, type ScanResult } from '../../src/engine/scan';
import { ScanCache } from '../../src/engine/scan-cache';
import { hasUtf16Bom, looksBinary } from '../../src/engine/source-file';
import { RULE_FIXTURES } from './fixtures';
import { ageFiles, MSAL_ROPC_TS, MSOL_PS1, tempTree } from './temp-tree';

/** The files a scan looks up by their bytes: those the prefilter admits, and UTF-16 ones (tested once decoded). */
function filesPastThePrefilter(root: string): number {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => {
    const languageId = entry.isFile() ? languageOfPath(entry.name) : undefined;
    const bytes = languageId && readFileSync(join(entry.parentPath, entry.name));
    return bytes && !looksBinary(bytes) && (hasUtf16Bom(bytes) || prefilter.admitsBytes(bytes, languageId));
  }).length;
}

const comparable = (result: ScanResult) => ({ files: result.files, notices: result.notices });
const ruleIds = (result: ScanResult) => result.files.flatMap((file) => file.findings.map((finding) => `${file.displayPath} ${finding.ruleId}`)).sort();

describe('scan cache', () => {
  let scratch: string;
  let cacheFile: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mfa-ready-cache-'));
    cacheFile = join(scratch, 'cache', 'scan.json');
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs `use` on a throwaway folder of the files, aged, with scan options that keep a cache. */
  async function withAgedTree(files: Record<string, string>, use: (root: string, options: ScanOptions) => Promise<void>): Promise<void> {
    const tree = tempTree(files);
    try {
      ageFiles(tree.root);
      await use(tree.root, { baseDir: tree.root, cacheFile });
    } finally {
      tree.dispose();
    }
  }

  /** The rule fixtures, copied and aged, with scan options that keep a cache and verify fixes. */
  function agedFixtures(): { tree: string; options: ScanOptions } {
    const tree = join(scratch, 'fixtures');
    cpSync(RULE_FIXTURES, tree, { recursive: true });
    ageFiles(tree);
    return { tree, options: { baseDir: tree, verifyFixes: true, cacheFile, workers: 0 } };
  }

  it('a second scan of the rule fixtures reads no file and reports exactly what the first did: findings, fixes, notices, order', async function () {
    this.timeout(120_000);
    const { options } = agedFixtures();
    const first = await scanPaths(['.'], options);
    const second = await scanPaths(['.'], options);
    assert.ok(first.files.length > 100, `only ${first.files.length} files with findings`);
    assert.ok(first.stats.filesAnalyzed > 100);
    assert.equal(first.stats.filesFromCache, 0);
    assert.equal(second.stats.filesAnalyzed, 0);
    assert.equal(second.stats.bytesRead, 0);
    assert.equal(second.stats.filesFromCache, second.stats.filesSeen);
    assert.deepEqual(comparable(second), comparable(first));
    assert.equal(second.cacheProblem, undefined);
  });

  it("keeps a fix whose text keeps the file's secret by its title only, with or without checked fixes (the editor's workspace scan checks none)", async () => {
    const secret = 'Zq8~kept.InTheRest-9';
    const program = [
      'export async function token() {',
      '  const r = await fetch("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", {',
      `    method: "POST", body: \`grant_type=password&client_id=app&client_secret=${secret}&username=\${process.env.U}&password=\${process.env.P}\`,`,
      '  });',
      '  return (await r.json()).access_token;',
      '}',
      '',
    ].join('\n');
    for (const verifyFixes of [false, true]) {
      await withAgedTree({ 'token.ts': program }, async (_root, options) => {
        const fresh = await scanPaths(['.'], { ...options, verifyFixes });
        const [fix] = fresh.files[0].findings.find((f) => f.ruleId === 'ts-ropc-http')!.fixes;
        assert.equal(fix.keepsSecret, true);
        assert.ok(!readFileSync(cacheFile, 'utf8').includes(secret), 'the cache holds the secret');
        const cached = await scanPaths(['.'], { ...options, verifyFixes });
        assert.deepEqual(cached.files[0].findings.map((f) => f.fixes.map((x) => x.title)), fresh.files[0].findings.map((f) => f.fixes.map((x) => x.title)));
      });
      rmSync(cacheFile, { force: true });
    }
  });

  it('re-examines a file whose content changed, and only that one', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS, 'b.ps1': MSOL_PS1, 'c.ts': 'export const c = 1;\n' }, async (root, options) => {
      await scanPaths(['.'], options);
      const past = new Date(Date.now() - 30_000);
      for (const [name, text] of [['c.ts', MSAL_ROPC_TS], ['a.ts', 'export const a = 1;\n']]) {
        writeFileSync(join(root, name), text);
        utimesSync(join(root, name), past, past);
      }
      const result = await scanPaths(['.'], options);
      assert.deepEqual(ruleIds(result), ['b.ps1 ps-connect-user-credential', 'c.ts ts-hardcoded-password', 'c.ts ts-msal-ropc']);
      assert.equal(result.stats.filesFromCache, 1, 'b.ps1 is unchanged');
    });
  });

  it('after a fresh checkout (new times, same bytes) the files that need analysing are recognised by their bytes and not analysed again', async function () {
    this.timeout(120_000);
    const { tree, options } = agedFixtures();
    const first = await scanPaths(['.'], options);
    const changed = join(tree, 'ps-connect-user-credential', 'negatives.ps1');
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}\nConnect-MsolService -Credential $c\n`);
    const checkedOut = new Date(Date.now() - 30_000);
    for (const entry of readdirSync(tree, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), checkedOut, checkedOut);
    }
    const second = await scanPaths(['.'], options);
    assert.equal(second.stats.filesAnalyzed, 1, 'only the changed file');
    // Asked before the comment scan: also the files the prefilter admits whose trigger words are all in comments.
    assert.equal(second.stats.filesFromCache, filesPastThePrefilter(tree) - 1);
    assert.ok(second.stats.filesFromCache > first.stats.filesAnalyzed - 1);
    const withoutChanged = (result: ScanResult) => comparable({ ...result, files: result.files.filter((file) => file.path !== changed) });
    assert.deepEqual(withoutChanged(second), withoutChanged(first));
    assert.deepEqual(ruleIds(second).filter((id) => id.startsWith('ps-connect-user-credential/negatives.ps1')), ['ps-connect-user-credential/negatives.ps1 ps-connect-user-credential']);
    assert.equal((await scanPaths(['.'], options)).stats.filesFromCache, second.stats.filesSeen, 'the new times were remembered');
  });

  it('a file rewritten just before a scan (too fresh to remember) keeps its old entry, and is recognised by its bytes the next time too', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (root, options) => {
      await scanPaths(['.'], options);
      writeFileSync(join(root, 'a.ts'), MSAL_ROPC_TS);
      const racy = await scanPaths(['.'], options);
      assert.deepEqual([racy.stats.filesAnalyzed, racy.stats.filesFromCache], [0, 1], 'read again, recognised by its bytes');
      ageFiles(root);
      const result = await scanPaths(['.'], options);
      assert.deepEqual([result.stats.filesAnalyzed, result.stats.filesFromCache], [0, 1]);
      assert.deepEqual(ruleIds(result), ['a.ts ts-hardcoded-password', 'a.ts ts-msal-ropc']);
    });
  });

  it('a file replaced by a rename with the same size and modification time is examined again', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (root, options) => {
      await scanPaths(['.'], options);
      const before = statSync(join(root, 'a.ts'));
      // Same length, same modification time: only the inode and the change time tell.
      writeFileSync(join(root, 'b.tmp'), MSAL_ROPC_TS.replace('acquireTokenByUsernamePassword', 'acquireTokenByUsernameXassword'));
      utimesSync(join(root, 'b.tmp'), before.atime, before.mtime);
      renameSync(join(root, 'b.tmp'), join(root, 'a.ts'));
      assert.equal(statSync(join(root, 'a.ts')).mtimeMs, before.mtimeMs);
      const result = await scanPaths(['.'], options);
      assert.equal(result.stats.filesFromCache, 0);
      assert.deepEqual(ruleIds(result), [], 'the replacement has no finding');
    });
  });

  it('is not used under other fix settings, nor for a file changed just before the scan (its time may not show a second change)', async () => {
    await withAgedTree({ 'a.ps1': MSOL_PS1, 'b.ts': MSAL_ROPC_TS }, async (root, options) => {
      writeFileSync(join(root, 'fresh.ps1'), MSOL_PS1);
      await scanPaths(['.'], options);
      const again = await scanPaths(['.'], options);
      assert.equal(again.stats.filesFromCache, 2, 'fresh.ps1 was written within the racy window');
      const otherSettings = await scanPaths(['.'], { ...options, fix: { secretSource: 'keyvault' } });
      assert.equal(otherSettings.stats.filesFromCache, 0);
      assert.match(otherSettings.files.find((file) => file.displayPath === 'a.ps1')!.findings[0].fixes.map((fix) => fix.edits.map((e) => e.newText).join('')).join(''), /KeyVault/);
    });
  });

  it('forgets deleted files after a complete scan, and keeps the entries of another folder scanned from the same place', async () => {
    await withAgedTree({ 'one/a.ts': MSAL_ROPC_TS, 'one/b.ts': MSAL_ROPC_TS, 'two/c.ps1': MSOL_PS1 }, async (root, options) => {
      await scanPaths(['one', 'two'], options);
      unlinkSync(join(root, 'one/b.ts'));
      await scanPaths(['one'], options);
      const remembered = Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: object }).entries).map((path) => path.slice(root.length + 1));
      assert.deepEqual(remembered.sort(), ['one/a.ts', 'two/c.ps1']);
      const both = await scanPaths(['one', 'two'], options);
      assert.equal(both.stats.filesFromCache, 2);
    });
  });

  it('a cancelled scan remembers no outcome of the files it stopped analysing: the next scan finds everything', async function () {
    this.timeout(120_000);
    const [header, client, call] = MSAL_ROPC_TS.split('\n');
    const dense = [header, client, ...Array.from({ length: 300 }, (_, i) => call.replace('token', `token${i}`)), ''].join('\n');
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`m${i}.ts`, dense]));
    await withAgedTree(files, async (root, options) => {
      const expected = ruleIds(await scanPaths(['.'], { baseDir: root, workers: 1 }));
      const controller = new AbortController();
      const cancelled = await scanPaths(['.'], { ...options, workers: 1, signal: controller.signal, onProgress: () => controller.abort() });
      assert.equal(cancelled.cancelled, true);
      assert.ok(ruleIds(cancelled).length < expected.length, 'the cancel came before the end');
      assert.deepEqual(ruleIds(await scanPaths(['.'], { ...options, workers: 1 })), expected);
    });
  });

  it("the secret names files read (an earlier fix's), findings or not, admitted by the prefilter or not, UTF-16 too, come back from the cache", async () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const tree = tempTree({
      'a/deploy.ps1': utf16('$pword = $env:MFA_READY_PWORD\nConnect-AzAccount -ServicePrincipal -Credential $c\n'),
      'b/vault.ps1': "$s = Get-AzKeyVaultSecret -VaultName v -Name mfa-ready-svc-password -AsPlainText\n",
      'c/read.ts': 'export const key = await readMfaReadySecret("API_KEY");\nexport const id = process.env.MFA_READY_APP_ID;\n',
      'sync.ps1': MSOL_PS1,
      'notes.txt': 'MFA_READY_NOT_CODE\n',
    });
    try {
      ageFiles(tree.root);
      const options = { baseDir: tree.root, cacheFile };
      const names = (result: ScanResult) => [...result.secretNamesRead].sort();
      assert.deepEqual(names(await scanPaths(['.'], options)), ['API_KEY', 'PWORD', 'SVC_PASSWORD']);
      const cached = await scanPaths(['.'], options);
      assert.equal(cached.stats.filesFromCache, 4);
      assert.deepEqual(names(cached), ['API_KEY', 'PWORD', 'SVC_PASSWORD']);
    } finally {
      tree.dispose();
    }
  });

  it('a damaged cache file or one of another version is reported, the scan is complete without it, and the file is rewritten; a file that is no cache is left as it is', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (root, options) => {
      mkdirSync(join(scratch, 'cache'));
      const expected = ruleIds(await scanPaths(['.'], { baseDir: root }));
      const damagedFiles = {
        '{"format":3,"ident': /not used: not valid JSON/,
        '{"format":0,"entries":[]}': /not used: not a cache of this version/,
        '': /^$/,
        // Another build's cache: started afresh without a word.
        [JSON.stringify({ format: 3, identity: 'x', entries: { [join(root, 'a.ts')]: 'nonsense' } })]: /^$/,
      };
      for (const [damaged, problem] of Object.entries(damagedFiles)) {
        writeFileSync(cacheFile, damaged);
        const result = await scanPaths(['.'], options);
        assert.deepEqual(ruleIds(result), expected);
        assert.match(result.cacheProblem ?? '', problem);
        assert.equal((await scanPaths(['.'], options)).stats.filesFromCache, 1, `rewritten after ${damaged}`);
      }
      // A mistyped cache location: the user's file is not overwritten.
      for (const foreign of ['[1,2,3]', 'null', '{ "name": "my-package", "version": "1.0.0" }\n']) {
        writeFileSync(cacheFile, foreign);
        const result = await scanPaths(['.'], options);
        assert.deepEqual(ruleIds(result), expected);
        assert.match(result.cacheProblem ?? '', /not used: not a cache file of mfa-ready: left as it is/);
        assert.equal(readFileSync(cacheFile, 'utf8'), foreign);
      }
      // Far too big to be a cache: not read whole, not replaced.
      writeFileSync(cacheFile, '{"format":3,');
      truncateSync(cacheFile, 300 * 1024 * 1024);
      assert.match((await scanPaths(['.'], options)).cacheProblem ?? '', /not used: larger than 256 MB: not a cache file of mfa-ready: left as it is/);
      assert.equal(statSync(cacheFile).size, 300 * 1024 * 1024);
      writeFileSync(cacheFile, '');
      await scanPaths(['.'], options);
      // An entry of the right identity but the wrong shape is passed over, not trusted.
      const valid = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
      valid.entries[join(root, 'a.ts')] = [1, 2, 3, 4, { findings: 'x' }];
      writeFileSync(cacheFile, JSON.stringify(valid));
      const result = await scanPaths(['.'], options);
      assert.equal(result.stats.filesFromCache, 0);
      assert.deepEqual(ruleIds(result), expected);
    });
  });

  it('an entry whose findings or notices are malformed is passed over: the file is examined afresh and the other entries still serve', async function () {
    this.timeout(120_000);
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS, 'b.ps1': MSOL_PS1 }, async (root, options) => {
      const fresh = await scanPaths(['.'], { baseDir: root });
      await scanPaths(['.'], options);
      const saved = readFileSync(cacheFile, 'utf8');
      const [finding] = (JSON.parse(saved) as { entries: Record<string, [number, number, number, number, { findings: object[] }]> }).entries[join(root, 'a.ts')][4].findings;
      const malformedOutcomes: Record<string, unknown> = {
        'a finding without its range': { notices: [], findings: [{ ruleId: 'ts-msal-ropc', severity: 'error', message: 'm', range: null, fixes: [], related: [], snippet: 's' }] },
        'a null finding': { notices: [], findings: [null] },
        'a position that is not a number': { notices: [], findings: [{ ...finding, range: { start: { line: '2', character: 0 }, end: { line: 2, character: 9 }, startOffset: 0, endOffset: 9 } }] },
        'a related location without a range': { notices: [], findings: [{ ...finding, related: [{ message: 'm' }] }] },
        'a fix whose edits are not a list': { notices: [], findings: [{ ...finding, fixes: [{ title: 't', edits: 'x', safeForFixAll: true }] }] },
        'an edit that ends before it starts': { notices: [], findings: [{ ...finding, fixes: [{ title: 't', edits: [{ startOffset: 9, endOffset: 2, newText: '' }], safeForFixAll: true }] }] },
        'an unknown severity': { notices: [], findings: [{ ...finding, severity: 'fatal' }] },
        'a notice of an unknown kind': { notices: [{ kind: 'oops', message: 'm' }], findings: [] },
      };
      for (const [what, outcome] of Object.entries(malformedOutcomes)) {
        const cache = JSON.parse(saved) as { entries: Record<string, unknown[]> };
        cache.entries[join(root, 'a.ts')][4] = outcome;
        writeFileSync(cacheFile, JSON.stringify(cache));
        const result = await scanPaths(['.'], options);
        assert.deepEqual(comparable(result), comparable(fresh), what);
        assert.equal(result.stats.filesFromCache, 1, `${what}: b.ps1's entry still serves`);
      }
    });
  });

  it('a cache that cannot be written is reported; the findings are all there', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (_root, options) => {
      writeFileSync(dirname(cacheFile), ''); // a file where the cache's folder should be
      const result = await scanPaths(['.'], options);
      assert.deepEqual(ruleIds(result), ['a.ts ts-hardcoded-password', 'a.ts ts-msal-ropc']);
      assert.match(result.cacheProblem ?? '', /not written: E[A-Z]+$/);
    });
  });

  it("a folder, a device or a symbolic link in the cache's place is reported and left as it is; the scan is complete", async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (_root, options) => {
      const expected = ['a.ts ts-hardcoded-password', 'a.ts ts-msal-ropc'];
      const userFile = join(scratch, 'notes.txt');
      writeFileSync(userFile, 'the user\'s own file');
      const places: [string, () => boolean, (stats: Stats) => boolean, RegExp][] = [
        ['a folder', () => (mkdirSync(cacheFile, { recursive: true }), true), (stats) => stats.isDirectory(), /not used: not a regular file \(a folder\)$/],
        // The null device, made here: not the system's /dev/null, which the code before this fix replaced when run as root.
        ['a device', () => spawnSync('mknod', [cacheFile, 'c', '1', '3']).status === 0, (stats) => stats.isCharacterDevice(), /not used: not a regular file \(a device\)$/],
        ['a symbolic link', () => (symlinkSync(userFile, cacheFile), true), (stats) => stats.isSymbolicLink(), /not used: a symbolic link \(not followed/],
      ];
      mkdirSync(dirname(cacheFile));
      for (const [what, make, isStill, problem] of places) {
        rmSync(cacheFile, { recursive: true, force: true });
        if (!make()) continue; // making a device takes privileges
        const result = await scanPaths(['.'], options);
        assert.deepEqual(ruleIds(result), expected, what);
        assert.match(result.cacheProblem ?? '', problem, what);
        assert.ok(isStill(lstatSync(cacheFile)), `${what} is still there`);
      }
      assert.equal(readFileSync(userFile, 'utf8'), 'the user\'s own file');
    });
  });

  it('does not write over a FIFO that came into its place during the scan', async function () {
    const cache = new ScanCache(cacheFile, 'identity');
    cache.remember(join(scratch, 'a.ts'), { size: 1, mtimeMs: 0, ctimeMs: 0, ino: 1 }, { notices: [], findings: [] });
    mkdirSync(dirname(cacheFile));
    if (spawnSync('mkfifo', [cacheFile]).status !== 0) this.skip();
    await assert.rejects(cache.save([scratch], true), /not a regular file \(a FIFO\)/);
    assert.ok(lstatSync(cacheFile).isFIFO());
  });

  it('is written for its owner only', async () => {
    await withAgedTree({ 'a.ts': MSAL_ROPC_TS }, async (_root, options) => {
      await scanPaths(['.'], options);
      assert.equal(statSync(cacheFile).mode & 0o777, 0o600);
      assert.equal(statSync(join(scratch, 'cache')).mode & 0o777, 0o700);
    });
  });
});
