import { strict as assert } from 'node:assert';
import { parse } from '@typescript-eslint/typescript-estree';
import { analyze } from '../../src/engine/analyze';
import type { AnalysisResult, TextEdit } from '../../src/engine/finding';
import { textChange } from '../../src/engine/text';
import { countPowerShellSyntaxErrors, countPowerShellSyntaxErrorsOfEdit, powerShellParser, withPowerShellTree } from '../../src/languages/powershell/parser';
import { applyEdits } from '../../src/engine/edits';
import { IncrementalParser } from '../../src/languages/typescript/incremental-parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ruleFixtures } from './fixtures';

/** Deterministic pseudo-random numbers, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const INSERTIONS = [' ', '\n', '\r\n', 'x', '(', ')', '{', '}', ';', '"', '`', '/*', '*/', '// c\n', '<div>', 'a = 1;\n',
  '"use strict";\n', 'await x;\n', 'import x from "y";\n', 'export {};\n', 'let q = `t${1}`;\n', 'function f(a) { return a; }\n'];

const POWERSHELL_INSERTIONS = [' ', '\n', '\r\n', 'x', '(', ')', '{', '}', ';', '"', "'", '`', '#', '<#', '#>', '@"\n', '\n"@',
  '$cred = Get-Credential\n', 'Connect-MsolService -Credential $cred\n', '$h = @{ Credential = $cred }\n', '$h.Add("Credential", $c)\n',
  'function Get-X { param($a) $a }\n', '$password = "S3cret!"\n', 'connect-azaccount @h\n', 'az login -u a -p b\n'];

/**
 * An edit a user might make: a snippet typed anywhere or at a line start, a few characters or a
 * line deleted, or a line copied elsewhere (the same statement text in two places).
 */
function edit(text: string, next: () => number, insertions: readonly string[] = INSERTIONS): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
  const at = next() < 0.5 ? Math.floor(next() * (text.length + 1)) : pick(lineStarts);
  const roll = next();
  if (roll < 0.5) return text.slice(0, at) + pick(insertions) + text.slice(at);
  if (roll < 0.75) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
  const end = text.indexOf('\n', at);
  if (roll < 0.9) return end === -1 ? text.slice(0, at) : text.slice(0, at) + text.slice(end + 1);
  const line = pick(lineStarts);
  const copied = text.slice(line, text.indexOf('\n', line) + 1 || text.length);
  const to = pick(lineStarts);
  return text.slice(0, to) + copied + text.slice(to);
}

/** The ESTree as text with keys in a stable order: the converter's key order is not part of the tree. */
function canonical(tree: unknown): string {
  return JSON.stringify(tree, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, (value as Record<string, unknown>)[key]]))
      : value,
  );
}

function fullParse(text: string, jsx: boolean): unknown {
  try {
    return parse(text, { range: true, loc: false, jsx, comment: false, tokens: false, suppressDeprecatedPropertyWarnings: true });
  } catch {
    return undefined;
  }
}

/** Findings with their ranges, messages, related locations and fixes: what a user sees of an analysis. */
function shownFindings(result: AnalysisResult): string[] {
  return result.findings.map((f) => `${f.ruleId}@${f.range.startOffset}-${f.range.endOffset}: ${f.message} ${JSON.stringify(f.related)} ${JSON.stringify(f.fixes)}`);
}

/** The same file name (it decides the module system and whether the file is test code) in another folder, analysed afresh. */
function freshPath(path: string, edit: number): string {
  return path.replace(/[^/\\]+$/, (name) => `fresh-${edit}/${name}`);
}

/**
 * Fixtures taken in turn from each rule until the text reaches `size`: every rule is in it, and the
 * script stays about three times the size at which the index opens a long statement however many fixtures there are.
 */
function bodyOfEveryRule(textsByRule: ReadonlyMap<string, readonly string[]>, size: number): string {
  const taken: string[] = [];
  let length = 0;
  for (let round = 0; length < size && [...textsByRule.values()].some((texts) => texts.length > round); round++) {
    for (const texts of textsByRule.values()) {
      if (round < texts.length && length < size) {
        taken.push(texts[round]);
        length += texts[round].length + 1;
      }
    }
  }
  return taken.join('\n');
}

const typeScriptFixtures = () => ruleFixtures().filter((fixture) => fixture.languageId !== 'powershell');

describe('incremental TypeScript parsing', () => {
  it("leaves code on which TypeScript's parser fails its own assertion to the full parse, as it leaves syntax errors", async () => {
    const [before, after] = ['before', 'after'].map((name) => readFileSync(join(FIXTURES, 'incremental', `debug-failure-${name}.mjs.txt`), 'utf8'));
    const parser = new IncrementalParser();
    assert.ok(parser.parse('mailer.mjs', before, true)?.program());
    assert.equal(parser.parse('mailer.mjs', after, true), undefined);
    assert.equal(new IncrementalParser().parse('mailer.mjs', after, true), undefined);
    const { notices } = await analyze('mailer.mjs', after, 'javascript');
    assert.match(notices[0]?.message ?? '', /internal assertion of TypeScript/);
  });

  it('gives, after every edit of every fixture, the same tree as parsing the whole file afresh', function () {
    this.timeout(600_000);
    const next = random(7);
    let compared = 0;
    for (const fixture of typeScriptFixtures()) {
      const jsx = fixture.languageId !== 'typescript';
      const parser = new IncrementalParser();
      let good = fixture.source.text;
      for (let i = 0; i < 60; i++) {
        const text = edit(good, next);
        const parsed = parser.parse(fixture.path, text, jsx);
        const full = fullParse(text, jsx);
        if (full) good = text;
        if (!parsed) continue; // syntax errors: the recovering full parse takes over
        // Some versions are never converted (their trigger words were all in comments): later ones still must be right.
        if (i % 4 === 1) continue;
        const incremental = parsed.program();
        if (!incremental) {
          assert.equal(full, undefined, `${fixture.name}, edit ${i}: the converter rejected what a full parse accepts`);
          continue;
        }
        assert.ok(full, `${fixture.name}: the incremental parse accepted what a full parse rejects`);
        assert.equal(canonical(incremental), canonical(full), `${fixture.name}, edit ${i}:\n${text}`);
        compared++;
      }
    }
    assert.ok(compared > 1000, `only ${compared} edits left the file parsing`);
  });

  it('finds and fixes after an edit exactly what a fresh analysis of the edited file does', async function () {
    this.timeout(600_000);
    const next = random(11);
    for (const fixture of typeScriptFixtures()) {
      let text = fixture.source.text;
      await analyze(fixture.path, text, fixture.languageId);
      for (let i = 0; i < 5; i++) {
        text = edit(text, next);
        const afterEdit = await analyze(fixture.path, text, fixture.languageId);
        const fresh = await analyze(freshPath(fixture.path, i), text, fixture.languageId);
        // Fixes too: the code style and module facts they are written with are kept per statement across edits.
        assert.deepEqual(shownFindings(afterEdit), shownFindings(fresh), `${fixture.name}, edit ${i}`);
      }
    }
  });

  it('locates the edit between two texts', () => {
    assert.deepEqual(textChange('const a = 1;', 'const ab = 1;'), { start: 7, oldLength: 0, newLength: 1 });
    assert.deepEqual(textChange('aaaa', 'aa'), { start: 2, oldLength: 2, newLength: 0 });
    assert.deepEqual(textChange('same', 'same'), { start: 4, oldLength: 0, newLength: 0 });
    // Long texts are compared in chunks: edits on and around chunk boundaries, in repetitive text.
    const next = random(3);
    const base = Array.from({ length: 3000 }, () => 'ab\n'[Math.floor(next() * 3)]).join('');
    for (const at of [0, 1, 511, 512, 513, 1024, 1500, 2999, 3000]) {
      for (const [removed, inserted] of [[0, 'a'], [1, ''], [3, 'xyz'], [600, ''], [0, 'b'.repeat(700)]] as const) {
        const after = base.slice(0, at) + inserted + base.slice(at + removed);
        assert.deepEqual(textChange(base, after), characterByCharacterChange(base, after), `at ${at}, -${removed} +${inserted.length}`);
      }
    }
  });
});

/** The longest common prefix, then the longest common suffix of what is left, one character at a time. */
function characterByCharacterChange(before: string, after: string): ReturnType<typeof textChange> {
  let start = 0;
  while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
  let suffix = 0;
  while (suffix < Math.min(before.length, after.length) - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { start, oldLength: before.length - start - suffix, newLength: after.length - start - suffix };
}

/** Every node's type and span, depth-first: what the analysis reads of a tree. */
function shape(tree: import('web-tree-sitter').Tree): string {
  const parts: string[] = [];
  const cursor = tree.walk();
  for (let more = true; more; ) {
    parts.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        more = false;
        break;
      }
    }
  }
  cursor.delete();
  return parts.join(' ');
}

describe('incremental PowerShell parsing', () => {
  it('gives, after every edit of every fixture, the same tree as parsing the whole script afresh', async function () {
    this.timeout(600_000);
    const next = random(5);
    let compared = 0;
    for (const fixture of ruleFixtures().filter((f) => f.languageId === 'powershell')) {
      let text = fixture.source.text;
      await withPowerShellTree(text, () => undefined, fixture.path);
      for (let i = 0; i < 30; i++) {
        text = edit(text, next);
        const incremental = await withPowerShellTree(text, shape, fixture.path);
        const full = await withPowerShellTree(text, shape);
        assert.equal(incremental, full, `${fixture.name}, edit ${i}`);
        compared++;
      }
    }
    assert.ok(compared > 500, `only ${compared} edits compared`);
  });

  it('checks a fix from the analysed tree: as many syntax errors as the fixed script parsed afresh, for every fix of every fixture and for random edits in several places', async function () {
    this.timeout(600_000);
    const next = random(8);
    const counted = { clean: 0, broken: 0 };
    for (const fixture of ruleFixtures().filter((f) => f.languageId === 'powershell')) {
      const text = fixture.source.text;
      const analysis = await analyze(fixture.path, text, 'powershell');
      const randomEdits = Array.from({ length: 12 }, () => editsInPlaces(text, next));
      for (const edits of [...analysis.findings.flatMap((finding) => finding.fixes.map((fix) => fix.edits)), ...randomEdits]) {
        const fixed = applyEdits(text, edits);
        const fresh = await countPowerShellSyntaxErrors(fixed);
        assert.equal(await countPowerShellSyntaxErrorsOfEdit(fixture.path, text, edits, fixed), fresh, `${fixture.name}: ${JSON.stringify(edits)}`);
        counted[fresh ? 'broken' : 'clean']++;
      }
    }
    assert.ok(counted.clean > 300 && counted.broken > 100, `compared ${counted.clean} clean and ${counted.broken} broken results`);
  });

  it('a script written as one long function, in begin/process/end blocks or as one long command is analysed after edits inside as afresh', async function () {
    this.timeout(600_000);
    const cleanByRule = new Map<string, string[]>();
    // Fixtures the grammar takes as they are: stand-ins for its gaps are looked up a bounded number of times per script, which a hundred fixtures in one exceed.
    const parser = await powerShellParser();
    for (const fixture of ruleFixtures().filter((f) => f.languageId === 'powershell' && !/^\s*(?:using|param|\[)/im.test(f.source.text))) {
      const wrapped = `function Test-One {\n${fixture.source.text}\n}\n`;
      const tree = parser.parse(wrapped);
      if (tree && !tree.rootNode.hasError) cleanByRule.set(fixture.ruleId, [...(cleanByRule.get(fixture.ruleId) ?? []), fixture.source.text]);
      tree?.delete();
    }
    const body = bodyOfEveryRule(cleanByRule, 48 * 1024);
    assert.ok(cleanByRule.size >= 10, `fixtures of only ${cleanByRule.size} rules parse inside a function`);
    const next = random(29);
    const scripts = [
      `function Invoke-Everything {\n${body}\n}\n`,
      `begin { $started = Get-Date }\nprocess {\n${body}\n}\nend { $finished = Get-Date }\n`,
      // A long command whose pipeline spans the same text: two long statements with one start.
      `Invoke-Command -ComputerName srv -ScriptBlock {\n${body}\n}\n$after = 1\n`,
    ];
    for (const script of scripts) {
      assert.ok(script.length > 2 * 8 * 1024, `only ${script.length} characters: the index would not open the long statement`);
      const path = '/edits/long-statement.ps1';
      let text = script;
      await analyze(path, text, 'powershell');
      let compared = 0;
      for (let i = 0; i < 40; i++) {
        const edited = edit(text, next, POWERSHELL_INSERTIONS);
        const afterEdit = await analyze(path, edited, 'powershell');
        const fresh = await analyze(freshPath(path, i), edited, 'powershell');
        assert.deepEqual(shownFindings(afterEdit), shownFindings(fresh), `edit ${i}`);
        // Edits that break the script are compared, then undone: the next ones go on from a script that parses.
        if (await withPowerShellTree(edited, (tree) => !tree.rootNode.hasError)) {
          text = edited;
          if (afterEdit.findings.length > 0) compared++;
        }
      }
      assert.ok(compared > 20, `only ${compared} edits left a script that parses, with findings`);
    }
  });

  it("a param block that a line typed above turns into a statement (and back) is read afresh, not from the block's facts", async () => {
    const block = '# a comment\nparam([String] $Key = "Summer2024!")\n$secure = ConvertTo-SecureString -String $Key -AsPlainText -Force\n';
    const statement = block.replace('# a comment\n', 'Write-Host\n');
    for (const [before, after] of [[block, statement], [statement, block]]) {
      await analyze('edited.ps1', before, 'powershell');
      const afterEdit = await analyze('edited.ps1', after, 'powershell');
      const fresh = await analyze('fresh.ps1', after, 'powershell');
      assert.deepEqual(shownFindings(afterEdit), shownFindings(fresh));
      assert.equal(fresh.findings.length, 1);
    }
  });

  it('an edit that opens a here-string in a script that does not parse finds what a fresh analysis does: the rules whose words it takes into the string are not run', async () => {
    const lines = [
      'msolP@"',
      "$shared = ConvertTo-SecureString 'Spring2025!' -AsPlainText -Force",
      '"@aredCred = [pscredential]::new(\'svc@contoso.onmicrosoft.com\', $shared)',
      'Connect-MsolService -Credential $sharedCred',
    ];
    const edited = [lines[0], ...lines].join('\n');
    await analyze('here-string.ps1', lines.join('\n'), 'powershell');
    const afterEdit = await analyze('here-string.ps1', edited, 'powershell');
    const fresh = await analyze('fresh-here-string.ps1', edited, 'powershell');
    assert.deepEqual(shownFindings(afterEdit), shownFindings(fresh));
  });

  it('finds and fixes after an edit exactly what a fresh analysis of the edited script does', async function () {
    this.timeout(600_000);
    const next = random(17);
    for (const fixture of ruleFixtures().filter((f) => f.languageId === 'powershell')) {
      let text = fixture.source.text;
      await analyze(fixture.path, text, fixture.languageId);
      for (let i = 0; i < 8; i++) {
        text = edit(text, next, POWERSHELL_INSERTIONS);
        const afterEdit = await analyze(fixture.path, text, fixture.languageId);
        const fresh = await analyze(freshPath(fixture.path, i), text, fixture.languageId);
        // The script index keeps each statement's commands, assignments and variables across edits.
        assert.deepEqual(shownFindings(afterEdit), shownFindings(fresh), `${fixture.name}, edit ${i}`);
      }
    }
  });
});

/** One to three edits at random places, none overlapping: snippets inserted, characters deleted or replaced. */
function editsInPlaces(text: string, next: () => number): TextEdit[] {
  const count = 1 + Math.floor(next() * 3);
  const starts = [...new Set(Array.from({ length: count }, () => Math.floor(next() * text.length)))].sort((a, b) => a - b);
  return starts.map((start, index) => {
    const room = (starts[index + 1] ?? text.length) - start;
    const endOffset = start + Math.min(room, Math.floor(next() * 3));
    const newText = next() < 0.8 ? POWERSHELL_INSERTIONS[Math.floor(next() * POWERSHELL_INSERTIONS.length)] : '';
    return { startOffset: start, endOffset, newText };
  });
}
