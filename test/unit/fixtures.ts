import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { languageOfPath } from '../../src/engine/languages';
import type { Finding, LanguageId } from '../../src/engine/finding';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from '../../src/engine/fix-settings';
import { decodeSource, type DecodedSource } from '../../src/engine/source-file';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const FIXTURES = join(REPO_ROOT, 'test/fixtures');
export const RULE_FIXTURES = join(FIXTURES, 'rules');

/** The findings of one rule in one of its fixtures, `test/fixtures/rules/<rule>/<name>`. */
export async function ruleFixtureFindings(rule: string, name: string, settings?: FixSettings): Promise<Finding[]> {
  const path = join(RULE_FIXTURES, rule, name);
  const { findings } = await analyze(path, readFileSync(path, 'utf8'), languageOfPath(path)!, settings);
  return findings.filter((f) => f.ruleId === rule);
}

export interface ExpectedFinding {
  rule: string;
  line: number;
  column: number;
}

export interface RuleFixture {
  ruleId: string;
  name: string;
  path: string;
  languageId: LanguageId;
  source: DecodedSource;
  bytes: Buffer;
  expectedPath: string;
  fixedPath: string;
  /** Fix settings from `x.ps1.settings.json` beside the fixture (e.g. `{ "secretSource": "keyvault" }`), else the defaults. */
  settings: FixSettings;
}

/** Every source file under test/fixtures/rules/<rule-id>/; its goldens sit beside it. */
export function ruleFixtures(): RuleFixture[] {
  return readdirSync(RULE_FIXTURES).flatMap((ruleId) =>
    readdirSync(join(RULE_FIXTURES, ruleId))
      .filter((name) => languageOfPath(name))
      .map((name) => {
        const path = join(RULE_FIXTURES, ruleId, name);
        const bytes = readFileSync(path);
        return {
          ruleId,
          name,
          path,
          languageId: languageOfPath(name)!,
          source: decodeSource(bytes),
          bytes,
          expectedPath: `${path}.expected.json`,
          fixedPath: `${path}.fixed`,
          settings: fixtureSettings(`${path}.settings.json`),
        };
      }),
  );
}

function fixtureSettings(path: string): FixSettings {
  return existsSync(path) ? { ...DEFAULT_FIX_SETTINGS, ...JSON.parse(readFileSync(path, 'utf8')) } : DEFAULT_FIX_SETTINGS;
}

const UPDATE = process.env.UPDATE_GOLDENS === '1';

/**
 * Reads a golden file. With UPDATE_GOLDENS=1 a missing golden is written from `actual` (then reviewed
 * by a person and committed); without it a missing golden fails the test.
 */
export function golden(path: string, actual: Buffer): Buffer {
  if (!existsSync(path)) {
    if (!UPDATE) throw new Error(`missing golden file ${path} (run with UPDATE_GOLDENS=1, review, commit)`);
    writeFileSync(path, actual);
  }
  return readFileSync(path);
}
