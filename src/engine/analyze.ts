import type * as PowerShellLanguage from '../languages/powershell';
import type * as TypeScriptLanguage from '../languages/typescript';
import { applyEdits } from './edits';
import { embeddedScriptFindings, MAX_EMBEDDED_SCRIPTS, type EmbeddedScript } from './embedded-scripts';
import { fingerprints } from './fingerprint';
import { isParserAssertion } from './parser-assertion';
import type { AnalysisResult, Finding, Fix, LanguageId, TextEdit } from './finding';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from './fix-settings';
import { prefilter } from './prefilter';
import { keepsSecretOf } from './redact';
import type { RuleChoice } from './rule';
import { applyRuleSettings } from './rule-settings';
import { keepRecent } from './recent';
import { textChange } from './text';

// Loaded on first use: the TypeScript parser takes about half a second to load, the PowerShell
// grammar is a 1 MB wasm; a scan that meets no file of a language never loads it.
let typeScript: typeof TypeScriptLanguage | undefined;
let powerShell: typeof PowerShellLanguage | undefined;
const typeScriptLanguage = (): typeof TypeScriptLanguage => (typeScript ??= require('../languages/typescript'));
const powerShellLanguage = (): typeof PowerShellLanguage => (powerShell ??= require('../languages/powershell'));

/**
 * Analyses one file's text. Never throws: a failure becomes a notice. Fixes are proposals until
 * `verifyFixes` has checked them: that re-parses the file once per fix, so it is done only where
 * fixes are shown or applied.
 */
export async function analyze(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings = DEFAULT_FIX_SETTINGS,
  rules?: RuleChoice,
): Promise<AnalysisResult> {
  // No rule can find anything in a file without one of its language's trigger words: skip the parse.
  if (!rules && !prefilter.admitsText(text, languageId)) return { findings: [], notices: [], syntaxErrors: 0 };
  if (text.length > MAX_TEXT_LENGTH) {
    return skipped(path, `longer than the limit of ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters (${text.length.toLocaleString('en-US')}): not parsed`);
  }
  // Rules found in code: the scan measured the nesting before its comment scan.
  const tooDeep = typeof rules !== 'object' && nestingBound(path, text) > MAX_NESTING;
  if (tooDeep) return skipped(path, `brackets nested deeper than ${MAX_NESTING} levels: not parsed`);
  try {
    const result =
      languageId === 'powershell'
        ? await powerShellLanguage().analyzePowerShell(path, text, settings, rules)
        : typeScriptLanguage().analyzeTypeScript(path, text, languageId, settings, rules);
    await addEmbeddedScriptFindings(path, text, languageId, settings, result);
    result.findings = applyRuleSettings(result.findings, settings.rules);
    result.findings.sort((x, y) => x.range.startOffset - y.range.startOffset || x.ruleId.localeCompare(y.ruleId));
    const prints = fingerprints(result.findings, text);
    result.findings.forEach((finding, index) => (finding.fingerprint = prints[index]));
    markFixesKeepingSecrets(result.findings, text);
    return result;
  } catch (error) {
    // The parsers recurse once per level of nesting (and per term of a long `a + b + …` chain).
    if (isStackOverflow(error)) return skipped(path, OUT_OF_STACK);
    if (isParserAssertion(error)) return skipped(path, PARSER_ASSERTION);
    return {
      findings: [],
      notices: [{ path, kind: 'internal-error', message: `analysis failed: ${describeError(error)}` }],
      syntaxErrors: 0,
    };
  }
}

/** Marks the fixes whose text keeps a secret of the file (see `Fix.keepsSecret`): every consumer, a cache too, sees the mark. */
function markFixesKeepingSecrets(findings: readonly Finding[], text: string): void {
  // Every fix of a file adds the same helper functions: each text is asked about once.
  const asked = new Map<string, boolean>();
  const keepsSecret = (newText: string): boolean => {
    let keeps = asked.get(newText);
    if (keeps === undefined) asked.set(newText, (keeps = keepsSecretOf(text, newText)));
    return keeps;
  };
  for (const fix of findings.flatMap((finding) => finding.fixes)) {
    if (fix.edits.some((edit) => keepsSecret(edit.newText))) fix.keepsSecret = true;
  }
}

/** The findings of the scripts in the file's strings (PowerShell a Node service runs), as the file's. */
async function addEmbeddedScriptFindings(path: string, text: string, languageId: LanguageId, settings: FixSettings, result: AnalysisResult): Promise<void> {
  const scripts = (result.embeddedScripts ?? []).filter((script) => script.language === 'powershell' && prefilter.admitsText(script.text, 'powershell'));
  delete result.embeddedScripts;
  if (scripts.length === 0) return;
  if (scripts.length > MAX_EMBEDDED_SCRIPTS) {
    const message = `${scripts.length} PowerShell scripts in strings: the first ${MAX_EMBEDDED_SCRIPTS} were read, sign-ins in the rest are not reported`;
    result.notices.push({ path, kind: 'skipped', message });
  }
  const analyzeScript = async (script: EmbeddedScript): Promise<readonly Finding[]> => {
    try {
      // The PowerShell rules' own settings hold there too (a rule turned off, a severity changed).
      return applyRuleSettings((await powerShellLanguage().analyzeEmbeddedPowerShell(path, script.text, settings)).findings, settings.rules);
    } catch (error) {
      // A script the parser cannot read (nested too deeply, say) adds nothing: the file's own findings stand.
      if (isStackOverflow(error) || isParserAssertion(error)) return [];
      throw error;
    }
  };
  result.findings.push(...(await embeddedScriptFindings(text, languageId, scripts, analyzeScript)));
}

/** The notice of a file whose analysis ran out of stack (the parsers recurse per level of nesting). */
export const OUT_OF_STACK = 'nested too deeply to parse: the parser ran out of stack';

/**
 * Never rejects: text that cannot be parsed (too deeply nested) counts as infinitely broken. `fixOf`:
 * the text is the analysed file's with a fix's edits applied (a PowerShell script then re-parses from
 * the analysis's tree).
 */
export async function syntaxErrorCount(text: string, languageId: LanguageId, fixOf?: FixedText): Promise<number> {
  if ((fixOf ? fixedNestingBound(text, fixOf) : nestingDepth(text)) > MAX_NESTING) return Number.POSITIVE_INFINITY;
  try {
    if (languageId !== 'powershell') {
      const jsx = languageId !== 'typescript';
      return fixOf
        ? typeScriptLanguage().countTypeScriptSyntaxErrorsOfEdit(fixOf.path, fixOf.text, fixOf.edits, text, jsx)
        : typeScriptLanguage().countSyntaxErrors(text, jsx);
    }
    return fixOf
      ? await powerShellLanguage().countPowerShellSyntaxErrorsOfEdit(fixOf.path, fixOf.text, fixOf.edits, text)
      : await powerShellLanguage().countPowerShellSyntaxErrors(text);
  } catch (error) {
    if (isStackOverflow(error) || isParserAssertion(error)) return Number.POSITIVE_INFINITY;
    throw error;
  }
}

/** The analysed text and a fix's edits, which made the text checked; `depth`: the analysed text's `nestingDepth`. */
export interface FixedText {
  path: string;
  text: string;
  edits: readonly TextEdit[];
  depth?: number;
}

/**
 * At least `nestingDepth(fixed)`, without a pass over the whole fixed text: the analysed text's depth
 * plus the brackets the edits open and the closing ones they remove. A bound past the limit is counted
 * again exactly.
 */
export function fixedNestingBound(fixed: string, fixOf: FixedText): number {
  if (fixOf.depth === undefined) return nestingDepth(fixed);
  let bound = fixOf.depth;
  for (const edit of fixOf.edits) {
    bound += bracketCount(edit.newText, 0, edit.newText.length, OPENING) + bracketCount(fixOf.text, edit.startOffset, edit.endOffset, CLOSING);
  }
  return bound > MAX_NESTING ? nestingDepth(fixed) : bound;
}

/**
 * Texts longer than this are not parsed (the scan's file size limit is the same, in bytes): a 50 MB
 * single line took the PowerShell parser half a minute, the editor would hand it over as it is.
 */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;

/**
 * Brackets nested deeper than this are not parsed. The parsers recurse once per level: the TypeScript
 * parser runs out of a default Node.js stack at about 450 nested object literals; real code stays far
 * below a hundred.
 */
export const MAX_NESTING = 256;

/** The deepest nesting of `(`, `[` and `{` in the text, strings and comments included (a cheap bound). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x28 || code === 0x5b || code === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if ((code === 0x29 || code === 0x5d || code === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/**
 * At least `nestingDepth(text)`, cheaply for an edit of the text the path had last: the old bound,
 * plus the opening brackets the edit adds and the closing ones it removes (each can deepen what
 * follows by one level). A bound past the limit is counted again exactly.
 */
export function nestingBound(path: string, text: string): number {
  const last = lastNesting.get(path);
  let bound = Number.POSITIVE_INFINITY;
  if (last) {
    const { start, oldLength, newLength } = textChange(last.text, text);
    bound = last.bound + bracketCount(text, start, start + newLength, OPENING) + bracketCount(last.text, start, start + oldLength, CLOSING);
  }
  if (bound > MAX_NESTING) bound = nestingDepth(text);
  keepRecent(lastNesting, path, { text, bound }, REMEMBERED_NESTING);
  return bound;
}

// The files being edited (an editor analyses the active one per change).
const REMEMBERED_NESTING = 4;
const lastNesting = new Map<string, { text: string; bound: number }>();
const OPENING = /[([{]/g;
const CLOSING = /[)\]}]/g;

function bracketCount(text: string, start: number, end: number, brackets: RegExp): number {
  return end > start ? (text.slice(start, end).match(brackets)?.length ?? 0) : 0;
}

const PARSER_ASSERTION = 'the TypeScript parser failed on this code (an internal assertion of TypeScript, as it happens with some syntax errors): not analysed';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function skipped(path: string, message: string): AnalysisResult {
  return { findings: [], notices: [{ path, kind: 'skipped', message }], syntaxErrors: 0 };
}

/**
 * Keeps, on each of the findings, the fixes whose result has no more syntax errors than the file. Each
 * check parses the whole fixed file: past `MAX_CHECKED_TEXT` of parsing, the remaining fixes are
 * withheld unchecked (a file of a thousand sign-ins took minutes, and a scan waits for every file).
 * `passed`: fixes kept by an earlier check (a fix belongs to the analysis of one text, so its check
 * stands), kept again without a parse; the fixes kept here are added to it.
 */
export async function verifyFixes(
  findings: readonly Finding[],
  analysis: AnalysisResult,
  path: string,
  text: string,
  languageId: LanguageId,
  passed?: WeakSet<Fix>,
): Promise<void> {
  let depth: number | undefined;
  const checks = Math.max(1, Math.floor(MAX_CHECKED_TEXT / Math.max(text.length, 1)));
  const checked = fixesToCheck(findings, checks);
  let unchecked = 0;
  for (const finding of findings) {
    const kept: Finding['fixes'] = [];
    for (const fix of finding.fixes) {
      if (!checked.has(fix)) {
        unchecked++;
        continue;
      }
      if (passed?.has(fix)) {
        kept.push(fix);
        continue;
      }
      // Edits that overlap (a rule's bug) cannot be applied: the fix is withheld like one that breaks the file.
      const fixed = appliedOrUndefined(text, fix.edits);
      depth ??= nestingDepth(text);
      if (fixed !== undefined && (await syntaxErrorCount(fixed, languageId, { path, text, edits: fix.edits, depth })) <= analysis.syntaxErrors) {
        kept.push(fix);
        passed?.add(fix);
      } else {
        analysis.notices.push({
          path,
          kind: 'fix-withheld',
          line: finding.range.start.line + 1,
          message: `the fix "${fix.title}" for ${finding.ruleId} was withheld: ${fixed === undefined ? 'its edits overlap' : 'its result would not parse'}`,
        });
      }
    }
    finding.fixes = kept;
  }
  if (unchecked) {
    const more = unchecked === 1 ? '1 more fix was' : `${unchecked} more fixes were`;
    const message = `${more} withheld unchecked: each fix is checked by parsing the whole file again, and a file of ${text.length.toLocaleString('en-US')} characters gets ${checks} checks`;
    analysis.notices.push({ path, kind: 'fix-withheld', message });
  }
}

/** The first `checks` fixes, those safe for fix-all first: what `mfa-ready fix` applies is what is checked. */
function fixesToCheck(findings: readonly Finding[], checks: number): Set<Fix> {
  const fixes = findings.flatMap((finding) => finding.fixes);
  return new Set([...fixes.filter((fix) => fix.safeForFixAll), ...fixes.filter((fix) => !fix.safeForFixAll)].slice(0, checks));
}

/** How much fixed text the checks of one file's fixes may parse, in characters. */
export const MAX_CHECKED_TEXT = 16 * 1024 * 1024;

function appliedOrUndefined(text: string, edits: Fix['edits']): string | undefined {
  try {
    return applyEdits(text, edits);
  } catch {
    return undefined;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
