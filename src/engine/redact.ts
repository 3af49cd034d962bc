const MAX_SNIPPET = 160;
// Backslash escapes (JS) and backtick escapes (PowerShell) both keep a string open.
const QUOTED = /(["'`])((?:[\\`].|(?!\1)[^\\`\r\n])*)\1/g;
/** A quote that opens a string the line does not close (a multi-line literal). */
const OPENING_QUOTE = /["'`]/;
const SECRET_ASSIGNMENT = /\b(pass(?:word)?|pwd|secret|client_secret|refresh_token|access_token|token|apikey|api_key)(\s*[=:]\s*)([^\s&;,'"`)]+)/gi;
/** PowerShell's plain-text secure string: the value may be a bare word. */
const PLAIN_TEXT_SECURE_STRING = /(ConvertTo-SecureString\s+(?:-String\s+)?)(?![$(@'"`])(\S+)/gi;
// Token-shaped: a JWT, or a long run of base64/hex characters with at least one digit (identifiers such
// as acquireTokenByUsernamePassword have none).
/** A command line's password option with a bare value (`az login -p Hunter2`, `--password Hunter2`). */
const PASSWORD_OPTION = /(\s(?:--password|--client-secret|-p)\s+)(?![$(@'"`])(\S+)/gi;
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
  return maskStrings(text)
    .replace(SECRET_ASSIGNMENT, (_whole, key: string, separator: string) => `${key}${separator}${MASK}`)
    .replace(PLAIN_TEXT_SECURE_STRING, (_whole, command: string) => `${command}${MASK}`)
    .replace(PASSWORD_OPTION, (_whole, option: string) => `${option}${MASK}`)
    .replace(TOKEN_LIKE, MASK);
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
  return result + (open ? `${rest.slice(0, open.index + 1)}${MASK}` : rest);
}

export function snippetOf(lineText: string): string {
  const trimmed = redact(lineText.trim());
  return trimmed.length > MAX_SNIPPET ? `${trimmed.slice(0, MAX_SNIPPET - 1)}…` : trimmed;
}
