const MAX_SNIPPET = 160;
const QUOTED = /(["'`])((?:\\.|(?!\1)[^\\\r\n])*)\1/g;
const SECRET_ASSIGNMENT = /\b(pass(?:word)?|pwd|secret|client_secret|refresh_token|access_token|token|apikey|api_key)(\s*[=:]\s*)([^\s&;,'"`)]+)/gi;
const TOKEN_LIKE = /\b(?:eyJ[\w-]{8,}\.[\w-]{8,}(?:\.[\w-]*)?|[A-Za-z0-9+/_-]{32,}={0,2})/g;
const MASK = '***';

/** A string literal's content that is safe to show: a plain https URL or a host/scope without credentials. */
function isShowable(content: string): boolean {
  if (content.length === 0) return true;
  if (/[@\s]/.test(content) || /(pass|pwd|secret|token)=/i.test(content)) return false;
  return /^https?:\/\/[\w.-]+(?::\d+)?(\/[\w./%{}$-]*)?$/i.test(content) || /^[\w-]+(\.[\w-]+)+$/.test(content);
}

/**
 * Masks whatever in a line of code could be a secret: string contents (but plain URLs and host names),
 * `password=...`-style assignments and long token-shaped runs.
 */
export function redact(text: string): string {
  return text
    .replace(QUOTED, (whole, quote: string, content: string) =>
      isShowable(content) ? whole : `${quote}${MASK}${quote}`,
    )
    .replace(SECRET_ASSIGNMENT, (_whole, key: string, separator: string) => `${key}${separator}${MASK}`)
    .replace(TOKEN_LIKE, MASK);
}

export function snippetOf(lineText: string): string {
  const trimmed = redact(lineText.trim());
  return trimmed.length > MAX_SNIPPET ? `${trimmed.slice(0, MAX_SNIPPET - 1)}…` : trimmed;
}
