// What must hold for any input, however broken: checked by the fuzz suite and by `npm run fuzz`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyze, syntaxErrorCount } from '../../src/engine/analyze';
import type { AnalysisResult, LanguageId, Notice, SourceRange } from '../../src/engine/finding';
import { fixAll } from '../../src/engine/fix-all';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from '../../src/engine/fix-settings';

export const NOTICE_KINDS: readonly Notice['kind'][] = ['parse-error', 'skipped', 'unreadable', 'encoding', 'fix-withheld', 'internal-error'];

/** Kinds a healthy engine reports: `internal-error` is a caught crash, so a failure of the property. */
const ACCEPTED_KINDS = new Set<string>(NOTICE_KINDS.filter((kind) => kind !== 'internal-error'));

export interface CheckedInput {
  /** The fixture's file name (for the language and the reproducer's extension). */
  fixture: string;
  mutation: string;
  languageId: LanguageId;
  text: string;
  settings?: FixSettings;
  /** The unmutated fixture: analysed first under the same path, so that the next parse is incremental. */
  original?: string;
}

export interface CheckOutcome {
  problems: string[];
  /** Wall-clock milliseconds of the slowest `analyze` call on this input. */
  analyzeMs: number;
  /** Wall-clock milliseconds of `fixAll`. */
  fixMs: number;
}

let freshPaths = 0;

/** A path the parsers have no kept tree for: the fixture's own name (test code is judged by it) in a folder of its own. */
function freshPath(fixture: string): string {
  return join(tmpdir(), 'mfa-ready-fuzz', `fresh-${++freshPaths}`, basename(fixture));
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs the engine on one input and lists every broken property: analyze rejected or reported an
 * internal error, an offset outside the text, an unknown notice kind, an incremental parse that differs
 * from a fresh one, fixAll threw or left more syntax errors than it was given.
 */
export async function checkInput(input: CheckedInput): Promise<CheckOutcome> {
  const problems: string[] = [];
  const settings = input.settings ?? DEFAULT_FIX_SETTINGS;
  const { text, languageId } = input;
  const kept = join(tmpdir(), 'mfa-ready-fuzz', 'kept', basename(input.fixture));

  let incremental: AnalysisResult | undefined;
  let analyzeMs = 0;
  try {
    if (input.original !== undefined) await analyze(kept, input.original, languageId, settings);
    let ms;
    [incremental, ms] = await timed(() => analyze(kept, text, languageId, settings));
    analyzeMs = Math.max(analyzeMs, ms);
  } catch (error) {
    problems.push(`analyze rejected: ${describe(error)}`);
  }

  const path = freshPath(input.fixture);
  let fresh: AnalysisResult | undefined;
  try {
    let ms;
    [fresh, ms] = await timed(() => analyze(path, text, languageId, settings));
    analyzeMs = Math.max(analyzeMs, ms);
  } catch (error) {
    problems.push(`analyze rejected (fresh path): ${describe(error)}`);
  }

  if (fresh) problems.push(...resultProblems(fresh, text));
  if (fresh && incremental && comparable(incremental, kept) !== comparable(fresh, path)) {
    problems.push('analyze after a previous text of the same path differs from analyze on a fresh path');
  }

  let fixMs = 0;
  try {
    let outcome;
    [outcome, fixMs] = await timed(() => fixAll(path, text, languageId, settings));
    if (outcome.text !== text) {
      const before = await syntaxErrorCount(text, languageId);
      const after = await syntaxErrorCount(outcome.text, languageId);
      if (after > before) problems.push(`fixAll raised the syntax error count from ${before} to ${after}`);
    }
  } catch (error) {
    problems.push(`fixAll threw: ${describe(error)}`);
  }
  return { problems, analyzeMs, fixMs };
}

/** Offsets inside the text, line/character consistent with them, known notice kinds, no caught crash. */
export function resultProblems(result: AnalysisResult, text: string): string[] {
  const problems: string[] = [];
  const inside = (what: string, range: SourceRange): void => {
    if (!(range.startOffset >= 0 && range.startOffset <= range.endOffset && range.endOffset <= text.length)) {
      problems.push(`${what} range ${range.startOffset}..${range.endOffset} is outside the text (length ${text.length})`);
    }
    if (!(range.start.line >= 0 && range.start.character >= 0 && range.end.line >= range.start.line)) {
      problems.push(`${what} has an impossible position ${JSON.stringify(range.start)}..${JSON.stringify(range.end)}`);
    }
  };
  for (const finding of result.findings) {
    inside(finding.ruleId, finding.range);
    for (const related of finding.related) inside(`${finding.ruleId} related location`, related.range);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) {
        if (!(edit.startOffset >= 0 && edit.startOffset <= edit.endOffset && edit.endOffset <= text.length)) {
          problems.push(`${finding.ruleId} fix "${fix.title}" edits ${edit.startOffset}..${edit.endOffset}, outside the text`);
        }
      }
    }
  }
  for (const notice of result.notices) {
    if (!ACCEPTED_KINDS.has(notice.kind)) problems.push(`notice of kind ${notice.kind}: ${notice.message}`);
    if (notice.line !== undefined && !(Number.isInteger(notice.line) && notice.line >= 1)) problems.push(`notice line ${notice.line}`);
  }
  if (!Number.isInteger(result.syntaxErrors) || result.syntaxErrors < 0) problems.push(`syntaxErrors is ${result.syntaxErrors}`);
  return problems;
}

/** The result without its path, for comparing two analyses of the same text. */
function comparable(result: AnalysisResult, path: string): string {
  return JSON.stringify(result, (_key, value: unknown) => (value === path ? '<path>' : value));
}

/** Writes the input where a person can replay it; returns the file's path. */
export function writeReproducer(dir: string, index: number, input: CheckedInput, problems: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const name = `${String(index).padStart(6, '0')}-${basename(input.fixture)}`;
  const file = join(dir, name);
  writeFileSync(file, input.text);
  writeFileSync(
    `${file}.json`,
    `${JSON.stringify({ fixture: input.fixture, mutation: input.mutation, languageId: input.languageId, settings: input.settings, problems }, null, 2)}\n`,
  );
  return file;
}
