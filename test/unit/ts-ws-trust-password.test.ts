import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { ruleFixtureFindings as findingsOf, RULE_FIXTURES } from './fixtures';

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

describe(`${RULE}: the password an envelope carries`, () => {
  it('ts-hardcoded-password reports the password written in the envelope or joined into it, exactly, and no slot filled in later', async () => {
    const path = join(RULE_FIXTURES, RULE, 'envelope-passwords.js');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const passwords = (await analyze(path, text, 'typescript')).findings.filter((f) => f.ruleId === 'ts-hardcoded-password');
    assert.deepEqual(
      passwords.map((f) => lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)),
      ["'Summer2024!'", 'Class@2015!', 'Autumn#2023'],
    );
  });
});
