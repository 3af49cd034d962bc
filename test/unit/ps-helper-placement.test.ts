import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { fixAll } from '../../src/engine/fix-all';

const SIGN_IN = [
  '$Credential = New-Object System.Management.Automation.PSCredential -ArgumentList "admin@contoso.onmicrosoft.com", (ConvertTo-SecureString $env:ADMIN_PW -AsPlainText -Force)',
  'Connect-AzureAD -Credential $Credential',
  // Read after the sign-in, the credential's statement stays where the fix puts the function above or below it.
  'Write-Output "Signed in as $($Credential.UserName)"',
];

/** The fixed script's lines around the inserted Get-SamAccessToken: the `before` lines above it, and the lines after its closing brace. */
async function aroundHelper(lines: readonly string[], before = 3): Promise<{ above: string[]; below: string[] }> {
  const fixed = await fixAll('placement.ps1', `${lines.join('\n')}\n`, 'powershell');
  assert.equal(fixed.applied.length, 1, 'the sign-in is fixed');
  const out = fixed.text.split('\n');
  const start = out.indexOf('function Get-SamAccessToken {');
  const end = out.indexOf('}', start);
  assert.ok(start >= 0 && end > start, fixed.text);
  return { above: out.slice(Math.max(0, start - before), start), below: out.slice(end + 1, end + 4) };
}

describe('where PowerShell fixes put the Get-SamAccessToken function', () => {
  it('above a comment that labels the first statement, so the label stays with its code', async () => {
    const { above, below } = await aroundHelper(['#Parameter', ...SIGN_IN]);
    assert.deepEqual(above, []);
    assert.deepEqual(below, ['', '#Parameter', SIGN_IN[0]]);
  });

  it('below a header of several comment lines at the top, with a blank line between', async () => {
    const { above, below } = await aroundHelper(['# Connects the tenant.', '# V2.0 22 Oct 2019', ...SIGN_IN]);
    assert.deepEqual(above, ['# Connects the tenant.', '# V2.0 22 Oct 2019', '']);
    assert.equal(below[1], SIGN_IN[0]);
  });

  it('two blank lines below the script\'s comment-based help, which would otherwise become the function\'s', async () => {
    const { above } = await aroundHelper(['<#', '.SYNOPSIS', 'Connects the tenant.', '#>', '', '# Connect', ...SIGN_IN], 4);
    assert.deepEqual(above, ['Connects the tenant.', '#>', '', '']);
  });

  it('above a function\'s comment-based help and the label over it: neither is parted from its function', async () => {
    const script = ['# Tools', '<#', '.SYNOPSIS', 'Signs in.', '#>', 'function Connect-Tenant {', `    ${SIGN_IN[0]}`, `    ${SIGN_IN[1]}`, '}', 'Connect-Tenant'];
    const { above, below } = await aroundHelper(script);
    assert.deepEqual(above, []);
    assert.deepEqual(below, ['', '# Tools', '<#']);
  });

  it("above a function's help that holds a line starting with <#: block comments do not nest", async () => {
    const script = ['<#', '.NOTES', '<#RequiredModules here', '#>', 'function Connect-Tenant {', `    ${SIGN_IN[0]}`, `    ${SIGN_IN[1]}`, '}', 'Connect-Tenant'];
    const { above, below } = await aroundHelper(script);
    assert.deepEqual(above, []);
    assert.deepEqual(below, ['', '<#', '.NOTES']);
  });

  it("a # line that ends in #> closes no block: a label, which stays with its function; the script's help stays on top", async () => {
    const script = ['<#', '.SYNOPSIS', 'Connects.', '#>', '', '', '# label ends #>', 'function Connect-Tenant {', `    ${SIGN_IN[0]}`, `    ${SIGN_IN[1]}`, '}', 'Connect-Tenant'];
    const { above, below } = await aroundHelper(script);
    assert.deepEqual(above, ['#>', '', '']);
    assert.deepEqual(below, ['', '# label ends #>', 'function Connect-Tenant {']);
  });

  it('below comment-based help that opens after another block on its line, with two blank lines', async () => {
    const { above, below } = await aroundHelper(['<# (c) Contoso #> <#', '.SYNOPSIS', 'Connects.', '#>', ...SIGN_IN], 4);
    assert.deepEqual(above, ['Connects.', '#>', '', '']);
    assert.equal(below[1], SIGN_IN[0]);
  });

  it('below #Requires, which belongs to the script, and above the label under it', async () => {
    const { above, below } = await aroundHelper(['#Requires -Modules AzureAD', '# Connect', ...SIGN_IN]);
    assert.deepEqual(above, ['#Requires -Modules AzureAD', '']);
    assert.deepEqual(below, ['', '# Connect', SIGN_IN[0]]);
  });

  it('below the header and above the comments under it that end in a section banner (a rule of = or #, a #region), blank lines or not', async () => {
    const banner = await aroundHelper(['<#', 'Menu-driven admin tool', '#>', '', '#Layout the Menu =====================', '', ...SIGN_IN], 4);
    assert.deepEqual(banner.above, ['Menu-driven admin tool', '#>', '', '']);
    assert.deepEqual(banner.below, ['', '#Layout the Menu =====================', '']);
    const region = await aroundHelper(['#Required -Version 3.0', '', '#region CONFIGURATION', '', '#######################', '##   General Variables', '#######################', '', ...SIGN_IN]);
    assert.deepEqual(region.above, ['#Required -Version 3.0', '']);
    assert.deepEqual(region.below, ['', '#region CONFIGURATION', '']);
  });

  it('below a note parted from the code by a blank line that is no banner: it may say anything about the script', async () => {
    const { above, below } = await aroundHelper(['# Connects the tenant.', '', '# Run as admin', '', ...SIGN_IN]);
    assert.deepEqual(above, ['', '# Run as admin', '']);
    assert.equal(below[1], SIGN_IN[0]);
    const labelled = await aroundHelper(['# Connects the tenant.', '', '# Run as admin', '', '#region Sign-in', '# Connect', ...SIGN_IN]);
    assert.deepEqual(labelled.above, ['', '# Run as admin', '']);
    assert.deepEqual(labelled.below, ['', '#region Sign-in', '# Connect']);
  });
});

/** The first fix of the script's finding of `ruleId`, applied: the lines that define functions. */
async function definitionsOfFirstFix(lines: readonly string[], ruleId: string): Promise<string[]> {
  const text = `${lines.join('\n')}\n`;
  const { findings } = await analyze('scope.ps1', text, 'powershell');
  const finding = findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding && finding.fixes.length > 0, JSON.stringify(findings.map((f) => f.message)));
  return applyEdits(text, finding.fixes[0].edits).split('\n').filter((line) => /^\s*function /.test(line));
}

describe('in which scope PowerShell fixes define the functions they add', () => {
  const session = [
    '    $c = Import-Clixml "$env:USERPROFILE\\exo.xml"',
    '    $s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential $c -Authentication Basic -AllowRedirection',
    '    Import-PSSession $s',
  ];
  const mail = ["    Send-MailMessage -To 'ops@contoso.com' -From 'alerts@contoso.com' -Subject 'Alert' -SmtpServer smtp.office365.com -Port 587 -UseSsl -Credential (Import-Clixml \"$env:USERPROFILE\\smtp.xml\")"];

  it('global, for a sign-in in a function global: (also nested in one), which runs after the script has ended', async () => {
    const nested = ['function global:Connect-Exo {', '  function Open-Session {', ...session, '  }', '  Open-Session', '}'];
    assert.deepEqual(await definitionsOfFirstFix(nested, 'ps-exchange-basic-auth-session'), ['function global:Get-SamAccessToken {', 'function global:Connect-Exo {', '  function Open-Session {']);
    const mailer = ['function global:Send-Alert {', ...mail, '}'];
    const defined = await definitionsOfFirstFix(mailer, 'ps-mail-basic-auth');
    assert.deepEqual(defined.slice(0, 2).sort(), ['function global:Get-SamAccessToken {', 'function global:Send-GraphMail {']);
  });

  it("the script's, for a sign-in in a function of the script's own", async () => {
    const own = ['function Connect-Exo {', ...session, '}', 'Connect-Exo'];
    assert.deepEqual(await definitionsOfFirstFix(own, 'ps-exchange-basic-auth-session'), ['function Get-SamAccessToken {', 'function Connect-Exo {']);
  });
});
