import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { foldersAboveInRepository, gitDirectories, TrackedFiles } from './git-repository';
import { languageOfPath } from './languages';
import type { Notice } from './finding';

export interface WalkOptions {
  /**
   * Globs as .gitignore reads them (see `pathGlobs`), relative to the scanned folder or to `baseDir`
   * (`legacy/**` skips legacy/ also in a scan of `legacy src`); a source file must match one (default:
   * every supported source file).
   */
  include?: string[];
  exclude?: string[];
  /** The folder the scan runs from (the project's, whose config names the globs). */
  baseDir?: string;
  respectGitignore?: boolean;
  signal?: AbortSignal;
}

export interface WalkedFile {
  path: string;
  /** Relative to the folder the walk started from, with `/` separators. */
  relativePath: string;
}

const ALWAYS_SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Reports a notice on a file or folder, named by its absolute path. */
export type ReportNotice = (path: string, kind: Notice['kind'], message: string) => void;

interface GitignoreScope {
  directory: string;
  rules: Ignore;
}

/**
 * Source files under `root`, depth-first in name order: `.gitignore` files respected, symbolic links
 * never followed, unreadable folders reported and passed over.
 */
export async function* walkSourceFiles(root: string, options: WalkOptions, report: ReportNotice): AsyncGenerator<WalkedFile> {
  const included = globsFrom(root, options.include, options.baseDir);
  const excluded = globsFrom(root, options.exclude, options.baseDir);
  const isExcluded = (relativePath: string, directory: boolean): boolean => !!excluded && excluded(relativePath, directory);

  // Git scans what its index tracks whatever the ignore files say (committed build output, say).
  let tracked: TrackedFiles | undefined;
  const ignored = (scopes: GitignoreScope[], path: string, directory: boolean): boolean =>
    isGitignored(scopes, path, directory) && !(directory ? tracked?.holds(path) : tracked?.has(path));

  // Paths are joined by hand: path.join and path.relative for each of 20,000 files cost 0.1 s.
  async function* visit(directory: string, relativeDirectory: string, scopes: GitignoreScope[]): AsyncGenerator<WalkedFile> {
    if (options.signal?.aborted) return;
    const names = readDirectoryNames(directory, report);
    const ownScopes = options.respectGitignore === false ? scopes : withGitignore(directory, names, scopes, report);
    const directoryPrefix = directory.endsWith(sep) ? directory : directory + sep;
    for (const entry of names) {
      if (options.signal?.aborted) return;
      if (entry.isSymbolicLink()) continue;
      const path = directoryPrefix + entry.name;
      const relativePath = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRECTORIES.has(entry.name) || isExcluded(relativePath, true)) continue;
        if (ignored(ownScopes, path, true)) continue;
        if (hasUndecodableName(entry, path)) report(path, 'unreadable', UNDECODABLE_NAME);
        else yield* visit(path, relativePath, ownScopes);
      } else if (entry.isFile()) {
        if (!languageOfPath(entry.name) || (included && !included(relativePath, false))) continue;
        if (isExcluded(relativePath, false) || ignored(ownScopes, path, false)) continue;
        if (!hasUndecodableName(entry, path)) yield { path, relativePath };
        else if (languageOfPath(entry.name)) report(path, 'unreadable', UNDECODABLE_NAME); // what a scan would read
      }
    }
  }

  // A root named on the command line is followed even if it is a link; links inside it are not.
  const stats = await stat(root).catch(() => undefined);
  if (!stats) {
    report(root, 'unreadable', 'no such file or folder');
  } else if (stats.isDirectory()) {
    const above = options.respectGitignore === false ? undefined : foldersAboveInRepository(root);
    tracked = above && TrackedFiles.of(above[0] ?? root);
    yield* visit(root, '', above ? repositoryScopes(root, above, report) : []);
  } else if (stats.isFile()) {
    yield { path: root, relativePath: toPosix(relative(process.cwd(), root)) };
  } else {
    report(root, 'skipped', 'not a regular file or folder');
  }
}

/** Whether globs match a path (`/` separators), `directory` when it names a folder. */
export type PathMatcher = (relativePath: string, directory: boolean) => boolean;

/** Globs matched against a path relative to `root`, and against it relative to `baseDir` when `root` is inside it. */
function globsFrom(root: string, globs: string[] | undefined, baseDir: string | undefined): PathMatcher | undefined {
  if (!globs?.length) return undefined;
  const matches = pathGlobs(globs);
  const anchor = baseDir === undefined ? '' : toPosix(relative(baseDir, root));
  if (anchor === '' || anchor.startsWith('..') || isAbsolute(anchor)) return matches;
  return (relativePath, directory) => matches(relativePath, directory) || matches(`${anchor}/${relativePath}`, directory);
}

interface PathGlob {
  matches: (text: string) => boolean;
  /** No slash but a trailing one: matched against each file or folder name at any depth. */
  byName: boolean;
  /** A trailing slash: matches folders only. */
  foldersOnly: boolean;
}

/**
 * Globs read as .gitignore, ESLint and Semgrep read them: one without a slash (`*.ps1`, `scripts`)
 * matches a file or folder name at any depth, one with a slash matches the path from the start, one
 * ending in a slash (`dist/`) matches folders only; a folder matched holds everything under it. Unlike
 * picomatch's `basename` option, which 4.0 applies to globs with a slash too.
 */
export function pathGlobs(globs: readonly string[]): PathMatcher {
  const compiled = globs.map(pathGlob);
  return (relativePath, directory) => {
    // The path, then each folder above it: a name or a prefix of the path that a glob matches.
    for (let end = relativePath.length; end > 0; end = relativePath.lastIndexOf('/', end - 1)) {
      const folder = end < relativePath.length || directory;
      const path = relativePath.slice(0, end);
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (compiled.some((glob) => (!glob.foldersOnly || folder) && glob.matches(glob.byName ? name : path))) return true;
    }
    return false;
  };
}

function pathGlob(glob: string): PathGlob {
  const withoutTrailingSlash = glob.replace(/\/+$/, '');
  const pattern = withoutTrailingSlash.replace(/^\.?\//, '');
  return {
    matches: picomatch(pattern || '**', { dot: true }),
    byName: !withoutTrailingSlash.includes('/'),
    foldersOnly: withoutTrailingSlash !== glob,
  };
}

/**
 * What git ignores above a scanned folder inside a repository: `.git/info/exclude` and the `.gitignore`
 * files of `above`, the folders from the repository's root down to the scanned folder's parent (its own
 * is read as the walk enters it). A folder named for the scan that these ignore is scanned all the same,
 * as asked.
 */
function repositoryScopes(root: string, above: readonly string[], report: ReportNotice): GitignoreScope[] {
  const repository = above[0] ?? root;
  let scopes = withIgnoreFile(repository, join(gitDirectories(repository).common, 'info', 'exclude'), [], report);
  for (const directory of above) scopes = withIgnoreFile(directory, join(directory, '.gitignore'), scopes, report);
  return above.length > 0 && isGitignored(scopes, root, true) ? [] : scopes;
}

/**
 * One folder's entries, read synchronously: on the benchmark's 20,000 files the promise-based `opendir`
 * took 0.5 s, this 0.25 s. A folder at a time, so that the walk still yields between folders.
 */
function readDirectoryNames(directory: string, report: ReportNotice): Dirent[] {
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    report(directory, 'unreadable', `folder not read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// As git matches: case-sensitively, except where it sets core.ignorecase for a case-insensitive file
// system (Windows and macOS by default). `Build/` does not hide `build/` on Linux.
const GITIGNORE_IGNORES_CASE = process.platform === 'win32' || process.platform === 'darwin';

const UNDECODABLE_NAME = 'not scanned: its name is not valid UTF-8 (rename it to scan it)';

/**
 * Names are read as UTF-8: bytes that are not become U+FFFD, and the path no longer names the file.
 * Such a file is reported, not lost as "not found" (a name that holds U+FFFD itself still exists).
 */
function hasUndecodableName(entry: Dirent, path: string): boolean {
  return entry.name.includes('\uFFFD') && !existsSync(path);
}

function withGitignore(directory: string, names: Dirent[], scopes: GitignoreScope[], report: ReportNotice): GitignoreScope[] {
  if (!names.some((entry) => entry.name === '.gitignore' && entry.isFile())) return scopes;
  return withIgnoreFile(directory, join(directory, '.gitignore'), scopes, report);
}

/** `scopes` and the rules of the ignore file at `path` (if there is one), which apply under `directory`. */
function withIgnoreFile(directory: string, path: string, scopes: GitignoreScope[], report: ReportNotice): GitignoreScope[] {
  if (!existsSync(path)) return scopes;
  try {
    return [...scopes, { directory, rules: ignore({ ignorecase: GITIGNORE_IGNORES_CASE }).add(readFileSync(path, 'utf8')) }];
  } catch (error) {
    report(path, 'unreadable', `ignore file not read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return scopes;
  }
}

/**
 * As git decides: the deepest ignore file with a rule for the path has the last word, so a `!keep.js`
 * below re-includes what `*.js` above ignores.
 */
function isGitignored(scopes: GitignoreScope[], path: string, directory: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const relativePath = toPosix(relative(scopes[i].directory, path));
    if (relativePath === '') continue;
    const verdict = scopes[i].rules.test(directory ? `${relativePath}/` : relativePath);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
