import { nameWords } from '../../engine/text';

/**
 * A tenant or an account name that only stands in for one, as samples and templates write it:
 * `YOUR_TENANT_ID`, `<tenant-id>`, `{tenantId}`, `[username]`, `enter-tenant-here`, `yourtenant.onmicrosoft.com`,
 * an all-x or all-zero GUID, an address at a documentation domain (`user@example.com`). Code that holds one is
 * a sample to fill in: a fix that keeps it signs in nowhere, and is left to a person.
 */
export function isPlaceholderSetting(value: string): boolean {
  const text = value.trim();
  if (/^(?:<.+>|\{\{?.+\}\}?|\[.+\]|%.+%|\$\{.+\})$/s.test(text)) return true;
  if (/^[x0]{8}-[x0]{4}-[x0]{4}-[x0]{4}-[x0]{12}$/i.test(text)) return true;
  if (/(?:^|[@.])example\.(?:com|org|net)$|\.example$/i.test(text)) return true;
  return nameWords(text).some((word) => FILL_IN_WORDS.has(word) || /^your[a-z]/.test(word));
}

const FILL_IN_WORDS = new Set(['your', 'enter', 'insert', 'replace', 'placeholder', 'changeme', 'todo', 'tbd', 'fixme', 'dummy']);
