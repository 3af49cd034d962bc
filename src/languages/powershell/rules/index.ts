import type { PowerShellRule } from '../rule-context';
import { connectUserCredentialRule } from './connect-user-credential';

export const powerShellRules: readonly PowerShellRule[] = [connectUserCredentialRule];
