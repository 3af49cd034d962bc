import { strict as assert } from 'node:assert';
import { analyzeRequest } from '../../src/engine/analysis-request';
import { MSAL_ROPC_TS } from './temp-tree';

// The module the TypeScript analyser's index re-exports from: its export is read at each call.
const parse = require('../../src/languages/typescript/parse') as { countSyntaxErrors: (text: string, jsx: boolean) => number };

describe('the checks of fixes', () => {
  it('with fix-all, parse each fixed text once: the fixes fix-all checked are kept by the report without parsing them again', async () => {
    const request = { path: 'auth.ts', text: MSAL_ROPC_TS, languageId: 'typescript' as const, verifyFixes: true };
    const parsed: string[] = [];
    const count = parse.countSyntaxErrors;
    parse.countSyntaxErrors = (text, jsx) => {
      parsed.push(text);
      return count(text, jsx);
    };
    try {
      const withFixAll = await analyzeRequest({ ...request, fixAll: true });
      assert.ok(withFixAll.fixed?.applied.length, 'fix-all applied a fix');
      assert.equal(new Set(parsed).size, parsed.length, 'a fixed text was parsed twice');
      // The report is what it is without fix-all.
      const { fixed: _, ...report } = withFixAll;
      assert.deepEqual(report, await analyzeRequest(request));
    } finally {
      parse.countSyntaxErrors = count;
    }
  });
});
