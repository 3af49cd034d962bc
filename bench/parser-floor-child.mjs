// Child process of measure-parser-floor.mjs, started cold with the CLI's V8 flags: loads the parsers and
// parses each listed file (bench/.work/parser-floor.js). Prints one JSON line: CPU and wall time, by language.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const [bundle, listFile] = process.argv.slice(2);
const { parseAsTheScan } = createRequire(import.meta.url)(bundle);
const files = JSON.parse(readFileSync(listFile, 'utf8')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
let parsed = 0;
const cpuMsByLanguage = {};
for (const { path, text } of files) {
  const before = process.cpuUsage();
  if (await parseAsTheScan(path, text)) parsed++;
  const language = /\.ps[dm]?1$/i.test(path) ? 'powershell' : 'typescript';
  cpuMsByLanguage[language] = (cpuMsByLanguage[language] ?? 0) + cpuMs(process.cpuUsage(before));
}
console.log(JSON.stringify({ files: files.length, parsed, cpuMs: cpuMs(process.cpuUsage(cpuAtStart)), cpuMsByLanguage, workMs: performance.now() - started }));

function cpuMs({ user, system }) {
  return (user + system) / 1000;
}
