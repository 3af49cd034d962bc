import * as vscode from 'vscode';
import type { Fix } from '../engine/finding';
import type { DocumentAnalyzer } from './document-analyzer';
import { DIAGNOSTIC_SOURCE, ruleIdOf, toRange } from './finding-to-diagnostic';

/** Serves the engine's fixes as quick fixes on mfa-ready diagnostics. */
export class FixCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analyzer: DocumentAnalyzer) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.analyzer.findingsOf(document);
    if (!findings) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findings.find((f) => f.ruleId === ruleIdOf(diagnostic) && toRange(f.range).isEqual(diagnostic.range));
      finding?.fixes.forEach((fix, index) => actions.push(toCodeAction(document, fix, diagnostic, index === 0)));
    }
    return actions;
  }
}

function toCodeAction(document: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred && fix.safeForFixAll;
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) {
    const range = new vscode.Range(document.positionAt(edit.startOffset), document.positionAt(edit.endOffset));
    action.edit.replace(document.uri, range, edit.newText);
  }
  return action;
}
