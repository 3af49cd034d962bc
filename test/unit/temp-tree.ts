import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway folder with the given files (path → content); removed by `dispose`. */
export function tempTree(files: Record<string, string | Buffer>): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'mfa-ready-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Sets every file's modification time a minute back: a scan cache never remembers a file changed
 * within seconds of the scan (its time might not show a second change).
 */
export function ageFiles(folder: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), past, past);
  }
}

export const MSAL_ROPC_TS = `import { PublicClientApplication } from "@azure/msal-node";
const pca = new PublicClientApplication({ auth: { clientId: "app" } });
export const token = () => pca.acquireTokenByUsernamePassword({ scopes: ["user.read"], username: "u", password: "Hunter2!" });
`;

export const MSOL_PS1 = `$cred = Import-Clixml -Path .\\admin.xml
Connect-MsolService -Credential $cred
`;
