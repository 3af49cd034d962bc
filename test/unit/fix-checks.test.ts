import { strict as assert } from 'node:assert';
import { analyzeRequest } from '../../src/engine/analysis-request';
import { syntaxErrorCount } from '../../src/engine/analyze';
import { applyEdits, writtenSpans } from '../../src/engine/edits';
import { DEFAULT_FIX_SETTINGS } from '../../src/engine/fix-settings';
import { analyzeTypeScript } from '../../src/languages/typescript';
import { MSAL_ROPC_TS } from './temp-tree';

// The modules the TypeScript analyser's index re-exports from: their exports are read at each call.
const analyzer = require('../../src/languages/typescript/analyze') as { countTypeScriptSyntaxErrorsOfEdit: (...args: unknown[]) => number };
const parse = require('../../src/languages/typescript/parse') as { countSyntaxErrors: (text: string, jsx: boolean, ...written: unknown[]) => number };

describe('the checks of fixes', () => {
  it('with fix-all, parse each fixed text once: the fixes fix-all checked are kept by the report without parsing them again', async () => {
    const request = { path: 'auth.ts', text: MSAL_ROPC_TS, languageId: 'typescript' as const, verifyFixes: true };
    const parsed: unknown[] = [];
    const count = analyzer.countTypeScriptSyntaxErrorsOfEdit;
    analyzer.countTypeScriptSyntaxErrorsOfEdit = (...args) => {
      parsed.push(args[3]);
      return count(...args);
    };
    try {
      const withFixAll = await analyzeRequest({ ...request, fixAll: true });
      assert.ok(withFixAll.fixed?.applied.length, 'fix-all applied a fix');
      assert.equal(new Set(parsed).size, parsed.length, 'a fixed text was parsed twice');
      // The report is what it is without fix-all.
      const { fixed: _, ...report } = withFixAll;
      assert.deepEqual(report, await analyzeRequest(request));
    } finally {
      analyzer.countTypeScriptSyntaxErrorsOfEdit = count;
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

  it('checks a TypeScript fix from the analysed tree as the whole fixed file would be checked, where the fix breaks code it does not touch too', async () => {
    const path = 'service.ts';
    const text = [
      "import { PublicClientApplication } from '@azure/msal-node';",
      'const pca = new PublicClientApplication({ auth: { clientId: "app" } });',
      'export function untouched(a: number) {',
      '  return `${a}`;',
      '}',
      'const retries = 3;',
      'export const token = () => pca.acquireTokenByUsernamePassword({ scopes: ["user.read"], username: "u", password: "Hunter2!" });',
      '',
    ].join('\n');
    const analysed = analyzeTypeScript(path, text, 'typescript', DEFAULT_FIX_SETTINGS, 'every');
    assert.ok(analysed.findings.length, 'the sign-in is found, and its tree kept');
    const signIn = text.indexOf('export const token');
    const cases: [string, number, number, string][] = [
      ['a comment left open swallows the statements after it', signIn, signIn, '/* '],
      ['a template left open', signIn, signIn, 'const t = `'],
      ['a block left open', signIn, signIn, 'function f() {\n'],
      ['a string left open', text.length, text.length, "const s = 'x"],
      ['a block closed once too often', signIn, signIn, '}\n'],
      ['a name declared again that an untouched statement declares', signIn, signIn, 'const retries = 4;\n'],
      ['an import of a name an untouched statement declares', 0, 0, "import { untouched } from './other';\n"],
      ['the import the fix needs', 0, 0, "import { readFile } from 'node:fs/promises';\n"],
      ['a rewritten sign-in', signIn, text.length - 1, 'export const token = async () => (await readFile("t")).toString();'],
      ['a helper at the end', text.length, text.length, '\nasync function getSamAccessToken(): Promise<string> {\n  return "";\n}\n'],
    ];
    for (const [name, startOffset, endOffset, newText] of cases) {
      const edits = [{ startOffset, endOffset, newText }];
      const fixed = applyEdits(text, edits);
      const whole = parse.countSyntaxErrors(fixed, false, writtenSpans(edits));
      const checked = await syntaxErrorCount(fixed, 'typescript', { path, text, edits });
      assert.equal(checked === 0, whole === 0, `${name}: ${checked} against ${whole} for the whole file`);
    }
  });
});
