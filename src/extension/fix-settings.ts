import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_FIX_SETTINGS, SECRET_SOURCES, type FixSettings, type SecretSource } from '../engine/fix-settings';
import { repositoryRoot } from '../engine/git-repository';

/** The `mfaReady.fix.*` settings that apply to a file, and the project it is in. */
export function fixSettings(scope: vscode.Uri): FixSettings {
  const source = vscode.workspace.getConfiguration('mfaReady.fix', scope).get<string>('secretSource');
  const secretSource = SECRET_SOURCES.includes(source as SecretSource) ? (source as SecretSource) : DEFAULT_FIX_SETTINGS.secretSource;
  return { secretSource, projectFolder: projectFolderOf(scope) };
}

const repositories = new Map<string, string | undefined>();

/** The git repository a file or folder is in, else its workspace folder: test folders are judged inside it. */
function projectFolderOf(scope: vscode.Uri): string | undefined {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath;
  if (scope.scheme !== 'file') return workspaceFolder;
  const folder = workspaceFolder === scope.fsPath ? scope.fsPath : dirname(scope.fsPath);
  if (!repositories.has(folder)) repositories.set(folder, repositoryRoot(folder));
  return repositories.get(folder) ?? workspaceFolder;
}
