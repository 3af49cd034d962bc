import { strict as assert } from 'node:assert';
import { ruleFixtureFindings } from './fixtures';

describe('ts-cli-password-sign-in messages', () => {
  it('a command line written into a generated pipeline is not said to be run by the code', async () => {
    const findings = await ruleFixtureFindings('ts-cli-password-sign-in', 'pipeline-template.ts');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /No fix is offered: the command line is a string this code builds, to run it or to write it into a script or pipeline;/);
  });
});
