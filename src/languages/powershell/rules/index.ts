import type { PowerShellRule } from '../rule-context';
import { connectUserCredentialRule } from './connect-user-credential';
import { exchangeBasicAuthSessionRule } from './exchange-basic-auth-session';

export const powerShellRules: readonly PowerShellRule[] = [
  connectUserCredentialRule,
  exchangeBasicAuthSessionRule,
];
