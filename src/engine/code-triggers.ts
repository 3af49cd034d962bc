import { powerShellNotCode } from '../languages/powershell/comments';
import { typeScriptNotCode } from '../languages/typescript/comment-scan';
import { MAX_NESTING, nestingDepth } from './analyze';
import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { anyTriggered, ruleLanguageOf, rulesTriggeredBy, type RuleLanguage, type RuleMeta } from './rule';

/**
 * The rules of the file's language that may have a trigger word in its code, as the language's
 * analysis asks before it parses a file it meets first: `inCode` lists their ids, and is empty where
 * none has (then no rule can find anything). The scan asks on its own thread: a file whose trigger
 * words are all in comments (or, for the rules that name commands, in messages) is settled there,
 * instead of crossing to a worker thread to be settled by the same scan, and a file that does cross
 * takes the answer with it. Undefined where the scan was not asked: the analysis then asks itself.
 */
export function rulesInCode(text: string, languageId: LanguageId): { inCode: string[] } | undefined {
  // A long file is left to the worker's own scan: in the editor this thread is the extension host's.
  if (text.length > LONGEST_SCANNED_HERE) return undefined;
  // The scans recurse per nested `${` or `$(`: a file nested deeper than the parsers take goes on to
  // the analysis, which gives its notice, before the scan could run out of stack on this thread.
  if (nestingDepth(text) > MAX_NESTING) return undefined;
  try {
    const notCode = languageId === 'powershell' ? powerShellNotCode(text) : typeScriptNotCode(text, languageId !== 'typescript');
    const rules = rulesTriggeredBy(RULES_BY_LANGUAGE[ruleLanguageOf(languageId)], text, notCode);
    return { inCode: anyTriggered(rules) ? rules.map(({ meta }) => meta.id) : [] };
  } catch {
    return undefined; // the analysis then reports what went wrong, as a notice on the file
  }
}

/** 15–30 ms of scanning for a script dense with strings and comments. */
const LONGEST_SCANNED_HERE = 256 * 1024;

const rulesOf = (language: RuleLanguage): { meta: RuleMeta }[] => RULES.filter((meta) => meta.language === language).map((meta) => ({ meta }));

// One array per language: the rules' word searches are built once per array.
const RULES_BY_LANGUAGE: Record<RuleLanguage, { meta: RuleMeta }[]> = { typescript: rulesOf('typescript'), powershell: rulesOf('powershell') };
