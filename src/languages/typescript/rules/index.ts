import type { TypeScriptRule } from '../rule-context';
import { msalRopcRule } from './msal-ropc';

export const typeScriptRules: readonly TypeScriptRule[] = [msalRopcRule];
