import * as vscode from 'vscode';
import { DEFAULT_FIX_SETTINGS, SECRET_SOURCES, type FixSettings, type SecretSource } from '../engine/fix-settings';

/** The `mfaReady.fix.*` settings that apply to a file. */
export function fixSettings(scope: vscode.Uri): FixSettings {
  const source = vscode.workspace.getConfiguration('mfaReady.fix', scope).get<string>('secretSource');
  const secretSource = SECRET_SOURCES.includes(source as SecretSource) ? (source as SecretSource) : DEFAULT_FIX_SETTINGS.secretSource;
  return { secretSource, projectFolder: vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath };
}
