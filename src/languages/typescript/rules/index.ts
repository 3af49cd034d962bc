import type { TypeScriptRule } from '../rule-context';
import { hardcodedPasswordRule } from './hardcoded-password';
import { msalRopcRule } from './msal-ropc';

export const typeScriptRules: readonly TypeScriptRule[] = [
  msalRopcRule,
  hardcodedPasswordRule,
];
