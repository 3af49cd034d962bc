/** Where the code that a fix writes gets its secrets: never from a literal in the code. */
export type SecretSource = 'environment' | 'keyvault';

export const SECRET_SOURCES: readonly SecretSource[] = ['environment', 'keyvault'];

export interface FixSettings {
  secretSource: SecretSource;
}

export const DEFAULT_FIX_SETTINGS: FixSettings = { secretSource: 'environment' };

/**
 * The secrets a Secure Application Model or app-only fix may read. In the environment each is
 * `MFA_READY_<NAME>`; in Azure Key Vault, `mfa-ready-<name>` (Key Vault names allow no `_`).
 */
export type SecretName = 'APP_ID' | 'APP_SECRET' | 'TENANT_ID' | 'REFRESH_TOKEN' | 'CERT_THUMBPRINT' | 'CERT_PRIVATE_KEY';

