import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { hasFixForFixAll, whyNotFixed, type FixOutcome } from '../engine/fix-all';
import { fixFileInMemory, writeFixedFile } from '../engine/fix-files';
import { packagesNeededByFix, type PackageNeeded } from '../engine/fix-packages';
import { fixesWithSecretsApart, secretsReadAddedByFix, SECRET_STORES, type SecretRead } from '../engine/fix-secrets';
import { secretsFound } from '../engine/found-secrets';
import { redactDiffSides } from '../engine/redact';
import { SEVERITY_RANK, type LanguageId } from '../engine/finding';
import { languageOfPath } from '../engine/languages';
import { toSarif } from '../engine/sarif';
import { decodeSource } from '../engine/source-file';
import { scanPaths, type FileFindings, type ScanProgress, type ScanResult } from '../engine/scan';
import { VERSION } from '../engine/version';
import { parseArguments, USAGE, type FailOn, type FixCommand, type ScanCommand } from './args';
import { ConfigError, UsageError } from './usage-error';
import { formatJson } from './json-report';
import { jsonTerminalSafe, terminalLine, terminalSafe } from './terminal-text';
import { formatText, noticeLines } from './text-report';

export const EXIT = { clean: 0, findings: 1, usage: 2, interrupted: 130 } as const;

const MASKED_LINE = '***';

export async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(error instanceof ConfigError ? `mfa-ready: ${terminalLine(error.message)}\n` : `mfa-ready: ${terminalLine(error.message)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.clean;
  }
  if (command.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.clean;
  }
  const unscannable = command.paths.flatMap((path) => {
    const why = whyNotScannable(path);
    return why ? [`mfa-ready: ${why}: ${terminalLine(path)}\n`] : [];
  });
  if (unscannable.length) {
    process.stderr.write(unscannable.join(''));
    return EXIT.usage;
  }
  const outputRefused = command.command === 'scan' && command.output ? whyOutputRefused(command.output) : undefined;
  if (outputRefused) {
    process.stderr.write(`mfa-ready: ${outputRefused}\n`);
    return EXIT.usage;
  }
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  try {
    return command.command === 'scan' ? await runScan(command, interrupt.signal) : await runFix(command, interrupt.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

async function runScan(command: ScanCommand, signal: AbortSignal): Promise<number> {
  const scan = await scanWithProgress(command, signal);
  const unmatched = unmatchedInclude(command, scan);
  const report =
    command.format === 'text'
      ? formatText(scan)
      : jsonTerminalSafe(command.format === 'sarif' ? `${JSON.stringify(toSarif(scan, process.cwd(), command.paths, unmatched, command.rules), null, 2)}\n` : formatJson(scan));
  if (command.output) {
    try {
      await writeFile(command.output, report);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // `-o /dev/stdout | head`: a reader that closes the pipe early has what it wanted, as with stdout.
      if (code !== 'EPIPE') {
        process.stderr.write(`mfa-ready: cannot write --output ${command.output}: ${code ?? error}\n`);
        return EXIT.usage;
      }
    }
  } else {
    process.stdout.write(report);
  }
  if (scan.cancelled) return EXIT.interrupted;
  if (unmatched) return EXIT.usage;
  return reachesFailOn(scan, command.failOn) ? EXIT.findings : EXIT.clean;
}

/**
 * Why a path named on the command line cannot be scanned: it is missing, or this user may not read it
 * (a folder: list and enter it). Either is a usage error: a CI job that read nothing must not pass.
 * What cannot be read inside a folder stays a notice.
 */
function whyNotScannable(path: string): string | undefined {
  try {
    accessSync(path, statSync(path).isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : `cannot read (${code ?? error})`;
  }
}

/** Why the report cannot go to `--output`, found before the scan rather than after it. */
function whyOutputRefused(output: string): string | undefined {
  const cannotWrite = whyNotWritable(output);
  if (cannotWrite) return `cannot write --output ${terminalLine(output)}: ${cannotWrite}`;
  const notAReport = whyNotOverwritten(output);
  return notAReport && `--output ${terminalLine(output)} ${notAReport}: not overwritten (name a report file, such as results.sarif)`;
}

/** Why this user cannot write `output`: the file, or where it does not exist yet, its folder (missing, say). */
function whyNotWritable(output: string): string | undefined {
  try {
    if (existsSync(output)) accessSync(output, constants.W_OK);
    else if (!statSync(dirname(resolve(output))).isDirectory()) return 'ENOTDIR';
    else accessSync(dirname(resolve(output)), constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

/**
 * Why `--output` must not be written over: it is a source file, or a file that holds something else than
 * a report of this tool (a project's settings, `--output tsconfig.json` by mistake). An empty file, or a
 * report of an earlier run, may be replaced.
 */
function whyNotOverwritten(output: string): string | undefined {
  if (!existsSync(output)) return undefined;
  if (languageOfPath(output)) return 'is a source file';
  // Only a regular file is read: opening a FIFO to read would wait for a writer.
  const head = isRegularFile(output) ? headOf(output, REPORT_SIGN_SEARCH) : undefined;
  if (head === undefined) return undefined;
  return head.trim() === '' || REPORT_START.test(head) || JSON_REPORT_SIGN.test(head) ? undefined : 'is a file that holds no mfa-ready report';
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A file's first `bytes` as text, decoded by its byte order mark (a report Windows PowerShell 5.1 redirected is UTF-16); undefined where it cannot be read. */
function headOf(path: string, bytes: number): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    return decodeSource(buffer.subarray(0, readSync(descriptor, buffer, 0, bytes, 0))).text;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * How a text report starts, at the file's very start: its first finding, the heading of its notices, or
 * its summary (nothing found, nothing to say). A log that only ends with a report is not one.
 */
const REPORT_START = /^\uFEFF?(?:\r?\n)?(?:[^\r\n]*:\d+:\d+: (?:error|warning|info) [a-z]+-[a-z-]+: |\d+ notice\(s\):\r?\n|\d+ finding\(s\) in \d+ file\(s\))/;
/** SARIF's and JSON's tool name, near their start. */
const JSON_REPORT_SIGN = /^\s*\{[\s\S]*"(?:name|tool)":\s*"mfa-ready"/;
const REPORT_SIGN_SEARCH = 64 * 1024;

function printWithheld(displayPath: string, withheld: FixOutcome['withheld']): void {
  for (const { ruleId, line, reason } of withheld) {
    process.stderr.write(`${terminalLine(displayPath)}${line ? `:${line}` : ''}: not fixed${ruleId ? ` ${ruleId}` : ''}: ${reason}\n`);
  }
}

async function runFix(command: FixCommand, signal: AbortSignal): Promise<number> {
  const scan = await scanWithProgress(command, signal);
  let applied = 0;
  let unwritable = 0;
  const secrets: SecretRead[] = [];
  const packages: PackageNeeded[] = [];
  const settings = { secretSource: command.secretSource, rules: command.rules };
  const fixes = await fixesWithSecretsApart(scan.files.filter(toBeFixed), settings, scan.secretNamesRead);
  for (const file of scan.files) {
    if (signal.aborted) break;
    if (!toBeFixed(file)) {
      printWithheld(file.displayPath, file.findings.map((f) => ({ ruleId: f.ruleId, line: f.range.start.line + 1, reason: whyNotFixed(f) })));
      continue;
    }
    let result;
    try {
      result = await writeFixedFile(file.path, fixes.get(file.path) ?? (await fixFileInMemory(file.path, file.languageId, settings)), command.dryRun);
    } catch (error) {
      unwritable++;
      process.stderr.write(`${terminalLine(file.displayPath)}: not fixed: cannot write it (${(error as NodeJS.ErrnoException).code ?? error})\n`);
      continue;
    }
    applied += result.applied.length;
    secrets.push(...secretsReadAddedByFix(result.original, result.text, file.languageId));
    packages.push(...packagesNeededByFix(file.path, result.original, result.text, file.languageId));
    if ((result.notWritable || result.changedMeanwhile) && !command.dryRun) unwritable++;
    if (command.dryRun && result.text !== result.original) {
      const shownPath = terminalLine(file.displayPath);
      const patch = createTwoFilesPatch(`a/${shownPath}`, `b/${shownPath}`, result.original, result.text, '', '', { context: 3 });
      process.stdout.write(terminalSafe(redactedPatch(patch, result.original, result.text, file.languageId, secretsFound(file.findings, result.original))));
    }
    for (const record of result.applied) {
      process.stderr.write(`${terminalLine(file.displayPath)}:${record.line}: ${command.dryRun ? 'would fix' : 'fixed'} ${record.ruleId}: ${record.title}\n`);
    }
    printWithheld(file.displayPath, result.withheld);
  }
  if (secrets.length || packages.length) process.stderr.write(setUpLines(secrets, packages, command.dryRun));
  // What the scan could not read or parse was not fixed either: files skipped, parse errors.
  if (scan.notices.length) process.stderr.write(`${noticeLines(scan.notices).join('\n')}\n`);
  process.stderr.write(`${applied} fix(es) ${command.dryRun ? 'would be applied' : 'applied'}${unwritable ? `; ${unwritable} file(s) could not be written` : ''}\n`);
  if (signal.aborted) return EXIT.interrupted;
  if (unmatchedInclude(command, scan)) return EXIT.usage;
  return unwritable ? EXIT.findings : EXIT.clean;
}

/** What the fixed code reads, by where it reads it from: names only, one line for each kind of store. */
function setUpLines(secrets: readonly SecretRead[], packages: readonly PackageNeeded[], dryRun: boolean): string {
  const byStore = SECRET_STORES.flatMap((store) => {
    const names = [...new Set(secrets.filter((read) => read.store === store).map((read) => read.name))].sort();
    return names.length ? [`  ${store}: ${names.join(', ')}\n`] : [];
  });
  const heading = `Set up what the fixed code ${dryRun ? 'would read' : 'reads'} before it runs (README, "What the fixes need at run time"):\n`;
  return heading + byStore.join('') + packageLines(packages).join('');
}

/** The npm packages the fixes import that the projects do not declare, one line for each package.json (or none). */
function packageLines(packages: readonly PackageNeeded[]): string[] {
  const byManifest = new Map<string | undefined, Set<string>>();
  for (const { name, manifest } of packages) byManifest.set(manifest, (byManifest.get(manifest) ?? new Set()).add(name));
  return [...byManifest].map(([manifest, names]) => {
    const where = manifest ? `not in ${terminalLine(relative(process.cwd(), manifest) || manifest)}` : 'no package.json above the fixed files';
    return `  npm packages to install: ${[...names].sort().join(', ')} (${where})\n`;
  });
}

/** Whether `fix` tries the file: the scan fixed it in memory, or it has a fix to try. */
const toBeFixed = (file: FileFindings): boolean => file.fixed !== undefined || hasFixForFixAll(file.findings);

function scanWithProgress(command: ScanCommand | FixCommand, signal: AbortSignal): Promise<ScanResult> {
  const showProgress = process.stderr.isTTY === true;
  let lastDraw = 0;
  const onProgress = (progress: ScanProgress): void => {
    const now = Date.now();
    if (now - lastDraw < 100) return;
    lastDraw = now;
    process.stderr.write(`\r\x1b[Kscanning: ${progress.filesSeen} files, ${progress.filesAnalyzed} parsed: ${terminalLine(progress.path.slice(-60))}`);
  };
  return scanPaths(command.paths, {
    include: command.include,
    exclude: command.exclude,
    respectGitignore: command.gitignore,
    fix: { secretSource: command.secretSource, rules: command.rules },
    verifyFixes: true,
    fixAll: command.command === 'fix',
    workers: command.workers,
    cacheFile: command.cacheFile,
    signal,
    onProgress: showProgress ? onProgress : undefined,
  })
    .finally(() => {
      if (showProgress) process.stderr.write('\r\x1b[K');
    })
    .then((scan) => {
      if (scan.cacheProblem) process.stderr.write(`mfa-ready: ${terminalLine(scan.cacheProblem)}\n`);
      const unmatched = unmatchedInclude(command, scan);
      if (unmatched) process.stderr.write(`mfa-ready: ${terminalLine(unmatched)}\n`);
      return scan;
    });
}

/**
 * Why a scan with `--include` read no file, a usage error: a CI job whose globs match nothing must not
 * pass having read nothing.
 */
function unmatchedInclude(command: ScanCommand | FixCommand, scan: ScanResult): string | undefined {
  if (scan.stats.filesSeen > 0 || command.include.length === 0 || scan.cancelled) return undefined;
  return (
    `no source file matched the include globs ${command.include.join(' ')}: nothing was scanned (a glob without a slash matches ` +
    'a file or folder name at any depth; one with a slash, the path from each folder scanned or from the current folder)'
  );
}

/**
 * A diff for people, masked like snippets so that CI logs keep no secret: every code line, the added
 * ones too (a rewritten line keeps the rest of the user's line, a trailing comment say), where only
 * what the fix wrote itself is shown (see `redactDiffSides`). Each line is masked as it reads in its
 * whole text, so a hunk that starts inside a multi-line string masks it too.
 */
function redactedPatch(patch: string, original: string, fixed: string, language: LanguageId, knownSecrets: readonly string[]): string {
  const lines = (text: string) => text.split('\n').map((line) => line.replace(/\r$/, ''));
  const { before, after } = redactDiffSides(lines(original), lines(fixed), language, addedLines(patch), knownSecrets);
  let inHunks = false;
  let oldLine = 0;
  let newLine = 0;
  return patch
    .split('\n')
    .map((line) => {
      const hunk = HUNK_HEADER.exec(line);
      if (hunk) [inHunks, oldLine, newLine] = [true, Number(hunk[1]) - 1, Number(hunk[2]) - 1];
      if (hunk || !inHunks || !/^[-+ ]/.test(line)) return line;
      const carriageReturn = line.endsWith('\r') ? '\r' : '';
      // A line the mapping cannot place is masked whole rather than shown.
      if (line[0] === '+') return `+${after[newLine++] ?? MASKED_LINE}${carriageReturn}`;
      if (line[0] === ' ') newLine++;
      return `${line[0]}${before[oldLine++] ?? MASKED_LINE}${carriageReturn}`;
    })
    .join('\n');
}

/** A unified diff's hunk header: where the hunk starts in the old text and in the new one. */
const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The lines of the new text (0-based) that a unified diff adds. */
function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let newLine = -1;
  for (const line of patch.split('\n')) {
    const hunk = HUNK_HEADER.exec(line);
    if (hunk) newLine = Number(hunk[2]) - 1;
    else if (newLine >= 0 && line[0] === '+') added.add(newLine++);
    else if (newLine >= 0 && line[0] === ' ') newLine++;
  }
  return added;
}

function reachesFailOn(scan: ScanResult, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return scan.files.some((file) => file.findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]));
}
