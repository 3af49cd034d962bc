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
        line: finding.range.start.line + 1,
        column: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
        snippet: finding.snippet,
        fingerprint: finding.fingerprint,
        fixes: finding.fixes.map((fix) => ({ title: fix.title, safeForFixAll: fix.safeForFixAll })),
      })),
    ),
    notices: scan.notices,
    stats: scan.stats,
    cancelled: scan.cancelled,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
