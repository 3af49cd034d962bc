/**
 * A connection string's `Key=value;…` settings, read from its shape (the string as the file shows it,
 * each part built at run time as `\u0000` in both languages' string shapes).
 */

const UNKNOWN = '\u0000';

/** A connection string's settings by key (lower-case, spaces removed), values as the file shows them. */
export type ConnectionSettings = Map<string, string>;

/** `Key = value; Other Key='value'`: the settings as written, keys the file does not show left out. */
export function connectionSettings(shape: string): ConnectionSettings {
  const settings: ConnectionSettings = new Map();
  for (const segment of shape.split(';')) {
    // A string passed on through Invoke-Expression or a command line may carry its own quotes: `"AuthType=…;Url=…"`.
    const key = settingKey(segment.replace(/^\s*["']+/, ''));
    if (key.includes(UNKNOWN) || key === '') continue;
    settings.set(key, settingValue(segment).trim().replace(/^(['"])(.*)\1$/s, '$2'));
  }
  return settings;
}

/** The value of the first of `keys` (a setting's name and its aliases) the settings have. */
export function connectionSetting(settings: ConnectionSettings, keys: readonly string[]): string | undefined {
  for (const key of keys) if (settings.has(key)) return settings.get(key);
  return undefined;
}

/** A `key=value` setting's key as the libraries read it: lower-case, spaces removed; empty without `=`. */
export function settingKey(segment: string): string {
  return segment.slice(0, Math.max(segment.indexOf('='), 0)).replace(/\s+/g, '').toLowerCase();
}

/** A setting's value as written, after its first `=`. */
export function settingValue(segment: string): string {
  return segment.slice(segment.indexOf('=') + 1);
}
