import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { fixAll } from '../../src/engine/fix-all';
import { isPlaceholderSecret } from '../../src/languages/shared/placeholder-secret';
import { RULE_FIXTURES, ruleFixtureFindings as findingsOf } from './fixtures';

/** The findings of a script made of `lines`. */
async function findingsOfLines(lines: string[]) {
  const { findings } = await analyze('script.ps1', `${lines.join('\n')}\n`, 'powershell');
  return findings;
}

/** ps-ropc-http's reason for no fix of a request another client than Invoke-RestMethod posts: the client it names. */
const OTHER_CLIENT = /No fix is offered here: (\S+) posts it, and the fix rewrites Invoke-RestMethod and Invoke-WebRequest requests only: post the Secure Application Model's refresh_token grant/;

describe('PowerShell rules: what withheld fixes say', () => {
  it("a command-line tool's password written in the script (quoted or bare) is named with its line; a variable, a string with one, a placeholder or an argument array's element is not", async () => {
    const lines = [
      "az login -u admin@contoso.com -p 'Summer2024!'",
      'az login -u admin@contoso.com -p $env:AZ_PASSWORD',
      'pac auth create --url https://contoso.crm.dynamics.com --username admin@contoso.onmicrosoft.com --password "Summer2024!"',
      'pac auth create --url https://contoso.crm.dynamics.com --username admin@contoso.onmicrosoft.com --password "$pw"',
      'm365 login --authType password --userName admin@contoso.com --password Summer2024!',
      "m365 login --authType password --userName admin@contoso.com --password '<password>'",
      "$azArgs = @('login', '-u', 'admin@contoso.com', '-p', 'Winter2023!')",
      'az @azArgs',
    ];
    const findings = (await findingsOfLines(lines)).filter((f) => /^ps-(?:az-login|pac-auth|m365-cli)/.test(f.ruleId));
    const written = (f: (typeof findings)[number]) => /The password is written in the script \(line \d+\): remove it, and change the account's password/.test(f.message);
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, written(f)]), [[1, true], [2, false], [3, true], [4, false], [5, true], [6, false], [8, false]]);
    const related = findings[0].related.find((r) => r.message === 'the password is written here')!;
    assert.equal(lines[0].slice(related.range.start.character, related.range.end.character), "'Summer2024!'");
  });

  it('a credential $PSDefaultParameterValues gives a connect cmdlet: no fix, and the message and a related location name the default', async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'default-parameter-values.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[6, 0], [7, 0], [11, 0]]);
    assert.match(findings[0].message, /No fix is offered here: \$PSDefaultParameterValues gives this call its credential \(line 4\), which a rewrite of the call would not take away/);
    assert.match(findings[1].message, /\(line 5\)/);
    assert.ok(findings[0].related.some((r) => /given to the call by \$PSDefaultParameterValues/.test(r.message) && r.range.start.line === 3));
    assert.ok(findings[0].related.some((r) => /the user credential is made here/.test(r.message)));
  });

  it("a sign-in's password read as plain text from a command or the environment is named where it is read, to be deleted there; a prompt's or a literal's is not", async () => {
    const lines = [
      '$entry = Get-HuduPasswords -CompanyId 12 -Name "M365 Global Admin"',
      '$cred = New-Object System.Management.Automation.PSCredential($entry.username, (ConvertTo-SecureString $entry.password -AsPlainText -Force))',
      'Connect-ExchangeOnline -Credential $cred',
      '$item = (Get-ITGluePasswords -organization_id 42 -id 7).data.attributes',
      '$teams = [pscredential]::new($item.username, (ConvertTo-SecureString $item.password -AsPlainText -Force))',
      'Connect-MicrosoftTeams -Credential $teams',
      '$smtp = New-Object PSCredential("alerts@contoso.com", (ConvertTo-SecureString -String $env:SMTP_PASSWORD -AsPlainText -Force))',
      'Send-MailMessage -To ops@contoso.com -From alerts@contoso.com -Subject x -SmtpServer smtp.office365.com -UseSsl -Credential $smtp',
      '$typed = Read-Host "Password"',
      '$prompted = New-Object PSCredential("a@contoso.com", (ConvertTo-SecureString $typed -AsPlainText -Force))',
      'Connect-MsolService -Credential $prompted',
    ];
    const findings = (await findingsOfLines(lines)).filter((f) => /^ps-(?:connect-user-credential|mail-basic-auth)$/.test(f.ruleId));
    const reads = findings.map((f) => [
      f.range.start.line + 1,
      f.related.filter((r) => /its password is read as plain text here \(([^)]+)\): once the sign-in uses a token, delete the password where it is kept and change it/.test(r.message)).map((r) => [r.range.start.line + 1, /\(([^)]+)\)/.exec(r.message)![1]]),
    ]);
    assert.deepEqual(reads, [
      [3, [[1, 'Get-HuduPasswords']]],
      [6, [[4, 'Get-ITGluePasswords']]],
      [8, [[7, '$env:SMTP_PASSWORD']]],
      [11, []],
    ]);
  });

  it("a request whose pipeline goes on at a line starting with | (PowerShell 7) gets the fix of the request on one line, which keeps the pipeline whole", async () => {
    const request = [
      "$body = @{ grant_type = 'password'; client_id = $env:CLIENT_ID; username = $env:SVC_USER; password = $env:SVC_PASSWORD }",
      '$token = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$tenant/oauth2/v2.0/token" -Body $body',
    ];
    const [piped] = await findingsOfLines([...request, '    | Select-Object -ExpandProperty access_token']);
    const [oneLine] = await findingsOfLines([request[0], `${request[1]} | Select-Object -ExpandProperty access_token`]);
    assert.deepEqual(piped.fixes, oneLine.fixes);
    assert.equal(piped.fixes.length, 1);
    const { text } = await fixAll('script.ps1', `${[...request, '    | Select-Object -ExpandProperty access_token'].join('\n')}\n`, 'powershell');
    assert.match(text, /\n\$token = Invoke-RestMethod [^\n]+ -Body \$body\n {4}\| Select-Object -ExpandProperty access_token\n$/);
  });

  it('a parameter splatted on some runs only keeps the connect fix out of fix-all, and the message names it and its line', async () => {
    const [finding] = await findingsOf('ps-connect-user-credential', 'splat-key-on-some-branches.ps1');
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.match(finding.message, /Fix-all leaves this to you: -DelegatedOrganization \(line 7\) goes into the splatted parameters inside a branch only, and the fix writes it out on every run: empty on a run that does not set it\./);
    // Set on every run, and only changed in a branch: the fix passes what the run set.
    const [always] = await findingsOfLines(['$p = @{ Credential = (Import-Clixml -Path svc.xml); Tenant = $env:HOME_TENANT }', "if ($Customer) { $p.Tenant = $Customer }", 'Connect-AzAccount @p']);
    assert.equal(always.fixes[0].safeForFixAll, true);
    // Set by each branch of an if with an else: every run sets it too; an else that sets it only under a further if does not.
    const each = (orElse: string) => ['$p = @{ Credential = (Import-Clixml -Path svc.xml) }', `if ($Customer) { $p.Tenant = $Customer } else { ${orElse} }`, 'Connect-AzAccount @p'];
    assert.equal((await findingsOfLines(each('$p.Tenant = $env:HOME_TENANT')))[0].fixes[0].safeForFixAll, true);
    assert.equal((await findingsOfLines(each('if ($Home) { $p.Tenant = $env:HOME_TENANT }')))[0].fixes[0].safeForFixAll, false);
    // An if/else that runs on some runs only sets it on those only.
    const nested = ['$p = @{ Credential = (Import-Clixml -Path svc.xml) }', 'if ($UseTenant) { if ($Customer) { $p.Tenant = $Customer } else { $p.Tenant = $env:HOME_TENANT } }', 'Connect-AzAccount @p'];
    assert.equal((await findingsOfLines(nested))[0].fixes[0].safeForFixAll, false);
  });

  it("a SharePoint site in another cloud, named only by its address (also one the script builds), gets no fix and the message says which site", async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'sharepoint-site-in-other-cloud.ps1');
    const sites = findings.map((f) => /this sign-in's site (\S+) is in another cloud \(-Url\)/.exec(f.message)?.[1] ?? (f.fixes.length > 0 ? 'fixed' : 'no fix, no reason'));
    assert.deepEqual(sites, ['fabrikam.sharepoint.us', 'fabrikam-admin.sharepoint.us', 'fabrikam.sharepoint.cn', 'fixed']);
  });

  it("a sign-in to Azure Stack Hub or another environment the script adds is not told of Azure's mandatory MFA dates, which concern management.azure.com", async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'azure-stack-environments.ps1');
    const told = findings.map((f) => `${f.range.start.line + 1}: ${/phase 2/.test(f.message) ? 'mandatory MFA' : /its own Resource Manager endpoint .*AD FS/.test(f.message) ? 'own environment' : 'neither'}`);
    assert.deepEqual(told, ['3: own environment', '4: own environment', '10: own environment', '12: own environment', '14: own environment', '16: own environment', '19: mandatory MFA', '20: mandatory MFA', '21: mandatory MFA']);
    // Where the script does not show the environment's name, the reason no fix is offered says what the message does: an environment of its own.
    const named = findings.map((f) => /this sign-in names (AzureStack\w+|an environment with endpoints of its own|a cloud chosen at run time) \(-/.exec(f.message)?.[1] ?? 'fixed');
    const own = 'an environment with endpoints of its own';
    assert.deepEqual(named, ['AzureStackAdmin', 'AzureStackUser', own, own, own, own, 'fixed', 'fixed', 'a cloud chosen at run time']);
  });

  it('an Exchange session the script later closes by Get-PSSession keeps its fixes out of fix-all, and the message names that line', async () => {
    const [finding] = await findingsOf('ps-exchange-basic-auth-session', 'sessions-closed-by-lookup.ps1');
    assert.ok(finding.fixes.length > 0 && finding.fixes.every((fix) => !fix.safeForFixAll));
    assert.match(finding.message, /line 9 closes the sessions Get-PSSession finds: it finds no Exchange session once Connect-ExchangeOnline replaces it/);
  });

  it('an Exchange session imported with a prefix Connect-ExchangeOnline rejects (EXO, or one with an underscore) gets no fix, and the message says what to rename', async () => {
    const findings = await findingsOf('ps-exchange-basic-auth-session', 'exo-prefix-reserved.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[5, 0], [13, 0]]);
    assert.match(findings[0].message, /No fix is offered here: Import-PSSession on line 6 gives the session's cmdlets the prefix EXO, which Connect-ExchangeOnline rejects: EXO is reserved for the module's own Get-EXO\* cmdlets .*rename the script's prefixed calls to match, such as Get-EXOUser on line 9, then apply the fix\.\)$/);
    assert.match(findings[1].message, /the prefix O365_, which Connect-ExchangeOnline rejects: its prefix is made of letters and digits only; .* such as Get-O365_Mailbox on line 15/);
  });

  it('an Exchange session imported with a prefix on some runs only gets no fix, and the message names the imports; one imported with it where it is set keeps its fixes', async () => {
    const [whereSet, someRuns] = await findingsOf('ps-exchange-basic-auth-session', 'prefix-where-set.ps1');
    assert.ok(whereSet.fixes.length > 0);
    assert.equal(someRuns.fixes.length, 0);
    assert.match(someRuns.message, /the session's cmdlets are imported with -Prefix on some runs only, or with another one on others \(lines 19, 22\)/);
  });

  it('an Exchange session looked up by its name other than to close it gets no fix, and the message names the lookup; one closed by its name keeps its fixes', async () => {
    const [closed, lookedUp] = await findingsOf('ps-exchange-basic-auth-session', 'session-found-by-name.ps1');
    assert.ok(closed.fixes.length > 0);
    assert.equal(lookedUp.fixes.length, 0);
    assert.match(lookedUp.message, /No fix is offered here: Get-PSSession on line 12 looks the session up by its name, and Connect-ExchangeOnline opens no session\.\)$/);
  });

  it("an Exchange session whose connection URI is Exchange Online's on some runs and an on-premises server's on others is a finding with no fix, whose message names the other server", async () => {
    const findings = await findingsOf('ps-exchange-basic-auth-session', 'endpoint-on-some-runs.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[7, 0], [13, 0]]);
    for (const finding of findings) assert.match(finding.message, /No fix is offered here: the connection URI names exch01\.contoso\.local on other runs, which Connect-ExchangeOnline does not reach/);
  });

  it('ps-plaintext-password: a placeholder that reaches a sign-in through -ArgumentList or $using: is no sample data; one whose block reads only the user name may be', async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'placeholder-through-argument-list.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const sample = findings.map((f) => /may be sample data/.test(f.message));
    assert.deepEqual(sample, [false, false, false, true]);
    // Invoke-Command's sign-in gets no fix of its own, so the password stays needed and fix-all reads it from the environment.
    assert.deepEqual(findings.map((f) => f.fixes[0].safeForFixAll), [true, false, true, false]);
    // Start-Job's Teams sign-in gets no fix (its block cannot call the script's token function), so it keeps
    // the credential: the password is not called one whose sign-in's fixes sign in without it.
    assert.doesNotMatch(findings[1].message, /only makes the credential of a sign-in whose fixes sign in without it/);
  });

  it('ps-plaintext-password: every quick fix of one value reads one secret, another value another', async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'same-value-one-name.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const names = findings.map((f) => /\$env:(\w+)/.exec(f.fixes[0].title)?.[1]);
    assert.deepEqual(names, ['MFA_READY_PASSWORD', 'MFA_READY_PASSWORD', 'MFA_READY_PASSWORD_2', 'MFA_READY_PASSWORD', 'MFA_READY_PASSWORD_2']);
  });

  it('ps-plaintext-password follows -ArgumentList into a one-line param(...), @(...), $args[n] and a block held in a variable; where it cannot, the note says so', async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'placeholder-through-argument-list-forms.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => /may be sample data/.test(f.message)),
      [false, false, false, false, false, true, true],
    );
    assert.deepEqual(findings.slice(0, 4).map((f) => f.fixes[0].safeForFixAll), [true, true, true, true]);
    for (const unfollowed of findings.slice(5)) {
      assert.match(unfollowed.message, /handed to a script block's arguments \(-ArgumentList\) that cannot be followed/);
      assert.doesNotMatch(unfollowed.message, /goes only to commands that are not known sign-ins/);
    }
  });

  it('ps-ropc-http withholds the fix for Azure AD Graph (by its host or its app id) and says it is retired, pointing to Microsoft Graph', async () => {
    const findings = await findingsOf('ps-ropc-http', 'client-and-resource.ps1');
    const aadGraph = findings.filter((f) => /Azure AD Graph/.test(f.message));
    assert.equal(aadGraph.length, 3);
    for (const finding of aadGraph) {
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.message, /No fix is offered here: .*retired on 2025-08-31.*Microsoft Graph/);
    }
  });

  it('ps-ropc-http finds password grants WebClient, HttpClient and curl post, with no fix, and says the fix rewrites Invoke-RestMethod requests only', async () => {
    const findings = await findingsOf('ps-ropc-http', 'dotnet-and-curl-clients.ps1');
    const client = OTHER_CLIENT;
    const clients = findings.map((f) => client.exec(f.message)?.[1] ?? (f.fixes.length > 0 ? 'fixable' : 'no fix, no reason'));
    const [values, string, http, curlExe] = ['WebClient.UploadValues', 'WebClient.UploadString', 'HttpClient.PostAsync', 'curl.exe'];
    // The last is Windows PowerShell's curl alias of Invoke-WebRequest, fixed as it was.
    assert.deepEqual(clients, [values, values, string, string, http, http, http, curlExe, curlExe, curlExe, 'curl', 'fixable']);
    assert.ok(findings.slice(0, -1).every((f) => f.fixes.length === 0));
    // A body that Invoke-RestMethod posts and HttpClient too: one finding, and a fix of the body would leave HttpClient's answer's refresh token unstored.
    const shared = await findingsOfLines([
      "$body = @{ grant_type = 'password'; client_id = $env:CLIENT_ID; username = $env:SVC_USER; password = $env:SVC_PASSWORD }",
      '$url = "https://login.microsoftonline.com/$tenant/oauth2/v2.0/token"',
      '$token = Invoke-RestMethod -Method Post -Uri $url -Body $body',
      '$answer = $http.PostAsync($url, [System.Net.Http.FormUrlEncodedContent]::new($body)).Result',
    ]);
    assert.deepEqual(shared.map((f) => [f.ruleId, f.fixes.length, client.exec(f.message)?.[1]]), [['ps-ropc-http', 0, http]]);
  });

  it("ps-ropc-http names the call that posts the grant: a request message HttpClient sends, a form's bytes WebClient uploads, a form written to an HttpWebRequest's stream; curl's arguments held in an array", async () => {
    const clientsOf = async (fixture: string) => (await findingsOf('ps-ropc-http', fixture)).map((f) => (f.fixes.length > 0 ? 'fixable' : OTHER_CLIENT.exec(f.message)?.[1]));
    assert.deepEqual(await clientsOf('http-request-message.ps1'), ['HttpClient.SendAsync', 'HttpClient.SendAsync', 'HttpClient.Send']);
    assert.deepEqual(await clientsOf('upload-data.ps1'), Array(4).fill('WebClient.UploadData'));
    assert.deepEqual(await clientsOf('request-stream.ps1'), Array(3).fill('HttpWebRequest'));
    assert.deepEqual(await clientsOf('curl-argument-arrays.ps1'), ['curl.exe', 'curl.exe']);
  });

  it("a function of the script's own named like a cmdlet runs instead of it: its calls are no sign-in, and no fix calls the cmdlet it hides", async () => {
    const exchange = await findingsOf('ps-exchange-basic-auth-session', 'own-connect-exchangeonline-function.ps1');
    assert.deepEqual(exchange.map((f) => [f.range.start.line, f.fixes.length]), [[3, 0]]);
    assert.match(exchange[0].message, /No fix is offered here: the script defines a function Connect-ExchangeOnline of its own/);
    const script = join(RULE_FIXTURES, 'ps-exchange-basic-auth-session', 'own-connect-exchangeonline-function.ps1');
    const all = await analyze(script, readFileSync(script, 'utf8'), 'powershell');
    assert.deepEqual(all.findings.map((f) => f.ruleId), ['ps-exchange-basic-auth-session'], 'the call of the own function is no Connect-ExchangeOnline sign-in');
    const connect = await findingsOf('ps-connect-user-credential', 'own-functions-named-like-cmdlets.ps1');
    // The mock's call is not reported; the module-qualified call and Connect-MsolService are, without fixes.
    assert.deepEqual(connect.map((f) => [f.range.start.line, f.fixes.length]), [[8, 0], [11, 0]]);
    for (const finding of connect) assert.match(finding.message, /No fix is offered here: the script defines functions named like the cmdlets the fixes call \(Connect-MgGraph\)/);
  });

  it('no fix inside a workflow, whose commands run as activities where the script\'s functions are out of reach', async () => {
    for (const rule of ['ps-mail-basic-auth', 'ps-exchange-basic-auth-session']) {
      const findings = await findingsOf(rule, 'workflow.ps1');
      assert.equal(findings.length, 1, rule);
      assert.deepEqual(findings[0].fixes, [], rule);
      assert.match(findings[0].message, /a workflow runs its commands as activities/, rule);
    }
  });

  it("ps-ropc-http offers no fix for a request to <base>/oauth2/token on a base the script does not name, and does not call it Microsoft's where the body names no Microsoft resource", async () => {
    const findings = await findingsOf('ps-ropc-http', 'unnamed-base.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[4, 0], [9, 0]]);
    const noFix = /No fix is offered here: the script does not name the host it is posted to \(a base URL it is given, then \/oauth2\/token, a path other OAuth servers use too\), so a fix cannot tell that the new body, with the Secure Application Model's app secret and refresh token, goes to Entra ID's token endpoint/;
    for (const finding of findings) assert.match(finding.message, noFix);
    assert.match(findings[0].message, /^This request posts grant_type=password \(ROPC\) to an OAuth token endpoint the script does not name .*If it is the Microsoft identity platform's/);
    assert.doesNotMatch(findings[0].message, /to the Microsoft identity platform token endpoint/);
    // The body asks for Microsoft Graph's token: only Entra ID issues it.
    assert.match(findings[1].message, /^This request posts grant_type=password \(ROPC\) to the Microsoft identity platform token endpoint/);
  });

  it('ps-ropc-http offers no fix for a body that already posts a refresh_token beside the password (a second key would not parse), and says so', async () => {
    const body = (extra: string) => [
      "$body = @{ grant_type = 'password'; client_id = $env:CID; username = $env:U; password = $env:P" + extra + ' }',
      "Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/common/oauth2/v2.0/token' -Body $body",
    ];
    const [withToken] = await findingsOfLines(body('; Refresh_Token = $CachedRefresh'));
    assert.deepEqual(withToken.fixes, []);
    assert.match(withToken.message, /No fix is offered here: the body already posts a refresh_token beside the password/);
    const [without] = await findingsOfLines(body(''));
    assert.equal(without.fixes.length, 1);
  });

  it('ps-ropc-http leaves to a person a grant that posts no password (a probe of the account), and says so', async () => {
    const grant = (password: string) => [
      `$body = @{ grant_type = 'password'; client_id = (New-Guid).Guid; username = $env:SVC_USER; password = ${password}; resource = 'https://graph.windows.net' }`,
      "try { Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/common/oauth2/token' -Body $body } catch { $_.ErrorDetails.Message -match 'AADSTS50034' }",
    ];
    for (const password of ["'none'", "'bogus'"]) {
      const [probe] = await findingsOfLines(grant(password).map((line) => line.replace("'https://graph.windows.net'", "'https://graph.microsoft.com'")));
      assert.deepEqual(probe.fixes.map((fix) => fix.safeForFixAll), [false], password);
      assert.match(probe.message, /Fix-all leaves this to you: the request posts no password \(an empty or dummy one\), so it may only test the account/);
    }
    // A password filled in later, or a sample's, is a sign-in's.
    for (const password of ['$env:SVC_PASSWORD', "'#{O365Password}'", "'changeme'"]) {
      const [signIn] = await findingsOfLines(grant(password).map((line) => line.replace("'https://graph.windows.net'", "'https://graph.microsoft.com'")));
      assert.deepEqual(signIn.fixes.map((fix) => fix.safeForFixAll), [true], password);
    }
  });

  it('ps-ropc-http never writes back the body\'s own client id', async () => {
    const findings = await findingsOf('ps-ropc-http', 'client-and-resource.ps1');
    for (const fix of findings.flatMap((f) => f.fixes)) {
      assert.ok(fix.edits.every((e) => !/a0c73c16|\$ownAppId|\$ownAppSecret/i.test(e.newText)), fix.title);
    }
  });

  it("a request made through the script's own function is reported where the function is called, and the message names the function and the cmdlet it calls, shown as related", async () => {
    const senders = async (rule: string) =>
      (await findingsOf(rule, 'through-wrappers.ps1')).map((f) => [/^(\S+ \(the script's own function, which calls \S+\))/.exec(f.message)?.[1], f.related.find((r) => / sends it here$/.test(r.message))?.message]);
    const [sweep, ews, rest] = ['Invoke-SweepRequest', 'Get-EwsFolder', 'Get-Autodiscover'].map((name) => `${name} (the script's own function, which calls ${name === 'Invoke-SweepRequest' ? 'Invoke-WebRequest' : 'Invoke-RestMethod'})`);
    assert.deepEqual(await senders('ps-exchange-web-basic-auth'), [
      [sweep, 'Invoke-WebRequest sends it here'],
      [ews, 'Invoke-RestMethod sends it here'],
      [rest, 'Invoke-RestMethod sends it here'],
    ]);
    const soap = "Send-Soap (the script's own function, which calls Invoke-RestMethod)";
    assert.deepEqual(await senders('ps-ws-trust-password'), [
      [soap, 'Invoke-RestMethod sends it here'],
      [soap, 'Invoke-RestMethod sends it here'],
    ]);
  });

  it("ps-mail-basic-auth: the Send-MailKitMessage module's cmdlet given a credential names itself and the host, says it cannot sign in with a token, and offers no fix, saying why", async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'send-mailkit-message.ps1');
    assert.deepEqual(
      findings.map((f) => /^(\S+) signs in to (\S+) with a username and password/.exec(f.message)?.slice(1)),
      [['Send-MailKitMessage', 'smtp-legacy.office365.com'], ['Send-MailKitMessage', 'smtp.office365.com'], ['Send-MailKitMessage', 'smtp.office365.com']],
    );
    for (const finding of findings) {
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.message, /Send-MailKitMessage cannot sign in with a token: send through Microsoft Graph instead/);
      assert.match(finding.message, /No quick fix: Send-MailKitMessage's message parameters \(MimeKit addresses, -RecipientList, -TextBody, -HTMLBody\) are not Send-MailMessage's/);
    }
    assert.ok(findings[0].related.some((r) => r.message === 'the credential is made here (Import-Clixml)'));
  });
});

describe('ps-dataverse-password-connection-string with an AuthType chosen at run time', () => {
  it('warns, with a quick fix only, and says the AuthType is chosen at run time (naming a parameter\'s validated choices)', async () => {
    const findings = await findingsOf('ps-dataverse-password-connection-string', 'authtype-chosen-at-run-time.ps1');
    assert.deepEqual(findings.map((f) => f.severity), ['warning', 'warning']);
    assert.ok(findings.every((f) => f.fixes.every((fix) => !fix.safeForFixAll)));
    assert.match(findings[0].message, /AuthType is chosen at run time \(a value the file does not show\) gives a Username and Password: where the run chooses Office365/);
    assert.match(findings[1].message, /AuthType is chosen at run time \(one of AD, IFD, Office365\)/);
  });
});

describe('ps-dataverse-password-connection-string built in pieces', () => {
  it('reads a -join and a string grown with += whole, and says why neither gets the quick fix', async () => {
    const findings = await findingsOf('ps-dataverse-password-connection-string', 'built-in-pieces.ps1');
    assert.ok(findings.every((f) => f.fixes.length === 0));
    assert.match(findings[0].message, /No quick fix: the connection string is built from several parts/);
    assert.match(findings[3].message, /^A Dataverse connection string with AuthType=OAuth and a Password .* No quick fix: the connection string is grown with \+=/);
  });
});

describe('ps-dataverse-password-connection-string with a placeholder for the password', () => {
  it('warns, and says the Password is a placeholder rather than a password written in the script', async () => {
    const findings = await findingsOf('ps-dataverse-password-connection-string', 'connection-strings.ps1');
    // `$template = '…;Password=<password>'`, the only one.
    const warned = findings.filter((f) => f.severity === 'warning');
    assert.deepEqual(warned.map((f) => f.range.start.line + 1), [11]);
    assert.match(warned[0].message, /Its Password is a placeholder \(or too short for an Entra ID account\)/);
    assert.doesNotMatch(warned[0].message, /written in the script/);
  });
});

describe('a password typed at a prompt: the note names the fixes offered', () => {
  it('says how the fixes sign in (Connect-SPOService: a certificate or a managed identity, no token; Connect-MsolService and Exchange: a token too)', async () => {
    const prompted = async (line: string) => {
      const [finding] = await findingsOfLines(['$cred = Get-Credential', line]);
      return /the (?:other )?fix(?:es)?, which ([^;]*), suits? it when it is to run unattended/.exec(finding.message)?.[1];
    };
    assert.equal(await prompted('Connect-SPOService -Url https://contoso-admin.sharepoint.com -Credential $cred'), 'sign in with a certificate (app-only) or a managed identity');
    assert.equal(await prompted('Connect-MsolService -Credential $cred'), 'sign in with a Secure Application Model token, a certificate (app-only) or a managed identity');
    const session = 'New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential $cred -Authentication Basic';
    assert.equal(await prompted(`$s = ${session}\nImport-PSSession $s`), 'sign in with a Secure Application Model token or a certificate (app-only)');
  });
});

describe('PowerShell rules share one token function', () => {
  it("the connect and Exchange session fixes insert the same Get-SamAccessToken, for the configured secret source (in a runbook, the vault's name from an Automation variable)", async () => {
    const path = join(RULE_FIXTURES, 'ps-exchange-basic-auth-session', 'shared-token-function-keyvault.ps1');
    const { findings } = await analyze(path, readFileSync(path, 'utf8'), 'powershell', { secretSource: 'keyvault' });
    const inserted = ['ps-connect-user-credential', 'ps-exchange-basic-auth-session'].map((rule) => {
      const fix = findings.find((f) => f.ruleId === rule)!.fixes.find((f) => f.safeForFixAll)!;
      return fix.edits.filter((e) => e.newText.includes('function Get-SamAccessToken')).map((e) => [e.startOffset, e.newText]);
    });
    assert.equal(inserted[0].length, 1);
    assert.deepEqual(inserted[1], inserted[0]);
    assert.match(String(inserted[0][0][1]), /Get-AzKeyVaultSecret -VaultName \(Get-AutomationVariable -Name 'MFA_READY_KEY_VAULT_NAME'\) -Name mfa-ready-refresh-token/);
  });
});

describe('PowerShell fixes keep the rotated refresh token', () => {
  it('no Connect-PartnerCenter fix hands the refresh token to the module (which drops the rotated one)', async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'partner-center.ps1');
    const titles = findings[0].fixes.map((f) => f.title);
    assert.match(titles[0], /Get-SamAccessToken|AccessToken/);
    for (const fix of findings[0].fixes) {
      const written = fix.edits.map((e) => e.newText).join('\n');
      assert.ok(!/Connect-PartnerCenter[^\n]*-RefreshToken/.test(written), fix.title);
      if (/RefreshToken|REFRESH_TOKEN/.test(written)) assert.match(written, /\$env:MFA_READY_REFRESH_TOKEN = \$(token|response)\.(RefreshToken|refresh_token)/, fix.title);
    }
  });
});

describe('ps-plaintext-password beside a sign-in fix', () => {
  it('is not applied unattended where the password only makes a credential a connect fix removes, and still says rotate it', async () => {
    const [deadEnd, shared] = await findingsOf('ps-plaintext-password', 'only-for-replaced-sign-in.ps1');
    assert.equal(deadEnd.fixes[0].safeForFixAll, false);
    assert.match(deadEnd.message, /remove the password and the credential .*rotate it/);
    assert.equal(shared.fixes[0].safeForFixAll, true);
    assert.doesNotMatch(shared.message, /remove the password and the credential/);
  });

  it('removes a password that only makes credentials nothing reads, unattended, where nothing else names them and nothing else runs in them', async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'unused-after-sign-in-fixes.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const removable = (f: (typeof findings)[number]) => f.fixes[0].title === 'Remove the password and the credential made of it (nothing uses them)' && f.fixes[0].safeForFixAll;
    // Line 3 still makes the credential of the sign-in that is not fixed yet; line 9's is unread from the start.
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, removable(f)]), [[3, false], [9, true], [12, false], [16, false]]);
    assert.match(findings[1].message, /nothing uses.*rotate the password/);
    assert.equal(findings[1].fixes[1].safeForFixAll, false);
    assert.match(findings[2].message, /Fix-all leaves this to you/);
  });
});

describe('credential origins read assignments and ConvertTo-SecureString as the plaintext rule does', () => {
  it('a typed, scope-prefixed credential with a bare-word password is traced to its ConvertTo-SecureString', async () => {
    const [finding] = await findingsOf('ps-connect-user-credential', 'scoped-typed-bare-password.ps1');
    const related = finding.related.map((r) => r.message);
    assert.ok(related.some((m) => /user credential is made here/.test(m)), related.join('\n'));
    assert.ok(related.some((m) => /password is written in the script/.test(m)), related.join('\n'));
  });
});

describe('PowerShell values: bodies built over many statements', () => {
  const TOKEN_URI = "$tokenUri = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token'";
  const grantLines = (script: string) =>
    analyze('built.ps1', script, 'powershell').then(({ findings, notices }) => {
      assert.deepEqual(notices, []);
      return findings.filter((f) => f.ruleId === 'ps-ropc-http').map((f) => f.range.start.line + 1);
    });

  // A value the depth limit cut while reading the long chain was remembered, and the short one lost its finding.
  it('finds a short body sent after a long one that builds on it, each at its grant', async () => {
    const longer = Array.from({ length: 18 }, (_, i) => `$req = $req + '&p${i}=1'`);
    const script = [TOKEN_URI, "$form = 'grant_type=password&'", '$form = $form + "username=$u&password=$p"', '$req = $form', ...longer,
      'Invoke-RestMethod -Uri $tokenUri -Method Post -Body $req', 'Invoke-RestMethod -Uri $tokenUri -Method Post -Body $form'].join('\n');
    assert.deepEqual(await grantLines(script), [2, 2]);
  });

  it('keeps one finding per request when two bodies share the string that states the grant', async () => {
    const script = [TOKEN_URI, '$base = "grant_type=password&username=$u&password=$p"', '$arm = $base + "&scope=https://management.azure.com/.default"',
      'Invoke-RestMethod -Uri $tokenUri -Method Post -Body $arm', '$graph = $base + "&scope=https://graph.microsoft.com/.default"', 'Invoke-RestMethod -Uri $tokenUri -Method Post -Body $graph'].join('\n');
    assert.deepEqual(await grantLines(script), [2, 2]);
  });

  // A 64 kB value used 8,200 times in one string failed the file with 'Invalid string length'.
  it('cuts a shape that keeps growing instead of failing the file', async () => {
    const doubling = Array.from({ length: 16 }, (_, i) => `$a${i + 1} = "$a${i}$a${i}"`);
    const script = [TOKEN_URI, "$a0 = 'x'", ...doubling, `$big = "${'$a16'.repeat(8200)}"`, "Invoke-RestMethod -Uri $big -Method Post -Body 'grant_type=password&username=u&password=p'",
      "Invoke-RestMethod -Uri $tokenUri -Method Post -Body 'grant_type=password&username=u&password=p'"].join('\n');
    assert.deepEqual(await grantLines(script), [21]);
  });
});

describe('ps-plaintext-password on placeholders', () => {
  it('warns, without "rotate", where the literal only stands in for a password; a weak real password stays an error', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'placeholders.ps1');
    const byLine = new Map(findings.map((f) => [f.range.start.line + 1, f]));
    for (const line of [2, 6, 8]) {
      assert.equal(byLine.get(line)?.severity, 'warning', `line ${line}`);
      assert.match(byLine.get(line)!.message, /given a placeholder where the script expects its password/);
      assert.doesNotMatch(byLine.get(line)!.message, /Rotate/);
    }
    for (const line of [11, 12]) {
      assert.equal(byLine.get(line)?.severity, 'error', `line ${line}`);
      assert.match(byLine.get(line)!.message, /Rotate the password/);
    }
  });
});

describe('ps-plaintext-password on bracketed placeholders', () => {
  it('warns where the whole value is letters in brackets that are capitals or ask to be filled in ([ENTERSTRING], <ENTER_VALUE>, [Your value here]); a password with brackets in it stays an error', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'bracketed-placeholders.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /given a placeholder where the script expects its password/.test(f.message)]),
      [
        [3, 'warning', true],
        [5, 'warning', true],
        [6, 'warning', true],
        [9, 'error', false],
        [10, 'error', false],
      ],
    );
  });
});

describe("ps-plaintext-password on a parameter's default", () => {
  it("leaves a password written as a function's or script's parameter default (or in a credential so given) out of fix-all, saying why", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'parameter-defaults.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes[0].safeForFixAll, /the default of a function's or script's parameter/.test(f.message)]),
      [
        [3, false, true],
        [7, false, true],
        [20, false, true],
        [28, false, true],
      ],
    );
  });
});

describe("ps-plaintext-password on other vendors' secrets", () => {
  it("names another vendor whose cmdlets alone take the secret (Okta's client secret, Secret Server's password), with no Entra advice, and leaves the fix to a person; one also given to a cloud sign-in stays an error", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'other-vendors.ps1');
    const vendor = (f: (typeof findings)[number]) => /\b(Okta|Delinea Secret Server)'s cmdlets here/.exec(f.message)?.[1];
    const entraAdvice = (f: (typeof findings)[number]) => /app registration|managed identity|partner tenant/.test(f.message);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, vendor(f), entraAdvice(f), f.fixes[0].safeForFixAll, f.fixes[0].title.includes('client secret')]),
      [
        [2, 'warning', 'Okta', false, false, true],
        [4, 'warning', 'Delinea Secret Server', false, false, false],
        [8, 'error', undefined, true, true, false],
      ],
    );
  });
});

describe('ps-plaintext-password on commands not known to sign in', () => {
  it("names the commands a password goes to where none may sign in to Microsoft's cloud, as a warning with no partner-tenant or Entra wording left out of fix-all; through the script's own function or beside a cloud sign-in, a cloud module's cmdlet, a migration endpoint, SQL Server, a command line or a value kept for later it stays the sign-in error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'given-to-other-commands.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const givenTo = (f: (typeof findings)[number]) => /written in, given to ([^:]+):|written in the script, given to ([^:]+):/.exec(f.message)?.slice(1).find(Boolean);
    const cloudWording = (f: (typeof findings)[number]) => /partner tenant|app registration|managed identity|MFA/.test(f.message);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, givenTo(f), cloudWording(f), f.fixes[0].safeForFixAll]),
      [
        [3, 'warning', 'Invoke-Backup, Register-Appliance', false, false],
        [13, 'warning', 'Export-InventoryReport', false, false],
        [17, 'warning', 'New-ApiSession', false, false],
        [21, 'warning', 'Register-Appliance', false, false],
        [27, 'error', undefined, true, false],
        [28, 'error', undefined, true, true],
        [34, 'error', undefined, true, true],
        [35, 'error', undefined, true, true],
        [36, 'error', undefined, true, true],
        [37, 'error', undefined, true, true],
        [38, 'error', undefined, true, true],
        [39, 'error', undefined, true, true],
      ],
    );
    assert.match(findings[2].message, /given a client secret written in the script/);
    assert.match(findings[3].message, /the placeholder goes only to commands that are not known sign-ins, so it may be sample data/);
  });
});

describe('ps-plaintext-password on secrets of the machine', () => {
  it('judges a DSRM password made also into a credential nothing reads by its other uses: a local secret, left out of fix-all; one whose credential signs in stays a sign-in password', async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'dsrm-beside-unused-credential.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /set as an account's own password/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false],
        [7, 'error', false, true],
      ],
    );
  });

  it("warns where the password only protects a certificate file (an app's certificate sign-in too) or is set as an account's own (a new VM's or SQL server's administrator too, through a credential), and stays an error where it also makes a cloud sign-in's credential", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'local-secrets.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /only protects a certificate file or data it encrypts \(a backup's\), or is set as an account's own password/.test(f.message)]),
      [
        [3, 'warning', true],
        [7, 'warning', true],
        [10, 'error', false],
        [16, 'warning', true],
        [19, 'warning', true],
        [23, 'error', false],
        [28, 'warning', true],
        [31, 'warning', true],
        [33, 'warning', true],
        [34, 'warning', true],
        [35, 'warning', true],
        [38, 'warning', true],
        [40, 'warning', true],
        // Another function's own variable of the same name, which makes a user's credential, is not this one.
        [45, 'warning', true],
        [55, 'warning', true],
      ],
    );
  });

  it("warns where the password only protects data it encrypts (-EncryptionPassword, -BackupEncryptionKey, a variable named for a backup's encryption password) and leaves it out of fix-all; made into a credential, or also given to a cloud sign-in, it stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'encryption-passwords.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /only protects a certificate file or data it encrypts/.test(f.message), /MFA/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [4, 'warning', true, false, false],
        [7, 'warning', true, false, false],
        // Only the credential of a sign-in whose fix signs in without it: fix-all leaves it.
        [12, 'error', false, true, false],
        [14, 'error', false, true, true],
      ],
    );
  });

  it("warns where the password is set as a cloud user's own (Set-AzureADUserPassword, Update-AzADUser, New-AzADUser), also where the SecureString goes unread and the text it is made of is set (Update-MgUser -PasswordProfile, Set-MsolUserPassword -NewPassword), and leaves it out of fix-all; an unread SecureString whose text goes nowhere else or also to a sign-in stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'user-passwords-set.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /is set as an account's own password/.test(f.message), /MFA/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [3, 'warning', true, false, false],
        [5, 'warning', true, false, false],
        [10, 'warning', true, false, false],
        [13, 'warning', true, false, false],
        [18, 'error', false, true, true],
        [20, 'error', false, true, true],
      ],
    );
  });

  it("stays a warning where the script also reads it without passing it on (its length, another member of its table, a test, Write-Host), and an error where the member read is the password and signs in", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'local-secrets-read-elsewhere.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /set as an account's own password/.test(f.message), f.fixes.some((fix) => fix.safeForFixAll)]),
      [
        [5, 'warning', true, false],
        [13, 'warning', true, false],
        [20, 'error', false, true],
        // Only shown and tested: no account's password, so nothing says it is not a sign-in's.
        [26, 'error', false, true],
      ],
    );
  });

  it("knows an account's own password set by a cmdlet the script loads with a prefix (Connect-ExchangeOnline, Import-PSSession, Import-Module -Prefix), and no prefix the script does not load (some other command, not known to sign in)", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'imported-with-prefix.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /set as an account's own password/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [5, 'warning', true, false],
        [9, 'warning', true, false],
        [11, 'warning', true, false],
        [15, 'warning', false, false],
      ],
    );
  });

  it('warns where the certificate is loaded from the file with the password (X509Certificate, X509Certificate2::new, Import)', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'certificate-loaded.ps1');
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'ps-plaintext-password').map((f) => [f.range.start.line + 1, f.severity, /only protects a certificate file/.test(f.message)]),
      [
        [3, 'warning', true],
        [7, 'warning', true],
        [9, 'warning', true],
        [13, 'warning', false],
      ],
    );
  });
});

describe('ps-plaintext-password on domain accounts', () => {
  it("warns, without cloud or MFA text, where a domain account's (DOMAIN\\user) password only goes to DSC, on-premises commands or remoting to computers by name, and leaves the fix to a person; a credential also given to a cloud sign-in, to an endpoint by its URI or handed on with -ArgumentList, an address, or AzureAD\\user, stays an error", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'dsc-domain-accounts.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /not to Microsoft's cloud/.test(f.message), /MFA|partner tenant/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [20, 'warning', true, false, false],
        [27, 'warning', true, false, false],
        [31, 'error', false, true, true],
        [35, 'error', false, true, true],
        [39, 'warning', true, false, false],
        [42, 'error', false, true, true],
        [46, 'error', false, true, true],
        [48, 'error', false, true, true],
      ],
    );
  });
});

describe('ps-plaintext-password on credentials made in a DSC resource property', () => {
  it("reads `Credential = New-Object PSCredential(…)` in a resource's block (which the grammar takes for a command) as a credential of its user name: a domain account's is the DSC warning, left to a person, an address stays an error, a Password property stays a setting the resource applies", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'dsc-credentials-made-in-place.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /domain account's/.test(f.message), /a setting a DSC resource applies/.test(f.message), /cannot perform MFA/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [7, 'warning', true, false, false, false],
        [13, 'warning', true, false, false, false],
        [18, 'warning', false, true, false, false],
        [23, 'error', false, false, true, true],
      ],
    );
  });
});

describe('ps-plaintext-password on credentials of on-premises sign-ins', () => {
  it("warns, without cloud or MFA text, where a credential only goes to commands that sign in to Windows, Active Directory or vCenter (Reset-ComputerMachinePassword too), whatever its user name, and leaves the fix to a person; one that is another argument (a process's) or also given to a cloud sign-in stays an error fix-all applies", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'on-premises-sign-ins.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /only goes to commands that sign in to Windows, Active Directory, another on-premises system or a server outside Microsoft's clouds/.test(f.message), /MFA|partner tenant/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [5, 'warning', true, false, false],
        [9, 'warning', true, false, false],
        [12, 'warning', true, false, false],
        [15, 'warning', true, false, false],
        [18, 'warning', true, false, false],
        [22, 'warning', true, false, false],
        [25, 'warning', true, false, false],
        [29, 'error', false, true, true],
        [33, 'error', false, true, true],
      ],
    );
  });
});

describe('ps-plaintext-password on credentials of ActiveDirectory cmdlets', () => {
  it("warns, without cloud or MFA text, where a credential only goes to the ActiveDirectory module's cmdlets (Get-ADDomain, Get-ADUser, Search-ADAccount, Add-ADGroupMember, New-ADUser's -Credential) and on-premises servers, and leaves the fix to a person; Entra Connect's ADSync cmdlets, AADInternals' or a cloud sign-in beside it stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'active-directory-cmdlets.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const onPremises = /only goes to commands that sign in to Windows, Active Directory, another on-premises system or a server outside Microsoft's clouds here \(a domain join, the ActiveDirectory module's cmdlets,/;
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, onPremises.test(f.message), /MFA/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [8, 'warning', true, false, false],
        [12, 'warning', true, false, false],
        [16, 'error', false, true, true],
        [19, 'error', false, true, true],
        [22, 'error', false, true, true],
      ],
    );
  });
});

describe('ps-plaintext-password on credentials given to on-premises servers by URL', () => {
  it("warns, without cloud or MFA text, where a credential only goes to a server the script names by a URL whose host is no Microsoft cloud's (on-premises Exchange's or Skype for Business Server's remoting endpoint, a web request or web service, Dynamics CRM on-premises; also handed back by Get-Credential -Credential, or both splatted), and leaves the fix to a person; a cloud host of any cloud, a host the script does not show, Exchange Online's powershell-liveid path or a cloud sign-in beside it stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'on-premises-servers.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const onPremises = /only goes to commands that sign in to Windows, Active Directory, another on-premises system or a server outside Microsoft's clouds/;
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, onPremises.test(f.message), /MFA/.test(f.message)]),
      [
        [2, 'warning', true, false],
        [5, 'warning', true, false],
        [9, 'warning', true, false],
        [12, 'warning', true, false],
        [15, 'warning', true, false],
        [20, 'warning', true, false],
        [24, 'warning', true, false],
        [29, 'error', false, true],
        [32, 'error', false, true],
        [35, 'error', false, true],
        [38, 'error', false, true],
        [42, 'error', false, true],
        [45, 'error', false, true],
        [48, 'error', false, true],
        [51, 'error', false, true],
        [54, 'error', false, true],
        // Set to the on-premises server's URL only in a branch: Exchange Online's on the other path.
        [59, 'error', false, true],
        // Splatted: a third party's API and a process's account; a Microsoft host, one a branch may set, a process's arguments.
        [66, 'warning', true, false],
        [73, 'warning', true, false],
        [78, 'error', false, true],
        [82, 'error', false, true],
        [87, 'error', false, true],
      ],
    );
    assert.deepEqual(findings.slice(0, 7).map((f) => f.fixes[0].safeForFixAll), [false, false, false, false, false, false, false]);
    assert.deepEqual(findings.slice(17, 20).map((f) => f.fixes[0].safeForFixAll), [false, false, true]);
    assert.match(findings[0].message, /an on-premises server's URL, a web request or web service whose host is none of Microsoft's,/);
  });
});

describe("ps-plaintext-password on a restored mailbox's password", () => {
  it("warns that Undo-SoftDeletedMailbox -Password is an account's own password, which no sign-in here uses, and leaves it out of fix-all", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'restored-mailbox-password.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /is set as an account's own password/.test(f.message), /MFA/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [4, 'warning', true, false, false],
      ],
    );
  });
});

describe('ps-plaintext-password on SQL Server logins', () => {
  it("warns, without cloud or MFA text, where the password only goes to SQL Server commands as a SQL login's (Invoke-Sqlcmd -Credential or -Username/-Password, the SqlServer module, dbatools' -SqlCredential), and leaves the fix to a person; an address, a connection naming Active Directory authentication or a cloud sign-in beside it stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'sql-logins.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /a SQL Server login's password/.test(f.message), /MFA|partner tenant/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [2, 'warning', true, false, false],
        [6, 'warning', true, false, false],
        [9, 'warning', true, false, false],
        [12, 'warning', true, false, false],
        [16, 'warning', true, false, false],
        [21, 'error', false, true, true],
        [24, 'error', false, true, true],
        [29, 'error', false, true, true],
        [32, 'error', false, true, true],
      ],
    );
    assert.match(findings[1].fixes[0].title, /MFA_READY_SQL_PASSWORD\b/);
  });
});

describe('ps-plaintext-password on Azure Files storage account keys', () => {
  it("warns that a credential of the storage account (Azure\\acct, localhost\\acct) given only to a share under any cloud's Azure Files endpoint holds its key, without cloud-sign-in or MFA text, keeps fix-all and names the secret after what it is; a domain user's password stays a user's password, and one given to another server's share is a password given to New-PSDrive, not known to sign in to Microsoft's cloud", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'storage-account-keys.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /storage account key/.test(f.message), /MFA|partner tenant/.test(f.message), f.fixes[0].safeForFixAll, /\$env:MFA_READY_(\w+)/.exec(f.fixes[0].title)?.[1]]),
      [
        [3, 'warning', true, false, true, 'STORAGE_ACCOUNT_KEY'],
        [6, 'warning', true, false, true, 'STORAGE_ACCOUNT_KEY_2'],
        [12, 'warning', true, false, true, 'STORAGE_KEY'],
        [16, 'error', false, true, true, 'PASSWORD'],
        [19, 'warning', false, false, false, 'PASSWORD_2'],
      ],
    );
    assert.match(findings[0].fixes[0].title, /^Read the storage account key from/);
  });
});

describe('ps-plaintext-password on BitLocker protectors', () => {
  it("warns that a password or PIN given only to BitLocker's cmdlets (Enable-BitLocker, Add-BitLockerKeyProtector, Unlock-BitLocker) unlocks the device's drive, with no cloud or MFA text, and leaves it out of fix-all as a secret no sign-in uses; one also given to a cloud sign-in stays an error", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'bitlocker-protectors.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /BitLocker protector's/.test(f.message), /MFA|partner tenant/.test(f.message), f.fixes[0].safeForFixAll, /\$env:MFA_READY_(\w+)/.exec(f.fixes[0].title)?.[1]]),
      [
        [2, 'warning', true, false, false, 'BITLOCKER_PASSWORD'],
        [5, 'warning', true, false, false, 'BITLOCKER_PASSWORD_2'],
        [7, 'warning', true, false, false, 'PIN'],
        [10, 'warning', true, false, false, 'BITLOCKER_PASSWORD_3'],
        [13, 'error', false, true, true, 'SHARED'],
      ],
    );
  });
});

describe('ps-plaintext-password on passwords written in script blocks', () => {
  it("judges a password by the command it is given to, not by the one that runs the block, and leaves a rewrite in a block run on another computer or by DSC's Local Configuration Manager to a person", async () => {
    const dsc = (await findingsOf('ps-plaintext-password', 'script-blocks.ps1')).find((f) => f.range.start.line + 1 === 37);
    assert.match(dsc?.message ?? '', /Local Configuration Manager in a session of its own.*read the secret before the block/);
    const findings = (await findingsOf('ps-plaintext-password', 'script-blocks.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity, /own password/.test(f.message), /runs this block on another computer/.test(f.message), f.fixes[0].safeForFixAll]),
      [
        [3, 'warning', true, false, false],
        [8, 'warning', true, false, false],
        [13, 'warning', true, false, false],
        [14, 'warning', true, false, false],
        [19, 'error', false, true, false],
        [25, 'error', false, false, false],
        [37, 'warning', false, false, false],
        [47, 'warning', false, true, false],
        [52, 'warning', false, false, false],
      ],
    );
  });
});

describe('ps-plaintext-password on a password written twice', () => {
  it('offers the fix but leaves it out of fix-all, and names the line of the other copy (quoted, or a bare word a command is given); the word alone elsewhere is no copy', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'written-again.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes[0].safeForFixAll, /written again at line (\d+)/.exec(f.message)?.[1]]),
      [
        [5, false, '3'],
        [9, false, '10'],
        [10, false, '9'],
        [15, true, undefined],
        [20, true, undefined],
        [25, false, '24'],
      ],
    );
  });

  it("fix says so at the copy's line in the file as it was, though the fixes before it moved the lines", async () => {
    const script = ["$secure = ConvertTo-SecureString 'Tr0ub4dor&3' -AsPlainText -Force", "$cred = New-Object System.Management.Automation.PSCredential('admin@contoso.com', $secure)", 'Connect-ExchangeOnline -Credential $cred', `$log = "Signed in with password 'Tr0ub4dor&3'"`, ''].join('\n');
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied.map((a) => a.ruleId), ['ps-connect-user-credential']);
    const left = outcome.withheld.find((w) => w.ruleId === 'ps-plaintext-password');
    assert.equal(left?.line, 1);
    assert.match(left!.reason, /^no fix is safe to apply unattended: this password only makes the credential .*; and the same password is written again at line 4,/);
  });
});

describe('ps-plaintext-password on app secrets', () => {
  it("calls a literal given to a ClientSecret key, parameter or variable, or to a service principal's sign-in, an app's client secret, not a user's password", async () => {
    const findings = await findingsOf('ps-plaintext-password', 'client-secrets.ps1');
    const kinds = findings.map((f) => [f.range.start.line + 1, f.severity, /given (an app's client secret|a placeholder where the script expects an app's client secret|a password)/.exec(f.message)?.[1]]);
    assert.deepEqual(kinds, [
      [4, 'error', "an app's client secret"],
      [6, 'error', "an app's client secret"],
      [8, 'error', "an app's client secret"],
      [9, 'warning', "a placeholder where the script expects an app's client secret"],
      [12, 'error', 'a password'],
      [13, 'error', 'a password'],
      [15, 'error', 'a password'],
      [16, 'warning', 'a password'], // a new account's own password
      [18, 'error', "an app's client secret"],
    ]);
    // Line 13's credential is read by nothing: its first fix removes it, the last reads the password.
    const secretsRead = findings.map((f) => /\$env:MFA_READY_(\w+)/.exec(f.fixes.at(-1)!.title)?.[1]);
    assert.deepEqual(secretsRead, ['CLIENT_SECRET', 'CLIENT_SECRET_2', 'APP_SECRET_2', 'CLIENT_SECRET_VALUE', 'PW', 'CLIENT_SECRET_PASSWORD', 'PASSWORD', 'ACCOUNT_PASSWORD', 'SP_SECURE']);
    assert.match(findings[0].fixes[0].title, /^Read the client secret from/);
    assert.match(findings[4].fixes[0].title, /^Read the password from/);
    for (const finding of findings.slice(0, 4)) assert.doesNotMatch(finding.message, /username\+password|MFA/);
  });

  it("calls the password of a PSCredential whose user name is an app's id (a GUID, $AppId, $clientId, the value given as -ApplicationId) an app's client secret, and reads it as one", async () => {
    const findings = (await findingsOf('ps-plaintext-password', 'app-id-credentials.ps1')).filter((f) => f.ruleId === 'ps-plaintext-password');
    const kinds = findings.map((f) => [
      f.range.start.line + 1,
      f.severity,
      /given (an app's client secret|a placeholder where the script expects an app's client secret|a password)/.exec(f.message)?.[1],
      /\$env:MFA_READY_(\w+)/.exec(f.fixes.at(-1)!.title)?.[1],
    ]);
    assert.deepEqual(kinds, [
      [4, 'error', "an app's client secret", 'CLIENT_SECRET'],
      [9, 'warning', "a placeholder where the script expects an app's client secret", 'CLIENT_SECRET_2'],
      [12, 'error', "an app's client secret", 'GRAPH_SECRET'],
      [15, 'error', "an app's client secret", 'CLIENT_SECRET_3'],
      [20, 'error', "an app's client secret", 'CLIENT_SECRET_4'],
      [24, 'error', 'a password', 'PASSWORD'],
      [28, 'error', 'a password', 'PASSWORD_2'],
      [32, 'error', 'a password', 'PASSWORD_3'],
    ]);
    for (const finding of findings.slice(0, 5)) assert.doesNotMatch(finding.message, /username\+password|MFA/);
  });
});

describe('ps-plaintext-password on secrets no sign-in uses', () => {
  it('calls a new app secret a client secret, a token a token (a shortened one a placeholder), warns, and leaves what feeds no sign-in out of fix-all', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'not-user-passwords.ps1');
    const kinds = findings.map((f) => [
      f.range.start.line + 1,
      f.severity,
      /given (a new client secret|a placeholder \(a shortened or made-up token\)|a token|a password)/.exec(f.message)?.[1],
      /^Read the (client secret|token|password) from/.exec(f.fixes[0].title)?.[1],
      f.fixes[0].safeForFixAll,
    ]);
    assert.deepEqual(kinds, [
      [2, 'warning', 'a new client secret', 'client secret', false],
      [6, 'warning', 'a new client secret', 'client secret', false],
      [10, 'warning', 'a password', 'password', false], // saved with ConvertFrom-SecureString
      [15, 'warning', 'a placeholder (a shortened or made-up token)', 'token', true],
      [19, 'warning', 'a token', 'token', true],
      [23, 'error', 'a password', 'password', true],
    ]);
    for (const finding of findings.slice(0, 5)) assert.doesNotMatch(finding.message, /username\+password/);
  });

  it("a password made into a user's credential, or decoded back to text for a sign-in, is a user's password, whatever its variable is called", async () => {
    const token = await findingsOfLines(["$svcToken = ConvertTo-SecureString 'Winter2024!' -AsPlainText -Force", "$cred = New-Object System.Management.Automation.PSCredential('svc@contoso.com', $svcToken)", 'Connect-MsolService -Credential $cred']);
    const decoded = await findingsOfLines([
      "$secure = ConvertTo-SecureString 'Winter2024!' -AsPlainText -Force",
      '$plain = ConvertFrom-SecureString -SecureString $secure -AsPlainText',
      "Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/common/oauth2/v2.0/token' -Body @{ grant_type = 'password'; client_id = $env:APP_ID; username = 'svc@contoso.com'; password = $plain; scope = 'https://graph.microsoft.com/.default' }",
    ]);
    const inPlace = await findingsOfLines(["$cred = New-Object System.Management.Automation.PSCredential(", "  'svc@contoso.com',", "  (ConvertTo-SecureString $env:X -AsPlainText -Force))", "$apiToken = ConvertTo-SecureString 'Winter2024!' -AsPlainText -Force", '$cred2 = New-Object PSCredential @credArgs', "$cred3 = [pscredential]::new('svc@contoso.com',", '  $apiToken)', 'Connect-MsolService -Credential $cred3']);
    for (const finding of [token, decoded, inPlace].map((findings) => findings.find((f) => f.ruleId === 'ps-plaintext-password')!)) {
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /given a password written in the script/);
      assert.doesNotMatch(finding.message, /not a sign-in's password|given a token/);
    }
    // A comment naming PSCredential makes none, the NetworkCredential idiom decodes a token, and an -AsPlainText inside ConvertFrom-SecureString is another command's.
    const comment = await findingsOfLines(["$apiToken = ConvertTo-SecureString 'k7Qm2Lr9Tv4Kp8Wz3Nc6Hb1Jd5Fs0YgXa2Ue' -AsPlainText -Force", '# $apiToken: a bearer token, not a PSCredential', "$plain = [System.Net.NetworkCredential]::new('', $apiToken).Password", "Invoke-RestMethod -Uri 'https://api.contoso.com/v1/items' -Headers @{ Authorization = \"Bearer $plain\" }"]);
    assert.match(comment[0].message, /given a token/);
    const saved = await findingsOfLines(["$encrypted = ConvertFrom-SecureString -SecureString (ConvertTo-SecureString 'Winter2024!' -AsPlainText -Force)", '$encrypted | Set-Content secret.txt']);
    assert.equal(saved[0].severity, 'warning');
    assert.equal(saved[0].fixes[0].safeForFixAll, false);
  });

  it('a literal in a token format (GitHub, GitLab, npm, Azure DevOps) is a token, also made into a credential as such services take it; a password of the same length is not', async () => {
    const tokens = [
      `'ghp_${'k7Qm2Lr9Tv4Kp8Wz3Nc6Hb1Jd5Fs0YgXa2Ue'.slice(0, 36)}'`,
      `'github_pat_${'11ABCDEFG0aBcDeFgHiJkL_'.padEnd(82, 'x')}'`,
      `'${'abcdefghijklmnopqrstuvwxyz234567'.padEnd(52, 'q')}'`,
    ];
    for (const token of tokens) {
      const [finding] = await findingsOfLines([
        `$pat = ConvertTo-SecureString ${token} -AsPlainText -Force`,
        "$cred = New-Object System.Management.Automation.PSCredential('username is ignored', $pat)",
        'Set-GitHubAuthentication -Credential $cred',
      ]);
      assert.match(finding.message, /given a token written in the script/, token);
      assert.equal(finding.severity, 'warning');
    }
    const [password] = await findingsOfLines([
      `$pat = ConvertTo-SecureString '${'Winter2024!'.padEnd(52, 'x')}' -AsPlainText -Force`,
      "$cred = New-Object System.Management.Automation.PSCredential('svc@contoso.com', $pat)",
      'Connect-MsolService -Credential $cred',
    ]);
    assert.match(password.message, /given a password written in the script/);
  });

  it("fix-all leaves a mailbox's first password to a person: it is no sign-in's password, and the mailbox would not be made while the secret is not set up", async () => {
    const script = [
      'Connect-ExchangeOnline -UserPrincipalName admin@contoso.onmicrosoft.com',
      "New-Mailbox -Name 'Some Body' -MicrosoftOnlineServicesID somebody@contoso.onmicrosoft.com -Password (ConvertTo-SecureString -String 'MyPw1234' -AsPlainText -Force)",
      '',
    ].join('\n');
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.equal(outcome.text, script);
    const left = outcome.withheld.find((w) => w.ruleId === 'ps-plaintext-password');
    assert.equal(left?.line, 2);
    assert.match(left!.reason, /^no fix is safe to apply unattended: it is not a sign-in's password, and the command given it would fail while the secret the fix reads is not set up/);
  });
});

describe('PowerShell scopes while a function is being typed', () => {
  it('a function without its closing brace does not take in the rest of the script: its parameter hides nothing below', async () => {
    const findings = await findingsOfLines([
      '$tokenUri = "https://login.microsoftonline.com/$TenantId/oauth2/v2.0/token"',
      '$b = "grant_type=password&client_id=$AppId&username=$User&password=$Password"',
      'function Get-Refreshed ([string] $b) {',
      '    $b = $b + "&client_id=$AppId"',
      'Invoke-RestMethod -Method Post -Uri $tokenUri -Body $b',
    ]);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'ps-ropc-http').map((f) => f.range.start.line + 1), [2]);
  });
});

describe('placeholder passwords', () => {
  it('are only values that ask, as a whole, to be filled in, in any language: weak or wordy real passwords stay passwords', () => {
    const placeholders = ['xxxx', '****', 'YOUR_PASSWORD', 'YourPasswordHere', 'EnterPassword', '<password>', '{password}', '%SVC_PASSWORD%', '${PASSWORD}', '<PFX private key password>', '[your server admin password]', 'Password Goes Here', 'changeme', '#{ServicePrincipal.ClientSec}', '#{SqlAdminPassword}#', '__ClientSecret__', '#{O365Password}', '__O365_PASSWORD__', '#{Smtp2.Password}', 'dummypassword', 'FakePassword', 'SamplePwd', 'crm-user-password', 'service-account-password', 'USER_LOGIN_PASSWORD', 'blah', 'Whatever your password', 'yourpassword goes here', 'ADD_USER_PASSWORD_HERE', 'ADD_APPLICATION_SECRET', 'insertpass', '//////////////', '<mot de passe>', '<Passwort_hier>', '\u2039contraseña>', '<実行ユーザーのパスワード>', '«пароль»', 'p', 'pw', ' P1 ', '[ENTERSTRING]', '<ENTER_VALUE>', '[YOUR VALUE HERE]', '[Enter value here]', '{{REPLACE_ME}}', '<InsertValue>'];
    const passwords = ['P@ssw0rd', 'password', 'Secret', 'KEY', '111111', 'TypeScript2024!', 'InsertCoin42', 'YourMom123', 'Changeme_2024', '[Summer2024]', '<Spring!>', '%Pa55w0rd%', 'ComeHere', 'Hunter2!', '#Summer2024', '__init__x', '_Secret_', '#{Summer2024}', '__Welcome2024__', 'Fake2026Password', 'dummypassword1', 'Crm-User-Password', 'crm-user-password1', 'password-secret!', 'admin_password', 'db_password', 'DB_PASSWORD', 'User_Login_Password', 'super_secret', 'top-secret', 'blah2024', 'Blahblah!', 'Blah!!!!', 'blah.', 'whatever2024', 'your-mom-2024!', 'Passwort2024!', 'motdepasse', 'Contraseña1', 'AddPassword2024', '[Qx8!pa]55', '[Qx8!pa]', '[Qx8pa]', '[Summer]', '<Spring>', '[AB]', '[ENTER]1'];
    assert.deepEqual(placeholders.filter((value) => !isPlaceholderSecret(value)), []);
    assert.deepEqual(passwords.filter(isPlaceholderSecret), []);
  });
});

describe('PowerShell bare words with a quoted part', () => {
  it('where blanking them leaves an error, the script is read as the grammar first read it: nothing found there is lost', async () => {
    const findings = await findingsOfLines([
      "cmd /c set X='1;2'",
      'x.exe Q="a;b"',
      '$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential $c -Authentication Basic',
    ]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['ps-exchange-basic-auth-session', 3]]);
  });
});

describe('ps-ropc-http through the script\'s own functions', () => {
  const grant = (variable: string) => `${variable} = "grant_type=password&username=$u&password=$p"`;

  it('reads a wrapper\'s parameters at each of its calls, bound as PowerShell binds them', async () => {
    const lines = [
      "$tokenUri = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token'",
      "$graphUri = 'https://graph.microsoft.com/v1.0/me'",
      'function Get-Token {',
      '  param([switch] $Quiet, $Uri, $Body)',
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      grant('$positional'),
      'Get-Token -Quiet $tokenUri $positional',
      grant('$bare'),
      'Get-Token $tokenUri $bare',
      grant('$prefixed'),
      'Get-Token -B $prefixed -U $tokenUri',
      grant('$splatted'),
      '$call = @{ Uri = $tokenUri; Body = $splatted }',
      'Get-Token @call',
      grant('$toGraph'),
      'Get-Token $graphUri $toGraph',
      'function Send-Named {',
      '  [CmdletBinding(PositionalBinding = $false)]',
      '  param($Uri, $Body)',
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      grant('$unbound'),
      'Send-Named $tokenUri $unbound',
      'function Send-Placed {',
      '  param([Parameter(Position = 1)] $Body, [Parameter(Position = 0)] $Uri)',
      '  Invoke-WebRequest -Uri $Uri -Method Post -Body $Body',
      '}',
      grant('$placed'),
      'Send-Placed $tokenUri $placed',
    ];
    const findings = await findingsOfLines(lines);
    const found = findings.filter((f) => f.ruleId === 'ps-ropc-http').map((f) => lines[f.range.start.line].split(' ')[0]);
    assert.deepEqual(found, ['$positional', '$bare', '$prefixed', '$splatted', '$placed']);
  });

  it('binds simple functions without common parameters, aliases, typed switches and parameter sets as PowerShell does', async () => {
    const lines = [
      "$tokenUri = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token'",
      'function Send-Simple($Endpoint, $Data) {',
      '  Invoke-RestMethod -Uri $Endpoint -Method Post -Body $Data',
      '}',
      grant('$abbreviated'),
      'Send-Simple -E $tokenUri -D $abbreviated',
      'function Send-Advanced {',
      "  param([Alias('Url')] $Uri, $Body, [System.Management.Automation.SwitchParameter] $Quiet)",
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      grant('$aliased'),
      'Send-Advanced -Url $tokenUri -Body $aliased',
      grant('$typedSwitch'),
      'Send-Advanced $tokenUri $typedSwitch',
      'function Send-Set {',
      "  param([Parameter(ParameterSetName = 'Form')] $Uri, $Body)",
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      grant('$noPositions'),
      'Send-Set $tokenUri $noPositions',
    ];
    const findings = await findingsOfLines(lines);
    const found = findings.filter((f) => f.ruleId === 'ps-ropc-http').map((f) => lines[f.range.start.line].split(' ')[0]);
    assert.deepEqual(found, ['$abbreviated', '$aliased', '$typedSwitch']);
  });

  it('follows wrappers that pass their own parameters on, and never fails on a parameter named like an object property', async () => {
    const findings = await findingsOfLines([
      'function Invoke-Token([switch] $Constructor, $Uri, $Body) {',
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      'function Get-UserToken([switch] $__proto__, $Uri, $Body) {',
      '  if (-not $Body) { return Get-UserToken -Uri $Uri -Body $Body }',
      '  Invoke-Token -Uri $Uri -Body $Body',
      '}',
      grant('$form'),
      "Get-UserToken 'https://login.microsoftonline.com/common/oauth2/token' $form",
    ]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line + 1]), [['ps-ropc-http', 8]]);
  });

  it('offers no fix for a body written in a wrapper that the script also calls to post elsewhere', async () => {
    const findings = await findingsOfLines([
      'function Send-Request($Uri) {',
      "  $body = @{ grant_type = 'password'; client_id = $env:APP_ID; username = $env:U; password = $env:P }",
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $body',
      '}',
      "Send-Request 'https://login.microsoftonline.com/common/oauth2/token'",
      "Send-Request 'https://idp.example.com/oauth/token'",
    ]);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
    assert.match(findings[0].message, /No fix is offered here: the same body is also posted to a URI that is not a token endpoint, or one the file does not show \(it is written in Send-Request\)/);
  });

  it('offers no fix for a body that another request posts elsewhere: through a wrapper further out, or directly', async () => {
    const findings = await findingsOfLines([
      'function Post-Form($Uri, $Body) {',
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
      'function Get-Login($Uri) {',
      "  $form = @{ grant_type = 'password'; username = $env:U; password = $env:P }",
      '  Post-Form $Uri $form',
      '}',
      "Get-Login 'https://login.microsoftonline.com/common/oauth2/token'",
      "Get-Login 'https://contoso.example/token'",
      "$direct = @{ grant_type = 'password'; username = $env:U; password = $env:Q }",
      "Invoke-RestMethod -Uri 'https://login.microsoftonline.com/common/oauth2/token' -Method Post -Body $direct",
      "Invoke-RestMethod -Uri 'https://adfs.contoso.com/adfs/oauth2/token' -Method Post -Body $direct",
    ]);
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[5, 0], [10, 0]]);
  });

  it('offers no fix for a body written in a wrapper that code the file does not show may call: in a module, or called by other means', async () => {
    const module = [
      'function Send-Request($Uri) {',
      "  $body = @{ grant_type = 'password'; client_id = $env:APP_ID; username = $env:U; password = $env:P }",
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $body',
      '}',
      "Send-Request 'https://login.microsoftonline.com/common/oauth2/token'",
    ].join('\n');
    const [inModule, inScript] = await Promise.all(['tokens.psm1', 'tokens.ps1'].map((path) => analyze(path, module, 'powershell')));
    assert.deepEqual([inModule, inScript].map((result) => result.findings.map((f) => f.fixes.length)), [[0], [1]]);
    // Called by other means than its name too: `& $name`, `${function:…}`.
    for (const other of ["$f = 'Send-Request'; & $f -Uri $adfs", 'Invoke-Command -ScriptBlock ${function:Send-Request} -ArgumentList $adfs']) {
      const { findings } = await analyze('tokens.ps1', `${module}\n${other}\n`, 'powershell');
      assert.deepEqual(findings.map((f) => f.fixes.length), [0], other);
    }
  });

  it('shows the call that posts the body and the request inside the wrapper', async () => {
    const [outer, throughTwo] = await findingsOf('ps-ropc-http', 'wrapper-functions.ps1');
    const related = (finding: typeof outer) => finding.related.map((r) => `${r.range.start.line + 1}: ${r.message}`);
    assert.deepEqual(related(outer).slice(0, 2), ['32: posted to the token endpoint here', '19: Invoke-RestMethod sends it here']);
    assert.deepEqual(related(throughTwo).slice(0, 2), ['51: posted to the token endpoint here', '19: Invoke-RestMethod sends it here']);
  });

  it('reads a function the script does not call as written, its parameters\' defaults included', async () => {
    const findings = await findingsOfLines([
      'function Get-Token($Uri = "https://login.microsoftonline.com/common/oauth2/token", $Body = "grant_type=password&username=$u&password=$p") {',
      '  Invoke-RestMethod -Uri $Uri -Method Post -Body $Body',
      '}',
    ]);
    assert.deepEqual(findings.map((f) => f.ruleId), ['ps-ropc-http']);
  });
});

describe('ps-mail-basic-auth messages, related locations and the fix', () => {
  it("a wrapper the script also calls with Gmail, through another function, is a finding kept from fix-all that names the other server", async () => {
    const [sendMail, smtpClient] = await findingsOf('ps-mail-basic-auth', 'wrapper-other-server.ps1');
    assert.deepEqual(sendMail.fixes.map((fix) => fix.safeForFixAll), [false]);
    assert.match(sendMail.message, /^Send-MailMessage signs in to smtp\.office365\.com .* The fix is not applied unattended: the call may also be given smtp\.gmail\.com/);
    assert.deepEqual(smtpClient.fixes, []);
    assert.match(smtpClient.message, /^System\.Net\.Mail\.SmtpClient signs in to smtp\.office365\.com .* The function around it is also called with smtp\.gmail\.com, not a Microsoft host: keep that server's sign-in/);
  });

  it('names the host and the SMTP AUTH deprecation, and says why a fix is withheld', async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'withheld-fixes.ps1');
    const reasons = findings.map((f) => (/No quick fix: (.*)$/.exec(f.message) ?? [])[1]);
    // Outlook.com's personal accounts have none of Exchange Online's dates, nor the Secure Application Model.
    assert.match(findings[0].message, /^Send-MailMessage signs in to smtp-mail\.outlook\.com .*smtp-mail\.outlook\.com serves Outlook\.com's personal accounts, not Exchange Online, so a work or school tenant's token does not sign in there: send with the account's own OAuth2 token/);
    assert.doesNotMatch(findings[0].message, /December 2026|Secure Application Model token\./);
    assert.match(findings[1].message, /^Send-MailMessage signs in to smtp\.office365\.us .*end of December 2026/);
    assert.match(reasons[0], /Outlook\.com personal accounts/);
    assert.match(reasons[1], /smtp\.office365\.us belongs to another Microsoft cloud/);
    assert.match(reasons[2], /from the pipeline/);
    assert.match(reasons[3], /Start-Job runs this block/);
    assert.match(reasons[4], /the sender jane\.doe@outlook\.com is an Outlook\.com personal account/);
    assert.match(reasons[5], /smtp\.partner\.outlook\.cn belongs to another Microsoft cloud/);
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });

  it('points at where the credential is made and where it is splatted from', async () => {
    const [finding] = await findingsOf('ps-mail-basic-auth', 'splatted-report.ps1');
    assert.deepEqual(
      finding.related.map((r) => [r.message, r.range.start.line + 1]),
      [
        ['the credential is splatted from here', 15],
        ['the credential is made here (Get-Credential)', 3],
      ],
    );
  });

  it('offers the unattended fix for a credential prompted for on some runs only, out of fix-all, and says why; one typed in on every run (a prompt written in place) is sent signed in interactively by its first fix, fix-all\'s', async () => {
    const [someRuns] = await findingsOf('ps-mail-basic-auth', 'splatted-report.ps1');
    assert.deepEqual(someRuns.fixes.map((fix) => fix.safeForFixAll), [false]);
    assert.match(someRuns.message, /Fix-all leaves this to you: the password is typed in at a prompt \(Get-Credential, Read-Host\), so someone runs this script/);
    const [inPlace] = (await analyze('mail.ps1', "Send-MailMessage -From 'a@contoso.com' -To 'b@contoso.com' -Subject 'x' -SmtpServer smtp.office365.com -Credential (Get-Credential)\n", 'powershell')).findings;
    assert.deepEqual(
      inPlace.fixes.map((fix) => [fix.title, fix.safeForFixAll, fix.interactive]),
      [
        ['Send through Microsoft Graph signed in interactively (Connect-MgGraph -Scopes Mail.Send, then Send-MgUserMail)', true, true],
        ['Send through Microsoft Graph with a Secure Application Model token (Send-GraphMail)', false, undefined],
      ],
    );
    assert.match(inPlace.message, /the first fix signs that person in interactively, which asks for MFA itself; the other fix, which signs in with a Secure Application Model token \(Send-GraphMail\), suits it when it is to run unattended\.$/);
  });

  it('a prompted sign-in is signed in interactively by its first fix where the cmdlet has a form the fix can write; PnP\'s names its -Interactive -ClientId form', async () => {
    const [teams, pnp] = await findingsOfLines([
      'Connect-MicrosoftTeams -Credential (Get-Credential)',
      'Connect-PnPOnline -Url https://contoso.sharepoint.com/sites/hr -Credentials (Get-Credential)',
    ]);
    assert.match(teams.message, /the first fix signs that person in interactively, which asks for MFA itself; the other fix, which signs in with a Secure Application Model token, suits it when it is to run unattended/);
    assert.deepEqual(teams.fixes.map((fix) => [fix.title, fix.safeForFixAll]), [['Sign in interactively with MFA (Connect-MicrosoftTeams)', true], ['Sign in with a Secure Application Model token (Connect-MicrosoftTeams -AccessTokens)', false]]);
    assert.ok(pnp.fixes.every((fix) => !fix.safeForFixAll && !fix.interactive));
    assert.match(pnp.message, /signed in interactively with -Interactive -ClientId <your app registration's id> \(PnP PowerShell signs in only through an app of your own\), the cmdlet asks for MFA itself/);
  });

  /** The ps-plaintext-password finding of a mail fixture or script. */
  const passwordFinding = async (text: string, path = 'script.ps1') =>
    (await analyze(path, text, 'powershell')).findings.find((f) => f.ruleId === 'ps-plaintext-password')!;

  for (const fixture of ['plaintext-password.ps1', 'splatted-plaintext.ps1', 'password-piped-in-subexpression.ps1']) {
    it(`a password that only made the credential of fixed mail calls gets no unattended fix of its own (${fixture})`, async () => {
      const path = join(RULE_FIXTURES, 'ps-mail-basic-auth', fixture);
      const password = await passwordFinding(readFileSync(path, 'utf8'), path);
      assert.match(password.message, /whose fixes sign in without it/);
      assert.equal(password.fixes[0].safeForFixAll, false);
    });
  }

  it('an SmtpClient given credentials names its host, points at its creation and at a password written in its NetworkCredential, and says why there is no fix', async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'smtp-client.ps1');
    const written = 'its password is written in the script here (ps-plaintext-password reports it): read it from a vault or the environment, and change the password';
    assert.deepEqual(
      findings.map((f) => [/signs in to (\S+)/.exec(f.message)![1], f.related.map((r) => [r.message, r.range.start.line + 1])]),
      [
        ['smtp.office365.com', [['the SmtpClient is created here', 5]]],
        ['smtp.office365.com', [['the SmtpClient is created here', 11]]],
        ['outlook.office365.com', [['the SmtpClient is created here', 17]]],
        ['smtp.office365.com', [['the SmtpClient is created here', 31]]],
        ['smtp.office365.com', [['the SmtpClient is created here', 37], [written, 38]]],
        ['smtp.office365.com', [['the SmtpClient is created here', 41], [written, 39]]],
      ],
    );
    for (const finding of findings) {
      assert.match(finding.message, /^System\.Net\.Mail\.SmtpClient signs in .*No quick fix: the message is built as a System\.Net\.Mail\.MailMessage/);
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('a server one branch sets elsewhere keeps the fix out of fix-all, and says which', async () => {
    const [finding] = await findingsOf('ps-mail-basic-auth', 'conditional-server.ps1');
    assert.match(finding.message, /The fixes are not applied unattended: the call may also be given relay\.contoso\.local, which they would send through Graph too/);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false, false]);
  });

  it('a wrapper function is read at its calls: the server they give counts, not the default they override, and the credential they type at Get-Credential', async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'wrapper-functions.ps1');
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [4]);
    assert.equal(findings[0].fixes[0].safeForFixAll, false);
    assert.match(findings[0].message, /Fix-all leaves this to you: the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
  });

  it('a block held in a variable or handed to a method, icm and % -Parallel get no fix; & { } and ForEach-Object do', async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'held-script-blocks.ps1');
    const reasons = findings.map((f) => [f.range.start.line + 1, (/No quick fix: (.{0,40})/.exec(f.message) ?? [])[1] ?? f.fixes.length]);
    assert.deepEqual(reasons, [
      [3, 'the script block it is in is kept or han'],
      [5, 'the script block it is in is kept or han'],
      [6, 'Invoke-Command runs this block where the'],
      [7, 'ForEach-Object -Parallel runs this block'],
      [9, 1],
      [10, 1],
      [12, 'the script block it is in is kept or han'],
      [13, 'the script block it is in is kept or han'],
      [15, 1],
    ]);
  });

  it('reads the server the call can see: a later relay, a function of its own and $PSEmailServer as it stands hide Office 365', async () => {
    const findings = await findingsOf('ps-mail-basic-auth', 'reaching-servers.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes[0]?.safeForFixAll]),
      [[15, true], [20, true], [28, false], [34, false]],
    );
    assert.match(findings[3].message, /may also be given relay\.contoso\.local/);
  });

  it("a server from the script's own parameter may be another when the script is run: no unattended fix", async () => {
    const [finding] = await findingsOf('ps-mail-basic-auth', 'script-parameter.ps1');
    assert.equal(finding.fixes[0].safeForFixAll, false);
    assert.match(finding.message, /The fix is not applied unattended: the call may also be given a server the file does not show/);
  });

  it('a password behind a hashtable that is also read for another command keeps its own unattended fix', async () => {
    const splatted = readFileSync(join(RULE_FIXTURES, 'ps-mail-basic-auth', 'splatted-plaintext.ps1'), 'utf8');
    const password = await passwordFinding(`${splatted}Invoke-Command -ComputerName srv1 -Credential $mail.Credential { hostname }\n`);
    assert.equal(password.fixes[0].safeForFixAll, true);
  });

  it('a password behind a mail sign-in whose fix has no place to go (process block only) keeps its own unattended fix', async () => {
    const findings = await findingsOfLines([
      'process {',
      "  $pw = ConvertTo-SecureString 'Winter2026!' -AsPlainText -Force",
      "  $cred = New-Object PSCredential ('a@contoso.com', $pw)",
      "  Send-MailMessage -From 'a@contoso.com' -To 'b@contoso.com' -Subject 'x' -SmtpServer smtp.office365.com -Credential $cred",
      '}',
    ]);
    assert.match(findings.find((f) => f.ruleId === 'ps-mail-basic-auth')!.message, /No quick fix: .*without a begin block/);
    const password = findings.find((f) => f.ruleId === 'ps-plaintext-password')!;
    assert.doesNotMatch(password.message, /whose fixes sign in without it/);
    assert.equal(password.fixes[0].safeForFixAll, true);
  });

  it('an unknown parameter or a splat the file does not build is kept as written: the fix renames the command', async () => {
    const findings = await findingsOfLines([
      '$PSEmailServer = "smtp.office365.com"',
      'Send-MailMessage @fromCaller -Credential $cred -Bogus 1 -UseSsl',
    ]);
    const edits = findings[0].fixes[0].edits.filter((e) => !/function /.test(e.newText));
    // -Credential and -UseSsl go, and $PSEmailServer's line, as no Send-MailMessage is left to read it.
    assert.deepEqual(edits.map((e) => e.newText), ['Send-GraphMail', '', '', '']);
  });
});

describe('PowerShell sign-ins in script blocks kept for later', () => {
  it('a connect sign-in in a block kept for a job gets only the app-only fix; one the script only runs with & keeps the token fix', async () => {
    const findings = await findingsOfLines([
      "$cred = Import-Clixml -Path 'exo.cred.xml'",
      '$job = { Connect-ExchangeOnline -Credential $using:cred }',
      'Start-Job -ScriptBlock $job',
      '$run = { Connect-ExchangeOnline -Credential $cred }',
      '& $run',
    ]);
    const [kept, run] = findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    assert.deepEqual(kept.fixes.map((f) => f.title), ['Sign in app-only with a certificate (Connect-ExchangeOnline -CertificateThumbprint)']);
    assert.match(kept.message, /kept or handed to other code .* where the script's own token function does not exist/);
    assert.match(run.fixes[0].title, /Secure Application Model token/);
    assert.equal(run.fixes[0].safeForFixAll, true);
  });

  it('a sign-in in the block of .ForEach{ } (no parentheses), its result assigned, runs here: it keeps the token fix, as in .ForEach({ })', async () => {
    const findings = await findingsOfLines(["$cred = Import-Clixml -Path 'exo.cred.xml'", '$sessions = $tenants.ForEach{ Connect-ExchangeOnline -Credential $cred -DelegatedOrganization $_ }']);
    assert.match(findings[0].fixes[0].title, /Secure Application Model token/);
    assert.equal(findings[0].fixes[0].safeForFixAll, true);
    assert.doesNotMatch(findings[0].message, /kept or handed to other code/);
  });
});

describe('ps-connect-user-credential: the cmdlet as the script names it', () => {
  it('an alias is named with the cmdlet it stands for; a module-qualified or differently cased name is not an alias', async () => {
    const findings = (
      await findingsOfLines([
        '$c = Get-AutomationPSCredential -Name ops',
        'Login-AzureRmAccount -Credential $c',
        'ExchangeOnlineManagement\\Connect-ExchangeOnline -Credential $c',
        'connect-msolservice -Credential $c',
        "& 'Login-AzAccount' -Credential $c",
        '& "Az.Accounts\\Login-AzAccount" -Credential $c',
      ])
    ).filter((f) => f.ruleId === 'ps-connect-user-credential');
    assert.match(findings[0].message, /\(Login-AzureRmAccount is an alias of Connect-AzureRmAccount\.\)/);
    for (const finding of findings.slice(1, 3)) assert.doesNotMatch(finding.message, /is an alias of/);
    for (const finding of findings.slice(3)) assert.match(finding.message, / \(Login-AzAccount is an alias of Connect-AzAccount\.\)$/);
  });
});

describe('ps-connect-user-credential: a password typed in at a prompt', () => {
  it('Get-Credential, assigned or inline: the fixes are offered, fix-all applies the interactive one first where the cmdlet has one (none for a retired module, whose successor needs scopes), and the finding says the interactive sign-in asks for MFA', async () => {
    for (const lines of [
      ['$cred = Get-Credential -Message "Partner admin"', 'Connect-MsolService -Credential $cred'],
      ['Connect-ExchangeOnline -Credential (Get-Credential admin@contoso.com)'],
      ['$typed = Get-Credential', '$cred = $typed', 'Connect-MsolService -Credential $cred'],
      ["$cred = $Host.UI.PromptForCredential('Partner admin', 'Sign in', '', '')", 'Connect-AzureAD -Credential $cred'],
      ['$user = Read-Host "User"', '$pw = Read-Host "Password" -AsSecureString', '$cred = New-Object System.Management.Automation.PSCredential($user, $pw)', 'Connect-ExchangeOnline -Credential $cred'],
    ]) {
      const [finding] = (await findingsOfLines(lines)).filter((f) => f.ruleId === 'ps-connect-user-credential');
      assert.ok(finding.fixes.length > 0, lines.join('; '));
      // A retired module's cmdlet cannot sign in at all: the interactive sign-in is its successor's, whose scopes the fix does not know.
      const retired = /Msol|AzureAD/.test(lines.join(' '));
      const safe = finding.fixes.map((fix) => fix.safeForFixAll);
      assert.deepEqual(safe, retired ? safe.map(() => false) : [true, ...safe.slice(1).map(() => false)], lines.join('; '));
      if (retired) {
        assert.match(finding.message, /Fix-all leaves this to you: the password is typed in at a prompt \(Get-Credential, Read-Host\)/, lines.join('; '));
        assert.match(finding.message, /signed in interactively with Microsoft Graph PowerShell \(Connect-MgGraph\), the (?:MSOnline|AzureAD) module being retired, asks for MFA itself/, lines.join('; '));
      } else {
        assert.equal(finding.fixes[0].title, 'Sign in interactively with MFA (Connect-ExchangeOnline)', lines.join('; '));
        assert.match(finding.message, /The password is typed in at a prompt \(Get-Credential, Read-Host\) on every run, so someone runs this script: the first fix signs that person in interactively, which asks for MFA itself/, lines.join('; '));
        assert.doesNotMatch(finding.message, /Fix-all leaves this to you/, lines.join('; '));
      }
    }
  });
});

describe('a password typed in at a prompt, for an Exchange session and a password grant', () => {
  it('the fixes are offered; fix-all applies the session\'s interactive Connect-ExchangeOnline only, and the findings say why', async () => {
    const [session] = (await findingsOf('ps-exchange-basic-auth-session', 'prompted-credential.ps1')).filter((f) => f.ruleId === 'ps-exchange-basic-auth-session');
    assert.deepEqual(session.fixes.map((fix) => [fix.title, fix.safeForFixAll]), [
      ['Sign in interactively with MFA (Connect-ExchangeOnline)', true],
      ['Connect with Connect-ExchangeOnline and a Secure Application Model token', false],
      ['Connect with Connect-ExchangeOnline app-only (certificate)', false],
    ]);
    assert.match(session.message, /The password is typed in at a prompt \(Get-Credential, Read-Host\) on every run, so someone runs this script: the first fix signs that person in interactively/);
    const [grant] = (await findingsOf('ps-ropc-http', 'prompted-credential.ps1')).filter((f) => f.ruleId === 'ps-ropc-http');
    assert.ok(grant.fixes.length > 0 && grant.fixes.every((fix) => !fix.safeForFixAll));
    assert.match(grant.message, /Fix-all leaves this to you: the password is typed in at a prompt \(Get-Credential, Read-Host\)/);
  });

  it('also where the password goes through a variable of its own ($pass = $cred.GetNetworkCredential().Password)', async () => {
    const lines = [
      '$cred = Get-Credential',
      '$pass = $cred.GetNetworkCredential().Password',
      "$body = @{ grant_type = 'password'; client_id = $env:APP; username = $cred.UserName; password = $pass; scope = 'https://graph.microsoft.com/.default' }",
      "$t = Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' -Body $body",
    ];
    const [finding] = (await findingsOfLines(lines)).filter((f) => f.ruleId === 'ps-ropc-http');
    assert.ok(finding.fixes.length === 1 && !finding.fixes[0].safeForFixAll);
    assert.match(finding.message, /typed in at a prompt/);
  });
});

describe('ps-mail-basic-auth: what a function and a loop read', () => {
  // The credential is the script's own: a file's variable it never sets would be the caller's.
  const fixOf = async (lines: string[]) => {
    const findings = (await findingsOfLines(['$cred = Import-Clixml -Path mail.xml', ...lines])).filter((f) => f.ruleId === 'ps-mail-basic-auth');
    return findings.map((f) => f.fixes[0]?.safeForFixAll);
  };
  const send = "Send-MailMessage -From 'a@contoso.com' -To 'b@contoso.com' -Subject 'x' -SmtpServer $server -Credential $cred";

  it('a function reads the script variable when it is called: a later value counts, and two values keep the fix out of fix-all', async () => {
    assert.deepEqual(await fixOf(['function Send-Report {', `  ${send}`, '}', "$server = 'smtp.office365.com'", 'Send-Report']), [true]);
    assert.deepEqual(await fixOf(["$server = 'smtp.office365.com'", 'function Send-Report {', `  ${send}`, '}', "$server = 'relay.contoso.local'", 'Send-Report']), [false]);
  });

  it('the next pass of a loop sees what the loop sets after the call', async () => {
    assert.deepEqual(await fixOf(["$server = 'relay.contoso.local'", 'foreach ($i in 1..3) {', `  ${send}`, "  $server = 'smtp.office365.com'", '}']), [false]);
  });

  it("a block given to the script's own function (a retry wrapper running & $Action) runs here and keeps its fix", async () => {
    const wrapper = ['function Invoke-WithRetry {', '  param([scriptblock] $Action)', '  & $Action', '}'];
    assert.deepEqual(await fixOf([...wrapper, "Invoke-WithRetry { Send-MailMessage -From 'a@contoso.com' -To 'b@contoso.com' -Subject 'x' -SmtpServer smtp.office365.com -Credential $cred }"]), [true]);
  });
});

describe('ps-ropc-http in another runspace', () => {
  const grant = "Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/c/oauth2/v2.0/token' -Body @{ grant_type = 'password'; client_id = $env:A; username = $env:U; password = $env:P; scope = 'https://graph.microsoft.com/.default' }";
  const findingIn = async (lines: string[]) => (await findingsOfLines(lines)).find((f) => f.ruleId === 'ps-ropc-http')!;

  it('gets no fix inside Invoke-Command (another computer has none of the secrets), and no fix-all in a job, whose stored token goes nowhere', async () => {
    const remote = await findingIn(['Invoke-Command -ComputerName srv01 -ScriptBlock {', `  ${grant}`, '}']);
    assert.deepEqual(remote.fixes, []);
    assert.match(remote.message, /No fix is offered here: Invoke-Command may run the request on another computer/);
    const job = await findingIn(['Start-Job -ScriptBlock {', `  $r = ${grant}`, '}']);
    assert.deepEqual(job.fixes.map((fix) => fix.safeForFixAll), [false]);
    assert.match(job.message, /Start-Job sends the request from another PowerShell process, where storing the rotated refresh token back in the environment does not reach this script/);
  });

  it('gets no fix-all in any block another PowerShell process runs: a scheduled job, a new powershell or pwsh (also by a path), Start-Process', async () => {
    const hosts: [string, string][] = [
      ['Register-ScheduledJob -Name tok -ScriptBlock {', 'Register-ScheduledJob'],
      ['powershell.exe -NoProfile -Command {', 'powershell.exe'],
      ['pwsh {', 'pwsh'],
      ['& "$PSHOME\\pwsh.exe" -Command {', 'pwsh.exe'],
      ["Start-Process pwsh -ArgumentList '-Command', {", 'Start-Process'],
    ];
    for (const [opening, host] of hosts) {
      const finding = await findingIn([opening, `  $r = ${grant}`, '}']);
      assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false], opening);
      assert.match(finding.message, new RegExp(`${host.replace('.', '\\.')} sends the request from another PowerShell process`), opening);
    }
  });

  it('gets no fix-all where runs at the same time race on the one refresh token (a thread job, ForEach-Object -Parallel), or in a block kept for other code', async () => {
    for (const [opening, host] of [['Start-ThreadJob -ScriptBlock {', 'Start-ThreadJob'], ['1..3 | ForEach-Object -Parallel {', 'ForEach-Object -Parallel']]) {
      const finding = await findingIn([opening, `  $r = ${grant}`, '}']);
      assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false], opening);
      assert.match(finding.message, new RegExp(`${host} sends the request in a runspace that runs at the same time .* race to store theirs back`), opening);
      assert.doesNotMatch(finding.message, /does not reach this script/, opening);
    }
    const held = await findingIn(['$sb = {', `  $r = ${grant}`, '}', 'Start-Job -ScriptBlock $sb']);
    assert.deepEqual(held.fixes.map((fix) => fix.safeForFixAll), [false]);
    assert.match(held.message, /kept or handed to other code .* which may run it in another runspace or process/);
  });

  it('keeps fix-all in a block that runs here and now (ForEach-Object, &)', async () => {
    for (const opening of ['1..3 | ForEach-Object {', '& {']) {
      const finding = await findingIn([opening, `  $r = ${grant}`, '}']);
      assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [true], opening);
    }
  });
});

describe("ps-ropc-http with the callers' credentials", () => {
  const body = (user: string, pass: string) =>
    `$body = @{ scope = 'https://graph.microsoft.com/.default'; grant_type = 'Password'; client_id = $ClientID; username = ${user}; password = ${pass} }`;
  const post = "Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token' -Body $body";
  const findingIn = async (lines: string[]) => (await findingsOfLines(lines)).find((f) => f.ruleId === 'ps-ropc-http')!;

  it("leaves to a person, like a connect cmdlet's sign-in, a grant whose user name and password the caller gives", async () => {
    const cases: [string[], RegExp][] = [
      [['function Get-TokenWithPassword {', '  param([string] $ClientID, [string] $UserName, [string] $UserPw)', `  ${body('$UserName', '$UserPw')}`, `  ${post}`, '}'], /the parameter \$UserPw of Get-TokenWithPassword, which other scripts may call/],
      [['param([string] $ClientID, [string] $UserName, [string] $UserPw)', body('$UserName', '$UserPw'), `$r = ${post}`], /the script's parameter \$UserPw/],
      [['class Client {', '  [object] Token([string] $u, [string] $p) {', `    ${body('$u', '$p')}`, `    return ${post}`, '  }', '}'], /the parameter \$p of a class method/],
    ];
    for (const [lines, where] of cases) {
      const finding = await findingIn(lines);
      assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false], lines[0]);
      assert.match(finding.message, /Fix-all leaves this to you: the credential comes from the caller, through /, lines[0]);
      assert.match(finding.message, where, lines[0]);
    }
  });

  it('keeps fix-all where the file shows every caller gives the service account from the environment', async () => {
    const lines = ['function Get-ServiceToken([string] $ClientID, [string] $User, [string] $Pass) {', `  ${body('$User', '$Pass')}`, `  $r = ${post}`, '  $r.access_token', '}', 'Get-ServiceToken -ClientID $env:APP_ID -User $env:SVC_USER -Pass $env:SVC_PASSWORD'];
    const finding = await findingIn(lines);
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [true]);
  });
});

describe('ps-ropc-http and where the answer goes', () => {
  it('leaves to a person an answer piped on (also where the pipeline is assigned), written to a file, kept in a property or added with +=, which would carry the new refresh token there', async () => {
    const findings = await findingsOf('ps-ropc-http', 'answer-passed-on.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes.map((fix) => fix.safeForFixAll), /goes on as it is \(piped on, returned, added to a variable with \+=, or written to a file or a property\)/.test(f.message)]),
      [[6, [true], false], [11, [true], false], [14, [false], true], [15, [false], true], [17, [false], true], [21, [false], true], [22, [false], true], [23, [false], true], [26, [false], true]],
    );
  });

  it("stores the new refresh token from Invoke-WebRequest's Content, and leaves the fix to a person since the Content keeps it", async () => {
    const [finding] = await findingsOf('ps-ropc-http', 'web-request-answer.ps1');
    assert.deepEqual(finding.fixes.map((fix) => fix.safeForFixAll), [false]);
    assert.match(finding.message, /Invoke-WebRequest's answer keeps the new refresh token in its Content and RawContent, as text the fix cannot take it off/);
  });
});

describe('ps-ropc-http to a URI the script does not show', () => {
  it("is a finding where the body asks for a Microsoft service's token, with no fix and the reason", async () => {
    const findings = await findingsOf('ps-ropc-http', 'uri-not-shown.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[5, 0], [13, 0], [16, 0]]);
    for (const finding of findings) assert.match(finding.message, /No fix is offered here: the script does not show the URI it is posted to \(its resource or scope names a Microsoft service, its client is one of Microsoft's own, or its token signs in to one/);
  });

  it("is a finding where the body borrows a Microsoft client id, or the token signs in to Microsoft Graph (through -String or a splatted hashtable); not for another function's variable of the same name, nor one set again", async () => {
    const findings = await findingsOf('ps-ropc-http', 'unshown-uri-client-or-sign-in.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[9, 0], [19, 0], [35, 0], [37, 0]]);
  });
});

describe("an app's client secrets written in a partner's template", () => {
  it('each block of a reassigned secret is a client secret, a second one named with a digit too, and one of letters only is a placeholder', async () => {
    const findings = await findingsOf('ps-plaintext-password', 'app-secrets-of-a-template.ps1');
    const kinds = findings.map((f) => [f.range.start.line + 1, f.severity, /placeholder where the script expects an app's client secret/.test(f.message) ? 'placeholder' : /an app's client secret written/.test(f.message) ? 'client secret' : 'password']);
    assert.deepEqual(kinds, [
      [3, 'error', 'client secret'],
      [7, 'error', 'client secret'],
      [11, 'error', 'client secret'],
      [12, 'warning', 'placeholder'],
      [13, 'warning', 'placeholder'],
    ]);
  });
});

describe('a signed PowerShell script', () => {
  const script = readFileSync(join(RULE_FIXTURES, 'ps-ropc-http', 'signed-script.ps1'), 'utf8');
  const unsigned = script.slice(0, script.indexOf('# SIG # Begin signature block'));

  it('fix-all leaves it as it is, saying a fix invalidates the signature; the quick fix stays, and says so too', async () => {
    const outcome = await fixAll('signed.ps1', script, 'powershell');
    assert.equal(outcome.text, script);
    assert.deepEqual(outcome.applied, []);
    const left = outcome.withheld.find((w) => w.ruleId === 'ps-ropc-http');
    assert.match(left!.reason, /^no fix is safe to apply unattended: the script is signed, and any fix invalidates its signature, .*: re-sign it after fixing$/);
    const { findings } = await analyze('signed.ps1', script, 'powershell');
    assert.equal(findings[0].fixes.length, 1);
    assert.match(findings[0].message, /re-sign it after fixing/);
  });

  it('without the signature block, the same script is fixed; also one that holds a signature block mid-script, in a here-string', async () => {
    const outcome = await fixAll('unsigned.ps1', unsigned, 'powershell');
    assert.deepEqual(outcome.applied.map((a) => a.ruleId), ['ps-ropc-http']);
    const block = script.slice(script.indexOf('# SIG # Begin signature block'));
    const quoted = await fixAll('template.ps1', `${unsigned}$template = @'\n${block.trimEnd()}\n'@\nWrite-Output $template\n`, 'powershell');
    assert.deepEqual(quoted.applied.map((a) => a.ruleId), ['ps-ropc-http']);
  });
});

describe('ps-mail-basic-auth on MailKit mail readers', () => {
  it('tells an IMAP or POP client to read the mailbox with OAuth (its scope) or through Graph, and an SMTP client to send through Graph', async () => {
    const signIn = (client: string, host: string) => [
      `$client = New-Object MailKit.Net.${client}`,
      `$client.Connect('${host}', 993, $true)`,
      '$client.Authenticate($account.UserName, $account.GetNetworkCredential().Password)',
    ];
    const told = async (lines: string[]) => {
      const [finding] = (await findingsOfLines(lines)).filter((f) => f.ruleId === 'ps-mail-basic-auth');
      const reads = /read the mailbox through Microsoft Graph \(its messages, with Mail\.Read\)/.test(finding.message);
      const sends = /send through Microsoft Graph/.test(finding.message);
      return [finding.message.match(/https:\/\/outlook\.office\.com\/\S+/)?.[0], reads, sends];
    };
    assert.deepEqual(await told(signIn('Imap.ImapClient', 'outlook.office365.com')), ['https://outlook.office.com/IMAP.AccessAsUser.All', true, false]);
    assert.deepEqual(await told(signIn('Pop3.Pop3Client', 'outlook.office365.com')), ['https://outlook.office.com/POP.AccessAsUser.All', true, false]);
    assert.deepEqual(await told(signIn('Smtp.SmtpClient', 'smtp.office365.com')), [undefined, false, true]);
  });
});

describe('PowerShell messages of sign-ins to sovereign clouds', () => {
  /** The token endpoint a token library's ROPC message has the refresh token exchanged at, or `none` where it names no host. */
  const exchangedAt = (message: string) => /exchanged at (?:https:\/\/([^/]+)\/<tenant>|(the token endpoint \(<login host>))/.exec(message)?.slice(1).find(Boolean)?.replace(/^the.*/, 'none');

  it("a token library's ROPC message names the token endpoint of the cloud the script signs in to, and none where it cannot tell", async () => {
    const msalNet = (authority: string) => [
      `$app = [Microsoft.Identity.Client.PublicClientApplicationBuilder]::Create($env:CLIENT_ID).WithAuthority(${authority}).Build()`,
      '$result = $app.AcquireTokenByUsernamePassword($scopes, $env:USER, $password).ExecuteAsync().GetAwaiter().GetResult()',
    ];
    const msalPs = (cloud: string) => [`$token = Get-MsalToken -ClientId $id -TenantId $tenant -UserCredential $cred ${cloud}`];
    const told = async (lines: string[]) => exchangedAt((await findingsOfLines(lines)).find((f) => f.ruleId === 'ps-token-library-ropc')!.message);
    assert.deepEqual(
      [
        await told(msalNet('"https://login.microsoftonline.us/$env:TENANT_ID"')),
        await told(msalNet('[Microsoft.Identity.Client.AzureCloudInstance]::AzureChina, $env:TENANT_ID')),
        await told(msalNet('"https://login.partner.microsoftonline.cn/$tenant"')),
        await told(msalNet('$authority')),
        await told([...msalNet('$authority'), "$authority = if ($gov) { 'https://login.microsoftonline.us/x' } else { 'https://login.microsoftonline.com/x' }"]),
        await told(msalPs('-AzureCloudInstance AzureUsGovernment')),
        await told(msalPs('-Authority "https://login.microsoftonline.us/$tenant"')),
        await told(msalPs('-AzureCloudInstance $cloud')),
        await told(msalPs('')),
        await told(['# Not for AzureChina or AzureGermany: see login.microsoftonline.us for AzureUsGovernment.', ...msalNet('"https://login.microsoftonline.com/$tenant"')]),
      ],
      ['login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn', 'login.microsoftonline.com', 'none', 'login.microsoftonline.us', 'login.microsoftonline.us', 'none', 'login.microsoftonline.com', 'login.microsoftonline.com'],
    );
  });

  it("Connect-PowerBIServiceAccount in another environment than Public (or one chosen at run time) is not told the public cloud's Power BI resource", async () => {
    const findings = await findingsOfLines([
      'Connect-PowerBIServiceAccount -Environment USGovHigh -Credential $cred',
      'Connect-PowerBIServiceAccount -Environment $pbiEnvironment -Credential $cred',
      'Connect-PowerBIServiceAccount -Environment Public -Credential $cred',
    ]);
    const resource = (message: string) => /Secure Application Model access token for (.*?)(?: \(not|\. )/.exec(message)?.[1];
    assert.deepEqual(
      findings.map((f) => [resource(f.message), /not the public cloud's/.test(f.message)]),
      [["USGovHigh's Power BI resource", true], ['the Power BI resource of the environment it is given (https://analysis.windows.net/powerbi/api/.default in the public cloud)', false], ['https://analysis.windows.net/powerbi/api/.default', false]],
    );
  });

  it('an Exchange remote PowerShell session to a sovereign host names the -ExchangeEnvironmentName its cloud takes', async () => {
    const session = (host: string) => `$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://${host}/powershell-liveid/ -Credential $cred -Authentication Basic`;
    const findings = await findingsOfLines(['outlook.office365.us', 'webmail.apps.mil', 'partner.outlook.cn'].map(session));
    const names = findings.map((f) => /add -ExchangeEnvironmentName (\S+) to Connect-ExchangeOnline/.exec(f.message)?.[1]);
    assert.deepEqual(names, ['O365USGovGCCHigh', 'O365USGovDoD', 'O365China']);
  });

  it("a sign-in to Microsoft Cloud Deutschland is told the cloud is closed, not the public cloud's dates: by any module's name for it, its sign-in host or its Exchange host", async () => {
    const findings = await findingsOfLines([
      'Login-AzureRmAccount -Environment AzureGermanCloud -Credential $cred',
      'Connect-AzureAD -AzureEnvironmentName AzureGermanyCloud -Credential $cred',
      'Connect-ExchangeOnline -ExchangeEnvironmentName O365GermanyCloud -Credential $cred',
      "$body = @{ grant_type = 'password'; client_id = $env:CLIENT_ID; username = $env:SVC_USER; password = $env:SVC_PASSWORD; scope = 'https://graph.microsoft.de/.default' }",
      '$token = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.de/$tenant/oauth2/token" -Body $body',
      '$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office.de/powershell-liveid/ -Credential $cred -Authentication Basic',
      '$t = Get-MsalToken -ClientId $id -TenantId $tenant -UserCredential $cred -AzureCloudInstance AzureGermany',
    ]);
    const told = findings.map((f) => [
      f.range.start.line + 1,
      /\(Microsoft Cloud Deutschland\) was closed by Microsoft and its tenants moved to the public cloud: the script must first target that cloud/.test(f.message),
      /phase 2/.test(f.message),
      f.fixes.length,
    ]);
    assert.deepEqual(told, [[1, true, false, 0], [2, true, false, 0], [3, true, false, 0], [4, true, false, 0], [6, true, false, 0], [7, true, false, 0]]);
    assert.match(findings[0].message, /AzureGermanCloud \(Microsoft Cloud Deutschland\).*target that cloud \(-Environment AzureCloud\)/);
    assert.match(findings[1].message, /The AzureAD module itself is retired: move to Microsoft Graph PowerShell too/);
    assert.equal(exchangedAt(findings[5].message), 'login.microsoftonline.com');
    assert.match(findings[3].message, /refresh_token grant to the public cloud's token endpoint instead/, "the password grant is not told to post to Germany's endpoint again");
  });

  it("Connect-AzureAD whose result the script reads as a member Get-MgContext lacks (TenantDomain, Account.Id): no fix, and the message names the member; TenantId and Account as a whole keep the fix", async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'azuread-result-members.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length > 0]), [[4, false], [9, false], [15, true]]);
    assert.match(findings[0].message, /No fix is offered here: the script reads \$AAD\.TenantDomain \(line 5\) of what Connect-AzureAD returned, and the fix returns Get-MgContext in its place, which has no TenantDomain: .*\(Get-MgDomain \| Where-Object IsInitial\)\.Id gives/);
    assert.match(findings[1].message, /reads \$connection\.Account\.Id \(line 10\).*whose Account is only the account's name, a string/);
  });

  it("Connect-AzureAD whose result the script reads through the pipeline, a reading cmdlet's block or its own function's parameter as a member Get-MgContext lacks: no fix, and the message names the read; TenantId, Account as a whole and the whole object shown keep the fix", async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'azuread-result-through-pipeline.ps1');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.fixes.length > 0]),
      [[8, true], [27, false], [33, false], [38, false], [43, false], [48, false], [53, false], [62, false], [67, false]],
    );
    const reads = findings.map((f) => /No fix is offered here: the script reads (.*?) of what Connect-AzureAD returned/.exec(f.message)?.[1]);
    assert.deepEqual(reads, [
      undefined,
      '$AAD | Select-Object -ExpandProperty TenantDomain (line 28)',
      '$AAD | select TenantId, TenantDomain (line 34)',
      '$_.TenantDomain (line 39)',
      '$AAD | % TenantDomain (line 44)',
      "$AAD | Where-Object TenantDomain -like '*.onmicrosoft.com' (line 49)",
      "$AAD | Format-List -Property TenantId, 'TenantDomain' (line 54)",
      '$Info.TenantDomain (line 58, in Show-Connection, which line 63 gives it)',
      '$AAD | Select-Object -ExpandProperty Account | Select-Object -ExpandProperty Id (line 68)',
    ]);
    assert.match(findings[8].message, /whose Account is only the account's name, a string/);
  });

  it("Connect-AzureAD whose result the script reads through a copy of it (`$x = $AAD`, copies of copies, in parentheses) as a member Get-MgContext lacks: no fix, and the message names the read; a copy read for TenantId keeps the fix", async () => {
    const findings = await findingsOf('ps-connect-user-credential', 'azuread-result-copied.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length > 0]), [[6, false], [10, false], [18, true]]);
    const reads = findings.map((f) => /No fix is offered here: the script reads (.*?) of what Connect-AzureAD returned/.exec(f.message)?.[1]);
    assert.deepEqual(reads, ['$x.TenantDomain (line 6)', '$copy | Select-Object -ExpandProperty TenantDomain (line 13)', undefined]);
  });

  it('a Power BI sign-in whose script works in My workspace (a workspace cmdlet without -Workspace, -WorkspaceId or -Scope Organization) says a service principal has none', async () => {
    const saysSo = async (name: string) => (await findingsOf('ps-connect-user-credential', name)).map((f) => [f.fixes.length > 0, /a service principal has no My workspace, and line \d+ \(New-PowerBIReport\) names no workspace/.test(f.message)]);
    assert.deepEqual(await saysSo('powerbi-my-workspace.ps1'), [[true, true]]);
    assert.deepEqual(await saysSo('powerbi-named-workspace.ps1'), [[true, false]]);
  });

  it('Connect-OrganizationAddInService -Credential is a password sign-in without a fix: the cmdlet takes no token', async () => {
    const findings = (await findingsOf('ps-connect-user-credential', 'organization-add-in-service.ps1')).filter((f) => f.snippet.includes('OrganizationAddIn'));
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[3, 0]]);
    assert.match(findings[0].message, /The cmdlet takes no token or certificate/);
  });

  it("a Microsoft.Exchange session with basic authentication, a credential and -AllowRedirection at an address the script does not show: a warning naming where the address comes from, no fix", async () => {
    const findings = await findingsOf('ps-exchange-basic-auth-session', 'address-not-shown.ps1');
    assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.severity, f.fixes.length]), [[6, 'warning', 0], [8, 'warning', 0], [9, 'warning', 0]]);
    assert.match(findings[0].message, /The script does not show the address: \$uri is set on line 5 \(Get-AutomationVariable -Name 'ConnectionURI-ExchangeOnline'\)\. If the address is Exchange Online's, basic authentication/);
    assert.match(findings[1].message, /\$ConnectionUri is not set in the script \(a parameter, or the caller's\)/);
  });
});
