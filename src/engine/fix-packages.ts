import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import type { LanguageId } from './finding';

/** An npm package a fix imports that the project does not declare: the manifest it is missing from, if the file has one. */
export interface PackageNeeded {
  name: string;
  manifest?: string;
}

/**
 * The npm packages the fixed text imports (`from '@azure/msal-node'`, `require(…)`, `import(…)`) that the
 * original did not, and that the nearest package.json above the file does not list in any of its
 * dependencies: the fixed code fails to load until they are installed.
 */
export function packagesNeededByFix(path: string, original: string, fixed: string, languageId: LanguageId): PackageNeeded[] {
  if (languageId === 'powershell') return [];
  const before = packagesImportedBy(original);
  const added = [...packagesImportedBy(fixed)].filter((name) => !before.has(name));
  if (added.length === 0) return [];
  const manifest = nearestManifest(dirname(path));
  return added.filter((name) => !manifest?.declared.has(name)).map((name) => ({ name, manifest: manifest?.path }));
}

const IMPORTED = /(?:\bfrom\s*|\bimport\s*\(\s*|(?<![.\w$])require\s*\(\s*|^\s*import\s+)(['"])([^'"\r\n]+)\1/gm;

/** The packages a text imports by name: not a relative path, not one of Node's own modules. */
function packagesImportedBy(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, , specifier] of text.matchAll(IMPORTED)) {
    const name = packageOf(specifier);
    if (name) names.add(name);
  }
  return names;
}

/** `@scope/name/sub` → `@scope/name`; undefined for a path or a Node built-in. */
function packageOf(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The nearest package.json at or above `folder`, and the packages it declares; undefined where none can be read. */
function nearestManifest(folder: string): { path: string; declared: Set<string> } | undefined {
  for (let current = folder; ; current = dirname(current)) {
    const path = join(current, 'package.json');
    const manifest = readManifest(path);
    if (manifest) return { path, declared: new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {}))) };
    if (dirname(current) === current) return undefined;
  }
}

function readManifest(path: string): Record<string, Record<string, unknown> | undefined> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, Record<string, unknown>>) : undefined;
  } catch {
    return undefined;
  }
}
