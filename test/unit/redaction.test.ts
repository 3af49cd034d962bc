import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { keepsSecretOf, redact, redactDiffSides, redactFixedLines, redactLines, snippetOf } from '../../src/engine/redact';

const SECRET = 'P@ssw0rd-Secret-123';
const MEGABYTE = 1 << 20;

/** `unit` repeated to about a megabyte: a minified bundle's single line. */
function megabyteOf(unit: string): string {
  return unit.repeat(Math.ceil(MEGABYTE / unit.length));
}

function assertMasked(masked: string, shown: string): void {
  assert.ok(!masked.includes(SECRET), `the password shows in: ${masked.slice(0, 300)}`);
  assert.ok(masked.includes(shown), `${shown} is hidden in: ${masked.slice(0, 300)}`);
}

describe('redaction', () => {
  // Each line took minutes (or hung) when a pattern backtracked over the whole line.
  it('masks a megabyte-long line, in a snippet and in a diff', function () {
    this.timeout(20_000);
    const signIn = 'export const f = (u,p) => pca.acquireTokenByUsernamePassword({scopes:["user.read"],username:u,password:p}); // ';
    const minified = signIn + megabyteOf('a/');
    // The comment is on a line that names a password: masked whole, as a comment that names one.
    assert.equal(snippetOf(minified, 'javascript'), `${signIn.replace('"user.read"', '"***"').replace('password:p}', 'password:***').trim()} ***`);
    assert.equal(snippetOf(`export const f = (u) => pca.acquireTokenByDeviceCode(u); // ${megabyteOf('a/')}`, 'javascript'), `export const f = (u) => pca.acquireTokenByDeviceCode(u); // ${'a/'.repeat(80)}`.slice(0, 159) + '…');
    assert.equal(snippetOf(`const path = ${megabyteOf('a/')}9`, 'javascript'), 'const path = ***');
    assert.equal(snippetOf(`const s = ${megabyteOf('"\\')}`, 'typescript'), 'const s = "***');
    assert.equal(snippetOf(`Connect-MsolService -Credential $c${megabyteOf(' #')} pw ${SECRET}`, 'powershell'), 'Connect-MsolService -Credential $c # ***');
    assert.deepEqual(redactLines([`$c =${megabyteOf(' #')} pw ${SECRET}`, `$d = "${megabyteOf('`\\')}`, 'Get-Date'], 'powershell'), ['$c = # ***', '$d = "***', '***']);
    assert.deepEqual(redactLines([`x = ${megabyteOf('a/')}1`, 'y = 1'], 'typescript'), ['x = ***', 'y = 1']);
  });

  it('shows the part of a long line around the finding, masked', async () => {
    const before = Array.from({ length: 150 }, (_, i) => `var a${i}="${SECRET}";`).join('');
    const after = Array.from({ length: 150 }, (_, i) => `var b${i}=${i};`).join('');
    const minified = `${before}pca.acquireTokenByUsernamePassword({scopes:[],username:u,password:"${SECRET}"});${after}`;
    const { findings } = await analyze('bundle.min.js', minified, 'javascript');
    const snippet = findings.find((finding) => finding.ruleId === 'ts-msal-ropc')?.snippet ?? '';
    assert.ok(snippet.length <= 160 && snippet.startsWith('…') && snippet.endsWith('…'), snippet);
    assertMasked(snippet, 'pca.acquireTokenByUsernamePassword({scopes:[],username:u,password:"***"});var b0=0;');
    // At the line's end, the cut is on the left only; at its start, on the right only.
    assert.equal(snippetOf(`${before}f()`, 'javascript', before.length), `…${redact(before, 'javascript').slice(-156)}f()`);
    assert.equal(snippetOf(`f();${after}`, 'javascript', 0), `f();${after}`.slice(0, 159) + '…');
    // A column inside a masked string is taken for the mask's place.
    assert.equal(snippetOf(`x="${SECRET.repeat(300)}";${after}`, 'javascript', 2500), `x="***";${after}`.slice(0, 159) + '…');
  });

  // Each finding's snippet masked its whole line again: 2,000 findings on a 170 kB line took 18 s, and
  // findings alternating between two long lines over a minute even with the last line remembered.
  it('masks each line of a minified file once for all the findings on it', async function () {
    this.timeout(120_000);
    const count = 2000;
    const definitions = `var ${Array.from({ length: count }, (_, i) => `p${i}="Secret${i}"`).join(',')};`;
    const signIns = Array.from({ length: count }, (_, i) => `pca.acquireTokenByUsernamePassword({scopes:[],username:u,password:p${i}});pca.acquireTokenByUsernamePassword({scopes:[],username:u,password:"Inline${i}"});`);
    const { findings } = await analyze('bundle.min.js', `${definitions}\n${signIns.join('')}\n`, 'javascript');
    assert.equal(findings.length, 4 * count);
    const last = findings.filter((finding) => finding.ruleId === 'ts-msal-ropc').at(-1)!;
    assert.ok(last.snippet.endsWith('pca.acquireTokenByUsernamePassword({scopes:[],username:u,password:"***"});'), last.snippet);
  });

  it('cuts a long line between characters, and shows a private-use character as it is', () => {
    const emoji = '\u{1F600}'.repeat(200);
    for (let column = 0; column < 400; column += 7) {
      const snippet = snippetOf(`${emoji}f(x);${emoji}`, 'javascript', column);
      assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(snippet), `half a character at column ${column}: ${snippet}`);
    }
    assertMasked(snippetOf(`const label = "${SECRET}"; // the icon font's \uE000 glyph`, 'javascript'), `const label = "***"; // the icon font's \uE000 glyph`);
  });

  it('keeps JS and PowerShell quoting apart: a backtick in a JS string, a backslash in a PowerShell string', () => {
    const fence = `export const fence = "\`\`\`", pw = "${SECRET}"; export const t = () => pca.acquireTokenByUsernamePassword({ password: pw });`;
    assertMasked(snippetOf(fence, 'typescript'), 'pca.acquireTokenByUsernamePassword({ password: ***');
    const folder = `$dir = "C:\\temp\\"; $p = "${SECRET}"; Connect-MsolService -Credential $c`;
    assertMasked(snippetOf(folder, 'powershell'), 'Connect-MsolService -Credential $c');
  });

  it('skips a regular expression literal holding a quote', () => {
    const line = `export const t = (s) => /"/.test(s) && pca.acquireTokenByUsernamePassword({ username: "u", password: "${SECRET}" });`;
    assertMasked(snippetOf(line, 'typescript'), '.test(s) && pca.acquireTokenByUsernamePassword({ username: "***", password: "***" })');
    assert.equal(redact('const half = total / 2, rate = "a/b" / 3;', 'typescript'), 'const half = total / 2, rate = "***" / 3;');
  });

  it('masks a string nested in the code of a template literal or an expandable PowerShell string', () => {
    const header = `const auth = \`Basic \${Buffer.from(\`admin:${SECRET}\`).toString('base64')}\`; pca.acquireTokenByUsernamePassword(req);`;
    assertMasked(snippetOf(header, 'typescript'), 'pca.acquireTokenByUsernamePassword(req);');
    const basic = `$auth = "Basic $([Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("svc-admin:${SECRET}")))"; Connect-MsolService -Credential $c`;
    assertMasked(snippetOf(basic, 'powershell'), 'Connect-MsolService -Credential $c');
    // The string around the code closes at its own quote: what follows is read as it is.
    const scopes = `pca.acquireTokenByUsernamePassword({ scopes: [\`\${api}/.default\`], username: "u", password: "Pa\`ss-${SECRET}" })`;
    assertMasked(snippetOf(scopes, 'typescript'), 'username: "***", password: "***" })');
    const greeting = `console.log(\`signing in \${user}\`); const r = await pca.acquireTokenByUsernamePassword({ username: \`\${u}\`, password: '${SECRET}' });`;
    assertMasked(snippetOf(greeting, 'typescript'), "const r = await pca.acquireTokenByUsernamePassword({ username: `***`, password: '***' })");
    const quoteInPassword = `Write-Host "Connecting as $($env:USERNAME)"; $s = ConvertTo-SecureString 'Winter"${SECRET}' -AsPlainText -Force; Connect-MsolService -Credential $c`;
    assertMasked(snippetOf(quoteInPassword, 'powershell'), 'Connect-MsolService -Credential $c');
    assertMasked(redact(`Write-Host "Using $($acct)" # old pwd "Summer" is ${SECRET}`, 'powershell'), 'Write-Host "***" #');
    assert.deepEqual(redactLines(['const who = `svc ${name}`; const note = `', SECRET, '`;'], 'typescript'), ['const who = `***`; const note = `', '***', '`;']);
    const hereString = ['$u = "svc-$($env:COMPUTERNAME)"; $pw = ConvertTo-SecureString -AsPlainText -Force -String @"', SECRET, '"@'];
    assert.deepEqual(redactLines(hereString, 'powershell'), ['$u = "***"; $pw = ConvertTo-SecureString -AsPlainText -Force -String @"', '***', '"@']);
  });

  it('takes a / after the head of an if, while or for, or after a block, for a regular expression', () => {
    for (const head of ['if (ok)', 'while (more(x))', 'for (const x of xs)', '}']) {
      const line = `${head} /'/.test(x); pca.acquireTokenByUsernamePassword({ username: 'u', password: '${SECRET}' });`;
      assertMasked(snippetOf(line, 'typescript'), "pca.acquireTokenByUsernamePassword({ username: '***', password: '***' })");
    }
    assert.equal(redact('const mean = (a + b) / 2, rate = f(x) / 3;', 'typescript'), 'const mean = (a + b) / 2, rate = f(x) / 3;', 'divisions stay');
    assert.equal(redact(`const secs = await (elapsed) / 1000, dir = 'a/b', pw = '${SECRET}';`, 'typescript'), "const secs = await (elapsed) / 1000, dir = '***', pw = '***';");
  });

  it("masks a GUID-shaped secret and a hyphenated passphrase as it masks other values; shows code after a password's name", () => {
    assert.equal(redact('Connect-X -ClientSecret 5b2f1c3e-8a9d-4e7f-b6c5-1d2e3f4a5b6c', 'powershell'), 'Connect-X -ClientSecret ***');
    assert.equal(redact('cmdkey /generic:svc /user:ops /pass:Winter-Storm', 'powershell'), 'cmdkey /generic:svc /user:ops /pass:***');
    assert.equal(redact('const o = { pass: process.env.SMTP_PASS, token: await getToken(), secret: string };', 'typescript'), 'const o = { pass: process.env.SMTP_PASS, token: await getToken(), secret: string };');
    // A cmdlet that makes or reads the value is code: the snippet shows what the line does.
    assert.equal(redact("$pwd = ConvertTo-SecureString -String 'Winter-Storm' -Force -AsPlainText", 'powershell'), "$pwd = ConvertTo-SecureString -String '***' -Force -AsPlainText");
    assert.equal(redact('$pass = Get-Secret -Name svc; $pwd = Winter-Storm', 'powershell'), '$pass = Get-Secret -Name svc; $pwd = ***');
    assert.equal(
      redact('$token = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.us/$env:TENANT_ID/oauth2/token" -Body $body', 'powershell'),
      '$token = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.us/$env:TENANT_ID/oauth2/token" -Body $body',
      "a token endpoint's URL shows, with the environment variable in its path",
    );
    assert.equal(redact('$uri = "https://login.microsoftonline.com/t/oauth2/token?client_secret=$env:S"', 'powershell'), '$uri = "***"', 'a query string does not');
    // A bracketed expression is code too: its strings are masked, its brackets kept.
    assert.equal(
      redact("$o = [pscustomobject]@{ Password = (ConvertTo-SecureString 'Winter-Storm' -AsPlainText -Force)[0]; Token = [string]$t }", 'powershell'),
      "$o = [pscustomobject]@{ Password = (ConvertTo-SecureString '***' -AsPlainText -Force)[0]; Token = [string]$t }",
    );
    assert.equal(redact("const o = { password: (await vault.get('smtp')) };", 'typescript'), "const o = { password: (await vault.get('***')) };");
    // A bracketed word is no code: it may be the secret.
    assert.equal(redact('cmdkey /generic:a /user:b /pass:{Summer2024}; $x = "a"; password=(Winter2025); pwd=[Summer2024]', 'powershell'), 'cmdkey /generic:a /user:b /pass:***; $x = "***"; password=***); pwd=***');
    // Elsewhere a bare word that looks like a cmdlet, or like code in capitals, may be the password.
    assert.equal(redact('cmdkey /generic:a /user:b /pass:New-Start; cmdkey /pass:This.Is.Winter; cmdkey /pass:Unknown', 'powershell'), 'cmdkey /generic:a /user:b /pass:***; cmdkey /pass:***; cmdkey /pass:***');
    assert.equal(redact('Set-Thing -Password:Get-Lucky; $x = "pass=Read-Only"', 'powershell'), 'Set-Thing -Password:***; $x = "***"');
  });

  it('masks the later lines of a block comment whole: the credential may be named on another line', () => {
    // A value with no word of note in it (as a password need not have).
    const plain = 'Tr0ub4dor&3';
    assert.deepEqual(redactLines(['<#', ' credentials for the service account:', `   admin / ${plain}`, '#>', 'Get-Date'], 'powershell'), ['<#', ' ***', '   ***', '#>', 'Get-Date']);
    assert.deepEqual(redactLines(['/* the old sign-in:', ` admin ${plain} */ f(x);`], 'typescript'), ['/* the old sign-in:', ' *** */ f(x);']);
  });

  it("shows a JS module's name where it is imported (a fix's diff is reviewed by its imports), and masks every other string", () => {
    assert.equal(
      redact(`import { PublicClientApplication } from "@azure/msal-node"; const fs = require('node:fs'), auth = await import('./auth/sam.js'), pw = '${SECRET}';`, 'typescript'),
      `import { PublicClientApplication } from "@azure/msal-node"; const fs = require('node:fs'), auth = await import('./auth/sam.js'), pw = '***';`,
    );
    assert.equal(redact(`const m = require('Winter 2024!'); const from = 'contoso-secret';`, 'javascript'), `const m = require('***'); const from = '***';`);
    assert.equal(redact(`config.require("Sup3rS3cret.2024"); vault.import( "Zx9-Pa55word");`, 'javascript'), `config.require("***"); vault.import( "***");`);
  });

  it("masks a bare word glued to a PowerShell string, which PowerShell passes as one argument with it; not a member or an operator after a string", () => {
    assert.equal(redact("$p = ConvertTo-SecureString 'Summer'2024x -AsPlainText -Force", 'powershell'), "$p = ConvertTo-SecureString '***'*** -AsPlainText -Force");
    assert.equal(redact("Write-Host 'a'.Length; '{0}'-f $x", 'powershell'), "Write-Host '***'.Length; '***'-f $x");
  });

  it('masks PowerShell strings in typographic quotes', () => {
    for (const [open, close] of ['‘’', '’’', '‚‛', '“”', '„”', '"”', `'’`]) {
      assertMasked(snippetOf(`$p = ${open}${SECRET}${close}; Connect-MsolService -Credential $c`, 'powershell'), 'Connect-MsolService -Credential $c');
    }
  });

  it('masks a block comment that names a credential, and keeps the code after it', () => {
    assertMasked(snippetOf(`/* pw ${SECRET} */ pca.acquireTokenByUsernamePassword(req);`, 'typescript'), '/* *** */ pca.acquireTokenByUsernamePassword(req);');
    assertMasked(snippetOf(`<# pw ${SECRET} #> Connect-MsolService -Credential $c`, 'powershell'), '<# *** #> Connect-MsolService -Credential $c');
    assert.equal(redact('/* no words of note */ f(x)', 'javascript'), '/* no words of note */ f(x)');
  });

  it("masks a comment on a line that names a credential, though the comment does not: it may quote an old value", () => {
    const plain = 'Qx7Tern12';
    assert.equal(redact(`password: "Qx7Tern11" /* old: ${plain} */ });`, 'javascript'), 'password: "***" /* *** */ });');
    assert.equal(redact(`$pass = "Qx7Tern11" # was ${plain}`, 'powershell'), '$pass = "***" # ***');
    assert.equal(redact(`f(x); /* old: ${plain} */`, 'javascript'), `f(x); /* old: ${plain} */`);
  });

  it('masks every line of a multi-line template literal or PowerShell string in a diff', () => {
    assert.deepEqual(redactLines(['const banner = `', `Welcome, ${SECRET}`, `${SECRET}\`;`, 'pca.acquireTokenByUsernamePassword(req);'], 'typescript'), [
      'const banner = `',
      '***',
      '***`;',
      'pca.acquireTokenByUsernamePassword(req);',
    ]);
    assert.deepEqual(redactLines(['$motd = "Welcome', SECRET, `${SECRET}"; Connect-MsolService -Credential $c`], 'powershell'), [
      '$motd = "***',
      '***',
      '***"; Connect-MsolService -Credential $c',
    ]);
    assert.deepEqual(redactLines(["$p = 'first", `${SECRET}'`, '<# old', `pw ${SECRET} #> Get-Date`], 'powershell'), ["$p = '***", "***'", '<# old', '*** #> Get-Date']);
  });

  it("shows what a fix wrote in a diff, masking only what it copied of what the file's masks hide: a short string or a word the file holds in its code is no copy", () => {
    const original = [`$pass = ConvertTo-SecureString '${SECRET}' -AsPlainText -Force`, "Send-MailMessage -To 'ops@contoso.com' -Subject 'Nightly report' -Body 'done' -Credential $c", 'Write-Host "Signing in to $SiteURL for its .default scope"'].join('\n');
    const fixed = [
      '<#',
      '  Sends a mail through Microsoft Graph, where Send-MailMessage signed in to SMTP with a password.',
      "  Redeems the refresh token of the partner's consent (done with MFA).",
      '#>',
      "$type = $(if ($BodyAsHtml) { 'HTML' } else { 'Text' }); $list = $To -join ','",
      `Connect-PnPOnline -Url $SiteURL -AccessToken (Get-SamAccessToken -Scope "$(([uri]($SiteURL)).GetLeftPart('Authority'))/.default")`,
      `$kept = 'Prod-${SECRET}'; $subject = 'Nightly report'`,
    ];
    const shown = new Set(fixed.map((_, index) => index));
    // Every line the fix wrote is shown as written, but the last's copy of the file's password: its subject is no secret.
    assert.deepEqual(redactFixedLines(fixed, 'powershell', original, shown), [...fixed.slice(0, -1), "$kept = '***'; $subject = 'Nightly report'"]);
  });

  it("shows a diff's strings and comments as written, hiding the secrets by what the code gives them to", () => {
    const original = [
      '# Delegate flow (Creds)',
      "[System.Net.ServicePointManager]::SecurityProtocol = 'TLS12' # Force use of TLS 1.2 encryption",
      "$password = Get-Content 'C:\\secure.txt' | ConvertTo-SecureString # Import the secured password",
      `@{ Method = 'POST'; Grant_Type = 'PASSWORD'; Scope = "offline_access https://graph.microsoft.com/.default"; Password = '${SECRET}' }`,
      "$Script:Token = $TenantResponse.access_token",
      `$plain = 'Fl0w-${SECRET}'; $s = ConvertTo-SecureString $plain -AsPlainText -Force`,
      `'Piped-${SECRET}' | ConvertTo-SecureString -AsPlainText -Force`,
      `Connect-X -ClientSecret 'Param-${SECRET}' -Name 'Piped-${SECRET}-copy'`,
      `$c = New-Object System.Net.NetworkCredential('ops@contoso.com', 'Ctor-${SECRET}') # old password: summerplanted`,
      `$db = "Server=x;User ID=u;Password=Conn-${SECRET};"; $h = @{ Authorization = 'Basic dXNlcjpwYXNz' }`,
    ];
    const { before } = redactDiffSides(original, [], 'powershell', new Set());
    assert.deepEqual(before, [
      '# Delegate flow (Creds)',
      "[System.Net.ServicePointManager]::SecurityProtocol = 'TLS12' # Force use of TLS 1.2 encryption",
      "$password = Get-Content 'C:\\secure.txt' | ConvertTo-SecureString # Import the secured password",
      `@{ Method = 'POST'; Grant_Type = 'PASSWORD'; Scope = "offline_access https://graph.microsoft.com/.default"; Password = '***' }`,
      "$Script:Token = $TenantResponse.access_token",
      "$plain = '***'; $s = ConvertTo-SecureString $plain -AsPlainText -Force",
      "'***' | ConvertTo-SecureString -AsPlainText -Force",
      "Connect-X -ClientSecret '***' -Name '***'",
      "$c = New-Object System.Net.NetworkCredential('***', '***') # old password: ***",
      `$db = "***"; $h = @{ Authorization = '***' }`,
    ]);
  });

  it("a diff hides what a credential's constructor takes over lines", () => {
    const original = ['const credential = new UsernamePasswordCredential(', '  tenantId,', "  'svc@contoso.com',", `  "Ctor-${SECRET}",`, ');', "const label = 'Nightly export';"];
    assert.deepEqual(redactDiffSides(original, [], 'typescript', new Set()).before, [
      'const credential = new UsernamePasswordCredential(',
      '  tenantId,',
      "  '***',",
      '  "***",',
      ');',
      "const label = 'Nightly export';",
    ]);
  });

  it('masks a diff of megabyte-long lines in linear time', function () {
    this.timeout(20_000);
    const lines = [megabyteOf('pass'), `x = 1; // ${megabyteOf('passkey ')}`, `f(-${megabyteOf('pass')})`, `$${megabyteOf('password')} = 'a'`, `var a = ${megabyteOf('new PSCredential(')}`, `f(${megabyteOf('$p, ')})`];
    for (const language of ['typescript', 'powershell'] as const) {
      const { before, after } = redactDiffSides(lines, lines, language, new Set([0, 1]));
      assert.equal(before.length + after.length, 2 * lines.length);
    }
  });

  it("a diff hides the words of a comment about a credential that could be a secret, and a multi-line string whole", () => {
    const { before } = redactDiffSides(['<#', ' credentials for the service account:', `   admin / ${SECRET} at https://contoso.com/a`, '#>', '$motd = "Welcome', `${SECRET}"`], [], 'powershell', new Set());
    assert.deepEqual(before, ['<#', ' credentials for the service account:', '   admin / *** at https://contoso.com/a', '#>', '$motd = "***', '***"']);
  });

  it("a fix keeps a secret where its text holds a quoted password of the file, also inside another string; megabyte lines stay linear", function () {
    this.timeout(20_000);
    const kept = "-Subscription 'Prod-" + SECRET + "'";
    for (const written of [`$adminPassword = '${SECRET}'`, `const smtpPass = "${SECRET}";`, `ConvertTo-SecureString '${SECRET}' -AsPlainText`, `-Password '${SECRET}'`]) {
      assert.equal(keepsSecretOf(written, kept), true, written);
    }
    assert.equal(keepsSecretOf(`$subscriptionName = '${SECRET}'`, kept), false, 'a name that is no password word');
    for (const line of [megabyteOf('pass'), megabyteOf('password'), megabyteOf("pwd='"), `pwd='${megabyteOf('a')}`]) assert.equal(keepsSecretOf(line, 'x'), false);
  });
});
