/**
 * A "password" that only stands in for one, as samples and templates write it: `xxxx`, `****`,
 * `<password>`, `YOUR_PASSWORD`, `EnterPasswordHere`, `changeme`, `KEY`. No secret is exposed there;
 * a real password, however weak (`P@ssw0rd`, `Password1`), is not a placeholder.
 */
export function isPlaceholderSecret(value: string): boolean {
  const text = value.trim();
  if (/^(?:|(.)\1*|[x*.#?_-]+)$/i.test(text)) return true;
  if (/^(?:<[^<>]+>|\{\{?[^{}]+\}\}?|\[[^[\]]+\]|%[^%]+%|\$\{[A-Za-z_]\w*\})$/.test(text)) return true;
  const words = text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[\s.-]+/g, '_');
  return PLACEHOLDER_WORDS.has(words) || PLACEHOLDER_SHAPES.test(words);
}

const PLACEHOLDER_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'key', 'none', 'null', 'undefined', 'nope', 'tbd', 'todo', 'fixme', 'n/a']);

const PLACEHOLDER_SHAPES = /^(?:your|enter|insert|replace|put|type|fill)_|^your(?:password|pass|pwd|secret|key)|_here$|^(?:change_?me|redacted|dummy|placeholder|example|sample)(?:_|$)/;
