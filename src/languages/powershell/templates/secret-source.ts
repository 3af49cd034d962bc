import { vaultSecretName, type SecretName, type SecretSource } from '../../../engine/fix-settings';

/** How generated PowerShell reads its secrets and stores a rotated refresh token back. */
export interface PowerShellSecrets {
  /** An expression yielding the secret as a string: a variable, or a command in parentheses. */
  read(name: SecretName): string;
  /** A statement that stores `value` (an expression) back as the secret. */
  store(name: SecretName, value: string): string;
  /** Where the secrets live, for the help text of generated functions (lines of up to 100 characters). */
  where: string[];
  /** What storing the rotated refresh token does, for the comment above it (lines). */
  storeNote: string[];
}

const KEY_VAULT = '$env:MFA_READY_KEY_VAULT_NAME';

const SOURCES: Record<SecretSource, PowerShellSecrets> = {
  environment: {
    read: (name) => `$env:MFA_READY_${name}`,
    store: (name, value) => `$env:MFA_READY_${name} = ${value}`,
    where: ['The app and the refresh token come from the environment: MFA_READY_APP_ID, MFA_READY_APP_SECRET,', 'MFA_READY_TENANT_ID, MFA_READY_REFRESH_TOKEN.'],
    storeNote: [
      'The answer carries a new refresh token. This keeps it for the process only: persist it where',
      'MFA_READY_REFRESH_TOKEN comes from, or the consent lapses after 90 days without use.',
    ],
  },
  keyvault: {
    read: (name) => `(Get-AzKeyVaultSecret -VaultName ${KEY_VAULT} -Name ${vaultSecretName(name)} -AsPlainText)`,
    store: (name, value) =>
      `$null = Set-AzKeyVaultSecret -VaultName ${KEY_VAULT} -Name ${vaultSecretName(name)} -SecretValue (ConvertTo-SecureString -String ${value} -AsPlainText -Force)`,
    where: [
      'The app and the refresh token come from the Azure Key Vault named in MFA_READY_KEY_VAULT_NAME',
      '(mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-tenant-id, mfa-ready-refresh-token), read with',
      'Az.KeyVault under an Azure sign-in of its own (a managed identity, say).',
    ],
    storeNote: ['The answer carries a new refresh token: store it back in the vault, or the consent lapses after', '90 days without use.'],
  },
  secretmanagement: {
    read: (name) => `(Get-Secret -Name ${vaultSecretName(name)} -AsPlainText)`,
    store: (name, value) => `Set-Secret -Name ${vaultSecretName(name)} -Secret ${value}`,
    where: [
      'The app and the refresh token come from the default vault of PowerShell SecretManagement',
      '(mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-tenant-id, mfa-ready-refresh-token).',
    ],
    storeNote: ['The answer carries a new refresh token: store it back in the vault, or the consent lapses after', '90 days without use.'],
  },
};

/** Lines joined for a template, each after the first indented by `indent`, comment lines prefixed `# `. */
export function templateLines(lines: string[], indent: string, comment = false): string {
  return lines.map((line) => (comment ? `# ${line}` : line)).join(`\n${indent}`);
}

export function powerShellSecrets(source: SecretSource): PowerShellSecrets {
  return SOURCES[source] ?? SOURCES.environment;
}
