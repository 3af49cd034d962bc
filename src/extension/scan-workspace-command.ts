import * as vscode from 'vscode';
import { scanPaths } from '../engine/scan';
import type { DocumentAnalyzer } from './document-analyzer';
import { toDiagnostic } from './finding-to-diagnostic';
import { fixSettings } from './fix-settings';

export const SCAN_WORKSPACE_COMMAND = 'mfaReady.scanWorkspace';

/**
 * Scans every workspace folder on disk and fills the Problems panel for files that are not open
 * (open documents keep their live diagnostics). Cancellable from the progress notification.
 */
export async function scanWorkspace(
  diagnostics: vscode.DiagnosticCollection,
  analyzer: DocumentAnalyzer,
  output: vscode.LogOutputChannel,
): Promise<{ findings: number; files: number; cancelled: boolean }> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('mfa-ready: open a folder to scan it.');
    return { findings: 0, files: 0, cancelled: false };
  }
  const exclude = vscode.workspace.getConfiguration('mfaReady').get<string[]>('exclude', []);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'mfa-ready: scanning the workspace', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let findings = 0;
      let files = 0;
      let cancelled = false;
      for (const folder of folders) {
        const result = await scanPaths([folder.uri.fsPath], {
          baseDir: folder.uri.fsPath,
          exclude,
          fix: fixSettings(folder.uri),
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
        cancelled ||= result.cancelled;
        if (cancelled) break;
      }
      output.info(`workspace scan: ${findings} finding(s) in ${files} file(s)${cancelled ? ' (cancelled)' : ''}`);
      return { findings, files, cancelled };
    },
  );
}

/** Drops the diagnostics of files in the folder that are not open: the scan has just re-read them all. */
function clearClosedFiles(diagnostics: vscode.DiagnosticCollection, analyzer: DocumentAnalyzer, folder: vscode.WorkspaceFolder): void {
  const stale: vscode.Uri[] = [];
  diagnostics.forEach((uri) => {
    if (!analyzer.isLive(uri) && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString()) stale.push(uri);
  });
  for (const uri of stale) diagnostics.delete(uri);
}
