import { RULES } from './catalog';
import type { LanguageId } from './finding';
import { ruleLanguageOf, rulesTriggeredBy, type RuleLanguage, type RuleMeta } from './rule';
import { wordsPattern } from './text';
import { WordAutomaton } from './word-automaton';

/**
 * A cheap test on the raw bytes: could any rule of the file's language find something here? Triggers
 * are ASCII, so the bytes are searched as latin1 without decoding; UTF-16 files are tested decoded.
 * One automaton of every trigger settles most files. Where a rule also requires a word (its
 * module's name), a file with a trigger is admitted by a trigger of the other rules, else by the words
 * of a rule that requires one.
 */
export class Prefilter {
  /** Built on a language's first file: the extension activates without building any. */
  private readonly languages = new Map<RuleLanguage, LanguageTriggers>();

  constructor(private readonly rules: readonly RuleMeta[]) {}

  admitsBytes(bytes: Buffer, languageId: LanguageId): boolean {
    const triggers = this.triggersOf(ruleLanguageOf(languageId));
    return triggers.any.occursInBytes(bytes) && admitsTriggered(triggers, bytes.toString('latin1'));
  }

  admitsText(text: string, languageId: LanguageId): boolean {
    const triggers = this.triggersOf(ruleLanguageOf(languageId));
    return triggers.any.occursInText(text) && admitsTriggered(triggers, text);
  }

  private triggersOf(language: RuleLanguage): LanguageTriggers {
    let triggers = this.languages.get(language);
    if (!triggers) {
      triggers = languageTriggers(this.rules.filter((r) => r.language === language && r.triggers.length > 0));
      this.languages.set(language, triggers);
    }
    return triggers;
  }
}

function languageTriggers(own: readonly RuleMeta[]): LanguageTriggers {
  const requiring = own.filter((rule) => rule.requires);
  const others = own.filter((rule) => !rule.requires);
  const conditions = requiring.length
    ? { unconditional: others.length ? triggersPattern(others) : undefined, requiring: requiring.map((meta) => ({ meta })) }
    : {};
  return { any: new WordAutomaton(triggerWords(own)), ...conditions };
}

/** Whether a text with some trigger of the language has one of a rule that requires nothing more, or a required word besides. */
function admitsTriggered(triggers: LanguageTriggers, text: string): boolean {
  if (!triggers.requiring || triggers.unconditional?.test(text)) return true;
  return rulesTriggeredBy(triggers.requiring, text).length > 0;
}

/** A language's triggers: `unconditional` and `requiring` where some rule requires a word besides them. */
interface LanguageTriggers {
  any: WordAutomaton;
  /** The triggers of the rules that require nothing more. */
  unconditional?: RegExp;
  requiring?: readonly { meta: RuleMeta }[];
}

function triggerWords(rules: readonly RuleMeta[]): string[] {
  return [...new Set(rules.flatMap((r) => r.triggers))];
}

function triggersPattern(rules: readonly RuleMeta[]): RegExp {
  return wordsPattern(triggerWords(rules), 'i');
}

export const prefilter = new Prefilter(RULES);
