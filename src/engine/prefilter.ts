import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { ruleLanguageOf, rulesTriggeredBy, type RuleLanguage, type RuleMeta } from './rule';
import { escapeRegExp } from './text';

/**
 * A cheap test on the raw bytes: could any rule of the file's language find something here? Triggers
 * are ASCII, so the bytes are searched as latin1 without decoding; UTF-16 files are tested decoded.
 * One regular expression of every trigger settles most files; where a rule also requires a word (its
 * module's name), the few files with a trigger are checked for each rule's words.
 */
export class Prefilter {
  private readonly patterns = new Map<RuleLanguage, RegExp>();
  private readonly rulesWithRequirements = new Map<RuleLanguage, readonly { meta: RuleMeta }[]>();

  constructor(rules: readonly RuleMeta[]) {
    for (const language of new Set(rules.map((rule) => rule.language))) {
      const own = rules.filter((r) => r.language === language && r.triggers.length > 0);
      const words = [...new Set(own.flatMap((r) => r.triggers))];
      this.patterns.set(language, new RegExp(words.map(escapeRegExp).join('|'), 'i'));
      if (own.some((rule) => rule.requires)) this.rulesWithRequirements.set(language, own.map((meta) => ({ meta })));
    }
  }

  admitsBytes(bytes: Buffer, languageId: LanguageId): boolean {
    return this.admitsText(bytes.toString('latin1'), languageId);
  }

  admitsText(text: string, languageId: LanguageId): boolean {
    const language = ruleLanguageOf(languageId);
    if (!this.patterns.get(language)?.test(text)) return false;
    const rules = this.rulesWithRequirements.get(language);
    if (!rules) return true;
    return rulesTriggeredBy(rules, text).length > 0;
  }
}

export const prefilter = new Prefilter(RULES);
