import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures';
import { ageFiles, tempTree } from './temp-tree';

const CLI = join(REPO_ROOT, 'dist/cli.js');

/** A token of a JWT's shape, made here: no token is committed. */
function jwtShaped(header: object, payload: object): string {
  const part = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  return [part(header), part(payload), part('signature-planted')].join('.');
}

/** Values planted in the sources below: none may appear in anything the tool prints or writes. */
const SECRETS = {
  msalPassword: 'Tr0ub4dor&3-ts',
  mailPassword: 'MailPa55-plant',
  identityPassword: 'Ident1ty-plant!',
  jwt: jwtShaped({ alg: 'HS256' }, { sub: 'planted' }),
  refreshToken: '0.AAAA-planted-refresh-token-9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  connectionStringPassword: 'ConnStr-P4ss',
  ropcPassword: 'R0pc-plant-ts',
  psQuoted: 'PsPl4nted!',
  psBareWord: 'BareW0rd-plant',
  psHereString: 'H3reString-plant',
  azCliPassword: 'AzCl1-plant',
  psRopcPassword: 'RopcPl4nt-ps',
  psSplatted: 'Spl4tted-plant',
  tsTemplateTail: 'T3mplate-tail-plant',
  psMultiLineString: 'Mult1Line-plant',
  // Kept by the fix in the rest of a string body it rewrites, and in a comment on a line it rewrites.
  ropcClientSecret: 'Xq8~kLm3.vPz_Pl4nted',
  keptComment: 'summerplanted',
  // Kept by the fix inside another argument it keeps.
  psReusedInArgument: 'Qx7-reused-plant',
  // Secrets by what the script does with them, in strings whose own place names no secret.
  psFlowVariable: 'Fl0wVariable-plant',
  psPiped: 'P1ped-plant',
  psReusedByFlow: 'Fl0wVariable-plant-2024',
  // Secrets only the analysis's data flow knows: a fallback after ||, and a copy in a comment that names no credential.
  tsFallback: 'F4llback-plant',
  psInComment: 'C0mmented-plant',
};

const SOURCES: Record<string, string> = {
  'src/msal.ts': `import { PublicClientApplication } from '@azure/msal-node';
const pca = new PublicClientApplication({ auth: { clientId: 'app' } });
const refreshToken = '${SECRETS.refreshToken}';
const bearer = "${SECRETS.jwt}";
export const token = () => pca.acquireTokenByUsernamePassword({ scopes: ['user.read'], username: 'u@contoso.com', password: '${SECRETS.msalPassword}' });
`,
  'src/mail.js': `const nodemailer = require('nodemailer');
const transport = nodemailer.createTransport({ host: 'smtp.office365.com', port: 587, auth: { user: 'a@contoso.com', pass: '${SECRETS.mailPassword}' } });
module.exports = { transport };
`,
  'src/identity.ts': `import { UsernamePasswordCredential } from '@azure/identity';
export const banner = \`Welcome
to
the
tenant
${SECRETS.tsTemplateTail}\`;
export const credential = new UsernamePasswordCredential('tenant', 'client', 'user@contoso.com', '${SECRETS.identityPassword}');
export const db = { connectionString: 'Server=tcp:x.database.windows.net;Database=d;User ID=u;Password=${SECRETS.connectionStringPassword};' };
`,
  'src/ropc-string.js': `async function token() {
  const response = await fetch("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", {
    method: "POST",
    body: "grant_type=password&client_id=app&client_secret=${SECRETS.ropcClientSecret}&username=" + process.env.U + "&password=" + process.env.P,
  });
  const data = await response.json(); // old password: ${SECRETS.keptComment}
  return data.access_token;
}
module.exports = { token };
`,
  'src/ropc.ts': `const body = new URLSearchParams({ grant_type: 'password', client_id: 'app', username: 'u@contoso.com', password: '${SECRETS.ropcPassword}', scope: 'openid' });
export const reply = fetch('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', { method: 'POST', body });
`,
  'src/powerbi.js': `const POWER_BI = {
  account: { user: process.env.PBI_USER || 'embed@contoso.com', pass: process.env.PBI_PASSWORD || '${SECRETS.tsFallback}' },
};
async function embedToken() {
  const body = new URLSearchParams({ grant_type: 'password', client_id: process.env.PBI_CLIENT_ID, username: POWER_BI.account.user, password: POWER_BI.account.pass });
  const response = await fetch('https://login.microsoftonline.com/organizations/oauth2/v2.0/token', { method: 'POST', body });
  return (await response.json()).access_token;
}
module.exports = { embedToken };
`,
  'scripts/commented.ps1': `$plain = '${SECRETS.psInComment}'
Write-Host 'Connecting' # ${SECRETS.psInComment} until May
$secure = ConvertTo-SecureString $plain -AsPlainText -Force
$cred = New-Object PSCredential('ops@contoso.com', $secure)
Connect-MsolService -Credential $cred
`,
  'scripts/reused.ps1': `$pw = ConvertTo-SecureString '${SECRETS.psReusedInArgument}' -AsPlainText -Force
$cred = New-Object PSCredential('svc@contoso.com', $pw)
Connect-AzAccount -Credential $cred -Subscription 'Prod-${SECRETS.psReusedInArgument}'
`,
  'scripts/flow.ps1': `$plain = '${SECRETS.psFlowVariable}'
$other = '${SECRETS.psPiped}' | ConvertTo-SecureString -AsPlainText -Force
[System.Net.ServicePointManager]::SecurityProtocol = 'Tls12' # Force TLS 1.2
Write-Host 'Connecting to the tenant' # Delegated flow (creds)
$secure = ConvertTo-SecureString $plain -AsPlainText -Force
$cred = New-Object PSCredential('ops@contoso.com', $secure)
Connect-MsolService -Credential $cred
Write-Host 'Connected; rotate ${SECRETS.psReusedByFlow} next'
`,
  'scripts/connect.ps1': `$quoted = ConvertTo-SecureString '${SECRETS.psQuoted}' -AsPlainText -Force
$bare = ConvertTo-SecureString -AsPlainText -Force ${SECRETS.psBareWord}
$here = ConvertTo-SecureString -AsPlainText -Force -String @'
${SECRETS.psHereString}
'@
$cred = New-Object System.Management.Automation.PSCredential ('ops@contoso.com', $quoted)
Connect-MsolService -Credential $cred
$params = @{ Credential = [pscredential]::new('ops@contoso.com', (ConvertTo-SecureString '${SECRETS.psSplatted}' -AsPlainText -Force)) }
Connect-AzAccount @params
$motd = "Welcome
to
the
tenant
${SECRETS.psMultiLineString}"
az login -u ops@contoso.com -p ${SECRETS.azCliPassword}
$token = Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token' -Body @{
    grant_type = 'password'
    username   = 'ops@contoso.com'
    password   = '${SECRETS.psRopcPassword}'
    resource   = 'https://graph.microsoft.com'
}
`,
};

function run(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  assert.ok(result.status !== 2, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout + result.stderr;
}

function leaked(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

describe('planted secrets never leave the user\'s own source', () => {
  it('scan in every format, fix --dry-run and fix print none of them; fix writes no other file', function () {
    this.timeout(60_000);
    const tree = tempTree(SOURCES);
    try {
      const printed = [
        run(['scan', '.'], tree.root),
        run(['scan', '.', '--format', 'json'], tree.root),
        run(['scan', '.', '--format', 'sarif', '--output', 'report.sarif'], tree.root),
        readFileSync(join(tree.root, 'report.sarif'), 'utf8'),
        run(['fix', '.', '--dry-run'], tree.root),
        run(['fix', '.'], tree.root),
        run(['scan', '.', '--format', 'sarif'], tree.root),
      ];
      assert.match(printed[4], /^\+\+\+ b\/scripts\/connect\.ps1/m, 'the dry run printed a diff');
      assert.match(printed[4], /^\+\+\+ b\/src\/identity\.ts/m, 'the dry run printed a diff');
      assert.match(printed[4], /^\+\+\+ b\/src\/powerbi\.js/m, 'the dry run printed a diff');
      assert.match(printed[4], /^\+\+\+ b\/scripts\/commented\.ps1/m, 'the dry run printed a diff');
      assert.match(printed[2] + printed[3], /ps-plaintext-password/);
      // What is no secret reads as written in the diff: strings and comments that give nothing to a credential.
      assert.match(printed[4], /^ \[System\.Net\.ServicePointManager\]::SecurityProtocol = 'Tls12' # Force TLS 1\.2$/m);
      assert.match(printed[4], /^ Write-Host 'Connecting to the tenant' # Delegated flow \(creds\)$/m);
      printed.forEach((output, index) => assert.deepEqual(leaked(output), [], `output ${index} leaks`));
      const files = readdirSync(tree.root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      assert.deepEqual(files.map((entry) => join(entry.parentPath, entry.name).slice(tree.root.length + 1)).sort(), [...Object.keys(SOURCES), 'report.sarif'].sort());
    } finally {
      tree.dispose();
    }
  });

  it('the scan cache holds none of them, though it holds the findings', function () {
    this.timeout(60_000);
    const tree = tempTree(SOURCES);
    const cacheFolder = mkdtempSync(join(tmpdir(), 'mfa-ready-cache-'));
    try {
      ageFiles(tree.root);
      const cacheFile = join(cacheFolder, 'scan.json');
      const printed = [run(['scan', '.', '--cache-location', cacheFile], tree.root), run(['scan', '.', '--cache-location', cacheFile], tree.root)];
      assert.match(printed[1], /10 unchanged since the cached run/);
      const cached = readFileSync(cacheFile, 'utf8');
      assert.match(cached, /ps-plaintext-password/);
      assert.deepEqual(leaked(cached), []);
      printed.forEach((output, index) => assert.deepEqual(leaked(output), [], `output ${index} leaks`));
    } finally {
      tree.dispose();
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });
});
