import { analyze, describeError, verifyFixes } from './analyze';
import type { AnalysisResult, LanguageId } from './finding';
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
}

/** Never rejects: whatever goes wrong becomes a notice on the file. */
export async function analyzeRequest(request: AnalysisRequest): Promise<AnalysisResult> {
  const { path, text, languageId } = request;
  const analysis = await analyze(path, text, languageId, request.fix, request.rules);
  if (!request.verifyFixes) return analysis;
  try {
    await verifyFixes(analysis.findings, analysis, path, text, languageId);
  } catch (error) {
    for (const finding of analysis.findings) finding.fixes = [];
    analysis.notices.push({ path, kind: 'internal-error', message: `fixes withheld: checking them failed: ${describeError(error)}` });
  }
  return analysis;
}
