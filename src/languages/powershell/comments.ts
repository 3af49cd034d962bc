import type { NotCode } from '../../engine/rule';
import { inRanges, type TextRange } from '../../engine/text';

/** Where a script's comments and string literals are (a string's `$(…)` parts are code, not string). */
export interface CommentsAndStrings {
  comments: TextRange[];
  strings: TextRange[];
  /**
   * Quoted text glued to what comes before it (`$q["$uri#token"]`, `$a+"b"`, `pre"fix"`): text for
   * PowerShell, which the grammar may read otherwise, so none of `strings`. In order, where `strings` are told.
   */
  gluedStrings: TextRange[];
}

/**
 * Where a script's comments and strings are, found without the grammar (parsing a script only to learn
 * that its trigger words are all in comments or messages costs as much as analysing it). The scan is
 * strict about what it calls a comment: a `#` or `<#` that starts a token (after white space or
 * punctuation), never in a string, here-string, braced variable or escape. A string called as a command
 * (`& 'Connect-MsolService'`), and an expandable here-string with a `$(…)` in it, count as code. Where
 * the script's quoting does not add up it finds nothing, so that a doubtful script is analysed.
 */
export function commentsAndStrings(text: string): CommentsAndStrings | undefined {
  const scanner = new CommentScanner(text);
  return scanner.code(0, false) === undefined ? undefined : { comments: scanner.comments, strings: scanner.toldStrings(), gluedStrings: scanner.toldGluedStrings() };
}

/** The comments and the strings the scan tells apart, as rules ask; undefined where it finds nothing. */
export function powerShellNotCode(text: string): NotCode | undefined {
  const scanned = commentsAndStrings(text);
  return scanned && { inComment: (offset) => inRanges(scanned.comments, offset), inString: (offset) => inRanges(scanned.strings, offset) };
}

// PowerShell takes the typographic quotes for quotes too.
export const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
export const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const isSingleQuote = (char: string): boolean => SINGLE_QUOTES.includes(char);
const isDoubleQuote = (char: string): boolean => DOUBLE_QUOTES.includes(char);
/** What PowerShell's tokenizer takes as a blank beyond ASCII's: U+00A0, U+0085, and .NET's `char.IsSeparator`. */
export const UNICODE_BLANKS = '\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const LINE_END = /[\r\n]/g;
/**
 * A `#` or `<#` here begins a comment; elsewhere it is part of a word (`a#b` is one argument). PowerShell's
 * blanks beyond ASCII count too (a no-break space; see `asTheGrammarReads`).
 */
const startsToken = (before: string | undefined): boolean => before === undefined || TOKEN_BOUNDARY.includes(before);
const TOKEN_BOUNDARY = ` \t\r\n\f\v;(){}|&,=${UNICODE_BLANKS}`;
/**
 * Where a `#` or `<#` begins a comment: where a token starts, but not right after `=`, which ends a token
 * in an expression (`$x =#note`) and not in a command's argument (`Write-Host =#x`, a DSC resource's
 * `Path =#x` as the grammar reads it): there the `#` is left to be code, which costs a parse at most.
 */
const startsComment = (before: string | undefined): boolean => before !== '=' && startsToken(before);

// The characters each state must look at; the scan jumps over everything else.
const CODE_SPECIALS = /[`#<@'"\u2018-\u201e$()]/g;
const DOUBLE_QUOTED_SPECIALS = /[`$"\u201c-\u201e]/g;
const SINGLE_QUOTED_SPECIALS = /['\u2018-\u201b]/g;

export const TYPOGRAPHIC_QUOTE = /[\u2018-\u201e]/;
const ESCAPED_QUOTE = /`["']/;

// The searches about one token look in its span only (a slice shares the text's characters): searched
// to the end of the text for every string or comment, 600 kB of them took the scan half a minute.
function hasEscapedQuote(text: string, start: number, end: number): boolean {
  return ESCAPED_QUOTE.test(text.slice(start, end));
}

/**
 * Whether a string starting here may be called: `& 'name'`, `. "path"`, with blanks, line breaks,
 * continuations or a block comment (`& <# x #> 'name'`) between.
 */
function namesCommand(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && /[\s`]/.test(text[before])) before--;
  return text[before] === '&' || text[before] === '.' || (text[before] === '>' && text[before - 1] === '#');
}

/** The next of `specials` from `at`, or the end of the text. */
function nextSpecial(text: string, specials: RegExp, at: number): number {
  specials.lastIndex = at;
  return specials.exec(text)?.index ?? text.length;
}

/**
 * Where the grammar ends the block comment that opens at `at` (-1 where it does not): a backtick escapes the
 * character after it, a line break too, so that only `` `#> `` runs on (a backtick ending a line of an
 * example in a help comment does not).
 */
function grammarsBlockCommentEnd(text: string, at: number): number {
  for (let i = at + 2; i < text.length; ) {
    if (text[i] === '`') i += text.startsWith('\r\n', i + 1) ? 3 : 2;
    else if (text[i] === '#') {
      let hashes = i;
      while (text[hashes] === '#') hashes++;
      if (text[hashes] === '>') return hashes + 1;
      // `#` then any other character, a backtick too, is the comment's text.
      i = hashes + 1;
    } else i++;
  }
  return -1;
}

class CommentScanner {
  readonly comments: TextRange[] = [];
  private readonly strings: TextRange[] = [];
  private readonly gluedStrings: TextRange[] = [];
  /**
   * Whether the grammar the rules see reads the script's strings where PowerShell does. It takes only
   * ASCII quotes for quotes, errs on a backtick-escaped quote, may call a `#` inside a word a comment,
   * and lets a backtick escape a block comment's `#>`: a script with typographic quotes or such a `#`
   * has no string told apart (`toldStrings()`), and a string with an escaped quote is not one.
   */
  private stringsAsGrammar: boolean;

  constructor(private readonly text: string) {
    this.stringsAsGrammar = !TYPOGRAPHIC_QUOTE.test(text);
  }

  /**
   * Scans code from `at`: to the end of the text, or (`inSubexpression`, the `$(…)` of a string) to
   * its closing parenthesis. Returns where it stopped, or undefined where quoting does not add up.
   */
  code(at: number, inSubexpression: boolean): number | undefined {
    const text = this.text;
    let depth = 0;
    let i: number | undefined = at;
    while (i !== undefined && (i = nextSpecial(text, CODE_SPECIALS, i)) < text.length) {
      const char = text[i];
      const tokenStart = startsToken(text[i - 1]);
      if (char === '`') i += 2;
      else if (char === '#' && startsComment(text[i - 1])) i = this.lineComment(i);
      else if (char === '<' && text[i + 1] === '#' && startsComment(text[i - 1])) i = this.blockComment(i);
      else if (char === '#') {
        // PowerShell reads on (`a#b` is one word), the grammar may read a comment: a quote after it
        // could open a string for one and not for the other.
        this.stringsAsGrammar = false;
        i++;
      }
      else if (char === '@' && (isSingleQuote(text[i + 1]) || isDoubleQuote(text[i + 1])) && this.opensHereString(i)) i = this.hereString(i);
      // A quote inside a word (`Summer2024!'…'`) quotes part of that word: PowerShell and the grammar read one bare word.
      else if (isSingleQuote(char)) i = this.singleQuoted(i, tokenStart);
      else if (isDoubleQuote(char)) i = this.doubleQuoted(i, tokenStart);
      else if (char === '$' && text[i + 1] === '{') i = this.bracedVariable(i);
      else if (inSubexpression && char === '(') (depth++, i++);
      else if (inSubexpression && char === ')') {
        if (depth === 0) return i + 1;
        depth--;
        i++;
      } else i++;
    }
    return inSubexpression || i === undefined ? undefined : i;
  }

  private lineComment(at: number): number {
    LINE_END.lastIndex = at;
    const stop = LINE_END.exec(this.text)?.index ?? this.text.length;
    this.comments.push([at, stop]);
    return stop;
  }

  private blockComment(at: number): number | undefined {
    const close = this.text.indexOf('#>', at + 2);
    if (close === -1) return undefined;
    // The grammar lets a backtick escape `#>` (the comment then ends later for it).
    if (grammarsBlockCommentEnd(this.text, at) !== close + 2) this.stringsAsGrammar = false;
    this.comments.push([at, close + 2]);
    return close + 2;
  }

  /** `@'` or `@"` followed by nothing but blanks up to the end of its line. */
  private opensHereString(at: number): boolean {
    return /^[ \t]*\r?\n/.test(this.text.slice(at + 2, at + 200));
  }

  /** To the closing quote and `@` at the very start of a line. */
  private hereString(at: number): number | undefined {
    const single = isSingleQuote(this.text[at + 1]);
    const closing = single ? /[\r\n]['\u2018\u2019\u201a\u201b]@/g : /[\r\n]["\u201c\u201d\u201e]@/g;
    closing.lastIndex = at + 2;
    const match = closing.exec(this.text);
    if (!match) return undefined;
    const end = match.index + 3;
    if (single || !this.text.slice(at, end).includes('$(')) this.noteString(at, end);
    return end;
  }

  /** `'…'`, where a doubled quote is a quote. */
  private singleQuoted(at: number, startsWord: boolean): number | undefined {
    for (let i = nextSpecial(this.text, SINGLE_QUOTED_SPECIALS, at + 1); i < this.text.length; i = nextSpecial(this.text, SINGLE_QUOTED_SPECIALS, i + 1)) {
      if (isSingleQuote(this.text[i + 1])) {
        i++;
        continue;
      }
      if (startsWord) return this.noteString(at, i + 1);
      this.quotedInWord(at, i + 1);
      this.gluedStrings.push([at, i + 1]);
      return i + 1;
    }
    return undefined;
  }

  /**
   * A quote inside a word (`]'a;b'`): PowerShell reads on through it, while the grammar's bare word ends,
   * without an error, at a `;` or `|` inside it, and the quotes that follow pair otherwise for it.
   */
  private quotedInWord(start: number, end: number): void {
    if (/[;|]/.test(this.text.slice(start, end))) this.stringsAsGrammar = false;
  }

  /** `"…"`, with backtick escapes and `$(…)` subexpressions, which are code (strings, comments and all). */
  private doubleQuoted(at: number, startsWord: boolean): number | undefined {
    const stringsBefore = this.strings.length;
    let i: number | undefined = at + 1;
    let part = at;
    while (i !== undefined && (i = nextSpecial(this.text, DOUBLE_QUOTED_SPECIALS, i)) < this.text.length) {
      const char = this.text[i];
      if (char === '`') i += 2;
      else if (char === '$' && this.text[i + 1] === '(') {
        // Recorded before the strings inside, so that the ranges stay in text order.
        if (i > part) this.strings.push([part, i]);
        i = part = this.code(i + 2, true) ?? this.text.length;
      } else if (isDoubleQuote(char)) {
        this.strings.push([part, i + 1]);
        // Where the grammar may read the string otherwise, the strings inside its `$(…)` parts go too.
        if (startsWord && !this.tellsString(at, i + 1)) this.strings.length = stringsBefore;
        if (!startsWord) {
          this.gluedStrings.push(...this.strings.splice(stringsBefore));
          this.quotedInWord(at, i + 1);
        }
        return i + 1;
      } else i++;
    }
    return undefined;
  }

  private noteString(start: number, end: number): number {
    if (this.tellsString(start, end)) this.strings.push([start, end]);
    return end;
  }

  /** Whether the string is one for the grammar as for PowerShell, and not a command's name. */
  private tellsString(start: number, end: number): boolean {
    return !namesCommand(this.text, start) && !hasEscapedQuote(this.text, start, end);
  }

  /** The strings, where the whole script's strings are read alike by the grammar and PowerShell. */
  toldStrings(): TextRange[] {
    return this.stringsAsGrammar ? this.strings : [];
  }

  /** The glued strings, in order (a glued string's parts are noted after the strings inside its `$(…)`), where strings are told. */
  toldGluedStrings(): TextRange[] {
    return this.stringsAsGrammar ? this.gluedStrings.sort(([a], [b]) => a - b) : [];
  }

  /** `${any name}`, where a backtick escapes. */
  private bracedVariable(at: number): number | undefined {
    for (let i = at + 2; i < this.text.length; i++) {
      if (this.text[i] === '`') i++;
      else if (this.text[i] === '}') return i + 1;
    }
    return undefined;
  }
}

/**
 * Where a script's opening `using` statements end (with the blank lines and comments around them: `#`
 * lines, `<# … #>` blocks), where it has any. Read line by line, so that no pattern backtracks over a
 * long comment (a banner of `#` characters).
 */
export function usingPrelude(text: string): { end: number } | undefined {
  let at = 0;
  let using = false;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (text.startsWith('<#', at)) {
      const end = text.indexOf('#>', at + 2);
      if (end < 0) return undefined;
      at = end + 2;
    } else if (text[at] === '#' || /^using\s/i.test(text.slice(at, at + 6))) {
      using ||= text[at] !== '#';
      const end = text.indexOf('\n', at);
      if (end < 0) return undefined;
      at = end + 1;
    } else {
      return using ? { end: at } : undefined;
    }
  }
}
