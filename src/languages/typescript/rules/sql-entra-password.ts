import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { ENTRA_PASSWORD_TRIGGERS, leavesMethodToRunTime, signsInWithEntraPassword } from '../../shared/sql-connection-string';
import { findProperty, memberName, nodesOfType, parentOf, propertyKeyName, unwrap, type Node } from '../ast';
import { connectionStringCandidates, joinedShape, ownText } from '../connection-strings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { appOnlyCredentialCall, otherCloudWithheld, planAppOnlyCredential, planSecureAppModelCredential, secureAppModelCredentialCall } from '../sam-helper';
import { CLOSED_GERMAN_CLOUD_NOTE, CLOSED_GERMAN_LOGIN_HOST, sqlServerLoginHost } from '../../shared/microsoft-endpoints';
import { tenantArgument } from '../sign-in-tenant';
import { objectLiteral, possibleValues, staticString } from '../static-value';

/** tedious's authentication type that signs in with UsernamePasswordCredential (mssql, Sequelize and TypeORM pass it on). */
const PASSWORD_TYPE = 'azure-active-directory-password';
/** What an authentication object may hold besides `type`: tedious reads nothing else. */
const AUTHENTICATION_KEYS = new Set(['type', 'options']);
/** A connection written flat, with the type beside what it signs in with (as Knex takes it). */
const FLAT_CONNECTION_KEYS = ['userName', 'password', 'server'];
/** mssql's own config, which its `authentication_type` belongs to (a list of choices has none of these). */
const MSSQL_CONFIG_KEYS = ['server', 'user', 'password', 'database'];

/** One configured password sign-in to Azure SQL. */
interface SqlPasswordSignIn {
  /** What selects the password sign-in: a `type` or mssql's `authentication_type` property, or an assignment to one. */
  selector: TSESTree.Property | TSESTree.AssignmentExpression;
  /** The object that holds the selector; none for an assignment. */
  holder?: TSESTree.ObjectExpression;
  /** Where tedious reads the user name and password from: `options`, or mssql's own config. */
  credentials?: TSESTree.ObjectExpression;
  /** Written as tedious's `authentication` or mssql's config, which the fixes know how to rewrite. */
  fixable: boolean;
}

export const sqlEntraPasswordRule: TypeScriptRule = {
  meta: {
    id: 'ts-sql-entra-password',
    title: 'Azure SQL sign-in with an Entra ID username and password (tedious, mssql)',
    description:
      "tedious (and mssql, Sequelize or TypeORM on top of it) with authentication type 'azure-active-directory-password', " +
      'or a connection string with Authentication=Active Directory Password, signs in to Azure SQL with a username and ' +
      'password: inside, it is @azure/identity UsernamePasswordCredential (the resource owner password credentials grant, ' +
      'deprecated since @azure/identity 4.8.0), which cannot perform multi-factor authentication. Once MFA applies to the ' +
      'account (every user of a partner tenant) the connection fails with AADSTS50076. Use a token credential: delegated ' +
      'through the Secure Application Model, or app-only with a certificate or a managed identity.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'azure-sql'],
    triggers: [PASSWORD_TYPE, ...ENTRA_PASSWORD_TRIGGERS],
  },
  check(context) {
    const hits: RuleHit[] = signIns(context).map((signIn) => {
      const cloud = signIn.fixable ? cloudNote(context, signIn) : undefined;
      return {
      message:
        `${describe(signIn)} signs in to Azure SQL with a username and password (tedious uses UsernamePasswordCredential, ` +
        'ROPC), which cannot satisfy MFA: the connection fails with AADSTS50076 once MFA applies to the account. ' +
        "Use authentication type 'token-credential' with a Secure Application Model or app-only credential (tedious 18.3 " +
        'or later, mssql 11 or later).' +
        (cloud
          ? ` ${cloud}`
          : signIn.fixable
          ? " The fix is not applied unattended: 'token-credential' needs tedious 18.3 or later, which the file does not show."
          : ' No quick fix is offered for this shape: the file does not show how it reaches tedious.'),
      startOffset: signIn.selector.range[0],
      endOffset: signIn.selector.range[1],
      related: optionsOf(signIn).map((options) => ({
        message: 'the user name and password it signs in with',
        startOffset: options.range[0],
        endOffset: options.range[1],
      })),
      fixes: cloud ? [] : fixesFor(context, signIn),
    };
    });
    for (const node of connectionStrings(context)) {
      hits.push({
        message:
          'This connection string signs in to Azure SQL with an Entra ID username and password (Active Directory ' +
          'Password: ROPC through UsernamePasswordCredential), which cannot satisfy MFA: the connection fails with ' +
          'AADSTS50076 once MFA applies to the account. No fix is offered here: a connection string cannot carry a token ' +
          "credential. Sign in without a password: with tedious or mssql, a config object with authentication type " +
          "'token-credential' (Secure Application Model or app-only); with ODBC, a managed identity or a service principal.",
        startOffset: node.range[0],
        endOffset: node.range[1],
      });
    }
    return hits;
  },
  passwordSinks(context) {
    return signIns(context).flatMap(({ credentials }) => {
      const password = credentials && findProperty(credentials, 'password');
      return password ? [password.value] : [];
    });
  },
};

function describe(signIn: SqlPasswordSignIn): string {
  return selectorKey(signIn.selector) === 'type' ? `Authentication type '${PASSWORD_TYPE}'` : `mssql's authentication_type '${PASSWORD_TYPE}'`;
}

function selectorKey(selector: SqlPasswordSignIn['selector']): string | undefined {
  if (selector.type === 'Property') return propertyKeyName(selector);
  return selector.left.type === 'MemberExpression' ? memberName(selector.left) : undefined;
}

function signIns(context: TypeScriptRuleContext): SqlPasswordSignIn[] {
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

/** The strings whose own text (or, where they leave the method to a variable, whose value) is a password connection string. */
function connectionStrings(context: TypeScriptRuleContext): Node[] {
  return connectionStringCandidates(context).filter((node) => {
    const written = ownText(context, node);
    return signsInWithEntraPassword(leavesMethodToRunTime(written) ? joinedShape(context, node) : written);
  });
}

/**
 * Why the fixes are withheld where the server's cloud (see `sqlServerLoginHost`) is not the one they
 * sign in through; a server the file does not show is left as it is.
 */
function cloudNote(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn): string | undefined {
  const server = serverOf(context, signIn);
  const host = server && sqlServerLoginHost(server);
  if (host === CLOSED_GERMAN_LOGIN_HOST) return CLOSED_GERMAN_CLOUD_NOTE;
  const why = otherCloudWithheld(context, `its server (${server})`, host);
  return why && `No fix is offered here: ${why}.`;
}

/** The server name the sign-in's config shows: tedious's or mssql's `server` beside the authentication. */
function serverOf(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn): string | undefined {
  const config = signIn.holder && (selectorKey(signIn.selector) === 'type' ? mssqlConfigAround(context, signIn.holder) : signIn.holder);
  const server = config && findProperty(config, 'server');
  return server && staticString(server.value, context.facts);
}

function fixesFor(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn): Fix[] {
  // A flat connection, or mssql's key beside tedious's own `authentication`, is left to its author.
  if (!signIn.fixable) return [];
  const ids = signIn.credentials;
  // Older tedious named the tenant `domain`; without one, it signs in at `common`, which names no tenant.
  const tenant = tenantArgument(context, idOf(ids, 'tenantId') ?? idOf(ids, 'domain'), optionsOf(signIn)[0] ?? signIn.selector);
  return [
    {
      title: "Sign in with a Secure Application Model token credential (authentication type 'token-credential')",
      // It needs tedious 18.3 or later, which the file cannot tell (the message says so): offered, never applied unattended.
      safeForFixAll: false,
      edits: [...credentialEdits(context, signIn, secureAppModelCredentialCall(tenant)), ...planSecureAppModelCredential(context)],
    },
    {
      title: "Use app-only authentication with a certificate (authentication type 'token-credential'; no user)",
      safeForFixAll: false,
      edits: [
        ...credentialEdits(context, signIn, appOnlyCredentialCall(context, tenant, idOf(ids, 'clientId'))),
        ...planAppOnlyCredential(context),
      ],
    },
  ];
}

/** The authentication's own `options`, which the fixes replace. */
function optionsOf(signIn: SqlPasswordSignIn): TSESTree.Property[] {
  const options = signIn.holder && selectorKey(signIn.selector) === 'type' ? findProperty(signIn.holder, 'options') : undefined;
  return options ? [options] : [];
}

function idOf(credentials: TSESTree.ObjectExpression | undefined, key: string): Node | undefined {
  return credentials && findProperty(credentials, key)?.value;
}

/**
 * The selector becomes `type: 'token-credential'` with `options: { credential }`. A literal type is
 * replaced in its own quotes, keeping the key as written and what wraps it (`as const`).
 */
function credentialEdits(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn, credential: string): TextEdit[] {
  const selector = signIn.selector as TSESTree.Property;
  const literal = unwrap(selector.value);
  const quote = literal.type === 'Literal' ? context.text[literal.range[0]] : context.style().quote;
  const tokenType = `${quote}token-credential${quote}`;
  const options = `options: { credential: ${credential} }`;
  if (propertyKeyName(selector) !== 'type') {
    return [{ startOffset: selector.range[0], endOffset: selector.range[1], newText: `authentication: { type: ${tokenType}, ${options} }` }];
  }
  const typeEdit: TextEdit = selector.shorthand
    ? { startOffset: selector.range[0], endOffset: selector.range[1], newText: `type: ${tokenType}` }
    : literal.type === 'Literal'
      ? { startOffset: literal.range[0], endOffset: literal.range[1], newText: tokenType }
      : { startOffset: selector.value.range[0], endOffset: selector.value.range[1], newText: tokenType };
  const [existing] = optionsOf(signIn);
  return [
    typeEdit,
    existing
      ? { startOffset: existing.range[0], endOffset: existing.range[1], newText: options }
      : { startOffset: selector.range[1], endOffset: selector.range[1], newText: `, ${options}` },
  ];
}
