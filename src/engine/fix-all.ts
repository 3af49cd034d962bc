import { analyze, verifyFixes } from './analyze';
import { applyEdits } from './edits';
import type { AnalysisResult, Finding, LanguageId } from './finding';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from './fix-settings';

export interface FixRecord {
  ruleId: string;
  line: number;
  title: string;
}

export interface FixOutcome {
  text: string;
  applied: FixRecord[];
  /** Why the file or a finding in it was left as it was. */
  withheld: { ruleId?: string; line?: number; reason: string }[];
}

const MAX_ROUNDS = 200;

/**
 * Applies every fix that is safe for fix-all, one at a time, analysing the file afresh after each so
 * that fixes sharing a setup (an import, a helper function) compose. A file that does not parse is
 * left alone. `analysed`: the file's analysis with these settings, when the caller has it already.
 */
export async function fixAll(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings = DEFAULT_FIX_SETTINGS,
  analysed?: AnalysisResult,
): Promise<FixOutcome> {
  const outcome: FixOutcome = { text, applied: [], withheld: [] };
  const stuck = new Set<string>();
  let current = analysed ?? (await analyze(path, text, languageId, settings));
  // Not parsed at all (too deeply nested for this thread's stack, say): say why nothing is fixed.
  for (const notice of current.notices.filter((n) => n.kind === 'skipped')) outcome.withheld.push({ reason: notice.message });
  const lineInOriginal = originalLines(current.findings);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = await nextFixable(current, stuck, outcome, path, languageId, lineInOriginal);
    if (!next) {
      const broken = current.notices.some((notice) => notice.kind === 'parse-error');
      const reason = broken ? 'the code around it does not parse, so it is not rewritten' : 'no fix is safe to apply unattended';
      for (const finding of current.findings.filter((f) => !stuck.has(f.fingerprint))) {
        outcome.withheld.push({ ruleId: finding.ruleId, line: lineInOriginal(finding), reason });
      }
      return outcome;
    }
    const fix = safeFix(next)!;
    const fixedText = applyEdits(outcome.text, fix.edits);
    const fixed = await analyze(path, fixedText, languageId, settings);
    if (countAlike(fixed.findings, next) >= countAlike(current.findings, next)) {
      stuck.add(next.fingerprint);
      outcome.withheld.push({ ruleId: next.ruleId, line: lineInOriginal(next), reason: 'its fix did not remove the finding' });
      continue;
    }
    outcome.applied.push({ ruleId: next.ruleId, line: lineInOriginal(next), title: fix.title });
    outcome.text = fixedText;
    current = fixed;
  }
  outcome.withheld.push({ reason: `stopped after ${MAX_ROUNDS} fixes` });
  return outcome;
}

/** The first finding not yet tried whose unattended fix, once verified, still stands. */
async function nextFixable(
  analysis: AnalysisResult,
  stuck: Set<string>,
  outcome: FixOutcome,
  path: string,
  languageId: LanguageId,
  lineOf: (finding: Finding) => number,
): Promise<Finding | undefined> {
  for (const finding of analysis.findings) {
    if (stuck.has(finding.fingerprint) || !safeFix(finding)) continue;
    await verifyFixes([finding], analysis, path, outcome.text, languageId);
    if (safeFix(finding)) return finding;
    stuck.add(finding.fingerprint);
    outcome.withheld.push({ ruleId: finding.ruleId, line: lineOf(finding), reason: 'its fix would not leave the file parsing' });
  }
  return undefined;
}

/**
 * Fixes shift the lines below them (and imports shift the whole file), so a finding of the half-fixed
 * text is reported at the line of the same-looking finding in the file as the user wrote it.
 */
function originalLines(findings: readonly Finding[]): (finding: Finding) => number {
  const unclaimed = [...findings];
  return (finding) => {
    const index = unclaimed.findIndex((f) => f.ruleId === finding.ruleId && codeHash(f) === codeHash(finding));
    const original = index >= 0 ? unclaimed.splice(index, 1)[0] : finding;
    return original.range.start.line + 1;
  };
}

function codeHash(finding: Finding): string {
  return finding.fingerprint.split(':')[0];
}

function safeFix(finding: Finding): Finding['fixes'][number] | undefined {
  return finding.fixes.find((fix) => fix.safeForFixAll);
}

/** Whether `fixAll` has anything to try among these findings. */
export function hasFixForFixAll(findings: readonly Finding[]): boolean {
  return findings.some((finding) => safeFix(finding) !== undefined);
}

/** Findings that look the same as `finding` (same rule and code, any occurrence). */
function countAlike(findings: readonly Finding[], finding: Finding): number {
  return findings.filter((f) => f.ruleId === finding.ruleId && codeHash(f) === codeHash(finding)).length;
}
