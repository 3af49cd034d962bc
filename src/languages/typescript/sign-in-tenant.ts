import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestorsOf, bindingNames, isFunction, nodesOf, parentOf, unwrap, type Node } from './ast';
import { keyOf } from './module-facts';
import { scopeBinding, type FileFunctionCalls } from './parameter-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { bindingOf, resolvedValuesInScope, valuesInScope, valuesSeenInScope, within } from './name-bindings';
import { declaringPatternOf } from './caller-credentials';
import { readsEnvironment } from '../shared/microsoft-endpoints';
import { isPlaceholderSetting } from '../shared/placeholder-setting';
import { possibleValues, staticString, stringShape } from './static-value';
import { ObjectValues } from './object-values';
import { argumentsPassed, fileFunctionCalls, ownCallsParameter } from './passed-arguments';

/**
 * The tenant a password sign-in names, which its token-flow fix keeps: the source text of an expression
 * valid at the fix's site, or undefined where the code names none the fix can keep (no tenant, a
 * multi-tenant authority such as `common`, one that cannot be read where the fix stands). There the
 * generated code reads the tenant set for the Secure Application Model (TENANT_ID).
 */

/** Authorities that name no tenant: a refresh token from a consent is redeemed at the tenant it was given for. */
const MULTI_TENANT_AUTHORITIES = new Set(['common', 'organizations', 'consumers']);

/** The tenants an authority's path names: a tenant id or a domain (`contoso.onmicrosoft.com`). */
const TENANT_SHAPE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;

const MAX_DEPTH = 6;

/**
 * The tenant the sign-in is given as an argument (`new UsernamePasswordCredential(tenantId, …)`,
 * ms-rest's `{ domain }`, tedious's `options.tenantId`). `site`: what the fix replaces; an argument
 * within it is evaluated where it was, once, whatever it is.
 */
export function tenantArgument(context: TypeScriptRuleContext, tenant: Node | undefined, site: Node): string | undefined {
  if (!tenant || tenant.type === 'SpreadElement' || mayBeMultiTenant(context, tenant)) return undefined;
  if (within(tenant, site) || readableAt(context, tenant, site)) return context.text.slice(tenant.range[0], tenant.range[1]);
  const written = staticString(tenant, valuesSeenInScope(context));
  return written !== undefined && TENANT_SHAPE.test(written) ? quoted(context, written) : undefined;
}

/**
 * The tenant an authority URL names in its path: written (`https://login.microsoftonline.com/contoso.onmicrosoft.com`),
 * or an expression in its place (`` `https://login.microsoftonline.com/${tenantId}` ``, `"https://login.windows.net/" + config.tenant`),
 * also through a variable holding the URL, a parameter or a settings member (see `authorityValues`). An
 * authority that may be one of several tenants' is none.
 */
export function tenantOfAuthority(context: TypeScriptRuleContext, authority: Node | undefined, site: Node): string | undefined {
  if (!authority || authority.type === 'SpreadElement') return undefined;
  const tenants = new Set(authorityValues(context, authority).map((value) => tenantOfOneAuthority(context, value, site)));
  return tenants.size === 1 ? [...tenants][0] : undefined;
}

function tenantOfOneAuthority(context: TypeScriptRuleContext, authority: Node, site: Node): string | undefined {
  const parts = urlParts(context, authority, 0);
  const tenant = parts && (tenantPart(parts) ?? tenantAfterAuthorityBase(context, parts));
  if (typeof tenant === 'string') return TENANT_SHAPE.test(tenant) && !MULTI_TENANT_AUTHORITIES.has(tenant.toLowerCase()) ? quoted(context, tenant) : undefined;
  return tenant && tenantArgument(context, tenant, site);
}

const MAX_AUTHORITY_FOLLOWS = 4;

/**
 * The values an authority may be, as the file shows them: each side of `?:`, `||` and `??`; a
 * parameter of a function that only the file calls, through the one value its calls pass; a settings
 * object's member that nothing writes again, through its property. Anything else is itself (a
 * variable's one value is read by `stringShape`).
 */
export function authorityValues(context: TypeScriptRuleContext, authority: Node, depth = 0): Node[] {
  return possibleValues(authority).flatMap((value) => {
    const followed = depth < MAX_AUTHORITY_FOLLOWS ? followedValues(context, value) : undefined;
    return followed?.length ? followed.flatMap((next) => authorityValues(context, next, depth + 1)) : [value];
  });
}

function followedValues(context: TypeScriptRuleContext, value: Node): Node[] | undefined {
  if (value.type === 'MemberExpression') return new ObjectValues(context).settledMember(value);
  if (value.type !== 'Identifier') return undefined;
  const calls = fileFunctionCalls(context);
  const parameter = ownCallsParameter(context, value);
  const settled = parameter && !writesParameter(calls, parameter.fn, value.name);
  // A call that leaves the parameter out (or passes undefined) gets the library's default authority.
  const perCall = settled ? calls.callsOf(parameter.fn).map((call) => argumentsPassed(context, value, call)) : [];
  const passed = perCall.length > 0 && perCall.every((argument) => argument?.length) ? perCall.flatMap((argument) => argument!) : undefined;
  // Calls that pass different authorities choose one at run time: the parameter is read as it is.
  return passed && new Set(passed.map((argument) => stringShape(argument, context.facts) ?? argument)).size === 1 ? passed : undefined;
}

/** Whether the function assigns its own parameter `name` (`authority = process.env.URL`, `[authority] = …`, `authority++`). */
function writesParameter(calls: FileFunctionCalls, fn: TSESTree.FunctionLike, name: string): boolean {
  return nodesOf(fn).some((node) => {
    const target = node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
    if (!target) return false;
    const names = new Set<string>();
    bindingNames(target, names);
    return names.has(name) && nodesOf(target).some((use) => use.type === 'Identifier' && use.name === name && calls.bindingOf(use)?.fn === fn);
  });
}

/** A URL as its written strings and the expressions between them, or undefined where it is not one value. */
type Part = string | Node;

function urlParts(context: TypeScriptRuleContext, node: Node, depth: number): Part[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  // A name is read as the variable it is where it stands: a parameter or a function's own `authority` shadows the module's.
  const seen = valuesSeenInScope(context);
  const written = staticString(node, seen);
  if (written !== undefined) return [written];
  switch (node.type) {
    case 'TemplateLiteral':
      return node.quasis.flatMap((quasi, i) => {
        const expression = node.expressions[i];
        const inner = expression && (urlParts(context, expression, depth + 1) ?? [expression]);
        return [quasi.value.cooked ?? '', ...(inner ?? [])];
      });
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const left = urlParts(context, node.left, depth + 1) ?? [node.left];
      const right = urlParts(context, node.right, depth + 1) ?? [node.right];
      return [...left, ...right];
    }
    case 'Identifier':
    case 'MemberExpression': {
      // A variable holding the URL (`const authority = \`…/${tenantId}\``): its one value.
      const values = seen.valuesOf(node);
      return values.length === 1 && values[0] !== node && isUrlBuilding(values[0]) ? urlParts(context, values[0], depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

const isUrlBuilding = (node: Node): boolean => node.type === 'TemplateLiteral' || (node.type === 'BinaryExpression' && node.operator === '+');

/**
 * The first path segment after `https://<host>/`: the written segment, or the one expression that
 * fills it (followed by the end, `/`, `?` or `#`). Undefined where the segment is partly written.
 */
function tenantPart(parts: Part[]): string | Node | undefined {
  let written = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      written += part;
      continue;
    }
    const before = /^https?:\/\/[^/?#\s]+\/(.*)$/i.exec(written);
    if (!before) return undefined;
    if (before[1] !== '') return /^[^/?#]+[/?#]/.test(before[1]) ? /^[^/?#]+/.exec(before[1])![0] : undefined;
    const next = parts[i + 1];
    return next === undefined || (typeof next === 'string' && /^(?:$|[/?#])/.test(next)) ? part : undefined;
  }
  const path = /^https?:\/\/[^/?#\s]+\/([^/?#]+)/i.exec(written);
  return path?.[1];
}

/**
 * The tenant of an authority built from a base the file does not show and a tenant after it
 * (`` `${config.authorityUrl}${config.tenantId}` ``, `authorityHost + "/" + tenant`), as the Power BI
 * embedding samples write it: the last part, where the first is an authority base (see `isAuthorityBase`).
 */
function tenantAfterAuthorityBase(context: TypeScriptRuleContext, parts: Part[]): string | Node | undefined {
  const [base, ...rest] = joinedWritten(parts);
  if (base === undefined || typeof base === 'string' || !isAuthorityBase(context, base)) return undefined;
  if (rest.length === 1 && typeof rest[0] === 'string') return /^\/?([^/?#]+)\/?$/.exec(rest[0])?.[1];
  const tenants = rest.filter((part): part is Node => typeof part !== 'string');
  const slashesOnly = rest.every((part) => typeof part !== 'string' || part === '/');
  const [tenant] = tenants;
  const placed = tenants.length === 1 && slashesOnly && rest.length <= 3 && rest.indexOf(tenant) <= 1;
  return placed && isTenantValue(context, tenant) ? tenant : undefined;
}

/**
 * Whether what follows an authority base is a tenant: named for one (`config.tenantId`, `directoryId`,
 * `process.env.TENANT_ID`, `domain`), or a value of a tenant's shape. Anything else there (a B2C
 * policy, `config.policyName`) is not taken for the tenant.
 */
function isTenantValue(context: TypeScriptRuleContext, value: Node): boolean {
  const name = nameOf(unwrap(value))?.replace(/_/g, '').toLowerCase();
  if (name && /tenant|directory|domain/.test(name)) return true;
  const written = staticString(value, valuesSeenInScope(context));
  return written !== undefined && TENANT_SHAPE.test(written);
}

/** The name an identifier or member is read by (`tenantId`, `config.tenantId`, `process.env['TENANT_ID']`). */
function nameOf(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}

/** The parts with adjacent written strings joined and empty ones left out. */
function joinedWritten(parts: Part[]): Part[] {
  const joined: Part[] = [];
  for (const part of parts) {
    const last = joined[joined.length - 1];
    if (typeof part === 'string' && typeof last === 'string') joined[joined.length - 1] = last + part;
    else if (part !== '') joined.push(part);
  }
  return joined;
}

/** Names that hold an authority's base: `authorityUrl`, `authorityHost`, `AUTHORITY_HOST_URL`, `authority`. */
const AUTHORITY_BASE_NAME = /^authority(?:(?:host)?(?:url|uri)?|base(?:url|uri)?)$/;

/**
 * Whether an expression is the part of an authority before its tenant: a member or variable named for
 * it (`config.authorityUrl`, `authorityHost`), or a value that may be a login URL ending in `/`
 * (`process.env.AUTHORITY || "https://login.microsoftonline.com/"`).
 */
function isAuthorityBase(context: TypeScriptRuleContext, base: Node): boolean {
  const node = unwrap(base);
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' ? node.property.name : undefined;
  if (name && AUTHORITY_BASE_NAME.test(name.replace(/_/g, '').toLowerCase())) return true;
  const written = resolvedValuesInScope(context, base).map((value) => staticString(value, valuesSeenInScope(context)));
  return written.some((value) => value !== undefined && /^https:\/\/[^/?#\s]+\/$/i.test(value));
}

/** Whether a value may be `common`, `organizations` or `consumers` (also one side of `||`, `??`, `?:`, or through names). */
function mayBeMultiTenant(context: TypeScriptRuleContext, tenant: Node): boolean {
  return resolvedValuesInScope(context, tenant).some((value) => MULTI_TENANT_AUTHORITIES.has(staticString(value, valuesSeenInScope(context))?.toLowerCase() ?? ''));
}

/**
 * Whether an expression written elsewhere gives the same value at the fix's site: a name or a path of
 * names (`tenantId`, `config.tenant`, `process.env.AZURE_TENANT_ID`, `this.tenant`), which reading again
 * changes nothing, whose first name means the same there (`this`: within the same function), and which
 * nothing assigns again.
 */
function readableAt(context: TypeScriptRuleContext, expression: Node, site: Node): boolean {
  const root = rootOf(expression);
  if (!root) return false;
  if (root.type === 'ThisExpression') return !!thisOwner(context, root) && thisOwner(context, root) === thisOwner(context, site) && assignedOnce(context, keyOf(unwrap(expression)));
  const parent = (node: Node): Node | undefined => parentOf(context.program, node);
  return scopeBinding(root, root.name, parent) === scopeBinding(site, root.name, parent) && assignedOnce(context, root.name);
}

const assignedOnce = (context: TypeScriptRuleContext, key: string | undefined): boolean => !key || (context.facts.assignments.get(key)?.length ?? 0) <= 1;

/** What `this` is in: the nearest function other than an arrow, a class field or a static block. */
function thisOwner(context: TypeScriptRuleContext, node: Node): Node | undefined {
  return ancestorsOf(context.program, node)
    .reverse()
    .find((ancestor) => (isFunction(ancestor) && ancestor.type !== 'ArrowFunctionExpression') || ancestor.type === 'PropertyDefinition' || ancestor.type === 'StaticBlock');
}

/** What a path of names starts from (`config` of `config.tenant.id`, `this`); undefined for anything else. */
function rootOf(node: Node): TSESTree.Identifier | TSESTree.ThisExpression | undefined {
  switch (node.type) {
    case 'Identifier':
    case 'ThisExpression':
      return node;
    case 'MemberExpression':
      return !node.computed || (node.property.type === 'Literal' && typeof node.property.value === 'string') ? rootOf(node.object) : undefined;
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return rootOf(node.expression);
    default:
      return undefined;
  }
}

function quoted(context: TypeScriptRuleContext, tenant: string): string {
  const quote = context.style().quote;
  return `${quote}${tenant}${quote}`;
}

/**
 * Whether the variable a name reads holds what the deployment's environment gives (`const tenantId =
 * process.env.TENANT_ID`, `const { TENANT_ID } = process.env`), as the read resolves where it stands:
 * a parameter, or another function's variable of the same name, is not that variable.
 */
export function declaredFromEnvironmentAt(context: TypeScriptRuleContext, name: TSESTree.Identifier): boolean {
  const binding = bindingOf(context, name);
  const pattern = declaringPatternOf(context, name, binding.kind === 'module' ? undefined : binding.fn);
  const written = (node: Node): string => context.text.slice(node.range[0], node.range[1]);
  if (pattern) return pattern.keys.length === 1 && !!pattern.source && readsEnvironment(written(pattern.source));
  const values = valuesInScope(context, name).filter((value) => value !== name);
  return values.length > 0 && values.every((value) => readsEnvironment(written(value)));
}

/**
 * Why fix-all leaves a fix to a person where the tenant or account a sign-in names, as written, is a
 * placeholder (see `isPlaceholderSetting`): the code is a sample's, and the fix would keep the stand-in.
 * `values`: the expressions that give them; `kept`: the tenant the fix keeps, as source text.
 */
export function placeholderSettingNote(context: TypeScriptRuleContext, values: readonly (Node | undefined)[], kept?: string): string | undefined {
  const written = values.map((value) => (value && value.type !== 'SpreadElement' ? staticString(value, valuesSeenInScope(context)) : undefined));
  const keptLiteral = kept && /^(['"])(.*)\1$/s.exec(kept)?.[2];
  const placeholder = [...written, keptLiteral].some((value) => typeof value === 'string' && isPlaceholderSetting(value));
  return placeholder
    ? "The tenant or account this sign-in names is a placeholder (a sample's value to fill in), which the fix would keep: fix-all leaves that fix to you."
    : undefined;
}
