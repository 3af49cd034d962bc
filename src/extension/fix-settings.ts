import * as vscode from 'vscode';
import { DEFAULT_FIX_SETTINGS, SECRET_SOURCES, type FixSettings, type SecretSource } from '../engine/fix-settings';

/** The `mfaReady.fix.*` settings that apply to a file. */
export function fixSettings(scope: vscode.Uri): FixSettings {
  const source = vscode.workspace.getConfiguration('mfaReady.fix', scope).get<string>('secretSource');
  return SECRET_SOURCES.includes(source as SecretSource) ? { secretSource: source as SecretSource } : DEFAULT_FIX_SETTINGS;
}
