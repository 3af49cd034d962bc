import { strict as assert } from 'node:assert';
import { ruleFixtureFindings } from './fixtures';

describe('TypeScript sign-in methods taken as values', () => {
  it('says why each gets no fix: called through .call or Reflect.apply, with the arguments in view, or held and called elsewhere; a test\'s mocks of it are not reported', async () => {
    const findings = await ruleFixtureFindings('ts-msal-ropc', 'method-held-in-other-places.ts');
    const said = findings.map((f) => [f.range.start.line + 1, /called here through (\S+)/.exec(f.message)?.[1] ?? (/taken here as a value/.test(f.message) ? 'value' : 'other')]);
    assert.deepEqual(said, [[9, 'value'], [13, 'value'], [18, '.call(…),'], [19, 'Reflect.apply(…),'], [23, 'value'], [24, 'value'], [25, 'value']]);
    assert.ok(findings.every((f) => f.fixes.length === 0));
    assert.match(findings[2].message, /no fix is offered \(written as a direct call, it would get one\)/);
  });
});
