import { strict as assert } from 'node:assert';
import type { LanguageId } from '../../src/engine/finding';
import { analyze, MAX_NESTING, MAX_TEXT_LENGTH, syntaxErrorCount } from '../../src/engine/analyze';
import { checkInput } from '../fuzz/properties';

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
