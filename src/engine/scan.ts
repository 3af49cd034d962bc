import { relative, resolve, sep } from 'node:path';
import { createAnalyzer, type Analyzer } from './analysis-pool';
import { walkSourceFiles, type WalkedFile, type WalkOptions } from './file-walk';
import type { Finding, LanguageId, Notice } from './finding';
import type { FixSettings } from './fix-settings';
import { languageOfPath } from './languages';
import { prefilter } from './prefilter';
import { SourceReader } from './source-reader';
import { decodeSource, hasUtf16Bom, looksBinary } from './source-file';

export interface ScanOptions extends WalkOptions {
  fix?: FixSettings;
  /** Check every fix by parsing its result (costly: one parse per fix); without it fixes are proposals. */
  verifyFixes?: boolean;
  /** Paths in results are relative to this folder (default: the current directory). */
  baseDir?: string;
  maxFileBytes?: number;
  /** Worker threads for the analysis (default: one per core, up to four); 0 analyses on this thread. */
  workers?: number;
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
}

export interface ScanResult {
  files: FileFindings[];
  notices: Notice[];
  stats: { filesSeen: number; filesAnalyzed: number; bytesRead: number; durationMs: number };
  cancelled: boolean;
}

/** Scans files and folders: walk, size and binary checks, a byte-level prefilter, then the parse. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const result: ScanResult = { files: [], notices: [], stats: { filesSeen: 0, filesAnalyzed: 0, bytesRead: 0, durationMs: 0 }, cancelled: false };
  const reader = new SourceReader(options.maxFileBytes);
  const analyzer = createAnalyzer(options.workers);
  try {
    for (const root of paths) {
      const files = walkSourceFiles(resolve(baseDir, root), options, result.notices);
      const examine = (file: WalkedFile) => examineFile(file.path, toDisplayPath(baseDir, file.path), reader, options, analyzer);
      for await (const outcome of inWalkOrder(files, examine, analyzer.parallelism * 4)) {
        if (options.signal?.aborted) break;
        result.stats.filesSeen++;
        options.onProgress?.({ filesSeen: result.stats.filesSeen, filesAnalyzed: result.stats.filesAnalyzed, path: outcome.displayPath });
        record(outcome, result);
      }
    }
  } finally {
    await analyzer.close();
  }
  result.cancelled = options.signal?.aborted ?? false;
  result.stats.durationMs = Date.now() - started;
  return result;
}

/** What one file adds to the scan's result. */
interface FileOutcome {
  displayPath: string;
  bytesRead: number;
  analysed: boolean;
  notices: Notice[];
  findings?: FileFindings;
}

function record(outcome: FileOutcome, result: ScanResult): void {
  result.stats.bytesRead += outcome.bytesRead;
  if (outcome.analysed) result.stats.filesAnalyzed++;
  result.notices.push(...outcome.notices);
  if (outcome.findings) result.files.push(outcome.findings);
}

/**
 * Outcomes in walk order (reports stay deterministic), while up to `maxAnalyses` files are analysed
 * at once: the files between them, which the prefilter settles at once, do not hold the workers up.
 */
async function* inWalkOrder<T>(
  items: AsyncIterable<T>,
  examine: (item: T) => FileOutcome | Promise<FileOutcome>,
  maxAnalyses: number,
): AsyncGenerator<FileOutcome> {
  const pending: (FileOutcome | Promise<FileOutcome>)[] = [];
  let analysing = 0;
  const mustWait = (): boolean => analysing >= maxAnalyses || pending.length > MAX_PENDING_OUTCOMES;
  for await (const item of items) {
    const outcome = examine(item);
    if (outcome instanceof Promise) {
      analysing++;
      void outcome.then(() => analysing--);
    }
    pending.push(outcome);
    while (pending.length && (!(pending[0] instanceof Promise) || mustWait())) yield await pending.shift()!;
  }
  for (const outcome of pending) yield await outcome;
}

const MAX_PENDING_OUTCOMES = 512;

/** Settles at once what the checks and the prefilter decide; a promise only for a file that is analysed. Never rejects. */
function examineFile(path: string, displayPath: string, reader: SourceReader, options: ScanOptions, analyzer: Analyzer): FileOutcome | Promise<FileOutcome> {
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
  if (looksBinary(bytes)) return notice('skipped', 'binary content (NUL bytes)');
  if (!hasUtf16Bom(bytes) && !prefilter.admitsBytes(bytes, languageId)) return outcome;
  const source = decodeSource(bytes);
  if (source.lossy) notice('encoding', `not valid ${source.encoding}: analysed with replacement characters, never rewritten`);
  outcome.analysed = true;
  const request = { path, text: source.text, languageId, fix: options.fix, verifyFixes: options.verifyFixes ?? false };
  return analyzer.analyze(request).then((analysis) => {
    outcome.notices.push(...analysis.notices.map((n) => ({ ...n, path: displayPath })));
    if (analysis.findings.length) outcome.findings = { path, displayPath, languageId, findings: analysis.findings };
    return outcome;
  });
}

function toDisplayPath(baseDir: string, path: string): string {
  const relativePath = relative(baseDir, path);
  const shown = relativePath.startsWith('..') ? path : relativePath;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
