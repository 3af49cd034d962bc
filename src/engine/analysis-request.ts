import { analyze, describeError, verifyFixes } from './analyze';
import type { AnalysisResult, Fix, LanguageId } from './finding';
import { fixAll, hasFixForFixAll, type FixOutcome } from './fix-all';
import type { FixSettings } from './fix-settings';
import type { RuleChoice } from './rule';

/** One file to analyse: plain data, so that it can cross to a worker thread and back. */
export interface AnalysisRequest {
  path: string;
  text: string;
  languageId: LanguageId;
  /** The rules the scan found triggered in code, where it asked (see `RuleChoice`). */
  rules?: RuleChoice;
  fix?: FixSettings;
  /** Check every fix by parsing its result (costly: one parse per fix); without it fixes are proposals. */
  verifyFixes: boolean;
  /** Also apply every fix safe for fix-all (see `fixAll`), where the parser is warm: `mfa-ready fix`. */
  fixAll?: boolean;
}

/** A file's analysis, and with `fixAll` the file as fixed in memory (when it had a fix to try). */
export interface AnalysisOutcome extends AnalysisResult {
  fixed?: FixOutcome;
}

/** Never rejects: whatever goes wrong becomes a notice on the file. */
export async function analyzeRequest(request: AnalysisRequest): Promise<AnalysisOutcome> {
  const { path, text, languageId } = request;
  const analysis = await analyze(path, text, languageId, request.fix, request.rules);
  // First, as fix-all checks each fix it tries: fixes the report's checking withholds (past its budget) stay
  // tried, and those fix-all's checks kept, the report's check keeps without parsing them again.
  const passed = new WeakSet<Fix>();
  const fixed = request.fixAll ? await fixedInMemory(request, analysis, passed) : undefined;
  if (request.verifyFixes) {
    try {
      await verifyFixes(analysis.findings, analysis, path, text, languageId, passed);
    } catch (error) {
      for (const finding of analysis.findings) finding.fixes = [];
      analysis.notices.push({ path, kind: 'internal-error', message: `fixes withheld: checking them failed: ${describeError(error)}` });
    }
  }
  return fixed ? { ...analysis, fixed } : analysis;
}

/** `fixAll` starting from the analysis in hand; undefined when it has nothing to try. */
async function fixedInMemory(request: AnalysisRequest, analysis: AnalysisResult, passed: WeakSet<Fix>): Promise<FixOutcome | undefined> {
  if (!hasFixForFixAll(analysis.findings)) return undefined;
  try {
    return await fixAll(request.path, request.text, request.languageId, request.fix, analysis, passed);
  } catch {
    // Without `fixed` the caller fixes the file itself, and reports what goes wrong there.
    return undefined;
  }
}
