import type { RuleHit, RuleMeta } from '../../engine/rule';
import type { TypeScriptRuleContext } from './rule-context';
import { asTestSignIn } from '../shared/test-sign-in';

/**
 * Test runners, assertion and test-double libraries, BDD step definitions and WebDriver test runners,
 * as their users import them (a name also stands for its subpaths, a scope for its packages): production
 * code imports none of them. Not puppeteer, playwright or selenium-webdriver, which production scrapers,
 * PDF renderers and bots use too; their test runners (jest-puppeteer, @playwright/test) are here.
 */
const TEST_MODULES = [
  ...['@playwright/test', 'playwright/test', 'cypress', 'k6', 'vitest', '@jest/globals', 'mocha', 'node:test', 'testcafe', 'jasmine', 'ava', 'tap', 'uvu'],
  ...['@cucumber/cucumber', 'cucumber', '@wdio', 'webdriverio', 'protractor', 'nightwatch', 'jest-puppeteer'],
  ...['chai', 'sinon', 'nock', 'supertest', '@testing-library'],
];

/** The file names test runners look for, or give their set-up and configuration, by what they name. */
const TEST_NAMES: { kind: string; pattern: RegExp }[] = [
  { kind: 'a test', pattern: /\.(?:test|spec|cy|e2e|e2e-spec)\.[cm]?[jt]sx?$/i },
  // Playwright's auth.setup.ts, jest.setup.js, jest.global-setup.ts, globalSetup.ts, vitest-setup.ts, test-setup.ts, React's setupTests.ts.
  {
    kind: 'a test set-up',
    pattern: /(?:\.setup|(?:^|[.\-_])global[-_.]?(?:setup|teardown)|^(?:jest|vitest|mocha|playwright|cypress|karma|tests?)[-_]?(?:setup|teardown)|^setup[-_]?tests?)\.[cm]?[jt]sx?$/i,
  },
  { kind: "a test runner's configuration", pattern: /^(?:playwright|cypress|jest|vitest|wdio|karma|protractor|nightwatch|testcafe|cucumber)(?:\.[\w-]+)?\.conf(?:ig)?\.[cm]?[jt]sx?$/i },
];

const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', '__mocks__', 'spec', 'e2e', 'cypress', 'playwright']);
/** Folders of sample files that tests read: code there is what tests look at, not a test's own. */
const SAMPLE_FOLDERS = new Set(['fixtures', '__fixtures__']);

/**
 * What makes a file test code (a test module it imports, its name, a test folder it lies in), which
 * signs in as a test account of its own: undefined when it is none.
 */
export function testCodeMark(path: string, modules: Iterable<string>, folderOf = testFolderOf): string | undefined {
  const imported = [...modules].find((module) => TEST_MODULES.some((name) => module === name || module.startsWith(`${name}/`)));
  if (imported) return `it imports ${imported}`;
  const folders = path.split(/[\\/]/);
  const name = folders.pop()!;
  const named = TEST_NAMES.find(({ pattern }) => pattern.test(name));
  if (named) return `it is named as ${named.kind} (${name})`;
  const folder = folderOf(folders);
  return folder ? `it lies in a test folder (${folder}/)` : undefined;
}

/** Jest's own folders, which name nothing but tests wherever they are: `__tests__`, `__mocks__`. */
function jestFolderOf(folders: string[]): string | undefined {
  return folders.find((folder) => folder === '__tests__' || folder === '__mocks__');
}

/**
 * The test folder among those a file lies in, judged below its project's folder and below the last `src`:
 * the folders above a project (a checkout under ~/tests/) say nothing of its code. None where a folder
 * holds sample files.
 */
function testFolderOf(folders: string[]): string | undefined {
  const lower = folders.map((folder) => folder.toLowerCase());
  if (lower.some((folder) => SAMPLE_FOLDERS.has(folder))) return undefined;
  return folders.slice(lower.lastIndexOf('src') + 1).find((folder) => TEST_FOLDERS.has(folder.toLowerCase()));
}

/** `asTestSignIn` for a hit of the rule context's file. */
export function asTestSignInOf(context: TypeScriptRuleContext, meta: RuleMeta, hit: RuleHit): RuleHit {
  return asTestSignIn(meta, hit, () => {
    const mark = testCodeMarkOf(context);
    return mark ? { what: 'the file', mark } : undefined;
  });
}

/** What makes the rule context's file test code (see `testCodeMark`), read once per file. */
export function testCodeMarkOf(context: TypeScriptRuleContext): string | undefined {
  return context.once(markOfFile);
}

const markOfFile = (context: TypeScriptRuleContext): string | undefined => testCodeMark(pathInProject(context), context.facts.modules);

/** The file's path below its project's folder, where the engine was told it. */
function pathInProject(context: TypeScriptRuleContext): string {
  const project = context.settings.projectFolder;
  const inProject = project && context.path.startsWith(project) && /^[\\/]/.test(context.path.slice(project.length));
  return inProject ? context.path.slice(project.length) : context.path;
}

/**
 * Whether the file is a test by itself: a test module it imports, its name, or Jest's folders. Not by a
 * folder such as `test/` on its path, which may be above the project where the caller does not name the
 * project's folder: for judgements that drop findings, where a checkout under `~/tests/` must not lose them.
 */
export function isTestFileByItself(context: TypeScriptRuleContext): boolean {
  return context.once(markOfFileByItself) !== undefined;
}

const markOfFileByItself = (context: TypeScriptRuleContext): string | undefined => testCodeMark(context.path, context.facts.modules, jestFolderOf);
