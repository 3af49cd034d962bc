import { readFile, stat } from 'node:fs/promises';
import { fixAll, type FixOutcome } from './fix-all';
import type { LanguageId } from './finding';
import type { FixSettings } from './fix-settings';
import { decodeSource, encodeSource } from './source-file';
import { writeAtomically } from './write-atomically';

export interface FileFixResult extends FixOutcome {
  path: string;
  original: string;
  written: boolean;
}

/**
 * Fixes one file on disk: decoded as it was written (BOM, UTF-16, line endings kept), fixed, and
 * written back through a temporary file and a rename, unless the file changed since it was read or
 * its bytes were not valid text.
 */
export async function fixFileOnDisk(path: string, languageId: LanguageId, dryRun: boolean, settings: FixSettings): Promise<FileFixResult> {
  const before = await stat(path);
  const bytes = await readFile(path);
  const source = decodeSource(bytes);
  const base = { path, original: source.text, written: false };
  if (source.lossy) {
    return { ...base, text: source.text, applied: [], withheld: [{ reason: `not valid ${source.encoding}: left unchanged` }] };
  }
  const outcome = await fixAll(path, source.text, languageId, settings);
  if (dryRun || outcome.text === source.text) return { ...base, ...outcome };
  const now = await stat(path);
  if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || !(await readFile(path)).equals(bytes)) {
    return { ...base, ...outcome, text: source.text, applied: [], withheld: [{ reason: 'the file changed while it was being fixed: left unchanged' }] };
  }
  await writeAtomically(path, encodeSource(outcome.text, source.encoding), now.mode);
  return { ...base, ...outcome, written: true };
}
