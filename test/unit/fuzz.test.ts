import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { AnalysisResult, LanguageId } from '../../src/engine/finding';
import { analyze, fixedNestingBound, MAX_NESTING, MAX_TEXT_LENGTH, nestingBound, nestingDepth, syntaxErrorCount, verifyFixes } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { prefilter } from '../../src/engine/prefilter';
import { scanPaths } from '../../src/engine/scan';
import { fuzzFixtures, runCampaign } from '../fuzz/campaign';
import { byteMutations, random, singleLine } from '../fuzz/mutators';
import { checkInput, NOTICE_KINDS } from '../fuzz/properties';
import { REPO_ROOT } from './fixtures';

/** Every property of test/fuzz/properties.ts holds for this input. */
async function holds(fixture: string, languageId: LanguageId, text: string): Promise<void> {
  const outcome = await checkInput({ fixture, mutation: 'regression', languageId, text });
  assert.deepEqual(outcome.problems, []);
}

describe('fuzz regressions: inputs the fuzzer found', () => {
  it('az login with a no-break space or a line separator between its arguments (looped until out of memory)', async () => {
    await holds('nbsp.ps1', 'powershell', 'az login --username u@contoso.com --password $pw\u00a0--tenant t\n');
    await holds('ls.ps1', 'powershell', 'az login --username=ops@contoso.com --password=$pw --tenant contoso.onmicrosoft.com\u2028Write-Host done\n\r');
  });

  it('az login whose script ends in a backtick (the finding and its fixes ended one past the text)', async () => {
    const text = 'az login `\n    --username $User `\n    --password $Password `';
    const result = await analyze('backtick.ps1', text, 'powershell');
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].range.endOffset, text.length);
    await holds('backtick.ps1', 'powershell', text);
  });

  it('a grant_type=password body whose removed property ends in a // comment closed by U+2028 (fixAll threw: overlapping edits)', async () => {
    const text = 'import got from "got";\nconst token = await got.post("https://login.microsoftonline.com/t/oauth2/v2.0/token", { form: {\n' +
      '\tgrant_type: "password",\n\tclient_id: process.env.APP_ID,\n\tusername: process.env.USER, // the reader\u2028\tpassword: process.env.PASSWORD\n} }).json();\n';
    const result = await analyze('u2028.mjs', text, 'javascript');
    assert.ok(result.findings.some((f) => f.ruleId === 'ts-ropc-http' && f.fixes.length > 0));
    await holds('u2028.mjs', 'javascript', text);
  });

  it('verifyFixes withholds a fix whose edits overlap (a rule bug) instead of throwing out of fixAll and the CLI', async () => {
    const text = 'const a = 1;\n';
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 }, startOffset: 0, endOffset: 5 };
    const fix = { title: 'overlapping', safeForFixAll: true, edits: [{ startOffset: 0, endOffset: 8, newText: '' }, { startOffset: 4, endOffset: 6, newText: 'b' }] };
    const finding = { ruleId: 'ts-ropc-http', severity: 'error' as const, message: 'm', range, language: 'typescript' as const, snippet: '', fixes: [fix], related: [], fingerprint: 'f' };
    const analysis: AnalysisResult = { findings: [finding], notices: [], syntaxErrors: 0 };
    await verifyFixes([finding], analysis, 'overlap.ts', text, 'typescript');
    assert.deepEqual(finding.fixes, []);
    assert.deepEqual(analysis.notices.map((n) => n.kind), ['fix-withheld']);
  });

  it('a PowerShell script parsed from the tree of a broken edit equals a fresh parse (a hashtable key kept a stale blank)', async () => {
    const script = (splat: string, comment = "the site's host") =>
      `# PnP takes a token for ${comment}.\n$cred = Get-Credential\n$pnp = ${splat}\nConnect-PnPOnline @pnp\n`;
    const clean = script('@{ Url = $siteUrl; Credentials = $cred }');
    const broken = script('@ Url = $siteUrl; Credentials = $cred }');
    const edited = script('@{ Url = $siteUrl; Credentials = $cred }', 'the sites host');
    const path = '/fuzz/regression/kept-splat.ps1';
    await analyze(path, broken, 'powershell');
    await analyze(path, clean, 'powershell');
    const incremental = await analyze(path, edited, 'powershell');
    const fresh = await analyze('/fuzz/regression/fresh-splat.ps1', edited, 'powershell');
    assert.deepEqual(incremental, fresh);
    assert.equal(fresh.findings.length, 1);
    assert.ok(fresh.findings[0].fixes.length > 0, 'the splatted Url is read: the fix is offered');
  });

  it('10,000 levels of brackets are skipped with a notice, not a stack overflow (was internal-error: Maximum call stack size exceeded)', async () => {
    const cases: [string, LanguageId, string][] = [
      ['nest.ts', 'typescript', `pca.acquireTokenByUsernamePassword(${'['.repeat(10_000)}${']'.repeat(10_000)});\n`],
      ['open.ts', 'typescript', `pca.acquireTokenByUsernamePassword({ ${'{a:'.repeat(10_000)}\n`],
      ['nest.ps1', 'powershell', `Connect-MsolService -Credential $c\n${'& {'.repeat(10_000)}${'}'.repeat(10_000)}\n`],
    ];
    for (const [path, languageId, text] of cases) {
      const result = await analyze(path, text, languageId);
      assert.deepEqual(result.notices, [{ path, kind: 'skipped', message: `brackets nested deeper than ${MAX_NESTING} levels: not parsed` }]);
      assert.equal(await syntaxErrorCount(text, languageId), Number.POSITIVE_INFINITY);
      await holds(path, languageId, text);
    }
  });

  it('an edit that nests brackets past the limit is skipped, however the file was nested before; the bound never falls below the depth', async () => {
    const path = '/fuzz/edited-nesting.ts';
    const shallow = 'pca.acquireTokenByUsernamePassword(request);\nconst x = f(a[0], { b: 1 });\n';
    assert.equal((await analyze(path, shallow, 'typescript')).notices.length, 0);
    const deep = shallow.replace('a[0]', `${'['.repeat(MAX_NESTING)}0${']'.repeat(MAX_NESTING)}`);
    assert.deepEqual((await analyze(path, deep, 'typescript')).notices.map((n) => n.kind), ['skipped']);
    // Removing a closing bracket deepens what follows: `(x) [[…]]` at the limit becomes `(x [[…]]`, one past it.
    const atLimit = `pca.acquireTokenByUsernamePassword(request);\nf(x);\n${'['.repeat(MAX_NESTING)}0${']'.repeat(MAX_NESTING)};\n`;
    assert.equal((await analyze(path, atLimit, 'typescript')).notices.length, 0);
    assert.deepEqual((await analyze(path, atLimit.replace('f(x);', 'f(x;'), 'typescript')).notices.map((n) => n.kind), ['skipped']);
    const next = random(23);
    let text = shallow;
    nestingBound('/fuzz/bound.ts', text);
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(next() * (text.length + 1));
      text = next() < 0.6 ? text.slice(0, at) + '([{}])'[Math.floor(next() * 6)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
      assert.ok(nestingBound('/fuzz/bound.ts', text) >= nestingDepth(text), `edit ${i}`);
    }
  });

  it("a fix's nesting is bounded from the analysed text's and its edits, never below the fixed text's depth; past the limit the fix is withheld", async () => {
    const next = random(29);
    const pick = (chars: string, length: number) => Array.from({ length }, () => chars[Math.floor(next() * chars.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const text = pick('([{}])x\n', 40 + Math.floor(next() * 200));
      const cuts = Array.from({ length: 6 }, () => Math.floor(next() * (text.length + 1))).sort((a, b) => a - b);
      const edits = [0, 2, 4].map((k) => ({ startOffset: cuts[k], endOffset: cuts[k + 1], newText: pick('([{}])x', Math.floor(next() * 8)) }));
      const fixed = applyEdits(text, edits);
      assert.ok(fixedNestingBound(fixed, { path: 'bound.ts', text, edits, depth: nestingDepth(text) }) >= nestingDepth(fixed), `case ${i}`);
    }
    // A fix that removes the closing bracket before a block nested to the limit nests it one past.
    const text = `pca.acquireTokenByUsernamePassword(request);\nf(x);\n${'['.repeat(MAX_NESTING)}0${']'.repeat(MAX_NESTING)};\n`;
    const at = text.indexOf('x);') + 1;
    const edits = [{ startOffset: at, endOffset: at + 1, newText: '' }];
    const fixed = applyEdits(text, edits);
    assert.equal(nestingDepth(fixed), MAX_NESTING + 1);
    assert.equal(await syntaxErrorCount(fixed, 'typescript', { path: 'limit.ts', text, edits, depth: nestingDepth(text) }), Number.POSITIVE_INFINITY);
  });

  it("code on which TypeScript's parser asserts is skipped with a notice that says so (was internal-error: Debug Failure. False expression.)", async () => {
    const path = '/fuzz/regression/for-await-assertion.mjs';
    // From the fuzzer (seed 31): `@(` typed after `for await (…)` inside a `try` block of a fixture.
    const fixture = readFileSync(join(REPO_ROOT, 'test/fixtures/rules/ts-mail-basic-auth/imapflow-top-level.mjs'), 'utf8');
    const at = fixture.indexOf('))', fixture.indexOf('for await (')) + 2;
    const text = `${fixture.slice(0, at)}@(${fixture.slice(at)}`;
    assert.match(text, /for await \(const message of client\.fetch\("1:\*", \{ envelope: true \}\)\)@\( \{/);
    const result = await analyze(path, text, 'javascript');
    assert.deepEqual(result.notices.map((n) => [n.kind, n.message]), [
      ['skipped', 'the TypeScript parser failed on this code (an internal assertion of TypeScript, as it happens with some syntax errors): not analysed'],
    ]);
    assert.ok((await syntaxErrorCount(text, 'javascript')) > 0, 'counting syntax errors (for fixes) still works on it');
    await holds(path, 'javascript', text);
  });

  it('a 10,000-term chain the parser recurses on is skipped with a notice (the stack overflow is caught as such)', async () => {
    for (const [path, languageId, text] of [
      ['chain.ts', 'typescript', `pca.acquireTokenByUsernamePassword(x);\nconst s = ${Array(10_000).fill("'a'").join(' + ')};\n`],
      ['generic.ts', 'typescript', `pca.acquireTokenByUsernamePassword(x);\nlet t: ${'A<'.repeat(10_000)}B${'>'.repeat(10_000)};\n`],
    ] as [string, LanguageId, string][]) {
      const result = await analyze(path, text, languageId);
      assert.deepEqual(result.notices.map((n) => [n.kind, n.message]), [['skipped', 'nested too deeply to parse: the parser ran out of stack']]);
      await holds(path, languageId, text);
    }
  });

  it('PowerShell nested just under the limit, with syntax errors at the bottom, is analysed', async () => {
    const depth = MAX_NESTING - 1;
    const text = `${'if ($a) { '.repeat(depth)}Connect-MsolService -Credential $c${' }'.repeat(depth)}\n${'@('.repeat(depth)}`;
    const result = await analyze('deep.ps1', text, 'powershell');
    assert.equal(result.findings.length, 1);
    assert.ok(result.notices.every((n) => n.kind === 'parse-error'));
    await holds('deep.ps1', 'powershell', text);
  });

  it('a 50 MB single line handed to analyze (as the editor would) is skipped with a notice (took 9 s for TS, 29 s for PowerShell)', async () => {
    const line = `Connect-MsolService -Credential $c # ${'x'.repeat(50_000_000)}`;
    const result = await analyze('huge.ps1', line, 'powershell');
    assert.deepEqual(result.notices.map((n) => n.kind), ['skipped']);
    assert.match(result.notices[0].message, /longer than the limit of 2,097,152 characters \(50,000,0\d\d\): not parsed/);
    assert.equal(MAX_TEXT_LENGTH, 2 * 1024 * 1024);
  });
});

// The bounded run of `npm test`; `npm run fuzz` runs the same properties longer (see scripts/fuzz.mjs).
const SEED = Number(process.env.MFA_READY_FUZZ_SEED ?? 20240612);
let inputsTried = 0;

describe('fuzz: mutated fixtures (bounded)', function () {
  // A bound for a hang, not for speed: the run takes about 2 minutes on a machine of two idle cores.
  this.timeout(900_000);
  after(() => console.log(`      fuzz: ${inputsTried} inputs tried (seed ${SEED})`));

  it('every fixture, truncated, bit-flipped, unbalanced, re-ended, nested 10,000 deep: analyze, the incremental parsers and fixAll keep their properties', async () => {
    const report = await runCampaign({ seed: SEED, perMutator: 2, truncations: 6, nests: 1, bracketNestsOnly: true });
    inputsTried += report.inputsTried;
    const slowest = report.slowest[0];
    console.log(`      ${report.inputsTried} text inputs; slowest: ${slowest.fixture} ${slowest.mutation} (analyze ${slowest.analyzeMs.toFixed(0)} ms, fixAll ${slowest.fixMs.toFixed(0)} ms)`);
    const failures = report.failures.map((f) => `${f.input.fixture} ${f.input.mutation}: ${f.problems.join('; ')}`);
    assert.deepEqual(failures, []);
  });

  describe('byte-level inputs: NUL, invalid UTF-8, UTF-16 with and without BOM, CRLF, lone CR, a 50 MB single line', () => {
    let root: string;
    const expectedSkips = new Map<string, RegExp>();
    const lossy = new Set<string>();

    before(() => {
      root = mkdtempSync(join(tmpdir(), 'mfa-ready-fuzz-bytes-'));
      const next = random(SEED);
      const seenRules = new Set<string>();
      for (const fixture of fuzzFixtures()) {
        const [ruleId, file] = fixture.name.split('/');
        if (seenRules.has(ruleId)) continue;
        seenRules.add(ruleId);
        mkdirSync(join(root, ruleId));
        for (const input of byteMutations(fixture.bytes, next)) {
          const name = `${ruleId}/${input.mutation.replace(/[^\w-]/g, '_')}-${file}`;
          writeFileSync(join(root, name), input.bytes);
          inputsTried++;
          if (input.bytes.subarray(0, 8000).includes(0) && !(input.bytes[0] === 0xff && input.bytes[1] === 0xfe) && !(input.bytes[0] === 0xfe && input.bytes[1] === 0xff)) {
            expectedSkips.set(name, input.mutation === 'utf16le-no-bom' ? /UTF-16 text without a byte order mark, it seems: not read/ : /binary content \(NUL bytes\)/);
          } else if (/invalid-utf8|truncated-utf8/.test(input.mutation) && prefilter.admitsBytes(input.bytes, fixture.languageId)) {
            // Only a file the scan decodes can be told to have lost bytes: one whose trigger word the mutation broke is not read further.
            lossy.add(name);
          }
        }
        const language = fixture.languageId === 'powershell' ? 'ps' : 'ts';
        if (ruleId === 'ts-msal-ropc' || ruleId === 'ps-connect-user-credential') {
          const huge = `${ruleId}/single-line-50mb${extname(file)}`;
          writeFileSync(join(root, huge), singleLine(fixture.bytes, 50 * 1000 * 1000, language));
          expectedSkips.set(huge, /larger than the 2\.0 MiB limit \(47\.7 MiB\)/);
          writeFileSync(join(root, `${ruleId}/single-line-1mb${extname(file)}`), singleLine(fixture.bytes, 1000 * 1000, language));
          inputsTried += 2;
        }
      }
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('scanPaths finishes, reports offsets inside each text, and lists every skipped file with its reason', async () => {
      const scan = await scanPaths(['.'], { baseDir: root, verifyFixes: true });
      for (const notice of scan.notices) {
        assert.ok(NOTICE_KINDS.includes(notice.kind) && notice.kind !== 'internal-error', `${notice.path}: ${notice.kind}: ${notice.message}`);
      }
      for (const [path, reason] of expectedSkips) {
        const notice = scan.notices.find((n) => n.path === path && n.kind === 'skipped');
        assert.ok(notice, `no skipped notice for ${path}`);
        assert.match(notice.message, reason);
      }
      for (const path of lossy) assert.ok(scan.notices.some((n) => n.path === path && n.kind === 'encoding'), `no encoding notice for ${path}`);
      for (const file of scan.files) {
        assert.ok(!expectedSkips.has(file.displayPath), `${file.displayPath} was skipped but has findings`);
        for (const finding of file.findings) assert.ok(finding.range.startOffset <= finding.range.endOffset && finding.range.startOffset >= 0);
      }
      assert.ok(scan.files.length > 0, 'the readable mutations still have findings');
    });

    it('the CLI lists the skipped files and why, in text, JSON and SARIF (toolExecutionNotifications)', () => {
      const cliPath = join(REPO_ROOT, 'dist/cli.js');
      assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run npm run build first');
      const run = (format: string) => {
        const result = spawnSync(process.execPath, [cliPath, 'scan', '.', '--format', format, '--fail-on', 'none'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        assert.equal(result.status, 0, result.stderr);
        return result.stdout;
      };
      const text = run('text');
      const json = JSON.parse(run('json')) as { notices: { path: string; kind: string; message: string }[] };
      const sarif = JSON.parse(run('sarif')) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string }; descriptor: { id: string } }[] }[] }[] };
      const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications;
      for (const [path, reason] of expectedSkips) {
        assert.ok(text.split('\n').some((line) => line.includes(`${path}: skipped: `) && reason.test(line)), `text report lacks ${path}`);
        assert.ok(json.notices.some((n) => n.path === path && n.kind === 'skipped' && reason.test(n.message)), `JSON report lacks ${path}`);
        assert.ok(notifications.some((n) => n.descriptor.id === 'skipped' && n.message.text.startsWith(`${path}: `) && reason.test(n.message.text)), `SARIF lacks ${path}`);
      }
      assert.ok(!notifications.some((n) => n.descriptor.id === 'internal-error'));
    });
  });
});
