import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { analyze, verifyFixes } from './analyze';
import { walkSourceFiles, type WalkOptions } from './file-walk';
import type { Finding, LanguageId, Notice } from './finding';
import type { FixSettings } from './fix-settings';
import { languageOfPath } from './languages';
import { prefilter } from './prefilter';
import { decodeSource, hasUtf16Bom, looksBinary } from './source-file';

export interface ScanOptions extends WalkOptions {
  fix?: FixSettings;
  /** Check every fix by parsing its result (costly: one parse per fix); without it fixes are proposals. */
  verifyFixes?: boolean;
  /** Paths in results are relative to this folder (default: the current directory). */
  baseDir?: string;
  maxFileBytes?: number;
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

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;


/** Scans files and folders: walk, size and binary checks, a byte-level prefilter, then the parse. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const result: ScanResult = { files: [], notices: [], stats: { filesSeen: 0, filesAnalyzed: 0, bytesRead: 0, durationMs: 0 }, cancelled: false };
  for (const root of paths) {
    const files = readAhead(walkSourceFiles(resolve(baseDir, root), options, result.notices), (file) => readSource(file.path, options));
    for await (const [file, read] of files) {
      if (options.signal?.aborted) break;
      result.stats.filesSeen++;
      const displayPath = toDisplayPath(baseDir, file.path);
      options.onProgress?.({ filesSeen: result.stats.filesSeen, filesAnalyzed: result.stats.filesAnalyzed, path: displayPath });
      const findings = await scanFile(file.path, displayPath, read, options, result);
      if (findings) result.files.push(findings);
    }
  }
  result.cancelled = options.signal?.aborted ?? false;
  result.stats.durationMs = Date.now() - started;
  return result;
}

/** A file's bytes, or why they were not read. */
type SourceRead = { bytes: Buffer } | { notice: Pick<Notice, 'kind' | 'message'> };

/**
 * Reads ahead of the analysis, so that the file system works (on libuv's threads) while this thread
 * parses: waiting for one read at a time left the scan idle for a third of its time.
 */
async function* readAhead<T, R>(items: AsyncIterable<T>, read: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const pending: Promise<[T, R]>[] = [];
  for await (const item of items) {
    pending.push(read(item).then((value): [T, R] => [item, value]));
    if (pending.length >= READ_AHEAD) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
}

const READ_AHEAD = 16;

/** Never rejects: a file that cannot be read becomes a notice; undefined for a file of no language. */
async function readSource(path: string, options: ScanOptions): Promise<SourceRead | undefined> {
  if (!languageOfPath(path)) return undefined;
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  try {
    const size = (await stat(path)).size;
    if (size > limit) return { notice: { kind: 'skipped', message: `larger than the ${formatBytes(limit)} limit (${formatBytes(size)})` } };
    const bytes = await readFile(path);
    if (bytes.length > limit) return { notice: { kind: 'skipped', message: `grew past the ${formatBytes(limit)} limit while being read` } };
    return { bytes };
  } catch (error) {
    return { notice: { kind: 'unreadable', message: `not read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` } };
  }
}

async function scanFile(path: string, displayPath: string, read: SourceRead | undefined, options: ScanOptions, result: ScanResult): Promise<FileFindings | undefined> {
  const languageId = languageOfPath(path);
  if (!languageId || !read) return undefined;
  const notice = (kind: Notice['kind'], message: string): undefined => {
    result.notices.push({ path: displayPath, kind, message });
    return undefined;
  };
  if ('notice' in read) return notice(read.notice.kind, read.notice.message);
  const { bytes } = read;
  result.stats.bytesRead += bytes.length;
  if (looksBinary(bytes)) return notice('skipped', 'binary content (NUL bytes)');
  if (!hasUtf16Bom(bytes) && !prefilter.admitsBytes(bytes, languageId)) return undefined;
  const source = decodeSource(bytes);
  if (source.lossy) notice('encoding', `not valid ${source.encoding}: analysed with replacement characters, never rewritten`);
  result.stats.filesAnalyzed++;
  const analysis = await analyze(path, source.text, languageId, options.fix);
  if (options.verifyFixes) await verifyFixes(analysis.findings, analysis, path, source.text, languageId);
  result.notices.push(...analysis.notices.map((n) => ({ ...n, path: displayPath })));
  return analysis.findings.length ? { path, displayPath, languageId, findings: analysis.findings } : undefined;
}

function toDisplayPath(baseDir: string, path: string): string {
  const relativePath = relative(baseDir, path);
  const shown = relativePath.startsWith('..') ? path : relativePath;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
