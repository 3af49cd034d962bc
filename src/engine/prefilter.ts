import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { ruleLanguageOf, rulesTriggeredBy, type RuleLanguage, type RuleMeta } from './rule';
import { wordsPattern } from './text';

/**
 * A cheap test on the raw bytes: could any rule of the file's language find something here? Triggers
 * are ASCII, so the bytes are searched as latin1 without decoding; UTF-16 files are tested decoded.
 * One regular expression of every trigger settles most files. Where a rule also requires a word (its
 * module's name), a file with a trigger is admitted by a trigger of the other rules, else by the words
 * of a rule that requires one.
 */
export class Prefilter {
  private readonly languages = new Map<RuleLanguage, LanguageTriggers>();

  constructor(rules: readonly RuleMeta[]) {
    for (const language of new Set(rules.map((rule) => rule.language))) {
      const own = rules.filter((r) => r.language === language && r.triggers.length > 0);
      const requiring = own.filter((rule) => rule.requires);
      const others = own.filter((rule) => !rule.requires);
      const conditions = requiring.length
        ? { unconditional: others.length ? triggersPattern(others) : undefined, requiring: requiring.map((meta) => ({ meta })) }
        : {};
      this.languages.set(language, { any: triggersPattern(own), ...conditions });
    }
  }

  admitsBytes(bytes: Buffer, languageId: LanguageId): boolean {
    return this.admitsText(bytes.toString('latin1'), languageId);
  }

  admitsText(text: string, languageId: LanguageId): boolean {
    const triggers = this.languages.get(ruleLanguageOf(languageId));
    if (!triggers?.any.test(text)) return false;
    if (!triggers.requiring || triggers.unconditional?.test(text)) return true;
    return rulesTriggeredBy(triggers.requiring, text).length > 0;
  }
}

/** A language's triggers: `unconditional` and `requiring` where some rule requires a word besides them. */
interface LanguageTriggers {
  any: RegExp;
  /** The triggers of the rules that require nothing more. */
  unconditional?: RegExp;
  requiring?: readonly { meta: RuleMeta }[];
}

function triggersPattern(rules: readonly RuleMeta[]): RegExp {
  const words = [...new Set(rules.flatMap((r) => r.triggers))];
  return wordsPattern(words, 'i');
}

export const prefilter = new Prefilter(RULES);
