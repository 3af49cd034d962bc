import { fixAll } from './fix-all';
import { fixFileInMemory, type FixedInMemory } from './fix-files';
import type { LanguageId } from './finding';
import { SHARED_SECRET_NAMES, vaultSecretName, type FixSettings, type SecretSource } from './fix-settings';

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

/** The secrets a text names, each by its bare name (`PWORD` for `MFA_READY_PWORD` and `mfa-ready-pword`). */
function secretNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(SECRET_REFERENCE)) {
    names.add(match[1] ?? match[0].replace(/^(?:MFA_READY_|mfa-ready-)/, '').replace(/-/g, '_').toUpperCase());
  }
  return names;
}

/** The script's own secrets (not the app registration's) that a fix moved out of the code under a new name. */
function ownSecretsAddedByFix(fixed: FixedInMemory): string[] {
  const before = secretNamesIn(fixed.original);
  return [...secretNamesIn(fixed.text)].filter((name) => !before.has(name) && !SHARED_SECRET_NAMES.has(name));
}

/** A file `fix` is to fix: as the scan fixed it in memory, if it did. */
export interface FileToFix {
  path: string;
  languageId: LanguageId;
  fixed?: FixedInMemory;
}

/**
 * The files' fixes, each script's own secrets named apart across the run: two files' literals
 * (`$pword = '…'` in two scripts) are two secrets, of two accounts or apps and rotated apart, even where
 * their variables share a name, so one setting must not feed both. The app registration's names stay
 * shared. Files are taken in path order, so the names do not depend on the walk or the workers; a file
 * whose fix took a name an earlier file took, or one another file of the run reads already, is fixed
 * again with those names reserved. A file that cannot be read is left out (writing it says why).
 */
export async function fixesWithSecretsApart(files: readonly FileToFix[], settings: FixSettings): Promise<Map<string, FixedInMemory>> {
  const fixes = new Map<string, FixedInMemory>();
  const inPathOrder = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of inPathOrder) {
    const fixed = file.fixed ?? (await fixFileInMemory(file.path, file.languageId, settings).catch(() => undefined));
    if (fixed) fixes.set(file.path, fixed);
  }
  const taken = new Set([...fixes.values()].flatMap((fixed) => [...secretNamesIn(fixed.original)].filter((name) => !SHARED_SECRET_NAMES.has(name))));
  for (const file of inPathOrder) {
    let fixed = fixes.get(file.path);
    if (!fixed) continue;
    if (ownSecretsAddedByFix(fixed).some((name) => taken.has(name))) {
      const apart = await fixAll(file.path, fixed.original, file.languageId, { ...settings, reservedSecretNames: [...taken] });
      fixed = { ...apart, original: fixed.original, encoding: fixed.encoding };
      fixes.set(file.path, fixed);
    }
    for (const name of ownSecretsAddedByFix(fixed)) taken.add(name);
  }
  return fixes;
}
