import { strict as assert } from 'node:assert';
import { analyzeRequest } from '../../src/engine/analysis-request';
import { syntaxErrorCount } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import { MSAL_ROPC_TS } from './temp-tree';

// The module the TypeScript analyser's index re-exports from: its export is read at each call.
const parse = require('../../src/languages/typescript/parse') as { countSyntaxErrors: (text: string, jsx: boolean, ...written: unknown[]) => number };

describe('the checks of fixes', () => {
  it('with fix-all, parse each fixed text once: the fixes fix-all checked are kept by the report without parsing them again', async () => {
    const request = { path: 'auth.ts', text: MSAL_ROPC_TS, languageId: 'typescript' as const, verifyFixes: true };
    const parsed: string[] = [];
    const count = parse.countSyntaxErrors;
    parse.countSyntaxErrors = (text, jsx, ...written) => {
      parsed.push(text);
      return count(text, jsx, ...written);
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

  it("counts a name a TypeScript fix declares again at the top level as an error (the file would not load), but not the file's own", async () => {
    const errorsOf = (text: string, newText: string, at = 0) => {
      const edits = [{ startOffset: at, endOffset: at, newText }];
      return syntaxErrorCount(applyEdits(text, edits), 'typescript', { path: 'a.ts', text, edits });
    };
    const barrel = "import { ConfidentialClientApplication } from './auth';\nexport const app = new ConfidentialClientApplication({});\n";
    assert.equal(await errorsOf(barrel, "import { ConfidentialClientApplication } from '@azure/msal-node';\n"), 1);
    const own = "var token = '';\nvar token = 'x';\nclass Client {}\ninterface Client { id: string }\n";
    assert.equal(await errorsOf(own, "import { ConfidentialClientApplication } from '@azure/msal-node';\n"), 0);
    assert.equal(await errorsOf(own, 'const token = await readToken();\n', own.length), 1);
    assert.equal(await errorsOf(own, "import type { Client } from './types';\n"), 0);
  });
});
