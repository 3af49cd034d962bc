import type { RuleMeta } from './rule';

/**
 * A cheap test on the raw bytes: could any rule find something here? Triggers are ASCII, so the
 * bytes are searched as latin1 without decoding the file; UTF-16 files are tested after decoding.
 */
export class Prefilter {
  private readonly pattern: RegExp;

  constructor(rules: readonly RuleMeta[]) {
    const words = [...new Set(rules.flatMap((rule) => rule.triggers))].map(escapeRegExp);
    this.pattern = new RegExp(words.join('|'), 'i');
  }

  admitsBytes(bytes: Buffer): boolean {
    return this.pattern.test(bytes.toString('latin1'));
  }

  admitsText(text: string): boolean {
    return this.pattern.test(text);
  }
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
