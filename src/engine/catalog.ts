import { powerShellRules } from '../languages/powershell/rules';
import { typeScriptRules } from '../languages/typescript/rules';
import type { RuleMeta } from './rule';

/** Every rule's metadata, in a stable order (SARIF rule indices depend on it). */
export const RULES: readonly RuleMeta[] = [...typeScriptRules, ...powerShellRules].map((rule) => rule.meta);
