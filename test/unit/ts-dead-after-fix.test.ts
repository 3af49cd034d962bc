import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { applyEdits } from '../../src/engine/edits';
import type { LanguageId } from '../../src/engine/finding';
import { DEFAULT_FIX_SETTINGS } from '../../src/engine/fix-settings';
import { withDeadCodeTakenOut } from '../../src/languages/typescript/dead-after-fix';
import { ModuleFacts } from '../../src/languages/typescript/module-facts';
import { parseModule } from '../../src/languages/typescript/parse';
import { createRuleContext } from '../../src/languages/typescript/rule-context';
import { ruleFixtureFindings as findingsOf } from './fixtures';

const SIGN_IN = "const result = await pca.acquireTokenByUsernamePassword({ scopes: ['User.Read'], username: process.env.U, password: process.env.P });";
const CLIENT = "new PublicClientApplication({ auth: { clientId: 'abc', authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com' } })";
const IMPORT = "import { PublicClientApplication } from '@azure/msal-node';";

/** The text each fix of the file's one sign-in makes of it. */
async function fixedTexts(path: string, code: string, languageId: LanguageId = 'typescript'): Promise<string[]> {
  const { findings } = await analyze(path, code, languageId);
  const signIns = findings.filter((finding) => finding.ruleId === 'ts-msal-ropc');
  assert.equal(signIns.length, 1);
  assert.ok(signIns[0].fixes.length > 0);
  return signIns[0].fixes.map((fix) => applyEdits(code, fix.edits));
}

describe('a TypeScript fix takes out what only fed the sign-in it replaces', () => {
  it('shows each removal as a related location of the finding, the comment above the client with it', async () => {
    const [finding] = (await findingsOf('ts-msal-ropc', 'unread-client-config-and-import.ts')).filter((f) => f.ruleId === 'ts-msal-ropc');
    const takenOut = finding.related.filter((r) => r.message.startsWith('nothing else reads'));
    assert.deepEqual(
      takenOut.map((r) => `${r.range.start.line + 1}: ${r.message}`),
      [
        '3: nothing else reads the import of PublicClientApplication once the sign-in is replaced: the fixes take it out',
        '6: nothing else reads loggerOptions once the sign-in is replaced: the fixes take it out',
        '7: nothing else reads msalConfig once the sign-in is replaced: the fixes take it out',
        '12: nothing else reads pca once the sign-in is replaced: the fixes take it out',
      ],
    );
  });

  it('leaves no blank line at the start of a block whose first statement goes', async () => {
    const code = `${IMPORT}\nexport async function t() {\n  const pca = ${CLIENT};\n\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('first-in-block.ts', code)) assert.match(fixed, /^export async function t\(\) \{\n  const result = await acquireToken/m);
  });

  it('keeps a variable the module writes elsewhere: taking out its declaration would leave the write to no variable', async () => {
    const code = `${IMPORT}\nlet pca = ${CLIENT};\nexport function reset(other: { pca: PublicClientApplication }) {\n  ({ pca } = other);\n}\nexport async function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('writes.ts', code)) assert.match(fixed, /^let pca = new PublicClientApplication/m);
  });

  it('keeps a client made by a call or an await, which may do more than make it', async () => {
    for (const made of ['await createClient()', 'createClient()']) {
      const code = `${IMPORT}\ndeclare function createClient(): Promise<PublicClientApplication>;\nexport async function t() {\n  const pca = ${made};\n  ${SIGN_IN}\n  return result;\n}\n`;
      for (const fixed of await fixedTexts('made-by-call.ts', code)) assert.ok(fixed.includes(`const pca = ${made};`), made);
    }
  });

  it('keeps an import a JSX tag still reads', async () => {
    const code = `import { PublicClientApplication, MsalProvider } from '@azure/msal-node';\nconst pca = ${CLIENT};\nexport const App = () => <MsalProvider />;\nexport async function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('app.tsx', code, 'typescriptreact')) {
      assert.match(fixed, /^import \{ MsalProvider, ConfidentialClientApplication \} from '@azure\/msal-node';$/m);
      assert.doesNotMatch(fixed, /const pca =/);
    }
  });

  it('takes nothing out of a module that calls eval, which may read any name', async () => {
    const code = `${IMPORT}\nconst pca = ${CLIENT};\nexport const run = (source: string) => eval(source);\nexport async function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('eval.ts', code)) assert.match(fixed, /^const pca = new PublicClientApplication/m);
  });

  it("keeps a script's top-level names, which other scripts of the page may read", async () => {
    const code = `var pca = new msal.PublicClientApplication({ auth: { clientId: 'abc' } });\nasync function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('page.js', code, 'javascript')) assert.match(fixed, /^var pca = new msal\.PublicClientApplication/m);
  });
});

describe('a TypeScript fix takes out a private field only the sign-in read', () => {
  const CLASS_SIGN_IN = "const result = await this.pca.acquireTokenByUsernamePassword({ scopes: ['User.Read'], username: process.env.U!, password: process.env.P! });";
  const auth = (members: string, header = 'export class Auth'): string =>
    `${IMPORT}\nconst msalConfig = { auth: { clientId: 'abc' } };\n${header} {\n${members}\n  async token() {\n    ${CLASS_SIGN_IN}\n    return result;\n  }\n}\n`;

  it('takes out a private field, what made it and the import of its class', async () => {
    for (const fixed of await fixedTexts('field.ts', auth('  private pca = new PublicClientApplication(msalConfig);'))) {
      assert.doesNotMatch(fixed, /pca|msalConfig|PublicClientApplication/);
    }
  });

  it('takes out a private field that only fed the one that goes', async () => {
    const members = "  private readonly settings = { auth: { clientId: 'abc' } };\n  private pca = new PublicClientApplication(this.settings);";
    for (const fixed of await fixedTexts('fields.ts', auth(members))) assert.doesNotMatch(fixed, /settings|pca/);
  });

  it("keeps a field the fix's new code reads as this.<field> where it replaces the field's only read", () => {
    const text = [
      'export class Reports {',
      '  private readonly clientId = process.env.CLIENT_ID!;',
      '  check() { if (!this.clientId || !this.password) throw new Error("missing"); }',
      '  private readonly password = process.env.PASSWORD!;',
      '}',
      '',
    ].join('\n');
    const program = parseModule(text, false).program!;
    const context = createRuleContext('reports.ts', text, 'typescript', DEFAULT_FIX_SETTINGS, program, new ModuleFacts(program), []);
    const test = text.indexOf('!this.clientId || !this.password');
    const edit = { startOffset: test, endOffset: test + '!this.clientId || !this.password'.length, newText: '!this.clientId' };
    const [fix] = withDeadCodeTakenOut(context, { message: 'm', startOffset: test, endOffset: test + 1, fixes: [{ title: 't', edits: [edit], safeForFixAll: true }] }).fixes!;
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /private readonly clientId = /, 'the field the new code reads stays');
    assert.doesNotMatch(fixed, /private readonly password/, 'the field no longer read goes');
  });

  it('keeps a field another method reads, a public or protected field, and a static one', async () => {
    const kept = [
      '  private pca = new PublicClientApplication(msalConfig);\n  accounts() { return this.pca.getTokenCache().getAllAccounts(); }',
      '  private pca = new PublicClientApplication(msalConfig);\n  clone(other: Auth) { return other.pca; }',
      '  private pca = new PublicClientApplication(msalConfig);\n  cache() { const { pca } = this; return pca.getTokenCache(); }',
      '  private pca = new PublicClientApplication(msalConfig);\n  init() { this.pca = new PublicClientApplication(msalConfig); }',
      // Code elsewhere (another module, a subclass) may read it.
      '  pca = new PublicClientApplication(msalConfig);',
      '  public pca = new PublicClientApplication(msalConfig);',
      '  protected pca = new PublicClientApplication(msalConfig);',
      '  private static pca = new PublicClientApplication(msalConfig);',
    ];
    for (const members of kept) {
      for (const fixed of await fixedTexts('kept.ts', auth(members))) assert.ok(fixed.includes(members.split('\n')[0]), members);
    }
  });

  it('keeps the fields of a class that reads its own by a computed name or as a whole', async () => {
    for (const reflective of ['get(name: string) { return (this as any)[name]; }', 'get(name: string) { const self = this; return self[name as keyof Auth]; }', 'toJSON() { return JSON.stringify(this); }', 'copy() { return { ...this }; }', 'keys() { return Object.keys(this); }']) {
      const members = `  private pca = new PublicClientApplication(msalConfig);\n  ${reflective}`;
      for (const fixed of await fixedTexts('reflective.ts', auth(members))) assert.match(fixed, /private pca = new PublicClientApplication/, reflective);
    }
  });

  it('takes out the assignment in the constructor, and the constructor where that was all it did and it has no parameters', async () => {
    const assigned = '  private pca: PublicClientApplication;\n  constructor() {\n    this.pca = new PublicClientApplication(msalConfig);\n  }';
    for (const fixed of await fixedTexts('assigned.ts', auth(assigned))) assert.doesNotMatch(fixed, /constructor|pca|msalConfig/);
    const withParameter = '  private pca: PublicClientApplication;\n  constructor(private readonly tenant: string) {\n    this.pca = new PublicClientApplication({ auth: { clientId: tenant } });\n  }';
    for (const fixed of await fixedTexts('parameter.ts', auth(withParameter))) {
      assert.match(fixed, /^ {2}constructor\(private readonly tenant: string\) \{\}$/m);
      assert.doesNotMatch(fixed, /pca/);
    }
  });

  it('keeps a constructor assignment made by a call, which may do more than make the client', async () => {
    const members = '  private pca: PublicClientApplication;\n  constructor() {\n    this.pca = makeClient();\n  }';
    const code = auth(members).replace(IMPORT, `${IMPORT}\ndeclare function makeClient(): PublicClientApplication;`);
    for (const fixed of await fixedTexts('made-by-call.ts', code)) assert.ok(fixed.includes('this.pca = makeClient();'));
  });
});

describe("a TypeScript fix takes out TypeScript's CommonJS import (import x = require(…)) it leaves unread", () => {
  const CREDENTIAL = "new identity.UsernamePasswordCredential('contoso.onmicrosoft.com', 'app', process.env.U!, process.env.P!)";

  async function identityFixes(code: string): Promise<string[]> {
    const { findings } = await analyze('sync.ts', code, 'typescript');
    const [finding] = findings.filter((f) => f.ruleId === 'ts-identity-username-password');
    return finding.fixes.map((fix) => applyEdits(code, fix.edits));
  }

  it('takes out the import, also where the fix puts its own import right after it', async () => {
    const code = `// Sync job.\nimport identity = require('@azure/identity');\n\nexport const credential = ${CREDENTIAL};\n`;
    // The app-only fix's credential is @azure/identity's: it reads the import.
    const [secureAppModel, appOnly] = await identityFixes(code);
    assert.match(secureAppModel, /^\/\/ Sync job\.\nimport \{ ConfidentialClientApplication \} from '@azure\/msal-node';\n\nexport const credential = /);
    assert.match(appOnly, /^import identity = require\('@azure\/identity'\);$/m);
  });

  it('keeps one still read, and one the module exports (export import)', async () => {
    const read = `import identity = require('@azure/identity');\nexport const fallback: identity.TokenCredential = new identity.DefaultAzureCredential();\nexport const credential = ${CREDENTIAL};\n`;
    for (const fixed of await identityFixes(read)) assert.match(fixed, /^import identity = require\('@azure\/identity'\);$/m);
    const exported = `export import identity = require('@azure/identity');\nexport const credential = ${CREDENTIAL};\n`;
    for (const fixed of await identityFixes(exported)) assert.match(fixed, /^export import identity = require\('@azure\/identity'\);$/m);
  });
});

describe('what a TypeScript fix takes out with the sign-in, and the comments above it', () => {
  const module = (above: string): string => `${IMPORT}\n\n${above}const pca = ${CLIENT};\nexport const retries = 3;\n\nexport async function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;

  it('keeps a comment that heads declarations which stay, or that a blank line parts from the one that goes', async () => {
    for (const fixed of await fixedTexts('heading.ts', module('// Settings of the reports job\n'))) assert.match(fixed, /^\/\/ Settings of the reports job\nexport const retries = 3;$/m);
    const parted = `${IMPORT}\n\n// msal\n\nconst pca = ${CLIENT};\n\nexport async function t() {\n  ${SIGN_IN}\n  return result;\n}\n`;
    for (const fixed of await fixedTexts('parted.ts', parted)) assert.match(fixed, /^\/\/ msal$/m);
  });

  it("takes a doc comment above the declaration with it, over several lines too: it was that declaration's own", async () => {
    for (const doc of ['/** The reports client. */\n', '/**\n * The reports client.\n */\n']) {
      for (const fixed of await fixedTexts('doc.ts', module(doc))) assert.match(fixed, /^\nexport const retries = 3;$/m, doc);
    }
  });
});
