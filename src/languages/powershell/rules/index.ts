import type { PowerShellRule } from '../rule-context';
import { connectUserCredentialRule } from './connect-user-credential';
import { exchangeBasicAuthSessionRule } from './exchange-basic-auth-session';
import { plaintextPasswordRule } from './plaintext-password';
import { ropcHttpRule } from './ropc-http';

export const powerShellRules: readonly PowerShellRule[] = [
  connectUserCredentialRule,
  exchangeBasicAuthSessionRule,
  ropcHttpRule,
  plaintextPasswordRule,
];
