import type { AccountSource } from '../../engine/rule';
import type { Node } from './ast';
import { resolvedValuesInScope } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';
import { staticString } from './static-value';

/**
 * The accounts a sign-in's user name may be, told apart by what the module gives it: a literal is its
 * value (`'svc@contoso.com'` in any quotes), anything else its code (`process.env.ALERTS_USER` and
 * `process.env.BILLING_USER` are two), followed through names and `?:`, `||`, `??` (whose empty default is none).
 */
export function accountsOf(context: TypeScriptRuleContext, user: Node | undefined): AccountSource[] | undefined {
  if (!user || user.type === 'SpreadElement') return undefined;
  const found = new Map<string, AccountSource>();
  for (const value of resolvedValuesInScope(context, user)) {
    const literal = staticString(value, context.facts);
    // `process.env.USERNAME || ""`: an empty default is no account.
    if (literal === '' || (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null)) continue;
    const key = literal !== undefined ? `'${literal.toLowerCase()}'` : context.text.slice(value.range[0], value.range[1]).replace(/\s+/g, '');
    if (!found.has(key)) found.set(key, { key, offset: value.range[0] });
  }
  return [...found.values()];
}
