import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { walkSourceFiles } from '../engine/file-walk';
import { ownSecretNamesInFile } from '../engine/fix-secrets';
import { languageOfPath } from '../engine/languages';

/**
 * The scripts' own secret names (`PWORD` of `$env:MFA_READY_PWORD`) that the workspace's files read on
 * disk, given out by earlier fixes: a quick fix names a new secret apart from them, as `mfa-ready fix`
 * does across the files of a run, so that one setting never feeds two accounts' secrets. The files are
 * read once a quick fix may need them, then kept current by a file watcher.
 */
export class WorkspaceSecretNames implements vscode.Disposable {
  private readonly byFile = new Map<string, string[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');
  private loading: Promise<void> | undefined;
  /** Fires when the names read change, so that fixes given out before are made again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.watcher.onDidCreate((uri) => this.reread(uri));
    this.watcher.onDidChange((uri) => this.reread(uri));
    this.watcher.onDidDelete((uri) => this.forget(uri.fsPath));
  }

  /** The names read, sorted; none until the workspace has been read (see `load`). */
  names(): string[] {
    return [...new Set([...this.byFile.values()].flat())].sort();
  }

  /** Reads the workspace's files, once; later calls wait for the same reading. */
  load(): Promise<void> {
    this.loading ??= this.readWorkspace().catch((error: unknown) => this.output.warn(`reading the workspace's secret names: ${String(error)}`));
    return this.loading;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }

  private async readWorkspace(): Promise<void> {
    const exclude = vscode.workspace.getConfiguration('mfaReady').get<string[]>('exclude', []);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = folder.uri.fsPath;
      for await (const file of walkSourceFiles(root, { exclude, baseDir: root }, () => undefined)) await this.read(file.path);
    }
    if (this.byFile.size > 0) this.changed.fire();
  }

  private async reread(uri: vscode.Uri): Promise<void> {
    if (!this.loading || uri.scheme !== 'file' || !languageOfPath(uri.fsPath)) return;
    const before = this.byFile.get(uri.fsPath)?.join();
    await this.read(uri.fsPath);
    if (this.byFile.get(uri.fsPath)?.join() !== before) this.changed.fire();
  }

  private async read(path: string): Promise<void> {
    const names = await readFile(path).then(ownSecretNamesInFile, () => []);
    if (names.length > 0) this.byFile.set(path, names);
    else this.byFile.delete(path);
  }

  private forget(path: string): void {
    if (this.byFile.delete(path)) this.changed.fire();
  }
}
