import type { Finding, AnalysisResult, LanguageId, Notice } from '../../engine/finding';
import { findingFromHit } from '../../engine/hit-to-finding';
import type { FixSettings } from '../../engine/fix-settings';
import { anyTriggered, rulesTriggeredBy } from '../../engine/rule';
import { LineIndex } from '../../engine/text';
import { ModuleFacts } from './module-facts';
import { isInComment } from './comments';
import { IncrementalParser } from './incremental-parse';
import { parseModule, type ParsedModule } from './parse';
import { createRuleContext } from './rule-context';
import { typeScriptRules } from './rules';

/** `everyRule`: parse and run every rule whatever the trigger words (the benchmark's naive baseline). */
export function analyzeTypeScript(path: string, text: string, languageId: LanguageId, settings: FixSettings, everyRule = false): AnalysisResult {
  const jsx = languageId !== 'typescript';
  const incrementalParse = incremental.parse(path, text, jsx);
  const inComment = incrementalParse && ((offset: number) => isInComment(incrementalParse.source, offset));
  const rules = everyRule ? typeScriptRules : rulesTriggeredBy(typeScriptRules, text, inComment);
  // Trigger words only in comments (a TODO about the old sign-in, say): no rule can find anything.
  if (!anyTriggered(rules)) return { findings: [], notices: [], syntaxErrors: 0 };
  const program = incrementalParse?.program();
  const parsed: ParsedModule = program ? { program, problems: [] } : parseModule(text, jsx);
  const lines = new LineIndex(text);
  const notices: Notice[] = parsed.problems.map((problem) => ({
    path,
    kind: 'parse-error',
    line: lines.positionAt(problem.offset).line + 1,
    message: `syntax error: ${problem.message}; the code around it was not analysed`,
  }));
  const syntaxErrors = parsed.problems.length;
  if (!parsed.program) return { findings: [], notices, syntaxErrors };
  const facts = new ModuleFacts(parsed.program);
  const context = createRuleContext(path, text, languageId, settings, parsed.program, facts, rules);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const hit of rule.check(context)) findings.push(findingFromHit(rule.meta, hit, lines, languageId));
  }
  // The TypeScript parser is complete: a syntax error is the file's, and no rewrite can make it parse.
  if (syntaxErrors) for (const finding of findings) finding.fixes = [];
  return { findings, notices, syntaxErrors };
}

// The editor re-analyses a file after each edit: the parser keeps the last trees and updates them.
const incremental = new IncrementalParser(2);
