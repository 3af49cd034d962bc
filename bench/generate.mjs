// Writes a deterministic workspace for the benchmark: TS/JS modules and PS1 scripts, 1 % with findings,
// some that only mention trigger words, and a node_modules folder that the scan must skip.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function random(seed) {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const TS_FINDING = `import { PublicClientApplication } from "@azure/msal-node";
const pca = new PublicClientApplication({ auth: { clientId: "app" } });
export const token = () => pca.acquireTokenByUsernamePassword({ scopes: ["user.read"], username: "u", password: process.env.PW ?? "" });
`;
const PS_FINDING = `$cred = Import-Clixml -Path .\\admin.xml\nConnect-MsolService -Credential $cred\n`;
const TS_MENTION = `// acquireTokenByUsernamePassword was removed from this module in 2024\n`;
const PS_MENTION = `# Connect-MsolService is retired; see the runbook\n`;

function tsBody(next, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) out.push(`export function f${i}(a: number, b: string): string {\n  return b.repeat(a + ${Math.floor(next() * 100)});\n}`);
  return out.join('\n');
}

function psBody(next, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) out.push(`$value${i} = Get-Item -Path "C:\\data\\${Math.floor(next() * 1000)}"\nif ($value${i}) { Write-Output $value${i}.Name }`);
  return out.join('\n');
}

export function generateWorkspace(root, fileCount, seed = 42) {
  rmSync(root, { recursive: true, force: true });
  const next = random(seed);
  let bytes = 0;
  const write = (path, content) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    bytes += Buffer.byteLength(content);
  };
  for (let i = 0; i < fileCount; i++) {
    const powershell = next() < 0.3;
    const roll = next();
    const prefix = roll < 0.01 ? (powershell ? PS_FINDING : TS_FINDING) : roll < 0.05 ? (powershell ? PS_MENTION : TS_MENTION) : '';
    const body = powershell ? psBody(next, 40 + Math.floor(next() * 200)) : tsBody(next, 40 + Math.floor(next() * 200));
    write(`pkg${i % 50}/src/file${i}.${powershell ? 'ps1' : 'ts'}`, `${prefix}${body}\n`);
  }
  for (let i = 0; i < fileCount / 20; i++) write(`node_modules/dep${i}/index.js`, TS_FINDING);
  return { files: fileCount, bytes };
}
