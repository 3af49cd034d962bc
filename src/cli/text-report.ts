import type { Finding, Notice, RelatedLocation } from '../engine/finding';
import type { ScanResult } from '../engine/scan';
import { terminalLine } from './terminal-text';

/** What a person reads in a terminal: one line per finding, notices, then a summary line; what comes from files shown safe for it. */
export function formatText(scan: ScanResult): string {
  const lines: string[] = [];
  for (const file of scan.files) {
    for (const finding of file.findings) lines.push(findingLine(file.displayPath, finding));
  }
  if (scan.notices.length) lines.push('', ...noticeLines(scan.notices));
  lines.push('', summaryLine(scan));
  return `${lines.join('\n')}\n`;
}

function findingLine(path: string, finding: Finding): string {
  const { line, character } = finding.range.start;
  const fixable = finding.fixes.length ? ' [fix available]' : '';
  const related = finding.related.map((location) => `\n    ${relatedLine(path, location)}`).join('');
  return `${terminalLine(path)}:${line + 1}:${character + 1}: ${finding.severity} ${finding.ruleId}: ${terminalLine(finding.message)}${fixable}\n    ${terminalLine(finding.snippet)}${related}`;
}

/** Indented under its finding, as `path:line:col` so that a terminal can open it. */
function relatedLine(path: string, related: RelatedLocation): string {
  const { line, character } = related.range.start;
  return `see ${terminalLine(path)}:${line + 1}:${character + 1}: ${terminalLine(related.message)}`;
}

/** The notices under a heading: files skipped or read in part, parse errors, encodings. */
export function noticeLines(notices: readonly Notice[]): string[] {
  return [`${notices.length} notice(s):`, ...notices.map((notice) => `  ${noticeLine(notice)}`)];
}

function noticeLine(notice: Notice): string {
  return `${terminalLine(notice.path)}${notice.line ? `:${notice.line}` : ''}: ${notice.kind}: ${terminalLine(notice.message)}`;
}

const fromCache = (scan: ScanResult): string => (scan.stats.filesFromCache ? `${scan.stats.filesFromCache} unchanged since the cached run, ` : '');

export function summaryLine(scan: ScanResult): string {
  const findings = scan.files.flatMap((file) => file.findings);
  const count = (severity: Finding['severity']): number => findings.filter((f) => f.severity === severity).length;
  const seconds = (scan.stats.durationMs / 1000).toFixed(2);
  const state = scan.cancelled ? ' (cancelled: results are partial)' : '';
  return (
    `${findings.length} finding(s) in ${scan.files.length} file(s) ` +
    `(${count('error')} error, ${count('warning')} warning, ${count('info')} info); ` +
    `${scan.stats.filesSeen} file(s) scanned, ${scan.stats.filesAnalyzed} parsed, ${fromCache(scan)}${scan.notices.length} notice(s) in ${seconds}s${state}`
  );
}
