import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import type { Finding } from '../../src/engine/finding';
import { RULE_FIXTURES, ruleFixtureFindings as findingsOf } from './fixtures';

/** Line, severity, and where the message says EWS connects. */
function summary(findings: Finding[]) {
  return findings.map((f) => [
    f.range.start.line + 1,
    f.severity,
    /signs in to (\S+) \(Exchange Online\)|to (the server Autodiscover finds|a server the file does not show)/.exec(f.message)!.slice(1).join(''),
  ]);
}

function relatedOf(finding: Finding) {
  return finding.related.map((r) => [r.message, r.range.start.line + 1]);
}

describe('ps-ews-basic-auth: where EWS connects sets the severity', () => {
  it('an Exchange Online host of any cloud, in any casing, through Uri and a [uri] variable, is an error that names it', async () => {
    const findings = await findingsOf('ps-ews-basic-auth', 'exchange-online.ps1');
    assert.deepEqual(summary(findings), [
      [12, 'error', 'outlook.office365.com'],
      [14, 'error', 'outlook.office365.com'],
      [21, 'error', 'outlook.office365.com'],
      [26, 'error', 'outlook.office365.com'],
      [30, 'error', 'outlook.office.com'],
      [35, 'error', 'outlook.office365.us'],
      [40, 'error', 'outlook.office365.com'],
      [47, 'error', 'outlook.office365.com'],
    ]);
    for (const finding of findings) {
      assert.match(finding.message, /basic authentication in Exchange Online is off since 2022-10-01.*Microsoft Graph.*No quick fix/);
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('Autodiscover, a URL read at run time or a placeholder host is a warning that says so; a written on-premises server is no finding', async () => {
    assert.deepEqual(summary(await findingsOf('ps-ews-basic-auth', 'unknown-server.ps1')), [
      [5, 'warning', 'a server the file does not show'],
      [11, 'warning', 'a server the file does not show'],
      [17, 'warning', 'a server the file does not show'],
    ]);
    assert.deepEqual(summary(await findingsOf('ps-ews-basic-auth', 'autodiscover.ps1')), [
      [3, 'warning', 'the server Autodiscover finds'],
      [8, 'error', 'outlook.office365.com'],
    ]);
    assert.deepEqual(await findingsOf('ps-ews-basic-auth', 'negatives.ps1'), []);
  });

  it('says when the password is written in the script, and points at where a credential given later is made', async () => {
    const findings = await findingsOf('ps-ews-basic-auth', 'exchange-online.ps1');
    const written = findings.filter((f) => f.message.endsWith('The password is written in the script.'));
    assert.deepEqual(written.map((f) => f.range.start.line + 1), [21]);
    assert.deepEqual(written[0].related.map((r) => [r.message, r.range.start.line + 1]), [['the credential is made here', 19]]);
  });

  it("reads a class's, a function's and the script's service each where it lives; a credential handed on is at most a warning", async () => {
    assert.deepEqual(summary(await findingsOf('ps-ews-basic-auth', 'services-in-scope.ps1')), [
      [7, 'error', 'outlook.office365.com'],
      [20, 'warning', 'a server the file does not show'],
      [29, 'error', 'autodiscover-s.office365.us'],
      [32, 'warning', 'a server the file does not show'],
    ]);
  });
});

describe('PowerShell typographic quotes', () => {
  it('are read as the quotes they are to PowerShell: no parse error, and the written password is seen', async () => {
    const path = join(RULE_FIXTURES, 'ps-ews-basic-auth', 'typographic-quotes.ps1');
    const { findings, notices } = await analyze(path, readFileSync(path, 'utf8'), 'powershell');
    assert.deepEqual(notices, []);
    assert.deepEqual(summary(findings), [[5, 'error', 'outlook.office365.com']]);
    assert.match(findings[0].message, /The password is written in the script\.$/);
  });
});

describe('ts-ews-basic-auth: where EWS connects sets the severity', () => {
  it('ews-javascript-api credentials for an Exchange Online service are errors; the literal password is ts-hardcoded-password\'s too', async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'exchange-online.ts');
    assert.deepEqual(summary(findings), [
      [9, 'error', 'outlook.office365.com'],
      [16, 'error', 'outlook.office365.com'],
      [23, 'error', 'outlook.office365.com'],
      // One choice of a `?:` (inside a cast) that the service's Credentials take.
      [29, 'error', 'outlook.office365.com'],
    ]);
    assert.match(findings[1].message, /\(ews-javascript-api ExchangeCredentials\)/);
    const hardcoded = await findingsOf('ts-hardcoded-password', '../ts-ews-basic-auth/exchange-online.ts');
    assert.deepEqual(hardcoded.map((f) => f.range.start.line + 1), [23]);
  });

  it('node-ews says basic or NTLM, judges its own host (given one by one or without its scheme too), and skips a bearer token and an on-premises host', async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'node-ews.js');
    assert.deepEqual(summary(findings), [
      [10, 'error', 'outlook.office365.com'],
      [12, 'warning', 'a server the file does not show'],
      [15, 'error', 'outlook.office365.com'],
      [16, 'error', 'outlook.office365.com'],
    ]);
    assert.match(findings[0].message, /\(node-ews with basic authentication\), which fails: basic authentication in Exchange Online is off since 2022-10-01\./);
    assert.match(findings[1].message, /\(node-ews with NTLM\) to a server the file does not show\. If that is Exchange Online, the sign-in fails: Exchange Online does not accept NTLM, which is legacy authentication \(on-premises/);
    assert.doesNotMatch(findings[1].message, /basic authentication/);
  });

  it('a service judged by its own URLs in its own function: another function\'s cloud URL does not make a farm Exchange Online', async () => {
    assert.deepEqual(await findingsOf('ts-ews-basic-auth', 'negatives.ts'), []);
    // The service's WebCredentials (line 7) are the transport's account: the transport's one finding.
    assert.deepEqual(summary(await findingsOf('ts-ews-basic-auth', 'unknown-server.ts')), [[10, 'warning', 'a server the file does not show']]);
  });

  it("the NTLM and cookie transports are judged by the services of the file; the library's dummy credentials are no hard-coded password", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'transports.js');
    assert.deepEqual(summary(findings), [
      [7, 'error', 'outlook.office365.com'],
      [14, 'error', 'outlook.office365.com'],
    ]);
    assert.deepEqual(relatedOf(findings[0]), [['the service is given placeholder credentials here (ews-javascript-api WebCredentials); the transport signs in instead', 11]]);
    assert.match(findings[0].message, /\(ews-javascript-api-auth ntlmAuthXhrApi\), which fails: Exchange Online does not accept NTLM, which is legacy authentication\./);
    assert.doesNotMatch(findings[0].message, /basic authentication/);
    assert.deepEqual(await findingsOf('ts-hardcoded-password', '../ts-ews-basic-auth/transports.js'), []);
  });

  it("a transport of the file's own given the password is the sign-in, named in the message, with the service's dummy or same-account credentials as related locations; one given no password is none", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'custom-transport.js');
    assert.deepEqual(summary(findings), [
      [21, 'error', 'outlook.office365.com'],
      [38, 'error', 'outlook.office365.com'],
    ]);
    assert.match(findings[0].message, /\(NTLMXHRAPI, a custom XHR API given the password\), which fails: Exchange Online does not accept NTLM/);
    assert.deepEqual(relatedOf(findings[0]), [['the service is given placeholder credentials here (ews-javascript-api WebCredentials); the transport signs in instead', 24]]);
    assert.match(findings[1].message, /\(CookieXhr, a custom XHR API given the password\)/);
    assert.deepEqual(relatedOf(findings[1]), [['the service is given credentials for the same account here (ews-javascript-api WebCredentials); the transport signs in instead', 41]]);
    assert.deepEqual(summary(await findingsOf('ts-ews-basic-auth', 'custom-transport-without-password.js')), [[12, 'error', 'outlook.office365.com']]);
  });

  it("a transport and the service's credentials for the same account are one sign-in, at the transport; another account's or handed-on credentials are their own", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'transport-and-credentials.ts');
    assert.deepEqual(summary(findings), [
      [9, 'error', 'outlook.office365.com'],
      [13, 'error', 'outlook.office365.com'],
      [15, 'warning', 'a server the file does not show'],
    ]);
    assert.match(findings[0].message, /\(@ewsjs\/xhr useNtlmAuthentication\)/);
    assert.deepEqual(relatedOf(findings[0]), [['the service is given credentials for the same account here (ews-javascript-api WebCredentials); the transport signs in instead', 7]]);
    assert.deepEqual(findings.slice(1).map(relatedOf), [[], []]);
    const sameVariables = await findingsOf('ts-ews-basic-auth', 'transport-same-account.js');
    assert.deepEqual(summary(sameVariables), [[7, 'error', 'outlook.office365.com']]);
    assert.deepEqual(relatedOf(sameVariables[0]).map(([, line]) => line), [9]);
  });

  it("two functions' parameters of one name are not taken for one account: the transport and the credentials stay two findings", async () => {
    const source = [
      "import { ConfigurationApi, ExchangeService, ExchangeVersion, Uri, WebCredentials } from 'ews-javascript-api';",
      "import { XhrApi } from '@ewsjs/xhr';",
      'export function transport(o: { user: string; pass: string }) {',
      '  ConfigurationApi.ConfigureXHR(new XhrApi({}).useNtlmAuthentication(o.user, o.pass));',
      '}',
      'export function mailbox(o: { user: string; pass: string }) {',
      '  const service = new ExchangeService(ExchangeVersion.Exchange2013);',
      '  service.Credentials = new WebCredentials(o.user, o.pass);',
      "  service.Url = new Uri('https://outlook.office365.com/EWS/Exchange.asmx');",
      '}',
    ].join('\n');
    const { findings } = await analyze('ews.ts', source, 'typescript');
    const ews = findings.filter((f) => f.ruleId === 'ts-ews-basic-auth');
    assert.deepEqual(summary(ews), [
      [4, 'error', 'outlook.office365.com'],
      [8, 'error', 'outlook.office365.com'],
    ]);
    assert.deepEqual(ews.map(relatedOf), [[], []]);
  });

  it("a transport folds a service's credentials only where it carries that service whenever they are given: not in a branch they are outside of, not another service's own, not handed on, not another class's this", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'transport-reach.ts');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, relatedOf(f).map(([, line]) => line)]),
      [
        // An if, a `?:` and an `&&` around the transport only: the credentials are a sign-in of their own.
        [11, []],
        [14, []],
        [22, []],
        [24, []],
        [25, []],
        // The credentials in the transport's branch, and a service's own transport: one sign-in.
        [34, [35]],
        [43, [44]],
        // Another service (b) than the transport's own; a transport handed on.
        [47, []],
        [54, []],
        [56, []],
        // this.user of the transport's class, through a variable that holds the transport; this.user of another class.
        [64, [69]],
        [79, []],
      ],
    );
  });

  it("a transport installed in the file's function folds the credentials only where a call of it runs whenever they are given: if (onPremises) useNtlm() does not", async () => {
    const ews = async (...connect: string[]) => {
      const source = [
        "import { ConfigurationApi, ExchangeService, ExchangeVersion, Uri, WebCredentials } from 'ews-javascript-api';",
        "import { XhrApi } from '@ewsjs/xhr';",
        'function useNtlm() {',
        '  ConfigurationApi.ConfigureXHR(new XhrApi({}).useNtlmAuthentication(process.env.EWS_USER, process.env.EWS_PASS));',
        '}',
        'function setUp(onPremises: boolean) { if (onPremises) useNtlm(); }',
        'export function connect(onPremises: boolean) {',
        ...connect,
        '  const service = new ExchangeService(ExchangeVersion.Exchange2013);',
        '  service.Credentials = new WebCredentials(process.env.EWS_USER, process.env.EWS_PASS);',
        "  service.Url = new Uri('https://outlook.office365.com/EWS/Exchange.asmx');",
        '}',
      ].join('\n');
      const { findings } = await analyze('ews.ts', source, 'typescript');
      return findings.filter((f) => f.ruleId === 'ts-ews-basic-auth').map((f) => [f.range.start.line + 1, relatedOf(f).map(([, line]) => line)]);
    };
    assert.deepEqual(await ews('  useNtlm();'), [[4, [10]]]);
    assert.deepEqual(await ews('  if (onPremises) useNtlm();'), [[4, []], [10, []]]);
    assert.deepEqual(await ews('  setUp(onPremises);'), [[4, []], [10, []]]);
    // A callback written in the branch: the same; one run where it is written folds them.
    assert.deepEqual(await ews('  if (onPremises) (() => { useNtlm(); })();'), [[4, []], [10, []]]);
    assert.deepEqual(await ews('  if (onPremises) [1].forEach(() => useNtlm());'), [[4, []], [10, []]]);
    assert.deepEqual(await ews('  (() => { useNtlm(); })();'), [[4, [10]]]);
  });

  it('a transport installed in a switch case, a catch or a finally, or on the right of ||, leaves the credentials outside it a sign-in of their own', async () => {
    const open = (body: string) => [
      'export function open(key: { user: string; pass: string }, how: string) {',
      '  const service = new ExchangeService(ExchangeVersion.Exchange2013);',
      '  service.Credentials = new WebCredentials(key.user, key.pass);',
      "  service.Url = new Uri('https://outlook.office365.com/EWS/Exchange.asmx');",
      `  ${body}`,
      '}',
    ];
    const source = [
      "import { ConfigurationApi, ExchangeService, ExchangeVersion, Uri, WebCredentials } from 'ews-javascript-api';",
      "import { XhrApi } from '@ewsjs/xhr';",
      ...open("switch (how) { case 'ntlm': service.XHRApi = new XhrApi({}).useNtlmAuthentication(key.user, key.pass); }"),
      ...open('try { connect(); } catch { ConfigurationApi.ConfigureXHR(new XhrApi({}).useNtlmAuthentication(key.user, key.pass)); }'),
      ...open('try { connect(); } finally { ConfigurationApi.ConfigureXHR(new XhrApi({}).useNtlmAuthentication(key.user, key.pass)); }'),
      ...open('service.XHRApi = service.XHRApi || new XhrApi({}).useNtlmAuthentication(key.user, key.pass);'),
      // Unconditional: one sign-in.
      ...open("const xhr = new XhrApi({}); xhr.useNtlmAuthentication(key.user, key.pass); ExchangeService.XHRApi = xhr;"),
    ].join('\n');
    const { findings } = await analyze('ews.ts', source, 'typescript');
    const ews = findings.filter((f) => f.ruleId === 'ts-ews-basic-auth');
    assert.deepEqual(
      ews.map((f) => [f.range.start.line + 1, relatedOf(f).map(([, line]) => line)]),
      [[5, []], [7, []], [11, []], [13, []], [17, []], [19, []], [23, []], [25, []], [31, [29]]],
    );
  });

  it("a transport folds the credentials through the file's functions: a helper given the service, a function returning the transport, one function's parameter; not another service, a branch, an early return or a caught try", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'transport-through-functions.ts');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, relatedOf(f).map(([, line]) => line)]),
      [
        // withNtlm(service), service.XHRApi = ntlmTransport() and = cookieTransport(), login of one function: one sign-in each.
        [7, [19]],
        [11, [29]],
        [14, [37]],
        [44, [46]],
        // withNtlm(other), if (ntlm) withNtlm(service), ntlm ? ntlmTransport() : …: the credentials are their own.
        [54, []],
        [61, []],
        [69, []],
        // Returned before the transport is installed; the transport in a try whose catch goes on.
        [77, []],
        [79, []],
        [85, []],
        [90, []],
      ],
    );
  });

  it("reads two classes' this.service and a function's own service each where it lives; a credential handed on is at most a warning", async () => {
    assert.deepEqual(summary(await findingsOf('ts-ews-basic-auth', 'services-in-scope.ts')), [
      [23, 'warning', 'a server the file does not show'],
      [28, 'warning', 'a server the file does not show'],
    ]);
  });

  it("@ewsjs/xhr's cookie sign-in and its NTLM and cookie providers are the file's transports", async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'ewsjs-xhr.ts');
    assert.deepEqual(summary(findings), [
      [7, 'error', 'outlook.office365.com'],
      [8, 'error', 'outlook.office365.com'],
      [9, 'error', 'outlook.office365.com'],
    ]);
    assert.deepEqual(findings.map((f) => /\((@ewsjs\/xhr \w+)\)/.exec(f.message)?.[1]), ['@ewsjs/xhr useCookieAuthentication', '@ewsjs/xhr NtlmProvider', '@ewsjs/xhr CookieProvider']);
  });

  it('EWS posted over plain HTTP to an Exchange Online host with a Basic header or an auth option; not on-premises, not with a Bearer token', async () => {
    const findings = await findingsOf('ts-ews-basic-auth', 'http-basic-auth.js');
    assert.deepEqual(summary(findings), [
      [10, 'error', 'outlook.office365.com'],
      [19, 'error', 'outlook.office365.us'],
      [22, 'error', 'outlook.office365.com'],
      [26, 'error', 'outlook.office.com'],
      [30, 'error', 'outlook.office365.com'],
      [38, 'error', 'outlook.office365.com'],
    ]);
    assert.deepEqual(findings.map((f) => /password \((.+?)\), which fails/.exec(f.message)?.[1]), [
      'fetch with an Authorization: Basic header',
      'fetch with an Authorization: Basic header',
      'axios with an auth option, sent as a Basic header',
      'axios with an auth option, sent as a Basic header',
      "https.request with an auth option ('user:password'), sent as a Basic header",
      'fetch with an Authorization: Basic header',
    ]);
    for (const finding of findings) {
      assert.match(finding.message, /basic authentication in Exchange Online is off since 2022-10-01/);
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('fetch on a cast global object is the global fetch: (globalThis as any).fetch(…)', async () => {
    const source = [
      'export function findItems(body: string, credentials: string) {',
      '  return (globalThis as any).fetch("https://outlook.office365.com/EWS/Exchange.asmx", { method: "POST", headers: { Authorization: "Basic " + credentials }, body });',
      '}',
    ].join('\n');
    const { findings } = await analyze('ews.ts', source, 'typescript');
    assert.deepEqual(summary(findings.filter((f) => f.ruleId === 'ts-ews-basic-auth')), [[2, 'error', 'outlook.office365.com']]);
  });
});
