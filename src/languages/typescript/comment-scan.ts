import type { NotCode } from '../../engine/rule';
import { inRanges, type TextRange } from '../../engine/text';

/**
 * Where a module's `//` and `/* *\/` comments are, found without the parser: parsing a module only to
 * learn that its trigger words are all in comments costs most of analysing it. The scan gives up
 * (undefined, and the module is parsed) wherever it could take code for a comment: a `/` that may
 * begin a regular expression, a backslash outside strings, JSX, or a string, template or comment that
 * does not end.
 */
export function scannedComments(text: string, jsx: boolean): TextRange[] | undefined {
  // JSX text may hold `//` and quotes that are neither comments nor strings.
  if (jsx && JSX_TAG_END.test(text)) return undefined;
  return new ModuleScanner(text).comments();
}

/** What the comment scan tells of a module (TypeScript triggers count in strings); undefined where it gives up. */
export function typeScriptNotCode(text: string, jsx: boolean): NotCode | undefined {
  const comments = scannedComments(text, jsx);
  return comments && { inComment: (offset) => inRanges(comments, offset) };
}

// Every JSX element has a closing tag or ends in `/>`.
const JSX_TAG_END = /<\/|\/>/;

/**
 * Words whose parenthesised head ends a statement's start: after its `)` a `/` begins a regular
 * expression (`if (s) /'/.test(s)`), where after other parentheses it divides. `await (`: `for await`.
 */
const CONTROL_HEADS = new Set(['if', 'while', 'for', 'with', 'await']);

/** Words after which a `/` begins a regular expression, not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);

const isBlank = (char: string): boolean => char === ' ' || char === '\t' || char === '\n' || char === '\r' || (char > '\u007f' ? /\s/.test(char) : char === '\f' || char === '\v');
// Other characters past ASCII are taken for letters: a `/` after them divides, as after a word.
const isWordChar = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x24 || code > 0x7f;
};
const isLineEnd = (char: string): boolean => char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029';

class ModuleScanner {
  private readonly found: TextRange[] = [];
  private at = 0;
  /** The last character of the last token ('' before the first): what a `/` after it means. */
  private last = '';
  /** The last word's extent: the word `last` ends, when it ends one. */
  private wordStart = 0;
  private wordEnd = 0;
  /** For each open `(`, whether it opens a control statement's head (`if (`). */
  private readonly parens: boolean[] = [];
  /** Whether the last token is the `)` that closes a control statement's head. */
  private closedHead = false;

  constructor(private readonly text: string) {}

  comments(): TextRange[] | undefined {
    // A `#!` line is trivia for TypeScript; left out here, a trigger in it counts as code.
    if (this.text.startsWith('#!')) this.at = this.lineEnd(0);
    return this.code(false) ? this.found : undefined;
  }

  /** Scans code to the end of the text, or (`inTemplate`) past the `}` that closes a `${`. False where it gives up. */
  private code(inTemplate: boolean): boolean {
    const { text } = this;
    let depth = 0;
    while (this.at < text.length) {
      const char = text[this.at];
      if (char === '/') {
        if (!this.slash()) return false;
      } else if (char === '"' || char === "'") {
        if (!this.string(char)) return false;
      } else if (char === '`') {
        if (!this.template()) return false;
      } else if (char === '\\') {
        return false;
      } else {
        if (char === '}' && inTemplate && depth === 0) {
          this.at++;
          return true;
        }
        if (char === '{') depth++;
        else if (char === '}') depth--;
        if (!isBlank(char)) this.token(char);
        this.at++;
      }
    }
    return !inTemplate;
  }

  private token(char: string): void {
    if (isWordChar(char)) {
      // A word's characters are contiguous: one after a word character continues its word.
      if (!isWordChar(this.text[this.at - 1] ?? '')) this.wordStart = this.at;
      this.wordEnd = this.at + 1;
    }
    if (char === '(') this.parens.push(isWordChar(this.last) && CONTROL_HEADS.has(this.lastWord()));
    this.tokenEnds(char, char === ')' && this.parens.pop() === true);
  }

  private tokenEnds(last: string, closesHead = false): void {
    this.last = last;
    this.closedHead = closesHead;
  }

  private lastWord(): string {
    return this.text.slice(this.wordStart, this.wordEnd);
  }

  /** A comment, or a division; false for what may begin a regular expression. */
  private slash(): boolean {
    const { text } = this;
    const next = text[this.at + 1];
    if (next === '/') {
      const end = this.lineEnd(this.at);
      this.found.push([this.at, end]);
      this.at = end;
      return true;
    }
    if (next === '*') {
      const close = text.indexOf('*/', this.at + 2);
      if (close === -1) return false;
      this.found.push([this.at, close + 2]);
      this.at = close + 2;
      return true;
    }
    if (!this.divides()) return false;
    this.tokenEnds('/');
    this.at++;
    return true;
  }

  /** Whether a `/` after the last token divides: after a value (a word that is no keyword, a closing `)` or `]`, a string). */
  private divides(): boolean {
    const { last } = this;
    if (last === ')') return !this.closedHead;
    if (last === ']' || last === '"' || last === "'" || last === '`') return true;
    return isWordChar(last) && !KEYWORDS_BEFORE_EXPRESSION.has(this.lastWord());
  }

  private string(quote: string): boolean {
    const { text } = this;
    for (let i = this.at + 1; i < text.length; i++) {
      const char = text[i];
      if (char === '\\') i++;
      else if (char === quote) {
        this.at = i + 1;
        this.tokenEnds(quote);
        return true;
      } else if (char === '\n' || char === '\r') return false;
    }
    return false;
  }

  private template(): boolean {
    const { text } = this;
    this.at++;
    while (this.at < text.length) {
      const char = text[this.at];
      if (char === '\\') this.at += 2;
      else if (char === '`') {
        this.at++;
        this.tokenEnds('`');
        return true;
      } else if (char === '$' && text[this.at + 1] === '{') {
        this.at += 2;
        if (!this.code(true)) return false;
      } else this.at++;
    }
    return false;
  }

  private lineEnd(from: number): number {
    let end = from;
    while (end < this.text.length && !isLineEnd(this.text[end])) end++;
    return end;
  }
}
