/**
 * A URL's host (lower-case, without user info or port) and path, as a file shows them (unknown parts as
 * `\u0000`); undefined for text that is no http(s) URL.
 */
export function hostAndPathOfUrl(url: string): { host: string; path: string } | undefined {
  const [, authority, path = ''] = /^\s*https?:\/\/([^/?#\s]*)([^?#\s]*)/i.exec(url) ?? [];
  const host = authority?.replace(/^[^@]*@/, '').replace(/:(?:\d+|\u0000+)$/, '').toLowerCase();
  return host ? { host, path } : undefined;
}
