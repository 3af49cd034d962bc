import { strict as assert } from 'node:assert';
import type { LanguageId } from '../../src/engine/finding';
import { analyze } from '../../src/engine/analyze';
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
});
