import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The folders from the repository's root down to `root`'s parent ([] at the root); undefined outside a repository. */
export function foldersAboveInRepository(root: string): string[] | undefined {
  const above: string[] = [];
  for (let folder = root; !existsSync(join(folder, '.git')); ) {
    if (dirname(folder) === folder) return undefined;
    folder = dirname(folder);
    above.unshift(folder);
  }
  return above;
}

/** The nearest folder from `directory` up that holds `.git` (a folder, or a worktree's file); undefined outside a repository. */
export function repositoryRoot(directory: string): string | undefined {
  const above = foldersAboveInRepository(resolve(directory));
  return above && (above[0] ?? resolve(directory));
}

/**
 * Where a repository keeps its files: `.git` itself, or, where `.git` is a file (a linked worktree, a
 * submodule), the folder it names (`own`: the index) and the main repository's that one names
 * (`common`: `info/exclude`).
 */
export function gitDirectories(repository: string): { own: string; common: string } {
  const dotGit = join(repository, '.git');
  try {
    const named = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    if (!named) return { own: dotGit, common: dotGit };
    const own = resolve(repository, named);
    const common = existsSync(join(own, 'commondir')) ? readFileSync(join(own, 'commondir'), 'utf8').trim() : '';
    return { own, common: common ? resolve(own, common) : own };
  } catch {
    return { own: dotGit, common: dotGit }; // a folder (EISDIR), as in most repositories
  }
}

/**
 * The files a repository tracks, which git scans whatever its ignore files say (committed build
 * output, generated code): read from its index. Undefined where there is no index it can read.
 */
export class TrackedFiles {
  private readonly files: Set<string>;
  private readonly folders = new Set<string>();

  private constructor(
    private readonly repository: string,
    paths: readonly string[],
  ) {
    this.files = new Set(paths);
    for (const path of paths) {
      for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) this.folders.add(path.slice(0, slash));
    }
  }

  static of(repository: string): TrackedFiles | undefined {
    const paths = indexedPaths(join(gitDirectories(repository).own, 'index'));
    return paths && new TrackedFiles(repository, paths);
  }

  /** Whether the file at `path` (absolute) is tracked. */
  has(path: string): boolean {
    const relative = this.relative(path);
    return relative !== undefined && this.files.has(relative);
  }

  /** Whether the folder at `path` (absolute) holds a tracked file, at any depth. */
  holds(path: string): boolean {
    const relative = this.relative(path);
    return relative !== undefined && this.folders.has(relative);
  }

  private relative(path: string): string | undefined {
    const prefix = this.repository.endsWith(sep) ? this.repository : this.repository + sep;
    if (!path.startsWith(prefix)) return undefined;
    const relative = path.slice(prefix.length);
    return sep === '/' ? relative : relative.split(sep).join('/');
  }
}

const ENTRY_FIXED_LENGTH = 62;
const EXTENDED_FLAG = 0x4000;

/**
 * The paths a git index lists (`DIRC`, versions 2 to 4: names padded to 8 bytes, or, in 4, each written
 * as a cut of the one before); undefined where the file is missing or is not such an index.
 */
export function indexedPaths(indexFile: string): string[] | undefined {
  let data: Buffer;
  try {
    data = readFileSync(indexFile);
  } catch {
    return undefined;
  }
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = data.readUInt32BE(4);
  const count = data.readUInt32BE(8);
  if (version < 2 || version > 4) return undefined;
  const paths: string[] = [];
  let previous: Buffer = Buffer.alloc(0);
  let at = 12;
  for (let entry = 0; entry < count; entry++) {
    const start = at;
    if (at + ENTRY_FIXED_LENGTH > data.length) return undefined;
    const extended = version >= 3 && (data.readUInt16BE(at + 60) & EXTENDED_FLAG) !== 0;
    at += ENTRY_FIXED_LENGTH + (extended ? 2 : 0);
    let strip = 0;
    if (version === 4) [strip, at] = varint(data, at);
    const end = data.indexOf(0, at);
    if (end < 0 || strip > previous.length) return undefined;
    const name = version === 4 ? Buffer.concat([previous.subarray(0, previous.length - strip), data.subarray(at, end)]) : data.subarray(at, end);
    paths.push(name.toString('utf8'));
    previous = name;
    // Versions 2 and 3 pad each entry with 1 to 8 NULs to a multiple of 8 bytes; 4 ends it with one.
    at = version === 4 ? end + 1 : start + Math.ceil((end - start + 1) / 8) * 8;
  }
  return paths;
}

/** Git's offset varint (index version 4): the number and where the bytes after it start. */
function varint(data: Buffer, at: number): [number, number] {
  let byte = data[at++] ?? 0;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    byte = data[at++] ?? 0;
    value = ((value + 1) << 7) + (byte & 0x7f);
  }
  return [value, at];
}
