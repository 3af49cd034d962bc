import type { Finding, LanguageId } from './finding';
import { findingFromHit } from './hit-to-finding';
import type { RuleMeta } from './rule';
import { LineIndex } from './text';

/**
 * A script of another language held in a string of the analysed file (PowerShell that a Node service
 * hands to node-powershell or `pwsh -Command`): analysed as that language, its findings reported at the
 * string by the rule that found the string.
 */
export interface EmbeddedScript {
  meta: RuleMeta;
  language: LanguageId;
  text: string;
  /** The string in the file. */
  startOffset: number;
  endOffset: number;
  /** Runs of the script that are the file's own text, character for character: a finding there is shown where it is written. */
  spans: { scriptOffset: number; fileOffset: number; length: number }[];
  /** The strings the script is made of (node-powershell's commands, one a string): a finding elsewhere is shown at its string. */
  parts: { scriptOffset: number; length: number; startOffset: number; endOffset: number }[];
  /** Rules of the script's language whose findings the host language reports otherwise. */
  reportedOtherwise: string[];
}

/** At most this many scripts of one file are analysed: each is a parse of its own. */
export const MAX_EMBEDDED_SCRIPTS = 50;

const LANGUAGE_NAMES: Partial<Record<LanguageId, string>> = { powershell: 'PowerShell' };

/** The findings of the scripts, as findings of the file: no fixes, since the script is text the code builds. */
export async function embeddedScriptFindings(
  fileText: string,
  language: LanguageId,
  scripts: readonly EmbeddedScript[],
  analyzeScript: (script: EmbeddedScript) => Promise<readonly Finding[]>,
): Promise<Finding[]> {
  const lines = new LineIndex(fileText);
  const findings: Finding[] = [];
  for (const script of scripts.slice(0, MAX_EMBEDDED_SCRIPTS)) {
    for (const found of await analyzeScript(script)) {
      if (script.reportedOtherwise.includes(found.ruleId)) continue;
      const [startOffset, endOffset] = placeInFile(script, found.range.startOffset, found.range.endOffset);
      const message =
        `${LANGUAGE_NAMES[script.language] ?? script.language} in this string, which the code runs: ${found.message} ` +
        `(${found.ruleId}.) (No fix is offered here: the script is held in a string.)`;
      findings.push(findingFromHit(script.meta, { message, startOffset, endOffset, severity: found.severity, fixes: [] }, lines, language));
    }
  }
  return findings;
}

/** Where a range of the script is in the file: in its span where it starts in one (cut at the span's end), else its string. */
function placeInFile(script: EmbeddedScript, start: number, end: number): [number, number] {
  const span = script.spans.find((s) => s.scriptOffset <= start && start < s.scriptOffset + s.length);
  if (!span) {
    const part = script.parts.find((p) => p.scriptOffset <= start && start <= p.scriptOffset + p.length);
    return part ? [part.startOffset, part.endOffset] : [script.startOffset, script.endOffset];
  }
  const fileStart = span.fileOffset + (start - span.scriptOffset);
  return [fileStart, span.fileOffset + Math.min(end, span.scriptOffset + span.length) - span.scriptOffset];
}
