import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { fixAll, whyNotFixed } from '../../src/engine/fix-all';
import type { FixInputs } from '../../src/languages/powershell/rules/connect-rewrite';
import { SIGN_INS } from '../../src/languages/powershell/rules/connect-sign-ins';
import { RULE_FIXTURES } from './fixtures';

const FOLDER = join(RULE_FIXTURES, 'ps-connect-user-credential');

async function findingsOf(name: string) {
  const path = join(FOLDER, name);
  const text = readFileSync(path, 'utf8');
  const { findings } = await analyze(path, text, 'powershell');
  return { text, findings };
}

describe('ps-connect-user-credential messages and related locations', () => {
  it('names the cmdlet and the retirement date, and lists the retired module\'s other cmdlets', async () => {
    const { findings } = await findingsOf('azuread.ps1');
    assert.match(findings[0].message, /^Connect-AzureAD -Credential .*2025-03-30.*2025-08-31/);
    const related = findings[0].related.map((r) => r.message);
    assert.ok(related.some((m) => m.startsWith('Get-AzureADUser belongs to the retired AzureAD module')), related.join('\n'));
    assert.ok(related.some((m) => m.startsWith('Get-AzureADMSGroup belongs to the retired AzureAD module')), related.join('\n'));
  });

  it('every sign-in with fixes says what to do, as its fixes do: the token parameter of the Secure Application Model, a certificate, a managed identity', () => {
    // Inputs that give every fix what it needs: the parameter a token goes to is the one the message names.
    const inputs: FixInputs = {
      value: () => '$x',
      expression: () => '$x',
      literal: () => undefined,
      tenantNamedBy: () => undefined,
      carry: () => [],
      secret: (name) => `$env:${name}`,
      token: () => 'TOKEN',
      scriptCalls: () => false,
      organization: () => undefined,
    };
    // A managed identity signs in to its own tenant only: its fixes are built for a sign-in that names none.
    const ownTenant: FixInputs = { ...inputs, value: (name) => (name === 'Tenant' ? undefined : '$x') };
    for (const signIn of SIGN_INS) {
      for (const fix of signIn.fixes) {
        const rewrite = fix.build(fix.kind === 'managed-identity' ? ownTenant : inputs);
        assert.ok(rewrite, `${signIn.cmdlet}: ${fix.kind} built nothing`);
        if (fix.kind === 'sam') {
          const parameter = rewrite.args.find((a) => a.value?.includes('TOKEN'))!.name;
          assert.match(signIn.why, new RegExp(`Secure Application Model[^.]*-${parameter}\\b`), `${signIn.cmdlet}: ${signIn.why}`);
        }
        if (fix.kind === 'app-only') assert.match(signIn.why, /\bcertificate\b/, `${signIn.cmdlet}: ${signIn.why}`);
        if (fix.kind === 'managed-identity') assert.match(signIn.why, /managed identity/, `${signIn.cmdlet}: ${signIn.why}`);
      }
    }
  });

  it("each Online Management API cmdlet given a credential is a sign-in, with no fix: the message names the deprecated module, its successor and why", async () => {
    const { findings } = await findingsOf('online-management-api.ps1');
    assert.deepEqual(findings.map((f) => /^\S+/.exec(f.message)?.[0]), ['Get-CrmInstances', 'Reset-CrmInstance', 'Get-CrmOperationStatus', 'Backup-CrmInstance']);
    for (const finding of findings) {
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.message, /Microsoft\.Xrm\.OnlineManagementAPI, Dynamics 365's Online Management API, which Microsoft deprecated for the Power Platform admin cmdlets/);
      assert.match(finding.message, /takes no access token and signs in no app, so no fix is offered/);
    }
  });

  it('a cmdlet whose module the script imports with a prefix is found by that name, and its fix keeps the name', async () => {
    const { text, findings } = await findingsOf('imported-with-prefix.ps1');
    const lines = text.split('\n');
    assert.deepEqual(findings.map((f) => lines[f.range.start.line].split(' ')[0]), [
      'Connect-MSPOService',
      'Connect-PPnPOnline',
      'Connect-LegacyMsolService',
      'Connect-MTMicrosoftTeams',
    ]);
    assert.match(findings[1].message, /\(Connect-PPnPOnline is Connect-PnPOnline, its module imported with a prefix\.\)/);
    assert.match(findings[1].fixes[0].title, /\(Connect-PPnPOnline -AccessToken\)$/);
    assert.match(findings[2].fixes[0].title, /\(Connect-MgGraph -AccessToken\)$/, 'another module\'s cmdlet is not given the prefix');
  });

  it('points at the ConvertTo-SecureString of a password literal, and never quotes the literal', async () => {
    const { text, findings } = await findingsOf('plaintext-password.ps1');
    const pointers = findings.filter((f) => f.ruleId === 'ps-connect-user-credential').map((f) => f.related.filter((r) => /password is written in the script/.test(r.message)));
    assert.deepEqual(pointers.map((p) => p.length), [1, 1, 1, 0], 'the last credential comes from a variable, not a literal');
    for (const [index, [pointer]] of pointers.slice(0, 3).entries()) {
      const line = text.split('\n')[pointer.range.start.line];
      assert.match(line.slice(pointer.range.start.character), /^ConvertTo-SecureString|^ConvertTo-SecureString -String/, `finding ${index}`);
    }
    for (const finding of findings) {
      for (const secret of ['Winter2024!', 'Summer2025', 'Autumn2023']) {
        assert.ok(!finding.message.includes(secret) && !finding.related.some((r) => r.message.includes(secret)), secret);
      }
    }
  });

  it("an AzureRM sign-in is no fix for fix-all while the script's other AzureRM cmdlets would lose it; with Az cmdlets after it, it is", async () => {
    const withAzureRm = (await findingsOf('azurerm.ps1')).findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    assert.equal(withAzureRm.length, 3);
    for (const finding of withAzureRm) {
      assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
      assert.match(finding.message, /Fix-all leaves this to you: the script's other AzureRM cmdlets would no longer be signed in; move them to Az with it/);
    }
    // A runbook: the managed identity is offered first, by hand; the token fix is fix-all's.
    const [withAz] = (await findingsOf('azurerm-then-az.ps1')).findings;
    assert.deepEqual(withAz.fixes.map((fix) => fix.safeForFixAll), [false, true, false]);
    assert.doesNotMatch(withAz.message, /Fix-all leaves/);
  });

  it("an MSOnline or AzureAD sign-in is no fix for fix-all while the script's other cmdlets of the retired module remain; with Graph cmdlets after it, it is", async () => {
    const withAzureAd = (await findingsOf('azuread.ps1')).findings;
    assert.equal(withAzureAd.length, 2);
    for (const finding of withAzureAd) {
      assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
      assert.match(finding.message, /Fix-all leaves this to you: the script's other AzureAD cmdlets fail with or without this fix, so the script still would not run; move them to Microsoft Graph PowerShell with it/);
    }
    const [withGraph] = (await findingsOf('using-then-param.ps1')).findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    assert.equal(withGraph.fixes[0].safeForFixAll, true);
    assert.doesNotMatch(withGraph.message, /Fix-all leaves/);
    // The script's own function named like the module's cmdlets is none of them.
    const ownFunction = 'function Get-MsolUserReport { param($Id) Get-MgUser -UserId $Id }\n$cred = Import-Clixml -Path admin.xml\nConnect-MsolService -Credential $cred\nGet-MsolUserReport -Id 1\n';
    const [withOwn] = (await analyze('script.ps1', ownFunction, 'powershell')).findings;
    assert.equal(withOwn.fixes[0].safeForFixAll, true);
    assert.ok(!withOwn.related.some((r) => /retired MSOnline module/.test(r.message)));
  });

  it("a PnP sign-in is no fix for fix-all while the script calls the legacy PnP module's -SPO cmdlets, which PnP.PowerShell lacks; the SharePoint Online shell's -SPO cmdlets are none of them", async () => {
    const [legacy] = (await findingsOf('legacy-pnp-cmdlets.ps1')).findings;
    assert.ok(legacy.fixes.length > 0 && legacy.fixes.every((fix) => !fix.safeForFixAll));
    assert.match(legacy.message, /Fix-all leaves this to you: PnP\.PowerShell, whose Connect-PnPOnline the fix writes, has none of the script's other cmdlets of the legacy PnP module/);
    assert.match(legacy.message, /\(Connect-SPOnline is Connect-PnPOnline's name in the legacy PnP module \(OfficeDevPnP\.PowerShell, SharePointPnPPowerShellOnline to 2017\); PnP\.PowerShell, whose Connect-PnPOnline the fixes write, has no such alias\.\)/);
    assert.doesNotMatch(legacy.message, /is an alias of/);
    const related = legacy.related.map((r) => r.message).filter((m) => m.includes('legacy PnP'));
    assert.deepEqual(related.map((m) => m.split(' ')[0]), ['Get-SPOContext', 'Get-SPOWeb']);
    const [modern] = (await findingsOf('pnp-beside-sharepoint-online-shell.ps1')).findings;
    assert.equal(modern.fixes[0].safeForFixAll, true);
    assert.doesNotMatch(modern.message, /Fix-all leaves|legacy PnP/);
  });

  it("an AzureAD sign-in is no fix for fix-all while the script uses ADAL's types, which only the module brings, unless the script loads them itself", async () => {
    const cases: [fixture: string, line: number, type: string][] = [
      ['azuread-adal-types-after-sign-in.ps1', 8, 'Microsoft.IdentityModel.Clients.ActiveDirectory.AuthenticationContext'],
      ['azuread-adal-types-static.ps1', 6, 'Microsoft.IdentityModel.Clients.ActiveDirectory.PromptBehavior'],
    ];
    for (const [fixture, line, type] of cases) {
      const [finding] = (await findingsOf(fixture)).findings;
      assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll), fixture);
      assert.ok(finding.message.includes(`Fix-all leaves this to you: line ${line} uses ${type}, a type the AzureAD module brings, which only Connect-AzureAD loads here`), finding.message);
      assert.ok(finding.related.some((r) => r.range.start.line + 1 === line && r.message.startsWith(`${type} comes with the AzureAD module`)), fixture);
    }
    const [loaded] = (await findingsOf('azuread-adal-types-loaded-by-script.ps1')).findings;
    assert.equal(loaded.fixes.find((fix) => fix.title.includes('-AccessToken'))?.safeForFixAll, true);
    assert.doesNotMatch(loaded.message, /Fix-all leaves/);
  });

  it('says why no fix is offered, and offers app-only where only the token function is out of reach', async () => {
    const { findings } = await findingsOf('containers.ps1');
    const byLine = new Map(findings.map((f) => [f.range.start.line + 1, f]));
    assert.match(byLine.get(4)!.message, /No fix is offered here: a workflow/);
    assert.match(byLine.get(17)!.message, /Secure Application Model fix is not offered here: ForEach-Object -Parallel/);
    assert.deepEqual(byLine.get(17)!.fixes.map((f) => f.safeForFixAll), [false]);
    assert.match(byLine.get(19)!.message, /No fix is offered here: Start-Job runs this block/);
  });

  it("the script's own Get-SamAccessToken without a parameter the fix passes: no Secure Application Model fix, and the finding says which", async () => {
    const { findings } = await findingsOf('own-token-function-without-parameters.ps1');
    assert.match(findings[0].message, /Secure Application Model fix is not offered here: the script's own Get-SamAccessToken takes no -AsSecureString/);
    // A runbook: the Automation account's managed identity comes first.
    assert.deepEqual(findings[0].fixes.map((f) => f.title), ['Sign in with a managed identity (Connect-MgGraph -Identity)', 'Sign in app-only with a certificate (Connect-MgGraph -CertificateThumbprint)']);
  });

  it("a managed identity is no sign of a runbook, nor of its absence: fix-all leaves the token fix, which reads the environment; a runbook's job metadata makes it read Automation variables, and fix-all's", async () => {
    const { text: vmScript, findings: [onVm] } = await findingsOf('vm-managed-identity.ps1');
    assert.match(onVm.message, /\(Fix-all leaves this to you: the script signs in with a managed identity, as a runbook of Azure Automation does, and nothing shows whether it is one \(a Get-Automation\* cmdlet, \$PSPrivateMetadata\): the fix reads its secrets from the environment \(MFA_READY_\*\), which a runbook is not given and a VM's or a function app's can be; where it runs with them set, apply it\.\)$/);
    const token = onVm.fixes.find((fix) => fix.title.includes('Secure Application Model'))!;
    assert.equal(token.safeForFixAll, false);
    assert.match(whyNotFixed(onVm), /^no fix is safe to apply unattended: the script signs in with a managed identity, as a runbook of Azure Automation does, .*; where it runs with them set, apply it$/);
    assert.match(applyEdits(vmScript, token.edits), /refresh_token = \$env:MFA_READY_REFRESH_TOKEN/);
    const runbook = ['Connect-AzAccount -Identity | Out-Null', 'Write-Output "Job $($PSPrivateMetadata.JobId.Guid)"', '$cred = Import-Clixml admin.xml', 'Connect-IPPSSession -Credential $cred', ''].join('\n');
    const [inRunbook] = (await analyze('runbook.ps1', runbook, 'powershell')).findings;
    assert.doesNotMatch(inRunbook.message, /managed identity/);
    const runbookToken = inRunbook.fixes.find((fix) => fix.title.includes('Secure Application Model'))!;
    assert.equal(runbookToken.safeForFixAll, true);
    assert.match(applyEdits(runbook, runbookToken.edits), /refresh_token = \(Get-AutomationVariable -Name 'MFA_READY_REFRESH_TOKEN'\)/);
  });

  it('a PnP credential given as a string is a Windows Credential Manager entry', async () => {
    const stored = (await findingsOf('stored-credential-name.ps1')).findings.filter((f) => /Windows Credential Manager/.test(f.message));
    assert.deepEqual(stored.map((f) => f.range.start.line + 1), [2]);
    assert.ok(!(await findingsOf('sharepoint.ps1')).findings.some((f) => /Windows Credential Manager/.test(f.message)), 'a credential in a variable is none');
  });

  it('the New-PartnerAccessToken variant comes only where the script uses the PartnerCenter module', async () => {
    const titles = async (name: string) => (await findingsOf(name)).findings[0].fixes.map((f) => f.title);
    assert.ok((await titles('partner-module-variant.ps1')).some((t) => t.includes('New-PartnerAccessToken')));
    assert.ok(!(await titles('direct-forms.ps1')).some((t) => t.includes('New-PartnerAccessToken')));
  });

  it("fix-all says a sign-in is left because no fix is safe unattended, not because of a parse error in another part of the script", async () => {
    const script = ['$cred = Get-Credential', 'Connect-MsolService -Credential $cred', 'Get-MsolUser -All | Export-Csv users.csv', '', 'function Show-Broken {', "  if ($x -eq ) { 'x' }", '}', ''].join('\n');
    const { notices } = await analyze('script.ps1', script, 'powershell');
    assert.deepEqual(notices.map((n) => [n.kind, n.line]), [['parse-error', 6]]);
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.withheld.map((w) => [w.ruleId, w.line]), [['ps-connect-user-credential', 2]]);
    assert.match(outcome.withheld[0].reason, /^no fix is safe to apply unattended: the script's other MSOnline cmdlets fail .*the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
  });

  it('a sign-in whose own code the grammar does not parse has no fix, and its message says so and where', async () => {
    const script = '$cred = Get-Credential\nConnect-MsolService -Credential $cred | Where-Object { $_.x -eq }\n';
    const { findings } = await analyze('script.ps1', script, 'powershell');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes.length]), [['ps-connect-user-credential', 0]]);
    assert.match(findings[0].message, / Its fix is not offered while the PowerShell grammar does not parse the code around it \(line 2\)\.$/);
  });
});

describe('ps-connect-user-credential in another cloud', () => {
  it('names the cloud a sign-in names, and calls one added to splatted parameters in a branch chosen at run time, unless it is the public cloud', async () => {
    const { text, findings } = await findingsOf('sovereign-and-remote.ps1');
    const lines = text.split('\n');
    const clouds = findings.map((f) => [lines[f.range.start.line].split(' ')[0], /this sign-in names (.+?) \(-(\w+)\)/.exec(f.message)?.slice(1).join(' ')]);
    assert.deepEqual(clouds.filter(([cmdlet]) => cmdlet === 'Connect-MicrosoftTeams'), [
      ['Connect-MicrosoftTeams', 'TeamsGCCH TeamsEnvironmentName'],
      ['Connect-MicrosoftTeams', 'a cloud chosen at run time TeamsEnvironmentName'],
    ]);
    const authScope = findings.find((f) => lines[f.range.start.line].includes('-AuthScope'));
    assert.deepEqual(authScope?.fixes, []);
    assert.match(authScope!.message, /No fix is offered here: the sign-in asks for another resource's token \(-AuthScope/);
    // The public cloud's name, set in a branch, leaves the sign-in in the public cloud: fixed.
    const last = findings[findings.length - 1];
    assert.equal(lines[last.range.start.line], 'Connect-ExchangeOnline @exoParams');
    assert.ok(last.fixes.length > 0);
  });

  it('names the cloud parameter as the script wrote it: an alias (-EnvironmentName, as Azure Stack scripts write it), a splatted key, an abbreviation', async () => {
    const script = [
      '$cred = Import-Clixml -Path admin.xml',
      'Login-AzureRmAccount -EnvironmentName $environment -Credential $cred',
      'Connect-AzAccount -Credential $cred -EnvironmentName:AzureStackUser',
      '$azParams = @{ Credential = $cred; EnvironmentName = $environment }',
      'Connect-AzAccount @azParams',
      'Connect-AzAccount -Credential $cred -Env AzureChinaCloud',
      'Connect-AzAccount -Credential $cred -Environment $environment',
    ].join('\n');
    const { findings } = await analyze('script.ps1', `${script}\n`, 'powershell');
    assert.deepEqual(
      findings.map((f) => /this sign-in names (.+?) \(-(\w+)\)/.exec(f.message)?.slice(1).join(' ')),
      ['a cloud chosen at run time EnvironmentName', 'AzureStackUser EnvironmentName', 'a cloud chosen at run time EnvironmentName', 'AzureChinaCloud Env', 'a cloud chosen at run time Environment'],
    );
  });
});

describe('a credential made of a prompted one', () => {
  it("is typed in at a prompt too: fix-all signs the connect cmdlet's person in interactively, leaves the password grant to a person, and says why", async () => {
    const script = [
      '$c = Get-Credential',
      '$Credentials = New-Object System.Management.Automation.PSCredential -ArgumentList $c.UserName, $c.Password',
      'Connect-ExchangeOnline -Credential $Credentials',
      "$body = @{ grant_type = 'password'; client_id = 'abc'; resource = 'https://graph.microsoft.com'; username = $Credentials.UserName; password = $Credentials.GetNetworkCredential().Password }",
      "Invoke-RestMethod 'https://login.microsoftonline.com/common/oauth2/token' -Method Post -Body $body",
      '',
    ].join('\n');
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied.map((a) => [a.ruleId, a.line, a.title]), [['ps-connect-user-credential', 3, 'Sign in interactively with MFA (Connect-ExchangeOnline)']]);
    assert.deepEqual(outcome.withheld.map((w) => [w.ruleId, w.line]), [['ps-ropc-http', 4]]);
    for (const left of outcome.withheld) assert.match(left.reason, /^no fix is safe to apply unattended: the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
  });

  it("a function the script calls with a prompted credential, or with prompted parts it makes one of, is typed in at a prompt too: read at its calls", async () => {
    const given = [
      'function Connect-Tenant {',
      '    param([pscredential] $Credential)',
      '    Connect-ExchangeOnline -Credential $Credential',
      "    $body = @{ grant_type = 'password'; client_id = 'abc'; resource = 'https://graph.microsoft.com'; username = $Credential.UserName; password = $Credential.GetNetworkCredential().Password }",
      "    Invoke-RestMethod 'https://login.microsoftonline.com/common/oauth2/token' -Method Post -Body $body",
      '}',
      '$c = Get-Credential',
      'Connect-Tenant -Credential $c',
      '',
    ].join('\n');
    // Two functions deep, the password's parts typed at Read-Host.
    const parts = [
      'function Connect-Customer([string] $User, [securestring] $Password) {',
      '    $c = [pscredential]::new($User, $Password)',
      '    Connect-MsolService -Credential $c',
      '}',
      'function Start-Run($Secret) { Connect-Customer -User admin@contoso.com -Password $Secret }',
      "Start-Run (Read-Host 'Password' -AsSecureString)",
      '',
    ].join('\n');
    for (const [script, withheld] of [[given, [['ps-connect-user-credential', 3], ['ps-ropc-http', 4]]], [parts, [['ps-connect-user-credential', 3]]]] as const) {
      const outcome = await fixAll('script.ps1', script, 'powershell');
      assert.deepEqual(outcome.applied, []);
      assert.deepEqual(outcome.withheld.map((w) => [w.ruleId, w.line]), withheld);
      for (const left of outcome.withheld) assert.match(left.reason, /^no fix is safe to apply unattended: (?:.*; )?the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
    }
    const stored = await fixAll('script.ps1', given.replace('$c = Get-Credential', '$c = Import-Clixml admin.xml'), 'powershell');
    assert.deepEqual(stored.applied.map((a) => [a.ruleId, a.line]), [['ps-connect-user-credential', 3], ['ps-ropc-http', 4]]);
  });

  it("a sign-in splatted with $PSBoundParameters gets the function's (or the script's) parameters: fixed where every call gives what the fix writes out, else left to a person", async () => {
    const { findings } = await findingsOf('bound-parameters-splat.ps1');
    const left = (line: number) => findings.find((f) => f.range.start.line + 1 === line)!.message;
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes[0].safeForFixAll]), [[4, true], [11, false], [17, false]]);
    assert.match(left(11), /Fix-all leaves this to you: -Organization \(line 10\) is splatted from \$PSBoundParameters, which holds only what the caller gives/);
    assert.match(left(17), /Fix-all leaves this to you: the credential is splatted from \$PSBoundParameters, which holds it only when the caller gives it: a call without it signs in interactively/);
    const messageOf = async (lines: string[]) => (await analyze('script.ps1', `${lines.join('\n')}\n`, 'powershell')).findings.find((f) => f.ruleId === 'ps-connect-user-credential')?.message;
    assert.match((await messageOf(['param([pscredential] $Credential)', 'Connect-ExchangeOnline @PSBoundParameters'])) ?? '', /the credential comes from the caller, through the script's parameter \$Credential: /);
    const exported = ['function Connect-Svc {', '    param([pscredential] $Credential)', '    Connect-MsolService @PSBoundParameters', '}'];
    assert.match((await messageOf(exported)) ?? '', /through the parameter \$Credential of Connect-Svc, which other scripts may call/);
    assert.match((await messageOf([...exported, 'Connect-Svc -Credential (Get-Credential)'])) ?? '', /the password is typed in at a prompt/);
  });

  it("a splat a function of the script gives back is read as its table, whose credential is read at that function's calls", async () => {
    const { findings } = await findingsOf('splat-returned-by-function.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes[0].safeForFixAll]), [[6, true], [16, true]]);
    const script = ['function Get-ConnectArgs([pscredential] $Credential) { @{ Credential = $Credential } }', '$a = Get-ConnectArgs -Credential (Get-Credential)', 'Connect-ExchangeOnline @a', ''].join('\n');
    const [typed] = (await analyze('script.ps1', script, 'powershell')).findings;
    assert.equal(typed.fixes[0].safeForFixAll, false);
    assert.match(typed.message, /Fix-all leaves this to you: the password is typed in at a prompt/);
  });

  it("one prompted for on some runs and restored from the environment on others is left for the prompt, not as two accounts", async () => {
    const script = [
      'function Get-Credentials { $script:cred = Get-Credential -Message "Enter your admin account credentials" }',
      'function Import-Credentials {',
      '    if (Test-Path env:ADMIN_PASS) {',
      '        $pass = ConvertTo-SecureString $env:ADMIN_PASS',
      '        $script:cred = New-Object System.Management.Automation.PSCredential -ArgumentList $env:ADMIN_USER, $pass',
      '    }',
      '}',
      'function Connect-Teams { Connect-MicrosoftTeams -Credential $script:cred }',
      'Import-Credentials',
      'if (-not $script:cred) { Get-Credentials }',
      'Connect-Teams',
      '',
    ].join('\n');
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.withheld.map((w) => [w.ruleId, w.line]), [['ps-connect-user-credential', 8]]);
    assert.match(outcome.withheld[0].reason, /^no fix is safe to apply unattended: the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
    assert.doesNotMatch(outcome.withheld[0].reason, /more than one credential/);
  });

  it("a credential the caller gives (the script's or an exported function's parameters) is left to a person; one the script makes is fixed", async () => {
    const unattended = async (lines: string[]) => {
      const { findings } = await analyze('script.ps1', `${lines.join('\n')}\n`, 'powershell');
      const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
      return { fixAll: finding.fixes.some((fix) => fix.safeForFixAll), message: finding.message };
    };
    const scriptParameter = await unattended(['param([string] $UserName, [string] $Password)', '$secure = ConvertTo-SecureString $Password -AsPlainText -Force', '$cred = New-Object System.Management.Automation.PSCredential($UserName, $secure)', 'Connect-ExchangeOnline -Credential $cred']);
    assert.equal(scriptParameter.fixAll, false);
    assert.match(scriptParameter.message, /Fix-all leaves this to you: the credential comes from the caller, through the script's parameter \$UserName: a Secure Application Model token would sign every caller in as the consented account/);
    const neverCalled = await unattended(['function Connect-Tenant {', '    param([pscredential] $Credential)', '    Connect-AzureAD -Credential $Credential', '}']);
    assert.equal(neverCalled.fixAll, false);
    assert.match(neverCalled.message, /through the parameter \$Credential of Connect-Tenant, which other scripts may call/);
    const calledWithParameter = await unattended(['param([pscredential] $AdminCredential)', 'function Connect-Tenant([pscredential] $Credential) { Connect-AzureAD -Credential $Credential }', 'Connect-Tenant -Credential $AdminCredential']);
    assert.match(calledWithParameter.message, /through the script's parameter \$AdminCredential/);
    const calledWithStored = await unattended(['function Connect-Tenant([pscredential] $Credential) { Connect-AzureAD -Credential $Credential }', 'Connect-Tenant -Credential (Import-Clixml "$PSScriptRoot\\admin.xml")']);
    assert.equal(calledWithStored.fixAll, true);
    // The caller names the stored credential: the caller picks the account, default or not.
    const runbook = await unattended(['param([string] $CredentialName = "ExchangeAdmin")', '$cred = Get-AutomationPSCredential -Name $CredentialName', 'Connect-ExchangeOnline -Credential $cred']);
    assert.equal(runbook.fixAll, false);
    assert.match(runbook.message, /through the script's parameter \$CredentialName, which names the Automation credential Get-AutomationPSCredential reads: /);
    // Named in its help and a comment: no call from elsewhere. Named in a string the script runs: one.
    const documented = ['<#', '.EXAMPLE', 'Connect-Tenant -Credential $c', '#>', 'function Connect-Tenant($Credential) {', '    # Connect-Tenant signs in once', '    Connect-ExchangeOnline -Credential $Credential', '}', 'Connect-Tenant -Credential (Import-Clixml a.xml)'];
    assert.equal((await unattended(documented)).fixAll, true);
    assert.equal((await unattended([...documented, 'Invoke-Expression "Connect-Tenant -Credential `$other"'])).fixAll, false);
  });

  it("the caller's credential also after using lines, through a nested function, $PSBoundParameters or a fallback on some paths; not a loop's item", async () => {
    const unattended = async (lines: string[]) => {
      const { findings } = await analyze('script.ps1', `${lines.join('\n')}\n`, 'powershell');
      return findings.find((f) => f.ruleId === 'ps-connect-user-credential')!.fixes.some((fix) => fix.safeForFixAll);
    };
    assert.equal(await unattended(['using namespace System.Management.Automation', 'param([pscredential] $Credential)', 'Connect-ExchangeOnline -Credential $Credential']), false);
    assert.equal(await unattended(['param([pscredential] $Credential)', 'function Outer {', '  param($Cred)', '  function Inner { Connect-ExchangeOnline -Credential $Cred }', '  Inner', '}', 'Outer -Cred $Credential']), false);
    assert.equal(await unattended(['param([string] $User, [string] $Password)', "$secure = ConvertTo-SecureString $PSBoundParameters['Password'] -AsPlainText -Force", '$cred = New-Object System.Management.Automation.PSCredential($PSBoundParameters.User, $secure)', 'Connect-ExchangeOnline -Credential $cred']), false);
    assert.equal(await unattended(['param([pscredential] $Credential)', 'if (-not $Credential) { $Credential = Import-Clixml -Path "$PSScriptRoot\\exo.xml" }', 'Connect-ExchangeOnline -Credential $Credential']), false);
    // A loop's item named like a parameter is not the caller's; it is another account on each pass.
    const loopItem = (await analyze('script.ps1', 'param([string[]] $TenantList)\nforeach ($TenantList in (Import-Clixml -Path tenants.xml)) { Connect-ExchangeOnline -Credential $TenantList }\n', 'powershell')).findings[0];
    assert.doesNotMatch(loopItem.message, /comes from the caller/);
    assert.match(loopItem.message, /made anew on each pass of a loop at line 2/);
    // A banner of `#` above the script's start is read once, not split every way (a pattern took minutes on 160 of them).
    const banner = '#'.repeat(160);
    assert.equal(await unattended([banner, '#\t\tSettings', banner, '$cred = Import-Clixml -Path svc.xml', 'Connect-ExchangeOnline -Credential $cred']), true);
    assert.equal(await unattended([banner, 'using namespace System.Management.Automation', banner, 'param([pscredential] $Credential)', 'Connect-ExchangeOnline -Credential $Credential']), false);
  });

  it("an Ansible module's parameters and the script's own arguments ($args) are the caller's; $args of a block, and what a module reads of the host, are not", async () => {
    const signIn = async (lines: string[]) => {
      const { findings } = await analyze('module.ps1', `${lines.join('\n')}\n`, 'powershell');
      const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
      return { fixAll: finding.fixes.some((fix) => fix.safeForFixAll), message: finding.message };
    };
    const made = "$cred = New-Object System.Management.Automation.PSCredential ($user, (ConvertTo-SecureString $pass -AsPlainText -Force))";
    const connect = 'Connect-ExchangeOnline -Credential $cred';
    const ansible: string[][] = [
      ['$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)', '$user = $module.Params.username', "$pass = $module.Params['password']", made, connect],
      ['using namespace Ansible.Basic', '$m = [AnsibleModule]::Create($args, @{ options = @{ username = @{}; password = @{ no_log = $true } } })', '$user = $m.Params.username', '$pass = $m.Params.password', made, connect],
      ['$params = Parse-Args $args -supports_check_mode $true', "$user = Get-AnsibleParam -obj $params -name 'username' -type 'str' -failifempty $true", '$pass = $params.password', made, connect],
    ];
    for (const lines of ansible) {
      const module = await signIn(lines);
      assert.equal(module.fixAll, false, lines[0]);
      assert.match(module.message, /Fix-all leaves this to you: the credential comes from the caller, through the Ansible module's parameters, which the playbook gives: /, lines[0]);
    }
    const positional = await signIn(['$user = $args[0]', '$pass = $args[1]', made, connect]);
    assert.equal(positional.fixAll, false);
    assert.match(positional.message, /through the script's arguments \(\$args\)/);
    // A block's $args are what the script hands it; the module's own target is no account.
    assert.equal((await signIn(['$sign = { param() Connect-ExchangeOnline -Credential $args[0] }', '& $sign (Import-Clixml svc.xml)'])).fixAll, true);
    assert.equal((await signIn(['$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)', '$mailbox = $module.Params.mailbox', "$cred = Import-Clixml -Path 'C:\\ProgramData\\exo.xml'", connect])).fixAll, true);
  });

  it('a credential or password read from a store by a name the caller gives is the caller\'s choice of account; by a name the script writes, one account', async () => {
    const signIn = async (lines: string[]) => {
      const { findings } = await analyze('runbook.ps1', `${lines.join('\n')}\n`, 'powershell');
      const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
      return { fixAll: finding.fixes.some((fix) => fix.safeForFixAll), message: finding.message };
    };
    const connect = 'Connect-ExchangeOnline -Credential $cred';
    const chosen: [string[], RegExp][] = [
      [['param([string] $PasswordVariable)', '$pw = Get-AutomationVariable $PasswordVariable | ConvertTo-SecureString -AsPlainText -Force', "$cred = New-Object System.Management.Automation.PSCredential ('svc@contoso.com', $pw)", connect], /\$PasswordVariable, which names the Automation variable Get-AutomationVariable reads/],
      [['param([string] $Account)', '$cred = Get-Secret -Name $Account', connect], /\$Account, which names the secret Get-Secret reads/],
      [['param([string] $Target)', '$cred = Get-StoredCredential -Target $Target', connect], /\$Target, which names the stored credential Get-StoredCredential reads/],
      [['param([string] $CredentialPath)', '$cred = Import-Clixml $CredentialPath', connect], /\$CredentialPath, which names the file Import-Clixml reads/],
      [['param($WebhookData)', '$request = ConvertFrom-Json $WebhookData.RequestBody', '$cred = Get-AutomationPSCredential -Name $request.Account', connect], /the script's parameter \$WebhookData, which names the Automation credential/],
      // A name the script builds of a parameter: expanded, formatted, or held in a variable first.
      [['param([string] $Environment)', '$cred = Get-AutomationPSCredential -Name "ExoAdmin-$Environment"', connect], /\$Environment, which names the Automation credential/],
      [['param([string] $Environment)', "$cred = Get-AutomationPSCredential -Name ('ExoAdmin-{0}' -f $Environment)", connect], /\$Environment, which names the Automation credential/],
      [['param([string] $Customer)', '$name = "$Customer-admin"', '$cred = Get-AutomationPSCredential -Name $name', connect], /\$Customer, which names the Automation credential/],
      [['param([string] $User)', '$cred = Import-Clixml -Path "C:\\creds\\$User.xml"', connect], /\$User, which names the file Import-Clixml reads/],
    ];
    for (const [lines, where] of chosen) {
      const run = await signIn(lines);
      assert.equal(run.fixAll, false, lines[1]);
      assert.match(run.message, where, lines[1]);
    }
    // A name the script writes, also around a parameter it only acts on, stays one account.
    for (const lines of [
      ['param([string] $Mailbox)', "$cred = Get-AutomationPSCredential -Name 'svc-exo' -ErrorAction Stop", connect],
      ['param([string] $Mailbox)', '$cred = Import-Clixml -Path "$PSScriptRoot\\svc.xml"', connect],
      // Built of PowerShell's own variables, or of the script's own values.
      ['param([string] $Mailbox)', '$cred = Import-Clixml -Path ("{0}\\svc.xml" -f $HOME)', connect],
      ['param([string] $Mailbox)', '$name = "svc-exo"', '$cred = Get-AutomationPSCredential -Name "$name-prod"', connect],
      ['param($WebhookData)', '$request = ConvertFrom-Json $WebhookData.RequestBody', "$cred = Get-Secret -Name 'svc-exo' -Vault Automation", connect],
    ]) {
      assert.equal((await signIn(lines)).fixAll, true, lines[1]);
    }
  });

  it('a finding no rule fixes: fix-all says what to do instead, from the end of the finding', async () => {
    const script = "$cred = Import-Clixml ews.xml\nInvoke-RestMethod -Uri 'https://outlook.office365.com/EWS/Exchange.asmx' -Method Post -Credential $cred -Body $soap\n";
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.withheld.map((w) => w.ruleId), ['ps-exchange-web-basic-auth']);
    assert.match(outcome.withheld[0].reason, /^no fix is offered for it; what to do: Send a token instead, -Headers @\{ Authorization = "Bearer \$token" \}/);
  });

  it('a password whose sign-in the fixes move to a token: fix-all removes it with the credential, rather than reading it from elsewhere', async () => {
    const script = "$pw = ConvertTo-SecureString 'Summer2024!' -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential('svc@contoso.com', $pw)\nConnect-ExchangeOnline -Credential $cred\n";
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied.map((a) => [a.ruleId, a.title]), [
      ['ps-connect-user-credential', 'Sign in with a Secure Application Model token (Connect-ExchangeOnline -AccessToken)'],
      ['ps-plaintext-password', 'Remove the password and the credential made of it (nothing uses them)'],
    ]);
    assert.deepEqual(outcome.withheld, []);
    assert.doesNotMatch(outcome.text, /Summer2024!|\$pw\b|\$cred\b|MFA_READY_PW/);
  });

  it("a password's SecureString only a credential made in the sign-in read goes with the sign-in, and fix-all still says to rotate the password", async () => {
    const signIn = "Connect-AzAccount -Credential (New-Object PSCredential('svc@contoso.com', $key))\nGet-AzSubscription\n";
    for (const made of ["$key = ConvertTo-SecureString 'Summer2024!' -AsPlainText -Force\n", "$plain = 'Summer2024!'\n$key = ConvertTo-SecureString $plain -AsPlainText -Force\n"]) {
      const outcome = await fixAll('script.ps1', `${made}${signIn}`, 'powershell');
      assert.deepEqual(outcome.applied.map((a) => a.ruleId), ['ps-connect-user-credential']);
      assert.doesNotMatch(outcome.text, /Summer2024!|\$key\b|\$plain\b|MFA_READY_KEY|MFA_READY_PLAIN/);
      assert.deepEqual(outcome.withheld.map((w) => w.ruleId), ['ps-plaintext-password']);
      assert.equal(outcome.withheld[0].reason, "no longer reported once the other fixes are in: the fixes took the secret it found out of the code, but it was written there and may be kept in the file's history: rotate it");
      assert.equal((await fixAll('script.ps1', outcome.text, 'powershell')).text, outcome.text);
    }
  });

  it('a sign-in whose only fix needs a certificate set up first: fix-all says which fix to apply by hand', async () => {
    const script = '$credential = Import-Clixml -Path "$PSScriptRoot\\pbi.xml"\n$user = Connect-PowerBIServiceAccount -Credential $credential\n';
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied, []);
    assert.equal(outcome.withheld.length, 1);
    assert.match(outcome.withheld[0].reason, /^no fix is safe to apply unattended: each signs in as an app, not the user, which needs an app registration with its permissions \(and a certificate or a managed identity\) set up first; apply by hand: "Sign in app-only with a certificate \(Connect-PowerBIServiceAccount -CertificateThumbprint\)"$/);
  });
});

describe('sign-ins of more than one account in one script', () => {
  const outcomeOf = async (lines: string[]) => fixAll('script.ps1', `${lines.join('\n')}\n`, 'powershell');

  it('fix-all gives none of them the one token, and each says which credentials it saw, across the connect, Exchange and mail rules', async () => {
    const outcome = await outcomeOf([
      "$admin = Get-AutomationPSCredential -Name 'LeaverAdmin'",
      "$forms = Get-AutomationPSCredential -Name 'FormsMailer'",
      'Connect-ExchangeOnline -Credential $admin',
      "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'https://outlook.office365.com/powershell-liveid/' -Credential $admin -Authentication Basic",
      "Send-MailMessage -To 'hr@contoso.com' -From 'forms@contoso.com' -Subject 'Leaver' -SmtpServer 'smtp.office365.com' -Port 587 -UseSsl -Credential $forms",
    ]);
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.withheld.map((w) => [w.ruleId, w.line]), [['ps-connect-user-credential', 3], ['ps-exchange-basic-auth-session', 4], ['ps-mail-basic-auth', 5]]);
    for (const left of outcome.withheld) assert.match(left.reason, /the script signs in with more than one credential \(made at lines 1 and 2\)/);
  });

  it("a function the script calls with two accounts' credentials counts as two; copies, one user name and a script variable a function reads count as one", async () => {
    const twoThroughFunction = await outcomeOf([
      'function Connect-Tenant($Credential) { Connect-ExchangeOnline -Credential $Credential }',
      'Connect-Tenant -Credential (Import-Clixml -Path a.xml)',
      'Connect-Tenant -Credential (Import-Clixml -Path b.xml)',
    ]);
    assert.deepEqual(twoThroughFunction.applied, []);
    const one = await outcomeOf([
      'function Update-Teams { Connect-MicrosoftTeams -Credential $TeamsCredential }',
      "$password = Get-AutomationVariable -Name 'SvcPassword' | ConvertTo-SecureString -AsPlainText -Force",
      "$credential = New-Object System.Management.Automation.PSCredential -ArgumentList 'svc@contoso.com', $password",
      '$copy = $credential',
      '$TeamsCredential = [pscredential]::new("svc@contoso.com", $password)',
      'Connect-ExchangeOnline -Credential $copy',
      'Update-Teams',
    ]);
    assert.deepEqual(one.applied.map((a) => a.line), [1, 6]);
  });

  it('tells accounts apart by the variables the file never sets, by members, per pass of a loop, per branch, and counts password grants too', async () => {
    const exchangeAndMail = (admin: string, mailer: string) => [
      `$admin = New-Object System.Management.Automation.PSCredential (${admin}, (Get-AutomationVariable -Name A | ConvertTo-SecureString -AsPlainText -Force))`,
      `$mailer = New-Object System.Management.Automation.PSCredential (${mailer}, (Get-AutomationVariable -Name M | ConvertTo-SecureString -AsPlainText -Force))`,
      'Connect-ExchangeOnline -Credential $admin',
      "Send-MailMessage -To 'hr@contoso.com' -From 'forms@contoso.com' -Subject 'x' -SmtpServer 'smtp.office365.com' -Port 587 -UseSsl -Credential $mailer",
    ];
    assert.deepEqual((await outcomeOf(exchangeAndMail('$env:EXO_ADMIN_USER', '$env:MAILER_USER'))).applied, []);
    assert.deepEqual((await outcomeOf(['$config = Import-PowerShellDataFile config.psd1', ...exchangeAndMail('$config.AdminUser', '$config.MailUser')])).applied, []);
    assert.equal((await outcomeOf(exchangeAndMail('$env:SVC_USER', '$env:SVC_USER'))).applied.length, 2);
    const loop = await outcomeOf(['foreach ($tenant in Import-Csv tenants.csv) {', '  Connect-ExchangeOnline -Credential (Import-Clixml "$PSScriptRoot\\$($tenant.Name).xml")', '  Get-Mailbox', '}']);
    assert.deepEqual(loop.applied, []);
    assert.match(loop.withheld[0].reason, /made anew on each pass of a loop at line 2/);
    const branches = await outcomeOf(['if ($Production) { $cred = Import-Clixml prod.xml } else { $cred = Import-Clixml test.xml }', 'Connect-ExchangeOnline -Credential $cred']);
    assert.deepEqual(branches.applied, []);
    const grantAndConnect = await outcomeOf([
      "$body = @{ grant_type = 'password'; client_id = $env:APP_ID; username = 'reports@contoso.com'; password = $env:REPORTS_PASSWORD; scope = 'https://graph.microsoft.com/.default' }",
      "$r = Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token' -Body $body",
      'Connect-ExchangeOnline -Credential (Import-Clixml admin.xml)',
    ]);
    assert.deepEqual(grantAndConnect.withheld.map((w) => w.ruleId), ['ps-ropc-http', 'ps-connect-user-credential']);
  });

  it('an admin session left for another reason (other MSOnline cmdlets) still counts: mail sent as another account is left too', async () => {
    const outcome = await outcomeOf([
      "$admin = Get-AutomationPSCredential -Name 'AzureAD'",
      'Connect-MsolService -Credential $admin',
      'Get-MsolUser -All | Where-Object { $_.PasswordNeverExpires -eq $false }',
      "$office = Get-AutomationPSCredential -Name 'Office365'",
      "Send-MailMessage -To 'u@contoso.com' -From 'it@contoso.com' -Subject 'Password expires' -SmtpServer smtp.office365.com -Port 587 -UseSsl -Credential $office",
    ]);
    assert.deepEqual(outcome.applied, []);
    assert.match(outcome.withheld.find((w) => w.ruleId === 'ps-mail-basic-auth')!.reason, /more than one credential \(made at lines 1 and 4\)/);
  });

  it("a credential in a variable the file never sets (a global, a dot-sourced script's) is the caller's", async () => {
    const outcome = await outcomeOf(['function Start-Nuke($upn) {', '  Connect-ExchangeOnline -Credential $mspass', '  Set-CASMailbox -Identity $upn -OWAEnabled $false', '}', 'Start-Nuke -upn $args[0]']);
    assert.deepEqual(outcome.applied, []);
    assert.match(outcome.withheld[0].reason, /the credential comes from the caller, through the variable \$mspass, which this file never sets/);
  });

  it('a variable set otherwise than by $x = … is the file\'s (several at once, -OutVariable, Set-Variable, a block\'s param); one command text with another value in it is another account', async () => {
    const connect = 'Connect-ExchangeOnline -Credential $cred';
    for (const setting of ['$user, $cred = Import-Clixml svc.xml', 'Import-Clixml svc.xml -OutVariable cred | Out-Null', "Set-Variable -Name cred -Value (Import-Clixml svc.xml)", "New-Variable -Name 'cred' -Value (Import-Clixml svc.xml)"]) {
      assert.equal((await outcomeOf([setting, connect])).applied.length, 1, setting);
    }
    assert.equal((await outcomeOf(['$connect = { param($cred) Connect-ExchangeOnline -Credential $cred }', '& $connect (Import-Clixml svc.xml)'])).applied.length, 1);
    const twoFiles = await outcomeOf([
      "$file = 'admin.xml'", '$cred = Import-Clixml -Path $file', 'Connect-ExchangeOnline -Credential $cred',
      "$file = 'mailer.xml'", '$mail = Import-Clixml -Path $file',
      "Send-MailMessage -To 'a@contoso.com' -From 'b@contoso.com' -Subject 'x' -SmtpServer smtp.office365.com -Port 587 -UseSsl -Credential $mail",
    ]);
    assert.deepEqual(twoFiles.applied, []);
  });

  it("a credential read by a name a parameter picks among the script's own (switch, if/else), or a function called with two names, is two accounts: fix-all leaves it and names where each name is written", async () => {
    const connect = ['$cred = Get-AutomationPSCredential -Name $name', 'Connect-ExchangeOnline -Credential $cred'];
    const picked = [
      ["param([ValidateSet('prod', 'test')] [string] $Environment)", 'switch ($Environment) {', "  'prod' { $name = 'ExoProd' }", "  'test' { $name = 'ExoTest' }", '}', ...connect],
      ['param([string] $Environment)', "if ($Environment -eq 'prod') {", "  $name = 'ExoProd'", '} else {', "  $name = 'ExoTest'", '}', ...connect],
    ];
    for (const lines of picked) {
      const outcome = await outcomeOf(lines);
      assert.deepEqual(outcome.applied, [], lines[1]);
      assert.match(outcome.withheld[0].reason, /the script signs in with more than one credential \(made at lines 3 and [45]\)/, lines[1]);
    }
    const twoNames = await outcomeOf(['function Connect-Tenant($n) {', '  $c = Get-AutomationPSCredential -Name $n', '  Connect-ExchangeOnline -Credential $c', '}', "Connect-Tenant 'A'", "Connect-Tenant 'B'"]);
    assert.deepEqual(twoNames.applied, []);
    assert.match(twoNames.withheld[0].reason, /the script signs in with more than one credential \(made at lines 5 and 6\)/);
    // One name, set once or the same on every call: one account, fixed.
    assert.equal((await outcomeOf(["$name = 'ExoProd'", ...connect])).applied.length, 1);
    assert.equal((await outcomeOf(['function Connect-Tenant($n) {', '  $c = Get-AutomationPSCredential -Name $n', '  Connect-ExchangeOnline -Credential $c', '}', "Connect-Tenant 'A'", "Connect-Tenant 'A'"])).applied.length, 1);
  });

  it('one credential passed to a helper many times stays one account, and a long list of credentials names four lines', async () => {
    const calls = Array.from({ length: 40 }, () => 'Connect-Service -Credential $cred');
    const helper = await outcomeOf(['function Connect-Service($Credential) { Connect-ExchangeOnline -Credential $Credential }', '$cred = Import-Clixml svc.xml', ...calls]);
    assert.equal(helper.applied.length, 1);
    const many = await outcomeOf(Array.from({ length: 8 }, (_, i) => `Connect-ExchangeOnline -Credential (Import-Clixml account${i}.xml)`));
    assert.match(many.withheld[0].reason, /more than one credential \(made at lines 1, 2, 3, 4 and 4 more\)/);
  });

  it('a helper called many times with one credential and once with another is two accounts: calls read before are not read again', async () => {
    const admin = Array.from({ length: 31 }, () => 'Invoke-Exo -Credential $admin');
    const lines = ['function Invoke-Exo($Credential) { Connect-ExchangeOnline -Credential $Credential }', '$admin = Import-Clixml -Path C:\\secure\\admin.xml', '$mailer = Import-Clixml -Path C:\\secure\\mailer.xml', ...admin];
    const two = await outcomeOf([...lines, 'Invoke-Exo -Credential $mailer']);
    assert.deepEqual(two.applied, []);
    assert.match(two.withheld[0].reason, /the script signs in with more than one credential \(made at lines 2 and 3\)/);
    const hundred = await outcomeOf([...lines, ...Array.from({ length: 70 }, () => 'Invoke-Exo -Credential $admin')]);
    assert.equal(hundred.applied.length, 1);
  });

  it('a credential the check cannot follow to where it is made (more copies than it reads) may be another account, and the note names no line for it', async () => {
    const chain = Array.from({ length: 20 }, (_, i) => `$c${i + 1} = $c${i}`);
    const copied = ['$c0 = Import-Clixml -Path C:\\secure\\mailer.xml', ...chain, 'Connect-AzAccount -Credential $c20'];
    const beside = await outcomeOf(['$admin = Import-Clixml -Path C:\\secure\\admin.xml', ...copied, 'Connect-ExchangeOnline -Credential $admin']);
    assert.deepEqual(beside.applied, []);
    for (const left of beside.withheld) {
      assert.match(left.reason, /the script may sign in with more than one credential \(made at line 1; one the check could not follow back to where it is made\), and the fixes/);
    }
    assert.equal((await outcomeOf(copied)).applied.length, 1);
  });

  it('PowerShell held in a string of a TypeScript file, where no fix is offered, says nothing of what the fixes would do with its two accounts', async () => {
    const script = ['$admin = Import-Clixml -Path C:\\\\secure\\\\admin.xml', '$mailer = Import-Clixml -Path C:\\\\secure\\\\mailer.xml', 'Connect-ExchangeOnline -Credential $admin', 'Connect-AzAccount -Credential $mailer'];
    const text = ["import { execFileSync } from 'node:child_process';", '// a comment', 'const script = `', ...script, '`;', "export const run = () => execFileSync('pwsh', ['-NoProfile', '-Command', script]);", ''].join('\n');
    const { findings } = await analyze('run.ts', text, 'typescript');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes.length]), [['ts-powershell-sign-in', 0], ['ts-powershell-sign-in', 0]]);
    for (const finding of findings) {
      assert.match(finding.message, /\(ps-connect-user-credential\.\) \(No fix is offered here: the script is held in a string\.\)$/);
      assert.doesNotMatch(finding.message, /Fix-all leaves this to you|more than one credential/);
    }
  });
});

describe('a DSC Script resource, written otherwise', () => {
  it('is told with a comment between the key and its block, without blanks around =, and for a password grant; a function named GetScript is none', async () => {
    const signIn = '    $cred = Import-Clixml C:\\exo.xml; Connect-ExchangeOnline -Credential $cred';
    const resource = (key: string[]) => ['Configuration Exo {', ' Node localhost {', '  Script Mailboxes {', ...key, signIn, '   }', '   TestScript = { $false }', '  }', ' }', '}'];
    const messageOf = async (lines: string[], rule = 'ps-connect-user-credential') =>
      (await analyze('script.ps1', `${lines.join('\n')}\n`, 'powershell')).findings.find((f) => f.ruleId === rule)!;
    for (const key of [['   SetScript =', '   # runs as SYSTEM', '   {'], ['   SetScript = # runs as SYSTEM', '   {'], ['   SetScript={']]) {
      const finding = await messageOf(resource(key));
      assert.deepEqual(finding.fixes, [], key.join(' / '));
      assert.match(finding.message, /DSC Script resource's block/);
    }
    const grant = ["    $b = @{ grant_type = 'password'; client_id = $env:A; username = $env:U; password = $env:P; scope = 'https://graph.microsoft.com/.default' }", "    Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/c/oauth2/v2.0/token' -Body $b"];
    const inDsc = await messageOf(['Configuration X { Node localhost { Script S {', '   SetScript = {', ...grant, '   }', '} } }'], 'ps-ropc-http');
    assert.deepEqual(inDsc.fixes, []);
    const ownFunction = await messageOf(['function GetScript([scriptblock] $Block) { & $Block }', 'GetScript {', signIn, '}']);
    assert.ok(ownFunction.fixes.length > 0);
  });
});

describe('a DSC Script resource', () => {
  it('gets no fix for a sign-in in its SetScript block, which the node runs apart from the script, and says so', async () => {
    const { findings } = await findingsOf('dsc-script-resource.ps1');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fixes.length]), [['ps-connect-user-credential', 0], ['ps-exchange-basic-auth-session', 0]]);
    for (const finding of findings) assert.match(finding.message, /No fix is offered here: a DSC Script resource's block is stored as text and run by the node's Local Configuration Manager/);
  });
});

describe('a credential typed in at a prompt', () => {
  const PROMPT_TAKEN_OUT = /and the prompt is then to go: (?:it takes|they take) out the statements that make the credential \(the prompt among them\), which nothing else reads/;
  const INTERACTIVE_PROMPT_TAKEN_OUT = /the first fix signs that person in interactively, which asks for MFA itself; it takes out the statements that make the credential \(the prompt among them\), which nothing else reads/;

  it('loses its prompt with the sign-in where nothing else reads it, also one sharing its line; a prompt read again or doing more stays', async () => {
    const { text, findings } = await findingsOf('prompt-taken-out.ps1');
    const ours = findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    const prompts = ["$cred = Get-Credential -Message 'Exchange Online admin'", '$teams = Get-Credential', "$az = Get-Credential -UserName (Get-AzContext).Account.Id", '$pnp = Get-Credential;'];
    const kept = ours.map((finding) => prompts.filter((prompt) => finding.fixes.every((fix) => applyEdits(text, fix.edits).includes(prompt))).length);
    assert.deepEqual(kept, [3, 4, 4, 3]);
    assert.deepEqual(ours.map((f) => PROMPT_TAKEN_OUT.test(f.message) || INTERACTIVE_PROMPT_TAKEN_OUT.test(f.message)), [true, false, false, true]);
    // Fix-all signs in interactively where the cmdlet has such a form it can write; PnP's needs an app id of the user's own.
    assert.deepEqual(
      ours.map((f) => f.fixes.filter((fix) => fix.safeForFixAll).map((fix) => fix.title)),
      [['Sign in interactively with MFA (Connect-ExchangeOnline)'], ['Sign in interactively with MFA (Connect-MicrosoftTeams)'], ['Sign in interactively with MFA (Connect-AzAccount)'], []],
    );
    assert.ok(ours.every((f) => f.fixes.length > 0 && f.fixes.slice(1).every((fix) => !fix.safeForFixAll)));
  });

  it('ending a line after another statement, is taken out with the `;` before it, and that statement too where the fix no longer reads it', async () => {
    const text = "$upn = 'admin@contoso.com'; $creds = Get-Credential -UserName $upn -Message 'Login'\nConnect-IPPSSession -UserPrincipalName $upn -Credential $creds\n";
    const { findings } = await analyze('script.ps1', text, 'powershell');
    const fixed = findings[0].fixes.map((fix) => applyEdits(text, fix.edits).split('\n').filter((line) => line.startsWith('$upn')));
    // The interactive sign-in and the token keep -UserPrincipalName $upn; the app-only sign-in names no user, as with the two on lines of their own.
    assert.deepEqual(fixed, [["$upn = 'admin@contoso.com'"], ["$upn = 'admin@contoso.com'"], []]);
  });
});

describe('the import of a retired module', () => {
  const fixedImports = async (lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    const { findings } = await analyze('script.ps1', text, 'powershell');
    const signIn = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
    return signIn.fixes.map((fix) => applyEdits(text, fix.edits).split('\n').filter((line) => /^\s*(?:Import-Module|ipmo)\b/i.test(line)).join(' | '));
  };
  const signIn = ['$admin = Import-Clixml -Path C:\\secure\\admin.xml', 'Connect-AzureAD -Credential $admin'];

  it("becomes Microsoft.Graph.Authentication's where the fix moves the script's only use of the module to Connect-MgGraph", async () => {
    assert.deepEqual(await fixedImports(['Import-Module AzureAD', ...signIn]), Array(3).fill('Import-Module Microsoft.Graph.Authentication'));
    assert.deepEqual(await fixedImports(["ipmo 'AzureADPreview' -Force", ...signIn]), Array(3).fill("ipmo 'Microsoft.Graph.Authentication' -Force"));
    const { findings } = await findingsOf('retired-module-import.ps1');
    assert.ok(findings[0].related.some((r) => /the MSOnline module is imported here: the fixes import Microsoft\.Graph\.Authentication/.test(r.message)));
  });

  it("stays where the script still uses the module (another cmdlet, another sign-in, a type of its) or imports a version of it", async () => {
    const kept = 'Import-Module AzureAD';
    assert.deepEqual(await fixedImports([kept, ...signIn, 'Get-AzureADUser -All $true']), Array(3).fill(kept));
    assert.deepEqual(await fixedImports([kept, ...signIn, 'Connect-AzureAD -Credential $admin -TenantId contoso.com']), Array(3).fill(kept));
    assert.deepEqual(await fixedImports([kept, ...signIn, '$filter = New-Object Microsoft.Open.AzureAD.Model.DomainFilter']), Array(3).fill(kept));
    assert.deepEqual(await fixedImports(['Import-Module AzureAD -RequiredVersion 2.0.2.140', ...signIn]), Array(3).fill('Import-Module AzureAD -RequiredVersion 2.0.2.140'));
  });
});

describe('the statements that made a credential the fix replaces', () => {
  it('go with the sign-in where nothing else reads them (the credential, the password read from a file, the user name), each a related location; a name read again or a global stays', async () => {
    const { text, findings } = await findingsOf('leftover-password-file.ps1');
    const ours = findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    const gone = ours.map((f) => text.split('\n').filter((l, i) => l.trim() && /^\s*\$/.test(l) && !applyEdits(text, f.fixes[0].edits).includes(l) && i < 22).map((l) => l.trim().split(' ')[0]));
    assert.deepEqual(gone, [['$username', '$password', '$adminCredential'], ['$secret', '$reportCredential'], []]);
    const takenOut = (f: (typeof ours)[number]) => f.related.filter((r) => /which the fix takes out/.test(r.message)).map((r) => r.range.start.line + 1);
    assert.deepEqual(ours.map(takenOut), [[3, 4], [12], []]);
  });

  it('a Disconnect-AzureAD left after Connect-AzureAD is replaced is named as closing nothing: make it Disconnect-MgGraph', async () => {
    const text = "$cred = Import-Clixml -Path .\\admin.xml\nConnect-AzureAD -Credential $cred\nDisconnect-AzureAD\n";
    const { findings } = await analyze('script.ps1', text, 'powershell');
    assert.ok(findings[0].related.some((r) => r.range.start.line === 2 && /Disconnect-AzureAD closes the sign-in the fix replaces with Connect-MgGraph, which it does not close: make it Disconnect-MgGraph/.test(r.message)));
  });

  it("leave a password written in the script, and what is made of it, to ps-plaintext-password's fix, which says to change it: given to the conversion or piped into it", async () => {
    for (const password of ['$secure = ConvertTo-SecureString $pw -AsPlainText -Force', '$secure = $pw | ConvertTo-SecureString -AsPlainText -Force']) {
      const script = `$pw = 'Summer2024!'\n${password}\n$cred = New-Object System.Management.Automation.PSCredential('svc@contoso.com', $secure)\nConnect-ExchangeOnline -Credential $cred\n`;
      const { findings } = await analyze('script.ps1', script, 'powershell');
      const signIn = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
      assert.ok(signIn.fixes.every((fix) => ['$pw =', '$secure =', '$cred ='].every((kept) => applyEdits(script, fix.edits).includes(kept))));
    }
  });
});

describe('a password cached in a file on first run', () => {
  const prompt = (extra = '') =>
    '$PasswordFile = "$PSScriptRoot\\admin.txt"\n' +
    'if (!(Test-Path -Path $PasswordFile)) {\n' +
    '    Write-Host "No admin password is stored yet, please type it:"\n' +
    '    Read-Host -AsSecureString | ConvertFrom-SecureString | Out-File $PasswordFile\n' +
    extra +
    '}\n';
  const signIn = '$password = Get-Content $PasswordFile | ConvertTo-SecureString\n' +
    "$credentials = New-Object System.Management.Automation.PSCredential -ArgumentList 'admin@contoso.onmicrosoft.com', $password\n" +
    'Connect-MsolService -Credential $credentials\n';

  async function firstFixOf(script: string) {
    const { findings } = await analyze('script.ps1', script, 'powershell');
    const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
    return { finding, fixed: applyEdits(script, finding.fixes[0].edits) };
  }

  it('the prompt that writes the file goes with the statements that read it, once nothing else reads the file, and the finding shows it', async () => {
    const { finding, fixed } = await firstFixOf(prompt() + signIn);
    assert.doesNotMatch(fixed, /Read-Host|Test-Path|PasswordFile|\$credentials/);
    const related = finding.related?.find((r) => r.message.startsWith('the prompt that writes the password file'));
    assert.equal(related?.range.start.line, 1);
  });

  it('stays where something else reads the file, or the block does more than prompt for it and write it', async () => {
    const readAgain = prompt() + signIn + 'Copy-Item $PasswordFile "$PasswordFile.bak"\n';
    assert.match((await firstFixOf(readAgain)).fixed, /Read-Host -AsSecureString/);
    const doesMore = prompt('    New-Item -ItemType Directory -Path "$PSScriptRoot\\logs"\n') + signIn;
    assert.match((await firstFixOf(doesMore)).fixed, /Read-Host -AsSecureString/);
    const otherBranch = prompt().replace(/\}\n$/, '} else { Write-Host "Using the stored password" }\n') + signIn;
    assert.match((await firstFixOf(otherBranch)).fixed, /Read-Host -AsSecureString/);
  });
});

describe('the tenant a SharePoint admin URL names', () => {
  async function fixesOf(script: string): Promise<string[]> {
    const { findings } = await analyze('script.ps1', script, 'powershell');
    const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
    return finding.fixes.map((fix) => applyEdits(script, fix.edits));
  }
  const cred = '$cred = Import-Clixml "$PSScriptRoot\\admin.xml"\n';

  it('is the tenant the fixes sign in to: <name>.onmicrosoft.com, as a literal or built of the variable the URL is built of', async () => {
    const [certificate] = await fixesOf(cred + 'Connect-SPOService -Url https://Contoso-admin.sharepoint.com -Credential $cred\n');
    assert.match(certificate, /-TenantId 'contoso\.onmicrosoft\.com' /);
    const [token, appOnly] = await fixesOf('param($tenant)\n' + cred + 'Connect-PnPOnline -Url "https://$tenant-admin.sharepoint.com" -Credentials $cred\n');
    assert.match(token, /Get-SamAccessToken -Scope "[^\n]*" -Tenant "\$tenant\.onmicrosoft\.com"\)/);
    assert.match(appOnly, /-Tenant "\$tenant\.onmicrosoft\.com" /);
    // The script's variable stays in charge of the tenant, as it is of the URL; a URL in a variable the script assigns names it as written.
    const [fromVariable] = await fixesOf(cred + "$Tenant = 'contoso'\nConnect-SPOService -Url \"https://${Tenant}-admin.sharepoint.com\" -Credential $cred\n");
    assert.match(fromVariable, /-TenantId "\$\{Tenant\}\.onmicrosoft\.com" /);
    const [assignedUrl] = await fixesOf(cred + "$adminUrl = 'https://fabrikam-admin.sharepoint.com'\nConnect-SPOService -Url $adminUrl -Credential $cred\n");
    assert.match(assignedUrl, /-TenantId 'fabrikam\.onmicrosoft\.com' /);
  });

  it('is none where the URL is no admin URL, the name is no tenant name, or the URL is read from a variable built of others or a parameter', async () => {
    const scripts = [
      cred + 'Connect-PnPOnline -Url https://contoso.sharepoint.com/sites/hr -Credentials $cred\n',
      cred + '$orgName = "contoso.onmicrosoft.com"\nConnect-SPOService -Url https://$orgName-admin.sharepoint.com -Credential $cred\n',
      'param($tenant)\n' + cred + '$adminUrl = "https://$tenant-admin.sharepoint.com"\nConnect-SPOService -Url $adminUrl -Credential $cred\n',
      "param($adminUrl = 'https://contoso-admin.sharepoint.com')\n" + cred + 'Connect-SPOService -Url $adminUrl -Credential $cred\n',
    ];
    for (const signIn of scripts) {
      const fixes = await fixesOf(signIn);
      assert.ok(fixes.some((fixed) => /-Tenant(?:Id)? \$env:MFA_READY_TENANT_ID/.test(fixed)), signIn);
      assert.ok(!fixes.some((fixed) => /onmicrosoft\.com\.onmicrosoft|-Tenant(?:Id)? ["']/.test(fixed)), signIn);
    }
  });
});

describe('the organisation Exchange fixes give as -Organization', () => {
  async function organizationsOf(script: string): Promise<string[]> {
    const { findings } = await analyze('script.ps1', script, 'powershell');
    const finding = findings.find((f) => f.ruleId === 'ps-connect-user-credential')!;
    return finding.fixes.map((fix) => /-Organization (\S+)/.exec(applyEdits(script, fix.edits))?.[1] ?? '');
  }
  const signIn = '$cred = Import-Clixml "$PSScriptRoot\\admin.xml"\nConnect-ExchangeOnline -Credential $cred\n';

  it("is the script's variable or parameter that holds its onmicrosoft.com domain, also built of a name", async () => {
    assert.deepEqual(await organizationsOf('$orgName = "contoso.onmicrosoft.com"\n' + signIn), ['$orgName', '$orgName']);
    assert.deepEqual(await organizationsOf("param($tenant)\n$org = \"$tenant.onmicrosoft.com\"\n" + signIn), ['$org', '$org']);
    assert.deepEqual(await organizationsOf("param([string]$Organization = 'Contoso.onmicrosoft.com')\n" + signIn), ['$Organization', '$Organization']);
    // Two variables holding one domain name one organisation.
    assert.deepEqual(await organizationsOf("$a = 'contoso.onmicrosoft.com'\n$b = 'contoso.onmicrosoft.com'\n" + signIn), ['$a', '$a']);
  });

  it('is none where no variable holds such a domain where the sign-in runs, or several hold different ones', async () => {
    const scripts = [
      // Named for the organisation, but not a domain; a domain that is not onmicrosoft.com; a user name.
      "$Organization = 'Contoso Ltd'\n" + signIn,
      "$org = 'contoso.com'\n" + signIn,
      "$upn = 'admin@contoso.onmicrosoft.com'\n" + signIn,
      // A parameter named so, without a default; a default that is a domain, in a parameter named for something else.
      'param([string]$Tenant)\n' + signIn,
      "param([string]$Fallback = 'contoso.onmicrosoft.com')\n" + signIn,
      // Set after the sign-in, on some runs only, in another function; two tenants.
      signIn + "$orgName = 'contoso.onmicrosoft.com'\n",
      "if ($prod) { $orgName = 'contoso.onmicrosoft.com' }\n" + signIn,
      "function Set-Org { $orgName = 'contoso.onmicrosoft.com' }\n" + signIn,
      "$a = 'contoso.onmicrosoft.com'\n$b = 'fabrikam.onmicrosoft.com'\n" + signIn,
    ];
    for (const script of scripts) assert.deepEqual(await organizationsOf(script), ['$env:MFA_READY_ORGANIZATION', '$env:MFA_READY_ORGANIZATION'], script);
  });
});
