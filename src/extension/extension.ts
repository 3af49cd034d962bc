import * as vscode from 'vscode';
import { LANGUAGE_IDS } from '../engine/finding';
import { DocumentAnalyzer } from './document-analyzer';
import { DIAGNOSTIC_SOURCE } from './finding-to-diagnostic';
import { FixCodeActions } from './fix-code-actions';
import { closeScanPool, SCAN_WORKSPACE_COMMAND, scanWorkspace } from './scan-workspace-command';
import { WorkspaceSecretNames } from './workspace-secret-names';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('mfa-ready', { log: true });
  const diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const secretNames = new WorkspaceSecretNames(output);
  const analyzer = new DocumentAnalyzer(diagnostics, output, secretNames);
  const selector = LANGUAGE_IDS.map((language) => ({ language }));
  context.subscriptions.push(
    output,
    diagnostics,
    secretNames,
    analyzer,
    vscode.languages.registerCodeActionsProvider(selector, new FixCodeActions(analyzer), FixCodeActions.metadata),
    vscode.commands.registerCommand(SCAN_WORKSPACE_COMMAND, () => scanWorkspace(diagnostics, analyzer, output, context.storageUri?.fsPath)),
  );
}

export function deactivate(): Promise<void> {
  return closeScanPool();
}
