import type { RuleSettings } from './rule-settings';

/**
 * Where the code that a fix writes gets its secrets: never from a literal in the code. `secretmanagement`
 * is PowerShell's SecretManagement module (Get-Secret / Set-Secret); TypeScript fixes read the
 * environment for it.
 */
export type SecretSource = 'environment' | 'keyvault' | 'secretmanagement';

export const SECRET_SOURCES: readonly SecretSource[] = ['environment', 'keyvault', 'secretmanagement'];

export interface FixSettings {
  secretSource: SecretSource;
  /** Rules a project turned off or gave another severity (`.mfa-ready.json`): they apply to fixes too. */
  rules?: RuleSettings;
  /**
   * Names (`PWORD`, as in `MFA_READY_PWORD`) that other files of a `fix` run read for secrets of their
   * own: a script's own secret is named apart from them, so that one setting never feeds two secrets.
   */
  reservedSecretNames?: readonly string[];
  /**
   * How a `fix` run names a script's own secret (see `fixesWithSecretsApart`): given the literal's value
   * and the name the rule proposes (`PWORD`, numbered apart from the file's other names), the name to
   * read it from. The value is compared in memory only; this never leaves the process.
   */
  ownSecretName?: (secret: OwnSecret) => string;
  /**
   * The folder of the project the file is in (its git repository's, else the folder scanned or the
   * workspace folder): the folders above it (a checkout under `~/tests/`) say nothing of its code.
   */
  projectFolder?: string;
}

/** A script's own secret a fix moves out of the code: its literal's value, and the name the rule proposes for it. */
export interface OwnSecret {
  readonly value: string;
  readonly proposed: string;
  /** The names the file holds already or gave its other secrets. */
  readonly taken: ReadonlySet<string>;
}

export const DEFAULT_FIX_SETTINGS: FixSettings = { secretSource: 'environment' };

/**
 * The secrets a Secure Application Model or app-only fix may read. In the environment each is
 * `MFA_READY_<NAME>`; in Azure Key Vault and SecretManagement, `mfa-ready-<name>` (Key Vault names
 * allow no `_`). ORGANIZATION is the tenant's `.onmicrosoft.com` domain, which Exchange Online's
 * `-Organization` takes; CERT_PATH the path of a PEM file holding the app's certificate and private
 * key, which `az login --service-principal --certificate` takes.
 */
export type SecretName = 'APP_ID' | 'APP_SECRET' | 'TENANT_ID' | 'REFRESH_TOKEN' | 'CERT_THUMBPRINT' | 'CERT_PRIVATE_KEY' | 'CERT_PATH' | 'ORGANIZATION';

/**
 * The names every fix of a project shares: the app registration's secrets (`SecretName`) and where the
 * vault is. A script's own secret never takes one of them.
 */
export const SHARED_SECRET_NAMES: ReadonlySet<string> = new Set([
  ...(['APP_ID', 'APP_SECRET', 'TENANT_ID', 'REFRESH_TOKEN', 'CERT_THUMBPRINT', 'CERT_PRIVATE_KEY', 'CERT_PATH', 'ORGANIZATION'] satisfies SecretName[]),
  'KEY_VAULT_NAME',
  'KEY_VAULT_URL',
]);

/**
 * A secret's name in a vault: `mfa-ready-refresh-token`; also for a script's own secret a fix moves
 * out of the code (`SVC_PASSWORD` → `mfa-ready-svc-password`).
 */
export function vaultSecretName(name: string): string {
  return `mfa-ready-${name.toLowerCase().replace(/_/g, '-')}`;
}

