import type { TextEdit } from '../../engine/finding';
import type { SecretName } from '../../engine/fix-settings';
import { planImport } from './module-import';
import { planHelperFunction, type TypeScriptRuleContext } from './rule-context';

export const READ_SECRET = 'readMfaReadySecret';
export const STORE_SECRET = 'storeMfaReadySecret';

export interface SecretAccess {
  /** The functions the generated code calls; read it after the code is generated (store is added only if used). */
  readonly edits: TextEdit[];
  /** An expression that yields the secret: awaited, where `readsSecretsWithAwait`. */
  read(name: SecretName): string;
  /** An expression that stores a rotated secret back: awaited, where `readsSecretsWithAwait`. */
  store(name: SecretName, value: string): string;
}

/**
 * Adds, once per file, the two functions through which generated code reads and stores its secrets,
 * from the source the `mfaReady.fix.secretSource` setting names.
 */
export function planSecretAccess(context: TypeScriptRuleContext): SecretAccess {
  const typed = context.style().typed;
  const t = (annotation: string): string => (typed ? annotation : '');
  const edits: TextEdit[] = [];
  let read: string;
  let store: string;
  if (isK6Script(context)) {
    // k6 runs neither Node nor the Azure SDK: a script reads only k6's own environment.
    read = `/** Reads a secret of the Secure Application Model set-up from k6's environment (MFA_READY_<name>: k6 run -e, or the shell's). */
function ${READ_SECRET}(name${t(': string')})${t(': string')} {
  const value = __ENV[\`MFA_READY_\${name}\`];
  if (!value) throw new Error(\`MFA_READY_\${name} is not set\`);
  return value;
}`;
    store = `/**
 * Keeps a rotated secret (a new refresh token) for this virtual user only: a k6 script cannot persist it.
 * Redeem and store it outside k6 too: an unused refresh token lapses after 90 days.
 */
function ${STORE_SECRET}(name${t(': string')}, value${t(': string')})${t(': void')} {
  __ENV[\`MFA_READY_\${name}\`] = value;
}`;
  } else if (context.settings.secretSource === 'keyvault') {
    const client = planImport(context.facts, context.text, context.style(), '@azure/keyvault-secrets', 'SecretClient');
    const credential = planImport(context.facts, context.text, context.style(), '@azure/identity', 'DefaultAzureCredential');
    edits.push(...client.edits, ...credential.edits);
    const vault = `new ${client.reference}(process.env.MFA_READY_KEY_VAULT_URL ?? "", new ${credential.reference}())`;
    const secretName = 'name.toLowerCase().replace(/_/g, "-")';
    read = `/** Reads a secret of the Secure Application Model set-up from Azure Key Vault (MFA_READY_KEY_VAULT_URL). */
async function ${READ_SECRET}(name${t(': string')})${t(': Promise<string>')} {
  const secret = await ${vault}.getSecret(\`mfa-ready-\${${secretName}}\`);
  if (!secret.value) throw new Error(\`Key Vault secret mfa-ready-\${${secretName}} is empty\`);
  return secret.value;
}`;
    store = `/** Stores a rotated secret (a new refresh token) back in Azure Key Vault. */
async function ${STORE_SECRET}(name${t(': string')}, value${t(': string')})${t(': Promise<void>')} {
  await ${vault}.setSecret(\`mfa-ready-\${${secretName}}\`, value);
}`;
  } else {
    read = `/** Reads a secret of the Secure Application Model set-up from the environment (MFA_READY_<name>). */
async function ${READ_SECRET}(name${t(': string')})${t(': Promise<string>')} {
  const value = process.env[\`MFA_READY_\${name}\`];
  if (!value) throw new Error(\`MFA_READY_\${name} is not set\`);
  return value;
}`;
    store = `/**
 * Keeps a rotated secret (a new refresh token) for this process. Persist it too, where
 * MFA_READY_<name> comes from: an unused refresh token lapses after 90 days.
 */
async function ${STORE_SECRET}(name${t(': string')}, value${t(': string')})${t(': Promise<void>')} {
  process.env[\`MFA_READY_\${name}\`] = value;
}`;
  }
  let stores = false;
  const awaited = readsSecretsWithAwait(context) ? 'await ' : '';
  return {
    get edits() {
      return [...edits, ...planHelperFunction(context, READ_SECRET, read), ...(stores ? planHelperFunction(context, STORE_SECRET, store) : [])];
    },
    read: (name) => `${awaited}${READ_SECRET}("${name}")`,
    store: (name, value) => {
      stores = true;
      return `${awaited}${STORE_SECRET}("${name}", ${value})`;
    },
  };
}

/**
 * Whether generated code awaits its secrets: a vault's and the environment's readers are async, k6's
 * only reads `__ENV`, which a plain (not async) `setup()` can call as it is.
 */
export function readsSecretsWithAwait(context: TypeScriptRuleContext): boolean {
  return !isK6Script(context);
}

/** A k6 load test (it imports k6's modules), which runs in k6's own runtime: no `process`, no file or vault to write. */
export function isK6Script(context: TypeScriptRuleContext): boolean {
  return [...context.facts.modules].some((module) => module === 'k6' || module.startsWith('k6/'));
}
