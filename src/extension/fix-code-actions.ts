import * as vscode from 'vscode';
import { verifyFixes } from '../engine/analyze';
import { fixForFixAll } from '../engine/fix-all';
import type { Finding, Fix, LanguageId } from '../engine/finding';
import type { DocumentAnalyzer } from './document-analyzer';
import { DIAGNOSTIC_SOURCE, ruleIdOf, toRange } from './finding-to-diagnostic';

/** Serves the engine's fixes as quick fixes on mfa-ready diagnostics, each checked to parse first. */
export class FixCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  private readonly verified = new WeakSet<Finding>();

  constructor(private readonly analyzer: DocumentAnalyzer) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const analysis = this.analyzer.analysisOf(document);
    const version = document.version;
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = analysis.findings.find((f) => f.ruleId === ruleIdOf(diagnostic) && toRange(f.range).isEqual(diagnostic.range));
      if (!finding) continue;
      if (!this.verified.has(finding)) {
        await verifyFixes([finding], analysis, document.uri.fsPath, document.getText(), document.languageId as LanguageId);
        this.verified.add(finding);
        if (document.version !== version) return [];
      }
      // The fix fix-all would apply, which need not be the first (a runbook's managed identity comes first).
      const preferred = fixForFixAll(finding);
      for (const fix of finding.fixes) actions.push(toCodeAction(document, fix, diagnostic, fix === preferred));
    }
    return actions;
  }
}

function toCodeAction(document: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) {
    const range = new vscode.Range(document.positionAt(edit.startOffset), document.positionAt(edit.endOffset));
    action.edit.replace(document.uri, range, edit.newText);
  }
  return action;
}
