import { strict as assert } from 'node:assert';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const RULE = 'ts-ws-trust-password';
const serviceOf = (message: string) => /WS-Trust token service \((\S+)\)/.exec(message)?.[1];

describe(`${RULE}: what the messages say`, () => {
  it('names the service each address or envelope is for, and offers no fix but says what to call instead', async () => {
    const findings = [...(await findingsOf(RULE, 'sharepoint-saml.ts')), ...(await findingsOf(RULE, 'envelope-only.js'))];
    assert.deepEqual(
      findings.map((f) => serviceOf(f.message)),
      ['extSTS.srf', 'extSTS.srf', 'extSTS.srf', 'extSTS.srf', 'RST2.srf', 'RST2.srf'],
    );
    for (const finding of findings) {
      assert.match(finding.message, /cannot perform multi-factor authentication.*No fix is offered.*Authorization: Bearer.*Secure Application Model/);
      assert.deepEqual(finding.fixes, []);
    }
  });
});
