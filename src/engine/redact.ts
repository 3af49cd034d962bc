import { DOUBLE_QUOTES, SINGLE_QUOTES } from '../languages/powershell/comments';
import type { LanguageId } from './finding';
import { type FileSecrets, type LiteralPlace, commentWithSecretsMasked, couldBeSecret, isSecretString, MADE_BY_CMDLET, secretsOfFile } from './secrets-by-meaning';

const MAX_SNIPPET = 160;
/**
 * `password=…` with a bare value; not a bracketed expression that is code (`Password = (ConvertTo-SecureString …)`,
 * `(await …)`, `($x)`, a type `[string]$t`). A bracketed word (`/pass:(Winter2025)`, `{Summer2024}`) may be the secret.
 */
const SECRET_ASSIGNMENT =
  /\b(pass(?:word)?|pwd|secret|client_secret|refresh_token|access_token|token|apikey|api_key)(\s*[=:]\s*)(?!\((?:\$|\[|[A-Za-z]+-[A-Za-z]|(?:await|new)\s)|\[[A-Za-z.]+\])([^\s&;,'"`)]+)/gi;
/** PowerShell's plain-text secure string: its arguments up to the end of the command. */
const SECURE_STRING_ARGUMENTS = /(ConvertTo-SecureString\b)([^|;)\r\n]*)/gi;
/** A bare word that is not a parameter name, a variable, a sub-expression or a quoted string. */
const BARE_ARGUMENT = /(\s)(?![-$(@'"`])([^\s|;)]+)/g;
/** A command line's password option with a bare value (`az login -p Hunter2`, `--password Hunter2`). */
const PASSWORD_OPTION = /(\s(?:--pass(?:word)?|--client-secret|-p)(?:\s+|=))(?![$(@'"`])(\S+)/gi;
/** Azure CLI's short options take their value attached too (`az login -pHunter2`). */
const AZ_LOGIN = /\baz(?:\.cmd|\.exe)?\s+login\b/i;
const ATTACHED_PASSWORD = /(\s-p)(?![\s=])(\S+)/g;
/** The Power Platform CLI takes `-p:value` too; elsewhere `-p:` is other (`dotnet build -p:Version=1.2`). */
const PAC_AUTH = /\bpac(?:\.exe|\.cmd)?['"]?\s+`?\s*auth\b/i;
const COLON_PASSWORD = /(\s(?:--password|-p):)(?![$(@'"`])([^\s;|)]+)/gi;
/** A comment that talks about a credential may quote it (`# old password was ...`). */
const CREDENTIAL_WORD = /pass|pwd|\bpw\b|secret|token|cred|key/i;
// Token-shaped: a JWT, or a long run of base64/hex characters with at least one digit (identifiers such
// as acquireTokenByUsernamePassword have none). Each run is matched to its end and its shape checked
// after: a pattern that looked ahead or backtracked from every start in a run took quadratic time.
const JWT_RUN = /\beyJ[\w-]{8,}(?:\.[\w-]*)*/g;
const JWT = /^eyJ[\w-]{8,}\.[\w-]{8,}/;
const BASE64_RUN = /\b[A-Za-z0-9+/_-]{32,}={0,2}/g;
const HOST_SUFFIX = /\.(com|net|org|us|cn|de|io|gov|mil|edu|cloud|microsoft|azure)$/;
const MASK = '***';

/**
 * How a masked text is shown: as `MASK`, or (for a snippet's cut) as one mark per hidden character.
 * `place`: where a string closed on its line, or a comment, stands (see `LiteralPlace`); none for what
 * the masks hide by shape, or a string that runs over lines.
 */
type Hide = (hidden: string, place?: LiteralPlace) => string;
const hideAll: Hide = () => MASK;

/** A string, regular expression or comment: what closes it, and whether it may run on to the next line. */
interface Literal {
  readonly comment?: boolean;
  readonly regex?: boolean;
  /** Any one of these characters closes it... */
  readonly closers?: string;
  /** ...or this text does (a block comment); with neither, it runs to the line's end. */
  readonly terminator?: string;
  readonly escape?: string;
  /** PowerShell: a doubled quote is a quote character inside the string. */
  readonly doubled?: boolean;
  readonly multiLine?: boolean;
  /** A here-string: it ends only where a line starts with its closing quote and `@`. */
  readonly here?: boolean;
  /** What opens code inside it (`${`, `$(`), whose own strings would close it early. */
  readonly interpolation?: string;
}

const JS = {
  single: { closers: "'", escape: '\\' },
  double: { closers: '"', escape: '\\' },
  template: { closers: '`', escape: '\\', multiLine: true, interpolation: '${' },
  regex: { regex: true, closers: '/', escape: '\\' },
  lineComment: { comment: true },
  blockComment: { comment: true, terminator: '*/', multiLine: true },
} satisfies Record<string, Literal>;

// PowerShell takes typographic quotes for quotes, and any of a kind closes a string any of that kind opened.
const PS = {
  single: { closers: SINGLE_QUOTES, doubled: true, multiLine: true },
  double: { closers: DOUBLE_QUOTES, escape: '`', doubled: true, multiLine: true, interpolation: '$(' },
  hereSingle: { closers: SINGLE_QUOTES, here: true, multiLine: true },
  hereDouble: { closers: DOUBLE_QUOTES, here: true, multiLine: true },
  lineComment: { comment: true },
  blockComment: { comment: true, terminator: '#>', multiLine: true },
} satisfies Record<string, Literal>;

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = '(,=:[!&|?{};+-*%<>~^}';
/** Words whose parenthesised head a statement follows: after its `)` a regular expression may start. */
const CONTROL_HEAD = /\b(?:if|while|for|with)\s*$/;
const KEYWORD_BEFORE_REGEX = /\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await|instanceof)\s*$/;

type Opener = readonly [literal: Literal, length: number];
/** The literal that opens at `line[at]` in code; `before` is the last code character that is not white space. */
type OpenerAt = (line: string, at: number, before: string) => Opener | undefined;

function jsOpenerAt(line: string, at: number, before: string): Opener | undefined {
  const char = line[at];
  if (char === '/') {
    if (line[at + 1] === '/') return [JS.lineComment, 2];
    if (line[at + 1] === '*') return [JS.blockComment, 2];
    return regexMayStart(line, at, before) ? [JS.regex, 1] : undefined;
  }
  if (char === "'") return [JS.single, 1];
  if (char === '"') return [JS.double, 1];
  return char === '`' ? [JS.template, 1] : undefined;
}

/** Where a division could not stand. Taking a division for a regular expression only masks more. */
function regexMayStart(line: string, at: number, before: string): boolean {
  return before === '' || BEFORE_REGEX.includes(before) || (/\w/.test(before) && KEYWORD_BEFORE_REGEX.test(line.slice(Math.max(0, at - 12), at)));
}

function psOpenerAt(line: string, at: number): Opener | undefined {
  const char = line[at];
  const next = line[at + 1] ?? '';
  if (char === '<' && next === '#') return [PS.blockComment, 2];
  if (char === '#') return at === 0 || !/\w/.test(line[at - 1]) ? [PS.lineComment, 1] : undefined;
  if (char === '@' && next && (SINGLE_QUOTES + DOUBLE_QUOTES).includes(next) && onlySpaceFrom(line, at + 2)) {
    return [SINGLE_QUOTES.includes(next) ? PS.hereSingle : PS.hereDouble, 2];
  }
  if (SINGLE_QUOTES.includes(char)) return [PS.single, 1];
  return DOUBLE_QUOTES.includes(char) ? [PS.double, 1] : undefined;
}

function onlySpaceFrom(line: string, from: number): boolean {
  let at = from;
  while (at < line.length && /\s/.test(line[at])) at++;
  return at === line.length;
}

/** Where `literal`, open at `from`, closes on this line: its closer's index, or -1 if it runs to the end. */
function closerOf(line: string, from: number, literal: Literal, nesting = 0): number {
  if (literal.here) return from === 0 && literal.closers!.includes(line[0]) && line[1] === '@' ? 0 : -1;
  if (literal.terminator) return line.indexOf(literal.terminator, from);
  if (!literal.closers) return -1;
  let inClass = false;
  for (let at = from; at < line.length; at++) {
    const char = line[at];
    if (char === literal.escape) at++;
    else if (literal.interpolation && line.startsWith(literal.interpolation, at)) {
      const end = interpolationEnd(line, at, literal.interpolation, nesting);
      if (end < 0) return -1;
      at = end - 1;
    } else if (literal.regex && (char === '[' || char === ']')) inClass = char === '[';
    else if (!inClass && literal.closers.includes(char)) {
      if (!literal.doubled || !line[at + 1] || !literal.closers.includes(line[at + 1])) return at;
      at++;
    }
  }
  return -1;
}

/**
 * Where the code of an interpolation at `at` (`${` or `$(`) ends: past its closing bracket, the strings
 * inside it skipped whole (`"Basic $(ToBase64("user:pass"))"`, `${f(`a}b`)}`), so that the string
 * around it closes at its own quote. -1 where it does not end on the line, or nests too deep: the
 * string then runs on, masked.
 */
function interpolationEnd(line: string, at: number, interpolation: string, nesting: number): number {
  if (nesting >= MAX_NESTED_STRINGS) return -1;
  const [open, close] = interpolation === '${' ? ['{', '}'] : ['(', ')'];
  const stringAt = interpolation === '${' ? jsStringAt : psStringAt;
  let depth = 0;
  for (let i = at + interpolation.length; i < line.length; i++) {
    const char = line[i];
    const inner = stringAt(char);
    if (inner) {
      i = closerOf(line, i + 1, inner, nesting + 1);
      if (i < 0) return -1;
    } else if (char === open) depth++;
    else if (char === close && depth-- === 0) return i + 1;
  }
  return -1;
}

const MAX_NESTED_STRINGS = 16;
/** How much of the line before a literal tells what it is given to: enough for a call's head, linear on a minified line. */
const MAX_PLACE = 200;
const jsStringAt = (char: string): Literal | undefined => (char === "'" ? JS.single : char === '"' ? JS.double : char === '`' ? JS.template : undefined);
const psStringAt = (char: string): Literal | undefined => (SINGLE_QUOTES.includes(char) ? PS.single : DOUBLE_QUOTES.includes(char) ? PS.double : undefined);

function closerLength(literal: Literal): number {
  return literal.here ? 2 : (literal.terminator?.length ?? 1);
}

/** A JS quote runs on to the next line only after a backslash that escapes the line break. */
function runsOn(literal: Literal, line: string, from: number): boolean {
  if (literal.multiLine) return true;
  if (!literal.escape || literal.regex) return false;
  let escapes = 0;
  while (line.length - escapes - 1 >= from && line[line.length - escapes - 1] === literal.escape) escapes++;
  return escapes % 2 === 1;
}

/**
 * A literal's text as shown: a comment unless it talks about a credential; a string's plain URL or
 * host name; an unclosed string's opening quote only (its text may be the start of a secret).
 */
function shown(literal: Literal, opener: string, content: string, closer: string | undefined, hide: Hide, onCredentialLine: boolean, before: string | undefined): string {
  // A comment's later lines are masked whole: the line that names the credential may be another one. On
  // a line that names a credential, a comment may quote its old value without naming it (`/* was: … */`).
  if (literal.comment) {
    const masked = commentMasked(opener, content, onCredentialLine) ? maskedKeepingSpace(content, hide, { kind: 'comment', before: before ?? '' }) : content;
    return opener + masked + (closer ?? '');
  }
  if (closer === undefined) return opener + (content ? hide(content) : '');
  // A string's last line, where it opened on an earlier one, is hidden with no place: its start is unseen.
  return opener + (isShowable(content) ? content : hide(content, before === undefined ? undefined : { kind: 'string', before })) + closer;
}

function commentMasked(opener: string, content: string, onCredentialLine: boolean): boolean {
  return onCredentialLine || CREDENTIAL_WORD.test(content) || (!opener && content.trim() !== '');
}

function maskedKeepingSpace(content: string, hide: Hide, place: LiteralPlace): string {
  const start = content.length - content.trimStart().length;
  let end = content.length;
  while (end > start && /\s/.test(content[end - 1])) end--;
  return content.slice(0, start) + hide(content.slice(start, end), place) + content.slice(end);
}

/** A masked line, and the literal it leaves open for the next line. */
interface MaskedLine {
  readonly text: string;
  readonly open?: Literal;
}

/**
 * Masks the strings, regular expressions and credential comments of one line, in one pass; again, with
 * every comment masked, where the line's code names a password or secret: a comment there may quote its
 * old value without naming it (`password: "…" /* was: … *\/`).
 */
function maskLiterals(line: string, openerAt: OpenerAt, escape: string | undefined, open?: Literal, hide = hideAll): MaskedLine {
  const masked = maskLiteralsOnce(line, openerAt, escape, open, hide, false);
  return masked.showsComment && SECRET_NAME.test(masked.code) ? maskLiteralsOnce(line, openerAt, escape, open, hide, true) : masked;
}

/** A bare word glued to a PowerShell string (`'Summer'2024x`): not a member (`'a'.Length`), an index or an operator (`'{0}'-f`). */
const GLUED_WORD = /^[\w@#%^~!?:]+/;

/** A password's or secret's name in code. */
const SECRET_NAME = /pass|pwd|\bpw\b|secret|cred/i;

interface MaskedOnce extends MaskedLine {
  /** The line's code: its text outside strings, regular expressions and comments. */
  readonly code: string;
  /** Whether a comment of the line is shown. */
  readonly showsComment: boolean;
}

function maskLiteralsOnce(line: string, openerAt: OpenerAt, escape: string | undefined, open: Literal | undefined, hide: Hide, onCredentialLine: boolean): MaskedOnce {
  let text = '';
  let code = '';
  let showsComment = false;
  let at = 0;
  let literal = open;
  let opener = '';
  let before = '';
  // The line's text before the literal, where it opened on this line: what the literal is given to.
  let lineBefore: string | undefined;
  const heads: boolean[] = [];
  for (;;) {
    if (literal) {
      const close = closerOf(line, at, literal);
      const content = line.slice(at, close < 0 ? undefined : close);
      const closer = close < 0 ? undefined : line.slice(close, close + closerLength(literal));
      showsComment ||= !!literal.comment && content.trim() !== '' && !commentMasked(opener, content, onCredentialLine);
      text += isModuleSpecifier(literal, code, content) ? opener + content + (closer ?? '') : shown(literal, opener, content, closer, hide, onCredentialLine, lineBefore);
      if (close < 0) return { text, code, showsComment, open: runsOn(literal, line, at) ? literal : undefined };
      let end = close + closerLength(literal);
      const glued = openerAt === psOpenerAt && !literal.comment && !literal.here ? GLUED_WORD.exec(line.slice(end))?.[0] : undefined;
      if (glued) {
        // PowerShell passes `'Summer'2024x` as one argument: the word glued to the string is part of it.
        text += hide(glued);
        end += glued.length;
      }
      if (!literal.comment) before = ')';
      literal = undefined;
      at = end;
    }
    const start = at;
    let found: Opener | undefined;
    for (; at < line.length && !(found = openerAt(line, at, before)); at++) {
      if (line[at] === escape) at++;
      else if (!/\s/.test(line[at])) before = judgedAs(line, at, heads);
    }
    code += line.slice(start, Math.min(at, line.length));
    text += line.slice(start, Math.min(at, line.length));
    if (!found) return { text, code, showsComment };
    [literal] = found;
    opener = line.slice(at, at + found[1]);
    lineBefore = line.slice(Math.max(0, at - MAX_PLACE), at);
    at += found[1];
  }
}

/**
 * A module's name or path where JS imports it (`from '@azure/msal-node'`, `require('./auth')`, `import('node:fs')`):
 * no secret, and what a reviewer of a fix's diff checks its imports by.
 */
function isModuleSpecifier(literal: Literal, code: string, content: string): boolean {
  return !literal.comment && !literal.regex && !literal.multiLine && SPECIFIER_PLACE.test(code) && MODULE_NAME.test(content);
}

// Not a method of that name (`config.require("…")`, `vault.import("…")`), whose argument may be anything.
const SPECIFIER_PLACE = /(?<![.\w$])(?:(?:from|import)\s*|(?:require|import)\s*\(\s*)$/;
const MODULE_NAME = /^(?:node:)?(?:@[\w.-]+\/)?[\w.-]+(?:\/[\w.@-]+)*$|^\.{1,2}(?:\/[\w.@-]+)+$/;

/**
 * The code character a `/` after it is judged by: a `)` that closes a control statement's head
 * (`if (ok) /'/.test(s)`) counts as `(`, after which a regular expression may start. `heads`: for each
 * open `(`, whether it opened such a head.
 */
function judgedAs(line: string, at: number, heads: boolean[]): string {
  const char = line[at];
  if (char === '(') heads.push(CONTROL_HEAD.test(line.slice(Math.max(0, at - 8), at)));
  else if (char === ')' && heads.pop()) return '(';
  return char;
}

function lexiconOf(language: LanguageId): readonly [OpenerAt, string | undefined] {
  return language === 'powershell' ? [psOpenerAt, '`'] : [jsOpenerAt, undefined];
}

/**
 * A string literal's content that is safe to show: a plain https URL, or a lower-case host name with
 * a known suffix. `Summer.2024` and `Contoso-Pass.2023` are passwords, not hosts.
 */
function isShowable(content: string): boolean {
  if (content.length === 0) return true;
  if (/[@\s]/.test(content) || /(pass|pwd|secret|token)=/i.test(content)) return false;
  return /^https?:\/\/[\w.-]+(?::\d+)?(\/(?:\$env:|[\w./%{}$-])*)?$/i.test(content) || (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(content) && HOST_SUFFIX.test(content));
}

/**
 * A value after `password:` that is code, not a secret written out: `await …`, an environment
 * variable (`process.env.X`, `$env:X`), a PowerShell variable, an interpolation, a type
 * (`secret: string`).
 */
const CODE_VALUE = /^(?:await|new|this(?:\.\w+)*|process\.env(?:\.\w+)?|\$env:\w+|\$\w+|\$\{[^}]*\}?|string|number|boolean|unknown)$/;
/** A value `MADE_BY_CMDLET`, only after `$name =`: a bare word elsewhere (`/pass:New-Start`) may be the password itself. */
function madeByCmdlet(line: string, at: number, separator: string, value: string): boolean {
  return line[at - 1] === '$' && separator.trim() === '=' && MADE_BY_CMDLET.test(value);
}

/** How `maskPatterns` reads values: a snippet by their shape; a diff also takes `$x.Member` for code. */
interface PatternReading {
  readonly membersAreCode: boolean;
}
const BY_SHAPE: PatternReading = { membersAreCode: false };
const BY_MEANING: PatternReading = { membersAreCode: true };
/** A PowerShell variable's member (`$TenantResponse.access_token`, `$script:cfg.Secret`): code, not a secret written out. */
const MEMBER_READ = /^\$(?:\w+:)?\w+(?:\.\w+)+$/;

/**
 * The masks that do not depend on quoting. Every pattern here takes linear time on any line.
 * `written`: whether a match is a fix's own text (not in the file it fixes), left as it is.
 */
function maskPatterns(text: string, hide = hideAll, written: (match: string) => boolean = () => false, reading: PatternReading = BY_SHAPE): string {
  const unless = (whole: string, masked: () => string): string => (written(whole) ? whole : masked());
  const isCode = (value: string, at: number, line: string, separator: string): boolean =>
    CODE_VALUE.test(value) || madeByCmdlet(line, at, separator, value) || (reading.membersAreCode && MEMBER_READ.test(value));
  const masked = text
    .replace(SECRET_ASSIGNMENT, (whole, key: string, separator: string, value: string, at: number, line: string) =>
      unless(whole, () => key + separator + (isCode(value, at, line, separator) ? value : hide(value))),
    )
    .replace(SECURE_STRING_ARGUMENTS, (whole, command: string, rest: string) => {
      // A diff shows the comment after the command (`| ConvertTo-SecureString # Import the password`) as its comments are shown.
      const comment = reading.membersAreCode ? rest.search(/(?:^|\s)#/) : -1;
      const [args, after] = comment < 0 ? [rest, ''] : [rest.slice(0, comment), rest.slice(comment)];
      return unless(whole, () => command + args.replace(BARE_ARGUMENT, (_bare, space: string, value: string) => space + hide(value)) + after);
    })
    .replace(PASSWORD_OPTION, (whole, option: string, value: string) => unless(whole, () => option + hide(value)))
    .replace(JWT_RUN, (run) => (JWT.test(run) && !written(run) ? hide(run) : run))
    .replace(BASE64_RUN, (run) => (/\d/.test(run) && !written(run) ? hide(run) : run));
  if (PAC_AUTH.test(masked)) return masked.replace(COLON_PASSWORD, (whole, option: string, value: string) => unless(whole, () => option + hide(value)));
  return AZ_LOGIN.test(masked) ? masked.replace(ATTACHED_PASSWORD, (whole, option: string, value: string) => unless(whole, () => option + hide(value))) : masked;
}

/**
 * Masks whatever in a line of code could be a secret: string and regular expression contents (but
 * plain URLs and host names), the rest of a line after an unclosed quote, comments that talk about a
 * credential, `password=...`-style assignments, plain-text secure strings, command-line password
 * options and token-shaped runs. Quoting follows the language: JS escapes with a backslash,
 * PowerShell with a backtick and takes typographic quotes for quotes.
 */
export function redact(text: string, language: LanguageId): string {
  return maskedLine(text, language, hideAll);
}

/** One line masked as `redact` says, each masked text shown as `hide` makes it. */
function maskedLine(text: string, language: LanguageId, hide: Hide): string {
  const [openerAt, escape] = lexiconOf(language);
  return maskPatterns(maskLiterals(text, openerAt, escape, undefined, hide).text, hide);
}

/**
 * Masks the lines of a text as `redact` does, following strings and comments from line to line: every
 * line inside a multi-line string (a template literal, a PowerShell here-string, whose body may be a
 * password: `ConvertTo-SecureString -String @'` … `'@`) is masked too.
 */
export function redactLines(lines: readonly string[], language: LanguageId): string[] {
  return redactLinesWith(lines, language, hideAll);
}

function redactLinesWith(lines: readonly string[], language: LanguageId, hide: Hide, patterns: PatternReading = BY_SHAPE): string[] {
  const [openerAt, escape] = lexiconOf(language);
  let open: Literal | undefined;
  return lines.map((line) => {
    const masked = maskLiterals(line, openerAt, escape, open, hide);
    open = masked.open;
    return maskPatterns(masked.text, hide, undefined, patterns);
  });
}

/**
 * A fixed text's lines masked as a diff's are (see `redactDiffSides`), except what the fix wrote on the lines `shown`
 * (those a diff adds): a string or comment there is shown unless it holds what the original's masks
 * hide (a comment kept on a rewritten line, the rest of a string the fix rewrote), whole or by a word
 * that could be a secret; a `password=…`-style value there is shown only if the original does not hold
 * it. A fix never writes a secret: what it keeps or copies of the file is masked as in the file.
 */
export function redactFixedLines(lines: readonly string[], language: LanguageId, original: string, shown: ReadonlySet<number>): string[] {
  return redactDiffSides(original.split('\n').map((line) => line.replace(/\r$/, '')), lines, language, shown).after;
}

/**
 * Both sides of a diff masked: the original's lines by what is a secret in it (secrets-by-meaning.ts; values
 * by their shape and strings over lines as `redactLines` masks them), the fixed text's as `redactFixedLines`
 * says, from what the original's masks hid: the original is masked once. `knownSecrets`, the strings the
 * analysis found to be secrets (see found-secrets.ts), are hidden wherever they appear.
 */
export function redactDiffSides(
  original: readonly string[],
  fixed: readonly string[],
  language: LanguageId,
  shown: ReadonlySet<number>,
  knownSecrets: readonly string[] = [],
): { before: string[]; after: string[] } {
  const originalText = original.join('\n');
  const secrets = fileSecrets(original, originalText, language, knownSecrets);
  const hidden = new Set<string>();
  const hideSecrets = hideByMeaning(secrets);
  const before = redactLinesWith(
    original,
    language,
    (text, place) => {
      const masked = hideSecrets(text, place);
      if (masked !== text && text.trim()) hidden.add(text.trim());
      return masked;
    },
    BY_MEANING,
  );
  const copied = copiedFrom(hidden);
  const hideCopied: Hide = (text) => (copied(text) ? MASK : text);
  const written = (match: string): boolean => !originalText.includes(match);
  const [openerAt, escape] = lexiconOf(language);
  let open: Literal | undefined;
  const after = fixed.map((line, index) => {
    const own = shown.has(index);
    const masked = maskLiterals(line, openerAt, escape, open, own ? hideCopied : hideSecrets);
    open = masked.open;
    return own ? maskPatterns(masked.text, hideAll, written) : maskPatterns(masked.text, hideAll, undefined, BY_MEANING);
  });
  const hideKnown = withKnownSecretsHidden(knownSecrets);
  return { before: before.map(hideKnown), after: after.map(hideKnown) };
}

/** A line with each secret the analysis found hidden wherever it is left (in a comment, a bare word). */
function withKnownSecretsHidden(knownSecrets: readonly string[]): (line: string) => string {
  const secrets = knownSecrets.filter((secret) => secret.trim().length >= MIN_KNOWN_SECRET);
  return (line) => secrets.reduce((masked, secret) => masked.split(secret).join(MASK), line);
}

/** Shorter found secrets are hidden where a whole string is one, not inside other text (`'abc'` in `abcdef`). */
const MIN_KNOWN_SECRET = 3;

/**
 * How a diff hides: a string or comment by what it is (see secrets-by-meaning.ts); what has no place (a
 * string over lines, a value by its shape) as a snippet does.
 */
function hideByMeaning(secrets: FileSecrets): Hide {
  return (text, place) => {
    if (!place) return MASK;
    if (place.kind === 'comment') return commentWithSecretsMasked(text, secrets, MASK);
    return isSecretString(text, place.before, secrets) ? MASK : text;
  };
}

/** The original's secrets: the variables it gives to a secret's place, and the strings in such places. */
function fileSecrets(original: readonly string[], originalText: string, language: LanguageId, knownSecrets: readonly string[]): FileSecrets {
  const { variables, values: given } = secretsOfFile(originalText);
  const values = new Set([...given, ...knownSecrets]);
  const byPlace = { variables, values: new Set<string>() };
  redactLinesWith(original, language, (text, place) => {
    if (place?.kind === 'string' && isSecretString(text, place.before, byPlace)) values.add(text);
    return MASK;
  });
  return { variables, values };
}

/**
 * Whether a text holds what the masks hid in the original (`hidden`): one of its hidden texts as the whole text, or
 * inside it where it could be a secret (`'Prod-P@ssw0rd'`; not `done` in a sentence, nor a short one:
 * `'Text'` is no copy of `-AsPlainText`'s), or a word of one that could be a secret. What the original
 * shows (its code, its URLs) is no secret of it.
 */
function copiedFrom(hidden: ReadonlySet<string>): (text: string) => boolean {
  // A variable a string interpolates (`"Connecting to $SiteURL"`) is code the fix may use too, not a secret.
  const words = new Set([...hidden].flatMap((text) => (text.match(WORD) ?? []).filter((word) => couldBeSecret(word) && !VARIABLE.test(word))));
  return (text) => {
    const trimmed = text.trim();
    if (hidden.has(trimmed) || (text.match(WORD) ?? []).some((word) => words.has(word))) return true;
    for (const secret of hidden) if (secret.length >= MIN_COPIED && couldBeSecret(secret) && trimmed.includes(secret)) return true;
    return false;
  };
}

const VARIABLE = /^\$(?:\{[^}]*\}|[A-Za-z_][\w:]*)$/;

/** The shortest hidden text looked for inside a longer one: shorter ones (`,`, `Text`) are everywhere in code. */
const MIN_COPIED = 4;

/** What counts as one word of a text for `redactFixedLines`: a run between separators of code, forms and paths. */
const WORD = /[^\s'"`,;(){}[\]<>&=:?|+/\\]{4,}/g;


/**
 * Whether a fix's text keeps what the masks take for a secret by its shape (`password=…`, a token, a
 * secure string's literal) from `original`, the file it fixes.
 */
export function keepsSecretOf(original: string, text: string): boolean {
  if (maskPatterns(text, hideAll, (match) => !original.includes(match) || NO_SECRET_KEPT.test(match)) !== text) return true;
  return passwordLiteralsOf(original).some((literal) => text.includes(literal));
}

/**
 * A password written in quotes: a secure string's plain text, or the value of a key, variable or
 * parameter whose name ends in a password word (`password: "…"`, `$adminPassword = '…'`, `smtpPass: "…"`,
 * `-Password '…'`). A fix keeping one inside another string (`-Subscription 'Prod-<password>'`) keeps it
 * too. Only the name's end is read, so a long word holding `pass` many times stays linear.
 */
const PASSWORD_LITERAL = /(?:ConvertTo-SecureString\s+(?:-String\s+)?|(?:pass(?:word)?|pwd|secret)['"]?\s*[=:]\s*|-(?:Password|Secret)\s+)(['"])([^'"\r\n]{6,})\1/gi;

let literalsOf: { original: string; literals: string[] } | undefined;

/** The file's password literals (see `PASSWORD_LITERAL`): asked once per fix, worked out once per file. */
function passwordLiteralsOf(original: string): string[] {
  if (literalsOf?.original !== original) {
    literalsOf = { original, literals: [...original.matchAll(PASSWORD_LITERAL)].map((match) => match[2]) };
  }
  return literalsOf.literals;
}

/**
 * What fixes copy from a file that the masks take for secrets by their shape, but is none: an app's
 * or a tenant's id (a GUID), a command's result assigned to a `$token` (`$token = New-PartnerAccessToken`).
 */
const NO_SECRET_KEPT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|.*[=:]\s*(?:Get|New|Connect|Invoke|ConvertTo|ConvertFrom|Import|Read|Request)-\w+)$/i;

/**
 * The finding's line, masked and trimmed. A line longer than `MAX_SNIPPET` is cut to the part around
 * `column`, where the finding starts: on a minified line it may be thousands of characters in.
 */
export function snippetOf(lineText: string, language: LanguageId, column = 0): string {
  return cutAround(maskedSnippetLine(lineText, language), column);
}

/**
 * The snippets of one text's findings: each line is masked once, however many findings it has (a
 * minified line may have thousands, and masking it for each took quadratic time).
 */
export class SnippetLines {
  private readonly masked = new Map<number, MaskedSnippetLine>();

  constructor(private readonly language: LanguageId) {}

  snippetAt(line: number, lineText: string, column: number): string {
    let masked = this.masked.get(line);
    if (!masked) {
      masked = maskedSnippetLine(lineText, this.language);
      this.masked.set(line, masked);
    }
    return cutAround(masked, column);
  }
}

function cutAround(line: MaskedSnippetLine, column: number): string {
  const { text } = line;
  if (text.length <= MAX_SNIPPET) return text;
  // The line's start as long as the finding shows with some of what follows it.
  const start = line.positionOf(column) - SNIPPET_LEAD;
  if (start + 2 * SNIPPET_LEAD < MAX_SNIPPET) return `${text.slice(0, wholeCharacterBefore(text, MAX_SNIPPET - 1))}…`;
  if (start >= text.length - (MAX_SNIPPET - 1)) return `…${text.slice(wholeCharacterAfter(text, text.length - (MAX_SNIPPET - 1)))}`;
  const from = wholeCharacterAfter(text, start);
  return `…${text.slice(from, wholeCharacterBefore(text, from + MAX_SNIPPET - 2))}…`;
}

/** How much of the line before the finding a cut snippet shows; the finding shows with at least as much after its start. */
const SNIPPET_LEAD = 40;

// A cut between the two halves of a surrogate pair (an emoji) would leave half a character.
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const wholeCharacterAfter = (text: string, at: number): number => (isLowSurrogate(text.charCodeAt(at)) ? at + 1 : at);
const wholeCharacterBefore = (text: string, end: number): number => (isLowSurrogate(text.charCodeAt(end)) ? end - 1 : end);

/** A trimmed line masked as `redact` does, and where a column of the line went in it. */
interface MaskedSnippetLine {
  readonly text: string;
  positionOf(column: number): number;
}

/**
 * Masked with one mark per hidden character first, so that columns still line up; each run of marks
 * then becomes `MASK`, and the runs are kept to map columns past them. The mark is a private-use
 * character the line does not hold (an icon font's glyph in the code would be taken for a mask).
 */
function maskedSnippetLine(lineText: string, language: LanguageId): MaskedSnippetLine {
  const indent = lineText.length - lineText.trimStart().length;
  const trimmed = lineText.trim();
  const mark = markAbsentFrom(trimmed);
  if (!mark) return { text: redact(trimmed, language), positionOf: () => 0 };
  const kept = maskedLine(trimmed, language, (hidden) => mark.repeat(hidden.length));
  const runStarts: number[] = [];
  const runEnds: number[] = [];
  // How much shorter the text is up to each run's end.
  const shrunkBy: number[] = [];
  const text = kept.replace(new RegExp(`${mark}+`, 'g'), (run: string, offset: number) => {
    runStarts.push(offset);
    runEnds.push(offset + run.length);
    shrunkBy.push((shrunkBy[shrunkBy.length - 1] ?? 0) + run.length - MASK.length);
    return MASK;
  });
  const positionOf = (column: number): number => {
    // The first run that ends past the column: the column is in it, or before it.
    let low = 0;
    let high = runEnds.length;
    const at = Math.max(column - indent, 0);
    while (low < high) {
      const middle = (low + high) >> 1;
      if (runEnds[middle] <= at) low = middle + 1;
      else high = middle;
    }
    const inRun = low < runStarts.length && runStarts[low] <= at;
    return Math.min((inRun ? runStarts[low] : at) - (low > 0 ? shrunkBy[low - 1] : 0), text.length);
  };
  return { text, positionOf };
}

/** A character of the Private Use Area that `text` does not hold; undefined if it holds them all. */
function markAbsentFrom(text: string): string | undefined {
  for (let code = 0xe000; code <= 0xf8ff; code++) {
    const mark = String.fromCharCode(code);
    if (!text.includes(mark)) return mark;
  }
  return undefined;
}
