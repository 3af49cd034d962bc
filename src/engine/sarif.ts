import type * as Sarif from 'sarif';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from './catalog';
import type { Finding, Notice, Severity, SourceRange } from './finding';
import { helpUri } from './rule';
import type { FileFindings, ScanResult } from './scan';
import { VERSION } from './version';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const ROOT = 'SRCROOT';
const FINGERPRINT_KEY = 'mfaReady/v1';

/** A SARIF 2.1.0 log of one scan; paths relative to `baseDir` under the `SRCROOT` base. */
export function toSarif(scan: ScanResult, baseDir: string): Sarif.Log {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mfa-ready',
            semanticVersion: VERSION,
            informationUri: 'https://github.com/mfa-ready/mfa-ready',
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.title,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: `${rule.description} See ${helpUri(rule.id)}` },
              helpUri: helpUri(rule.id),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
              properties: { tags: rule.tags, language: rule.language },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: directoryUri(baseDir) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: !scan.cancelled,
            toolExecutionNotifications: scan.notices.map(toNotification),
          },
        ],
        results: scan.files.flatMap((file) => file.findings.map((finding) => toResult(file, finding))),
      },
    ],
  };
}

/** Relative paths under SRCROOT, each segment encoded (`#`, `?`, spaces); absolute ones as file URIs. */
function artifactLocationOf(path: string): Sarif.ArtifactLocation {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT };
}

function toResult(file: FileFindings, finding: Finding): Sarif.Result {
  const artifactLocation = artifactLocationOf(file.displayPath);
  return {
    ruleId: finding.ruleId,
    ruleIndex: RULES.findIndex((rule) => rule.id === finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: { ...region(finding.range), snippet: { text: finding.snippet } } } }],
    relatedLocations: finding.related.map((related, index) => ({
      id: index + 1,
      message: { text: related.message },
      physicalLocation: { artifactLocation, region: region(related.range) },
    })),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    fixes: finding.fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation,
          replacements: fix.edits.map((edit) => ({
            deletedRegion: { charOffset: edit.startOffset, charLength: edit.endOffset - edit.startOffset },
            insertedContent: { text: edit.newText },
          })),
        },
      ],
    })),
  };
}

/** SARIF lines and columns are 1-based. */
function region(range: SourceRange): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    charOffset: range.startOffset,
    charLength: range.endOffset - range.startOffset,
  };
}

function toNotification(notice: Notice): Sarif.Notification {
  return {
    level: notice.kind === 'internal-error' ? 'error' : 'warning',
    message: { text: `${notice.path}: ${notice.message}` },
    descriptor: { id: notice.kind },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocationOf(notice.path),
          ...(notice.line ? { region: { startLine: notice.line } } : {}),
        },
      },
    ],
  };
}

function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}
