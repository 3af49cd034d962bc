const MAX_SNIPPET = 160;
// Backslash escapes (JS) and backtick escapes (PowerShell) both keep a string open.
const QUOTED = /(["'`])((?:[\\`].|(?!\1)[^\\`\r\n])*)\1/g;
/** A quote that opens a string the line does not close (a multi-line literal). */
const OPENING_QUOTE = /["'`]/;
const SECRET_ASSIGNMENT = /\b(pass(?:word)?|pwd|secret|client_secret|refresh_token|access_token|token|apikey|api_key)(\s*[=:]\s*)([^\s&;,'"`)]+)/gi;
/** PowerShell's plain-text secure string: its arguments up to the end of the command. */
const SECURE_STRING_ARGUMENTS = /(ConvertTo-SecureString\b)([^|;)\r\n]*)/gi;
/** A bare word that is not a parameter name, a variable, a sub-expression or a quoted string. */
const BARE_ARGUMENT = /(\s)(?![-$(@'"`])([^\s|;)]+)/g;
// Token-shaped: a JWT, or a long run of base64/hex characters with at least one digit (identifiers such
// as acquireTokenByUsernamePassword have none).
/** A command line's password option with a bare value (`az login -p Hunter2`, `--password Hunter2`). */
const PASSWORD_OPTION = /(\s(?:--pass(?:word)?|--client-secret|-p)(?:\s+|=))(?![$(@'"`])(\S+)/gi;
/** Azure CLI's short options take their value attached too (`az login -pHunter2`). */
const AZ_LOGIN = /\baz(?:\.cmd|\.exe)?\s+login\b/i;
const ATTACHED_PASSWORD = /(\s-p)(?![\s=])(\S+)/g;
/** A comment that talks about a credential may quote it (`# old password was ...`). */
const CREDENTIAL_COMMENT = /((?:^|\s)(?:#|\/\/)\s*)(.*(?:pass|pwd|\bpw\b|secret|token|cred|key).*)$/i;
const TOKEN_LIKE = /\b(?:eyJ[\w-]{8,}\.[\w-]{8,}(?:\.[\w-]*)?|(?=[A-Za-z+/_-]*\d)[A-Za-z0-9+/_-]{32,}={0,2})/g;
const HOST_SUFFIX = /\.(com|net|org|us|cn|de|io|gov|mil|edu|cloud|microsoft|azure)$/;
const MASK = '***';

/**
 * A string literal's content that is safe to show: a plain https URL, or a lower-case host name with
 * a known suffix. `Summer.2024` and `Contoso-Pass.2023` are passwords, not hosts.
 */
function isShowable(content: string): boolean {
  if (content.length === 0) return true;
  if (/[@\s]/.test(content) || /(pass|pwd|secret|token)=/i.test(content)) return false;
  return /^https?:\/\/[\w.-]+(?::\d+)?(\/[\w./%{}$-]*)?$/i.test(content) || (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(content) && HOST_SUFFIX.test(content));
}

/**
 * Masks whatever in a line of code could be a secret: string contents (but plain URLs and host names),
 * the rest of a line after an unclosed quote, `password=...`-style assignments, plain-text secure
 * strings, command-line password options and token-shaped runs.
 */
export function redact(text: string): string {
  const masked = maskStrings(text)
    .replace(SECRET_ASSIGNMENT, (_whole, key: string, separator: string) => `${key}${separator}${MASK}`)
    .replace(SECURE_STRING_ARGUMENTS, (_whole, command: string, rest: string) => command + rest.replace(BARE_ARGUMENT, `$1${MASK}`))
    .replace(PASSWORD_OPTION, (_whole, option: string) => `${option}${MASK}`)
    .replace(CREDENTIAL_COMMENT, (_whole, opener: string) => `${opener}${MASK}`)
    .replace(TOKEN_LIKE, MASK);
  return AZ_LOGIN.test(masked) ? masked.replace(ATTACHED_PASSWORD, `$1${MASK}`) : masked;
}

/**
 * Masks the lines of a text as `redact` does, and every line inside a PowerShell here-string (its
 * body may be a password: `ConvertTo-SecureString -String @'` … `'@`).
 */
export function redactLines(lines: readonly string[]): string[] {
  let inHereString: string | undefined;
  return lines.map((line) => {
    if (inHereString) {
      if (!line.startsWith(inHereString)) return MASK;
      const terminator = inHereString;
      inHereString = undefined;
      return terminator + redact(line.slice(terminator.length));
    }
    const opening = /@(['"])\s*$/.exec(line);
    if (!opening) return redact(line);
    inHereString = `${opening[1]}@`;
    return redact(line.slice(0, opening.index)) + line.slice(opening.index);
  });
}

function maskStrings(text: string): string {
  let result = '';
  let end = 0;
  for (const match of text.matchAll(QUOTED)) {
    const [whole, quote, content] = match;
    result += text.slice(end, match.index) + (isShowable(content) ? whole : `${quote}${MASK}${quote}`);
    end = match.index + whole.length;
  }
  const rest = text.slice(end);
  const open = OPENING_QUOTE.exec(rest);
  // A backtick that ends the line continues a PowerShell command; it opens nothing.
  const continuation = open?.[0] === '`' && rest.slice(open.index + 1).trim() === '';
  return result + (open && !continuation ? `${rest.slice(0, open.index + 1)}${MASK}` : rest);
}

export function snippetOf(lineText: string): string {
  const trimmed = redact(lineText.trim());
  return trimmed.length > MAX_SNIPPET ? `${trimmed.slice(0, MAX_SNIPPET - 1)}…` : trimmed;
}
