import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultCacheFile } from '../engine/scan-cache';
import { SECRET_SOURCES, type SecretSource } from '../engine/fix-settings';
import type { RuleSettings } from '../engine/rule-settings';
import { CONFIG_FILE, readProjectConfig, type ProjectConfig } from './config-file';
import { FAIL_ON, type FailOn } from './fail-on';
import { ConfigError, UsageError } from './usage-error';

export { ConfigError, UsageError, type FailOn };

export type OutputFormat = 'text' | 'json' | 'sarif';

interface CommonOptions {
  paths: string[];
  include: string[];
  exclude: string[];
  gitignore: boolean;
  secretSource: SecretSource;
  rules?: RuleSettings;
  /** Worker threads for the analysis; undefined: one per core, up to four. */
  workers?: number;
  /** Where outcomes are kept between runs; undefined: no cache. */
  cacheFile?: string;
}

export interface ScanCommand extends CommonOptions {
  command: 'scan';
  format: OutputFormat;
  output?: string;
  failOn: FailOn;
}

export interface FixCommand extends CommonOptions {
  command: 'fix';
  dryRun: boolean;
}

export type Command = ScanCommand | FixCommand | { command: 'help' } | { command: 'version' };



export const USAGE = `Usage:
  mfa-ready scan <paths...> [--format text|json|sarif] [--output FILE] [--fail-on error|warning|none]
  mfa-ready fix <paths...> [--dry-run]
  (--output - or no --output: standard output; -- ends the options, so that a path may start with -)

Options for both:
  --include GLOB     only files matching GLOB; repeatable. As in .gitignore, a GLOB without a slash
                     (*.ps1, scripts) matches a file or folder name at any depth, one with a slash
                     (src/**/*.ts) the path from each scanned folder or from the current folder, one
                     ending in a slash (dist/) folders only; a folder matched holds all under it.
                     A scan that --include leaves with no file to read exits 2
  --exclude GLOB     skip files and folders matching GLOB (read as --include's); repeatable
  --no-gitignore     do not skip what .gitignore files (also those above the folder, in its git
                     repository) and .git/info/exclude ignore
  --config FILE      read settings from FILE (default: .mfa-ready.json in the current folder, if any):
                     include, exclude, gitignore, cache, secretSource, failOn, and rules (rule id →
                     off, error, warning or info); flags given on the command line win
  --secret-source environment|keyvault|secretmanagement
                     where code written by fixes reads its secrets (default: environment);
                     secretmanagement (PowerShell Get-Secret/Set-Secret) reads the environment in
                     TypeScript fixes
  --workers N        analyse on N worker threads (default: one per core, up to four; 0: none)
  --cache            keep each file's outcome between runs and read only files whose size, times or
                     inode changed (in \${XDG_CACHE_HOME:-~/.cache}/mfa-ready/scans/, one file per folder
                     run from); a cache of another build or other settings is not used
  --cache-location FILE
                     keep the cache in FILE instead (implies --cache), e.g. a path CI restores

Exit codes: scan: 0 no finding at the --fail-on level, 1 findings at or above it; fix: 0 done, 1 a file
could not be written; both: 2 usage error (also a missing or unreadable path, an unwritable --output,
or no file matching --include), 130 interrupted.`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export function parseArguments(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'scan' && command !== 'fix') throw new UsageError(`unknown command "${command}" (expected scan or fix)`);
  const end = rest.indexOf('--');
  if ((end < 0 ? rest : rest.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')) return { command: 'help' };
  const { options, given } = readOptions(command, rest);
  if (options.paths.length === 0) throw new UsageError(`${command} needs at least one file or folder`);
  mergeProjectConfig(options, given, projectConfig(options.config));
  const common = {
    paths: options.paths,
    include: options.include,
    exclude: options.exclude,
    gitignore: options.gitignore,
    secretSource: options.secretSource,
    rules: options.rules,
    workers: options.workers,
    cacheFile: options.cacheLocation ?? (options.cache ? defaultCacheFile(process.cwd()) : undefined),
  };
  return command === 'scan'
    ? { command, ...common, format: options.format, output: options.output, failOn: options.failOn }
    : { command, ...common, dryRun: options.dryRun };
}

function readOptions(command: string, args: readonly string[]) {
  const options = {
    paths: [] as string[],
    format: 'text' as OutputFormat,
    output: undefined as string | undefined,
    failOn: 'error' as FailOn,
    dryRun: false,
    include: [] as string[],
    exclude: [] as string[],
    gitignore: true,
    secretSource: 'environment' as SecretSource,
    rules: undefined as RuleSettings | undefined,
    config: undefined as string | undefined,
    workers: undefined as number | undefined,
    cache: false,
    cacheLocation: undefined as string | undefined,
  };
  const given = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') {
      // The end of options: what follows is paths, a file named -x.ps1 too.
      options.paths.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = splitFlag(args[i]);
    given.add(flag);
    const value = (): string => {
      const given = inline ?? args[++i];
      if (given === undefined || (inline === undefined && given.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return given;
    };
    const scanOnly = (): void => {
      if (command !== 'scan') throw new UsageError(`${flag} is an option of scan, not of ${command}`);
    };
    switch (flag) {
      case '--format':
        scanOnly();
        options.format = oneOf(flag, value(), FORMATS);
        break;
      case '--output':
      case '-o':
        scanOnly();
        options.output = value();
        if (options.output === '-') options.output = undefined; // stdout, as `-` means to most tools
        break;
      case '--fail-on':
        scanOnly();
        options.failOn = oneOf(flag, value(), FAIL_ON);
        break;
      case '--dry-run':
        if (command !== 'fix') throw new UsageError('--dry-run is an option of fix, not of scan');
        options.dryRun = true;
        break;
      case '--include':
        options.include.push(value());
        break;
      case '--exclude':
        options.exclude.push(value());
        break;
      case '--no-gitignore':
        options.gitignore = false;
        break;
      case '--secret-source':
        options.secretSource = oneOf(flag, value(), SECRET_SOURCES);
        break;
      case '--config':
        options.config = value();
        break;
      case '--workers':
        options.workers = count(flag, value());
        break;
      case '--cache':
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = resolve(value());
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        options.paths.push(args[i]);
    }
  }
  return { options, given };
}

type Options = ReturnType<typeof readOptions>['options'];

/** The named file (which must exist), else `.mfa-ready.json` of the current folder if there is one. */
function projectConfig(named: string | undefined): ProjectConfig {
  const path = named ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!path) return {};
  return readProjectConfig(path);
}

/** Settings from the file where the command line did not give the flag. */
function mergeProjectConfig(options: Options, given: Set<string>, config: ProjectConfig): void {
  if (config.include && !given.has('--include')) options.include = config.include;
  if (config.exclude && !given.has('--exclude')) options.exclude = config.exclude;
  if (config.gitignore !== undefined && !given.has('--no-gitignore')) options.gitignore = config.gitignore;
  if (config.secretSource && !given.has('--secret-source')) options.secretSource = config.secretSource;
  if (config.failOn && !given.has('--fail-on')) options.failOn = config.failOn;
  if (config.cache !== undefined && !given.has('--cache')) options.cache = config.cache;
  options.rules = config.rules;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

function count(flag: string, value: string): number {
  if (/^\d{1,3}$/.test(value)) return Number(value);
  throw new UsageError(`${flag} must be a number of threads from 0 to 999 (got "${value}")`);
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
