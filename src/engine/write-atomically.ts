import { randomBytes } from 'node:crypto';
import { chmod, chown, realpath, rename, unlink, writeFile } from 'node:fs/promises';

/**
 * Writes `content` to `path` through a new temporary file beside it and a rename, so that a reader
 * never sees half a file; the file gets exactly `mode`, and the `owner` it had where the system lets
 * the writer give it (root may; see `wouldTakeOwnership`). Nothing is left behind when it fails.
 */
export async function writeAtomically(path: string, content: Buffer | string, mode: number, owner?: { uid: number; gid: number }): Promise<void> {
  // A symbolic link (a file named on the command line may be one) stays a link: its target is rewritten.
  const target = await realpath(path).catch(() => path);
  const temporary = `${target}.mfa-ready-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    // Owner first: a chown clears the set-user-ID and set-group-ID bits that the chmod then gives back.
    if (owner && process.platform !== 'win32') await chown(temporary, owner.uid, owner.gid).catch(() => undefined);
    await chmod(temporary, mode); // writeFile's mode passes through the umask
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Whether a file of `uid` written anew by this process would become this user's: only root gives files
 * away. Such a file is not rewritten (writing it in place instead could leave it half-written).
 */
export function wouldTakeOwnership(uid: number): boolean {
  const self = process.getuid?.();
  return self !== undefined && self !== 0 && self !== uid;
}
