import type { Node, Tree } from 'web-tree-sitter';
import { inRanges } from '../../engine/text';
import { commentsAndStrings, usingPrelude, type CommentsAndStrings } from './comments';
import { syntaxErrorNodes } from './syntax';

/**
 * Valid PowerShell that the grammar reads as a syntax error, and a stand-in of the same length that it
 * reads as the same kind of thing. Every stand-in keeps each offset and, but for PIPE_STARTING_LINE's, each
 * line break, so the tree parsed from the stand-ins still points into the script's own text, at the same
 * lines and columns.
 */
interface GrammarGap {
  /**
   * The construct; `g` (and `m` where it anchors on a line). A lookbehind is bounded, and comes after a
   * lookahead for the first character: a long run of blanks or commas stays linear.
   */
  readonly pattern: RegExp;
  readonly standIn: (match: RegExpExecArray) => string;
  /**
   * Whether the match is the construct where the grammar failed, as `reading` (the latest parse) shows;
   * by default, where the grammar failed at or next to the match, outside strings and comments.
   */
  readonly failsAt?: (reading: Reading, match: RegExpExecArray) => boolean;
  /** Searched for in the whole script, not only around the places the grammar failed. */
  readonly wholeScript?: boolean;
  /** After a match that is not the construct, searched for again from its second character, not past its end. */
  readonly overlapping?: boolean;
}

/**
 * A command's bare word that PowerShell takes as it is written: not a variable, string, number,
 * parameter or bracket, and nothing in it that PowerShell would expand or the grammar reads otherwise
 * (`$`, a backtick, `[`, `]`, `=`).
 */
const BARE_WORD = String.raw`[^\s\d"'\x60$(){}[\]@;,|&<>#=-][^\s(){}[\]|;,&"'\x60$=]*`;

/** Where a bare word ends: the whole word, never a part of it. */
const BARE_WORD_END = String.raw`(?=[\s,|;)}]|$)`;

/** A bare word with one quoted part in it (`/x:"$dir\SQL"`): the word before it, the quoted part, the word after it. */
const QUOTED_PART_WORD = String.raw`(${BARE_WORD})("(?:[^"\r\n\x60]|\x60.)*"|'(?:[^'\r\n]|'')*')([^\s(){}[\]|;,&"'\x60$=]*)`;

/** A quote inside a command's bare word ends it for the grammar: `Query="a;b"`, `/p:'x y'`. */
const QUOTE_IN_BARE_WORD: GrammarGap = {
  // After a blank, with a quoted part on the same line (backtick escapes in double quotes, doubled single quotes).
  pattern: /(?<=^|[ \t])([^\s"'`$(){}[\];,|&<>@#-][^\s"'`$(){}[\];,|&<>]*)("(?:[^"\r\n`]|`.)*"|'(?:[^'\r\n]|'')*')/gm,
  // Asked of the tree only outside the strings the comment scan tells: a here-string of XAML's attributes
  // (`x:Name="btnOk"`) would use up the round's tree lookups, and the stand-ins after it go unmade.
  failsAt: (reading, match) => !reading.scannedAsText(match.index) && reading.nodeAt(match.index)?.type === 'generic_token',
  standIn: ([, word, quoted]) => word + '_'.repeat(quoted.length),
  // The grammar may pair such quotes its own way for many lines before it errs.
  wholeScript: true,
  // A word in a string before its closing quote and a quoted part (`'… show' details' (x)'`) may hide one after it.
  overlapping: true,
};

/**
 * A list of bare words as a command's argument (`Format-Table Name, Count`, `-Scopes User.Read.All, Mail.Send`):
 * the grammar's arrays hold expressions only. Each word becomes a quoted string, which is what
 * PowerShell makes of it.
 */
const BARE_WORD_IN_LIST: GrammarGap = {
  // After a comma (the line may go on after a backtick), not an attribute's named argument
  // (`[Parameter(Mandatory, Position = 0)]`); or before one, after a blank or `-Name:`.
  pattern: new RegExp(
    String.raw`(?=[^\s,])(?:(?<=,(?:[ \t]{0,40}\x60?\r?\n)?\s{0,80})${BARE_WORD}${BARE_WORD_END}(?![ \t]*=)|(?<=[ \t]|\s-[A-Za-z_]\w{0,60}:)${BARE_WORD}(?=[ \t]*,))`,
    'g',
  ),
  // The comma is code too: not the end of a comment (`# then: Exchange, SharePoint,`) above the word.
  failsAt: (reading, match) => failedNearOutsideText(reading, match) && !reading.inStringOrComment(adjacentComma(match)),
  standIn: ([word]) => (word.length === 1 ? '0' : `'${'_'.repeat(word.length - 2)}'`),
};

/**
 * A listed bare word with a quoted part (`-ArgumentList /q, /x:"$TempDir\SQL"`, `/p:'a b', /q`), which
 * PowerShell passes as one string, the quotes taken off. The stand-in is that string: the quoted part's
 * opening quote moves to the word's start and its closing one to the end, so what is inside it (a
 * variable) keeps its offsets.
 */
const QUOTED_PART_IN_LISTED_WORD: GrammarGap = {
  // As BARE_WORD_IN_LIST finds a listed word; the parts around the quotes hold no quote, `$` or backtick.
  pattern: new RegExp(
    String.raw`(?=[^\s,])(?:(?<=,(?:[ \t]{0,40}\x60?\r?\n)?\s{0,80})${QUOTED_PART_WORD}${BARE_WORD_END}(?![ \t]*=)|(?<=[ \t]|\s-[A-Za-z_]\w{0,60}:)${QUOTED_PART_WORD}(?=[ \t]*,))`,
    'g',
  ),
  failsAt: BARE_WORD_IN_LIST.failsAt,
  standIn: (match) => {
    // The word's groups are those of the alternative that matched, after a comma or before one.
    const [before, quoted, after] = match[1] === undefined ? match.slice(4, 7) : match.slice(1, 4);
    return quoted[0] + before + quoted.slice(1, -1) + after + quoted[0];
  },
};

/** The comma before the listed word (across blanks, a line break and a backtick), or else the one after it. */
function adjacentComma(match: RegExpExecArray): number {
  const before = /,[\s\x60]*$/.exec(match.input.slice(Math.max(0, match.index - 160), match.index));
  return before ? match.index - before[0].length : match.input.indexOf(',', match.index + match[0].length);
}

/** A number's multiplier in capitals (`1MB`, `5Gb`): the grammar knows `kb` to `pb` in lower case only. */
const MULTIPLIER_IN_CAPITALS: GrammarGap = {
  pattern: /\b(\d+(?:\.\d+)?)([kmgtp]b)\b/gi,
  // Found in any case (`i`), stood in for only where not already lower case.
  failsAt: (reading, match) => match[2] !== match[2].toLowerCase() && reading.failedNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([, digits, multiplier]) => digits + multiplier.toLowerCase(),
};

/** A parameter name with a digit (`-CustomAttribute13`): the grammar's parameter names have none. */
const DIGIT_IN_PARAMETER: GrammarGap = {
  // A native command's `--put-md5` too.
  pattern: /(?<=[ \t])--?[A-Za-z_][A-Za-z_-]*\d[\w-]*(?=[\s:]|$)/g,
  standIn: ([parameter]) => parameter.replace(/\d/g, '_'),
};

/** `break outer` and `continue outer`: the grammar takes the label only as `:outer`. */
const LOOP_LABEL_WITHOUT_COLON: GrammarGap = {
  pattern: /(?=[A-Za-z_])(?<=\b(?:break|continue)[ \t]{1,40})[A-Za-z_]\w*(?=[ \t]*(?:[;}#\r\n]|$))/gim,
  standIn: ([label]) => ' '.repeat(label.length),
};

/** A switch clause's quoted value with a blank or a bracket in it (`"Office 365" { … }`): the grammar cuts it there. */
const QUOTED_SWITCH_VALUE: GrammarGap = {
  // At a line's start, or after the switch's or the clause before's brace.
  pattern: /(?=["'])(?<=(?:^|[{}])[ \t]{0,40})("(?:[^"\r\n`]|`.)*"|'(?:[^'\r\n]|'')*')(?=[ \t]*\{)/gm,
  // The value is a string: what must not be one is what comes just before it (a here-string, a comment).
  failsAt: failedNearAfterCode,
  standIn: ([value]) => value[0] + '_'.repeat(value.length - 2) + value[0],
};

/**
 * A path, dots, a mail domain, an escape, a wildcard or a quoted part after a variable as a command's
 * argument (`$PSScriptRoot\helpers.ps1`, `$env:TEMP/x.cfg`, `Write-Host Reading $Path...`,
 * `-UserPrincipalName $user@contoso.com`, ``Write-Host $report`n``, `-BeLike $env:COMPUTERNAME*`,
 * `Write-Host $team"'s" owners`, `Write-Host $all.Count" found"`), which PowerShell expands as one
 * string: the grammar ends the variable there. The stand-in is one longer variable name, an unknown value.
 */
const PATH_AFTER_VARIABLE: GrammarGap = {
  // The path may hold more variables (`$root\T\$env\$name`), escapes and quoted parts; it may start
  // with another variable (`$site$path`, `$a.Url$b`) or a sign (`$uri+$query`, `$out+"_errors.csv"`).
  pattern: /(?<=[ \t])\$(?:\w+:)?\w+(?=[\\/@"'*$]|[+-][$"'\w]|\x60\S|\.(?![A-Za-z_])|(?:\.\w+)+["'$])(?:[^\s;|)}&,"'`(]|\x60\S|"(?:[^"\r\n`]|`.)*"|'[^'\r\n]*')*/g,
  // Not a variable inside a string (`"Tenant $t"; …`), whose closing quote would be taken for a quoted part.
  failsAt: (reading, match) =>
    reading.failedNear(match) &&
    reading.nodeAt(match.index)?.type === 'variable' &&
    !reading.inStringOrComment(match.index) &&
    // In an expression `$a+$b` is a sum, and the grammar failed elsewhere.
    (!VARIABLE_THEN_VARIABLE_OR_SIGN.test(match[0]) || amongCommandArguments(match)),
  standIn: ([path]) => '$' + path.slice(1).replace(/\W/g, '_'),
};

const VARIABLE_THEN_VARIABLE_OR_SIGN = /^\$(?:\w+:)?\w+(?:\.\w+)*[$+-]/;

/**
 * A variable glued to the double-quoted string before it among a command's arguments (`Write-Host
 * "Policy:"$p.displayName`, `"Version: "$m.Version.ToString()`, `"User:"$env:USERNAME`), which
 * PowerShell passes as two arguments: the grammar errs there. The stand-in is those two arguments with a
 * blank between, in place of the string's last character (a plain one: not an escape's, nor the end of
 * a `$(…)`), so that the variable keeps its offsets.
 */
const VARIABLE_AFTER_STRING: GrammarGap = {
  pattern: /(?<=[ \t])"((?:[^"\r\n`]|`.)*[^"\r\n`$)}])"(\$(?:\w+:)?\w+(?:\.\w+(?:\([^()\r\n]*\))?)*)(?=[\s;|)}]|$)/g,
  // The string is the construct: what must not be one is what comes just before it.
  failsAt: (reading, match) => failedNearAfterCode(reading, match) && amongCommandArguments(match),
  standIn: ([, inner, variable]) => `"${inner.slice(0, -1)}" ${variable}`,
};

/**
 * Strings and variables glued into one argument (`Write-Host "Connect -Thumbprint "$t" -Tenant "$id""`,
 * `'… -Tenant '$Context.Tenant.Id' …'`: a command line shown to the user): PowerShell joins them, the
 * grammar errs. The stand-in is one string that holds the variables, its inner quotes blanked: the
 * strings are all double-quoted or all single-quoted, so the stand-in's quotes keep what each part
 * meant, and a double-quoted part holds no subexpression (`"$(Connect-MsolService …)"` stays code).
 */
const STRINGS_AND_VARIABLES_GLUED: GrammarGap = {
  pattern: /(?<=[ \t])(?:"(?:[^"\r\n`$]|`.|\$(?!\())*"(?:\$\w+(?:\.\w+)*"(?:[^"\r\n`$]|`.|\$(?!\())*")+|'(?:[^'\r\n]|'')*'(?:\$\w+(?:\.\w+)*'(?:[^'\r\n]|'')*')+)(?=[\s;|)}]|$)/g,
  failsAt: (reading, match) => failedNearAfterCode(reading, match) && amongCommandArguments(match),
  standIn: ([glued]) => `${glued[0]}${glued.slice(1, -1).replace(/["']/g, ' ')}${glued[0]}`,
};

/**
 * A double-quoted string, whose `$(…)` (one level of parentheses within) may hold quotes of its own:
 * `"$($s.Replace("X:","W:"))"` is one string, not `"$($s.Replace("` glued to more.
 */
const DOUBLE_QUOTED = String.raw`"(?:[^"\`$]|\`[^]|\$(?!\()|\$\((?:[^()"]|"[^"]*"|\((?:[^()"]|"[^"]*")*\))*\))*"`;

/**
 * A bare word glued to the double-quoted string before it (`Write-Host "[$i]"- $sub.name`), which PowerShell
 * joins to it, more strings and words glued after it too; the string may span lines (`Write-Output "For
 * $($d.Name)⏎$url = "https://…?DelegatedOrg=" + $d.Name"`, a quote left open on the line above): blanked
 * (line breaks kept), the argument reads as the string.
 */
const BARE_WORD_AFTER_STRING: GrammarGap = {
  pattern: new RegExp(
    `(?<=[ \\t])(${DOUBLE_QUOTED})([^\\s"'\`$(){}[\\];,|&<>#]+(?:${DOUBLE_QUOTED}[^\\s"'\`$(){}[\\];,|&<>#]*)*)(?=[\\s;|)}]|$)`,
    'g',
  ),
  failsAt: (reading, match) => failedNearAfterCode(reading, match) && amongCommandArguments(match),
  standIn: ([, quoted, glued]) => quoted + glued.replace(/[^\r\n]/g, ' '),
};

/**
 * A bare word glued to the single-quoted string before it (`Write-Host 'abc'def`, PowerShell's `abcdef`), more
 * quoted parts and words after it too (`'… show ‘Organiser’ and ‘Subject’ of the meeting'`, typographic quotes
 * being single quotes to PowerShell): one argument, its quotes taken off. The stand-in is that string, as for
 * QUOTED_PART_IN_LISTED_WORD: the last quote moves to the end, and the quotes inside become underscores.
 */
const BARE_WORD_AFTER_SINGLE_QUOTED: GrammarGap = {
  // Not a member after the string (`'abc'.Length`); each part after the first string starts with a bare
  // character, or with a quote after one: linear.
  pattern: /(?=')(?<=[ \t,])'(?:[^'\r\n]|'')*'[^\s"'\x60$(){}[\];,|&<>#.][^\s"'\x60$(){}[\];,|&<>#]*(?:'(?:[^'\r\n]|'')*'[^\s"'\x60$(){}[\];,|&<>#]*)*(?=[\s;|)},]|$)/g,
  failsAt: (reading, match) => failedNearAfterCode(reading, match) && amongCommandArguments(match),
  standIn: ([glued]) => {
    const last = glued.lastIndexOf("'");
    return `'${(glued.slice(1, last) + glued.slice(last + 1)).replace(/'/g, '_')}'`;
  },
};

/** A single-quoted string that a double-quoted one may stand in for: nothing in it that would expand there, nor a double quote. */
const PLAIN_SINGLE_QUOTED = String.raw`'(?:[^'\r\n$\x60"]|'')*'`;

/** A `$(…)` (one level of parentheses within, as in DOUBLE_QUOTED) or a variable with members (`$h.Name`). */
const EXPANSION = String.raw`\$\((?:[^()"]|"[^"]*"|\((?:[^()"]|"[^"]*")*\))*\)|\$(?:\w+:)?\w+(?:\.\w+)*`;

/** One character of a bare word glued between the parts. */
const GLUED_CHARACTER = String.raw`[^\s"'\x60$(){}[\];,|&<>#]`;

const GLUED_PART = new RegExp(`${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED}|${EXPANSION}|${GLUED_CHARACTER}`, 'y');

/**
 * Strings glued to subexpressions or variables by bare characters among a command's arguments, a string at
 * each end (`-ForwardingAddress "clients+"+$($code)+"@contoso.com"`): PowerShell passes them as one argument,
 * the `+` as text; the grammar errs. The stand-in is one double-quoted string of the same length, the quotes
 * between the parts blanked: each variable and `$(…)` keeps its offsets inside it.
 */
const STRINGS_GLUED_TO_EXPANSIONS: GrammarGap = {
  pattern: new RegExp(
    `(?<=[ \\t])(?:${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED})(?:${GLUED_CHARACTER}|${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED})*(?:${EXPANSION})` +
      `(?:${GLUED_CHARACTER}|${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED}|${EXPANSION})*(?:${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED})(?=[\\s;|)}]|$)`,
    'g',
  ),
  // The grammar may read on past the glued argument (to the next parameter) before it errs, inside an error around it.
  failsAt: (reading, match) =>
    (reading.failedNear(match) || reading.inError(match.index)) && !reading.inStringOrComment(match.index - 1) && amongCommandArguments(match),
  standIn: ([glued]) => asOneString(glued),
};

/** Glued parts, a string at each end, as one double-quoted string of the same length, the quotes between them blanked. */
function asOneString(glued: string): string {
  let inner = '';
  for (GLUED_PART.lastIndex = 0; GLUED_PART.lastIndex < glued.length; ) {
    const part = GLUED_PART.exec(glued)![0];
    inner += /^["']/.test(part) ? ` ${part.slice(1, -1)} ` : part;
  }
  return `"${inner.slice(1, -1)}"`;
}

const GLUED_THEN_EXPANSION = new RegExp(`${GLUED_CHARACTER}(${EXPANSION})`, 'g');

/**
 * The same, ending in subexpressions or variables, each after one bare character (`-ForwardingAddress
 * "clients+"+$($code)`, `"a"+$b+$c`): no quote can close a string after them at the same length. The
 * stand-in is a list, one argument too: the strings as one (as in STRINGS_GLUED_TO_EXPANSIONS), then each
 * subexpression or variable after a comma in place of its character, keeping its offsets.
 */
const STRINGS_GLUED_TO_TRAILING_EXPANSIONS: GrammarGap = {
  pattern: new RegExp(
    `(?<=[ \\t])((?:${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED})(?:(?:${GLUED_CHARACTER}|${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED}|${EXPANSION})*(?:${DOUBLE_QUOTED}|${PLAIN_SINGLE_QUOTED}))?)` +
      `((?:${GLUED_CHARACTER}(?:${EXPANSION}))+)(?=[\\s;|)}]|$)`,
    'g',
  ),
  failsAt: STRINGS_GLUED_TO_EXPANSIONS.failsAt,
  standIn: ([, strings, expansions]) => asOneString(strings) + expansions.replace(GLUED_THEN_EXPANSION, (_, expansion: string) => `,${expansion}`),
};

/** What the grammar makes of brackets glued to an argument: a call's arguments, or an error. */
const CALL_OR_ERROR = new Set(['argument_list', 'ERROR']);

/** Keywords that take brackets right after them (`elseif(Test-Path $p)`). */
const STATEMENT_KEYWORDS = 'if|elseif|while|until|switch|foreach|for|catch|function|filter|param|return|throw|exit|trap|data';

/**
 * What opens brackets that hold a command: a name with a dash (`Get-Date`) or a name and a parameter
 * (`date -format`). Not a method's or a function's parameters (`Foo($a)`, `Get-X([string] $n)`), nor
 * text in brackets (`"No user(s) found"`), which the grammar reads or errs on for other reasons.
 */
const COMMAND_IN_BRACKETS = String.raw`(?=[ \t]*[A-Za-z_][\w.]*(?:-|[ \t]+-)[A-Za-z])`;

/**
 * Brackets glued to the string or bare word before them among a command's arguments, holding a command
 * (`Write-Host "Group:"(Get-AADGroup -id $x).displayName`, `New-Object uri(Invoke-RestMethod $u).token_endpoint`):
 * PowerShell passes them as an argument of their own, the grammar reads a method call, whose arguments
 * take no command. The stand-in is a blank between them, in place of the string's last character (as in
 * VARIABLE_AFTER_STRING) or the word's.
 */
const BRACKETS_AFTER_ARGUMENT: GrammarGap = {
  pattern: new RegExp(
    String.raw`(?<=[ \t])(?:"(?:[^"\r\n\x60]|\x60.)*[^"\r\n\x60$)}]"|'(?:[^'\r\n]|'')*[^'\r\n]'|(?!(?:${STATEMENT_KEYWORDS})\()${BARE_WORD})\(${COMMAND_IN_BRACKETS}`,
    'gi',
  ),
  // Not a word of one letter, which the blank would take whole.
  failsAt: (reading, match) =>
    match[0].length > 2 &&
    failedNearAfterCode(reading, match) &&
    CALL_OR_ERROR.has(reading.nodeAt(match.index + match[0].length - 1)?.parent?.type ?? '') &&
    amongCommandArguments(match),
  standIn: ([glued]) => {
    const argument = glued.slice(0, -1);
    return /["']$/.test(argument) ? `${argument.slice(0, -2)}${argument.slice(-1)} (` : `${argument.slice(0, -1)} (`;
  },
};

/**
 * `.Where{ … }` and `.ForEach{ … }`, the collection methods called with a script block and no
 * parentheses (PowerShell 4): the grammar errs at the brace. The stand-in pipes into `Where` or
 * `ForEach` (`Where-Object`'s and `ForEach-Object`'s aliases), which read the block as it was meant.
 */
const METHOD_WITH_BLOCK_ONLY: GrammarGap = {
  // After a name, brackets, or another such call's block (`.Where{ … }.ForEach{ … }`).
  pattern: /(?<=[\w)\]}])\.(where|foreach)(?=\s*\{)/gi,
  standIn: ([, name]) => `|${name}`,
};

/**
 * Members and indexes after the block of such a call (`.Where{ … }.ValueChanges.Value`, `.Where{ … }[0]`),
 * which the grammar would read as the block's own after METHOD_WITH_BLOCK_ONLY's stand-in, and err on.
 * Blanked: the value is the pipeline's.
 */
const MEMBER_AFTER_METHOD_BLOCK: GrammarGap = {
  // Not another such call (`.ForEach{`), which METHOD_WITH_BLOCK_ONLY stands in for.
  pattern: /(?<=\})(?:\.\w+(?!\w|\s*\{)(?:\([^()\r\n]*\))?|\[[^[\]\r\n]*\])+/g,
  failsAt: (reading, match) => (reading.failedNear(match) || reading.inError(match.index)) && closesMethodBlock(reading, match.input, match.index - 1),
  standIn: ([members]) => ' '.repeat(members.length),
};

/**
 * Whether the `}` at `offset` closes the block of such a call in `text` (the script with the stand-ins so
 * far): METHOD_WITH_BLOCK_ONLY's stand-in, or the call as written where the grammar read it without error
 * (among a command's arguments, `Write-Host $a.Where{ … }.Count`, it reads `$a.Where` and the block).
 */
function closesMethodBlock(reading: Reading, text: string, offset: number): boolean {
  const block = reading.nodeAt(offset)?.parent;
  if (block?.type !== 'script_block_expression') return false;
  return /[\w)\]}][.|](?:where|foreach)\s*$/i.test(text.slice(Math.max(0, block.startIndex - 200), block.startIndex));
}

/** A class deriving from a type named with its namespace (`class TokenError : System.Exception`): the grammar's base is one word. */
const DOTTED_BASE_CLASS: GrammarGap = {
  // Anchored on `class` (no lookbehind over the blanks before it: a long run of them stays linear).
  pattern: /\bclass([ \t]+\w+[ \t]*:[ \t]*)(\w+(?:\.\w+)+)/gi,
  standIn: ([, declared, base]) => `class${declared}${base.replace(/\./g, '_')}`,
};

/** An empty script block as a command's argument (`Start-Job {}`, `Mock Get-Date {}` has its own): an empty string of the same length. */
const EMPTY_BLOCK_ARGUMENT: GrammarGap = {
  pattern: /(?<=[ \t])\{\}(?=[\s;|)]|$)/g,
  // Not a statement's own block (`else {}`, `trap {}`, `function f {}`), as for EMPTY_SCRIPT_BLOCK_VALUE.
  failsAt: (reading, match) => failedNearOutsideText(reading, match) && amongCommandArguments(match) && !OWN_BLOCK_BEFORE.test(match.input.slice(Math.max(0, match.index - 120), match.index)),
  standIn: () => "''",
};

/**
 * Whether the match stands among a command's arguments, as the text before it on its line tells (a tree
 * lookup per match would be capped on scripts with thousands of them): after the last `=`, `(`, `;`, `|`
 * or `{`, a command's name and a blank (`$s = ConvertTo-SecureString "…"`), not an expression (`$x = "a"`).
 */
function amongCommandArguments(match: RegExpExecArray): boolean {
  const lineStart = Math.max(match.input.lastIndexOf('\n', match.index - 1) + 1, match.index - 400);
  const before = match.input.slice(lineStart, match.index);
  const outsideBrackets = withoutClosedBrackets(before);
  const statementStart = Math.max(...['=', '(', ';', '|', '{'].map((c) => outsideBrackets.lastIndexOf(c))) + 1;
  // The name's blank is the script's own: not brackets glued to it (`C5() : base(1) {}`, `param($a) {}`).
  return /^\s*[A-Za-z_][\w.-]*\s/.test(before.slice(statementStart));
}

/**
 * `text` with blanks for each `(…)` closed in it, innermost first: what is in them does not start the
 * statement (`Write-Host "A:"(Get-Date).Year "B:"$b` is still Write-Host's).
 */
function withoutClosedBrackets(text: string): string {
  const closed = /\([^()]*\)/g;
  let previous: string;
  do {
    previous = text;
    text = text.replace(closed, (brackets) => ' '.repeat(brackets.length));
  } while (text !== previous);
  return text;
}

/**
 * A subexpression inside a bare word with more of the word after it (`https://$t.sharepoint.com/sites/$($s.Name)/x`):
 * the grammar ends the word at `$`. A variable of the same length stands in, an unknown part of the word.
 */
const SUBEXPRESSION_IN_BARE_WORD: GrammarGap = {
  pattern: /(?<=[^\s=(,;|{}])\$\([^()\r\n]*\)(?=[^\s;|)},])/g,
  standIn: ([subexpression]) => '$' + '_'.repeat(subexpression.length - 1),
};

/**
 * `[CmdletBinding()]` in a function's body before a statement other than its `param` block (as the
 * Intune samples write it): PowerShell takes it as an attribute of that statement's variable, the
 * grammar only before `param`. Blanks stand in.
 */
const CMDLET_BINDING_WITHOUT_PARAM: GrammarGap = {
  pattern: /\[cmdletbinding\([^()\r\n]*\)\](?=\s*(?:#[^\r\n]*\s*)*(?!param\b|\[)[$\w])/gi,
  standIn: ([attribute]) => ' '.repeat(attribute.length),
  // What follows it may be lines below, past the lines around the failure.
  wholeScript: true,
};

/**
 * Members, calls and indexes after a command's argument that ends in `)`: a method's result
 * (`-P $cred.GetNetworkCredential().Password`, `-Domain $upn.Split('@')[1]`), where the grammar reads
 * `$cred.GetNetworkCredential` as the argument with `()` after it, or brackets glued to the command's
 * name (`Get-Date($d).AddDays(7)`, which PowerShell reads as `Get-Date (($d).AddDays(7))`). They are
 * blanked: the argument reads as the grammar reads what comes before them.
 */
const MEMBER_AFTER_CALL_IN_ARGUMENT: GrammarGap = {
  pattern: /(?<=\))(?:\.\w+(?:\([^()\r\n]*\))?|\[[^[\]\r\n]*\])+/g,
  // The grammar may place its failure further on (`… .Trim() -Force` failed at `orce`) but leaves the members in the error.
  failsAt: (reading, match) => (reading.failedNear(match) || reading.inError(match.index)) && reading.closesCommandArgument(match.index - 1),
  standIn: ([members]) => ' '.repeat(members.length),
};

/**
 * An empty script block with a blank in it (`Mock Stop-Function { }`, `{` and `}` on lines of their
 * own): the grammar wants a statement. Every line stays where it is: the stand-in is a `0` for its first
 * blank that is not a line break, or, with only line breaks, a string of them, where a script block is
 * a value (a statement's block, `try {⏎}`, is read well and would not take a string).
 */
const EMPTY_SCRIPT_BLOCK: GrammarGap = {
  // Not an empty hashtable, `@{ }`; a comment on a line of its own counts as blank (`-MockWith {⏎  # nothing⏎}`).
  pattern: /(?<!@)\{(?:\s|(?<=\n[ \t]*)#[^\r\n]*)*\s\}/g,
  failsAt: (reading, match) =>
    failedNearOutsideText(reading, match) && (/[ \t\r]/.test(match[0]) || BLOCK_AS_VALUE.has(reading.nodeAt(match.index)?.parent?.type ?? '')),
  standIn: ([block]) => (/[ \t\r]/.test(block) ? block.replace(/[ \t\r]/, '0') : `'${block.slice(1, -1)}'`),
  // The block may span blank lines, beyond the lines around the failure.
  wholeScript: true,
};
const BLOCK_AS_VALUE = new Set(['script_block_expression', 'ERROR']);
const OWN_BLOCK_BEFORE =
  /(?:^|[\s};])(?:try|catch|finally|else|do|begin|process|end|dynamicparam|default|trap|(?:function|filter|workflow|class|enum|configuration|node)[ \t]+[^\s{}]+)[ \t]*$/i;

/**
 * An empty script block without a blank, as a value: a parameter's (`-MockWith {}`, glued
 * `-MockWith{}`), an argument after a word or string (`Mock Write-Host {}`, `It 'waits' {}`), assigned
 * (`$noop = {}`) or listed. `''` stands in, or `:0` glued to a parameter; a statement's own `{}`
 * (`try {} catch {}`) is read well.
 */
const EMPTY_SCRIPT_BLOCK_VALUE: GrammarGap = {
  pattern: /(?<=(?:[=,(]|[ \t]-[A-Za-z]\w{0,60}|[ \t][\w'"][^\s{}]*[ \t])[ \t]{0,40})\{\}/g,
  // Not a statement's own block (`} catch {}`, `else {}`, `function Get-None {}`): a string is no block there.
  failsAt: (reading, match) => failedNearOutsideText(reading, match) && !OWN_BLOCK_BEFORE.test(match.input.slice(Math.max(0, match.index - 120), match.index)),
  standIn: (match) => (/-[A-Za-z]\w*$/.test(match.input.slice(Math.max(0, match.index - 61), match.index)) ? ':0' : "''"),
};

/**
 * An empty process or end block of the script itself (`end {}` after begin and process blocks): the
 * grammar reads an empty `{}` there as nothing it knows. `end{0}` stands in, a block with a value in it.
 * Not an empty begin block: its `{` would move, and the token function a fix adds goes in after it.
 */
const EMPTY_NAMED_BLOCK: GrammarGap = {
  pattern: /(?=process|end)(?<=^[ \t]*)(process|end)[ \t]([ \t]*)\{\}/gim,
  standIn: ([, keyword, blanks]) => `${keyword}{0}${blanks}`,
};

/**
 * A backtick before a blank, not at a line's end (`Set-X -A $a \` -B $b`, a continued line starting
 * \`` | Export-Excel`\`): an escaped blank, an argument of one space. A blank stands in.
 */
const ESCAPED_BLANK: GrammarGap = {
  pattern: /(?<=^|[ \t])`(?=[ \t]+[^\s#])/gm,
  standIn: () => ' ',
};

/** Empty strings around a variable, one native argument (`net start ""$name"" /m`): blanks would split it, `__` does not. */
const EMPTY_QUOTES_AROUND_VARIABLE: GrammarGap = {
  pattern: /(?<=[ \t])""(\$\w+)""(?=[\s;|)]|$)/gm,
  // The grammar reads the first `""` as a string: what must be code is what comes before it.
  failsAt: failedNearAfterCode,
  standIn: ([, variable]) => `__${variable}__`,
};

/**
 * An embedded instance in a DSC configuration (`Credential = MSFT_Credential{ … }`, Microsoft365DSC's
 * resources): the grammar has no such value. A hashtable stands in, `@{` right where the `{` was.
 */
const DSC_EMBEDDED_INSTANCE: GrammarGap = {
  // Not a statement's keyword (`$name = try {`, `$logs = do {`).
  pattern: /(?=[A-Za-z_])(?<==[ \t]*)(?!(?:try|do|if|switch|foreach|for|while|data|trap|function|filter)\b)([A-Za-z_]\w*)([ \t]*)\{/gi,
  // The grammar errs only at the configuration's end, lines below; only a script with a configuration has them.
  failsAt: (reading, match) => CONFIGURATION.test(match.input) && !reading.inStringOrComment(match.index),
  wholeScript: true,
  standIn: ([, type, blanks]) => `${' '.repeat(type.length + blanks.length - 1)}@{`,
};

const CONFIGURATION = /^[ \t]*configuration[ \t]+[\w-]+/im;

/**
 * PowerShell 7's null-conditional member access and index (`$r.headers.referer?.TrimEnd('/')`,
 * `$table.Rows?[0]`): a plain member or index stands in (an index only after a name: the grammar reads
 * no `_[` after a bracket).
 */
const NULL_CONDITIONAL_MEMBER: GrammarGap = {
  pattern: /(?<=[\w)\]])\?(?=\.[A-Za-z_])|(?<=\w)\?(?=\[)/g,
  standIn: () => '_',
};

/**
 * The same after a variable in braces (`${obj}?.Name`, `${list}?[0]`, as PowerShell 7 wants it, since
 * `$obj?` names a variable `obj?`): the `?` moves into the braces, `${obj_}.Name`; the variable's node
 * then holds the `?`, which `writtenVariableName` leaves out of the name.
 */
const NULL_CONDITIONAL_AFTER_BRACED_VARIABLE: GrammarGap = {
  pattern: /(?=\})(?<=\$\{[^{}\r\n]{1,200})\}\?(?=\.[A-Za-z_]|\[)/g,
  standIn: () => '_}',
};

/**
 * A lone `$` as a command's argument (`Write-Host Price: $`, `Write-Host $ 5`), which PowerShell passes
 * as the text `$`: the grammar wants a variable's name after it. A bare word of one letter stands in.
 */
const LONE_DOLLAR_ARGUMENT: GrammarGap = {
  pattern: /(?<=[ \t,])\$(?=[\s,;|)}]|$)/gm,
  failsAt: (reading, match) => failedNearOutsideText(reading, match) && amongCommandArguments(match),
  standIn: () => '_',
};

/**
 * A lone dash as a command's argument (`Write-Host Tip - Assigning permission`, the dash often an en dash a
 * Windows-1252 script holds), which PowerShell passes as the text `-`: the grammar wants a parameter's
 * name after it. A bare word of one letter stands in.
 */
const LONE_DASH_ARGUMENT: GrammarGap = {
  pattern: /(?<=[ \t])[-\u2013\u2014\u2015](?=[ \t]*(?:[\r\n;|)}]|$)|[ \t]+[^-\u2013\u2014\u2015\s])/gm,
  failsAt: (reading, match) => failedNearOutsideText(reading, match) && amongCommandArguments(match),
  standIn: () => '_',
};

/** The `.ForEach(…)` method of collections: the grammar takes its name for the `foreach` keyword. */
const FOREACH_METHOD: GrammarGap = {
  pattern: /(?<=\.)foreach(?=\()/gi,
  standIn: ([name]) => name.slice(0, -1) + '_',
};

/**
 * An operator or parameter written with an en or em dash (`–eq`, `$end – $start`, as copied from a
 * document), which PowerShell takes as `-`.
 */
const TYPOGRAPHIC_DASH: GrammarGap = {
  pattern: /[\u2013\u2014\u2015](?=[A-Za-z])|(?<=[ \t])[\u2013\u2014\u2015](?=[ \t])/g,
  standIn: () => '-',
};

/**
 * A command run by a path with forward slashes (`./build.ps1`, `$out = ./build.ps1`,
 * `/usr/local/bin/pac auth …`): the grammar takes `\` only.
 */
const COMMAND_PATH_WITH_SLASHES: GrammarGap = {
  pattern: /(?=[.~/])(?<=(?:^|[;|{=]|\breturn)[ \t]{0,40})(?:\.{1,2}|~)?\/[^\s;|&(){}"'`,]*/gm,
  standIn: ([path]) => path.replace(/\//g, '\\'),
};

/**
 * A scoped npm package among a command's arguments (`npm install -g @pnp/cli-microsoft365`, `npx
 * @azure/static-web-apps-cli@latest`), which PowerShell passes as written where the scope has no dot:
 * the grammar reads `@pnp` as a splatted variable and errs on the rest.
 */
const SCOPED_PACKAGE_ARGUMENT: GrammarGap = {
  pattern: /(?<=[ \t])@[A-Za-z_][\w-]*\/[^\s;|&(){}"'`,]+/g,
  standIn: ([name]) => '_' + name.slice(1),
};

/** `--`, the end of a command's parameters (`git checkout -- $file`, `npx -p x -- m365 login`): the grammar reads a decrement. */
const END_OF_PARAMETERS: GrammarGap = {
  pattern: /(?<=[ \t])--(?=[ \t]|$)/gm,
  standIn: () => '__',
};

/**
 * A native command's option joined to its value (`az login --password=$p`, `--authType="password"`):
 * after a subcommand the grammar reads `--password` as a parameter and errs on the `=`. Blanked, the
 * option and its value are two arguments, which the command line parsers of az, m365 and pac read alike.
 */
const JOINED_OPTION_VALUE: GrammarGap = {
  pattern: /(?<=[ \t]--[A-Za-z][\w-]{0,60})=(?=[^\s=])/g,
  standIn: () => ' ',
};

/** A nested type's name (`[SqlConnectionInfo+AuthenticationMethod]`, `[SearchFilter+IsEqualTo]`): the grammar has no `+` there. */
const NESTED_TYPE_NAME: GrammarGap = {
  pattern: /(?=\+)(?<=\[[\w.]{0,200}\w)\+(?=\w[\w.]*\])/g,
  standIn: () => '.',
};

/**
 * A bare word that starts with a backtick escape (`Write-Host \`nDone`, a line holding only \`\`): the
 * grammar's bare words cannot. An escaped backtick is stood in for whole, or its second half would
 * continue the line.
 */
const ESCAPE_STARTING_BARE_WORD: GrammarGap = {
  pattern: /(?<=[ \t])`(?=[A-Za-z0-9])|(?<=^|[ \t])``/gm,
  standIn: ([escape]) => '_'.repeat(escape.length),
};

/**
 * Backtick escapes right after a string (`Write-Host "Exported"\`n`, `-Activity "a"\`n"b"`), which
 * PowerShell joins to it: blanked, the argument reads as the string before them.
 */
const ESCAPE_AFTER_STRING: GrammarGap = {
  pattern: /(?<=["'])(?:`[A-Za-z0-9])+/g,
  standIn: ([escapes]) => ' '.repeat(escapes.length),
};

/** A hexadecimal number written with `0X` (`0X51`): the grammar knows `0x` only, and reads a command's name. */
const HEX_PREFIX_IN_CAPITALS: GrammarGap = {
  pattern: /\b0X(?=[0-9A-Fa-f])/g,
  standIn: () => '0x',
};

/** `-iin`, `-cin`, `-inotin`, `-cnotin`: the grammar knows only `-in` and `-notin`. */
const CASED_IN_OPERATOR: GrammarGap = {
  pattern: /(?<=\s)-[ic](not)?in(?=\s)/gi,
  standIn: ([, not]) => (not ? '-notin ' : '-in '),
};

/** A backtick and a blank among a method's arguments (`$shell.Popup("Open?",\` 0, "Title", 4)`, a line joined by hand). */
const CONTINUATION_AFTER_COMMA: GrammarGap = {
  pattern: /(?=`)(?<=,[ \t]{0,40})`(?=[ \t]*\r?\n|[ \t])/g,
  standIn: () => ' ',
};

/**
 * A line continuation right before a closing bracket (`@{ A = 1 \`⏎}`, a hashtable whose last line kept
 * its backtick): it joins nothing, and the grammar errs on it and on what follows, often far from it (at
 * the hashtable's first `=`). A blank stands in, in the whole script: it changes nothing PowerShell reads.
 */
const CONTINUATION_BEFORE_CLOSING: GrammarGap = {
  pattern: /`[ \t]*\r?\n[ \t]*(?=[)}\]])/g,
  wholeScript: true,
  failsAt: (reading, match) => !reading.inStringOrComment(match.index),
  standIn: ([continuation]) => ' ' + continuation.slice(1),
};

/** A statement after a function's param block on its line (`function Mock-X { param($a) 'mock' }`): a `;` for the blank between. */
const STATEMENT_AFTER_PARAM_BLOCK: GrammarGap = {
  pattern: /\bparam\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)[ \t]+(?=[^\s#;})])/gi,
  standIn: ([block]) => {
    const blanks = /[ \t]+$/.exec(block)!;
    return `${block.slice(0, blanks.index)};${blanks[0].slice(1)}`;
  },
};

/**
 * PowerShell 7's ternary (`$a ? 'x' : 'y'`), which the grammar lacks: `+` for its `?` and `:`, an
 * expression of the same operands. After an operand only: a `?` at a command's place is Where-Object.
 */
const TERNARY_OPERATOR: GrammarGap = {
  pattern: /(?=\?)(?<=[\w)\]}"'][ \t]+)\?([ \t](?:"[^"\r\n]*"|'[^'\r\n]*'|[^\r\n:?"'])*?[ \t]):(?=[ \t])/g,
  standIn: ([, between]) => `+${between}+`,
};

/** PowerShell 7's `??` and `??=`, which the grammar lacks: `+ ` and `+= `. */
const NULL_COALESCING: GrammarGap = {
  pattern: /(?<=[ \t])\?\?=?(?=[ \t])/g,
  standIn: ([operator]) => (operator.length === 3 ? '+= ' : '+ '),
};

/**
 * A generic type's argument in brackets of its own (`[Dictionary[[String], [Int32]]]`), as .NET names it:
 * blanks for those brackets leave the list of names the grammar reads.
 */
const BRACKETED_TYPE_ARGUMENT: GrammarGap = {
  pattern: /(?<=[[,][ \t]{0,40})\[([\w.]+)\](?=[ \t]*[,\]])/g,
  standIn: ([, name]) => ` ${name} `,
};

/** A generic type's arity (``[Nullable`1[Double]]``), which the grammar's type names lack: underscores. */
const GENERIC_ARITY: GrammarGap = {
  pattern: /(?=`)(?<=\[[\w.]{1,200})`\d+(?=\[)/g,
  standIn: ([arity]) => '_'.repeat(arity.length),
};

/**
 * A switch's `default` after the previous clause's `}` on its line (`switch ($t) {"a"{1}default{2}}`,
 * `switch ($svc) { 'teams' { … } default { … } }`): the grammar wants a line break or `;` between. A
 * quoted value clause of the same length stands in.
 */
const SWITCH_DEFAULT_AFTER_CLAUSE: GrammarGap = {
  pattern: /(?=d)(?<=\}[ \t]{0,40})default(?=\s*\{)/gi,
  standIn: () => '"deflt"',
};

/**
 * A `#` in a double-quoted string right after a variable, a `$(…)`, an escape or a lone `$` (`"Item $i
 * #1"`, `"$#,##0"`, ``"color:`"#00297A`""``, an index `$q["$uri#access_token"]`): the grammar reads a
 * comment from there to the line's end, and the string runs on past its closing quote. The stand-in is
 * a `.`: a letter would make `$#` a variable.
 */
const HASH_IN_STRING: GrammarGap = {
  pattern: /(?=#)(?<=(?:\$\w+|[)}$]|\x60.)[ \t]{0,40})#/g,
  failsAt: (reading, match) => reading.inString(match.index) && reading.nodeAt(match.index)?.type === 'comment',
  standIn: () => '.',
  // The string may run on for many lines before the grammar errs.
  wholeScript: true,
};

/**
 * `-band`, `-bor` and `-bxor` among a method's arguments (`GetMethod($n, [Reflection.BindingFlags]::NonPublic
 * -bor 'Static')`): the grammar's argument expressions take the logical operators there instead. The
 * stand-in is the logical operator and a blank: the same kind of expression.
 */
const BITWISE_IN_METHOD_ARGUMENT: GrammarGap = {
  pattern: /(?<=\s)-b(and|or|xor)(?=\s)/gi,
  standIn: ([, operator]) => `-${operator} `,
};

/**
 * `else` or `elseif` on the line after an `if`'s block where the `if` is a hashtable's value (`A = if ($x) {
 * … }⏎ else { … }`): the grammar takes the line break as the entry's end. The stand-in continues the line
 * with a backtick, in the blank after the `}` or, where there is none, in the blank before it (the `}`
 * moves into it).
 */
const ELSE_ON_NEXT_LINE: GrammarGap = {
  pattern: /(?:[ \t]\}|(?<=\})[ \t]+)(?=\r?\n[ \t]*else(?:if)?\b)/gi,
  failsAt: (reading, match) => reading.inError(elseAfter(match)),
  standIn: ([blankAndBrace]) => (blankAndBrace.endsWith('}') ? '}`' : `${blankAndBrace.slice(0, -1)}\x60`),
  // The grammar may place its failure lines further on, at a later `else`.
  wholeScript: true,
};

/** Where the `else` after the match starts: past the line break and the blanks the pattern looked ahead to. */
function elseAfter(match: RegExpExecArray): number {
  const end = match.index + match[0].length;
  return end + (/^\r?\n[ \t]*/.exec(match.input.slice(end, end + 200))?.[0].length ?? 0);
}

/**
 * PowerShell 7's pipeline that goes on at a line starting with `|` (`$m = Get-Mailbox⏎| Select-Object Name`),
 * which the grammar lacks: it reads a new statement there. As PowerShell does, the pipeline may go on
 * past an end-of-line comment and lines of comments, not past a blank line, and `||` starts no pipe.
 * Blanks stand in for the line breaks between, up to the `|`, and one block comment for the comments
 * there, up to the `|` too (a comment followed by blanks would end the command before the `|`, and a fix
 * replacing the command would take the comments with it). The only stand-in that joins lines (`\r\n`
 * becomes two blanks): offsets hold, the tree's rows do not (no position is read from them).
 */
const PIPE_STARTING_LINE: GrammarGap = {
  // Lines of comments between are bounded: from each line's end the pattern reads ahead over them.
  pattern: /(?=[ \t#\r\n])(?<=\S)[ \t]*(?:#[^\r\n]*)?(?:\r?\n[ \t]*#[^\r\n]*){0,20}\r?\n[ \t]*(?=\|(?!\|))/g,
  failsAt: (reading, match) => continuesPipeline(reading, match),
  standIn: ([joined]) => {
    const hash = joined.indexOf('#');
    const comments = hash === -1 ? 0 : joined.length - hash;
    return comments < '<##>'.length ? ' '.repeat(joined.length) : `${' '.repeat(hash)}<#${' '.repeat(comments - 4)}#>`;
  },
  // A line that starts with `|` is this construct wherever it is code: the grammar may err far from it.
  wholeScript: true,
  overlapping: true,
};

/**
 * Whether the `|` after the match is code, and the match follows code (not a string, not the end of a
 * comment), and each `#` in it starts a comment.
 */
function continuesPipeline(reading: Reading, match: RegExpExecArray): boolean {
  const [joined, start] = [match[0], match.index];
  if (reading.inStringOrComment(start + joined.length) || reading.inComment(start - 1)) return false;
  if (joined[0] !== '#' && reading.inStringOrComment(start)) return false;
  for (let hash = joined.indexOf('#'); hash !== -1; hash = joined.indexOf('#', joined.indexOf('\n', hash))) {
    if (!reading.inComment(start + hash)) return false;
  }
  return true;
}

/**
 * A type as an attribute's argument before a named one (`[OutputType([string], ParameterSetName = 'Raw')]`,
 * as about_Functions_OutputTypeAttribute writes it): the grammar takes a string there, not a type. The
 * stand-in is the type's name in quotes.
 */
const TYPE_BEFORE_NAMED_ATTRIBUTE_ARGUMENT: GrammarGap = {
  pattern: /(?<=\[[A-Za-z][\w.]{0,80}\((?:[^()\r\n]{0,200},)?[ \t]{0,20})\[([\w.]+(?:\[\])?)\](?=[ \t]*,[^()\r\n]*=)/g,
  standIn: ([, type]) => `"${type}"`,
};

/**
 * A tab between a command's elements (`Write-Host\t$line`, `-Name\t"Ops"`): before an argument that is no
 * parameter the grammar takes spaces only. Spaces stand in.
 */
const TAB_BETWEEN_ARGUMENTS: GrammarGap = {
  // One run of blanks, from its start only (a pattern around the tab backtracked quadratically in a long run).
  pattern: /(?<=[^\s\x60])[ \t]+(?=[^\s#])/g,
  failsAt: (reading, match) => match[0].includes('\t') && failedNearOutsideText(reading, match),
  standIn: ([blanks]) => ' '.repeat(blanks.length),
};

/** An array of arrays (`[string[][]]`), which the grammar's type names lack: an array of a longer name. */
const JAGGED_ARRAY_TYPE: GrammarGap = {
  pattern: /(?=\[\]\[)(?<=\[[\w.]{1,200})((?:\[\]){2,})(?=\])/g,
  standIn: ([brackets]) => '_'.repeat(brackets.length - 2) + '[]',
};

/** A class's constructor calling its base's (`Error([string] $m) : base($m) { … }`): blanks stand in for the call. */
const BASE_CONSTRUCTOR_CALL: GrammarGap = {
  pattern: /(?=:)(?<=\)[ \t]{0,40}):[ \t]*base[ \t]*\([^()]*\)(?=\s*\{)/gi,
  standIn: ([call]) => call.replace(/[^\r\n]/g, ' '),
};

/**
 * A command whose name starts with a keyword (`Do-Work`, `Enumerate-Groups`, `ForEach-Object -Process`;
 * for `class` and `enum`, a name without a dash too: `classify`, `enumerateThings`) at the start of a
 * pipeline: the grammar reads the keyword. After `|`, `&` or `.` it reads the name. An underscore
 * stands in for the first letter; the tree still reads the script's own name.
 */
const COMMAND_NAMED_LIKE_KEYWORD: GrammarGap = {
  pattern: /(?=[cdefips])(?<=(?:^|[;{(=]|&&|\|\|)[ \t]{0,40})(?:(?:enum|class)(?=\w|-\w)|(?:do|data|param|foreach|inlinescript|sequence)(?=\w*-\w))/gim,
  standIn: ([keyword]) => '_' + keyword.slice(1),
};

/**
 * `[CmdletBinding()]` before the script's `param` block where `using` statements open the script
 * (`using namespace System.Management.Automation`): the grammar takes such a block only without the
 * attribute there. Blanks stand in.
 */
const CMDLET_BINDING_AFTER_USING: GrammarGap = {
  pattern: /\[cmdletbinding\([^()\r\n]*\)\](?=\s*param\b)/gi,
  failsAt: (reading, match) => reading.failedNear(match) && usingPrelude(match.input)?.end === match.index,
  standIn: ([attribute]) => ' '.repeat(attribute.length),
};

const GRAMMAR_GAPS: readonly GrammarGap[] = [
  HASH_IN_STRING,
  QUOTE_IN_BARE_WORD,
  BARE_WORD_IN_LIST,
  QUOTED_PART_IN_LISTED_WORD,
  MULTIPLIER_IN_CAPITALS,
  DIGIT_IN_PARAMETER,
  LOOP_LABEL_WITHOUT_COLON,
  QUOTED_SWITCH_VALUE,
  PATH_AFTER_VARIABLE,
  BRACKETS_AFTER_ARGUMENT,
  VARIABLE_AFTER_STRING,
  STRINGS_AND_VARIABLES_GLUED,
  BARE_WORD_AFTER_STRING,
  BARE_WORD_AFTER_SINGLE_QUOTED,
  STRINGS_GLUED_TO_EXPANSIONS,
  STRINGS_GLUED_TO_TRAILING_EXPANSIONS,
  METHOD_WITH_BLOCK_ONLY,
  MEMBER_AFTER_METHOD_BLOCK,
  DOTTED_BASE_CLASS,
  EMPTY_BLOCK_ARGUMENT,
  SUBEXPRESSION_IN_BARE_WORD,
  CMDLET_BINDING_WITHOUT_PARAM,
  MEMBER_AFTER_CALL_IN_ARGUMENT,
  EMPTY_SCRIPT_BLOCK,
  EMPTY_SCRIPT_BLOCK_VALUE,
  EMPTY_NAMED_BLOCK,
  NULL_CONDITIONAL_MEMBER,
  NULL_CONDITIONAL_AFTER_BRACED_VARIABLE,
  LONE_DOLLAR_ARGUMENT,
  LONE_DASH_ARGUMENT,
  ESCAPED_BLANK,
  EMPTY_QUOTES_AROUND_VARIABLE,
  DSC_EMBEDDED_INSTANCE,
  FOREACH_METHOD,
  TYPOGRAPHIC_DASH,
  COMMAND_PATH_WITH_SLASHES,
  NESTED_TYPE_NAME,
  SCOPED_PACKAGE_ARGUMENT,
  END_OF_PARAMETERS,
  JOINED_OPTION_VALUE,
  ESCAPE_STARTING_BARE_WORD,
  ESCAPE_AFTER_STRING,
  CASED_IN_OPERATOR,
  HEX_PREFIX_IN_CAPITALS,
  CONTINUATION_AFTER_COMMA,
  CONTINUATION_BEFORE_CLOSING,
  STATEMENT_AFTER_PARAM_BLOCK,
  TERNARY_OPERATOR,
  NULL_COALESCING,
  BRACKETED_TYPE_ARGUMENT,
  GENERIC_ARITY,
  SWITCH_DEFAULT_AFTER_CLAUSE,
  BITWISE_IN_METHOD_ARGUMENT,
  ELSE_ON_NEXT_LINE,
  PIPE_STARTING_LINE,
  TYPE_BEFORE_NAMED_ATTRIBUTE_ARGUMENT,
  TAB_BETWEEN_ARGUMENTS,
  JAGGED_ARRAY_TYPE,
  BASE_CONSTRUCTOR_CALL,
  COMMAND_NAMED_LIKE_KEYWORD,
  CMDLET_BINDING_AFTER_USING,
];

/**
 * `text` with a stand-in for each construct the grammar lacks where `tree` (parsed from `text`) has a
 * syntax error; `text` itself when there is none.
 */
export function withStandInsForGrammarGaps(text: string, tree: Tree): string {
  const reading = new Reading(tree, text);
  const aroundFailures = reading.linesAroundFailures(text);
  const wholeScript = [[0, text.length] as const];
  return GRAMMAR_GAPS.reduce((current, gap) => {
    const failsAt = gap.failsAt ?? failedNearOutsideText;
    return replacedWithin(current, gap.wholeScript ? wholeScript : aroundFailures, gap, (match) => (failsAt(reading, match) ? gap.standIn(match) : undefined));
  }, text);
}

const failedNearOutsideText = (reading: Reading, match: RegExpExecArray) => reading.failedNear(match) && !reading.inStringOrComment(match.index);

/** For a construct that starts with a string: the grammar failed near it, and what comes just before it is code. */
function failedNearAfterCode(reading: Reading, match: RegExpExecArray): boolean {
  return reading.failedNear(match) && !reading.inStringOrComment(match.index - 1);
}

/** `text` with `standIn`'s replacements of the matches of `gap`'s pattern that start within `windows` (in order, apart). */
function replacedWithin(text: string, windows: ReadonlyArray<readonly [number, number]>, gap: GrammarGap, standIn: (match: RegExpExecArray) => string | undefined): string {
  const { pattern } = gap;
  let [result, copied] = ['', 0];
  for (const [from, to] of windows) {
    // Cut at the window's end, so that a search past it does not run on to the end of the script.
    const upToWindowEnd = text.slice(0, to);
    pattern.lastIndex = from;
    for (let match = pattern.exec(upToWindowEnd); match; match = pattern.exec(upToWindowEnd)) {
      const replacement = standIn(match);
      if (replacement === undefined) {
        if (gap.overlapping) pattern.lastIndex = match.index + 1;
        continue;
      }
      result += text.slice(copied, match.index) + replacement;
      copied = match.index + match[0].length;
    }
  }
  return copied === 0 ? text : result + text.slice(copied);
}

const MAX_TREE_LOOKUPS = 300;
const MAX_STEPS_UP = 12;
/** What the grammar wraps a command's argument in, from brackets that start it up to the command's elements. */
const ARGUMENT_WRAPPERS = new Set(['member_access', 'unary_expression', 'array_literal_expression']);

const TEXT_NODE_TYPES = new Set(['comment', 'string_literal', 'expandable_string_literal', 'expandable_here_string_literal', 'verbatim_string_characters', 'verbatim_here_string_characters']);

type Range = readonly [start: number, end: number];

/** What a parse with errors tells about an offset. */
class Reading {
  /**
   * Where the grammar failed, in order: the tokens its error recovery could not place and the nodes it
   * made up. Not the whole extent of its errors: one can span a function or the script, most of it
   * read well, and a stand-in there would rewrite code the grammar read.
   */
  private readonly failures: Range[] = [];

  private readonly scanned: CommentsAndStrings | undefined;

  private lookups = 0;

  constructor(
    private readonly tree: Tree,
    text: string,
  ) {
    this.scanned = commentsAndStrings(text);
    const pending = syntaxErrorNodes(tree.rootNode).reverse();
    // A loop, not recursion: scripts nest deeply.
    while (pending.length) {
      const node = pending.pop()!;
      if (node.isMissing || node.childCount === 0) {
        this.failures.push([node.startIndex, node.endIndex]);
        continue;
      }
      const inError = node.type === 'ERROR';
      // `children`, not `child(i)`, which walks the siblings from the first each time.
      const children = node.children.filter((child): child is Node => !!child && ((inError && child.childCount === 0) || child.hasError || child.isMissing));
      // An error around a whole command the grammar read (`Connect-X -Y $c -X64Bit`, up to `-X`) failed where it ends.
      if (inError && children.length === 0) this.failures.push([Math.max(node.startIndex, node.endIndex - 1), node.endIndex]);
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
  }

  /** The lines of `text` around the failures (the line before and after each too): offset ranges, in order, apart. */
  linesAroundFailures(text: string): Array<[number, number]> {
    const lines: Array<[number, number]> = [];
    for (const [start, end] of this.failures) {
      if (end <= (lines[lines.length - 1]?.[1] ?? -1)) continue; // on lines already taken
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const from = lineStart === 0 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
      const lineEnd = text.indexOf('\n', Math.max(start, end - 1));
      const nextLineEnd = lineEnd === -1 ? -1 : text.indexOf('\n', lineEnd + 1);
      const to = nextLineEnd === -1 ? text.length : nextLineEnd;
      const last = lines[lines.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else lines.push([from, to]);
    }
    return lines;
  }

  /**
   * The innermost node at `offset`; undefined once the round has asked MAX_TREE_LOOKUPS times: each
   * walks down from the root, through every child of a wide error (a script of 12,000 lines in error
   * took 26 s, 11 s with the limit; real scripts ask far fewer times). Where it is not asked, no
   * stand-in is made.
   */
  nodeAt(offset: number): Node | undefined {
    if (++this.lookups > MAX_TREE_LOOKUPS) return undefined;
    return this.tree.rootNode.descendantForIndex(offset) ?? this.tree.rootNode;
  }

  /** Whether the grammar failed inside or right next to the match (or the blanks and comma just after it). */
  failedNear(match: RegExpExecArray): boolean {
    const matchEnd = match.index + match[0].length;
    const commaAfter = /[ \t]*,/y;
    commaAfter.lastIndex = matchEnd;
    const [from, to] = [match.index - 1, matchEnd + (commaAfter.exec(match.input)?.[0].length ?? 0)];
    // The first failure that does not end before `from`, by halves.
    let [low, high] = [0, this.failures.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.failures[middle][1] < from) low = middle + 1;
      else high = middle;
    }
    return low < this.failures.length && this.failures[low][0] <= to;
  }

  /**
   * Whether the `)` at `offset` closes the arguments of a call that is a command's argument, or a
   * bracketed argument, or brackets that start one (`("ab").Replace("a", "")`).
   */
  closesCommandArgument(offset: number): boolean {
    const closed = this.nodeAt(offset)?.parent;
    if (closed?.type !== 'argument_list' && closed?.type !== 'parenthesized_expression') return false;
    let node = closed.parent;
    for (let steps = 0; node && steps < MAX_STEPS_UP && ARGUMENT_WRAPPERS.has(node.type); steps++) node = node.parent;
    return node?.type === 'command_elements';
  }

  /** Whether the node at `offset` is inside an error of the grammar's, within a few steps up its statement. */
  inError(offset: number): boolean {
    let node = this.nodeAt(offset) ?? null;
    // Each step up costs a walk down from the root.
    for (let steps = 0; node && steps < MAX_STEPS_UP && node.type !== 'statement_list'; steps++, node = node.parent) {
      if (node.type === 'ERROR') return true;
    }
    return false;
  }

  /**
   * Whether the comment scan puts `offset` in a string, glued to what comes before it or not (never where
   * it could not tell strings apart).
   */
  inString(offset: number): boolean {
    return this.scanned !== undefined && (inRanges(this.scanned.strings, offset) || inRanges(this.scanned.gluedStrings, offset));
  }

  /** Whether `offset` is in a comment: by the comment scan where it tells strings apart, else by the tree. */
  inComment(offset: number): boolean {
    return this.scanned ? inRanges(this.scanned.comments, offset) : this.nodeAt(offset)?.type === 'comment';
  }

  /** Whether the comment scan tells the script's strings apart and puts `offset` in a string or comment: no tree lookup. */
  scannedAsText(offset: number): boolean {
    return this.scanned !== undefined && (inRanges(this.scanned.comments, offset) || inRanges(this.scanned.strings, offset));
  }

  /**
   * By the comment scan where it tells the script's comments and strings apart (where the grammar errs,
   * it may not see a string); else by the tree, up to the statement.
   */
  inStringOrComment(offset: number): boolean {
    if (this.scanned) return this.scannedAsText(offset);
    // Each step up costs a walk down from the root: no further than the statement.
    const at = this.nodeAt(offset);
    if (!at) return true;
    for (let node: Node | null = at; node && node.type !== 'statement_list'; node = node.parent) {
      if (TEXT_NODE_TYPES.has(node.type)) return true;
    }
    return false;
  }
}
