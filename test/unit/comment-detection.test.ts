import { strict as assert } from 'node:assert';
import { parse } from '@typescript-eslint/typescript-estree';
import * as ts from 'typescript';
import type { Tree } from 'web-tree-sitter';
import { analyze } from '../../src/engine/analyze';
import type { TextRange } from '../../src/engine/text';
import { commentsAndStrings } from '../../src/languages/powershell/comments';
const commentRanges = (text: string) => commentsAndStrings(text)?.comments;
import { scannedComments } from '../../src/languages/typescript/comment-scan';
import { parsedAcrossGrammarGaps, withPowerShellTree } from '../../src/languages/powershell/parser';
import { isInComment } from '../../src/languages/typescript/comments';
import { random, TEXT_MUTATORS } from '../fuzz/mutators';
import { ruleFixtures } from './fixtures';

// Files whose trigger words are all in comments are not analysed (issue 7): a word the detectors call
// a comment must be one for the real parsers, or a finding would be missed.

const TRICKY_POWERSHELL = [
  '# Connect-MsolService is retired\nWrite-Host "done"\n',
  'Get-Date;# Connect-MsolService\n$a = (# Connect-AzureAD\n 1)\n',
  '$s = "a # Connect-MsolService $(Get-Date # Connect-AzureAD\n) b"\n',
  "$h = @\"\n# Connect-MsolService -Credential $c\n\"@\n$i = @'\n# grant_type=password\n'@\n",
  'Write-Host a#Connect-MsolService `# Connect-AzureAD\n',
  '${a # Connect-MsolService} = 1\n<# Connect-ExchangeOnline\n -Credential #>\nGet-Date <# x #> # tail\n',
  "Write-Host ‘it’’s # Connect-MsolService’ # Connect-AzureAD\n",
  "$q = 'it''s # Connect-MsolService' # Connect-AzureAD\n",
  // The grammar errs on a backtick-escaped quote in a string: only the completeness test below sees this one.
  "$r = \"say `\"# Connect-MsolService`\" # x\" # tail\n",
  "$i = @'\nit's # Connect-MsolService\n'@\n$s = \"a $(Get-X \" # Connect-MsolService \") b\"\nWrite-Host `' # escaped quote\n",
  '#requires -Modules MSOnline\n$x = "unterminated # Connect-MsolService\n',
  // A `#` right after `=`: the grammar reads a DSC resource's property as a command, and `=#>` as its argument.
  "Configuration C {\n  Node localhost {\n    File 'F' {\n      DestinationPath =#> 'C:\\DSC\\x.ps1'\n    }\n  }\n}\n",
];

const TRICKY_STRINGS = [
  'Write-Host "Connect-MsolService is retired: $env:USER $(Connect-AzureAD -Credential $c)"\nImport-Module \'MSOnline\'\n' +
    "& 'Connect-MsolService' -Credential $c\n. \"$PSScriptRoot\\Connect-Tenant.ps1\"\n$h = @\"\n$(Connect-ExchangeOnline)\n\"@\n$x = \"a\" + @\"\nplain\n\"@\n$v = @'\nConnect-AzureAD\n'@\n",
  '$m = @{ Message = "use Connect-MgGraph"; Cmd = { Connect-AzAccount -Credential $c } }\n',
];

const TRICKY_TYPESCRIPT = [
  'const a = 1; // a\n/* b */ const c = "// c"; // d\n',
  "const t = `x ${'}'} // y ${`${a /* no */}`}`;\nconst s = 'it\\'s /* not */';\n// c\n",
  'const r = (a + b) / 2 / c[1] / d.e; /* z */\nconst q = x /y/ 1;\n',
  // Given up: a `/` that may begin a regular expression, backslashes, JSX, unended strings, templates and comments.
  'const re = /\\/\\/ not a comment/;\n',
  'if (ok) return /"/.test(s) // x\n',
  // After the `)` of a control statement's head a `/` begins a regular expression; after other parentheses it divides.
  "if (s) /'/.test(s); const sep = '//'; return pca.acquireTokenByUsernamePassword(r);\n",
  "while (f(a)) /'/.test(s); const c = '/*'; go();\n",
  "for await (const x of xs) /'/.test(x); const c = '//'; go();\n",
  "if (a) { } else if ((b)) /'/.test(s); const c = '//'; go();\n",
  'const u = {} / 2;\n',
  'const v = <div>// text</div>;\n',
  "const w = 'unended\nconst z = 1; // x\n",
  'const x = `unended ${a} // y\n',
  '/* unended comment\nconst y = 1;\n',
  'const k = \\u0061; // x\n',
  'const r =\u2003/a"b/; const s = "// c";\n',
];

/**
 * A bare word with a quoted part that holds a `;` (`sqlpackage /tcs:"Server=x;Database=db"`): the grammar ends the
 * statement at the `;` and reads on, without an error, as if the quote opened a string, so the comments after it
 * can become a command's name. Such texts say nothing of the comment detection.
 */
const QUOTED_PART_WITH_SEMICOLON = /[^\s"'`]"[^"\n]*;[^"\n]*"/;

describe('comment detection for the prefilter', () => {
  it("knows the grammar's misreading it passes over: a comment after a bare word's quoted part with a ; is none for the grammar", async () => {
    const text = 'sqlpackage /tcs:"S=x;D=db"\n# a comment\nsqlpackage /tcs:"S=x;A=b c"\n';
    assert.ok(QUOTED_PART_WITH_SEMICOLON.test(text));
    const comments = await withPowerShellTree(text, (tree) => (tree.rootNode.hasError ? undefined : commentNodes(tree)));
    // When the grammar reads this right, QUOTED_PART_WITH_SEMICOLON can go.
    assert.deepEqual(comments, []);
  });

  it('PowerShell: every range it calls a comment is a comment node of the grammar, in fixtures, mutations and tricky scripts', async function () {
    this.timeout(60_000);
    const next = random(3);
    const scripts = [...TRICKY_POWERSHELL, ...ruleFixtures().filter((f) => f.languageId === 'powershell').map((f) => f.source.text)];
    const mutated = scripts.flatMap((text) => Object.values(TEXT_MUTATORS).map((mutate) => mutate(text, next).text));
    let checked = 0;
    for (const text of [...scripts, ...mutated]) {
      const ranges = commentRanges(text);
      if (!ranges?.length || QUOTED_PART_WITH_SEMICOLON.test(text)) continue;
      const comments = await withPowerShellTree(text, (tree) => (tree.rootNode.hasError ? undefined : commentNodes(tree)));
      if (!comments) continue;
      for (const [start, end] of ranges) {
        assert.ok(comments.some(([s, e]) => s <= start && end <= e), `not a comment for the grammar: ${JSON.stringify(text.slice(start, end))} in\n${text}`);
      }
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} scripts had comments to compare`);
  });

  it('PowerShell: every range it calls a string is no code for the grammar: in a string literal, outside its `$(…)` parts and not a command name, or in a comment', async function () {
    this.timeout(60_000);
    const next = random(4);
    const scripts = [...TRICKY_POWERSHELL, ...TRICKY_STRINGS, ...ruleFixtures().filter((f) => f.languageId === 'powershell').map((f) => f.source.text)];
    const mutated = scripts.flatMap((text) => Object.values(TEXT_MUTATORS).map((mutate) => mutate(text, next).text));
    let checked = 0;
    for (const text of [...scripts, ...mutated]) {
      const ranges = commentsAndStrings(text)?.strings;
      if (!ranges?.length) continue;
      assert.ok(ranges.every(([start, end], k) => start < end && (k === 0 || ranges[k - 1][1] <= start)), `ranges out of order in\n${text}`);
      // Where the grammar errs, or read parts of the script blanked, it is no judge.
      const judged = (tree: Tree) => !tree.rootNode.hasError && !parsedAcrossGrammarGaps(tree);
      const misplaced = await withPowerShellTree(text, (tree) => (judged(tree) ? ranges.filter((range) => !notCodeForGrammar(tree, range)) : undefined));
      if (!misplaced) continue;
      assert.deepEqual(shown(text, misplaced), [], `not strings for the grammar, in\n${text}`);
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} scripts had strings to compare`);
  });

  it('PowerShell: finds the strings of plain scripts, without their `$(…)` parts, here-strings with one, strings called as commands, or where quotes are escaped or typographic', () => {
    const text = TRICKY_STRINGS[0];
    assert.deepEqual(shown(text, commentsAndStrings(text)!.strings), ['"Connect-MsolService is retired: $env:USER ', '"', "'MSOnline'", '"a"', '@"\nplain\n"@', "@'\nConnect-AzureAD\n'@"]);
    const escaped = 'Write-Host "say `"Connect-MsolService`" now" \'plain\'\n';
    assert.deepEqual(shown(escaped, commentsAndStrings(escaped)!.strings), ["'plain'"], 'the grammar errs on escaped quotes');
    const nested = "Write-Host \"a $(Get-X 'in') b\"\n";
    assert.deepEqual(shown(nested, commentsAndStrings(nested)!.strings), ['"a ', "'in'", ' b"'], 'in text order');
    const escapedAround = "Write-Host \"say `\"$(Get-X 'inner')`\" now\" 'plain'\n";
    assert.deepEqual(shown(escapedAround, commentsAndStrings(escapedAround)!.strings), ["'plain'"], 'nor the strings inside such a string');
    assert.deepEqual(commentsAndStrings(TRICKY_POWERSHELL[6])!.strings, [], 'typographic quotes: no string is told apart');
  });

  it('PowerShell: a `#` after a no-break space starts a comment, as after a space (a quote in it opens no string)', () => {
    const text = '$n = 1\u00a0# don\'t count\nWrite-Host "Team\u00a0A"\n';
    const found = commentsAndStrings(text)!;
    assert.deepEqual(shown(text, found.comments), ["# don't count"]);
    assert.deepEqual(shown(text, found.strings), ['"Team\u00a0A"']);
  });

  it("PowerShell: a quote inside a word quotes part of that word (one bare word for PowerShell and the grammar), no string", () => {
    const text = "$a = 'x'\nSummer2024!' -AsPlainText\nConvertTo-SecureString '\nWrite-Host pre\"fix $(Get-X 'in')\" 'plain'\n";
    assert.deepEqual(shown(text, commentsAndStrings(text)!.strings), ["'x'", "'plain'"]);
  });

  it('PowerShell: a string glued to what comes before it (an index, an operator, a word) is a glued string, text for PowerShell; its `$(…)` is code', () => {
    const text = "$t = $q[\"$uri#token\"] + $a+'b' # note\nWrite-Host pre\"fix $(Get-X 'in') #1\"\n";
    const found = commentsAndStrings(text)!;
    assert.deepEqual(shown(text, found.strings), []);
    assert.deepEqual(shown(text, found.gluedStrings), ['"$uri#token"', "'b'", '"fix ', "'in'", ' #1"']);
    assert.deepEqual(shown(text, found.comments), ['# note']);
  });

  it('PowerShell: no string is told apart where a quote inside a word holds a `;`, at which the grammar ends the word and pairs the next quotes otherwise', () => {
    const text = "$c = New-Object SqlConnection ]'Server=tcp:x;Database=crm'\n$t = [Cred]::new('', $token)\n";
    assert.deepEqual(commentsAndStrings(text)!.strings, []);
  });

  it('PowerShell: finds the comments of plain scripts, and none where strings do not end', () => {
    const text = TRICKY_POWERSHELL[1];
    assert.deepEqual(shown(text, commentRanges(text)!), ['# Connect-MsolService', '# Connect-AzureAD']);
    const here = TRICKY_POWERSHELL[3];
    assert.deepEqual(commentRanges(here), [], 'here-string bodies are strings');
    const escapedInString = TRICKY_POWERSHELL[8];
    assert.deepEqual(shown(escapedInString, commentRanges(escapedInString)!), ['# tail']);
    const escapes = TRICKY_POWERSHELL[9];
    assert.deepEqual(shown(escapes, commentRanges(escapes)!), ['# escaped quote'], 'quotes in here-strings and subexpressions, and escaped ones, are no strings');
    assert.equal(commentRanges(TRICKY_POWERSHELL[10]), undefined);
  });

  it('TypeScript: every offset it calls a comment is in a comment for typescript-estree, in fixtures and mutations', function () {
    this.timeout(60_000);
    const next = random(4);
    const sources = ruleFixtures().filter((f) => f.languageId !== 'powershell');
    let checked = 0;
    for (const fixture of sources) {
      const jsx = fixture.languageId !== 'typescript';
      const texts = [fixture.source.text, ...Object.values(TEXT_MUTATORS).map((mutate) => mutate(fixture.source.text, next).text)];
      for (const text of texts) {
        const comments = estreeComments(text, jsx);
        if (!comments) continue;
        const source = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
        for (let offset = 0; offset < text.length; offset += 3) {
          // White space between tokens is trivia too: the detector is only ever asked where a word starts.
          if (!/\w/.test(text[offset]) || !isInComment(source, offset)) continue;
          assert.ok(comments.some(([s, e]) => s <= offset && offset < e), `${fixture.name}: offset ${offset} is not in a comment: ${JSON.stringify(text.slice(offset - 20, offset + 20))}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 1000, `only ${checked} offsets in comments`);
  });

  it('TypeScript, without parsing: every range the scan calls a comment is one for TypeScript, in fixtures, mutations and tricky modules', function () {
    this.timeout(60_000);
    const next = random(5);
    const modules = [
      ...TRICKY_TYPESCRIPT.map((text) => ({ text, jsx: true })),
      ...ruleFixtures()
        .filter((f) => f.languageId !== 'powershell')
        .map((f) => ({ text: f.source.text, jsx: f.languageId !== 'typescript' })),
    ];
    const mutated = modules.flatMap(({ text, jsx }) => Object.values(TEXT_MUTATORS).map((mutate) => ({ text: mutate(text, next).text, jsx })));
    let scanned = 0;
    for (const { text, jsx } of [...modules, ...mutated]) {
      const ranges = scannedComments(text, jsx);
      // A module with syntax errors has no comments to compare with: the recovering parse may read a
      // `/` after the error as a regular expression (over a comment the scan found, never over code).
      const comments = ranges && typeScriptComments(text, jsx);
      if (!comments) continue;
      for (const [start, end] of ranges) {
        assert.ok(comments.some(([s, e]) => s <= start && end <= e), `not a comment for TypeScript: ${JSON.stringify(text.slice(start, end))} in\n${text}`);
      }
      scanned++;
    }
    assert.ok(scanned > 200, `only ${scanned} modules to compare`);
  });

  it('TypeScript, without parsing: finds the comments of plain modules, and gives up where a `/` may begin a regular expression, on JSX and on unended text', () => {
    const shownOf = (text: string, jsx = false) => {
      const ranges = scannedComments(text, jsx);
      return ranges && shown(text, ranges);
    };
    assert.deepEqual(shownOf(TRICKY_TYPESCRIPT[0]), ['// a', '/* b */', '// d']);
    assert.deepEqual(shownOf(TRICKY_TYPESCRIPT[1]), ['/* no */', '// c'], 'templates and the comments of their expressions, strings with comment marks');
    assert.deepEqual(shownOf(TRICKY_TYPESCRIPT[2]), ['/* z */'], 'divisions after values, words and closing brackets');
    for (const doubtful of TRICKY_TYPESCRIPT.slice(3)) assert.equal(shownOf(doubtful, true), undefined, doubtful);
  });

  it('a module that names a sign-in only in comments is not parsed; one that names it in code is', async () => {
    const onlyInComments = '// acquireTokenByUsernamePassword was removed\nconst x = {\n';
    assert.deepEqual(await analyze('c.ts', onlyInComments, 'typescript'), { findings: [], notices: [], syntaxErrors: 0 });
    const inCode = await analyze('d.ts', 'client.acquireTokenByUsernamePassword(request);\nconst x = {\n', 'typescript');
    assert.equal(inCode.notices[0]?.kind, 'parse-error');
    const inRegExp = await analyze('e.js', 'const re = /x/; // acquireTokenByUsernamePassword\nconst x = {\n', 'javascript');
    assert.equal(inRegExp.notices[0]?.kind, 'parse-error', 'a module the scan gives up on is parsed');
    // After an edit the parser has the module's last tree; with a syntax error there is none to ask.
    await analyze('f.ts', 'client.acquireTokenByUsernamePassword(request);\nconst x = {};\n', 'typescript');
    assert.deepEqual(await analyze('f.ts', onlyInComments, 'typescript'), await analyze('g.ts', onlyInComments, 'typescript'));
  });

  it('a script that names a sign-in only in comments or messages is not parsed; one that names it in code, or calls it by a string, is', async () => {
    const unparsed = { findings: [], notices: [], syntaxErrors: 0 };
    assert.deepEqual(await analyze('c.ps1', '# Connect-MsolService -Credential $c\n$x = @{\n', 'powershell'), unparsed);
    assert.deepEqual(await analyze('m.ps1', 'Write-Host "Connect-MsolService is retired"\n$x = @{\n', 'powershell'), unparsed);
    for (const inCode of ['Connect-MsolService\n$x = @{\n', "& 'Connect-MsolService'\n$x = @{\n", 'Write-Host "$(Connect-MsolService)"\n$x = @{\n']) {
      assert.equal((await analyze('d.ps1', inCode, 'powershell')).notices[0]?.kind, 'parse-error', inCode);
    }
    // Rules whose triggers are not command names still count them in strings.
    const exchange = "$s = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri https://outlook.office365.com/powershell-liveid/ -Credential $c -Authentication Basic\n";
    assert.deepEqual((await analyze('x.ps1', exchange, 'powershell')).findings.map((f) => f.ruleId), ['ps-exchange-basic-auth-session']);
  });

  it('a script whose strings the grammar may read otherwise than PowerShell has none told apart: a `#` inside a word, an escaped `#>`, a call with line breaks or comments before its string', async () => {
    const scripts: [string, string][] = [
      ["$cred = $c#the admin's account\nConnect-MsolService -Credential $cred\n# that's it\n", 'ps-connect-user-credential'],
      ["$h['a']#it's\nConnect-MsolService -Credential $cred\n# that's it\n", 'ps-connect-user-credential'],
      ["$pw = 'P@ss'#don't\n$s = ConvertTo-SecureString $pw -AsPlainText -Force\n# that's all\n", 'ps-plaintext-password'],
      ["<# see `#> don't #>\nConnect-MsolService -Credential $cred\n# that's it\n", 'ps-connect-user-credential'],
      ["& <# x #> 'Connect-MsolService' -Credential $cred\n", 'ps-connect-user-credential'],
      ["& `\n  'Connect-MsolService' -Credential $cred\n", 'ps-connect-user-credential'],
      ["&\f'Connect-MsolService' -Credential $cred\n", 'ps-connect-user-credential'],
      ["&\n'Connect-MsolService' -Credential $cred\n", 'ps-connect-user-credential'],
    ];
    for (const [index, [script, ruleId]] of scripts.entries()) {
      const found = await analyze(`/strings/grammar-${index}.ps1`, script, 'powershell');
      assert.deepEqual(found.findings.map((finding) => finding.ruleId), [ruleId], JSON.stringify(script));
    }
  });

  it('trigger words count in any casing, and at their own offsets after letters whose lower case is longer (İ)', async () => {
    const script = '# İstanbul: Connect-MsolService is retired\n$c = Get-Credential\nCONNECT-MSOLSERVICE -Credential $c\n';
    const found = await analyze('e.ps1', script, 'powershell');
    assert.deepEqual(found.findings.map((finding) => finding.ruleId), ['ps-connect-user-credential']);
    const onlyInComments = '# İİİİ İİİİ Connect-MsolService -Credential $c\n$x = @{\n';
    assert.deepEqual(await analyze('f.ps1', onlyInComments, 'powershell'), { findings: [], notices: [], syntaxErrors: 0 });
  });
});

function commentNodes(tree: Tree): TextRange[] {
  return tree.rootNode.descendantsOfType('comment').flatMap((node) => (node ? [[node.startIndex, node.endIndex] as TextRange] : []));
}

/**
 * Whether the grammar puts the range in one string literal, outside its `$(…)` parts and not as a
 * command's name, or in a comment (the scan calls fewer things comments than the grammar does).
 */
function notCodeForGrammar(tree: Tree, [start, end]: TextRange): boolean {
  let literal = tree.rootNode.descendantForIndex(start, end - 1);
  while (literal && literal.type !== 'string_literal' && literal.type !== 'comment') {
    if (literal.type === 'sub_expression') return false;
    literal = literal.parent;
  }
  if (!literal || literal.parent?.type === 'command_name_expr') return false;
  return !literal.descendantsOfType('sub_expression').some((part) => part && part.startIndex < end && start < part.endIndex);
}

function estreeComments(text: string, jsx: boolean): TextRange[] | undefined {
  try {
    return parse(text, { comment: true, range: true, jsx }).comments!.map((comment) => comment.range);
  } catch {
    return undefined;
  }
}

function shown(text: string, ranges: readonly TextRange[]): string[] {
  return ranges.map(([start, end]) => text.slice(start, end));
}

/** Every comment in the trivia of TypeScript's tree, nodes and tokens alike; undefined for a module with syntax errors. */
function typeScriptComments(text: string, jsx: boolean): TextRange[] | undefined {
  const source = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  if ((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length) return undefined;
  const comments: TextRange[] = [];
  const visit = (node: ts.Node): void => {
    for (const range of [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])]) comments.push([range.pos, range.end]);
    if (node.kind !== ts.SyntaxKind.JSDoc) node.getChildren(source).forEach(visit);
  };
  visit(source);
  return comments;
}
