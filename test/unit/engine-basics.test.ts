import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { redact, redactLines, snippetOf } from '../../src/engine/redact';
import { RULES } from '../../src/engine/catalog';
import { rulesTriggeredBy, type NotCode } from '../../src/engine/rule';
import { decodeSource, encodeSource } from '../../src/engine/source-file';
import { detectIndentUnit, LineIndex } from '../../src/engine/text';
import { parseModule } from '../../src/languages/typescript/parse';
import { sarifErrors } from './sarif-schema';

describe('engine basics', () => {
  it('masks password literals, secret assignments and tokens, but keeps URLs', () => {
    const line = `pca.acquireTokenByUsernamePassword({ username: "svc@contoso.com", password: "Winter2019!", authority: "https://login.microsoftonline.com/contoso" })`;
    const masked = redact(line, 'typescript');
    assert.ok(!masked.includes('Winter2019!'));
    assert.ok(!masked.includes('svc@contoso.com'));
    assert.ok(masked.includes('"https://login.microsoftonline.com/contoso"'));
    assert.equal(redact('body = "grant_type=password&password=Hunter2"', 'typescript'), 'body = "***"');
    assert.equal(redact('$form = grant_type=password&password=Hunter2&client_id=1', 'powershell'), '$form = grant_type=password&password=***&client_id=1');
    const jwtHeader = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
    const jwtPayload = Buffer.from(JSON.stringify({ sub: '1234567890' })).toString('base64url');
    assert.ok(!redact(`token: ${jwtHeader}.${jwtPayload}.abc`, 'typescript').includes(jwtHeader));
    assert.equal(redact(`password: 'Summer.2024', host: "smtp.office365.com"`, 'typescript'), `password: '***', host: "smtp.office365.com"`);
    assert.equal(redact('$s = ConvertTo-SecureString -String Pl41nT3xt! -AsPlainText -Force', 'powershell'), '$s = ConvertTo-SecureString -String *** -AsPlainText -Force');
    assert.equal(redact('az login -u ops@contoso.com -p Sup3rSecret! --tenant x', 'powershell'), 'az login -u ops@contoso.com -p *** --tenant x');
    assert.equal(redact('az login --username ops --password Sup3rSecret!', 'powershell'), 'az login --username ops --password ***');
    assert.equal(redact('$s = ConvertTo-SecureString -AsPlainText -Force Hunter2A', 'powershell'), '$s = ConvertTo-SecureString -AsPlainText -Force ***');
    assert.equal(redact('$s = ConvertTo-SecureString -Str Hunter2B -AsPlainText | Out-Null', 'powershell'), '$s = ConvertTo-SecureString -Str *** -AsPlainText | Out-Null');
    assert.equal(redact('az login --username ops@contoso.com --pass Hunter2C', 'powershell'), 'az login --username ops@contoso.com --pass ***');
    assert.equal(redact('az login -u ops@contoso.com -pHunter2D', 'powershell'), 'az login -u ops@contoso.com -p***');
    assert.equal(redact('pac auth create -un ops@contoso.com -p:Hunter2J', 'powershell'), 'pac auth create -un ops@contoso.com -p:***');
    assert.equal(redact('dotnet build -p:Version=1.2.3 -c Release', 'powershell'), 'dotnet build -p:Version=1.2.3 -c Release');
    assert.equal(redact('Connect-AzureAD -Credential $cred # old pw was Hunter2H', 'powershell'), 'Connect-AzureAD -Credential $cred # ***');
    assert.equal(redact('New-PSSession -ConfigurationName Microsoft.Exchange `', 'powershell'), 'New-PSSession -ConfigurationName Microsoft.Exchange `');
    assert.deepEqual(redactLines(["$pw = ConvertTo-SecureString -AsPlainText -Force -String @'", 'Hunter2F', "'@", 'Get-Date'], 'powershell'), [
      "$pw = ConvertTo-SecureString -AsPlainText -Force -String @'",
      '***',
      "'@",
      'Get-Date',
    ]);
    assert.equal(redact('az login -u $user -p $Password', 'powershell'), 'az login -u $user -p $Password');
    assert.equal(redact('$p = "ab`"cdSECRETPART"', 'powershell'), '$p = "***"');
    assert.equal(redact('password: `first line of a multi-line secret', 'typescript'), 'password: `***');
    assert.equal(redact('msRestNodeAuth.loginWithUsernamePasswordWithAuthResponse(u, p)', 'typescript'), 'msRestNodeAuth.loginWithUsernamePasswordWithAuthResponse(u, p)');
    assert.equal(snippetOf(`   ${'ab '.repeat(100)}`, 'typescript').length, 160);
  });

  it("every rule's trigger and required words are lower-case ASCII, as the search reports the words it finds (a word in capitals never triggered)", () => {
    const words = RULES.flatMap((meta) => [...meta.triggers, ...(meta.requires ?? [])].map((word) => [meta.id, word]));
    assert.deepEqual(words.filter(([, word]) => word !== word.toLowerCase() || /[^\x00-\x7f]/.test(word)), []);
  });

  it('tells which rules a text triggers: any casing, words inside and at the start of longer ones, required words anywhere, triggers outside comments, and in strings where they count there', () => {
    const rule = (id: string, triggers: string[], requires?: string[], triggersInStrings?: boolean) => ({
      meta: { id, title: id, description: id, defaultSeverity: 'error' as const, language: 'powershell' as const, tags: [], triggers, requires, triggersInStrings },
    });
    const rules = [
      rule('prefix', ['connect-az']),
      rule('whole', ['connect-azaccount'], undefined, false),
      rule('inner', ['azaccount']),
      rule('mail', ['send'], ['nodemailer']),
      rule('builds-on-others', []),
    ];
    const ids = (text: string, notCode?: NotCode) => rulesTriggeredBy(rules, text, notCode).map((r) => r.meta.id);
    const code = 'CONNECT-AzAccount -Force # send it\n';
    assert.deepEqual(ids(code), ['prefix', 'whole', 'inner', 'builds-on-others']);
    const withModule = `${code}$m = Import-Module NodeMailer\n`;
    assert.deepEqual(ids(withModule), ['prefix', 'whole', 'inner', 'mail', 'builds-on-others']);
    const comment = code.indexOf('#');
    const inComment = (offset: number) => offset >= comment && offset < code.length;
    assert.deepEqual(ids(withModule, { inComment }), ['prefix', 'whole', 'inner', 'builds-on-others'], 'a trigger in a comment does not count');
    assert.deepEqual(ids('# Connect-AzAccount\n', { inComment: () => true }), ['builds-on-others']);
    const said = 'Write-Host "Connect-AzAccount is the new way"\n';
    const inString = (offset: number) => offset > said.indexOf('"') && offset < said.lastIndexOf('"');
    assert.deepEqual(ids(said, { inComment: () => false, inString }), ['prefix', 'inner', 'builds-on-others'], 'a command name in a string does not count');
    const twice = `${said}Connect-AzAccount\n`;
    assert.deepEqual(ids(twice, { inComment: () => false, inString }), ['prefix', 'whole', 'inner', 'builds-on-others'], 'once in code counts');
  });

  it('maps offsets to 0-based lines and UTF-16 columns across LF, CRLF and lone CR', () => {
    const index = new LineIndex('a\r\nbé😀c\rd\ne');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(7), { line: 1, character: 4 });
    assert.deepEqual(index.positionAt(9), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(11), { line: 3, character: 0 });
    assert.equal(index.lineText(1), 'bé😀c');
    // Text with LF only takes the native search for line breaks: the same positions.
    const lf = new LineIndex('ab\n\ncd\n');
    assert.deepEqual([0, 2, 3, 4, 6, 7].map((offset) => lf.positionAt(offset)), [
      { line: 0, character: 0 }, { line: 0, character: 2 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 2, character: 2 }, { line: 3, character: 0 },
    ]);
    assert.equal(lf.lineText(2), 'cd');
  });

  it('detects the indent unit: tabs anywhere win, then the smallest run of spaces (two to eight), block-comment stars aside', () => {
    const cases: [string, string][] = [
      ['a\n    b\n  c\n', '  '],
      ['a\n    b\n        c\n', '    '],
      ['a\n   b\n', '   '],
      ['a\n    b\n\tc\n', '\t'],
      ['a\n b\n    c\n', '  '],
      ['/**\n * doc\n */\nf();\n    g();\n', '    '],
      ['a\n            b\n', '        '],
      ['no indent at all\n', '  '],
      ['a\r\n    b\r\n', '    '],
    ];
    for (const [text, unit] of cases) assert.equal(detectIndentUnit(text), unit, JSON.stringify(text));
    assert.equal(detectIndentUnit('a\n b\n', '    '), '    ', 'a one-space indent is no unit: the fallback');
  });

  it('round-trips UTF-8, UTF-8 with BOM, UTF-16 LE and BE byte for byte', () => {
    const text = 'Connect-MsolService -Credential $cred # ünïcödé\r\n';
    for (const encoding of ['utf8', 'utf8-bom', 'utf16le', 'utf16be'] as const) {
      const bytes = encodeSource(text, encoding);
      const decoded = decodeSource(bytes);
      assert.equal(decoded.encoding, encoding);
      assert.equal(decoded.text, text);
      assert.equal(decoded.lossy, false);
      assert.ok(encodeSource(decoded.text, decoded.encoding).equals(bytes));
    }
    assert.equal(decodeSource(Buffer.from([0xff, 0xfe, 0x00, 0xd8])).lossy, true, 'a lone surrogate in UTF-16');
  });

  it('reads bytes that are no UTF-8 as Windows-1252, every byte its own character, and writes them back unchanged', () => {
    const quoted = decodeSource(Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80]));
    assert.deepEqual([quoted.encoding, quoted.text, quoted.lossy], ['windows-1252', '\u201chi\u201d \u2013 \u20ac', false]);
    const every = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    const decoded = decodeSource(every);
    assert.equal(new Set(decoded.text).size, 256);
    assert.ok(encodeSource(decoded.text, 'windows-1252').equals(every));
    assert.throws(() => encodeSource('\u2192', 'windows-1252'), /has no byte in Windows-1252/);
  });

  it('reads UTF-8 with a stray byte as UTF-8, the stray byte as its Windows-1252 character, and never rewrites it', () => {
    const bytes = Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from(' \u201chttps://outlook.office365.com\u201d \u20ac\n', 'utf8')]);
    const { notice, ...decoded } = decodeSource(bytes);
    assert.deepEqual(decoded, { text: '# Caf\u00e9 \u201chttps://outlook.office365.com\u201d \u20ac\n', encoding: 'utf8', lossy: true });
    assert.match(notice!, /stray bytes, read as Windows-1252 characters; never rewritten/);
    assert.deepEqual(decodeSource(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62])).text, 'a\u00ed\u00a0\u20acb', 'a surrogate encoded in UTF-8 is three stray bytes');
  });

  it('applies edits by offset and refuses overlapping ones', () => {
    assert.equal(applyEdits('abcdef', [{ startOffset: 4, endOffset: 6, newText: 'XY' }, { startOffset: 0, endOffset: 0, newText: '>' }]), '>abcdXY');
    assert.throws(() => applyEdits('abcdef', [{ startOffset: 0, endOffset: 3, newText: '' }, { startOffset: 2, endOffset: 4, newText: '' }]));
  });

  it('keeps parsing a TypeScript file past a syntax error, at the same offsets', () => {
    const text = 'const a = 1;\nconst b = ;\nfunction f() { return a; }\n';
    const parsed = parseModule(text, false);
    assert.equal(parsed.problems.length, 1);
    const names = parsed.program!.body.map((s) => text.slice(s.range[0], s.range[1]).split(/[ (]/)[1]);
    assert.deepEqual(names, ['a', 'f']);
  });

  it('analyses as written a TypeScript file only the grammar check rejects (tsc reports it), and says so', async () => {
    const text = [
      "import * as ews from 'ews-javascript-api';",
      'const exch = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013);',
      "exch.Url = new ews.Uri('https://outlook.office365.com/EWS/Exchange.asmx');",
      'exch.GetUserAvailability(a, b, c).then(function (r: any) {',
      '  for (let event: any of r.CalendarEvents) console.log(event);',
      "  exch.Credentials = new ews.WebCredentials(process.env.EWS_USER, 'Sup3rSecret!');",
      '});',
      '',
    ].join('\n');
    const { findings, notices } = await analyze('calendar.ts', text, 'typescript');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['ts-ews-basic-auth', 6], ['ts-hardcoded-password', 6]]);
    assert.deepEqual(notices.map((n) => [n.kind, n.line]), [['parse-error', 5]]);
    assert.match(notices[0].message, /for\.\.\.of.*tsc reports it; the code was analysed as written/);
    // TypeScript parses such a file, so a fix is checked as in any other file, and offered.
    const ropc = [
      "import { PublicClientApplication } from '@azure/msal-node';",
      "const pca = new PublicClientApplication({ auth: { clientId: 'app' } });",
      'export async function run(users: any[]) {',
      '  for (let user: any of users) console.log(user);',
      "  return pca.acquireTokenByUsernamePassword({ scopes: ['https://graph.microsoft.com/.default'], username: process.env.U!, password: process.env.P! });",
      '}',
      '',
    ].join('\n');
    const asWritten = await analyze('ropc.ts', ropc, 'typescript');
    assert.deepEqual(asWritten.findings.map((f) => [f.ruleId, f.range.start.line + 1, f.fixes.length > 0]), [['ts-msal-ropc', 5, true]]);
    // A real syntax error still costs the code around it.
    const broken = await analyze('calendar.ts', text.replace('console.log(event);', 'console.log(event;'), 'typescript');
    assert.match(broken.notices[0].message, /the code around it was not analysed/);
    // Its findings lose their fixes, and say why.
    const brokenRopc = await analyze('ropc.ts', ropc.replace('console.log(user);', 'console.log(user;'), 'typescript');
    assert.deepEqual(brokenRopc.findings.map((f) => [f.ruleId, f.fixes.length]), [['ts-msal-ropc', 0]]);
    assert.match(brokenRopc.findings[0].message, /Its fix is not offered while the file has a syntax error \(line 4\): correct that first\.$/);
  });

  it('the SARIF schema check rejects an invalid log', () => {
    assert.notDeepEqual(sarifErrors({ version: '2.1.0', runs: [{ tool: {} }] }), []);
  });
});
