// Writes the benchmark's deterministic workspace (same seed, same bytes): TS/JS modules and PS1 scripts,
// 1 % of them with findings of every rule (the positive fixtures of test/fixtures/rules/, each followed
// by ordinary code), some that only mention trigger words in comments and strings, non-source files,
// and a node_modules folder full of findings that the scan must skip. Also writes the per-edit files.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { ROOT } from './lib.mjs';

const FINDING_SHARE = 0.01;
const MENTION_SHARE = 0.04;
const POWERSHELL_SHARE = 0.3;
const JAVASCRIPT_SHARE = 0.3; // of the non-PowerShell files
const PACKAGES = 50;

export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  next.int = (below) => Math.floor(next() * below);
  next.pick = (items) => items[next.int(items.length)];
  return next;
}

// ---- ordinary code ------------------------------------------------------------------------------

const NAMES = ['order', 'invoice', 'customer', 'tenant', 'report', 'ticket', 'device', 'license', 'mailbox', 'policy'];

function typeScriptUnit(next, id, typed) {
  const name = next.pick(NAMES);
  const type = (t) => (typed ? `: ${t}` : '');
  const units = [
    () => (typed ? `export interface ${cap(name)}${id} {\n  id: string;\n  createdAt: Date;\n  amount${id}: number;\n  tags: string[];\n}\n` : ''),
    () =>
      `export async function load${cap(name)}${id}(id${type('string')})${type('Promise<unknown>')} {\n` +
      `  const response = await fetch(\`https://api.contoso.com/${name}s/\${encodeURIComponent(id)}\`);\n` +
      `  if (!response.ok) throw new Error(\`${name} \${id}: \${response.status}\`);\n  return response.json();\n}\n`,
    () =>
      `export class ${cap(name)}Cache${id} {\n  ${typed ? 'private readonly ' : ''}entries = new Map();\n` +
      `  get(key${type('string')}) {\n    return this.entries.get(key);\n  }\n` +
      `  set(key${type('string')}, value${type('unknown')}, ttl = ${next.int(5000)}) {\n    this.entries.set(key, { value, expires: Date.now() + ttl });\n  }\n}\n`,
    () =>
      `export function summarize${cap(name)}s${id}(items${type('Array<{ amount: number; region: string }>')}) {\n` +
      `  const totals = {};\n  for (const item of items) {\n` +
      `    totals[item.region] = (totals[item.region] ?? 0) + item.amount * ${(next() * 2).toFixed(2)};\n  }\n` +
      `  return Object.entries(totals).sort((a, b) => b[1] - a[1]);\n}\n`,
    () =>
      `export const ${name}Status${id} = (code${type('number')}) => {\n  switch (code) {\n` +
      `    case ${next.int(100)}: return "pending";\n    case ${100 + next.int(100)}: return "active";\n` +
      `    default: return "unknown";\n  }\n};\n`,
  ];
  return next.pick(units)();
}

function powerShellUnit(next, id) {
  const name = next.pick(NAMES);
  const units = [
    () =>
      `function Get-${cap(name)}Report${id} {\n    [CmdletBinding()]\n    param(\n        [Parameter(Mandatory)] [string] $Path,\n        [int] $Top = ${next.int(50)}\n    )\n` +
      `    Get-ChildItem -Path $Path -Filter '*.csv' |\n        Sort-Object LastWriteTime -Descending |\n        Select-Object -First $Top |\n        ForEach-Object { Import-Csv $_.FullName }\n}\n`,
    () =>
      `$settings${id} = @{\n    Name    = '${name}-${next.int(1000)}'\n    Retries = ${next.int(10)}\n    Enabled = $true\n}\n` +
      `foreach ($key in $settings${id}.Keys) {\n    Write-Verbose "$key = $($settings${id}[$key])"\n}\n`,
    () =>
      `try {\n    $items${id} = Invoke-RestMethod -Uri "https://api.contoso.com/${name}s?page=${next.int(20)}" -Method Get\n` +
      `    $items${id} | Where-Object { $_.State -eq 'Active' } | Export-Csv -Path ".\\${name}.csv" -NoTypeInformation\n} catch {\n    Write-Warning "failed: $_"\n}\n`,
  ];
  return next.pick(units)();
}

function fillerCode(next, kind, bytes, idBase) {
  let text = '';
  for (let i = 0; text.length < bytes; i++) {
    if (kind === 'powershell') text += powerShellUnit(next, idBase + i);
    else if (kind === 'commonjs') text += typeScriptUnit(next, idBase + i, false).replace(/^export /gm, '');
    else text += typeScriptUnit(next, idBase + i, kind === 'typescript');
    text += '\n';
  }
  return text;
}

const cap = (word) => word[0].toUpperCase() + word.slice(1);

// ---- findings and mentions ----------------------------------------------------------------------

/** Every fixture of test/fixtures/rules/ that expects at least one finding, with its expected count per rule. */
export function positiveFixtures() {
  const base = join(ROOT, 'test/fixtures/rules');
  const fixtures = [];
  for (const rule of readdirSync(base).sort()) {
    for (const name of readdirSync(join(base, rule)).sort()) {
      if (!name.endsWith('.expected.json')) continue;
      const expected = JSON.parse(readFileSync(join(base, rule, name), 'utf8'));
      if (!expected.length) continue;
      const source = name.slice(0, -'.expected.json'.length);
      fixtures.push({ rule, name: source, text: readFileSync(join(base, rule, source), 'utf8'), expected: expected.map((e) => e.rule) });
    }
  }
  return interleaveByRule(fixtures);
}

/** One fixture of each rule in turn, so that even a small workspace has findings of every rule. */
function interleaveByRule(fixtures) {
  const groups = new Map();
  for (const fixture of fixtures) groups.set(fixture.rule, [...(groups.get(fixture.rule) ?? []), fixture]);
  const byRule = [...groups.values()];
  const longest = Math.max(...byRule.map((group) => group.length));
  return Array.from({ length: longest }, (_, i) => byRule.map((group) => group[i])).flat().filter(Boolean);
}

const TYPESCRIPT_MENTIONS = [
  '// TODO: the acquireTokenByUsernamePassword fallback was removed in 2024, see ADR-12\n',
  '/* UsernamePasswordCredential is not allowed here: mandatory MFA */\n',
  'export const HELP_TEXT = "Do not use grant_type=password, use the device code flow";\n',
  'export const SUPPORT_MAIL = "support@outlook.com"; // office365 shared mailbox, read-only\n',
  '// loginWithUsernamePassword (ms-rest-nodeauth) is deprecated; AZURE_USERNAME is no longer read\n',
  "// Authentication=Active Directory Password is refused by policy; see ADR-31 ('azure-active-directory-password' too)\n",
  '// node-sp-auth and spsave were dropped for the SharePoint REST client with bearer tokens (see docs/sharepoint.md)\n',
];
const POWERSHELL_MENTIONS = [
  '# Connect-MsolService is retired; see the runbook\n',
  'Write-Host "Connect-AzureAD -Credential no longer works under MFA; use -AccessToken"\n',
  '# Connect-ExchangeOnline -Credential was replaced by app-only certificate auth\n',
  '# Authentication=Active Directory Password was removed: sqlcmd now signs in with the managed identity\n',
  '# Get-MsalToken -UserCredential (MSAL.PS) and ADAL UserPasswordCredential are gone: Get-SamAccessToken below\n',
  '# Connect-CrmOnline -Credential and AuthType=Office365 connection strings were replaced; pac auth create uses --managedIdentity\n',
];

// ---- the workspace ------------------------------------------------------------------------------

const kindOfExtension = (extension) =>
  extension === '.ps1' ? 'powershell' : extension === '.cjs' ? 'commonjs' : /^\.m?jsx?$/.test(extension) ? 'javascript' : 'typescript';

function sourceFile(next, index, fixtures) {
  const roll = next();
  const fillerBytes = 1500 + next.int(15000);
  if (roll < FINDING_SHARE) {
    const fixture = fixtures[next.findingCursor++ % fixtures.length];
    const extension = extname(fixture.name);
    const kind = kindOfExtension(extension);
    return { path: `file${index}-${fixture.name}`, text: `${fixture.text}\n${fillerCode(next, kind, fillerBytes, index * 1000)}`, expected: fixture.expected };
  }
  let kind = next() < POWERSHELL_SHARE ? 'powershell' : next() < JAVASCRIPT_SHARE ? 'javascript' : 'typescript';
  const extension = { powershell: '.ps1', javascript: next.pick(['.js', '.mjs', '.cjs']), typescript: next.pick(['.ts', '.ts', '.tsx']) }[kind];
  if (extension === '.cjs') kind = 'commonjs';
  const picked = roll < FINDING_SHARE + MENTION_SHARE ? next.pick(kind === 'powershell' ? POWERSHELL_MENTIONS : TYPESCRIPT_MENTIONS) : '';
  // A CommonJS module exports through `exports`: `export` there is a syntax error.
  const mention = kind === 'commonjs' ? picked.replace(/^export const (\w+)/, 'exports.$1') : picked;
  return { path: `file${index}${extension}`, text: mention + fillerCode(next, kind, fillerBytes, index * 1000), mention: !!mention };
}

function pngLike(next, bytes) {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = next.int(256);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(data);
  return data;
}

function writePackageExtras(write, next, pkg) {
  write(`packages/pkg${pkg}/README.md`, `# pkg${pkg}\n\nSigns in with acquireTokenByUsernamePassword? No: Connect-MsolService is gone.\n`);
  write(`packages/pkg${pkg}/package.json`, `${JSON.stringify({ name: `pkg${pkg}`, version: '1.0.0', scripts: { build: 'tsc' } }, null, 2)}\n`);
  write(`packages/pkg${pkg}/data/fixtures.json`, JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, grant_type: 'password', v: next() }))));
  write(`packages/pkg${pkg}/media/logo.png`, pngLike(next, 20000));
}

/** Writes the workspace under `root`; returns what it wrote, the findings the scan should report and the files that hold them. */
export function generateWorkspace(root, fileCount, seed = 42) {
  rmSync(root, { recursive: true, force: true });
  const next = seededRandom(seed);
  next.findingCursor = 0;
  const fixtures = positiveFixtures();
  const sourcePaths = [];
  const findingPaths = [];
  const stats = { files: 0, sourceFiles: 0, sourceBytes: 0, totalBytes: 0, findingFiles: 0, mentionFiles: 0, expectedFindings: {} };
  const write = (path, content) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    stats.totalBytes += Buffer.byteLength(content);
  };
  for (let i = 0; i < fileCount; i++) {
    const file = sourceFile(next, i, fixtures);
    const path = `packages/pkg${i % PACKAGES}/src/${file.path}`;
    write(path, file.text);
    sourcePaths.push(path);
    stats.sourceFiles++;
    stats.sourceBytes += Buffer.byteLength(file.text);
    if (file.expected) findingPaths.push(path);
    if (file.mention) stats.mentionFiles++;
    for (const rule of file.expected ?? []) stats.expectedFindings[rule] = (stats.expectedFindings[rule] ?? 0) + 1;
  }
  for (let pkg = 0; pkg < PACKAGES; pkg++) writePackageExtras(write, next, pkg);
  for (let i = 0; i < Math.max(10, fileCount / 20); i++) write(`node_modules/dep${i}/index.js`, fixtures[i % fixtures.length].text);
  stats.files = fileCount;
  stats.findingFiles = findingPaths.length;
  return { stats, sourcePaths, findingPaths };
}

// ---- the per-edit files -------------------------------------------------------------------------

const TS_EDIT_HEADER = `import { PublicClientApplication } from "@azure/msal-node";\n\nconst pca = new PublicClientApplication({ auth: { clientId: process.env.CLIENT_ID ?? "" } });\n\n`;
const tsEditFinding = (i) =>
  `export async function signIn${i}(username: string, password: string): Promise<string | undefined> {\n` +
  `  const result = await pca.acquireTokenByUsernamePassword({ scopes: ["user.read"], username, password });\n  return result?.accessToken;\n}\n`;
const psEditFinding = (i) => `function Connect-Tenant${i} {\n    param([pscredential] $Credential)\n    Connect-MsolService -Credential $Credential\n}\n`;

/** A file of about `lines` lines with `findings` findings spread through it. */
export function generateEditFile(kind, lines = 5000, findings = 20, seed = 7) {
  const next = seededRandom(seed);
  const out = kind === 'powershell' ? ['# Tenant onboarding (benchmark file)\n'] : [TS_EDIT_HEADER];
  let lineCount = 1;
  const add = (text) => {
    out.push(text, '\n');
    lineCount += text.split('\n').length;
  };
  for (let unit = 0, placed = 0; lineCount < lines; unit++) {
    if (placed < findings && lineCount / lines >= placed / findings) add((kind === 'powershell' ? psEditFinding : tsEditFinding)(placed++));
    add(kind === 'powershell' ? powerShellUnit(next, unit) : typeScriptUnit(next, unit, true));
  }
  return out.join('');
}
