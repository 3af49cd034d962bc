import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { LANGUAGE_IDS, type Finding, type Fix, type LanguageId, type Notice, type Position, type RelatedLocation, type Severity, type SourceRange, type TextEdit } from './finding';
import { BUILD_ID, VERSION } from './version';
import { writeAtomically } from './write-atomically';

/** A file's metadata when it was examined: while it is the same, so is the file (as git's index assumes). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** What examining one file gave, without its path (the same file may be shown by another path next time). */
export interface CachedOutcome {
  notices: Omit<Notice, 'path'>[];
  findings: Finding[];
  /** The scripts' own secrets the file names (`ownSecretNamesInFile`), where it names any. */
  secretNames?: string[];
}

/** The hash of the file's bytes is kept for files past the prefilter (analysed, or settled by the comment scan): those are worth recognising by content. */
type Entry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, outcome: CachedOutcome | 0, contentHash?: string];

/**
 * Bumped when the file's layout changes, or what it may hold (2: a fix that keeps a secret of its file
 * is held without its edits; 3: the secret names a file reads).
 */
const CACHE_FORMAT = 3;
/** How every cache file mfa-ready writes starts, whatever its format (a damaged one too). */
const CACHE_START = '{"format":';
/** A cache of 20,000 files takes 3.5 MB; a file far larger is something else, and reading it whole would take long. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
const TOO_BIG = Symbol('too big');
const NOT_A_CACHE = 'not a cache file of mfa-ready: left as it is (name another file, or remove this one)';

/**
 * Timestamps are coarse on some file systems (a second or two): a file changed this close to the scan
 * could change again without its stamp changing, so it is examined again next time (git's "racy clean").
 */
const RACY_WINDOW_MS = 2000;

/** Notices that say the file could not be examined this time: never remembered. */
const TRANSIENT_NOTICES = new Set<Notice['kind']>(['unreadable', 'internal-error']);

/**
 * The outcomes of earlier scans, kept in one JSON file per folder the CLI runs from. An entry stands
 * while the file's size, modification and change times and inode are the same, or, for a file that
 * needed analysing, while its bytes hash the same; and only under the same engine build and settings:
 * anything else starts empty. Holds what reports hold (findings with masked snippets, fixes, notices)
 * and hashes, never file contents.
 */
export class ScanCache {
  /** Checked one by one, down to every finding's positions and edits, when used: a file from elsewhere may hold anything. */
  private readonly previous: Map<string, unknown>;
  private readonly current = new Map<string, Entry>();
  /** Files this scan examined: their old entries stay when the new outcome is too fresh to remember. */
  private readonly seen = new Set<string>();
  /** Whether this scan remembered anything new (else an unchanged tree leaves the file as it is). */
  private changed = false;
  private readonly startedAt = Date.now();
  /** Why the file on disk was not used, when it existed but did not fit. */
  readonly problem?: string;
  /** False when the cache's place holds what must not be replaced (see `Loaded.refused`). */
  private readonly replaceable: boolean;

  constructor(
    readonly file: string,
    private readonly identity: string,
  ) {
    const loaded = loadEntries(file, identity);
    this.previous = loaded.entries;
    this.problem = loaded.problem;
    this.replaceable = !loaded.refused;
  }

  /** The file's stamp, or undefined for anything that is not a regular file that can be stat'ed. */
  stampOf(path: string): FileStamp | undefined {
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats?.isFile()) return undefined;
      return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
    } catch {
      return undefined;
    }
  }

  lookup(path: string, stamp: FileStamp): CachedOutcome | undefined {
    this.seen.add(path);
    const entry = this.previous.get(path);
    if (!isEntry(entry) || !sameStamp(entry, stamp)) return undefined;
    this.current.set(path, entry);
    return entry[4] || cleanOutcome();
  }

  /** The outcome remembered for the file when its bytes were the same, whatever its stamp is now. */
  lookupContent(path: string, contentHash: string): CachedOutcome | undefined {
    const entry = this.previous.get(path);
    if (!isEntry(entry) || entry[5] !== contentHash) return undefined;
    return entry[4] || cleanOutcome();
  }

  remember(path: string, stamp: FileStamp, outcome: CachedOutcome, contentHash?: string): void {
    if (stamp.mtimeMs > this.startedAt - RACY_WINDOW_MS) return;
    if (outcome.notices.some((notice) => TRANSIENT_NOTICES.has(notice.kind))) return;
    const isClean = !outcome.notices.length && !outcome.findings.length && !outcome.secretNames?.length;
    const entry: Entry = [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, isClean ? 0 : withoutKeptSecrets(outcome)];
    if (contentHash) entry.push(contentHash);
    this.current.set(path, entry);
    this.changed = true;
  }

  /**
   * Writes what this scan saw, and the entries of files outside `scannedRoots` (another folder scanned
   * from here). After a complete scan, entries under the roots that it did not see are dropped: those
   * files are gone or excluded now. A file seen but changed too recently keeps its old entry: its stamp
   * can no longer match, its content hash still can. Leaves the file alone when nothing changed; rejects
   * when it cannot be written.
   */
  async save(scannedRoots: readonly string[], complete: boolean): Promise<void> {
    const under = (path: string) => scannedRoots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
    const entries: Record<string, Entry> = {};
    let dropped = false;
    for (const [path, entry] of this.previous) {
      if (this.current.has(path)) continue; // replaced below: not worth checking again
      const stays = this.seen.has(path) || !complete || !under(path);
      if (stays && isEntry(entry)) entries[path] = entry;
      else dropped = true;
    }
    if (!this.replaceable || (!this.changed && !dropped)) return;
    for (const [path, entry] of this.current) entries[path] = entry;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    // The scan took a while: whatever came into the cache's place meanwhile is not replaced either.
    const refused = refusalOf(lstatSync(this.file, { throwIfNoEntry: false }));
    if (refused) throw new Error(refused);
    await writeAtomically(this.file, JSON.stringify({ format: CACHE_FORMAT, identity: this.identity, entries }), 0o600);
  }
}

const cleanOutcome = (): CachedOutcome => ({ notices: [], findings: [] });

/**
 * The outcome as the cache keeps it: a fix whose text keeps a secret of the file is remembered without
 * its edits. Reports show such a fix by its title only, and `mfa-ready fix` reads the file afresh.
 */
function withoutKeptSecrets(outcome: CachedOutcome): CachedOutcome {
  if (!outcome.findings.some((finding) => finding.fixes.some((fix) => fix.keepsSecret))) return outcome;
  const findings = outcome.findings.map((finding) => ({ ...finding, fixes: finding.fixes.map((fix) => (fix.keepsSecret ? { ...fix, edits: [] } : fix)) }));
  return { ...outcome, findings };
}

function sameStamp(entry: Entry, stamp: FileStamp): boolean {
  return entry[0] === stamp.size && entry[1] === stamp.mtimeMs && entry[2] === stamp.ctimeMs && entry[3] === stamp.ino;
}

interface Loaded {
  entries: Map<string, unknown>;
  problem?: string;
  /** What is there is not to be replaced: no regular file, one this user cannot read, or no cache of mfa-ready. */
  refused?: boolean;
}

function loadEntries(file: string, identity: string): Loaded {
  let text: ReturnType<typeof readRegularFile>;
  try {
    const refused = refusalOf(lstatSync(file, { throwIfNoEntry: false }));
    if (refused) return { entries: new Map(), problem: refused, refused: true };
    text = readRegularFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file this user cannot read may be anyone's: it is not replaced either.
    return code === 'ENOENT' || code === 'ENOTDIR' ? { entries: new Map() } : { entries: new Map(), problem: `not readable (${code ?? 'error'}): left as it is`, refused: true };
  }
  if (text === undefined) return { entries: new Map(), problem: 'not a regular file', refused: true };
  if (text === TOO_BIG) return { entries: new Map(), problem: `larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB: ${NOT_A_CACHE}`, refused: true };
  // A mistyped --cache-location (package.json, say) must not be overwritten at the end of the scan.
  if (!text.trim()) return { entries: new Map() };
  if (!text.startsWith(CACHE_START)) return { entries: new Map(), problem: NOT_A_CACHE, refused: true };
  let parsed: { format?: unknown; identity?: unknown; entries?: unknown } | null;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return { entries: new Map(), problem: 'not valid JSON' };
  }
  if (parsed?.format !== CACHE_FORMAT || typeof parsed.entries !== 'object' || parsed.entries === null) {
    return { entries: new Map(), problem: 'not a cache of this version of mfa-ready' };
  }
  // Another build or other settings: a fresh start, not a problem worth a word.
  if (parsed.identity !== identity) return { entries: new Map() };
  return { entries: new Map(Object.entries(parsed.entries)) };
}

/**
 * Why the cache may not be read or replaced where `stats` were taken, if it may not: reading a FIFO
 * or a device could block forever, and the rename that writes the cache would replace the node or
 * the link. A link is not followed either: a cache restored from elsewhere could point it at any
 * file of the user's, which the next save would overwrite.
 */
function refusalOf(stats: Stats | undefined): string | undefined {
  if (!stats || stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return 'a symbolic link (not followed: name the file it points to)';
  return `not a regular file (${stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : 'a device'})`;
}

/** The file's text, or undefined when it turned out not to be a regular file after all (replaced since it was looked at). */
function readRegularFile(file: string): string | typeof TOO_BIG | undefined {
  // Non-blocking and not through a link, so that whatever replaced the file cannot hang the scan.
  const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return undefined;
    return stats.size > MAX_CACHE_BYTES ? TOO_BIG : readFileSync(descriptor, 'utf8');
  } finally {
    closeSync(descriptor);
  }
}

function isEntry(entry: unknown): entry is Entry {
  return (
    Array.isArray(entry) &&
    (entry.length === 5 || (entry.length === 6 && typeof entry[5] === 'string')) &&
    entry.slice(0, 4).every((value) => typeof value === 'number') &&
    (entry[4] === 0 || isOutcome(entry[4]))
  );
}

/**
 * The shape the scan's restore and the reports rely on, down to every position and edit: a cache from
 * elsewhere that holds anything else would crash them. Cheap: most entries are clean (0).
 */
function isOutcome(value: unknown): value is CachedOutcome {
  const outcome = value as Fields<CachedOutcome>;
  return (
    isObject(outcome) &&
    isListOf(outcome.notices, isNotice) &&
    isListOf(outcome.findings, isFinding) &&
    (outcome.secretNames === undefined || isListOf(outcome.secretNames, isText))
  );
}

/** A notice's path is the file's (the display path of this scan): a cached one has none of its own. */
function isNotice(value: unknown): boolean {
  const notice = value as Fields<Notice>;
  return (
    isObject(notice) &&
    isKeyOf(NOTICE_KINDS, notice.kind) &&
    isText(notice.message) &&
    (notice.line === undefined || isCount(notice.line)) &&
    notice.path === undefined
  );
}

function isFinding(value: unknown): boolean {
  const finding = value as Fields<Finding>;
  return (
    isObject(finding) &&
    isText(finding.ruleId) &&
    isKeyOf(SEVERITIES, finding.severity) &&
    isText(finding.message) &&
    isRange(finding.range) &&
    LANGUAGE_IDS.includes(finding.language as LanguageId) &&
    isText(finding.snippet) &&
    isListOf(finding.fixes, isFix) &&
    isListOf(finding.related, isRelated) &&
    isText(finding.fingerprint)
  );
}

function isFix(value: unknown): boolean {
  const fix = value as Fields<Fix>;
  return isObject(fix) && isText(fix.title) && isListOf(fix.edits, isEdit) && typeof fix.safeForFixAll === 'boolean';
}

function isEdit(value: unknown): boolean {
  const edit = value as Fields<TextEdit>;
  return isObject(edit) && isSpan(edit.startOffset, edit.endOffset) && isText(edit.newText);
}

function isRelated(value: unknown): boolean {
  const related = value as Fields<RelatedLocation>;
  return isObject(related) && isText(related.message) && isRange(related.range);
}

function isRange(value: unknown): boolean {
  const range = value as Fields<SourceRange>;
  return isObject(range) && isPosition(range.start) && isPosition(range.end) && isSpan(range.startOffset, range.endOffset);
}

function isPosition(value: unknown): boolean {
  const position = value as Fields<Position>;
  return isObject(position) && isCount(position.line) && isCount(position.character);
}

/** Fields of a value from JSON, each of which may be anything. */
type Fields<T> = { [K in keyof T]?: unknown } | null;

// Records, so that the compiler asks for a severity or notice kind added to finding.ts.
const SEVERITIES: Record<Severity, true> = { error: true, warning: true, info: true };
const NOTICE_KINDS: Record<Notice['kind'], true> = {
  'parse-error': true,
  skipped: true,
  unreadable: true,
  encoding: true,
  'fix-withheld': true,
  'internal-error': true,
};

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isSpan = (start: unknown, end: unknown): boolean => isCount(start) && isCount(end) && start <= end;
const isKeyOf = (record: object, value: unknown): boolean => typeof value === 'string' && Object.hasOwn(record, value);
const isListOf = (value: unknown, isItem: (item: unknown) => boolean): boolean => Array.isArray(value) && value.every(isItem);

/**
 * Everything that decides a file's outcome besides the file: the engine's build (its rules) and the
 * scan's settings. A cache written under another identity is not used.
 */
export function cacheIdentity(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify({ version: VERSION, build: BUILD_ID, settings })).digest('hex');
}

export function hashOfContent(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** `<cacheFolder>/<hash of the folder>.json`: one cache per folder scanned from. */
export function cacheFileFor(baseDir: string, cacheFolder: string): string {
  return join(cacheFolder, `${createHash('sha256').update(baseDir).digest('hex').slice(0, 16)}.json`);
}

/** `${XDG_CACHE_HOME:-~/.cache}/mfa-ready/scans/<hash of the folder>.json`: the CLI's. */
export function defaultCacheFile(baseDir: string): string {
  return cacheFileFor(baseDir, join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mfa-ready', 'scans'));
}
