import { strict as assert } from 'node:assert';
import type { LanguageId } from '../../src/engine/finding';
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
});
