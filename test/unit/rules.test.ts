import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { analyze, syntaxErrorCount } from '../../src/engine/analyze';
import { RULES } from '../../src/engine/catalog';
import { applyEdits } from '../../src/engine/edits';
import { fixAll } from '../../src/engine/fix-all';
import { encodeSource } from '../../src/engine/source-file';
import { golden, ruleFixtures, type ExpectedFinding } from './fixtures';

describe('rules against their fixtures', () => {
  for (const fixture of ruleFixtures()) {
    describe(`${fixture.ruleId}/${fixture.name}`, () => {
      it('reports exactly the expected findings (rule, line, column)', async () => {
        const { findings } = await analyze(fixture.path, fixture.source.text, fixture.languageId, fixture.settings);
        const actual: ExpectedFinding[] = findings.map((f) => ({ rule: f.ruleId, line: f.range.start.line + 1, column: f.range.start.character + 1 }));
        const expected = JSON.parse(golden(fixture.expectedPath, Buffer.from(`${JSON.stringify(actual, null, 2)}\n`)).toString('utf8'));
        assert.deepEqual(actual, expected);
      });

      it('fixes every unattended-fixable finding to the golden output, which parses, re-scans clean and is stable', async () => {
        const { findings } = await analyze(fixture.path, fixture.source.text, fixture.languageId, fixture.settings);
        const fixable = findings.filter((f) => f.ruleId === fixture.ruleId && f.fixes.some((fix) => fix.safeForFixAll));
        const fixed = await fixAll(fixture.path, fixture.source.text, fixture.languageId, fixture.settings);
        if (fixable.length === 0) {
          assert.deepEqual(fixed.applied.filter((record) => record.ruleId === fixture.ruleId), [], 'fix-all applied a fix of this rule');
          assert.ok(!existsSync(fixture.fixedPath), 'a golden fixed file exists but nothing was fixable');
          return;
        }
        const bytes = encodeSource(fixed.text, fixture.source.encoding);
        assert.equal(bytes.toString('utf8'), golden(fixture.fixedPath, bytes).toString('utf8'));
        assert.ok(
          (await syntaxErrorCount(fixed.text, fixture.languageId)) <= (await syntaxErrorCount(fixture.source.text, fixture.languageId)),
          'the fix added a syntax error',
        );
        const rescan = await analyze(fixture.path, fixed.text, fixture.languageId, fixture.settings);
        const ofRule = (list: typeof findings) => list.filter((f) => f.ruleId === fixture.ruleId);
        assert.ok(ofRule(rescan.findings).length <= ofRule(findings).length - fixable.length, 'a fixed finding is still reported');
        const again = await fixAll(fixture.path, fixed.text, fixture.languageId, fixture.settings);
        assert.equal(again.text, fixed.text, 'fixing the fixed file changed it again');
      });

      // The first fix is in the fix-all golden when fix-all applies it; every other fix (x.fix<N> for the Nth) has its own.
      it('every fix of the first finding that fix-all does not apply matches its golden, parses and removes the finding', async () => {
        const { findings } = await analyze(fixture.path, fixture.source.text, fixture.languageId, fixture.settings);
        const first = findings.find((f) => f.ruleId === fixture.ruleId);
        const fixes = first?.fixes ?? [];
        assert.ok(!existsSync(`${fixture.path}.fix${fixes.length + 1}`), 'a golden exists for a fix that is no longer offered');
        if (fixes[0]?.safeForFixAll) assert.ok(!existsSync(`${fixture.path}.fix1`), 'the first fix is in the fix-all golden, not in .fix1');
        for (const [index, fix] of fixes.entries()) {
          if (index === 0 && fix.safeForFixAll) continue;
          const text = applyEdits(fixture.source.text, fix.edits);
          const bytes = encodeSource(text, fixture.source.encoding);
          assert.equal(bytes.toString('utf8'), golden(`${fixture.path}.fix${index + 1}`, bytes).toString('utf8'), fix.title);
          assert.equal(await syntaxErrorCount(text, fixture.languageId), await syntaxErrorCount(fixture.source.text, fixture.languageId));
          const rescan = await analyze(fixture.path, text, fixture.languageId, fixture.settings);
          const count = (list: typeof findings) => list.filter((f) => f.ruleId === fixture.ruleId).length;
          assert.ok(count(rescan.findings) < count(findings), `"${fix.title}" left its finding`);
        }
      });
    });
  }

  it('every rule has fixtures, and every fixture folder names a rule', () => {
    const folders = new Set(ruleFixtures().map((f) => f.ruleId));
    for (const rule of RULES) assert.ok(folders.has(rule.id), `no fixtures for ${rule.id}`);
    for (const folder of folders) assert.ok(RULES.some((rule) => rule.id === folder), `fixtures for unknown rule ${folder}`);
  });
});
