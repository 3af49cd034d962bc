import type { Finding, AnalysisResult, LanguageId, Notice, TextEdit } from '../../engine/finding';
import { writtenSpans } from '../../engine/edits';
import { findingFromHit } from '../../engine/hit-to-finding';
import { leaveSeveralAccountsToPerson } from '../../engine/several-accounts';
import type { FixSettings } from '../../engine/fix-settings';
import { anyTriggered, rulesTriggeredBy, type RuleChoice } from '../../engine/rule';
import { LineIndex } from '../../engine/text';
import { ModuleFacts } from './module-facts';
import { typeScriptNotCode } from './comment-scan';
import { withDeadCodeTakenOut } from './dead-after-fix';
import { isInComment } from './comments';
import { IncrementalParser, type IncrementalParse } from './incremental-parse';
import { countSyntaxErrorsOfFix } from './fix-check';
import { countSyntaxErrors, parseModule, type ParsedModule } from './parse';
import { createRuleContext, type TypeScriptRule } from './rule-context';
import { typeScriptRules } from './rules';
import { asTestSignInOf } from './test-code';

/** `choice`: see `RuleChoice`. The rules are asked again of the parsed module, whose comments are sure. */
export function analyzeTypeScript(path: string, text: string, languageId: LanguageId, settings: FixSettings, choice?: RuleChoice): AnalysisResult {
  const jsx = languageId !== 'typescript';
  if (choice === 'every') return analyzeModule(path, text, languageId, settings, typeScriptRules, incremental.parse(path, text, jsx));
  // Trigger words only in comments (a TODO about the old sign-in, say): no rule can find anything. A
  // module met for the first time (in a scan, say) is asked before it is parsed, where a scan can tell.
  const scanned = choice || incremental.has(path) ? undefined : typeScriptNotCode(text, jsx);
  if (scanned && !anyTriggered(rulesTriggeredBy(typeScriptRules, text, scanned))) return nothingFound();
  const incrementalParse = incremental.parse(path, text, jsx);
  // A module with syntax errors has no tree to ask: the scan answers, as for a module met first.
  const notCode = incrementalParse ? { inComment: (offset: number) => isInComment(incrementalParse.source, offset) } : (scanned ?? typeScriptNotCode(text, jsx));
  const rules = rulesTriggeredBy(typeScriptRules, text, notCode);
  if (!anyTriggered(rules)) return nothingFound();
  return analyzeModule(path, text, languageId, settings, rules, incrementalParse);
}

function analyzeModule(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings,
  rules: readonly TypeScriptRule[],
  incrementalParse: IncrementalParse | undefined,
): AnalysisResult {
  const jsx = languageId !== 'typescript';
  const program = incrementalParse?.program();
  const parsed: ParsedModule = program ? { program, problems: [] } : parseModule(text, jsx);
  try {
    return analyzeParsed(path, text, languageId, settings, rules, parsed, incrementalParse);
  } catch (error) {
    // A tree made without the grammar check may hold what a rule never meets in valid code: read the file around the error instead.
    if (!parsed.asWritten) throw error;
    return analyzeParsed(path, text, languageId, settings, rules, parseModule(text, jsx, { asWritten: false }), incrementalParse);
  }
}

function analyzeParsed(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings,
  rules: readonly TypeScriptRule[],
  parsed: ParsedModule,
  incrementalParse: IncrementalParse | undefined,
): AnalysisResult {
  // After an edit the converter has the line starts already.
  const lines = new LineIndex(text, incrementalParse?.lineFeedStarts());
  const consequence = parsed.asWritten ? 'tsc reports it; the code was analysed as written' : 'the code around it was not analysed';
  const notices: Notice[] = parsed.problems.map((problem) => ({
    path,
    kind: 'parse-error',
    line: lines.positionAt(problem.offset).line + 1,
    message: `syntax error: ${problem.message}; ${consequence}`,
  }));
  // A tree as written is the whole file: its fixes are checked against TypeScript's parse, which takes the file.
  const syntaxErrors = parsed.asWritten ? 0 : parsed.problems.length;
  if (!parsed.program) return { findings: [], notices, syntaxErrors };
  const facts = new ModuleFacts(parsed.program);
  const context = createRuleContext(path, text, languageId, settings, parsed.program, facts, rules);
  const hits = rules.flatMap((rule) => (rule.check?.(context) ?? []).map((hit) => ({ meta: rule.meta, hit: withDeadCodeTakenOut(context, asTestSignInOf(context, rule.meta, hit)) })));
  const findings: Finding[] = leaveSeveralAccountsToPerson(hits, text, 'module').map(({ meta, hit }) => findingFromHit(meta, hit, lines, languageId));
  // The TypeScript parser is complete: a syntax error is the file's, and no rewrite can make it parse.
  if (syntaxErrors) for (const finding of findings) withheldForSyntaxError(finding, notices[0].line!);
  const embeddedScripts = rules.flatMap((rule) => (rule.embeddedScripts?.(context) ?? []).map((script) => ({ ...script, meta: rule.meta })));
  return { findings, notices, syntaxErrors, ...(embeddedScripts.length ? { embeddedScripts } : {}) };
}

/** A finding's fixes taken away while the file does not parse, and the message says so (the fix-all run and the editor show no fix otherwise). */
function withheldForSyntaxError(finding: Finding, line: number): void {
  if (finding.fixes.length === 0) return;
  finding.fixes = [];
  finding.message += ` Its fix is not offered while the file has a syntax error (line ${line}): correct that first.`;
}

// The editor re-analyses a file after each edit: the parser keeps the last trees and updates them.
const incremental = new IncrementalParser(2);

/** The syntax errors of `fixed`, `text` with a fix's `edits` applied: from the analysis's tree where it has one. */
export function countTypeScriptSyntaxErrorsOfEdit(path: string, text: string, edits: readonly TextEdit[], fixed: string, jsx: boolean): number {
  const original = incremental.kept(path, text, jsx);
  return original ? countSyntaxErrorsOfFix(original, edits, fixed, jsx) : countSyntaxErrors(fixed, jsx, writtenSpans(edits));
}

const nothingFound = (): AnalysisResult => ({ findings: [], notices: [], syntaxErrors: 0 });

