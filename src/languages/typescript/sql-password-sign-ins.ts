/**
 * The Azure SQL password sign-ins a file configures (tedious's `authentication`, mssql's
 * `authentication_type`), and the servers they sign in to.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, memberName, nodesOfType, parentOf, propertyKeyName, unwrap, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';
import { sqlServerLoginHost } from '../shared/microsoft-endpoints';
import { objectLiteral, possibleValues, staticString } from './static-value';

/** tedious's authentication type that signs in with UsernamePasswordCredential (mssql, Sequelize and TypeORM pass it on). */
export const PASSWORD_TYPE = 'azure-active-directory-password';
/** What an authentication object may hold besides `type`: tedious reads nothing else. */
const AUTHENTICATION_KEYS = new Set(['type', 'options']);
/** A connection written flat, with the type beside what it signs in with (as Knex takes it). */
const FLAT_CONNECTION_KEYS = ['userName', 'password', 'server'];
/** mssql's own config, which its `authentication_type` belongs to (a list of choices has none of these). */
const MSSQL_CONFIG_KEYS = ['server', 'user', 'password', 'database'];

/** One configured password sign-in to Azure SQL. */
export interface SqlPasswordSignIn {
  /** What selects the password sign-in: a `type` or mssql's `authentication_type` property, or an assignment to one. */
  selector: TSESTree.Property | TSESTree.AssignmentExpression;
  /** The object that holds the selector; none for an assignment. */
  holder?: TSESTree.ObjectExpression;
  /** Where tedious reads the user name and password from: `options`, or mssql's own config. */
  credentials?: TSESTree.ObjectExpression;
  /** Written as tedious's `authentication` or mssql's config, which the fixes know how to rewrite. */
  fixable: boolean;
}

export function selectorKey(selector: SqlPasswordSignIn['selector']): string | undefined {
  if (selector.type === 'Property') return propertyKeyName(selector);
  return selector.left.type === 'MemberExpression' ? memberName(selector.left) : undefined;
}

export function signIns(context: TypeScriptRuleContext): SqlPasswordSignIn[] {
  return context.once(findSignIns);
}

function findSignIns(context: TypeScriptRuleContext): SqlPasswordSignIn[] {
  const found: SqlPasswordSignIn[] = [];
  for (const holder of nodesOfType(context.program, 'ObjectExpression')) {
    const type = findProperty(holder, 'type');
    if (type && selectsPassword(type.value, context)) {
      const signIn = typeSignIn(context, holder, type);
      if (signIn) found.push(signIn);
    }
    const mssqlType = findProperty(holder, 'authentication_type');
    if (mssqlType && selectsPassword(mssqlType.value, context) && isMssqlConfig(holder, context)) {
      found.push({ selector: mssqlType, holder, credentials: holder, fixable: !findProperty(holder, 'authentication') });
    }
  }
  // Set in steps: `config.authentication.type = …`, `config.authentication_type = …`.
  for (const assignment of nodesOfType(context.program, 'AssignmentExpression')) {
    if (assignment.operator !== '=' || assignment.left.type !== 'MemberExpression' || !selectsPassword(assignment.right, context)) continue;
    const key = memberName(assignment.left);
    const owner = unwrap(assignment.left.object);
    const ofAuthentication = owner.type === 'MemberExpression' && memberName(owner) === 'authentication';
    if ((key === 'type' && ofAuthentication) || key === 'authentication_type') found.push({ selector: assignment, fixable: false });
  }
  return found;
}

/**
 * tedious's authentication (fixable where it is the whole object tedious reads: the value of
 * `authentication`, or one with its `options`), or a flat connection that names what it signs in with.
 */
function typeSignIn(context: TypeScriptRuleContext, holder: TSESTree.ObjectExpression, type: TSESTree.Property): SqlPasswordSignIn | undefined {
  const options = findProperty(holder, 'options');
  if (isAuthentication(context, holder)) {
    const credentials = options ? objectLiteral(options.value, context.facts) : mssqlConfigAround(context, holder);
    // `const base = { type }` spread into an object with its own options is not all tedious reads.
    return { selector: type, holder, credentials, fixable: !!options || isAuthenticationValue(context, holder) };
  }
  return FLAT_CONNECTION_KEYS.some((key) => findProperty(holder, key)) ? { selector: type, holder, credentials: holder, fixable: false } : undefined;
}

/** mssql's config with `authentication_type`, unless tedious's own `authentication.type` overrides it. */
function isMssqlConfig(holder: TSESTree.ObjectExpression, context: TypeScriptRuleContext): boolean {
  const authentication = findProperty(holder, 'authentication');
  const own = authentication && objectLiteral(authentication.value, context.facts);
  if (own && findProperty(own, 'type')) return false;
  return MSSQL_CONFIG_KEYS.some((key) => findProperty(holder, key));
}

/** Whether the value is, or may be (one side of `??`, `||` or a conditional), the password type. */
function selectsPassword(value: Node, context: TypeScriptRuleContext): boolean {
  return possibleValues(value).some((possible) => staticString(possible, context.facts) === PASSWORD_TYPE);
}

/** tedious's `authentication`: the value of such a property, or an object with nothing but `type` and `options`. */
function isAuthentication(context: TypeScriptRuleContext, object: TSESTree.ObjectExpression): boolean {
  if (isAuthenticationValue(context, object)) return true;
  return object.properties.every((property) => property.type !== 'Property' || AUTHENTICATION_KEYS.has(propertyKeyName(property) ?? ''));
}

/** `{ authentication: <object> }` or `config.authentication = <object>`. */
function isAuthenticationValue(context: TypeScriptRuleContext, object: TSESTree.ObjectExpression): boolean {
  const parent = parentOf(context.program, object);
  if (parent?.type === 'Property') return parent.value === object && propertyKeyName(parent) === 'authentication';
  return parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && memberName(parent.left) === 'authentication';
}

/** mssql's config, whose `user` and `password` an `authentication` without `options` signs in with. */
function mssqlConfigAround(context: TypeScriptRuleContext, authentication: TSESTree.ObjectExpression): TSESTree.ObjectExpression | undefined {
  const property = parentOf(context.program, authentication);
  const config = property && parentOf(context.program, property);
  return config?.type === 'ObjectExpression' ? config : undefined;
}

/** The server name the sign-in's config shows: tedious's or mssql's `server` beside the authentication. */
export function serverOf(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn): string | undefined {
  const config = signIn.holder && (selectorKey(signIn.selector) === 'type' ? mssqlConfigAround(context, signIn.holder) : signIn.holder);
  const server = config && findProperty(config, 'server');
  return server && staticString(server.value, context.facts);
}


/**
 * The login hosts of the clouds whose Azure SQL servers the file's password sign-ins connect to (each
 * sign-in's own `server`, as `serverOf` reads it): a string elsewhere that names a server is no sign-in.
 */
export function sqlSignInLoginHosts(context: TypeScriptRuleContext): string[] {
  return signIns(context).flatMap((signIn) => {
    const server = serverOf(context, signIn);
    const host = server && sqlServerLoginHost(server);
    return host ? [host] : [];
  });
}
