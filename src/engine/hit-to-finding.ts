import type { Finding, LanguageId } from './finding';
import type { RuleHit, RuleMeta } from './rule';
import { snippetOf } from './redact';
import type { LineIndex } from './text';

export function findingFromHit(meta: RuleMeta, hit: RuleHit, lines: LineIndex, language: LanguageId): Finding {
  const range = lines.rangeOf(hit.startOffset, hit.endOffset);
  return {
    ruleId: meta.id,
    severity: hit.severity ?? meta.defaultSeverity,
    message: hit.message,
    range,
    language,
    snippet: snippetOf(lines.lineText(range.start.line), language, range.start.character),
    fixes: hit.fixes ?? [],
    related: (hit.related ?? []).map((r) => ({ message: r.message, range: lines.rangeOf(r.startOffset, r.endOffset) })),
    fingerprint: '',
  };
}
