import type { Fix, LanguageId, Severity } from './finding';

export type RuleLanguage = 'typescript' | 'powershell';

/** A rule's data: what SARIF's `reportingDescriptor`, the docs and the diagnostics show. */
export interface RuleMeta {
  id: string;
  title: string;
  /** Full description: what is found and why it breaks under MFA, with dates from the platform facts. */
  description: string;
  defaultSeverity: Severity;
  language: RuleLanguage;
  tags: string[];
  /**
   * Lower-case words of which at least one must occur in a file for this rule to find anything there.
   * The workspace scan skips the parse of files containing none of the catalogue's triggers.
   */
  triggers: string[];
  /**
   * Lower-case words of which one must occur too (comments included), where the rule cannot match
   * without them: the name of the module whose API it looks for, say. Files with a trigger but none of
   * these are not parsed for this rule.
   */
  requires?: string[];
}

/** Whether the rule's words allow a finding in this lower-cased text (comments included). */
export function wordsAllow(rule: RuleMeta, lower: string): boolean {
  return rule.triggers.some((word) => lower.includes(word)) && requirementMet(rule, lower);
}

function requirementMet(rule: RuleMeta, lower: string): boolean {
  return rule.requires?.some((word) => lower.includes(word)) ?? true;
}

export const HELP_BASE_URL = 'https://github.com/mfa-ready/mfa-ready/blob/main/docs/rules/';

export function helpUri(ruleId: string): string {
  return `${HELP_BASE_URL}${ruleId}.md`;
}

/**
 * The rules that can find something in this text: those with one of their trigger words in it (outside
 * comments, where the language can tell), and those that build on others (no triggers of their own).
 * The rest are not run at all.
 */
export function rulesTriggeredBy<T extends { meta: RuleMeta }>(rules: readonly T[], text: string, inComment?: (offset: number) => boolean): T[] {
  const lower = text.toLowerCase();
  // Lower-casing a few characters (İ) changes the length, and offsets with it: then comments count too.
  const outsideComments = inComment && lower.length === text.length ? inComment : undefined;
  const occurs = (word: string): boolean => (outsideComments ? occursOutside(lower, word, outsideComments) : lower.includes(word));
  return rules.filter((rule) => rule.meta.triggers.length === 0 || (rule.meta.triggers.some(occurs) && requirementMet(rule.meta, lower)));
}

/** Whether any of the rules was triggered by a word of its own (not only run because it builds on others). */
export function anyTriggered(rules: readonly { meta: RuleMeta }[]): boolean {
  return rules.some((rule) => rule.meta.triggers.length > 0);
}

function occursOutside(lower: string, word: string, inComment: (offset: number) => boolean): boolean {
  for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) {
    if (!inComment(at)) return true;
  }
  return false;
}

export function ruleLanguageOf(languageId: LanguageId): RuleLanguage {
  return languageId === 'powershell' ? 'powershell' : 'typescript';
}

/** What a rule's matcher reports; the language turns it into a `Finding`. */
export interface RuleHit {
  message: string;
  startOffset: number;
  endOffset: number;
  severity?: Severity;
  fixes?: Fix[];
  related?: { message: string; startOffset: number; endOffset: number }[];
}
