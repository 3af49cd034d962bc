import type * as Sarif from 'sarif';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from './catalog';
import { repositoryRoot } from './git-repository';
import type { Finding, Notice, Severity, SourceRange } from './finding';
import { helpUri, type RuleMeta } from './rule';
import type { RuleSettings } from './rule-settings';
import type { FileFindings, ScanResult } from './scan';
import { VERSION } from './version';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const ROOT = 'SRCROOT';
const FINGERPRINT_KEY = 'mfaReady/v1';
/** GitHub code scanning rates security alerts by this CVSS-like score: 7.0 and up is High, 4.0 up Medium, below Low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

/**
 * A SARIF 2.1.0 log of one scan, whose display paths are relative to `baseDir`. Artifact paths are
 * relative to the `SRCROOT` base: the git repository `baseDir` is in (code scanning reads paths from the
 * repository's root, also when the scan ran in a folder of it), else the one all `scannedPaths` are in,
 * else `baseDir`. `failure`: why the run did not do what it was asked (it scanned nothing, say).
 */
export function toSarif(scan: ScanResult, baseDir: string, scannedPaths: readonly string[] = [], failure?: string, settings?: RuleSettings): Sarif.Log {
  const root = repositoryRoot(baseDir) ?? scannedRepository(scannedPaths.map((path) => resolve(baseDir, path))) ?? baseDir;
  const artifactLocationOf = (displayPath: string) => artifactLocationUnder(root, resolve(baseDir, displayPath));
  const toResult = (file: FileFindings, finding: Finding) => resultOf(artifactLocationOf(file.displayPath), finding);
  const toNotification = (notice: Notice) => notificationOf(artifactLocationOf(notice.path), notice);
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
              properties: { tags: rule.tags, language: rule.language, precision: 'high', 'security-severity': SECURITY_SEVERITY[scoredSeverity(rule, settings)] },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: directoryUri(root) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: !scan.cancelled && failure === undefined,
            workingDirectory: { uri: directoryUri(baseDir) },
            toolExecutionNotifications: [...(failure === undefined ? [] : [failureNotification(failure)]), ...scan.notices.map(toNotification)],
          },
        ],
        results: scan.files.flatMap((file) => file.findings.map((finding) => toResult(file, finding))),
      },
    ],
  };
}

/**
 * The level that scores a rule: code scanning reads `security-severity` from the rule alone (a result's
 * own is not documented, and not read). The level .mfa-ready.json sets it to, else the highest it reports
 * at: the same in every run, whatever it scanned, so an alert's severity does not change with the paths
 * or the results of a run. A result below it (a placeholder password's warning) keeps its own level.
 */
function scoredSeverity(rule: RuleMeta, settings: RuleSettings | undefined): Severity {
  const configured = settings?.[rule.id];
  return configured && configured !== 'off' ? configured : (rule.highestSeverity ?? rule.defaultSeverity);
}

/** A path under `root` relative to SRCROOT, each segment encoded (`#`, `?`, spaces); one outside it as a file URI. */
function artifactLocationUnder(root: string, path: string): Sarif.ArtifactLocation {
  const under = relative(root, path);
  if (under === '' || under.startsWith('..') || isAbsolute(under)) return { uri: pathToFileURL(path).href };
  return { uri: under.split(sep).map(encodeURIComponent).join('/'), uriBaseId: ROOT };
}

/** The one repository every scanned path is in, when the scan ran from outside it (a checkout in a folder of the workspace). */
function scannedRepository(paths: readonly string[]): string | undefined {
  const roots = new Set(paths.map((path) => repositoryRoot(existsSync(path) && !statSync(path).isDirectory() ? dirname(path) : path)));
  const [only] = roots;
  return roots.size === 1 ? only : undefined;
}

function resultOf(artifactLocation: Sarif.ArtifactLocation, finding: Finding): Sarif.Result {
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
    // GitHub code scanning matches alerts across runs by primaryLocationLineHash only, and fills it in
    // itself only through its upload action: a tool's own value, free of line numbers, serves every upload.
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint, primaryLocationLineHash: finding.fingerprint },
    // A fix that keeps a secret of the file in the text it writes (the rest of a string body it rewrites)
    // stays out of the log, which is uploaded and kept: the editor and `mfa-ready fix` still offer it.
    fixes: finding.fixes.filter((fix) => !fix.keepsSecret).map((fix) => ({
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

function notificationOf(artifactLocation: Sarif.ArtifactLocation, notice: Notice): Sarif.Notification {
  return {
    level: notice.kind === 'internal-error' ? 'error' : 'warning',
    message: { text: `${notice.path}: ${notice.message}` },
    descriptor: { id: notice.kind },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          ...(notice.line ? { region: { startLine: notice.line } } : {}),
        },
      },
    ],
  };
}

function failureNotification(failure: string): Sarif.Notification {
  return { level: 'error', message: { text: failure }, descriptor: { id: 'run-failed' } };
}

function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}
