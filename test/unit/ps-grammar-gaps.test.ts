import { strict as assert } from 'node:assert';
import type { Node } from 'web-tree-sitter';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { fixAll } from '../../src/engine/fix-all';
import { powerShellParser, withPowerShellTree } from '../../src/languages/powershell/parser';
import { createRuleContext } from '../../src/languages/powershell/rule-context';
import { literalText, writtenVariableName } from '../../src/languages/powershell/syntax';
import { DEFAULT_FIX_SETTINGS } from '../../src/engine/fix-settings';

/** Valid PowerShell, as public partner scripts write it, that the grammar alone reads as a syntax error. */
const CONSTRUCTS: Record<string, string> = {
  'a list of bare words as an argument': 'Get-Mailbox -RecipientTypeDetails UserMailbox, SharedMailbox | Format-Table Name,Alias',
  'bare words listed across lines': 'Get-MgUser -UserId $id -Property Id,\n    DisplayName, Mail',
  'bare words listed across continued lines': 'Get-Mailbox | Select-Object DisplayName, `\n    ItemCount, `\n    Alias',
  'a multiplier in capitals': '$quota = [math]::Round($size / 1GB, 2)',
  'a parameter name with a digit': 'Set-Mailbox -Identity $m -CustomAttribute13 $domain',
  'a loop label without a colon': ':outer foreach ($m in $all) { if (-not $m) { continue outer } }',
  'a switch value with a blank': 'switch ($plan) { "Office 365 E3" { $sku = 1 } }',
  'a switch value with brackets': 'switch -regex ($line) { "^\\[(.+)\\]\\s*$" { $section = $matches[1] } }',
  'a backtick before a blank mid-line': 'Set-AzVMExtension -ResourceGroupName $group ` -VMName $vm -Name Monitor',
  'a continued line that starts with a backtick and a blank': '$report = $Output `\n    ` | Export-Csv -Path report.csv',
  'empty strings around a variable, one native argument': '$started = net start ""$displayName"" /m',
  'an embedded instance in a DSC configuration': "Configuration Tenant { Node localhost { AADUser 'ops' { Credential = $Creds; PasswordPolicies = MSFT_PolicySet{\n    Name = 'x'\n} } } }",
  "a ternary whose branch holds a ? in a string": '$endpoint = $preview ? "items.json?preview=1" : "items.json"',
  '[CmdletBinding()] after a param block, a comment after it': 'param([string[]] $UserList)\n[CmdletBinding()] # see the docs\n$count = 1',
  "PowerShell 7's null-conditional member access": '$referer = $Request.Headers.Referer?.TrimEnd("/")',
  'a wildcard after a variable': '$r | Should -BeLike $env:COMPUTERNAME*',
  'a script run by a relative path, its output assigned': '$build = ./build.ps1 -Json | ConvertFrom-Json',
  'a path after a variable': '$tenants = Get-Content $PSScriptRoot\\tenants.txt -Raw',
  'an escape after a variable': 'Write-Host $ReportOutput`n',
  'a quoted part after a variable': "Write-Host Exporting $TeamName\"'s\" members and owners...",
  "a quoted part after a variable's member": 'Write-Host "Processing" $Records.Count" audit records..."',
  'a mail domain after a variable': 'Set-MsolUserLicense -UserPrincipalName $alias@contoso.com -AddLicenses $sku',
  "a member of a method's result as an argument": 'net use \\\\files\\ops /user:$c.UserName $c.GetNetworkCredential().Password',
  'a # in a string after a variable': 'Write-Host "Mailbox $i #$($all.Count) of $total"',
  'a # in a number format after a lone $': '$sheet.Column(3).Style.Numberformat.Format = "$#,##0.00"',
  'a # after a variable in a string used as an index': '$token = $q["$redirectUri#access_token"]',
  'a # after a variable in a string glued to an operator or a cast': '$url = $base+"$path#top"\n$anchor = [string]"$id#$part"',
  "a bitwise operator among a method's arguments": "$method = $type.GetMethod('Invoke', [Reflection.BindingFlags]::NonPublic -bor [Reflection.BindingFlags]::Static)",
  "calls chained on a bracketed argument": 'Write-Host ("Sign-ins for " + $upn).Replace("@", " at ").Trim()',
  "an if's else on the next line, the if a hashtable's value": '$row = @{\n    Licensed = if ($user.Licenses) {\n        \'Yes\'\n    }\n    elseif ($user.Guest) { \'Guest\' }  \n    else { \'No\' }\n}',
  "a type before a named argument of an attribute": "function Invoke-Action {\n    [OutputType([hashtable])]\n    [OutputType([string], ParameterSetName = 'Raw')]\n    param ($Connection)\n}",
  "an index of a method's result as an argument": '$domain = Get-AcceptedDomain -Identity $upn.Split("@")[1]',
  "an index and a member of a method's result, a parameter after": "Write-Host $upn.Split('@')[0].ToUpper() -ForegroundColor Green",
  "a method call on brackets glued to a command's name": '$report = @{\n    Created = Get-Date($group.CreatedDateTime).ToLocalTime()\n    Until = Get-Date($monday).AddDays(7) -Format "dd-MMM-yyyy"\n}',
  'an empty script block as an argument': 'Mock Stop-Function { }',
  'an empty script block across lines': 'Mock Stop-Function {\n}',
  'an empty script block without a blank': 'Mock -CommandName Get-PSSession -MockWith {}\n$noop = {}',
  'an empty script block after a word and after a string': "Mock Write-Host {}\nIt 'waits for the mailbox' {}",
  'an empty script block glued to its parameter': 'Mock -CommandName Update-MgBetaExternalConnection -MockWith{}',
  'a script block holding only a comment': 'Mock -CommandName Remove-X -MockWith {\n    # nothing to do\n}',
  'an empty script block over blank lines': 'Describe "x" {\n    Mock -CommandName Get-PSSession -MockWith {\n\n    }\n}',
  "an empty named block of the script": '[CmdletBinding()]\nparam ([string] $Url)\nbegin {\n    $total = 0\n}\nprocess {\n    $total++\n}\nend {}',
  'the ForEach method of a collection': '$mailboxes.ForEach({\n})\n$sizes.foreach({ $total += $_ }) | Out-Null',
  'an operator with an en dash': '$users | Where-Object { $_.Enabled \u2013eq $true }',
  'a command run by a path with forward slashes': './tools/pac auth list',
  'a scoped npm package as an argument': 'npm install -g @pnp/cli-microsoft365@latest --no-fund',
  "a native command's option joined to its value": 'git commit --message=$message --author="Ops <ops@contoso.com>"\ngit log -1 --pretty=%B',
  'the end of parameters, --, as an argument': 'npx -y -p @pnp/cli-microsoft365 -- m365 spo app list --output json\ngit checkout -- $PSScriptRoot\\settings.json',
  "a nested type's name": "$filter = [SearchFilter+IsEqualTo]::new([FolderSchema]::DisplayName, 'Archive')",
  'a bare word that starts with a backtick escape': 'Write-Host `nConnecting to Exchange Online',
  'a line holding only an escaped backtick': '$export | Format-Table Name, Count\n``',
  'a backtick escape right after a string': 'Write-Progress -Activity "Mailboxes"`n"  Processing: $name"',
  'a case-insensitive -in written out': 'if ($plan -iin $legacyPlans) { $legacy++ }',
  "a backtick and a blank in a method's arguments": '$answer = $shell.Popup("Open the report?",` 0, "Report", 4)',
  'a line continuation before a closing bracket': 'Invoke-psake build.ps1 -Properties @{ Configuration = "Release" `\n}',
  'a line continuation before a closing bracket, the grammar failing far from it': '$tests = New-PesterContainer `\n    -Data @{ ServiceUrl = "http://localhost:8080" `\n    }',
  "a statement after a function's param block on its line": 'function Connect-Mock { param([string] $Name = "x(y)") Write-Verbose "mock: $Name" }',
  "PowerShell 7's ternary": '$mode = ($users.Count -gt 100) ? "batch" : "single"',
  "a ternary of strings with commas, after a help comment whose example continues a line with a backtick": "<#\n.EXAMPLE\n    PS> Invoke-WebRequest -Uri $uri `\n        -Body '{\"a\": 1}'\n#>\n$text += $deletable ? ', deletable by viewer' : ', not deletable by viewer'",
  "PowerShell 7's null-coalescing operators": '$tenant = $env:TENANT_ID ?? $defaultTenant\n$cache ??= @{}',
  "a generic type's arguments in brackets of their own": '$seen = [System.Collections.Generic.Dictionary[[String], [String]]]::new()',
  "a generic type's arity": '[System.Nullable`1[System.Double]] $limit = $null',
  "a switch written on one line, default glued to the clause before": '$level = switch($Type){"Success"{"INFO"}"Warning"{"WARN"}default{"INFO"}}',
  "a switch written on one line, default after the clause before": "$code = switch ($Level) { 'Error' { 3 } default { 4 } }",
  'dots after a variable in a bare-word argument': 'Write-Host Reading mailboxes since $StartDate... -ForegroundColor Cyan',
  'a parameter name with digits inside, the rest of the command read well': 'Add-IntuneWin32App -FilePath $file -Check32BitOn64System 1',
  'a path with more variables in it': 'Get-PnPFile -Url $A/$f -Path $p\\T\\$e\\$n -AsFile',
  "a variable's method called, glued to the string before it": 'Write-Host "Current version: "$module.Version.ToString() -ForegroundColor Green',
  'a variable glued to the string before it': 'Write-Host "Policy:"$policy.displayName -ForegroundColor Yellow',
  'a scoped variable glued to the string before it': 'Write-Host "Signed in as:"$env:USERNAME',
  'brackets holding a command glued to the string before them': 'write-host "AAD Group:"(Get-AADGroup -id $a.id).displayName "- Install Intent:"$a.intent -ForegroundColor Yellow',
  'brackets holding a command glued to a type name': '$tenantId = (New-Object uri(Invoke-RestMethod "https://login.microsoftonline.com/$tenant/.well-known/openid-configuration").token_endpoint).AbsolutePath.Split("/")[1]',
  'strings and variables glued into one argument': 'Write-Host "Connect-AzAccount -CertificateThumbprint "$thumbprint" -Tenant "$tenant"" -ForegroundColor Green',
  'a bare word glued to the string before it': 'Write-Host "[$i]"- $sub.name',
  'a string across lines, a bare word and a string glued into one argument': 'foreach ($d in $domains) {\n    Write-Output "Logging into portal for $($d.Name)\n    $url = "https://ps.outlook.com/powershell-liveid?DelegatedOrg=" + $d.Name"\n}',
  'a collection method called with a script block and no parentheses': '$licensed = [Array]($AllMsolUser.Where{ $_.Licenses.AccountSkuID -Contains $sku }).UserPrincipalName',
  'a class deriving from a type named with its namespace': 'class TokenError : System.Exception\n{\n    [string] $EndPoint\n}',
  'an empty script block as a command argument': 'Start-Job {} | Out-Null',
  "single-quoted strings and a variable's member glued into one argument": "Write-Host '$c = Get-Credential; Connect-AzAccount -Tenant '$Context.Tenant.Id' -ServicePrincipal' -ForegroundColor Yellow",
  'a subexpression inside a bare word, more of the word after it': 'Get-PnPFile -Url https://$tenant.sharepoint.com/sites/$($site.Name)/Shared -AsFile',
  '[CmdletBinding()] before a statement other than param': 'function Get-IntuneBrand {\n[cmdletbinding()]\n\n$graphApiVersion = "Beta"\n}',
  "a native command's option with a digit": 'azcopy copy "$source" "$destination$sasToken" --recursive=true --put-md5 --cap-mbps 35',
  'a minus written with an en dash': '$uptime = $os.ConvertToDateTime($os.LocalDateTime) \u2013 $os.ConvertToDateTime($os.LastBootUpTime)',
  'an array of arrays as a type': 'function Import-Modules([string[][]] $ModuleImportMapOrder, [bool] $UseAzModule) { $ModuleImportMapOrder }',
  "a constructor calling its base's": 'class GraphError : Exception {\n    GraphError([string] $message) : base($message) { }\n}',
  "a tab before a command's argument": 'Write-Host\t.\\$global:ExportCSVFileName\nGet-Mailbox -Identity\t"ops@contoso.com"',
  'two variables glued as one argument': 'Remove-UserFromSite -WebUrl $webUrl -SitePath $sitePath$siteUrlEndStub -Member $user.Title',
  'a variable and a string joined by a plus as one argument': 'Export-Csv $OutputFile+"_Errors.txt" -Force\n$page = Invoke-RestMethod -Uri $queryUri+$soqlQuery -Headers $headers',
  "[CmdletBinding()] before the script's param block, using statements above": '<#\n.SYNOPSIS\nReports mailboxes.\n#>\nusing namespace System.Management.Automation\nusing namespace System.Collections.Generic\n[CmdletBinding()]\nparam (\n    [String] $Upn\n)\n$list = [List[string]]::new()',
  "a command named like a keyword at a pipeline's start": '$members += $(Enumerate-NestedGroups -Group $dg).Mail\nDo-Cleanup -Force\nForEach-Object -InputObject $all -Process { $_.Name }',
  'a command whose name starts with class or enum, without a dash': 'classifyItem -Path $file\nif ($all) { enumerateThings }',
  "a lone $ as a command's argument": 'Write-Host Price: $\nWrite-Host $ 5 -ForegroundColor Green\nWrite-Host a,$,b',
  "a lone dash as a command's argument": 'write-host  -ForegroundColor white\t\tTip \u2013 Assigning permission\nWrite-Host 5 - 3 -ForegroundColor Green\nWrite-Host Done -',
  'a listed bare word with a double-quoted part': 'Start-Process -FilePath "setup.exe" -ArgumentList /q, /x:"$TempDir\\SQL" -Wait -Passthru',
  'a listed bare word with a single-quoted part, no blank after the comma': "Start-Process msiexec -ArgumentList /q,/p:'C:\\My Files'x -Wait",
  'a collection method called with a script block, members after it': '$nick = $Entry.AttributeChanges.Where{$_.Name -eq "mailNickname"}.ValueChanges.Value',
  'a collection method called with a script block, an index after it': '$first = $users.Where{ $_.Enabled }[0].UserPrincipalName',
  'collection methods called with script blocks, chained across lines': '$count = $tenants.Where{\n    $_.Enabled\n}.ForEach{ $_.Domain }.Count',
  "a collection method called with a script block, a member after it, as a command's argument": 'Write-Host $users.Where{ $_.Enabled }.Count -ForegroundColor Green',
  'a bare word glued to the single-quoted string before it': "Write-Host 'abc'def 'x'",
  'words and quoted parts glued after a single-quoted string': "write-host '12) Set the room to show'Organiser' and 'Subject' of the meeting'",
  "a word with a quoted part after a single-quoted string's glued word": "write-host '13) Set the room to show'limited details' ( default)'",
  "PowerShell 7's null-conditional member and index after a variable in braces": '$name = ${user}?.DisplayName\n$first = ${list}?[0]\n$row = $table.Rows?[1]',
  "PowerShell 7's pipeline going on at lines starting with |": '$mailboxes = Get-Mailbox -RecipientTypeDetails SharedMailbox -ResultSize Unlimited\n| Select-Object Identity, PrimarySmtpAddress\n    | Sort-Object Identity',
  "PowerShell 7's pipeline going on past an end-of-line comment and a comment line, over CRLF": '$names = Get-Mailbox # every mailbox\r\n    # the names only\r\n    | Select-Object Name',
  'a hexadecimal number written with 0X, in a list': '$bytes = @(\n    0x41, 0x4D, 0X51, 0X50, # AMQP\n    0x03\n)',
  'strings and a subexpression glued with + into one argument': 'Set-Mailbox -Identity $upn -ForwardingAddress "clients+"+$($code)+"@contoso.com"',
  'a string glued with + to a subexpression that ends the argument': 'Set-Mailbox -Identity $upn -ForwardingAddress "clients+"+$($code)',
  'strings glued with + to variables that end the argument, a parameter after': "Set-Mailbox -Identity $upn -ForwardingAddress 'ops'+\"+\"+$code+$user.Alias -DeliverToMailboxAndForward $true",
  "single- and double-quoted strings glued to variables and a subexpression, a parameter after": "Write-Host 'Owner: '+$owner.Name+\" (\"+$($owner.Mail)+')' -ForegroundColor Green",
};

const PASSWORD = "$secure = ConvertTo-SecureString 'Summer2024!' -AsPlainText -Force";

async function grammarAloneErrs(script: string): Promise<boolean> {
  const tree = (await powerShellParser()).parse(script);
  try {
    return tree!.rootNode.hasError;
  } finally {
    tree!.delete();
  }
}

/** A script's findings as [rule, line, fix offered], once it is known to parse without a parse-error notice. */
async function findingsWithoutNotice(name: string, lines: string[]): Promise<[string, number, boolean][]> {
  const { findings, notices } = await analyze(name, `${lines.join('\n')}\n`, 'powershell');
  assert.deepEqual(notices, []);
  return findings.map((f) => [f.ruleId, f.range.start.line, f.fixes.length > 0]);
}

describe('PowerShell the grammar lacks', () => {
  for (const [construct, line] of Object.entries(CONSTRUCTS)) {
    it(`${construct}: no parse-error notice, and a password written after it is found with its fix`, async () => {
      assert.equal(await grammarAloneErrs(`${line}\n${PASSWORD}\n`), true, 'the grammar now reads it: this stand-in can go');
      const passwordLine = line.split('\n').length;
      assert.deepEqual(await findingsWithoutNotice('script.ps1', [line, PASSWORD]), [['ps-plaintext-password', passwordLine, true]]);
    });
  }

  it('lone carriage returns (old Mac line endings) are line breaks, as PowerShell reads them: same findings, and a fix keeps them', async () => {
    const script = ['$cred = Import-Clixml -Path "$PSScriptRoot\\admin.xml"', 'Connect-ExchangeOnline -Credential $cred -ShowBanner:$false', 'Get-EXOMailbox -ResultSize 10', ''];
    const [lf, cr] = [script.join('\n'), script.join('\r')];
    const found = async (text: string) => (await analyze('script.ps1', text, 'powershell')).findings.map((f) => [f.ruleId, f.range.start.line]);
    assert.deepEqual(await found(cr), await found(lf));
    assert.deepEqual(await found(cr), [['ps-connect-user-credential', 1]]);
    const fixed = await fixAll('script.ps1', cr, 'powershell');
    assert.equal(fixed.applied.length, 1);
    assert.ok(!fixed.text.includes('\n'), 'the fixed script keeps its line endings');
    assert.equal((await analyze('script.ps1', fixed.text, 'powershell')).syntaxErrors, 0);
  });

  it('an empty begin block keeps its place: the token function the fix adds goes inside it', async () => {
    const script = 'param([string]$User)\nbegin {}\nprocess {\n    Connect-ExchangeOnline -Credential (Import-Clixml "$PSScriptRoot\\admin.xml")\n}\nend {}\n';
    const outcome = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(outcome.applied.map((fix) => fix.ruleId), ['ps-connect-user-credential']);
    assert.match(outcome.text, /^param\(\[string\]\$User\)\nbegin \{\n    function Get-SamAccessToken \{/);
  });

  it("a statement's value after = (try, do) is no DSC embedded instance: the script keeps parsing", async () => {
    const lines = ['Configuration Tenant { Node localhost { } }', '$name = try { Get-OrganizationConfig } catch { $null }', '$logs = do { Search-UnifiedAuditLog -SessionId 1 } while ($false)', PASSWORD];
    assert.deepEqual(await findingsWithoutNotice('script.ps1', lines), [['ps-plaintext-password', 3, true]]);
  });

  it("a statement's own empty block (catch {}, else {}) is no value: the fix of a sign-in before it is still applied", async () => {
    for (const end of ['} catch {}', '} else {}']) {
      const opening = end.includes('catch') ? 'try {' : 'if ($ok) {';
      const script = ['$cred = Import-Clixml admin.xml', opening, "  $c = $x ? 'a' : 'b'", '  Connect-MsolService -Credential $cred', end, ''].join('\n');
      const outcome = await fixAll('script.ps1', script, 'powershell');
      assert.deepEqual(outcome.applied.map((fix) => fix.ruleId), ['ps-connect-user-credential'], end);
    }
  });

  it('a backtick before a letter at the start of a line is no stand-in: the sign-in it escapes is not lost without a notice', async () => {
    const { findings, notices } = await analyze('script.ps1', '`Connect-MsolService -Credential $cred\n', 'powershell');
    assert.ok(findings.length > 0 || notices.some((n) => n.kind === 'parse-error'));
  });

  it('glued strings of both quotes, or with a subexpression, get no stand-in: a sign-in inside $(…) stays code, and is found', async () => {
    for (const line of ["Write-Host 'a'$b\"$(Connect-MsolService -Credential $c)\" -ForegroundColor Green", 'Write-Host "a "$b" $(Connect-MsolService -Credential $c)"']) {
      const { findings } = await analyze('script.ps1', `$c = Import-Clixml admin.xml\n${line}\n`, 'powershell');
      assert.deepEqual(findings.map((f) => f.ruleId), ['ps-connect-user-credential'], line);
    }
  });

  it("quotes inside a string's $(…) belong to it: the string is no shorter string glued to a bare word (Jamison413's migrate-EcoData.ps1)", async () => {
    const lines = [
      '$sources | % {',
      '    $thisDestination = (Split-Path $_ -Parent).Replace("X:",$destination).Replace("\\","/")',
      '    azcopy copy "$_" "$thisDestination$sasToken" --recursive=true --put-md5 --backup --overwrite ifSourceNewer',
      '    robocopy "$_" "$($_.Replace("E\\X:","W:").Replace("D:","W:"))" /XF *.* /E /DCOPY:T /XJ',
      '    }',
      PASSWORD,
    ];
    assert.deepEqual(await findingsWithoutNotice('script.ps1', lines), [['ps-plaintext-password', 5, true]]);
  });

  it("a variable that ends a string is not glued to the quotes after it: a password later on the line stays code, and is found", async () => {
    const lines = [
      'Write-Host "Tenant $t"; Set-MsolUser -UserPrincipalName "x@y.com" -CustomAttribute13 "a"; $pw = ConvertTo-SecureString "Summer2024!" -AsPlainText -Force',
      'if ($ok) { Write-Host "Tenant: $t" } else { $c = New-Object PSCredential "a@contoso.com", (ConvertTo-SecureString "Summer2024!" -AsPlainText -Force); $q = [math]::Round($s / 1GB, 2) }',
    ];
    for (const line of lines) assert.deepEqual(await findingsWithoutNotice('script.ps1', [line]), [['ps-plaintext-password', 0, true]], line);
  });

  it('a mail sign-in with a list of recipients is found (the grammar lost the whole command) and fixed', async () => {
    const script = [
      '$cred = Get-Credential',
      'Send-MailMessage -To alice@contoso.com, bob@contoso.com -From ops@contoso.com -Subject Backlog -SmtpServer smtp.office365.com -Port 587 -UseSsl -Credential $cred',
    ];
    assert.deepEqual(await findingsWithoutNotice('report.ps1', script), [['ps-mail-basic-auth', 1, true]]);
  });

  it('a sign-in after a bare word with a backtick escape is found (the grammar lost the credential\'s flow) and fixed', async () => {
    const script = ['$cred = Get-Credential', 'Write-Host `nConnecting to the partner tenant', 'Connect-MsolService -Credential $cred'];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 2, true]]);
  });

  it("a sign-in in the script block of a collection's ForEach method is fixed (the grammar lost the block)", async () => {
    const script = ['$cred = Get-Credential', '$tenants.ForEach({', '    Connect-MsolService -Credential $cred', '})'];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 2, true]]);
  });

  it('a sign-in in the script blocks of Where and ForEach called without parentheses, chained, members after them, is found and fixed', async () => {
    const script = [
      '$cred = Import-Clixml admin.xml',
      '$done = $tenants.Where{ $_.Enabled }.ForEach{',
      '    Connect-ExchangeOnline -Credential $cred -ShowBanner:$false',
      '}.Count',
    ];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 2, true]]);
    const fixed = await fixAll('connect.ps1', `${script.join('\n')}\n`, 'powershell');
    assert.deepEqual(fixed.applied.map((fix) => fix.ruleId), ['ps-connect-user-credential']);
    assert.equal((await analyze('connect.ps1', fixed.text, 'powershell')).syntaxErrors, 0);
  });

  it('a listed bare word with a quoted part reads as the text PowerShell passes, a variable in it still a variable', async () => {
    const script = '$dir = "C:\\Temp"\nStart-Process setup.exe -ArgumentList /q, /x:"$dir\\SQL", /p:\'a b\' -Wait\n';
    const read = await withPowerShellTree(script, (tree) => {
      const context = createRuleContext('setup.ps1', script, DEFAULT_FIX_SETTINGS, tree.rootNode);
      const list = tree.rootNode.descendantsOfType('array_literal_expression').find((array) => array!.namedChildCount === 3)!;
      const elements = list.namedChildren.map((element) => [element!.text, context.values().shapeOf(element!), literalText(element!)]);
      return { elements, variables: tree.rootNode.descendantsOfType('variable').map((variable) => variable!.text) };
    });
    assert.deepEqual(read.elements, [
      ['/q', '/q', '/q'],
      ['/x:"$dir\\SQL"', '/x:C:\\Temp\\SQL', undefined],
      ["/p:'a b'", '/p:a b', '/p:a b'],
    ]);
    assert.deepEqual(read.variables, ['$dir', '$dir']);
  });

  it('words glued after a single-quoted string read as the one argument PowerShell passes, its quotes taken off', async () => {
    const script = "Write-Host 'abc'def '12) show'Org' and 'Sub' of' 'it''s'x\n";
    const read = await withPowerShellTree(script, (tree) => {
      const context = createRuleContext('menu.ps1', script, DEFAULT_FIX_SETTINGS, tree.rootNode);
      const strings = tree.rootNode.descendantsOfType('string_literal');
      return strings.map((string) => [string!.text, context.values().shapeOf(string!), literalText(string!)]);
    });
    assert.deepEqual(read, [
      ["'abc'def", 'abcdef', 'abcdef'],
      ["'12) show'Org' and 'Sub' of'", '12) showOrg and Sub of', '12) showOrg and Sub of'],
      ["'it''s'x", "it'sx", "it'sx"],
    ]);
  });

  it("typographic quotes around words inside a menu line's single-quoted string (flatlinebb's Room-Mailbox.ps1): the sign-in after it is found and fixed", async () => {
    const lines = [
      "write-host '12)  Set the Room calendar to show\u2018Organiser\u2019 and \u2018Subject\u2019 of the meeting'",
      "write-host '13)  Set the Room calendar to show\u2018limited details\u2019 ( default)'",
      '$cred = Import-Clixml admin.xml',
      'Connect-MsolService -Credential $cred',
    ];
    assert.deepEqual(await findingsWithoutNotice('menu.ps1', lines), [['ps-connect-user-credential', 3, true]]);
  });

  it("a here-string of many quoted attributes does not use up the tree lookups of the stand-ins after it (NinjaOne's invoice manager: XAML, then $w.FindName('x').Text as an argument)", async () => {
    const attributes = Array.from({ length: 400 }, (_, i) => `  <TextBlock x:Name="lbl${i}" Text="Row ${i}"/>`);
    const lines = ['$xaml = @"', '<Window>', ...attributes, '</Window>', '"@', "$url = Resolve-BaseUrl -Instance $window.FindName('tbInstance').Text", PASSWORD];
    assert.deepEqual(await findingsWithoutNotice('invoices.ps1', lines), [['ps-plaintext-password', lines.length - 1, true]]);
  });

  it("the host's credential prompt as a parameter's value without brackets is read as the bracketed one: the same messages, fixes and fix-all", async () => {
    const prompt = "$Host.UI.PromptForCredential('Sign in', 'Sign in as an administrator', '', '')";
    const signIns = [
      '$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential PROMPT -Authentication Basic; Import-PSSession $s',
      'Connect-ExchangeOnline -Credential PROMPT -ShowBanner:$false',
      'Connect-MsolService -Credential PROMPT',
      'Connect-AzureAD -Credential PROMPT',
      'Connect-SPOService -Url https://contoso-admin.sharepoint.com -Credential PROMPT',
      'Connect-PnPOnline -Url https://contoso.sharepoint.com -Credential PROMPT',
      'Send-MailMessage -SmtpServer smtp.office365.com -Port 587 -UseSsl -From a@contoso.com -To b@contoso.com -Subject x -Credential PROMPT',
    ];
    const read = async (argument: string) => {
      const script = signIns.map((line) => `${line.replace('PROMPT', argument)}\nGet-Mailbox -ResultSize 10\n`);
      const found = await Promise.all(script.map((text) => analyze('script.ps1', text, 'powershell')));
      const fixed = await Promise.all(script.map((text) => fixAll('script.ps1', text, 'powershell')));
      return {
        findings: found.map(({ findings }) => findings.map((f) => [f.ruleId, f.message, f.fixes.map((fix) => [fix.title, fix.safeForFixAll])])),
        fixed: fixed.map((outcome) => outcome.text.replace(argument, 'PROMPT')),
      };
    };
    const bare = await read(prompt);
    assert.deepEqual(bare, await read(`(${prompt})`));
    assert.ok(bare.findings.every((findings) => findings.length === 1 && /typed in at a prompt/.test(String(findings[0][1]))));
  });

  it("a method call as a parameter's value is one value, with the members chained after it: a fix drops or copies it whole", async () => {
    const script = [
      '$cred = Get-Credential',
      "Send-MailMessage -To ops@contoso.com -Port $cfg.Item('port').Value -From ops@contoso.com -Subject Backlog -SmtpServer smtp.office365.com -UseSsl -Credential $cred",
      "Connect-ExchangeOnline -Credential $cred -Organization $cfg.Item('org') -ShowBanner:$false",
      "Connect-ExchangeOnline -Credential $cred -Organization $cfg.Tenant('x').Domain('y') -ShowBanner:$false",
      "Connect-ExchangeOnline -Credential $cred -Organization $upn.Split('@')[1].ToLower() -ShowBanner:$false",
      'Connect-ExchangeOnline -Credential $cred -Organization ("Contoso").Replace("C", "c").Trim() -ShowBanner:$false',
      "Connect-PnPOnline $cfg.Site('ops').Url -Credentials $cred",
      'Connect-PnPOnline($site).Url -Credentials $cred',
      'Connect-PnPOnline -Url $cfg.Site("Contoso (EU)").Get(($i + 1)) -Credentials $cred',
      '',
    ].join('\n');
    const { findings } = await analyze('report.ps1', script, 'powershell');
    const rewritten = /^(Send-GraphMail |Connect-\w+ .*-AccessToken )/;
    // The first unattended fix: a prompted sign-in's first is the interactive one, which writes no token.
    const fixedLines = findings.map((finding) => applyEdits(script, finding.fixes.find((fix) => !fix.interactive)!.edits).split('\n').find((line) => rewritten.test(line)));
    // The token is the organisation's the sign-in names, the whole chain copied as -Tenant.
    const token = (organization: string) => `(Get-SamAccessToken -Scope 'https://outlook.office365.com/.default' -Tenant ${organization})`;
    const exchange = (organization: string) => `Connect-ExchangeOnline -AccessToken ${token(organization)} -Organization ${organization} -ShowBanner:$false`;
    assert.deepEqual(fixedLines, [
      'Send-GraphMail -To ops@contoso.com -From ops@contoso.com -Subject Backlog',
      exchange("$cfg.Item('org')"),
      exchange("$cfg.Tenant('x').Domain('y')"),
      // An index, and calls chained on brackets, that the grammar was given as blanks.
      exchange("$upn.Split('@')[1].ToLower()"),
      exchange('("Contoso").Replace("C", "c").Trim()'),
      // Bound by position: the URL is the whole chain, copied into the token's scope too.
      `Connect-PnPOnline -Url $cfg.Site('ops').Url -AccessToken (Get-SamAccessToken -Scope "$(([uri]($cfg.Site('ops').Url)).GetLeftPart('Authority'))/.default")`,
      // Brackets glued to the command's name, and brackets and a string with brackets among the arguments.
      `Connect-PnPOnline -Url ($site).Url -AccessToken (Get-SamAccessToken -Scope "$(([uri](($site).Url)).GetLeftPart('Authority'))/.default")`,
      `Connect-PnPOnline -Url $cfg.Site("Contoso (EU)").Get(($i + 1)) -AccessToken (Get-SamAccessToken -Scope "$(([uri]($cfg.Site("Contoso (EU)").Get(($i + 1)))).GetLeftPart('Authority'))/.default")`,
    ]);
  });

  it('blanks PowerShell takes beyond ASCII (no-break spaces pasted from a web page) separate words: the sign-ins are found, and a fix keeps them in strings', async () => {
    const script = [
      'function Connect-Tenant {',
      '\u00a0\u00a0 $cred = Get-Credential',
      '\u00a0\u00a0 Write-Host "Signing\u00a0in" # as\u00a0pasted',
      '\u00a0\u00a0 Connect-ExchangeOnline\u00a0-Credential $cred -ShowBanner:$false',
      '}',
      'Connect-MicrosoftTeams\u2009-Credential $cred',
      '',
    ].join('\n');
    const { findings, notices } = await analyze('connect.ps1', script, 'powershell');
    assert.deepEqual(notices, []);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['ps-connect-user-credential', 3], ['ps-connect-user-credential', 5]]);
    const fixed = applyEdits(script, findings[0].fixes.find((fix) => !fix.interactive)!.edits);
    assert.ok(fixed.includes('Write-Host "Signing\u00a0in" # as\u00a0pasted'), fixed);
    assert.match(fixed, /\n\u00a0\u00a0 Connect-ExchangeOnline -AccessToken /);
  });

  it('a no-break space before a parameter separates it even in a script whose quotes do not add up', async () => {
    const { findings } = await analyze('broken.ps1', 'Connect-MsolService\u00a0-Credential $cred\n$x = "unterminated\n', 'powershell');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['ps-connect-user-credential', 0]]);
  });

  it('a no-break space before a comment starts the comment, and a string keeps its own through a fix', async () => {
    const script = ['$n = 1\u00a0# count', 'Connect-PnPOnline -Url "https://contoso.sharepoint.com/sites/Team\u00a0A" -Credentials (Get-Credential)', ''].join('\n');
    const { findings, notices } = await analyze('connect.ps1', script, 'powershell');
    assert.deepEqual(notices, []);
    assert.deepEqual(findings.map((f) => f.ruleId), ['ps-connect-user-credential']);
    const fixed = applyEdits(script, findings[0].fixes[0].edits);
    assert.ok(fixed.includes('Connect-PnPOnline -Url "https://contoso.sharepoint.com/sites/Team\u00a0A" -AccessToken'), fixed);
  });

  it('a string glued to a variable is two arguments: a password written so is still found; in an assignment it stays an error', async () => {
    const glued = await analyze('secret.ps1', '$secure = ConvertTo-SecureString "Summer2024!"$suffix -AsPlainText -Force\n', 'powershell');
    assert.deepEqual(glued.findings.map((f) => f.ruleId), ['ps-plaintext-password']);
    assert.deepEqual(glued.notices.filter((n) => n.kind === 'parse-error'), []);
    const assigned = await analyze('invalid.ps1', '$x = "a"$b\nConnect-MsolService -Credential $cred\n', 'powershell');
    assert.deepEqual(assigned.notices.map((n) => n.kind), ['parse-error']);
  });

  it('a comma that ends a comment is no list: the sign-in below it is found', async () => {
    const script = ['$cred = Get-Credential', 'Get-Mailbox | Format-Table Name, Count', '# then: Exchange, SharePoint,', 'Connect-ExchangeOnline -Credential $cred'];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 3, true]]);
  });

  it('a sign-in after a command whose name starts with class is found and fixed (the grammar lost it)', async () => {
    const script = ['$cred = Import-Clixml admin.xml', 'classifyItem -Path $file', 'Connect-MsolService -Credential $cred'];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 2, true]]);
  });

  it('a sign-in in a block after a lone $ is found and fixed (the grammar lost it)', async () => {
    const script = ['$cred = Import-Clixml admin.xml', 'if ($ok) {', '    Write-Host $', '    Connect-MsolService -Credential $cred', '}'];
    assert.deepEqual(await findingsWithoutNotice('connect.ps1', script), [['ps-connect-user-credential', 3, true]]);
  });

  it("a variable in braces before ?. is the variable, without the ?: a fix copies the member access whole", async () => {
    const script = [
      'foreach ($t in ${tenants}?.Items) {',
      '    $cred = Import-Clixml admin.xml',
      '    Connect-ExchangeOnline -Credential $cred -DelegatedOrganization ${t}?.Domain -ShowBanner:$false',
      '}',
      '',
    ].join('\n');
    const names = await withPowerShellTree(script, (tree) => {
      const found: string[] = [];
      const visit = (node: Node) => {
        if (node.type === 'variable') found.push(`${node.text}=${writtenVariableName(node)}`);
        node.children.forEach((child) => child && visit(child));
      };
      visit(tree.rootNode);
      return found;
    });
    assert.ok(names.includes('${tenants}?=tenants') && names.includes('${t}?=t'), names.join(' | '));
    const fixed = await fixAll('connect.ps1', script, 'powershell');
    assert.deepEqual(fixed.applied.map((fix) => fix.ruleId), ['ps-connect-user-credential']);
    assert.match(fixed.text, /\n {4}Connect-ExchangeOnline -AccessToken \(Get-SamAccessToken -Scope '[^']+' -Tenant \$\{t\}\?\.Domain\) -DelegatedOrganization \$\{t\}\?\.Domain -ShowBanner:\$false\n/);
  });

  it("the tree reads the script's own words where the grammar was given stand-ins", async () => {
    const script = 'Format-Table Name, Alias -AutoSize; $quota = $size / 1GB; Set-Mailbox -CustomAttribute13 x\n';
    const texts = await withPowerShellTree(script, (tree) => {
      const found: string[] = [];
      const visit = (node: Node) => {
        if (['array_literal_expression', 'decimal_integer_literal', 'command_parameter'].includes(node.type)) found.push(node.text);
        node.children.forEach((child) => child && visit(child));
      };
      visit(tree.rootNode);
      return found;
    });
    assert.ok(texts.includes('Name, Alias'), texts.join(' | '));
    assert.ok(texts.includes('1GB'));
    assert.ok(texts.includes('-CustomAttribute13'));
  });

  it('a bare word like one in a list is left alone where the grammar reads the script', async () => {
    // An attribute's arguments and a string with a comma: nothing to stand in for, and no notice.
    const script = "function Get-Report {\n  [CmdletBinding()]\n  param([Parameter(Mandatory, Position = 0)] $Name)\n  'Name, Alias'\n}\n" + `${PASSWORD}\n`;
    assert.equal(await grammarAloneErrs(script), false);
    const { findings, notices } = await analyze('report.ps1', script, 'powershell');
    assert.deepEqual(notices, []);
    assert.deepEqual(findings.map((f) => f.ruleId), ['ps-plaintext-password']);
  });

  it('a line starting with | goes on with no pipeline after a blank line (PowerShell errs too), in a here-string, or as ||', async () => {
    const afterBlank = await analyze('script.ps1', `$m = Get-Mailbox\n\n| Select-Object Name\n${PASSWORD}\n`, 'powershell');
    assert.deepEqual(afterBlank.notices.map((n) => n.kind), ['parse-error']);
    const commentAfterBlank = await analyze('script.ps1', `$m = Get-Mailbox\n\n# names\n| Select-Object Name\n${PASSWORD}\n`, 'powershell');
    assert.deepEqual(commentAfterBlank.notices.map((n) => n.kind), ['parse-error']);
    const hereString = "$body = @'\nName\n| Identity |\n'@\n";
    assert.deepEqual(await findingsWithoutNotice('script.ps1', [hereString + PASSWORD]), [['ps-plaintext-password', 4, true]]);
    assert.equal((await analyze('script.ps1', `Get-Mailbox\n|| Write-Error 'none'\n${PASSWORD}\n`, 'powershell')).notices.length, 1);
  });

  it("a fix of a sign-in whose pipeline goes on at a line starting with | keeps the script's line breaks and comments", async () => {
    const script = ['$cred = Import-Clixml admin.xml', 'Connect-ExchangeOnline -Credential $cred # sign in', '    # quietly', '    | Out-Null', 'Get-Mailbox', '| Select-Object Name', ''].join('\n');
    const fixed = await fixAll('script.ps1', script, 'powershell');
    assert.deepEqual(fixed.applied.map((fix) => fix.ruleId), ['ps-connect-user-credential']);
    assert.match(fixed.text, /\nConnect-ExchangeOnline -AccessToken [^\n]+ # sign in\n {4}# quietly\n {4}\| Out-Null\nGet-Mailbox\n\| Select-Object Name\n$/);
    assert.deepEqual((await analyze('script.ps1', fixed.text, 'powershell')).notices, []);
  });
});
