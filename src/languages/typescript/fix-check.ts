import * as ts from 'typescript';
import { applyEdits, writtenSpans } from '../../engine/edits';
import type { TextEdit } from '../../engine/finding';
import { countSyntaxErrors, parseDiagnosticCount, parsedForCheck } from './parse';
import { bindingsOf, namesRedeclared } from './redeclared-names';

/** A run of the module's top-level statements that a fix's edits touch: `[start, end)` of the analysed text. */
interface TouchedRun {
  start: number;
  end: number;
}

/**
 * The syntax errors of a fix's result, for a module the analysis parsed without any (`original`). Only
 * the top-level statements the fix's edits touch are parsed again, each run of them as the fix leaves
 * it: a run that parses on its own ends where it ended, so the statements around it read as they did.
 * A fix edits the top (an import), the sign-in and the end (a helper) of a module, which are a
 * twentieth of the benchmark's modules and three fifths of real ones. Where a run has an error, or the
 * fix declares a name again, the whole fixed module is parsed for the count, as without `original`.
 */
export function countSyntaxErrorsOfFix(original: ts.SourceFile, edits: readonly TextEdit[], fixed: string, jsx: boolean): number {
  return parsesInTouchedRuns(original, edits, jsx) ? 0 : countSyntaxErrors(fixed, jsx, writtenSpans(edits));
}

function parsesInTouchedRuns(original: ts.SourceFile, edits: readonly TextEdit[], jsx: boolean): boolean {
  const runs = touchedRuns(original, edits);
  const runEdits = runs.map((run) => editsOf(run, edits));
  if (runEdits.flat().length !== edits.length) return false;
  const parts = runs.map((run, index) => parsedForCheck(applyEdits(original.text.slice(run.start, run.end), runEdits[index]), jsx));
  if (parts.some((part) => parseDiagnosticCount(part) > 0)) return false;
  const untouched = original.statements.filter((statement) => !runs.some((run) => run.start <= statement.pos && statement.end <= run.end));
  const bindings = [...bindingsOf(original, untouched, []), ...parts.flatMap((part, index) => bindingsOf(part, part.statements, writtenSpans(runEdits[index])))];
  return namesRedeclared(bindings) === 0;
}

/**
 * The runs of whole top-level statements (each with the comments before it) that the edits touch, an
 * insertion between two statements touching both; the text after the last statement is one more.
 */
function touchedRuns(source: ts.SourceFile, edits: readonly TextEdit[]): TouchedRun[] {
  const last = source.statements.at(-1);
  const spans = [...source.statements.map((s) => ({ start: s.pos, end: s.end })), { start: last?.end ?? 0, end: source.text.length }];
  const touched = spans.filter((span) => edits.some((edit) => touches(edit, span)));
  const runs: TouchedRun[] = [];
  for (const span of touched) {
    const previous = runs.at(-1);
    if (previous && previous.end >= span.start) previous.end = Math.max(previous.end, span.end);
    else runs.push({ ...span });
  }
  return runs;
}

function touches(edit: TextEdit, span: TouchedRun): boolean {
  if (edit.startOffset === edit.endOffset) return span.start <= edit.startOffset && edit.startOffset <= span.end;
  return edit.startOffset < span.end && edit.endOffset > span.start;
}

/** The run's edits, as offsets into the run's text. */
function editsOf(run: TouchedRun, edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .filter((edit) => run.start <= edit.startOffset && edit.endOffset <= run.end)
    .map((edit) => ({ startOffset: edit.startOffset - run.start, endOffset: edit.endOffset - run.start, newText: edit.newText }));
}
