import type { Fix, LanguageId, Severity } from './finding';
import { WordAutomaton } from './word-automaton';

export type RuleLanguage = 'typescript' | 'powershell';

/** A rule's data: what SARIF's `reportingDescriptor`, the docs and the diagnostics show. */
export interface RuleMeta {
  id: string;
  title: string;
  /** Full description: what is found and why it breaks under MFA, with dates from the platform facts. */
  description: string;
  defaultSeverity: Severity;
  /** The highest level it reports at, where above its default (a mail rule's IMAP and POP sign-ins are errors): what SARIF scores it by. */
  highestSeverity?: Severity;
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
  /**
   * Whether a trigger in a string literal counts (it does unless this is false), or which triggers
   * do. False where the triggers are names of commands, which a string does not run (`Write-Host
   * "Connect-MsolService is retired"`); a language that calls a command by a string (`& 'Connect-MsolService'`)
   * does not tell such a string apart. A type's name may be quoted (`New-Object -TypeName 'System.Net.NetworkCredential'`).
   */
  triggersInStrings?: boolean | readonly string[];
  /**
   * Its fixes change who signs in: to one stored Secure Application Model token, or an app. Where the
   * sign-in is a library's, which signs in whoever calls it, or a test's, which signs in its own test
   * account, that is no fix to apply unattended.
   */
  fixesChangeWhoSignsIn?: true;
}

/** What a language can tell apart in its text before parsing it: comments, and string literals. */
export interface NotCode {
  inComment(offset: number): boolean;
  inString?(offset: number): boolean;
}

export const HELP_BASE_URL = 'https://github.com/mfa-ready/mfa-ready/blob/main/docs/rules/';

export function helpUri(ruleId: string): string {
  return `${HELP_BASE_URL}${ruleId}.md`;
}

/**
 * The rules that can find something in this text: those with one of their trigger words in it (outside
 * comments, and outside strings for rules whose triggers name commands, where the language can tell)
 * and one of their required words (anywhere), and those that build on others (no triggers of their
 * own). The rest are not run at all. The rules' words are searched together, in one pass over the
 * text per kind.
 */
export function rulesTriggeredBy<T extends { meta: RuleMeta }>(rules: readonly T[], text: string, notCode?: NotCode): T[] {
  const words = ruleWordsOf(rules);
  const triggers = words.triggers.found(text, notCode && placeIn(notCode));
  const counts = (meta: RuleMeta, word: string): boolean => {
    const place = triggers.get(word);
    if (place !== 'string') return place === 'code';
    return Array.isArray(meta.triggersInStrings) ? meta.triggersInStrings.includes(word) : meta.triggersInStrings !== false;
  };
  const triggered = rules.filter(({ meta }) => meta.triggers.length === 0 || meta.triggers.some((word) => counts(meta, word)));
  // Required words are searched only when a rule that requires one was triggered.
  if (!triggered.some(({ meta }) => meta.requires)) return triggered;
  const required = words.requires!.found(text);
  return triggered.filter(({ meta }) => !meta.requires || meta.requires.some((word) => required.has(word)));
}

type TextPlace = 'code' | 'string' | 'comment';

function placeIn(notCode: NotCode): (offset: number) => TextPlace {
  return (offset) => (notCode.inComment(offset) ? 'comment' : notCode.inString?.(offset) ? 'string' : 'code');
}

/**
 * Which rules an analysis runs: `every` rule whatever the trigger words (the benchmark's naive
 * baseline), or those of `inCode` (rule ids): the scan has asked `rulesTriggeredBy` with the file's
 * comment scan already, and checked its nesting, so the analysis does not ask again. Without a
 * choice the analysis asks itself.
 */
export type RuleChoice = 'every' | { inCode: readonly string[] };

/** Whether any of the rules was triggered by a word of its own (not only run because it builds on others). */
export function anyTriggered(rules: readonly { meta: RuleMeta }[]): boolean {
  return rules.some((rule) => rule.meta.triggers.length > 0);
}

/** The words of a set of rules, each kind searched in one pass over the text. */
interface RuleWords {
  triggers: WordSearch;
  requires?: WordSearch;
}

const ruleWords = new WeakMap<readonly unknown[], RuleWords>();

function ruleWordsOf(rules: readonly { meta: RuleMeta }[]): RuleWords {
  let words = ruleWords.get(rules);
  if (!words) {
    const requires = rules.flatMap(({ meta }) => meta.requires ?? []);
    words = { triggers: new WordSearch(rules.flatMap(({ meta }) => meta.triggers)), ...(requires.length ? { requires: new WordSearch(requires) } : {}) };
    ruleWords.set(rules, words);
  }
  return words;
}

/**
 * Lower-case ASCII words, searched case-insensitively in the text as it is: a lower-cased copy would
 * cost 200 KB per analysis of a large file, on every edit. A case-insensitive search matches ASCII in
 * ASCII only, as PowerShell's name comparisons and the prefilter's search do. One pass of the words'
 * automaton: the alternation of the words as a regular expression, tried at every offset, took 0.7 ms
 * of CPU on each edit of a 5,000-line module (0.4 ms now).
 */
class WordSearch {
  private readonly automaton: WordAutomaton;

  constructor(words: readonly string[]) {
    this.automaton = new WordAutomaton([...new Set(words)]);
  }

  /** The words that occur in the text, each with where it counts most: in code, else in a string (comments do not count). */
  found(text: string, placeOf?: (offset: number) => TextPlace): Map<string, TextPlace> {
    const found = new Map<string, TextPlace>();
    this.automaton.forEachOccurrence(text, (word, start) => {
      if (found.get(word) === 'code') return;
      const place = placeOf ? placeOf(start) : 'code';
      if (place !== 'comment') found.set(word, place);
    });
    return found;
  }
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
  /** The accounts the sign-in may use, as far as the file tells them apart: fix-all gives one token to sign-ins of one account only. */
  signsInAs?: AccountSource[];
}

/** Where a sign-in's credential or user name is made (`key` tells one apart from another; `offset` is where it is written). */
export interface AccountSource {
  key: string;
  offset: number;
  /** Made anew on each pass of a loop: an account per pass. */
  perPass?: true;
  /** Reached through more copies or calls than the check reads (or a value it cannot see into): possibly another account. */
  unfinished?: true;
  /** Typed in at a prompt (`Get-Credential`): someone runs the script, on the runs that make it so. */
  prompted?: true;
}
