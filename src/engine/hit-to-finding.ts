import type { Finding, LanguageId } from './finding';
import type { RuleHit, RuleMeta } from './rule';
import { SnippetLines } from './redact';
import type { LineIndex } from './text';

// The snippets of each analysed text, which its LineIndex stands for.
const snippetLines = new WeakMap<LineIndex, SnippetLines>();

export function findingFromHit(meta: RuleMeta, hit: RuleHit, lines: LineIndex, language: LanguageId): Finding {
  const range = lines.rangeOf(hit.startOffset, hit.endOffset);
  let snippets = snippetLines.get(lines);
  if (!snippets) {
    snippets = new SnippetLines(language);
    snippetLines.set(lines, snippets);
  }
  return {
    ruleId: meta.id,
    severity: hit.severity ?? meta.defaultSeverity,
    message: hit.message,
    range,
    language,
    snippet: snippets.snippetAt(range.start.line, lines.lineText(range.start.line), range.start.character),
    fixes: hit.fixes ?? [],
    related: (hit.related ?? []).map((r) => ({ message: r.message, range: lines.rangeOf(r.startOffset, r.endOffset) })),
    fingerprint: '',
  };
}
