import type { Finding, AnalysisResult, LanguageId, Notice } from '../../engine/finding';
import { findingFromHit } from '../../engine/hit-to-finding';
import type { FixSettings } from '../../engine/fix-settings';
import { rulesTriggeredBy } from '../../engine/rule';
import { LineIndex } from '../../engine/text';
import { ModuleFacts } from './module-facts';
import { IncrementalParser } from './incremental-parse';
import { parseModule, type ParsedModule } from './parse';
import { createRuleContext } from './rule-context';
import { typeScriptRules } from './rules';

export function analyzeTypeScript(path: string, text: string, languageId: LanguageId, settings: FixSettings): AnalysisResult {
  const jsx = languageId !== 'typescript';
  const parsed = parseOnce(path, text, jsx);
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
  const rules = rulesTriggeredBy(typeScriptRules, text);
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

/** A file that parses goes the incremental way; one with syntax errors gets the recovering parse. */
function parseOnce(path: string, text: string, jsx: boolean): ParsedModule {
  const program = incremental.parse(path, text, jsx);
  return program ? { program, problems: [] } : parseModule(text, jsx);
}
