import { realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { createAnalyzer, type Analyzer } from './analysis-pool';
import { describeError } from './analyze';
import { rulesInCode } from './code-triggers';
import { walkSourceFiles, type WalkedFile, type WalkOptions } from './file-walk';
import type { Finding, LanguageId, Notice } from './finding';
import { hasFixForFixAll } from './fix-all';
import type { FixedInMemory } from './fix-files';
import { ownSecretNamesInFile } from './fix-secrets';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from './fix-settings';
import { repositoryRoot } from './git-repository';
import { languageOfPath } from './languages';
import { prefilter } from './prefilter';
import { cacheIdentity, hashOfContent, ScanCache, type CachedOutcome } from './scan-cache';
import { SourceReader } from './source-reader';
import { decodeSource, hasUtf16Bom, looksBinary, looksLikeUtf16WithoutBom } from './source-file';

export interface ScanOptions extends WalkOptions {
  fix?: FixSettings;
  /** Check every fix by parsing its result (costly: one parse per fix); without it fixes are proposals. */
  verifyFixes?: boolean;
  /**
   * Also fix each file in memory as it is analysed (see `fixAll`), where the parsers are warm: a file
   * with a fix to try gets `FileFindings.fixed`. The caller writes it (or not).
   */
  fixAll?: boolean;
  /** Paths in results are relative to this folder (default: the current directory). */
  baseDir?: string;
  maxFileBytes?: number;
  /** Worker threads for the analysis (default: one per core, up to four); 0 analyses on this thread. */
  workers?: number;
  /**
   * A pool the caller keeps from one scan to the next (the extension's), used instead of one of the
   * scan's own: an ended worker leaves much of its memory to the process. The scan does not close it,
   * though a cancel during the scan does (it stops the analyses running); the caller closes it after a
   * cancelled scan and starts another.
   */
  analyzer?: Analyzer;
  /**
   * A file to keep outcomes in from one scan to the next: a file whose size, times and inode are
   * unchanged is not read again. Written at the end of the scan.
   */
  cacheFile?: string;
  onProgress?(progress: ScanProgress): void;
}

export interface ScanProgress {
  filesSeen: number;
  filesAnalyzed: number;
  path: string;
}

export interface FileFindings {
  /** Absolute path. */
  path: string;
  /** Relative to `baseDir`, with `/` separators: what reports show. */
  displayPath: string;
  languageId: LanguageId;
  findings: Finding[];
  /** With `ScanOptions.fixAll`: the file as fixed in memory, unless it came from the cache or is not valid text. */
  fixed?: FixedInMemory;
}

export interface ScanResult {
  files: FileFindings[];
  notices: Notice[];
  stats: { filesSeen: number; filesAnalyzed: number; filesFromCache: number; bytesRead: number; durationMs: number };
  cancelled: boolean;
  /**
   * The scripts' own secrets (not the app registration's) that the files scanned name, findings or not:
   * the names earlier fixes gave out, which `fix` gives out to no other file (see `fixesWithSecretsApart`).
   */
  secretNamesRead: Set<string>;
  /** Why the cache file was not read or not written (the scan itself is complete without it). */
  cacheProblem?: string;
}

/** Scans files and folders: walk, size and binary checks, a byte-level prefilter, then the parse. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const result: ScanResult = {
    files: [],
    notices: [],
    stats: { filesSeen: 0, filesAnalyzed: 0, filesFromCache: 0, bytesRead: 0, durationMs: 0 },
    cancelled: false,
    secretNamesRead: new Set(),
  };
  const reader = new SourceReader(options.maxFileBytes);
  const analyzer = options.analyzer ?? createAnalyzer(options.workers);
  // Closing stops the workers: a file in analysis (a big one can take minutes) does not hold up a cancel.
  const stopAnalyses = () => void analyzer.close();
  options.signal?.addEventListener('abort', stopAnalyses, { once: true });
  const cache = openCache(options, result);
  const roots = paths.map((root) => resolve(baseDir, root));
  const seen = new Set<string>();
  try {
    for (const [index, root] of roots.entries()) {
      const walked = walkSourceFiles(root, { ...options, baseDir }, (path, kind, message) => result.notices.push({ path: toDisplayPath(baseDir, path), kind, message }));
      const files = unseen(walked, seen, realPathsUnder(root), index < roots.length - 1);
      const displayPathOf = displayPathsUnder(baseDir, root);
      const rootOptions = { ...options, fix: { ...(options.fix ?? DEFAULT_FIX_SETTINGS), projectFolder: projectFolderOf(root, baseDir) } };
      const examine = (file: WalkedFile) => {
        const displayPath = displayPathOf(file);
        const fresh = (reuse?: ReuseByContent) => examineFile(file.path, displayPath, reader, rootOptions, analyzer, reuse);
        return cache ? examineThroughCache(cache, file.path, displayPath, fresh, options) : fresh();
      };
      for await (const outcome of inWalkOrder(files, examine, analyzer.parallelism * ANALYSES_PER_WORKER)) {
        if (options.signal?.aborted) break;
        result.stats.filesSeen++;
        options.onProgress?.({ filesSeen: result.stats.filesSeen, filesAnalyzed: result.stats.filesAnalyzed, path: outcome.displayPath });
        record(outcome, result);
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', stopAnalyses);
    if (!options.analyzer) await analyzer.close();
  }
  result.cancelled = options.signal?.aborted ?? false;
  if (cache) await saveCache(cache, roots, result);
  result.stats.durationMs = Date.now() - started;
  return result;
}

/**
 * The project a path scanned is in: its git repository's root; else the folder the scan runs from, where
 * the path is in it (a scan of `proj/e2e` keeps `e2e/`); else none, and the whole path counts.
 */
function projectFolderOf(root: string, baseDir: string): string | undefined {
  const folder = statSync(root, { throwIfNoEntry: false })?.isDirectory() ? root : dirname(root);
  const repository = repositoryRoot(folder);
  if (repository) return repository;
  return folder === baseDir || folder.startsWith(baseDir + sep) ? baseDir : undefined;
}

/**
 * Each file once, under the first path given that reaches it, however many do (`scan . app.js`, a
 * folder and one inside it, `scan src alias/app.js` where alias links to src): a file scanned twice
 * would be reported twice and fixed twice. The walk of one path reaches a file once (it follows no
 * link), so the files of the last path are not remembered: in a scan of one folder, that is every
 * file, whose real paths (and the set of them) took about 3.5 MB for the benchmark's 20,000.
 */
async function* unseen(files: AsyncGenerator<WalkedFile>, seen: Set<string>, realPathOf: (path: string) => string, remember: boolean): AsyncGenerator<WalkedFile> {
  for await (const file of files) {
    if (seen.size > 0 || remember) {
      const realPath = realPathOf(file.path);
      if (seen.has(realPath)) continue;
      if (remember) seen.add(realPath);
    }
    yield file;
  }
}

/** The real path of a file walked under `root`: the walk follows no link below a root, so only the root's own path is resolved. */
function realPathsUnder(root: string): (path: string) => string {
  let realRoot = root;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    // The walk reports a root it cannot read.
  }
  return (path) => realRoot + path.slice(root.length);
}

function openCache(options: ScanOptions, result: ScanResult): ScanCache | undefined {
  if (!options.cacheFile) return undefined;
  const settings = { fix: options.fix ?? null, verifyFixes: options.verifyFixes ?? false, maxFileBytes: options.maxFileBytes ?? null };
  const cache = new ScanCache(options.cacheFile, cacheIdentity(settings));
  if (cache.problem) result.cacheProblem = `cache ${options.cacheFile} not used: ${cache.problem}`;
  return cache;
}

async function saveCache(cache: ScanCache, roots: readonly string[], result: ScanResult): Promise<void> {
  try {
    await cache.save(roots, !result.cancelled);
  } catch (error) {
    result.cacheProblem = `cache ${cache.file} not written: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`;
  }
}

/** What one file adds to the scan's result. */
interface FileOutcome {
  displayPath: string;
  bytesRead: number;
  analysed: boolean;
  fromCache?: boolean;
  notices: Notice[];
  findings?: FileFindings;
  /** `ownSecretNamesInFile`, where the file names any. */
  secretNames?: readonly string[];
}

function record(outcome: FileOutcome, result: ScanResult): void {
  result.stats.bytesRead += outcome.bytesRead;
  if (outcome.analysed) result.stats.filesAnalyzed++;
  if (outcome.fromCache) result.stats.filesFromCache++;
  result.notices.push(...outcome.notices);
  if (outcome.findings) result.files.push(outcome.findings);
  for (const name of outcome.secretNames ?? []) result.secretNamesRead.add(name);
}

/** A file handed to the analyzer: its outcome to come, and the bytes its request holds meanwhile. */
interface Analysing {
  outcome: Promise<FileOutcome>;
  bytes: number;
}

const isAnalysing = (examined: FileOutcome | Analysing): examined is Analysing => 'outcome' in examined;

/**
 * Outcomes in walk order (reports stay deterministic), while up to `maxAnalyses` files (and
 * `MAX_ANALYSING_BYTES`) are analysed at once: the files between them, which the prefilter settles
 * at once, do not hold the workers up. The bound is generous because it is shared by the language
 * lanes: with four files per worker, a run of PowerShell files left the TypeScript worker waiting
 * for a sixth of a scan.
 */
async function* inWalkOrder<T>(
  items: AsyncIterable<T>,
  examine: (item: T) => FileOutcome | Analysing,
  maxAnalyses: number,
): AsyncGenerator<FileOutcome> {
  const pending: (FileOutcome | Promise<FileOutcome>)[] = [];
  let analysing = 0;
  let analysingBytes = 0;
  const mustWait = (): boolean => analysing >= maxAnalyses || analysingBytes > MAX_ANALYSING_BYTES || pending.length > MAX_PENDING_OUTCOMES;
  for await (const item of items) {
    const examined = examine(item);
    if (isAnalysing(examined)) {
      analysing++;
      analysingBytes += examined.bytes;
      void examined.outcome.then(() => {
        analysing--;
        analysingBytes -= examined.bytes;
      });
    }
    pending.push(isAnalysing(examined) ? examined.outcome : examined);
    while (pending.length && (!(pending[0] instanceof Promise) || mustWait())) yield await pending.shift()!;
  }
  for (const outcome of pending) yield await outcome;
}

const ANALYSES_PER_WORKER = 16;
const MAX_ANALYSING_BYTES = 16 * 1024 * 1024;
const MAX_PENDING_OUTCOMES = 4096;

/** The outcome of an earlier scan of the same bytes, asked before a file is analysed. */
type ReuseByContent = (bytes: Buffer) => FileOutcome | undefined;

/** Settles at once what the checks, the prefilter and the comment scan decide; `Analysing` only for a file that is analysed. Never rejects. */
function examineFile(
  path: string,
  displayPath: string,
  reader: SourceReader,
  options: ScanOptions,
  analyzer: Analyzer,
  reuse?: ReuseByContent,
): FileOutcome | Analysing {
  const languageId = languageOfPath(path);
  const outcome: FileOutcome = { displayPath, bytesRead: 0, analysed: false, notices: [] };
  if (!languageId) return outcome;
  const read = reader.read(path);
  const notice = (kind: Notice['kind'], message: string): FileOutcome => {
    outcome.notices.push({ path: displayPath, kind, message });
    return outcome;
  };
  if ('notice' in read) return notice(read.notice.kind, read.notice.message);
  const { bytes } = read;
  outcome.bytesRead = bytes.length;
  if (looksBinary(bytes)) {
    return notice('skipped', looksLikeUtf16WithoutBom(bytes) ? 'UTF-16 text without a byte order mark, it seems: not read (save it as UTF-8, or as UTF-16 with a BOM)' : 'binary content (NUL bytes)');
  }
  const secretNames = ownSecretNamesInFile(bytes);
  if (secretNames.length) outcome.secretNames = secretNames;
  // A file an earlier fix rewrote may have no trigger left: its names are read before the prefilter.
  if (!hasUtf16Bom(bytes) && !prefilter.admitsBytes(bytes, languageId)) return outcome;
  const reused = reuse?.(bytes);
  if (reused) return { ...reused, bytesRead: bytes.length, secretNames: outcome.secretNames };
  const source = decodeSource(bytes);
  if (source.notice) notice('encoding', source.notice);
  const rules = rulesInCode(source.text, languageId);
  if (rules?.inCode.length === 0) return outcome;
  outcome.analysed = true;
  const fixAll = options.fixAll === true && !source.lossy;
  const request = { path, text: source.text, languageId, rules, fix: options.fix, verifyFixes: options.verifyFixes ?? false, fixAll };
  const analysed = analyzer.analyze(request).then((analysis) => {
    outcome.notices.push(...analysis.notices.map((n) => ({ ...n, path: displayPath })));
    if (analysis.findings.length) outcome.findings = { path, displayPath, languageId, findings: analysis.findings };
    if (outcome.findings && analysis.fixed) outcome.findings.fixed = { ...analysis.fixed, original: source.text, encoding: source.encoding };
    return outcome;
  });
  return { outcome: analysed, bytes: bytes.length };
}

/**
 * The remembered outcome of a file whose stamp is unchanged, or whose bytes are (a fresh checkout gives
 * every file new times: the bytes of the files that need analysing are compared, the rest are cheap to
 * examine again); otherwise examines the file and remembers what it gave. With `fixAll`, a file the
 * cache says has a fix to apply is examined again, so that it is fixed where the parsers are.
 */
function examineThroughCache(
  cache: ScanCache,
  path: string,
  displayPath: string,
  examine: (reuse: ReuseByContent) => FileOutcome | Analysing,
  { signal, fixAll }: ScanOptions,
): FileOutcome | Analysing {
  const reusable = (outcome: CachedOutcome | undefined): outcome is CachedOutcome =>
    outcome !== undefined && !(fixAll && hasFixForFixAll(outcome.findings));
  const stamp = cache.stampOf(path);
  const cached = stamp && cache.lookup(path, stamp);
  if (reusable(cached)) return restoredOutcome(cached, path, displayPath);
  let contentHash: string | undefined;
  const reuse = (bytes: Buffer): FileOutcome | undefined => {
    contentHash = hashOfContent(bytes);
    const same = cache.lookupContent(path, contentHash);
    return reusable(same) ? restoredOutcome(same, path, displayPath) : undefined;
  };
  const examined = examine(reuse);
  if (!stamp) return examined;
  const remember = (settled: FileOutcome): FileOutcome => {
    // A cancel stops the analyses in hand: they settle empty, which is no outcome of the file's.
    if (signal?.aborted) return settled;
    const notices = settled.notices.map(({ path: _, ...notice }) => notice);
    const secretNames = settled.secretNames && { secretNames: [...settled.secretNames] };
    cache.remember(path, stamp, { notices, findings: settled.findings?.findings ?? [], ...secretNames }, contentHash);
    return settled;
  };
  return isAnalysing(examined) ? { ...examined, outcome: examined.outcome.then(remember) } : remember(examined);
}

function restoredOutcome(cached: CachedOutcome, path: string, displayPath: string): FileOutcome {
  const notices = cached.notices.map((notice) => ({ path: displayPath, ...notice }));
  const outcome: FileOutcome = { displayPath, bytesRead: 0, analysed: false, fromCache: true, notices, secretNames: cached.secretNames };
  const languageId = languageOfPath(path);
  if (cached.findings.length && languageId) outcome.findings = { path, displayPath, languageId, findings: cached.findings };
  return outcome;
}

/** `toDisplayPath` of the files walked under `root`, from their paths relative to it (no path arithmetic per file). */
function displayPathsUnder(baseDir: string, root: string): (file: WalkedFile) => string {
  const rootShown = toDisplayPath(baseDir, root);
  const prefix = rootShown.replace(/\/$/, '');
  return (file) => (file.path === root ? rootShown : prefix ? `${prefix}/${file.relativePath}` : file.relativePath);
}

function toDisplayPath(baseDir: string, path: string): string {
  const relativePath = relative(baseDir, path);
  const shown = relativePath.startsWith('..') ? path : relativePath;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
