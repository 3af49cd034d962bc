import { argumentsFrom } from './call-arguments';
import { fixAll } from './fix-all';
import { fixFileInMemory, type FixedInMemory } from './fix-files';
import { OwnSecretNames } from './own-secret-names';
import type { LanguageId } from './finding';
import { SHARED_SECRET_NAMES, vaultSecretName, type FixSettings } from './fix-settings';
import { decodeSource, hasUtf16Bom } from './source-file';
import { powerShellNotCode } from '../languages/powershell/comments';
import { POWERSHELL_TENANT_FUNCTIONS, TYPESCRIPT_DEFAULTED_ARGUMENTS } from '../languages/shared/token-helpers';
import { typeScriptNotCode } from '../languages/typescript/comment-scan';

/**
 * How the code fixes write names a secret it reads: `MFA_READY_<NAME>` (the environment, Automation
 * variables), `mfa-ready-<name>` (Key Vault, SecretManagement), or the TypeScript helper's
 * `readMfaReadySecret("<NAME>")`, whose source is the file's helper's.
 */
const SECRET_REFERENCE = /\bMFA_READY_[A-Z0-9_]*[A-Z0-9]\b|\bmfa-ready-[a-z0-9]+(?:-[a-z0-9]+)*\b|\breadMfaReadySecret\(\s*["']([A-Z0-9_]+)["']/g;

/**
 * A part of every `SECRET_REFERENCE`: bytes without any of these name no secret. Not their starts: a
 * search for `MFA_READY_`, `mfa-ready-` and `readMfaReadySecret` stops at every m and r of the code, and
 * took twice as long (90–110 ms against 40–50 ms over 5,944 files of 26 MB).
 */
const SECRET_REFERENCE_PARTS = ['_READY_', '-ready-', 'MfaReady'].map((part) => Buffer.from(part, 'latin1'));

/** Where the fixed code reads a secret from: what a person sets it up in. */
export type SecretStore = 'environment variables' | 'Automation variables' | 'Key Vault secrets' | 'SecretManagement secrets';

export const SECRET_STORES: readonly SecretStore[] = ['environment variables', 'Automation variables', 'Key Vault secrets', 'SecretManagement secrets'];

/** A secret the fixed code reads, under the name its store knows it by. */
export interface SecretRead {
  store: SecretStore;
  name: string;
}

/**
 * How the code before a name reads it (on its line): `$env:`, `process.env.`, the Automation cmdlets'
 * `-Name '`, the vault cmdlets' `-Name `. A name elsewhere (a comment, the help text of a generated
 * function) is no read.
 */
const READ_BY: readonly (readonly [RegExp, SecretStore])[] = [
  [/(?:\$env:|\bprocess\.env\.)$/i, 'environment variables'],
  [/\b(?:Get|Set)-AutomationVariable\s+-Name\s+['"]$/i, 'Automation variables'],
  [/\b(?:Get|Set)-AzKeyVaultSecret\b[^\r\n]*\s-Name\s+$/i, 'Key Vault secrets'],
  [/\b(?:Get|Set)-Secret\b[^\r\n]*\s-Name\s+$/i, 'SecretManagement secrets'],
];

/** The TypeScript helper reads the vault where the file's reader is the Key Vault one (see `planSecretAccess`). */
const KEY_VAULT_READER = /\bprocess\.env\.MFA_READY_KEY_VAULT_URL\b/;

/** The secrets the fixed text reads that the original did not: what to set up before the fixed code runs. */
export function secretsReadAddedByFix(original: string, fixed: string, languageId: LanguageId): SecretRead[] {
  const before = new Set(secretsReadBy(original, languageId).map(readKey));
  return secretsReadBy(fixed, languageId).filter((read) => !before.has(readKey(read)));
}

function readKey(read: SecretRead): string {
  return `${read.store}\n${read.name}`;
}

/**
 * The secrets a text's code reads, each once: a name in a comment or in prose is none, and the setting a
 * token function falls back on (its `-Tenant`'s TENANT_ID) is read only where a call leaves it out.
 */
export function secretsReadBy(text: string, languageId: LanguageId): SecretRead[] {
  const inComment = commentsOf(text, languageId);
  const defaults = settingsDefaultedTo(text, languageId);
  const reads = new Map<string, SecretRead>();
  for (const match of text.matchAll(SECRET_REFERENCE)) {
    const at = match.index!;
    if (inComment(at)) continue;
    const lineBefore = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
    const read = readAt(match, lineBefore, text);
    if (!read || defaults.unused(read.name, lineBefore)) continue;
    reads.set(readKey(read), read);
  }
  return [...reads.values()];
}

function readAt(match: RegExpMatchArray, lineBefore: string, text: string): SecretRead | undefined {
  const helperRead = match[1];
  if (helperRead !== undefined) {
    return KEY_VAULT_READER.test(text) ? { store: 'Key Vault secrets', name: vaultSecretName(helperRead) } : { store: 'environment variables', name: `MFA_READY_${helperRead}` };
  }
  const store = READ_BY.find(([before]) => before.test(lineBefore))?.[1];
  return store && { store, name: match[0] };
}

/** Where the text's comments are; nothing is taken for one where the comment scan gives up. */
function commentsOf(text: string, languageId: LanguageId): (offset: number) => boolean {
  try {
    const notCode = languageId === 'powershell' ? powerShellNotCode(text) : typeScriptNotCode(text, languageId !== 'typescript');
    return notCode ? (offset) => notCode.inComment(offset) : () => false;
  } catch {
    return () => false;
  }
}

/**
 * The settings the token functions read only as a parameter's default (`[string] $Tenant = …` of
 * Get-SamAccessToken, `tenantId ?? …` of acquireTokenBySecureAppModel), and whether each is unused:
 * every call of the function in the text names its own tenant (or app).
 */
function settingsDefaultedTo(text: string, languageId: LanguageId): { unused(name: string, lineBefore: string): boolean } {
  const isDefault = languageId === 'powershell' ? (lineBefore: string) => /^\s*\[string\]\s*\$Tenant\s*=\s*\(?[^=]*$/i.test(lineBefore) : (lineBefore: string) => /\b(?:tenantId|clientId)\s*\?\?\s*(?:await\s+)?$/.test(lineBefore);
  const leftOut = languageId === 'powershell' ? powerShellCallsLeaveTenantOut(text) : typeScriptCallsLeaveOut(text);
  return { unused: (name, lineBefore) => isDefault(lineBefore) && !leftOut.has(bareName(name)) };
}

/** `MFA_READY_TENANT_ID`, `mfa-ready-tenant-id`: `TENANT_ID`. */
function bareName(name: string): string {
  return name.replace(/^(?:MFA_READY_|mfa-ready-)/, '').replace(/-/g, '_').toUpperCase();
}

/** TENANT_ID where a call of a PowerShell token function has no `-Tenant` (or a prefix of it). */
function powerShellCallsLeaveTenantOut(text: string): Set<string> {
  const calls = new RegExp(`(?<!\\bfunction\\s+)\\b(?:${POWERSHELL_TENANT_FUNCTIONS.join('|')})\\b`, 'gi');
  for (const call of text.matchAll(calls)) {
    const command = commandFrom(text, call.index! + call[0].length);
    if (!/\s-te(?:n(?:a(?:n(?:t)?)?)?)?(?=[\s:]|$)/i.test(command)) return new Set(['TENANT_ID']);
  }
  return new Set();
}

/** A PowerShell command's text from `from` to where it ends: a `)` it did not open, `;`, `|`, or a line end not continued. */
function commandFrom(text: string, from: number): string {
  let depth = 0;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) return text.slice(from, at);
    else if (depth === 0 && (char === ';' || char === '|' || (char === '\n' && text[at - 1] !== '`' && text.slice(at - 2, at) !== '`\r'))) return text.slice(from, at);
  }
  return text.slice(from);
}

/** The settings some call of a TypeScript token function leaves to its default: its argument left out (or `undefined`). */
function typeScriptCallsLeaveOut(text: string): Set<string> {
  const leftOut = new Set<string>();
  const calls = new RegExp(`(?<!\\bfunction\\s+)\\b(${Object.keys(TYPESCRIPT_DEFAULTED_ARGUMENTS).join('|')})\\s*\\(`, 'g');
  for (const call of text.matchAll(calls)) {
    const given = argumentsFrom(text, call.index! + call[0].length);
    for (const [name, position] of Object.entries(TYPESCRIPT_DEFAULTED_ARGUMENTS[call[1]])) {
      if (!given || given.length <= position || given[position].trim() === '' || given[position].trim() === 'undefined') leftOut.add(name);
    }
  }
  return leftOut;
}

/** The secrets a text names, each by its bare name (`PWORD` for `MFA_READY_PWORD` and `mfa-ready-pword`). */
function secretNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(SECRET_REFERENCE)) {
    names.add(match[1] ?? bareName(match[0]));
  }
  return names;
}

/**
 * The script's own secrets (not the app registration's) a file names, by bare name, sorted: those an
 * earlier `mfa-ready fix` gave out, which no other file's fix may give out again. The scan asks it of
 * every file it reads, so most files name none, which a search of the bytes tells without decoding
 * them (the names are ASCII); a UTF-16 file is decoded.
 */
export function ownSecretNamesInFile(bytes: Buffer): string[] {
  if (hasUtf16Bom(bytes)) return ownSecretNamesIn(decodeSource(bytes).text);
  if (!SECRET_REFERENCE_PARTS.some((part) => bytes.includes(part))) return [];
  return ownSecretNamesIn(bytes.toString('latin1'));
}

function ownSecretNamesIn(text: string): string[] {
  return [...secretNamesIn(text)].filter((name) => !SHARED_SECRET_NAMES.has(name)).sort();
}

/** The script's own secrets (not the app registration's) that a fix moved out of the code under a new name. */
function ownSecretsAddedByFix(fixed: FixedInMemory): string[] {
  const before = secretNamesIn(fixed.original);
  return [...secretNamesIn(fixed.text)].filter((name) => !before.has(name) && !SHARED_SECRET_NAMES.has(name));
}

/** A file `fix` is to fix: as the scan fixed it in memory, if it did. */
export interface FileToFix {
  path: string;
  languageId: LanguageId;
  fixed?: FixedInMemory;
}

/**
 * The files' fixes, each script's own secrets named across the run (see `OwnSecretNames`): one literal
 * value, in copies of a script, is one secret and read from one name; two values (`$pword = '…'` in two
 * scripts) are two secrets, of two accounts or apps and rotated apart, even where their variables share a
 * name, so one setting must not feed both. The app registration's names stay shared. Files are taken in
 * path order, so the names do not depend on the walk or the workers; names other files read already
 * (`namesRead`: those of every file scanned, see `ownSecretNamesInFile`, which an earlier run gave out)
 * are taken by no other secret. A file whose fix moves a secret of its own out is fixed again with the
 * run's names. A file that cannot be read is left out (writing it says why).
 */
export async function fixesWithSecretsApart(files: readonly FileToFix[], settings: FixSettings, namesRead: Iterable<string> = []): Promise<Map<string, FixedInMemory>> {
  const fixes = new Map<string, FixedInMemory>();
  const inPathOrder = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of inPathOrder) {
    const fixed = file.fixed ?? (await fixFileInMemory(file.path, file.languageId, settings).catch(() => undefined));
    if (fixed) fixes.set(file.path, fixed);
  }
  const names = new OwnSecretNames(new Set([...namesRead, ...[...fixes.values()].flatMap((fixed) => ownSecretNamesIn(fixed.original))]));
  for (const file of inPathOrder) {
    const fixed = fixes.get(file.path);
    if (!fixed || ownSecretsAddedByFix(fixed).length === 0) continue;
    const naming = names.forFile(file.path);
    const named = await fixAll(file.path, fixed.original, file.languageId, { ...settings, ownSecretName: naming.name });
    const refixed = { ...named, original: fixed.original, encoding: fixed.encoding };
    fixes.set(file.path, refixed);
    naming.keep(ownSecretsAddedByFix(refixed));
  }
  return fixes;
}
