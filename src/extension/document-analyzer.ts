import * as vscode from 'vscode';
import { analyze } from '../engine/analyze';
import type { AnalysisResult, LanguageId } from '../engine/finding';
import { LANGUAGE_IDS } from '../engine/finding';
import { fixSettings } from './fix-settings';
import { toDiagnostic } from './finding-to-diagnostic';
import type { WorkspaceSecretNames } from './workspace-secret-names';

const DEBOUNCE_MS = 250;
// The user's own files; not diff panes (git:), output, chat code blocks or other virtual documents.
const ANALYSED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

export interface Analysed {
  version: number;
  result: AnalysisResult;
}

/** Keeps the diagnostics of open documents current as the user types, and remembers their findings. */
export class DocumentAnalyzer implements vscode.Disposable {
  private readonly analysed = new Map<string, Analysed>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly output: vscode.LogOutputChannel,
    private readonly secretNames: WorkspaceSecretNames,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      // The fixes already made may name a secret as another file now does.
      secretNames.onDidChange(() => vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0))),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** The analysis of the document as it is now; undefined while it is behind the document's text. */
  analysisOf(document: vscode.TextDocument): AnalysisResult | undefined {
    const entry = this.analysed.get(document.uri.toString());
    return entry?.version === document.version ? entry.result : undefined;
  }

  isLive(uri: vscode.Uri): boolean {
    return this.analysed.has(uri.toString()) || this.pending.has(uri.toString());
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isAnalysable(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.run(document);
      }, delay),
    );
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const version = document.version;
    const settings = { ...fixSettings(document.uri), reservedSecretNames: this.secretNames.names() };
    const result = await analyze(document.uri.fsPath, document.getText(), document.languageId as LanguageId, settings);
    if (document.isClosed || document.version !== version) return;
    if (result.findings.some((finding) => finding.fixes.length > 0)) void this.secretNames.load();
    for (const notice of result.notices) this.output.debug(`${vscode.workspace.asRelativePath(document.uri)}: ${notice.message}`);
    this.analysed.set(document.uri.toString(), { version, result });
    this.diagnostics.set(document.uri, result.findings.map((finding) => toDiagnostic(finding, document.uri)));
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.analysed.delete(key);
    // A saved document's diagnostics still describe the file on disk; those of discarded edits do not.
    if (document.isDirty) this.diagnostics.delete(document.uri);
  }
}

function isAnalysable(document: vscode.TextDocument): boolean {
  return (LANGUAGE_IDS as readonly string[]).includes(document.languageId) && ANALYSED_SCHEMES.has(document.uri.scheme);
}
