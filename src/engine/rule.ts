import type { Fix, LanguageId, Severity } from './finding';
import { escapeRegExp } from './text';

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

/** Whether the rule's words allow a finding in this text (comments included). */
export function wordsAllow(rule: RuleMeta, text: string): boolean {
  const searches = wordSearchesOf(rule);
  return searchIn(searches.triggers, text) && requirementMet(searches, text);
}

function requirementMet(searches: WordSearches, text: string): boolean {
  return !searches.requires || searchIn(searches.requires, text);
}

/**
 * A rule's words as case-insensitive searches: the text is searched as it is, without a lower-cased
 * copy (200 KB per analysis of a large file, on every edit). Triggers are ASCII, which a
 * case-insensitive search matches in ASCII only, as PowerShell's and the prefilter's do.
 */
interface WordSearches {
  triggers: RegExp;
  requires?: RegExp;
}

const wordSearches = new WeakMap<RuleMeta, WordSearches>();

function wordSearchesOf(rule: RuleMeta): WordSearches {
  let searches = wordSearches.get(rule);
  if (!searches) {
    searches = { triggers: wordsPattern(rule.triggers), ...(rule.requires ? { requires: wordsPattern(rule.requires) } : {}) };
    wordSearches.set(rule, searches);
  }
  return searches;
}

function wordsPattern(words: readonly string[]): RegExp {
  return new RegExp(words.map(escapeRegExp).join('|'), 'gi');
}

/** Whether the words occur, where `counts` says they count (outside comments, say). */
function searchIn(words: RegExp, text: string, counts?: (offset: number) => boolean): boolean {
  words.lastIndex = 0;
  for (let match = words.exec(text); match; match = words.exec(text)) {
    if (!counts || counts(match.index)) return true;
    // Every start is tried: another word may start inside this one.
    words.lastIndex = match.index + 1;
  }
  return false;
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
  const outsideComments = inComment && ((offset: number) => !inComment(offset));
  return rules.filter((rule) => {
    if (rule.meta.triggers.length === 0) return true;
    const searches = wordSearchesOf(rule.meta);
    return searchIn(searches.triggers, text, outsideComments) && requirementMet(searches, text);
  });
}

/** Whether any of the rules was triggered by a word of its own (not only run because it builds on others). */
export function anyTriggered(rules: readonly { meta: RuleMeta }[]): boolean {
  return rules.some((rule) => rule.meta.triggers.length > 0);
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
