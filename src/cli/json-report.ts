import type { RelatedLocation, SourceRange } from '../engine/finding';
import type { ScanResult } from '../engine/scan';
import { VERSION } from '../engine/version';

/** A machine-readable report; snippets are redacted and fixes listed by title only. */
export function formatJson(scan: ScanResult): string {
  const report = {
    tool: 'mfa-ready',
    version: VERSION,
    findings: scan.files.flatMap((file) =>
      file.findings.map((finding) => ({
        path: file.displayPath,
        language: file.languageId,
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        ...position(finding.range),
        snippet: finding.snippet,
        fingerprint: finding.fingerprint,
        fixes: finding.fixes.map((fix) => ({ title: fix.title, safeForFixAll: fix.safeForFixAll })),
        related: finding.related.map(relatedLocation),
      })),
    ),
    notices: scan.notices,
    stats: scan.stats,
    cancelled: scan.cancelled,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** 1-based, as editors and the text report show them. */
function position(range: SourceRange): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** Another place in the same file that the finding is about (the credentials a transport replaces, say). */
function relatedLocation(related: RelatedLocation): { message: string; line: number; column: number; endLine: number; endColumn: number } {
  return { message: related.message, ...position(related.range) };
}
