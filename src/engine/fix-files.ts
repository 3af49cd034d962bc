import { access, constants, readFile, stat } from 'node:fs/promises';
import { fixAll, type FixOutcome } from './fix-all';
import type { LanguageId } from './finding';
import type { FixSettings } from './fix-settings';
import { decodeSource, encodeSource, type SourceEncoding } from './source-file';
import { wouldTakeOwnership, writeAtomically } from './write-atomically';

export interface FileFixResult extends FixOutcome {
  path: string;
  original: string;
  written: boolean;
  /** It had fixes, and may not take them: it is read-only, or another user's. */
  notWritable?: true;
  /** It had fixes, and was left as it is because it changed on disk after it was read. */
  changedMeanwhile?: true;
}

/** A file fixed in memory: its text as it was read, and the encoding to write it back in. */
export interface FixedInMemory extends FixOutcome {
  original: string;
  encoding: SourceEncoding;
}

/** Reads one file and fixes it in memory, decoded as it was written (BOM, UTF-16, line endings kept), for `writeFixedFile`. */
export async function fixFileInMemory(path: string, languageId: LanguageId, settings: FixSettings): Promise<FixedInMemory> {
  const source = decodeSource(await readFile(path));
  if (source.lossy) {
    const reason = `not valid ${source.encoding}: left unchanged`;
    return { original: source.text, encoding: source.encoding, text: source.text, applied: [], withheld: [{ reason }] };
  }
  return { ...(await fixAll(path, source.text, languageId, settings)), original: source.text, encoding: source.encoding };
}

/**
 * Writes a file fixed in memory back in its encoding, through a temporary file and a rename, unless
 * its text on disk is no longer the text that was fixed (it changed meanwhile: it is left unchanged).
 */
export async function writeFixedFile(path: string, fixed: FixedInMemory, dryRun: boolean): Promise<FileFixResult> {
  const { original, encoding, ...outcome } = fixed;
  const result: FileFixResult = { ...outcome, path, original, written: false };
  if (outcome.text === original) return result;
  const left = (reason: string): FileFixResult => ({ ...result, text: original, applied: [], withheld: [{ reason }] });
  let bytes: Buffer;
  try {
    bytes = encodeSource(outcome.text, encoding);
  } catch (error) {
    return left(`the fixed text cannot be written in the file's encoding (${(error as Error).message}): left unchanged`);
  }
  const { mode, uid, gid } = await stat(path);
  // The rename would replace it all the same: a version control that keeps files read-only until checked out (TFVC, Perforce) would not know.
  const notWritable = await whyNotWritable(path, mode, uid);
  if (notWritable && dryRun) return { ...result, withheld: [...result.withheld, { reason: `it would not be written: ${notWritable}` }], notWritable: true };
  if (notWritable) return { ...left(`${notWritable}; left unchanged`), notWritable: true };
  if (dryRun) return result;
  const now = decodeSource(await readFile(path));
  if (now.lossy || now.encoding !== encoding || now.text !== original) return { ...left('the file changed while it was being fixed: left unchanged'), changedMeanwhile: true };
  await writeAtomically(path, bytes, mode, { uid, gid });
  return { ...result, written: true };
}

/** Why the file may not be written, though its folder may: it is read-only, or another user's. */
async function whyNotWritable(path: string, mode: number, owner: number): Promise<string | undefined> {
  if ((mode & 0o222) === 0) return 'the file is read-only (not checked out, or locked): make it writable to fix it';
  if (wouldTakeOwnership(owner)) return "the file is another user's, and the fixed file would be yours: fix it as its owner";
  try {
    await access(path, constants.W_OK);
    return undefined;
  } catch {
    return 'the file is not writable by you: fix it as a user who may write it';
  }
}
