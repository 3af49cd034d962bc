// Child process of measure-parser-floor.mjs, started cold with the CLI's V8 flags: parses each listed file
// with the parser bundles (bench/.work/parser-floor-*.js), each loaded on first need as the scan loads its
// language bundles (TypeScript's through V8's code cache). Prints one JSON line: CPU and wall time, by language.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { engineModule } from './lib.mjs';

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const [bundleDir, listFile, codeCacheDir] = process.argv.slice(2);
const { languageOfPath } = engineModule('engine/languages.js');
const parsers = {};
const parserOf = (language) =>
  (parsers[language] ??=
    language === 'powershell'
      ? createRequire(import.meta.url)(`${bundleDir}/parser-floor-powershell.js`)
      : engineModule('engine/code-cache.js').loadWithCodeCache(`${bundleDir}/parser-floor-typescript.js`, codeCacheDir).exports);

const files = JSON.parse(readFileSync(listFile, 'utf8')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
let parsed = 0;
const cpuMsByLanguage = {};
for (const { path, text } of files) {
  const before = process.cpuUsage();
  const languageId = languageOfPath(path);
  const language = languageId === 'powershell' ? 'powershell' : 'typescript';
  if (await parserOf(language).parseAsTheScan(path, text, languageId !== 'typescript')) parsed++;
  cpuMsByLanguage[language] = (cpuMsByLanguage[language] ?? 0) + cpuMs(process.cpuUsage(before));
}
console.log(JSON.stringify({ files: files.length, parsed, cpuMs: cpuMs(process.cpuUsage(cpuAtStart)), cpuMsByLanguage, workMs: performance.now() - started }));

function cpuMs({ user, system }) {
  return (user + system) / 1000;
}
