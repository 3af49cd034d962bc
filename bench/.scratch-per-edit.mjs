// Child process of measure-per-edit.mjs: one-character edits spread over a file, and the engine's
// analyze(path, text, languageId) after each. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { engineModule, median, percentile } from './lib.mjs';

const [path, languageId, editCount] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const { analyze } = engineModule('engine/analyze.js');

/** Offsets of the starts of `count` lines spread evenly over the text. */
function editOffsets(text, count) {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return Array.from({ length: count }, (_, k) => lineStarts[Math.floor(((k + 0.5) * lineStarts.length) / count)]);
}

let text = readFileSync(path, 'utf8');
const first = await analyze(path, text, languageId); // loads the parser: not an edit
const times = []; const offs = [];
// From the end of the file backwards, so that earlier offsets stay valid: each edit indents a line by one space.
for (const offset of editOffsets(text, editCount).reverse()) {
  text = `${text.slice(0, offset)} ${text.slice(offset)}`;
  const started = performance.now();
  const result = await analyze(path, text, languageId);
  times.push(performance.now() - started); offs.push(offset);
  if (result.findings.length !== first.findings.length) throw new Error(`findings changed after an edit: ${first.findings.length} → ${result.findings.length}`);
}
console.log("by position decile (end of file first):", Array.from({ length: 10 }, (_, d) => (times.slice(d * 20, d * 20 + 20).reduce((a, b) => a + b, 0) / 20).toFixed(1)).join(" "));
const s = [...times].sort((a, b) => a - b); console.log([50, 75, 90, 95, 99].map((p) => `p${p}=${s[Math.ceil(p / 100 * s.length) - 1].toFixed(1)}`).join(" "), "first10", times.slice(0, 10).map((t) => t.toFixed(0)).join(","));
console.log(JSON.stringify({ lines: text.split('\n').length, findings: first.findings.length, edits: times.length, medianMs: median(times), p95Ms: percentile(times, 95), maxMs: Math.max(...times) }));
