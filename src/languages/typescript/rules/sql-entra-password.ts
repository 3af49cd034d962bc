import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { ENTRA_PASSWORD_TRIGGERS, signsInWithEntraPassword } from '../../shared/sql-connection-string';
import { findProperty, nodesOfType, parentOf, propertyKeyName, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { appOnlyCredentialCall, planAppOnlyCredential, planSecureAppModelCredential, SAM_CREDENTIAL } from '../sam-helper';
import { objectLiteral, possibleValues, staticString } from '../static-value';

/** tedious's authentication type that signs in with UsernamePasswordCredential (mssql, Sequelize and TypeORM pass it on). */
const PASSWORD_TYPE = 'azure-active-directory-password';
/** What an authentication object may hold besides `type`: tedious reads nothing else. */
const AUTHENTICATION_KEYS = new Set(['type', 'options']);
/** A part of a string built at run time. */
const UNKNOWN = '\u0000';

/** One configured password sign-in to Azure SQL. */
interface SqlPasswordSignIn {
  /** The property that selects the password sign-in (`type`, or mssql's `authentication_type`). */
  selector: TSESTree.Property;
  /** The object that holds the selector. */
  holder: TSESTree.ObjectExpression;
  /** Where tedious reads the user name and password from: `options`, or mssql's own config. */
  credentials?: TSESTree.ObjectExpression;
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
    tags: ['security', 'mfa', 'ropc', 'azure-sql'],
    triggers: [PASSWORD_TYPE, ...ENTRA_PASSWORD_TRIGGERS],
  },
  check(context) {
    const hits: RuleHit[] = signIns(context).map((signIn) => ({
      message:
        `${describe(signIn)} signs in to Azure SQL with a username and password (tedious uses UsernamePasswordCredential, ` +
        'ROPC), which cannot satisfy MFA: the connection fails with AADSTS50076 once MFA applies to the account. ' +
        "Use authentication type 'token-credential' with a Secure Application Model or app-only credential (tedious 18.3 " +
        'or later, mssql 11 or later).',
      startOffset: signIn.selector.range[0],
      endOffset: signIn.selector.range[1],
      related: optionsOf(signIn).map((options) => ({
        message: 'the user name and password it signs in with',
        startOffset: options.range[0],
        endOffset: options.range[1],
      })),
      fixes: fixesFor(context, signIn),
    }));
    for (const node of connectionStrings(context)) {
      hits.push({
        message:
          'This connection string signs in to Azure SQL with an Entra ID username and password (Active Directory ' +
          'Password: ROPC through UsernamePasswordCredential), which cannot satisfy MFA: the connection fails with ' +
          "AADSTS50076 once MFA applies to the account. No fix is offered here: a connection string cannot carry a token " +
          "credential. Give tedious or mssql a config object with authentication type 'token-credential' (Secure " +
          'Application Model or app-only), or use a managed identity.',
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
  return propertyKeyName(signIn.selector) === 'type'
    ? `Authentication type '${PASSWORD_TYPE}'`
    : `mssql's authentication_type '${PASSWORD_TYPE}'`;
}

function signIns(context: TypeScriptRuleContext): SqlPasswordSignIn[] {
  return context.once(findSignIns);
}

function findSignIns(context: TypeScriptRuleContext): SqlPasswordSignIn[] {
  const found: SqlPasswordSignIn[] = [];
  for (const holder of nodesOfType(context.program, 'ObjectExpression')) {
    const type = findProperty(holder, 'type');
    if (type && selectsPassword(type, context) && isAuthentication(context, holder)) {
      const options = findProperty(holder, 'options');
      const credentials = options ? objectLiteral(options.value, context.facts) : mssqlConfigAround(context, holder);
      found.push({ selector: type, holder, credentials });
    }
    const mssqlType = findProperty(holder, 'authentication_type');
    if (mssqlType && selectsPassword(mssqlType, context)) found.push({ selector: mssqlType, holder, credentials: holder });
  }
  return found;
}

/** Whether the property's value is, or may be (one side of `??`, `||` or a conditional), the password type. */
function selectsPassword(property: TSESTree.Property, context: TypeScriptRuleContext): boolean {
  return possibleValues(property.value).some((value) => staticString(value, context.facts) === PASSWORD_TYPE);
}

/** tedious's `authentication`: the value of such a property, or an object with nothing but `type` and `options`. */
function isAuthentication(context: TypeScriptRuleContext, object: TSESTree.ObjectExpression): boolean {
  const parent = parentOf(context.program, object);
  if (parent?.type === 'Property' && parent.value === object && propertyKeyName(parent) === 'authentication') return true;
  return object.properties.every((property) => property.type !== 'Property' || AUTHENTICATION_KEYS.has(propertyKeyName(property) ?? ''));
}

/** mssql's config, whose `user` and `password` an `authentication` without `options` signs in with. */
function mssqlConfigAround(context: TypeScriptRuleContext, authentication: TSESTree.ObjectExpression): TSESTree.ObjectExpression | undefined {
  const property = parentOf(context.program, authentication);
  const config = property && parentOf(context.program, property);
  return config?.type === 'ObjectExpression' ? config : undefined;
}

/**
 * The outermost string expressions (a literal, a template, a `+` of such) whose own text holds a
 * password connection string; variables inside are not followed, so a string is reported once, where
 * it is written.
 */
function connectionStrings(context: TypeScriptRuleContext): Node[] {
  const found: Node[] = [];
  for (const node of nodesOfType(context.program, 'Literal', 'TemplateLiteral', 'BinaryExpression')) {
    if (node.type === 'Literal' && typeof node.value !== 'string') continue;
    if (node.type === 'BinaryExpression' && node.operator !== '+') continue;
    const parent = parentOf(context.program, node);
    if (parent?.type === 'BinaryExpression' && parent.operator === '+') continue;
    if (parent?.type === 'Property' && parent.key === node) continue;
    if (signsInWithEntraPassword(ownText(node))) found.push(node);
  }
  return found;
}

function ownText(node: Node): string {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : UNKNOWN;
  if (node.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked ?? UNKNOWN).join(UNKNOWN);
  if (node.type === 'BinaryExpression' && node.operator === '+') return ownText(node.left) + ownText(node.right);
  return UNKNOWN;
}

function fixesFor(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn): Fix[] {
  // An object that has both mssql's key and tedious's own `authentication` is left to its author.
  if (propertyKeyName(signIn.selector) !== 'type' && findProperty(signIn.holder, 'authentication')) return [];
  const ids = signIn.credentials;
  return [
    {
      title: "Sign in with a Secure Application Model token credential (authentication type 'token-credential')",
      // It needs tedious 18.3 or later, which the file cannot tell: offered, never applied unattended.
      safeForFixAll: false,
      edits: [...credentialEdits(context, signIn, `${SAM_CREDENTIAL}()`), ...planSecureAppModelCredential(context)],
    },
    {
      title: "Use app-only authentication with a certificate (authentication type 'token-credential'; no user)",
      safeForFixAll: false,
      edits: [
        ...credentialEdits(context, signIn, appOnlyCredentialCall(context, idOf(ids, 'tenantId'), idOf(ids, 'clientId'))),
        ...planAppOnlyCredential(context),
      ],
    },
  ];
}

/** The authentication's own `options`, which the fixes replace. */
function optionsOf(signIn: SqlPasswordSignIn): TSESTree.Property[] {
  const options = propertyKeyName(signIn.selector) === 'type' ? findProperty(signIn.holder, 'options') : undefined;
  return options ? [options] : [];
}

function idOf(credentials: TSESTree.ObjectExpression | undefined, key: string): Node | undefined {
  return credentials && findProperty(credentials, key)?.value;
}

/** The selector becomes `type: 'token-credential'` with `options: { credential }`, in the file's quotes. */
function credentialEdits(context: TypeScriptRuleContext, signIn: SqlPasswordSignIn, credential: string): TextEdit[] {
  const { selector } = signIn;
  const quote = selector.value.type === 'Literal' ? context.text[selector.value.range[0]] : context.style().quote;
  const type = `type: ${quote}token-credential${quote}`;
  const options = `options: { credential: ${credential} }`;
  if (propertyKeyName(selector) !== 'type') {
    return [{ startOffset: selector.range[0], endOffset: selector.range[1], newText: `authentication: { ${type}, ${options} }` }];
  }
  const [existing] = optionsOf(signIn);
  return [
    { startOffset: selector.range[0], endOffset: selector.range[1], newText: type },
    existing
      ? { startOffset: existing.range[0], endOffset: existing.range[1], newText: options }
      : { startOffset: selector.range[1], endOffset: selector.range[1], newText: `, ${options}` },
  ];
}
