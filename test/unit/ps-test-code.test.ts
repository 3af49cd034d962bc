import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { ruleFixtureFindings } from './fixtures';

/** Fixtures of Pester tests signing in as their own test account: the rule, the fixture, and what makes each finding test code. */
const TEST_SIGN_INS: [rule: string, fixture: string, marks: string[]][] = [
  ['ps-ropc-http', 'TokenApi.Tests.ps1', ['the file is test code, as it is named as a Pester test (TokenApi.Tests.ps1)']],
  [
    'ps-connect-user-credential',
    'pester-reader-permissions.ps1',
    ['the sign-in is test code, as it runs in a Pester BeforeAll block (line 3)', 'the sign-in is test code, as it runs in a Pester It block (line 14)'],
  ],
];

describe("Pester tests' sign-ins, whose fixes would sign the test in as another account", () => {
  for (const [rule, fixture, marks] of TEST_SIGN_INS) {
    it(`${rule}/${fixture}: quick fixes only, and the message says what makes it test code`, async () => {
      const findings = await ruleFixtureFindings(rule, fixture);
      assert.equal(findings.length, marks.length);
      for (const [at, finding] of findings.entries()) {
        assert.ok(finding.fixes.length > 0, 'no fix offered');
        assert.ok(finding.fixes.every((fix) => !fix.safeForFixAll));
        assert.ok(finding.message.includes(`(Fix-all leaves this to you: ${marks[at]}, and signs a test account in; `), finding.message);
      }
    });
  }

  it('its app-only fixes alone (a Secure Application Model fix is not offered in a Pester block): the note names no refresh token', async () => {
    const [inBeforeAll] = await ruleFixtureFindings('ps-connect-user-credential', 'pester-reader-permissions.ps1');
    assert.match(inBeforeAll.message, /signs a test account in; an app-only fix would sign the test in as no user at all\. Apply it where the test is meant to run as an app/);
  });

  it("not a production script's own It-Works and Context commands, nor Describe and It written in strings", async () => {
    const findings = await ruleFixtureFindings('ps-connect-user-credential', 'it-works-not-pester.ps1');
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.equal(finding.fixes[0].safeForFixAll, true);
      assert.doesNotMatch(finding.message, /test code/);
    }
  });
});

describe('what makes PowerShell test code', () => {
  const SIGN_IN = ['$credential = Import-Clixml -Path "$PSScriptRoot\\svc.xml"', 'Connect-AzAccount -Credential $credential'];

  /** The note's mark of test code on the sign-in of a script at `path` made of `lines`, or undefined without one (and with fix-all kept). */
  async function markOf(path: string, lines: string[]): Promise<string | undefined> {
    const [finding] = (await analyze(path, `${lines.join('\n')}\n`, 'powershell')).findings.filter((f) => f.ruleId === 'ps-connect-user-credential');
    const mark = /\(Fix-all leaves this to you: (the (?:file|sign-in) is test code, as .*?), and signs a test account in/.exec(finding.message)?.[1];
    if (!mark) assert.equal(finding.fixes[0].safeForFixAll, true, finding.message);
    return mark;
  }

  it("Pester's file name, in any case, wherever the sign-in is in the script", async () => {
    assert.equal(await markOf('/repo/Connect.Tests.ps1', SIGN_IN), 'the file is test code, as it is named as a Pester test (Connect.Tests.ps1)');
    assert.equal(await markOf('C:\\repo\\tests\\module.tests.PS1', SIGN_IN), 'the file is test code, as it is named as a Pester test (module.tests.PS1)');
    assert.equal(await markOf('/repo/ConnectTests.ps1', SIGN_IN), undefined);
    assert.equal(await markOf('/repo/Connect.Test.ps1', SIGN_IN), undefined);
  });

  it("the innermost of Pester's blocks the sign-in runs in, given as an argument, by name or module-qualified", async () => {
    const block = (open: string) => [SIGN_IN[0], open, `    ${SIGN_IN[1]}`, '}'];
    assert.equal(await markOf('/repo/check.ps1', ['Describe "tenant" {', ...block("  Context 'reader' {"), '}']), 'the sign-in is test code, as it runs in a Pester Context block (line 3)');
    assert.equal(await markOf('/repo/check.ps1', block("It -Name 'signs in' -Test {")), 'the sign-in is test code, as it runs in a Pester It block (line 2)');
    assert.equal(await markOf('/repo/check.ps1', block("Pester\\beforeEach {")), 'the sign-in is test code, as it runs in a Pester BeforeEach block (line 2)');
    assert.equal(await markOf('/repo/check.ps1', block('AfterAll {')), 'the sign-in is test code, as it runs in a Pester AfterAll block (line 2)');
  });

  it("not a sign-in beside Pester's blocks, nor in a block of a command of the script's own of that name", async () => {
    assert.equal(await markOf('/repo/check.ps1', ["Describe 'tenant' { It 'is reachable' { $true | Should -BeTrue } }", ...SIGN_IN]), undefined);
    const ownDescribe = ['function Describe([string] $Name, [scriptblock] $Body) { & $Body }', SIGN_IN[0], "Describe 'step' {", `    ${SIGN_IN[1]}`, '}'];
    assert.equal(await markOf('/repo/check.ps1', ownDescribe), undefined);
  });
});
