import { strict as assert } from 'node:assert';
import { analyze } from '../../src/engine/analyze';
import { ruleFixtures } from './fixtures';

/** The [start, end) offsets of the whole lines a range touches, with the line break that ends them. */
function lineSpan(text: string, start: number, end: number): [number, number] {
  const from = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  const rest = /^[^\r\n]*(\r\n|\n|\r)?/.exec(text.slice(end))![0];
  return [from, end + rest.length];
}

/** The text of [start, end) that none of the spans holds. */
function outsideOf(spans: readonly [number, number][], text: string, start: number, end: number): string {
  let outside = '';
  for (let offset = start; offset < end; offset++) if (!spans.some(([from, to]) => from <= offset && offset < to)) outside += text[offset];
  return outside;
}

describe('fixes touch only what the finding shows', () => {
  it('every edit of every fix inserts new code or changes the lines of its finding or of one of its related locations', async () => {
    let edits = 0;
    const outside: string[] = [];
    for (const fixture of ruleFixtures()) {
      const { text } = fixture.source;
      const { findings } = await analyze(fixture.path, text, fixture.languageId);
      for (const finding of findings) {
        const spans = [finding.range, ...finding.related.map((r) => r.range)].map((r) => lineSpan(text, r.startOffset, r.endOffset));
        for (const fix of finding.fixes) {
          for (const edit of fix.edits) {
            edits++;
            if (edit.startOffset === edit.endOffset) continue;
            if (spans.some(([from, to]) => from <= edit.startOffset && edit.endOffset <= to)) continue;
            // A removal may take the blank lines between and around the statements it removes.
            if (edit.newText === '' && /^\s*$/.test(outsideOf(spans, text, edit.startOffset, edit.endOffset))) continue;
            outside.push(`${fixture.ruleId}/${fixture.name}:${finding.range.start.line + 1} "${fix.title}" changes ${JSON.stringify(text.slice(edit.startOffset, edit.endOffset).slice(0, 60))}`);
          }
        }
      }
    }
    assert.deepEqual(outside, [], 'a fix changes code the finding does not point at');
    assert.ok(edits > 500, `only ${edits} edits checked`);
  });
});
