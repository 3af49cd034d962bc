import { createHash } from 'node:crypto';
import type { Finding } from './finding';
import { redact } from './redact';

/**
 * A finding's identity across unrelated edits: its rule, its own source text (white space folded,
 * secrets masked) and how many same-looking findings precede it. Line numbers are left out on purpose.
 */
export function fingerprints(findings: readonly Finding[], text: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const code = redact(text.slice(finding.range.startOffset, finding.range.endOffset).replace(/\s+/g, ' ').trim(), finding.language);
    const hash = createHash('sha256').update(`${finding.ruleId}\0${code}`).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}
