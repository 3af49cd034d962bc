import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  const fixtures = ruleFixtures().filter((fixture) => fixture.languageId === 'typescript' || fixture.languageId === 'typescriptreact');
  const fixed = fixtures.flatMap((fixture) =>
    fixedGoldens(fixture.path).map((path) => ({ fixture, path, name: `${fixture.ruleId}/${basename(path)}${extensionOf(fixture.name)}` })),
  );
  let errorsByFile: Map<string, string[]>;

  before(() => {
    const files: Record<string, string> = {};
    for (const fixture of fixtures) files[originalName(fixture.ruleId, fixture.name)] = fixture.source.text;
    for (const golden of fixed) files[golden.name] = readFileSync(golden.path, 'utf8');
    const tree = tempTree(files);
    try {
      errorsByFile = typeErrors(Object.keys(files).map((name) => join(tree.root, name)));
    } finally {
      tree.dispose();
    }
  });

  it('covers every TypeScript rule that has a fix', () => {
    const typeChecked = new Set(fixed.map((golden) => golden.fixture.ruleId));
    const withFixes = ruleFixtures().filter((fixture) => fixedGoldens(fixture.path).length > 0);
    for (const rule of new Set(withFixes.map((fixture) => fixture.ruleId))) {
      if (rule.startsWith('ts-')) assert.ok(typeChecked.has(rule), `${rule} has no fixed .ts golden`);
    }
  });

  it('checks against the installed types of the modules the fixes import', () => {
    for (const module of ['@azure/msal-node', '@azure/identity']) {
      const resolved = ts.resolveModuleName(module, join(FIXTURES, 'x.ts'), COMPILER_OPTIONS, ts.sys).resolvedModule;
      assert.ok(resolved?.resolvedFileName.includes('node_modules'), `${module} does not resolve`);
    }
  });

  for (const { fixture, name } of fixed) {
    it(name, () => {
      const before = errorsByFile.get(originalName(fixture.ruleId, fixture.name)) ?? [];
      const after = errorsByFile.get(name) ?? [];
      assert.deepEqual(withoutAll(after, before), [], 'type errors the fix added');
    });
  }
});

function extensionOf(name: string): string {
  return name.endsWith('.tsx') ? '.tsx' : '.ts';
}

/** The fix-all golden (`x.ts.fixed`) and those of alternative fixes (`x.ts.fix2`, …) that exist. */
function fixedGoldens(path: string): string[] {
  const alternatives = readdirSync(dirname(path)).filter((name) => name.startsWith(`${basename(path)}.fix`) && /\.fix\d+$/.test(name));
  return [`${path}.fixed`, ...alternatives.map((name) => join(dirname(path), name))].filter((golden) => existsSync(golden));
}

const originalName = (rule: string, name: string): string => `${rule}/${name}.original${extensionOf(name)}`;

const NODE_MODULES = join(REPO_ROOT, 'node_modules');
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  jsx: ts.JsxEmit.Preserve,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  typeRoots: [join(NODE_MODULES, '@types')],
  // The fixed files are type-checked in a temporary folder, outside this project's node_modules.
  paths: { '@azure/*': [join(NODE_MODULES, '@azure/*')] },
};

/** `code: message (line n)` of each error, by `<rule>/<file>`. */
function typeErrors(paths: string[]): Map<string, string[]> {
  const program = ts.createProgram([...paths, join(FIXTURES, 'types/fixture-modules.d.ts')], COMPILER_OPTIONS);
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
