import { vaultSecretName, type SecretSource } from './fix-settings';

/**
 * How the code fixes write names a secret it reads: `MFA_READY_<NAME>` (the environment, Automation
 * variables), `mfa-ready-<name>` (Key Vault, SecretManagement), or the TypeScript helper's
 * `readMfaReadySecret("<NAME>")`, whose source is the setting's.
 */
const SECRET_REFERENCE = /\bMFA_READY_[A-Z0-9_]*[A-Z0-9]\b|\bmfa-ready-[a-z0-9]+(?:-[a-z0-9]+)*\b|\breadMfaReadySecret\(\s*["']([A-Z0-9_]+)["']/g;

/** The secrets the fixed text reads that the original did not: what to set up before the fixed code runs. */
export function secretsAddedByFix(original: string, fixed: string, source: SecretSource): string[] {
  const before = secretReferences(original, source);
  return [...secretReferences(fixed, source)].filter((name) => !before.has(name));
}

function secretReferences(text: string, source: SecretSource): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(SECRET_REFERENCE)) {
    const helperRead = match[1];
    names.add(helperRead === undefined ? match[0] : source === 'keyvault' ? vaultSecretName(helperRead) : `MFA_READY_${helperRead}`);
  }
  return names;
}
