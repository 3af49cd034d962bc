/**
 * The organisation a script holds for Exchange Online's -Organization, which takes the tenant's
 * `<name>.onmicrosoft.com` domain: a variable the script assigns one (`$orgName = "contoso.onmicrosoft.com"`,
 * `$org = "$tenant.onmicrosoft.com"`), or a parameter named for it whose default is one; else the domain
 * its other Exchange Online or Security & Compliance sign-ins name (`Connect-ExchangeOnline -ManagedIdentity
 * -Organization contoso.onmicrosoft.com`).
 */

import { onSomePathsOnly } from './caller-credentials';
import type { PowerShellRuleContext } from './rule-context';
import type { ScriptIndex } from './script-index';
import { literalText } from './syntax';
import { UNKNOWN, type ScalarAssignment, type ScriptValues } from './values';

/** `contoso.onmicrosoft.com`, also as a shape whose name is known at run time only (`\u0000`). */
const ONMICROSOFT_DOMAIN = /^[a-z0-9\u0000-]+\.onmicrosoft\.com$/i;
/** Organization, Org, OrgName, TenantDomain, Tenant, TenantName…: a parameter meant to name the organisation. */
const ORGANIZATION_PARAMETER = /^(?:org|organi[sz]ation|tenant)(?:_?(?:name|domain))?$/i;

/**
 * The variable, as code, that holds the organisation where the code at `offset` runs: the one variable
 * (or several holding one domain) whose assignment that code sees is such a domain, made on every run.
 * A parameter counts when its name says it is the organisation and its default is such a domain.
 * Undefined where none does, or where variables hold different domains.
 */
export function scriptOrganization(index: ScriptIndex, values: ScriptValues, offset: number): string | undefined {
  const held = candidateNames(index).flatMap((name) => {
    const seen = values.assignmentBefore(name, offset);
    // Not one of another function's variables, which the code sees only where that function calls it.
    if (!seen || !index.scopes().useAt(offset, name).sees(seen)) return [];
    const domain = organizationDomain(seen, name, values);
    const code = writtenName(seen);
    // A name known at run time only (`"$tenant.onmicrosoft.com"`) is the same domain only in the same variable.
    return domain && code ? [{ code, domain: domain.includes(UNKNOWN) ? code : domain.toLowerCase() }] : [];
  });
  return new Set(held.map(({ domain }) => domain)).size === 1 ? held[0].code : undefined;
}

/** The organisation as code for the code at `offset`: the variable holding it, else the one domain the script's Exchange sign-ins name. */
export function organizationOfScript(context: PowerShellRuleContext, offset: number): string | undefined {
  return scriptOrganization(context.index, context.values(), offset) ?? organizationSignedInTo(context);
}

const EXCHANGE_CONNECTS = new Set(['Connect-ExchangeOnline', 'Connect-IPPSSession']);

/** The one `<name>.onmicrosoft.com` domain written as the -Organization of the script's Exchange Online and Security & Compliance sign-ins, quoted. */
function organizationSignedInTo(context: PowerShellRuleContext): string | undefined {
  const domains = new Set(
    context
      .commands()
      .filter((call) => EXCHANGE_CONNECTS.has(call.spec.name))
      .flatMap((call) => call.parameters.filter((p) => p.canonical === 'Organization' && p.value))
      .map((parameter) => literalText(parameter.value!)?.toLowerCase()),
  );
  const [domain] = domains;
  // Such a domain has no quote in it to escape.
  return domains.size === 1 && domain && ONMICROSOFT_DOMAIN.test(domain) ? `'${domain}'` : undefined;
}

/** The variables whose assignment mentions onmicrosoft.com, and the parameters named for the organisation. */
function candidateNames(index: ScriptIndex): string[] {
  const text = index.text.toLowerCase();
  const assigned = index.assignments().flatMap((at) => (at.scalar && text.slice(at.start, at.end).includes('.onmicrosoft.com') ? [at.scalar] : []));
  const parameters = [...index.scriptParameters(), ...index.functions().flatMap((declared) => declared.params)].filter((name) => ORGANIZATION_PARAMETER.test(name));
  return [...new Set([...assigned, ...parameters])];
}

/** The domain the assignment gives, where it is an organisation's made on every run. */
function organizationDomain(seen: ScalarAssignment, name: string, values: ScriptValues): string | undefined {
  if (seen.node.type === 'script_parameter_default' ? !ORGANIZATION_PARAMETER.test(name) : onSomePathsOnly(seen.node)) return undefined;
  const shape = values.shapeOf(seen.value);
  return ONMICROSOFT_DOMAIN.test(shape) ? shape : undefined;
}

/** The variable as the assignment or the parameter writes it: `$orgName`, `$script:org`. */
function writtenName(seen: ScalarAssignment): string {
  const variable = seen.node.type === 'script_parameter_default' ? seen.node.parent?.namedChildren.find((child) => child?.type === 'variable') : seen.node.namedChild(0);
  return variable?.text ?? '';
}
