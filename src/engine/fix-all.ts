import { analyze, verifyFixes } from './analyze';
import { applyEdits } from './edits';
import type { AnalysisResult, Finding, Fix, LanguageId, TextEdit } from './finding';
import { signsInAsApp } from './fix-sign-ins';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from './fix-settings';
import { isSecretFinding, secretsFound } from './found-secrets';
import { OwnSecretNames } from './own-secret-names';
import { LineIndex } from './text';

export interface FixRecord {
  ruleId: string;
  line: number;
  title: string;
}

export interface FixOutcome {
  text: string;
  applied: FixRecord[];
  /** Why the file or a finding in it was left as it was. */
  withheld: { ruleId?: string; line?: number; reason: string }[];
}

const MAX_ROUNDS = 200;

/**
 * Applies every fix that is safe for fix-all, one at a time, analysing the file afresh after each so
 * that fixes sharing a setup (an import, a helper function) compose. A file that does not parse is
 * left alone. `analysed`: the file's analysis with these settings, when the caller has it already;
 * `passed` gathers the fixes whose check kept them (see `verifyFixes`), for the caller to check that
 * analysis's fixes without parsing again what was checked here.
 */
export async function fixAll(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings = DEFAULT_FIX_SETTINGS,
  analysed?: AnalysisResult,
  passed?: WeakSet<Fix>,
): Promise<FixOutcome> {
  const outcome: FixOutcome = { text, applied: [], withheld: [] };
  const stuck = new Set<string>();
  const named = withOwnSecretNames(path, settings);
  // The analysis in hand named the secrets without this naming, which must know their names before a fix moves one out.
  let unnamed = analysed !== undefined && named !== settings;
  settings = named;
  let current = analysed ?? (await analyze(path, text, languageId, settings));
  const before = current.findings;
  // Not parsed at all (too deeply nested for this thread's stack, say): say why nothing is fixed.
  for (const notice of current.notices.filter((n) => n.kind === 'skipped')) outcome.withheld.push({ reason: notice.message });
  const original = new OriginalLines(text);
  const lineInOriginal = (finding: Finding): number => original.lineOf(finding);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = await nextFixable(current, stuck, outcome, path, languageId, lineInOriginal, passed);
    if (!next) {
      // A parse error near a finding has taken its fixes away already, and its message says so.
      const lines = new LineIndex(outcome.text);
      // A message that names a line names one of the fixed text: the reason names the original's.
      const originalLine = (line: number): number => original.lineAtOffset(lines.lineStart(line - 1));
      for (const finding of current.findings.filter((f) => !stuck.has(f.fingerprint))) {
        outcome.withheld.push({ ruleId: finding.ruleId, line: lineInOriginal(finding), reason: whyNotFixed(finding, originalLine) });
      }
      for (const finding of adviceGoneWithOtherFixes(before, current.findings, outcome.applied, lineInOriginal)) {
        outcome.withheld.push({ ruleId: finding.ruleId, line: finding.range.start.line + 1, reason: stillStands(finding, text, outcome.text) });
      }
      return outcome;
    }
    if (unnamed) {
      await analyze(path, text, languageId, settings);
      unnamed = false;
    }
    const fix = fixForFixAll(next)!;
    const fixedText = applyEdits(outcome.text, fix.edits);
    const fixed = await analyze(path, fixedText, languageId, settings);
    if (countAlike(fixed.findings, next) >= countAlike(current.findings, next)) {
      stuck.add(next.fingerprint);
      outcome.withheld.push({ ruleId: next.ruleId, line: lineInOriginal(next), reason: 'its fix did not remove the finding' });
      continue;
    }
    outcome.applied.push({ ruleId: next.ruleId, line: lineInOriginal(next), title: fix.title });
    original.recordFix(fix.edits);
    outcome.text = fixedText;
    current = fixed;
  }
  outcome.withheld.push({ reason: `stopped after ${MAX_ROUNDS} fixes` });
  return outcome;
}

/**
 * Once a fix has moved a secret's literal out, the file no longer shows its value: without a `fix` run's
 * naming, the file's own keeps one name per value across the rounds (a copy fixed later reads the same secret).
 */
function withOwnSecretNames(path: string, settings: FixSettings): FixSettings {
  return settings.ownSecretName ? settings : { ...settings, ownSecretName: new OwnSecretNames(new Set()).forFile(path).name };
}

/**
 * Findings without a fix fix-all applies that another fix made go away: a password literal whose sign-in
 * was rewritten, still in the file or taken out with the sign-in's credential, is still to be rotated,
 * though nothing reports it any more.
 */
function adviceGoneWithOtherFixes(before: readonly Finding[], after: readonly Finding[], applied: readonly FixRecord[], lineInOriginal: (finding: Finding) => number): Finding[] {
  const remaining = new Set([...after.map((finding) => `${finding.ruleId} ${lineInOriginal(finding)}`), ...applied.map((fix) => `${fix.ruleId} ${fix.line}`)]);
  return before.filter((finding) => !fixForFixAll(finding) && !remaining.has(`${finding.ruleId} ${finding.range.start.line + 1}`));
}

/**
 * What a finding that other fixes made go away still asks: a secret may be kept in the file's history,
 * and may still be written where nothing in the file signs in with it any more (`original`: the file before fix-all,
 * `fixed` after).
 */
function stillStands(finding: Finding, original: string, fixed: string): string {
  const gone = 'no longer reported once the other fixes are in';
  if (!isSecretFinding(finding)) return `${gone}, but what it found still stands: ${sentencesOf(finding.message)[0]}`;
  const written = secretsFound([finding], original).some((secret) => fixed.includes(secret));
  return written
    ? `${gone}, but the secret it found is still written in the code, where nothing in this file signs in with it any more: take it out and rotate it`
    : `${gone}: the fixes took the secret it found out of the code, but it was written there and may be kept in the file's history: rotate it`;
}

/**
 * Why fix-all leaves a finding of an analysis that parsed: it has no fix, or only fixes to choose in the
 * editor; with the reason in the finding's own words where its message gives one.
 */
export function whyNotFixed(finding: Finding, originalLine: (line: number) => number = (line) => line): string {
  const inOriginal = (reason: string) => uncapitalised(reason.replace(/\bline (\d+)\b/g, (_, line: string) => `line ${originalLine(Number(line))}`));
  if (finding.fixes.length === 0) {
    const reason = NO_FIX_REASON.exec(finding.message)?.slice(1).find(Boolean);
    if (reason) return reason.startsWith('while ') ? `no fix is offered ${inOriginal(reason)}` : `no fix is offered for it: ${inOriginal(reason)}`;
    // A rule that offers no fix for what it finds ends its message with what to do instead.
    const advice = adviceOf(finding.message);
    return advice ? `no fix is offered for it; what to do: ${inOriginal(advice)}` : "no fix is offered for it (the scan's message says why)";
  }
  const sentences = sentencesOf(finding.message).filter((text) => /\bfix-all\b|\bunattended\b|\bnot offered here\b/i.test(text));
  // "Fix-all leaves this to you: <why>", "The fix is not applied unattended: <why>": the why, each one.
  const reasons = sentences.map((sentence) => inOriginal(sentence.replace(/^(?:fix-all leaves [^:]* to you|the fix is not applied unattended): /i, '')));
  if (reasons.length > 0) return `no fix is safe to apply unattended: ${reasons.join('; and ')}`;
  // Fixes a person must set up first (a certificate, an app registration): what to apply by hand.
  const byHand = finding.fixes.map((fix) => `"${fix.title}"`).join(' or ');
  if (finding.fixes.every(signsInAsApp)) {
    return `no fix is safe to apply unattended: each signs in as an app, not the user, which needs an app registration with its permissions (and a certificate or a managed identity) set up first; apply by hand: ${byHand}`;
  }
  return `no fix is safe to apply unattended; apply by hand: ${byHand}`;
}

/**
 * A sentence to follow a colon: its first word in lower case where it is an ordinary word, not a name
 * (`TENANT_ID`, `Invoke-Command`, `RxJS`, `Mailozaurr's`: capitals, a hyphen or a quote within it).
 */
function uncapitalised(sentence: string): string {
  const word = /^[A-Z][a-z]+(?=[\s,;:]|$)/.exec(sentence)?.[0];
  return word && ORDINARY_OPENINGS.has(word) ? word.toLowerCase() + sentence.slice(word.length) : sentence;
}

/** The words rules' reasons open with that are no names. */
const ORDINARY_OPENINGS = new Set(['The', 'This', 'These', 'A', 'An', 'It', 'Its', 'No', 'Where', 'What', 'One']);

/**
 * How rules' messages say why a finding has no fix: `(No fix is offered here: …)`, `No quick fix: ….`,
 * `No quick fix is offered for this shape: ….`, and the analysis's `Its fix is not offered while … .`
 */
const NO_FIX_REASON = /\(No fix is offered here: (.+?)\.\)(?:\s|$)|No (?:quick fix|fix is offered)(?: [^:.]*)?: (.+?)\.(?:\s|$)|Its fix is not offered (while .+?)\.(?:\s|$)/;

/** A message's last sentence outside parentheses (an aside such as `(X is an alias of Y.)` is none). */
function adviceOf(message: string): string | undefined {
  const sentences = message.split(/(?<=[.)])\s+(?=[A-Z(])/).filter((sentence) => !sentence.startsWith('('));
  return sentences.length > 1 ? sentences.at(-1)!.replace(/\.$/, '').trim() : undefined;
}

/** A message's sentences, each without the parentheses around it or its final full stop. */
function sentencesOf(message: string): string[] {
  return message.split(/(?<=[.)])\s+(?=[A-Z(])/).map((sentence) => sentence.replace(/^\((.*)\)$/s, '$1').replace(/^\((?![^)]*\))/, '').replace(/\.$/, '').trim());
}

/** The first finding not yet tried whose unattended fix, once verified, still stands. */
async function nextFixable(
  analysis: AnalysisResult,
  stuck: Set<string>,
  outcome: FixOutcome,
  path: string,
  languageId: LanguageId,
  lineOf: (finding: Finding) => number,
  passed?: WeakSet<Fix>,
): Promise<Finding | undefined> {
  for (const finding of analysis.findings) {
    if (stuck.has(finding.fingerprint) || !fixForFixAll(finding)) continue;
    await verifyFixes([finding], analysis, path, outcome.text, languageId, passed);
    if (fixForFixAll(finding)) return finding;
    stuck.add(finding.fingerprint);
    outcome.withheld.push({ ruleId: finding.ruleId, line: lineOf(finding), reason: 'its fix would not leave the file parsing' });
  }
  return undefined;
}

/**
 * Where a finding of the half-fixed text stands in the file as the user wrote it: the applied fixes'
 * edits are undone on its offset, latest first (fixes shift the lines below them, imports the whole
 * file). A finding inside new code maps to where that code was inserted.
 */
class OriginalLines {
  private readonly lines: LineIndex;
  private readonly applied: TextEdit[][] = [];

  constructor(text: string) {
    this.lines = new LineIndex(text);
  }

  recordFix(edits: readonly TextEdit[]): void {
    this.applied.push([...edits].sort((a, b) => a.startOffset - b.startOffset));
  }

  lineOf(finding: Finding): number {
    return this.lineAtOffset(finding.range.startOffset);
  }

  /** The original line (1-based) of what stands at `offset` of the fixed text. */
  lineAtOffset(offset: number): number {
    for (let i = this.applied.length - 1; i >= 0; i--) offset = offsetBefore(offset, this.applied[i]);
    return this.lines.positionAt(offset).line + 1;
  }
}

/** The offset before `edits` (in order, not overlapping) of what stands at `offset` after them. */
function offsetBefore(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const edit of edits) {
    const start = edit.startOffset + shift;
    if (offset < start) break;
    if (offset < start + edit.newText.length) return edit.startOffset;
    shift += edit.newText.length - (edit.endOffset - edit.startOffset);
  }
  return offset - shift;
}

/** The fix `fixAll` applies to a finding: its first one safe unattended. The editor offers it as the preferred quick fix. */
export function fixForFixAll(finding: Finding): Finding['fixes'][number] | undefined {
  return finding.fixes.find((fix) => fix.safeForFixAll);
}

/** Whether `fixAll` has anything to try among these findings. */
export function hasFixForFixAll(findings: readonly Finding[]): boolean {
  return findings.some((finding) => fixForFixAll(finding) !== undefined);
}

/** Findings that look the same as `finding` (same rule and code, any occurrence). */
function countAlike(findings: readonly Finding[], finding: Finding): number {
  return findings.filter((f) => f.ruleId === finding.ruleId && codeHash(f) === codeHash(finding)).length;
}

function codeHash(finding: Finding): string {
  return finding.fingerprint.split(':')[0];
}
