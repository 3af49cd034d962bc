// Runs mutated fixtures through the engine: shared by the bounded suite and `npm run fuzz`.
import type { LanguageId } from '../../src/engine/finding';
import type { FixSettings } from '../../src/engine/fix-settings';
import { ruleFixtures } from '../unit/fixtures';
import { allTruncations, deepNest, random, spreadTruncations, TEXT_MUTATORS, type TextInput, type TextMutatorName } from './mutators';
import { checkInput, writeReproducer, type CheckedInput } from './properties';

export interface Fixture {
  /** `<rule-id>/<file>`. */
  name: string;
  path: string;
  languageId: LanguageId;
  bytes: Buffer;
  text: string;
  settings: FixSettings;
}

/** Every file under test/fixtures/rules/<rule-id>/ with a source extension, with its fix settings. */
export function fuzzFixtures(): Fixture[] {
  return ruleFixtures().map((fixture) => ({
    name: `${fixture.ruleId}/${fixture.name}`,
    path: fixture.path,
    languageId: fixture.languageId,
    bytes: fixture.bytes,
    text: fixture.source.text,
    settings: fixture.settings,
  }));
}

export interface CampaignOptions {
  seed: number;
  /** Random mutations of each kind per fixture. */
  perMutator: number;
  /** Truncations per fixture, spread over its token boundaries; `all` for every boundary. */
  truncations: number | 'all';
  /** 10,000-level nests per fixture. */
  nests: number;
  /** Only nests of brackets (skipped by the engine before parsing): the bounded suite's. */
  bracketNestsOnly?: boolean;
  /** An input whose analyze + fixAll take longer (wall clock, ms) fails; none when undefined. */
  boundMs?: number;
  /** Where failing inputs are written (none when undefined). */
  reproducerDir?: string;
  /** Only fixtures whose name contains this. */
  filter?: string;
  onInput?(index: number, input: CheckedInput): void;
}

export interface Failure {
  input: CheckedInput;
  problems: string[];
  reproducer?: string;
}

export interface CampaignReport {
  inputsTried: number;
  failures: Failure[];
  /** The slowest inputs by analyze time. */
  slowest: { fixture: string; mutation: string; length: number; analyzeMs: number; fixMs: number }[];
  analyzeMsTotal: number;
}

/** The inputs made from one fixture, in a fixed order for a given seed. */
export function inputsOf(fixture: Fixture, options: CampaignOptions): TextInput[] {
  const next = random(options.seed ^ hash(fixture.name));
  const inputs: TextInput[] = [];
  inputs.push(...(options.truncations === 'all' ? allTruncations(fixture.text) : spreadTruncations(fixture.text, options.truncations)));
  for (const name of Object.keys(TEXT_MUTATORS) as TextMutatorName[]) {
    if (name === 'truncate') continue;
    for (let i = 0; i < options.perMutator; i++) inputs.push(TEXT_MUTATORS[name](fixture.text, next));
  }
  const language = fixture.languageId === 'powershell' ? 'ps' : 'ts';
  for (let i = 0; i < options.nests; i++) inputs.push(deepNest(fixture.text, language, next, undefined, options.bracketNestsOnly));
  return inputs;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const report: CampaignReport = { inputsTried: 0, failures: [], slowest: [], analyzeMsTotal: 0 };
  for (const fixture of fuzzFixtures()) {
    if (options.filter && !fixture.name.includes(options.filter)) continue;
    for (const mutated of inputsOf(fixture, options)) {
      const input: CheckedInput = { fixture: fixture.name, mutation: mutated.mutation, languageId: fixture.languageId, text: mutated.text, settings: fixture.settings, original: fixture.text };
      options.onInput?.(report.inputsTried, input);
      const outcome = await checkInput(input);
      report.inputsTried++;
      report.analyzeMsTotal += outcome.analyzeMs;
      report.slowest.push({ fixture: fixture.name, mutation: input.mutation, length: input.text.length, analyzeMs: outcome.analyzeMs, fixMs: outcome.fixMs });
      report.slowest.sort((a, b) => b.analyzeMs + b.fixMs - (a.analyzeMs + a.fixMs));
      report.slowest.length = Math.min(report.slowest.length, 5);
      const ms = outcome.analyzeMs + outcome.fixMs;
      if (options.boundMs !== undefined && ms > options.boundMs) outcome.problems.push(`took ${ms.toFixed(0)} ms, over the ${options.boundMs} ms bound`);
      if (outcome.problems.length) {
        const failure: Failure = { input, problems: outcome.problems };
        if (options.reproducerDir) failure.reproducer = writeReproducer(options.reproducerDir, report.inputsTried, input, outcome.problems);
        report.failures.push(failure);
      }
    }
  }
  return report;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
