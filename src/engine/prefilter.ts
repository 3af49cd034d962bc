import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { ruleLanguageOf, type RuleLanguage, type RuleMeta } from './rule';

/**
 * A cheap test on the raw bytes: could any rule of the file's language find something here? Triggers
 * are ASCII, so the bytes are searched as latin1 without decoding; UTF-16 files are tested decoded.
 */
export class Prefilter {
  private readonly patterns = new Map<RuleLanguage, RegExp>();

  constructor(rules: readonly RuleMeta[]) {
    for (const language of new Set(rules.map((rule) => rule.language))) {
      const words = [...new Set(rules.filter((r) => r.language === language).flatMap((r) => r.triggers))];
      this.patterns.set(language, new RegExp(words.map(escapeRegExp).join('|'), 'i'));
    }
  }

  admitsBytes(bytes: Buffer, languageId: LanguageId): boolean {
    return this.admitsText(bytes.toString('latin1'), languageId);
  }

  admitsText(text: string, languageId: LanguageId): boolean {
    return this.patterns.get(ruleLanguageOf(languageId))?.test(text) ?? false;
  }
}

export const prefilter = new Prefilter(RULES);

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
