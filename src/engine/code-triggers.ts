import { powerShellNotCode } from '../languages/powershell/comments';
import { typeScriptNotCode } from '../languages/typescript/comment-scan';
import { MAX_NESTING, nestingDepth } from './analyze';
import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { anyTriggered, ruleLanguageOf, rulesTriggeredBy, type RuleLanguage, type RuleMeta } from './rule';

/**
 * Whether a rule of the file's language may have a trigger word in its code, as the language's
 * analysis asks before it parses a file it meets first. The scan asks on its own thread: a file whose
 * trigger words are all in comments (or, for the rules that name commands, in messages) is settled
 * there, instead of crossing to a worker thread to be settled by the same scan. False only where the
 * comment scan is sure; where it gives up, or is not asked, any trigger counts.
 */
export function triggeredInCode(text: string, languageId: LanguageId): boolean {
  // A long file is left to the worker's own scan: in the editor this thread is the extension host's.
  if (text.length > LONGEST_SCANNED_HERE) return true;
  // The scans recurse per nested `${` or `$(`: a file nested deeper than the parsers take goes on to
  // the analysis, which gives its notice, before the scan could run out of stack on this thread.
  if (nestingDepth(text) > MAX_NESTING) return true;
  try {
    const notCode = languageId === 'powershell' ? powerShellNotCode(text) : typeScriptNotCode(text, languageId !== 'typescript');
    return anyTriggered(rulesTriggeredBy(RULES_BY_LANGUAGE[ruleLanguageOf(languageId)], text, notCode));
  } catch {
    return true; // the analysis then reports what went wrong, as a notice on the file
  }
}

/** 15–30 ms of scanning for a script dense with strings and comments. */
const LONGEST_SCANNED_HERE = 256 * 1024;

const rulesOf = (language: RuleLanguage): { meta: RuleMeta }[] => RULES.filter((meta) => meta.language === language).map((meta) => ({ meta }));

// One array per language: the rules' word searches are built once per array.
const RULES_BY_LANGUAGE: Record<RuleLanguage, { meta: RuleMeta }[]> = { typescript: rulesOf('typescript'), powershell: rulesOf('powershell') };
