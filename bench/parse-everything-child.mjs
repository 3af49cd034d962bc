// Child process of measure-parse-everything.mjs: runs the language analysers on each listed TS/JS/PS
// file, with no prefilter (every file parsed, every rule run), one file after the other. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { engineModule } from './lib.mjs';

const paths = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { languageOfPath } = engineModule('engine/languages.js');
const { DEFAULT_FIX_SETTINGS } = engineModule('engine/fix-settings.js');
const { analyzeTypeScript } = engineModule('languages/typescript/index.js');
const { analyzePowerShell } = engineModule('languages/powershell/index.js');


let files = 0;
let bytes = 0;
let findings = 0;
const started = performance.now();
for (const path of paths) {
  const languageId = languageOfPath(path);
  const text = readFileSync(path, 'utf8');
  const result =
    languageId === 'powershell' ? await analyzePowerShell(path, text, DEFAULT_FIX_SETTINGS, 'every') : analyzeTypeScript(path, text, languageId, DEFAULT_FIX_SETTINGS, 'every');
  files++;
  bytes += text.length;
  findings += result.findings.length;
}
console.log(JSON.stringify({ files, bytes, findings, perFileWorkMs: performance.now() - started }));
