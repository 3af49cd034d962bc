import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

export interface LoadedBundle {
  exports: unknown;
  /** What became of V8's code cache: read, written (there was none, or V8 rejected it), or neither. */
  cache: 'read' | 'written' | 'unwritable' | 'off';
}

/**
 * Requires a CommonJS bundle through V8's code cache. Compiling the TypeScript parser's bundle (4 MB)
 * cost 0.4–0.55 s at every start of a scan worker or of the extension host; from the cache of an
 * earlier run, 0.15–0.2 s. V8 checks a cache against its own version, flags and the source, and
 * rejects one that does not fit: it is then written again. `cacheDir` undefined: no cache. The
 * bundle runs as a script, so it must not `import()` (a script has no loader for that).
 */
export function loadWithCodeCache(file: string, cacheDir: string | undefined): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir && join(cacheDir, cacheNameOf(file, source));
  const cachedData = cacheFile ? readIfThere(cacheFile) : undefined;
  const script = new Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (!cacheFile) return { exports: module.exports, cache: 'off' };
  if (cachedData && !script.cachedDataRejected) return { exports: module.exports, cache: 'read' };
  return { exports: module.exports, cache: writeCache(cacheFile, script.createCachedData(), installOf(file)) ? 'written' : 'unwritable' };
}

/** `MFA_READY_CODE_CACHE` (a folder, or `off`), else `mfa-ready/code-cache` in the user's cache folder. */
export function defaultCodeCacheDir(): string | undefined {
  const chosen = process.env.MFA_READY_CODE_CACHE;
  if (chosen) return chosen === 'off' ? undefined : chosen;
  const cacheHome = process.env.XDG_CACHE_HOME || (process.platform === 'win32' && process.env.LOCALAPPDATA) || join(homedir(), '.cache');
  return join(cacheHome, 'mfa-ready', 'code-cache');
}

/**
 * One cache per install of the bundle, per content and per V8 (Node's and Electron's differ). The
 * content's hash, as V8 checks only the source's length, and npm gives every file one fixed time.
 */
function cacheNameOf(file: string, source: string): string {
  return `${installOf(file)}${createHash('sha256').update(source).digest('hex').slice(0, 16)}${V8_SUFFIX}`;
}

/** The bundle's name and where it is installed: installs do not take each other's caches away. */
function installOf(file: string): string {
  return `${basename(file)}-${createHash('sha256').update(dirname(file)).digest('hex').slice(0, 8)}-`;
}

const V8_SUFFIX = `-v8-${process.versions.v8}-${process.arch}.bin`;

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written through a temporary file and a rename (workers may write at once); the bundle's older caches go. */
function writeCache(file: string, data: Buffer, install: string): boolean {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    removeQuietly(temporary);
    return false;
  }
  removeOlderCaches(file, install);
  return true;
}

/**
 * The caches of this install's earlier builds, for this V8 (another V8 keeps its own), and temporary
 * files a run that ended while writing left behind.
 */
function removeOlderCaches(file: string, install: string): void {
  const folder = dirname(file);
  const stale = Date.now() - 10 * 60_000;
  try {
    for (const name of readdirSync(folder)) {
      if (name === basename(file) || !name.startsWith(install)) continue;
      if (name.endsWith(V8_SUFFIX) || (name.endsWith('.tmp') && statSync(join(folder, name)).mtimeMs < stale)) removeQuietly(join(folder, name));
    }
  } catch {
    // The folder went, or another run pruned it first: what is left goes the next time.
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not there, or not ours to remove: a stale cache file only takes room.
  }
}
