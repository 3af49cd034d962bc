import { strict as assert } from 'node:assert';
import { analyze, syntaxErrorCount } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { fixAll } from '../../src/engine/fix-all';

/** Each script starts with this line; the fixed text is compared from it (a token function the fix adds goes above it). */
const MARK = '# case\n';
const SAM_MG = "Connect-MgGraph -AccessToken (Get-SamAccessToken -Scope 'https://graph.microsoft.com/.default' -AsSecureString) -NoWelcome";
const SAM_EXO = "Connect-ExchangeOnline -AccessToken (Get-SamAccessToken -Scope 'https://outlook.office365.com/.default') -Organization $env:MFA_READY_ORGANIZATION -ShowBanner:$false";
const SESSION = '$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential $cred -Authentication Basic -AllowRedirection';
const CRED = "$cred = Import-Clixml -Path 'C:\\admin.xml'";

interface Case {
  name: string;
  script: string;
  fixed: string;
}

/** The first fix of the rule's first finding whose title matches, applied; the fixed text from the mark on. */
async function fixedBy(script: string, rule: string, title: RegExp): Promise<string> {
  const { findings } = await analyze('case.ps1', script, 'powershell');
  const fix = findings.filter((f) => f.ruleId === rule).flatMap((f) => f.fixes).find((f) => title.test(f.title));
  assert.ok(fix, `no fix of ${rule} titled ${title}`);
  const text = applyEdits(script, fix.edits);
  assert.ok((await syntaxErrorCount(text, 'powershell')) <= (await syntaxErrorCount(script, 'powershell')), `the fix added a syntax error:\n${text}`);
  return text.slice(text.indexOf(MARK.trimEnd()));
}

async function fixedByFixAll(script: string): Promise<string> {
  const { text } = await fixAll('case.ps1', script, 'powershell');
  assert.ok((await syntaxErrorCount(text, 'powershell')) <= (await syntaxErrorCount(script, 'powershell')), `fix-all added a syntax error:\n${text}`);
  return text.slice(text.indexOf(MARK.trimEnd()));
}

function check(cases: readonly Case[], fixed: (script: string) => Promise<string>): void {
  for (const { name, script, fixed: expected } of cases) {
    it(name, async () => assert.equal(await fixed(script), expected));
  }
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('a statement a PowerShell fix takes out', () => {
  describe("the credential a sign-in's fix no longer reads", () => {
    const signIn = 'Connect-MsolService -Credential $cred\nGet-MgUser\n';
    check(
      [
        { name: 'alone on its line, with the comment after it', script: `${MARK}${CRED} # the admin's credential\n${signIn}`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        { name: 'after another statement and a `;`', script: `${MARK}$n = 1; ${CRED}\n${signIn}`, fixed: `${MARK}$n = 1\n${SAM_MG}\nGet-MgUser\n` },
        { name: 'before a `;` and another statement', script: `${MARK}${CRED}; $m = 2\n${signIn}`, fixed: `${MARK}$m = 2\n${SAM_MG}\nGet-MgUser\n` },
        { name: 'ended by a `;` and a comment', script: `${MARK}${CRED}; # the admin\n${signIn}`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        { name: 'before the sign-in on its line', script: `${MARK}${CRED}; ${signIn}`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        { name: 'in a block on one line', script: `${MARK}if (Test-Path 'C:\\x') { ${CRED} }\n${signIn}`, fixed: `${MARK}if (Test-Path 'C:\\x') { }\n${SAM_MG}\nGet-MgUser\n` },
        { name: 'in a try on one line, which goes with its catch', script: `${MARK}try { ${CRED} } catch { throw }\n${signIn}`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        {
          name: 'in a try on one line with a finally, which stays',
          script: `${MARK}try { ${CRED} } catch { throw } finally { Stop-Transcript }\n${signIn}`,
          fixed: `${MARK}try { } finally { Stop-Transcript }\n${SAM_MG}\nGet-MgUser\n`,
        },
        {
          name: 'in a try over lines, which goes with its catch and an empty finally',
          script: `${MARK}try {\n    ${CRED}\n}\ncatch {\n    throw\n}\nfinally {\n}\n${signIn}`,
          fixed: `${MARK}${SAM_MG}\nGet-MgUser\n`,
        },
        { name: 'over lines continued with a backtick', script: `${MARK}$cred = Import-Clixml \`\n  -Path 'C:\\admin.xml'\n${signIn}`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        {
          name: 'a user name in a here-string, with the credential made of it',
          script: `${MARK}$user = @'\nsvc@contoso.com\n'@\n$cred = New-Object PSCredential($user, (Get-Content 'C:\\p.txt' | ConvertTo-SecureString))\n${signIn}`,
          fixed: `${MARK}${SAM_MG}\nGet-MgUser\n`,
        },
        { name: 'in a CRLF script', script: crlf(`${MARK}${CRED}\n${signIn}`), fixed: crlf(`${MARK}${SAM_MG}\nGet-MgUser\n`) },
      ],
      (script) => fixedBy(script, 'ps-connect-user-credential', /Secure Application Model/),
    );
  });

  describe('a password and the credential made of it that nothing reads', () => {
    const password = "$pw = ConvertTo-SecureString 'Winter2025!' -AsPlainText -Force";
    const made = "$cred = New-Object PSCredential('svc@contoso.com', $pw)";
    const inPlace = "$cred = [pscredential]::new('svc@contoso.com', (ConvertTo-SecureString 'Winter2025!' -AsPlainText -Force))";
    check(
      [
        { name: 'alone on their lines, with the comments after them', script: `${MARK}${password} # the password\n${made} # its credential\nGet-MgUser\n`, fixed: `${MARK}Get-MgUser\n` },
        { name: 'between other statements and `;`s', script: `${MARK}$n = 1; ${password}; $m = 2\n${made}; $o = 3\n`, fixed: `${MARK}$n = 1; $m = 2\n$o = 3\n` },
        { name: 'over lines continued with a backtick', script: `${MARK}$pw = ConvertTo-SecureString 'Winter2025!' \`\n  -AsPlainText -Force\n$cred = New-Object PSCredential \`\n  ('svc@contoso.com', $pw)\nGet-MgUser\n`, fixed: `${MARK}Get-MgUser\n` },
        {
          name: 'a password in a here-string',
          script: `${MARK}$text = @'\nWinter2025!\n'@\n$cred = [pscredential]::new('svc@contoso.com', (ConvertTo-SecureString $text -AsPlainText -Force))\nGet-MgUser\n`,
          fixed: `${MARK}Get-MgUser\n`,
        },
        { name: 'in a block on one line', script: `${MARK}if ($n) { ${inPlace} }\nGet-MgUser\n`, fixed: `${MARK}if ($n) { }\nGet-MgUser\n` },
        { name: 'both on one line', script: `${MARK}$n = 1\n${password}; ${made} # both\nGet-MgUser\n`, fixed: `${MARK}$n = 1\nGet-MgUser\n` },
        { name: 'both on one line after another statement', script: `${MARK}$n = 1; ${password}; ${made}\nGet-MgUser\n`, fixed: `${MARK}$n = 1\nGet-MgUser\n` },
        { name: "on the script's last line, which ends without a line break", script: `${MARK}Get-MgUser\n${inPlace} # last`, fixed: `${MARK}Get-MgUser` },
        { name: "on a CRLF script's last line", script: crlf(`${MARK}Get-MgUser\n${inPlace}`), fixed: crlf(`${MARK}Get-MgUser`) },
      ],
      (script) => fixedBy(script, 'ps-plaintext-password', /^Remove the password/),
    );
  });

  describe("an Exchange session's import, which the new sign-in does without", () => {
    const head = `${MARK}${CRED}\n`;
    check(
      [
        { name: 'alone on its line, with the comment after it', script: `${head}${SESSION}\nImport-PSSession $s # the cmdlets\nGet-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n` },
        { name: 'after the session and a `;`', script: `${head}${SESSION}; Import-PSSession $s\nGet-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n` },
        { name: 'before a `;` and another statement', script: `${head}${SESSION}\nImport-PSSession $s; Get-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n` },
        { name: 'two on one line', script: `${head}${SESSION}\nImport-PSSession $s; Import-PSSession $s -DisableNameChecking\nGet-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n` },
        { name: 'over lines continued with a backtick', script: `${head}${SESSION}\nImport-PSSession $s \`\n  -DisableNameChecking\nGet-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n` },
        {
          name: 'in a try over lines, which goes with its catch',
          script: `${head}${SESSION}\ntry {\n    Import-PSSession $s\n}\ncatch {\n    exit 1\n}\nGet-Mailbox\n`,
          fixed: `${MARK}${SAM_EXO}\nGet-Mailbox\n`,
        },
        { name: 'in a try on one line with a finally, which stays', script: `${head}${SESSION}\ntry { Import-PSSession $s } catch { exit 1 } finally { $n = 1 }\nGet-Mailbox\n`, fixed: `${MARK}${SAM_EXO}\ntry { } finally { $n = 1 }\nGet-Mailbox\n` },
        {
          name: 'in a block on one line under a condition that acts',
          script: `${head}${SESSION}\nif (Test-Path 'C:\\x') { Import-PSSession $s }\nGet-Mailbox\n`,
          fixed: `${MARK}${SAM_EXO}\nif (Test-Path 'C:\\x') { }\nGet-Mailbox\n`,
        },
        { name: "on the script's last line, which ends without a line break", script: `${head}${SESSION}\nImport-PSSession $s`, fixed: `${MARK}${SAM_EXO}` },
        { name: "on a CRLF script's last line", script: crlf(`${head}${SESSION}\nImport-PSSession $s`), fixed: crlf(`${MARK}${SAM_EXO}`) },
      ],
      (script) => fixedBy(script, 'ps-exchange-basic-auth-session', /Secure Application Model/),
    );
  });

  describe('a sign-in the one above it already does once fixed (fix-all)', () => {
    const head = `${MARK}${CRED}\n`;
    check(
      [
        { name: 'alone on its line, with the comment after it', script: `${head}Connect-MsolService -Credential $cred\nConnect-AzureAD -Credential $cred # for the groups\nGet-MgUser\n`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        { name: 'after the other and a `;`, in a block on one line', script: `${head}if ($x) { Connect-MsolService -Credential $cred; Connect-AzureAD -Credential $cred }\nGet-MgUser\n`, fixed: `${MARK}if ($x) { ${SAM_MG} }\nGet-MgUser\n` },
        { name: 'before a `;` and another statement', script: `${head}Connect-MsolService -Credential $cred\nConnect-AzureAD -Credential $cred; Get-MgUser\n`, fixed: `${MARK}${SAM_MG}\nGet-MgUser\n` },
        {
          name: 'over lines continued with a backtick',
          script: `${head}Connect-MsolService \`\n  -Credential $cred\nConnect-AzureAD \`\n  -Credential $cred\nGet-MgUser\n`,
          fixed: `${MARK}${SAM_MG.replace(' -AccessToken', ' `\n  -AccessToken').replace(' -NoWelcome', ' `\n  -NoWelcome')}\nGet-MgUser\n`,
        },
        {
          name: "on the script's last line, which ends without a line break: the `;` of the one above stays",
          script: `${head}Get-MgUser\nConnect-MsolService -Credential $cred;\nConnect-AzureAD -Credential $cred;`,
          fixed: `${MARK}Get-MgUser\n${SAM_MG};`,
        },
        { name: "on a CRLF script's last line", script: crlf(`${head}Get-MgUser\nConnect-MsolService -Credential $cred\nConnect-AzureAD -Credential $cred`), fixed: crlf(`${MARK}Get-MgUser\n${SAM_MG}`) },
      ],
      fixedByFixAll,
    );
  });
});
