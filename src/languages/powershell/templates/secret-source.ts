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

type SourceSyntax = Omit<PowerShellSecrets, 'read'>;

/** Azure Key Vault, the vault named by `vault` (an expression); `where` says where that name is set. */
function keyVault(vault: string, where: string[]): SourceSyntax {
  return {
    readScriptSecret: (name) => `(Get-AzKeyVaultSecret -VaultName ${vault} -Name ${vaultSecretName(name)} -AsPlainText)`,
    store: (name, value) =>
      `$null = Set-AzKeyVaultSecret -VaultName ${vault} -Name ${vaultSecretName(name)} -SecretValue (ConvertTo-SecureString -String ${value} -AsPlainText -Force)`,
    describe: (name) => `the Key Vault secret ${vaultSecretName(name)}`,
    storedAt: (name) => `in the Key Vault secret ${vaultSecretName(name)}`,
    where,
    storeNote: ['The answer carries a new refresh token: store it back in the vault, or the consent lapses after', '90 days without use.'],
  };
}

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
  keyvault: keyVault('$env:MFA_READY_KEY_VAULT_NAME', [
    'The app and the refresh token come from the Azure Key Vault named in MFA_READY_KEY_VAULT_NAME',
    '(mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-tenant-id, mfa-ready-refresh-token), read with',
    'Az.KeyVault under an Azure sign-in of its own (a managed identity, say).',
  ]),
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

/**
 * In an Azure Automation runbook: a runbook is given no environment variables, and what a job sets in
 * `$env:` is gone when it ends. The sandbox's own cmdlets read and write the Automation account's
 * variables (encrypted ones too), in the environment's place and for the Key Vault's name.
 */
const RUNBOOK_SOURCES: Partial<Record<SecretSource, SourceSyntax>> = {
  environment: {
    readScriptSecret: (name) => `(Get-AutomationVariable -Name 'MFA_READY_${name}')`,
    store: (name, value) => `Set-AutomationVariable -Name 'MFA_READY_${name}' -Value ${value}`,
    describe: (name) => `the Automation variable MFA_READY_${name}`,
    storedAt: (name) => `in the Automation variable MFA_READY_${name}`,
    where: [
      "The app and the refresh token come from the Automation account's variables, as a runbook is given",
      'no environment variables: create MFA_READY_APP_ID, MFA_READY_APP_SECRET, MFA_READY_TENANT_ID and',
      'MFA_READY_REFRESH_TOKEN there as encrypted variables.',
    ],
    storeNote: [
      'The answer carries a new refresh token: store it back in its Automation variable (a job forgets',
      'what it keeps itself), or the consent lapses after 90 days without use.',
    ],
  },
  keyvault: keyVault("(Get-AutomationVariable -Name 'MFA_READY_KEY_VAULT_NAME')", [
    'The app and the refresh token come from the Azure Key Vault named in the Automation variable',
    'MFA_READY_KEY_VAULT_NAME (mfa-ready-app-id, mfa-ready-app-secret, mfa-ready-tenant-id,',
    'mfa-ready-refresh-token), read with Az.KeyVault under an Azure sign-in of its own (the Automation',
    "account's managed identity, say).",
  ]),
};

/** Lines joined for a template, each after the first indented by `indent`, comment lines prefixed `# `. */
export function templateLines(lines: string[], indent: string, comment = false): string {
  return lines.map((line) => (comment ? `# ${line}` : line)).join(`\n${indent}`);
}

/** The secrets of a script: a runbook's come from its Automation account's variables where others' come from the environment. */
export function powerShellSecrets(source: SecretSource, runbook = false): PowerShellSecrets {
  const syntax = (runbook ? RUNBOOK_SOURCES[source] : undefined) ?? SOURCES[source] ?? SOURCES.environment;
  return { ...syntax, read: (name) => syntax.readScriptSecret(name) };
}

/**
 * The statement that stores the rotated refresh token an answer carries (`value`) back, in a token
 * function's body: only when there is one, as a failed request answers nothing.
 */
export function storeRotatedRefreshToken(secrets: PowerShellSecrets, value: string): string {
  return `# A failed request answers nothing: storing that would erase the refresh token for every later call.
  if (${value}) {
    ${secrets.store('REFRESH_TOKEN', value)}
  }`;
}
