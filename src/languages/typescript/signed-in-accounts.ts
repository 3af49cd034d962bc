import type { AccountSource } from '../../engine/rule';
import { unwrap, type Node } from './ast';
import { resolvedValuesInScope } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';
import { staticString } from './static-value';

/**
 * The accounts a sign-in's user name may be, told apart by what the module gives it: a literal is its
 * value (`'svc@contoso.com'` in any quotes), anything else its code (`process.env.ALERTS_USER` and
 * `process.env.BILLING_USER` are two), followed through names and `?:`. A default after `||` or `??`
 * (`process.env.M365_USER || 'svc@contoso.com'`) stands for the same account as what it defaults.
 */
export function accountsOf(context: TypeScriptRuleContext, user: Node | undefined): AccountSource[] | undefined {
  if (!user || user.type === 'SpreadElement') return undefined;
  const found = new Map<string, AccountSource>();
  for (const value of resolvedValuesInScope(context, configured(context, user))) {
    const literal = staticString(value, context.facts);
    if (literal === '' || (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null)) continue;
    const key = literal !== undefined ? `'${literal.toLowerCase()}'` : context.text.slice(value.range[0], value.range[1]).replace(/\s+/g, '');
    if (!found.has(key)) found.set(key, { key, offset: value.range[0] });
  }
  return [...found.values()];
}

/**
 * What a value defaults: `process.env.M365_USER` of `process.env.M365_USER || 'svc@contoso.com'` (also
 * `??`, through `!`, and through a name the module gives that one value: `const user = … || '…'`).
 */
function configured(context: TypeScriptRuleContext, node: Node, depth = 0): Node {
  let value = unwrap(node);
  while (value.type === 'LogicalExpression' && (value.operator === '||' || value.operator === '??')) value = unwrap(value.left);
  const assigned = value.type === 'Identifier' && depth < MAX_DEPTH ? context.facts.valuesOf(value) : [];
  return assigned.length === 1 && assigned[0] !== value ? configured(context, assigned[0], depth + 1) : value;
}

const MAX_DEPTH = 4;
