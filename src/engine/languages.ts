import { extname } from 'node:path';
import type { LanguageId } from './finding';

const BY_EXTENSION: Record<string, LanguageId> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ps1': 'powershell',
  '.psm1': 'powershell',
  '.psd1': 'powershell',
};

export function languageOfPath(path: string): LanguageId | undefined {
  if (/\.d\.[cm]?ts$/i.test(path)) return undefined;
  return BY_EXTENSION[extname(path).toLowerCase()];
}
