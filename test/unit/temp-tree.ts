import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

export const MSAL_ROPC_TS = `import { PublicClientApplication } from "@azure/msal-node";
const pca = new PublicClientApplication({ auth: { clientId: "app" } });
export const token = () => pca.acquireTokenByUsernamePassword({ scopes: ["user.read"], username: "u", password: "Hunter2!" });
`;

export const MSOL_PS1 = `$cred = Import-Clixml -Path .\\admin.xml
Connect-MsolService -Credential $cred
`;
