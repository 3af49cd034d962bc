import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { ENTRA_PASSWORD_TRIGGERS, leavesMethodToRunTime, signsInWithEntraPassword } from '../../shared/sql-connection-string';
import { findProperty, propertyKeyName, unwrap, type Node } from '../ast';
import { connectionStringCandidates, joinedShape, ownText } from '../connection-strings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { appOnlyCredentialCall, otherCloudWithheld, planAppOnlyCredential, planSecureAppModelCredential, secureAppModelCredentialCall } from '../sam-helper';
import { CLOSED_GERMAN_LOGIN_HOST, closedGermanCloudNote, sqlServerLoginHost } from '../../shared/microsoft-endpoints';
import { tenantArgument } from '../sign-in-tenant';
import { PASSWORD_TYPE, selectorKey, serverOf, signIns, type SqlPasswordSignIn } from '../sql-password-sign-ins';

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
  if (host === CLOSED_GERMAN_LOGIN_HOST) return closedGermanCloudNote('server');
  const why = otherCloudWithheld(context, `its server (${server})`, host);
  return why && `(No fix is offered here: ${why}.)`;
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
