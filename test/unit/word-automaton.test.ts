import { strict as assert } from 'node:assert';
import { RULES } from '../../src/engine/catalog';
import { Prefilter } from '../../src/engine/prefilter';
import { wordsPattern } from '../../src/engine/text';
import { WordAutomaton } from '../../src/engine/word-automaton';

describe('the prefilter word automaton', () => {
  it('finds a word that starts inside a longer word the text breaks off, in any ASCII case', () => {
    const automaton = new WordAutomaton(['acquiretokenbyusernamepassword', 'usernamepasswordcredential', 'grant_type']);
    assert.ok(automaton.occursInText('acquireTokenByUsernamePasswordCredential'));
    assert.ok(automaton.occursInText('x.acquiretokenbyUSERNAMEPASSWORDCREDENTIAL'));
    assert.ok(automaton.occursInText('body: "GRANT_TYPE=password"'));
    assert.ok(!automaton.occursInText('acquireTokenByUsernamePasswor'));
    assert.ok(automaton.occursInBytes(Buffer.from('new UsernamePasswordCredential(t, c, u, p)')));
    assert.ok(!automaton.occursInBytes(Buffer.from('grant type')));
  });

  it('matches ASCII in ASCII only, as the case-insensitive regular expression does', () => {
    const automaton = new WordAutomaton(['office365', 'live.com']);
    // U+212A KELVIN SIGN and U+0130 fold to ASCII letters only in Unicode case folding.
    assert.ok(!automaton.occursInText('\u212Aoffice36\u0130'));
    assert.ok(!automaton.occursInText('live\u0100com'));
    assert.ok(automaton.occursInText('\u4e2d\u6587 LIVE.COM'));
    assert.ok(!automaton.occursInBytes(Buffer.from([0x6c, 0x69, 0x76, 0x65, 0xae, 0x63, 0x6f, 0x6d])));
  });

  it('answers as the alternation of every rule trigger would, on texts that mix triggers, their pieces and their case', () => {
    for (const language of ['typescript', 'powershell'] as const) {
      const words = [...new Set(RULES.filter((rule) => rule.language === language).flatMap((rule) => rule.triggers))];
      const automaton = new WordAutomaton(words);
      const pattern = wordsPattern(words, 'i');
      let random = 7;
      const next = (below: number): number => (random = (random * 1103515245 + 12345) % 2147483648) % below;
      const pieces = [...words.map((word) => word.slice(0, 1 + next(word.length))), ' ', '\u00e9', '\u0130', '\t', 'x'];
      let admitted = 0;
      for (let round = 0; round < 3000; round++) {
        const text = Array.from({ length: 1 + next(4) }, () => {
          const piece = next(40) === 0 ? words[next(words.length)] : pieces[next(pieces.length)];
          return next(2) ? piece.toUpperCase() : piece;
        }).join('');
        const expected = pattern.test(text);
        assert.equal(automaton.occursInText(text), expected, JSON.stringify(text));
        assert.equal(automaton.occursInBytes(Buffer.from(text, 'latin1')), pattern.test(Buffer.from(text, 'latin1').toString('latin1')), JSON.stringify(text));
        if (expected) admitted++;
      }
      // Both answers occur often: the comparison is not all one way.
      assert.ok(admitted > 300 && admitted < 2700, `${language}: ${admitted} of 3000 admitted`);
    }
  });

  it('reports every occurrence of every word, overlapping and in any ASCII case, as the regular expression tried at every offset does', () => {
    for (const language of ['typescript', 'powershell'] as const) {
      const ofLanguage = RULES.filter((rule) => rule.language === language);
      const words = [...new Set(ofLanguage.flatMap((rule) => [...rule.triggers, ...(rule.requires ?? [])]))];
      const automaton = new WordAutomaton(words);
      // Each word as its own case-insensitive regular expression, tried at every offset.
      const patterns = words.map((word) => [word, wordsPattern([word], 'iy')] as const);
      let random = 11;
      const next = (below: number): number => (random = (random * 1103515245 + 12345) % 2147483648) % below;
      const pieces = [...words.map((word) => word.slice(0, 1 + next(word.length))), ...words.map((word) => word.slice(next(word.length))), ' ', '\u00e9', '\u0130', '\u212a', 'x'];
      let occurrences = 0;
      for (let round = 0; round < 2000; round++) {
        const text = Array.from({ length: 1 + next(6) }, () => {
          const piece = next(8) === 0 ? words[next(words.length)] : pieces[next(pieces.length)];
          return next(2) ? piece.toUpperCase() : piece;
        }).join('');
        const expected = new Set<string>();
        for (let start = 0; start < text.length; start++) {
          for (const [word, pattern] of patterns) {
            pattern.lastIndex = start;
            if (pattern.test(text)) expected.add(`${word}@${start}`);
          }
        }
        const found = new Set<string>();
        automaton.forEachOccurrence(text, (word, start) => found.add(`${word}@${start}`));
        assert.deepEqual([...found].sort(), [...expected].sort(), JSON.stringify(text));
        occurrences += found.size;
      }
      assert.ok(occurrences > 1000, `${language}: ${occurrences} occurrences`);
    }
  });

  it('refuses a word it could not match as the regular expression does', () => {
    assert.throws(() => new WordAutomaton(['caf\u00e9']), /ASCII/);
    assert.throws(() => new WordAutomaton(['']), /ASCII/);
  });

  it('admits a file by its bytes as by its text', () => {
    const prefilter = new Prefilter(RULES);
    const script = '$cred = Get-Credential\nConnect-MsolService -Credential $cred\n';
    assert.ok(prefilter.admitsBytes(Buffer.from(script), 'powershell'));
    assert.ok(prefilter.admitsText(script, 'powershell'));
    assert.ok(!prefilter.admitsBytes(Buffer.from('Get-ChildItem | Sort-Object Name\n'), 'powershell'));
    assert.ok(!prefilter.admitsText('export const answer = 42;\n', 'typescript'));
  });

  it("admits a browser test by Microsoft 365's home page as a URL names it, not by support.office.com in any Office add-in", () => {
    const prefilter = new Prefilter(RULES);
    const typing = "await page.locator('#pw').type(secret);\n";
    assert.ok(!prefilter.admitsText(`// Help: https://support.office.com/article/123\n${typing}`, 'typescript'));
    assert.ok(prefilter.admitsText(`await page.goto('https://office.com/');\n${typing}`, 'typescript'));
    assert.ok(prefilter.admitsText(`await page.waitForURL(/^https:\\/\\/office\\.com\\//);\n${typing}`, 'typescript'));
  });
});
