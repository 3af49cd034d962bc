import { readFileSync } from 'node:fs';
import { RULES } from '../engine/catalog';
import { SECRET_SOURCES, type SecretSource } from '../engine/fix-settings';
import type { RuleSettings, RuleSetting } from '../engine/rule-settings';
import { FAIL_ON, type FailOn } from './fail-on';
import { ConfigError } from './usage-error';

/** What a project's `.mfa-ready.json` may set; command-line flags win over it. */
export interface ProjectConfig {
  include?: string[];
  exclude?: string[];
  gitignore?: boolean;
  secretSource?: SecretSource;
  failOn?: FailOn;
  rules?: RuleSettings;
  cache?: boolean;
}

export const CONFIG_FILE = '.mfa-ready.json';

const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

type KeyReader = (value: unknown, key: string) => unknown;

const KEYS: Record<keyof ProjectConfig, KeyReader> = {
  include: globList,
  exclude: globList,
  gitignore: boolean,
  cache: boolean,
  secretSource: (value, key) => oneOf(value, key, SECRET_SOURCES),
  failOn: (value, key) => oneOf(value, key, FAIL_ON),
  rules: ruleSettings,
};

/**
 * Reads and checks a config file. Every problem is a ConfigError that names the file and the key, so
 * that nothing runs on a configuration the user did not mean.
 */
export function readProjectConfig(path: string): ProjectConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`${path}: not a readable JSON file (${reason})`);
  }
  if (!isObject(parsed)) throw new ConfigError(`${path}: must hold a JSON object`);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    // Own keys only: `constructor` or `valueOf` would find Object's own members.
    const read = Object.hasOwn(KEYS, key) ? KEYS[key as keyof ProjectConfig] : undefined;
    if (!read) throw new ConfigError(`${path}: unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
    try {
      config[key] = read(value, key);
    } catch (error) {
      if (error instanceof ConfigValueError) throw new ConfigError(`${path}: ${error.message}`);
      throw error;
    }
  }
  return config as ProjectConfig;
}

class ConfigValueError extends Error {}

function fail(key: string, problem: string): never {
  throw new ConfigValueError(`"${key}" ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boolean(value: unknown, key: string): boolean {
  return typeof value === 'boolean' ? value : fail(key, 'must be true or false');
}

function globList(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) fail(key, 'must be a list of glob strings');
  return value as string[];
}

function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(key, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

function ruleSettings(value: unknown, key: string): RuleSettings {
  if (!isObject(value)) fail(key, 'must map rule ids to off, error, warning or info');
  const settings: RuleSettings = {};
  for (const [ruleId, setting] of Object.entries(value)) {
    if (!RULES.some((rule) => rule.id === ruleId)) fail(`${key}.${ruleId}`, `is not a rule (known: ${RULES.map((rule) => rule.id).join(', ')})`);
    settings[ruleId] = oneOf(setting, `${key}.${ruleId}`, RULE_SETTINGS);
  }
  return settings;
}
