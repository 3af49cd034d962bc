import { vaultSecretName, type SecretName, type SecretSource } from '../../../engine/fix-settings';

/** How generated PowerShell reads its secrets and stores a rotated refresh token back. */
export interface PowerShellSecrets {
  /** An expression yielding the secret as a string: a variable, or a command in parentheses. */
  read(name: SecretName): string;
  /** The same for a secret of the script's own that a fix moves out of the code (`SVC_PASSWORD`). */
  readScriptSecret(name: string): string;
  /** A statement that stores `value` (an expression) back as the secret. */
  store(name: SecretName, value: string): string;
  /** Where the secret lives, for a comment or a fix's title: `$env:MFA_READY_SVC_PASSWORD`, `the Key Vault secret mfa-ready-…`. */
  describe(name: string): string;
  /** Where a rotated secret goes back to, after "store it back": `where MFA_READY_REFRESH_TOKEN comes from`. */
  storedAt(name: SecretName): string;
  /** Where the secrets live, for the help text of generated functions (lines of up to 100 characters). */
  where: string[];
  /** What storing the rotated refresh token does, for the comment above it (lines). */
  storeNote: string[];
}

const KEY_VAULT = '$env:MFA_READY_KEY_VAULT_NAME';

type SourceSyntax = Omit<PowerShellSecrets, 'read'>;

const SOURCES: Record<SecretSource, SourceSyntax> = {
  environment: {
    readScriptSecret: (name) => `$env:MFA_READY_${name}`,
    store: (name, value) => `$env:MFA_READY_${name} = ${value}`,
    describe: (name) => `$env:MFA_READY_${name}`,
    storedAt: (name) => `where MFA_READY_${name} comes from`,
    where: ['The app and the refresh token come from the environment: MFA_READY_APP_ID, MFA_READY_APP_SECRET,', 'MFA_READY_TENANT_ID, MFA_READY_REFRESH_TOKEN.'],
    storeNote: [
      'The answer carries a new refresh token. This keeps it for the process only: persist it where',
      'MFA_READY_REFRESH_TOKEN comes from, or the consent lapses after 90 days without use.',
    ],
  },
  keyvault: {
    readScriptSecret: (name) => `(Get-AzKeyVaultSecret -VaultName ${KEY_VAULT} -Name ${vaultSecretName(name)} -AsPlainText)`,
    store: (name, value) =>
      `$null = Set-AzKeyVaultSecret -VaultName ${KEY_VAULT} -Name ${vaultSecretName(name)} -SecretValue (ConvertTo-SecureString -String ${value} -AsPlainText -Force)`,
    describe: (name) => `the Key Vault secret ${vaultSecretName(name)}`,
    storedAt: (name) => `in the Key Vault secret ${vaultSecretName(name)}`,
    where: [
      'The app and the refresh token come from the Azure Key Vault named in MFA_READY_KEY_VAULT_NAME',
      '(mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-tenant-id, mfa-ready-refresh-token), read with',
      'Az.KeyVault under an Azure sign-in of its own (a managed identity, say).',
    ],
    storeNote: ['The answer carries a new refresh token: store it back in the vault, or the consent lapses after', '90 days without use.'],
  },
  secretmanagement: {
    readScriptSecret: (name) => `(Get-Secret -Name ${vaultSecretName(name)} -AsPlainText)`,
    store: (name, value) => `Set-Secret -Name ${vaultSecretName(name)} -Secret ${value}`,
    describe: (name) => `the SecretManagement secret ${vaultSecretName(name)}`,
    storedAt: (name) => `in the SecretManagement secret ${vaultSecretName(name)}`,
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
  const syntax = SOURCES[source] ?? SOURCES.environment;
  return { ...syntax, read: (name) => syntax.readScriptSecret(name) };
}
