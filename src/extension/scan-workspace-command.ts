import * as vscode from 'vscode';
import { createAnalyzer, type Analyzer } from '../engine/analysis-pool';
import { scanPaths } from '../engine/scan';
import { cacheFileFor } from '../engine/scan-cache';
import type { DocumentAnalyzer } from './document-analyzer';
import { toDiagnostic } from './finding-to-diagnostic';
import { fixSettings } from './fix-settings';

export const SCAN_WORKSPACE_COMMAND = 'mfaReady.scanWorkspace';

export interface ScanSummary {
  findings: number;
  /** Files with findings. */
  files: number;
  /** Files not read again: unchanged since the previous scan (kept in the workspace's storage). */
  fromCache: number;
  cancelled: boolean;
}

/**
 * Scans every workspace folder on disk and fills the Problems panel for files that are not open
 * (open documents keep their live diagnostics). Cancellable from the progress notification. With a
 * `cacheFolder` (the extension's workspace storage), files unchanged since the last scan are not read.
 */
export async function scanWorkspace(
  diagnostics: vscode.DiagnosticCollection,
  analyzer: DocumentAnalyzer,
  output: vscode.LogOutputChannel,
  cacheFolder?: string,
): Promise<ScanSummary> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('mfa-ready: open a folder to scan it.');
    return { findings: 0, files: 0, fromCache: 0, cancelled: false };
  }
  const exclude = vscode.workspace.getConfiguration('mfaReady').get<string[]>('exclude', []);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'mfa-ready: scanning the workspace', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let findings = 0;
      let files = 0;
      let fromCache = 0;
      let cancelled = false;
      scanPool ??= createAnalyzer();
      for (const folder of folders) {
        const result = await scanPaths([folder.uri.fsPath], {
          analyzer: scanPool,
          baseDir: folder.uri.fsPath,
          exclude,
          fix: fixSettings(folder.uri),
          cacheFile: cacheFolder && cacheFileFor(folder.uri.fsPath, cacheFolder),
          signal: abort.signal,
          onProgress: (p) => progress.report({ message: `${p.filesSeen} files: ${p.path}` }),
        });
        if (!result.cancelled) clearClosedFiles(diagnostics, analyzer, folder);
        for (const file of result.files) {
          const uri = vscode.Uri.file(file.path);
          files++;
          findings += file.findings.length;
          if (!analyzer.isLive(uri)) diagnostics.set(uri, file.findings.map((finding) => toDiagnostic(finding, uri)));
        }
        for (const notice of result.notices) output.warn(`${folder.name}/${notice.path}: ${notice.kind}: ${notice.message}`);
        if (result.cacheProblem) output.warn(result.cacheProblem);
        fromCache += result.stats.filesFromCache;
        cancelled ||= result.cancelled;
        if (cancelled) break;
      }
      // A cancel stops the pool's workers (a file in analysis may take minutes): the next scan starts another.
      if (cancelled) void closeScanPool();
      const unchanged = fromCache ? `, ${fromCache} file(s) unchanged since the last scan` : '';
      output.info(`workspace scan: ${findings} finding(s) in ${files} file(s)${unchanged}${cancelled ? ' (cancelled)' : ''}`);
      return { findings, files, fromCache, cancelled };
    },
  );
}

/**
 * The workspace scans' analysis pool, kept for the session: an ended worker leaves 50–115 MB of its
 * memory to the extension host, so a pool per scan (and per folder) grew the host with every scan.
 */
let scanPool: Analyzer | undefined;

/** Stops the workspace scans' pool (on deactivation). */
export function closeScanPool(): Promise<void> {
  const pool = scanPool;
  scanPool = undefined;
  return pool?.close() ?? Promise.resolve();
}

/** Drops the diagnostics of files in the folder that are not open: the scan has just re-read them all. */
function clearClosedFiles(diagnostics: vscode.DiagnosticCollection, analyzer: DocumentAnalyzer, folder: vscode.WorkspaceFolder): void {
  const stale: vscode.Uri[] = [];
  diagnostics.forEach((uri) => {
    if (!analyzer.isLive(uri) && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString()) stale.push(uri);
  });
  for (const uri of stale) diagnostics.delete(uri);
}
