import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { FIXTURES, REPO_ROOT, ruleFixtures } from './fixtures';
import { tempTree } from './temp-tree';

/**
 * A quick fix in a TypeScript file must leave code that still compiles under `strict`: each fixed
 * golden is type-checked beside its original, against the real msal-node and @azure/identity types,
 * and may have no error its original does not have. (Untyped stand-ins for other modules give both
 * the same errors.)
 */
describe('fixed TypeScript type-checks as its original does', function () {
  this.timeout(120_000);
  const fixtures = ruleFixtures().filter((fixture) => fixture.languageId === 'typescript' && hasGolden(fixture.fixedPath));
  let errorsByFile: Map<string, string[]>;

  before(() => {
    const files: Record<string, string> = {};
    for (const fixture of fixtures) {
      files[originalName(fixture.ruleId, fixture.name)] = fixture.source.text;
      files[fixedName(fixture.ruleId, fixture.name)] = readFileSync(fixture.fixedPath, 'utf8');
    }
    const tree = tempTree(files);
    try {
      errorsByFile = typeErrors(Object.keys(files).map((name) => join(tree.root, name)));
    } finally {
      tree.dispose();
    }
  });

  it('covers the fixed goldens of every TypeScript rule that has a fix', () => {
    const rules = new Set(fixtures.map((fixture) => fixture.ruleId));
    for (const rule of ['ts-adal-ropc', 'ts-msal-ropc', 'ts-identity-username-password', 'ts-mail-basic-auth', 'ts-ropc-http']) {
      assert.ok(rules.has(rule), `no fixed .ts golden of ${rule}`);
    }
  });

  it('resolves every module the fixtures import, so that their types are checked', () => {
    const unresolved = [...errorsByFile.values()].flat().filter((error) => /^TS(2307|2792):/.test(error));
    assert.deepEqual(unresolved, []);
  });

  for (const fixture of fixtures) {
    it(`${fixture.ruleId}/${fixture.name}`, () => {
      const before = errorsByFile.get(originalName(fixture.ruleId, fixture.name)) ?? [];
      const after = errorsByFile.get(fixedName(fixture.ruleId, fixture.name)) ?? [];
      assert.deepEqual(withoutAll(after, before), [], 'type errors the fix added');
    });
  }
});

function hasGolden(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

const originalName = (rule: string, name: string): string => `${rule}/${name.replace(/\.ts$/, '')}.original.ts`;
const fixedName = (rule: string, name: string): string => `${rule}/${name.replace(/\.ts$/, '')}.fixed.ts`;

/** `code: message` of each error, by the file's path relative to its rule's folder's parent. */
function typeErrors(paths: string[]): Map<string, string[]> {
  const nodeModules = join(REPO_ROOT, 'node_modules');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(nodeModules, '@types')],
    baseUrl: REPO_ROOT,
    paths: { '@azure/*': [join(nodeModules, '@azure/*')] },
  };
  const program = ts.createProgram([...paths, join(FIXTURES, 'types/fixture-modules.d.ts')], options);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const file = diagnostic.file?.fileName ?? '';
    const key = file.split('/').slice(-2).join('/');
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    const text = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    errors.set(key, [...(errors.get(key) ?? []), `${text} (line ${line})`]);
  }
  return errors;
}

/** The errors of `after` left once each error of `before` (compared without its line) is taken out once. */
function withoutAll(after: string[], before: string[]): string[] {
  const unmatched = before.map(withoutLine);
  return after.filter((error) => {
    const index = unmatched.indexOf(withoutLine(error));
    if (index < 0) return true;
    unmatched.splice(index, 1);
    return false;
  });
}

const withoutLine = (error: string): string => error.replace(/ \(line \d+\)$/, '');
