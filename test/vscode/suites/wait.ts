import * as vscode from 'vscode';

/** Polls until `probe` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function mfaReadyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mfa-ready');
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension('mfa-ready.mfa-ready');
  if (!extension) throw new Error('the mfa-ready extension is not installed in this VS Code');
  await extension.activate();
}
