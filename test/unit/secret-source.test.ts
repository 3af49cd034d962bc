import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, syntaxErrorCount } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { RULE_FIXTURES } from './fixtures';

describe('mfaReady.fix.secretSource', () => {
  const path = join(RULE_FIXTURES, 'ts-msal-ropc/esm-named.ts');
  const text = readFileSync(path, 'utf8');

  async function samFixed(secretSource: 'environment' | 'keyvault'): Promise<string> {
    const { findings } = await analyze(path, text, 'typescript', { secretSource });
    return applyEdits(text, findings[0].fixes[0].edits);
  }

  it('keyvault: generated code reads and rotates secrets in Azure Key Vault, imported once', async () => {
    const fixed = await samFixed('keyvault');
    assert.match(fixed, /^import \{ SecretClient \} from "@azure\/keyvault-secrets";$/m);
    assert.match(fixed, /^import \{ DefaultAzureCredential \} from "@azure\/identity";$/m);
    assert.match(fixed, /new SecretClient\(process\.env\.MFA_READY_KEY_VAULT_URL \?\? "", new DefaultAzureCredential\(\)\)\.getSecret\(/);
    assert.match(fixed, /\.setSecret\(`mfa-ready-\$\{name\.toLowerCase\(\)\.replace\(\/_\/g, "-"\)\}`, value\)/);
    assert.ok(!/process\.env\[`MFA_READY_/.test(fixed), 'the Key Vault variant still reads the environment');
    assert.equal(await syntaxErrorCount(fixed, 'typescript'), 0);
  });

  it('environment: generated code reads MFA_READY_* variables and imports nothing else', async () => {
    const fixed = await samFixed('environment');
    assert.match(fixed, /process\.env\[`MFA_READY_\$\{name\}`\]/);
    assert.ok(!fixed.includes('@azure/keyvault-secrets'));
  });
});

describe('mfaReady.fix.secretSource: secretmanagement', () => {
  it('TypeScript fixes read the environment for it', async () => {
    const path = join(RULE_FIXTURES, 'ts-msal-ropc/esm-named.ts');
    const text = readFileSync(path, 'utf8');
    const edits = async (secretSource: 'environment' | 'secretmanagement') =>
      applyEdits(text, (await analyze(path, text, 'typescript', { secretSource })).findings[0].fixes[0].edits);
    assert.equal(await edits('secretmanagement'), await edits('environment'));
  });
});
