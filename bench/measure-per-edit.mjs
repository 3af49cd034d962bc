// 5) Per-edit re-analysis in the engine: a 5,000-line TS file and a 5,000-line PS1 file, 20 findings
// each, 200 one-character edits, analyze() timed after each.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEditFile } from './generate.mjs';
import { runNodeScript, WORK } from './lib.mjs';

const EDITS = 200;

export async function measurePerEdit() {
  const directory = join(WORK, 'per-edit');
  mkdirSync(directory, { recursive: true });
  const results = {};
  for (const [languageId, file] of [['typescript', 'big.ts'], ['powershell', 'big.ps1']]) {
    const path = join(directory, file);
    writeFileSync(path, generateEditFile(languageId));
    results[languageId] = await runNodeScript('per-edit-child.mjs', [path, languageId, String(EDITS)]);
  }
  return results;
}
