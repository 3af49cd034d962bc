import { strict as assert } from 'node:assert';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-exchange-web-basic-auth';

/** What a fixture's findings say, by line: the API named first, and the advice after "No fix is offered: ". */
async function saidByLine(fixture: string): Promise<Map<number, { api: string; advice: string }>> {
  const findings = await findingsOf(RULE, fixture);
  return new Map(findings.map((f) => [f.range.start.line + 1, { api: f.message.split(' signs in to ')[0], advice: f.message.split('No fix is offered: ')[1] }]));
}

describe('ts-exchange-web-basic-auth: what its messages say', () => {
  it('says per service what the request takes instead: the Outlook REST API is retired, Autodiscover, ActiveSync and EWS take a token', async () => {
    const http = await saidByLine('http-clients.ts');
    assert.match(http.get(7)!.advice, /^the Outlook REST API is retired too, so move the calls to Microsoft Graph with a bearer token \(in a page/);
    assert.match(http.get(42)!.advice, /^Autodiscover takes an OAuth bearer token for Exchange Online instead \(in a page/);
    assert.match(http.get(48)!.advice, /^Exchange ActiveSync signs in with modern authentication instead, an OAuth bearer token for Exchange Online \(in a page/);
    for (const line of [42, 48]) assert.doesNotMatch(http.get(line)!.advice, /REST API/);
    const xhr = await saidByLine('xhr-field-and-named-before-send.js');
    assert.match(xhr.get(16)!.advice, /^EWS takes an OAuth bearer token for Exchange Online instead \(in a page[^)]+\); Microsoft Graph is its successor\.$/);
  });

  it("names an XMLHttpRequest's Basic header by setRequestHeader, and one given in open by open", async () => {
    const headers = await saidByLine('jquery-headers.js');
    assert.equal(headers.get(23)!.api, 'XMLHttpRequest.setRequestHeader');
    const xhr = await saidByLine('xhr-field-and-named-before-send.js');
    assert.equal(xhr.get(16)!.api, 'XMLHttpRequest.setRequestHeader');
    assert.equal(xhr.get(21)!.api, 'XMLHttpRequest.open');
  });
});
