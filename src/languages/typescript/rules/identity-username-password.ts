import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { memberName, nodesOfType, parentOf, propertyKeyName, unwrap, type Node } from '../ast';
import { callerCredential, fixesForCaller } from '../caller-credentials';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { appOnlyBranchBeside, appOnlyBranchNote, appOnlyBranchRelated } from '../app-only-branch';
import {
  APP_ONLY_CREDENTIAL,
  authorityElsewhere,
  appOnlyCredentialCall,
  closedCloudNote,
  otherCloudNote,
  planAppOnlyCredential,
  planSecureAppModelCredential,
  runTimeTenantNote,
  SAM_CREDENTIAL,
  secureAppModelCredentialCall,
} from '../sam-helper';
import { valuesInScope } from '../name-bindings';
import { declaredFromEnvironmentAt, placeholderSettingNote, tenantArgument } from '../sign-in-tenant';
import { settleGuards } from '../password-guards';
import { accountsOf } from '../signed-in-accounts';
import { isObjectAssign, ObjectValues } from '../object-values';
import { objectLiteral, propertyOrUnshownSpread, propertyThroughSpreads, staticString } from '../static-value';
import { testReplacesSignIn } from '../methods-as-values';

const IDENTITY = '@azure/identity';
const ROPC_CREDENTIAL = 'UsernamePasswordCredential';
/** Credentials that sign in with AZURE_USERNAME and AZURE_PASSWORD when those are set. */
const ENVIRONMENT_CREDENTIALS = new Set(['EnvironmentCredential', 'DefaultAzureCredential']);
const PASSWORD_VARIABLES = new Set(['AZURE_USERNAME', 'AZURE_PASSWORD']);

export const identityUsernamePasswordRule: TypeScriptRule = {
  meta: {
    id: 'ts-identity-username-password',
    title: '@azure/identity username/password credential (ROPC)',
    description:
      'UsernamePasswordCredential signs in with a username and password (the resource owner password ' +
      'credentials grant), which cannot perform multi-factor authentication: once MFA applies to the account ' +
      '(every user of a partner tenant, and Azure management calls since 2025-10-01) getToken fails with ' +
      'AADSTS50076. @azure/identity marks it @deprecated since 4.8.0. EnvironmentCredential, and so ' +
      'DefaultAzureCredential, still signs in that way when AZURE_USERNAME and AZURE_PASSWORD are set. Use a ' +
      'Secure Application Model credential (a refresh token from a one-time admin consent done with MFA) or ' +
      'app-only authentication with a certificate.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'azure-identity'],
    triggers: ['usernamepasswordcredential', 'azure_username', 'azure_password'],
  },
  check(context) {
    if (testReplacesSignIn(context, IDENTITY)) return [];
    const hits: RuleHit[] = [];
    const variables = passwordVariableUses(context);
    for (const node of nodesOfType(context.program, 'NewExpression')) {
      const constructed = identityClass(context, node);
      if (constructed === ROPC_CREDENTIAL && !authorityElsewhere(context, authorityHostOption(context, node))) hits.push(ropcHit(context, node));
      else if (constructed && ENVIRONMENT_CREDENTIALS.has(constructed) && variables[0]) {
        hits.push(environmentHit(node, constructed, variables[0]));
      }
    }
    return hits;
  },
  passwordSinks(context) {
    if (testReplacesSignIn(context, IDENTITY)) return [];
    const sinks: Node[] = [];
    for (const node of nodesOfType(context.program, 'NewExpression', 'AssignmentExpression')) {
      if (node.type === 'NewExpression' && identityClass(context, node) === ROPC_CREDENTIAL && node.arguments[3] && !authorityElsewhere(context, authorityHostOption(context, node))) {
        sinks.push(node.arguments[3]);
      }
      if (node.type === 'AssignmentExpression' && environmentVariable(node.left) === 'AZURE_PASSWORD') sinks.push(node.right);
    }
    const written = objectsWrittenToEnvironment(context).map((object) => propertyThroughSpreads(object, 'AZURE_PASSWORD', context.facts));
    return [...sinks, ...written.flatMap((property) => (property ? [property.value] : []))];
  },
};

function identityClass(context: TypeScriptRuleContext, node: TSESTree.NewExpression): string | undefined {
  const constructed = context.facts.resolveImport(node.callee);
  return constructed?.module === IDENTITY ? constructed.name : undefined;
}

function ropcHit(context: TypeScriptRuleContext, node: TSESTree.NewExpression): RuleHit {
  const [, , username, password] = node.arguments;
  const spread = node.arguments.find((argument) => argument.type === 'SpreadElement');
  const runTimeTenant = tenantAtRunTime(context, node);
  const authorityHost = authorityHostOption(context, node);
  const otherCloud = otherCloudNote(context, authorityHost);
  const closedCloud = closedCloudNote(context, [authorityHost]);
  const tenant = tenantArgument(context, node.arguments[0], node);
  const servicePrincipal = appOnlyBranchBeside(context, node);
  const placeholder = placeholderSettingNote(context, [node.arguments[0], username], tenant);
  const guards = settleGuards(context, closedCloud ? [] : [
    secureAppModelFix(context, node, tenant, runTimeTenant || !!otherCloud || !!servicePrincipal || !!placeholder),
    appOnlyFix(context, node, tenant),
  ], { username: username ? [username] : [], password: password ? [password] : [] });
  const caller = fixesForCaller(callerCredential(context, [username, password], spread), guards.fixes);
  return {
    message:
      '@azure/identity UsernamePasswordCredential signs in with a password (ROPC), which cannot satisfy MFA: ' +
      'getToken fails with AADSTS50076 once MFA applies to the account, and @azure/identity deprecates it ' +
      'since 4.8.0. ' +
      caller.advice('Use a Secure Application Model credential instead.') +
      (closedCloud ? ` ${closedCloud}` : '') +
      (runTimeTenant && !closedCloud ? ` ${runTimeTenantNote(!!tenant)}` : '') +
      (placeholder && caller.fixes.length > 0 ? ` ${placeholder}` : '') +
      (otherCloud && caller.fixes.length > 0 ? ` ${otherCloud}` : '') +
      (servicePrincipal ? ` ${appOnlyBranchNote(context, servicePrincipal, caller.fixes.length > 0)}` : '') +
      (guards.note && caller.fixes.length > 0 ? ` ${guards.note}` : ''),
    startOffset: node.range[0],
    endOffset: node.range[1],
    fixes: caller.fixes,
    related: [
      ...caller.related,
      ...(caller.fixes.length > 0 ? [...retypedRelated(context), ...guards.related] : []),
      ...(servicePrincipal ? [appOnlyBranchRelated(servicePrincipal)] : []),
    ],
    // `new UsernamePasswordCredential(...args)`: the user name is among the spread's.
    signsInAs: accountsOf(context, username ?? spread),
  };
}

function environmentHit(node: TSESTree.NewExpression, constructed: string, variable: Node): RuleHit {
  return {
    message:
      `${constructed} signs in with AZURE_USERNAME and AZURE_PASSWORD when they are set, as this file does: that ` +
      'is a password sign-in (ROPC, through the deprecated UsernamePasswordCredential), which fails with ' +
      'AADSTS50076 once MFA applies to the account. Give it a service principal with a certificate ' +
      '(AZURE_CLIENT_CERTIFICATE_PATH) or a managed identity instead.',
    severity: 'warning',
    startOffset: node.range[0],
    endOffset: node.range[1],
    related: [{ message: 'the password sign-in is configured here', startOffset: variable.range[0], endOffset: variable.range[1] }],
  };
}

/**
 * `process.env.AZURE_PASSWORD` (read or written) and `const { AZURE_PASSWORD } = process.env`; not
 * `delete process.env.AZURE_PASSWORD`, which keeps the credential from seeing it.
 */
function passwordVariableUses(context: TypeScriptRuleContext): Node[] {
  const uses: Node[] = [];
  for (const node of nodesOfType(context.program, 'MemberExpression', 'VariableDeclarator')) {
    if (node.type === 'MemberExpression' && environmentVariable(node)) {
      const parent = parentOf(context.program, node);
      if (!(parent?.type === 'UnaryExpression' && parent.operator === 'delete')) uses.push(node);
    }
    if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && isProcessEnv(node.init)) {
      for (const property of node.id.properties) {
        const name = property.type === 'Property' ? propertyKeyName(property) : undefined;
        if (name && PASSWORD_VARIABLES.has(name)) uses.push(property);
      }
    }
  }
  for (const object of objectsWrittenToEnvironment(context)) {
    for (const name of PASSWORD_VARIABLES) {
      const property = propertyThroughSpreads(object, name, context.facts);
      if (property) uses.push(property);
    }
  }
  return uses.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * The object literals the file copies into process.env: `Object.assign(process.env, { AZURE_PASSWORD })`,
 * `process.env = { ...process.env, AZURE_PASSWORD: … }` (also of an `Object.assign({}, …)`).
 */
function objectsWrittenToEnvironment(context: TypeScriptRuleContext): TSESTree.ObjectExpression[] {
  const sources: Node[] = [];
  for (const node of nodesOfType(context.program, 'CallExpression', 'AssignmentExpression')) {
    if (node.type === 'CallExpression' && isObjectAssign(node) && node.arguments[0] && isProcessEnv(node.arguments[0])) sources.push(...node.arguments.slice(1));
    if (node.type === 'AssignmentExpression' && node.operator === '=' && isProcessEnv(node.left)) {
      const value = unwrap(node.right);
      sources.push(...(isObjectAssign(value) ? value.arguments : [value]));
    }
  }
  return sources.flatMap((source) => {
    const object = source.type === 'SpreadElement' ? undefined : objectLiteral(source, context.facts);
    return object ? [object] : [];
  });
}

function environmentVariable(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' || !isProcessEnv(node.object)) return undefined;
  const name = memberName(node);
  return name && PASSWORD_VARIABLES.has(name) ? name : undefined;
}

function isProcessEnv(node: Node): boolean {
  const value = unwrap(node);
  return (
    value.type === 'MemberExpression' &&
    memberName(value) === 'env' &&
    value.object.type === 'Identifier' &&
    value.object.name === 'process'
  );
}

/**
 * The credential's `authorityHost` option (`new UsernamePasswordCredential(tenant, client, user, password, { authorityHost })`);
 * where the file does not show it, what hides it: options from elsewhere (an imported object, a spread of
 * one, a spread of the arguments). Undefined where the credential takes the library's default.
 */
function authorityHostOption(context: TypeScriptRuleContext, node: TSESTree.NewExpression): Node | undefined {
  const spread = node.arguments.slice(0, 5).find((argument) => argument.type === 'SpreadElement');
  const options = spread ?? node.arguments[4];
  const object = options && options.type !== 'SpreadElement' ? objectLiteral(options, context.facts) : undefined;
  return object ? propertyOrUnshownSpread(object, 'authorityHost', context.facts) : options;
}

/**
 * `tenant`: the credential's, which the fix keeps. `elsewhere`: the fix may not sign in where the
 * credential did (a tenant worked out at run time, a cloud not shown): not applied unattended.
 */
function secureAppModelFix(context: TypeScriptRuleContext, node: TSESTree.NewExpression, tenant: string | undefined, elsewhere: boolean): Fix {
  return {
    title: 'Use a Secure Application Model credential (refresh token from an MFA-backed consent)',
    safeForFixAll: !elsewhere,
    edits: [
      { startOffset: node.range[0], endOffset: node.range[1], newText: secureAppModelCredentialCall(tenant) },
      ...planSecureAppModelCredential(context),
      ...credentialsRetyped(context, SAM_CREDENTIAL),
    ],
  };
}

/**
 * Whether the credential's tenant is worked out at run time: neither written (`"contoso.onmicrosoft.com"`)
 * nor read from the deployment's settings (`process.env.AZURE_TENANT_ID`).
 */
function tenantAtRunTime(context: TypeScriptRuleContext, node: TSESTree.NewExpression): boolean {
  const tenant = node.arguments[0];
  return !!tenant && tenant.type !== 'SpreadElement' && !isDeploymentSetting(context, tenant);
}

/** A value written in the code or read from the environment, also through names and `??`/`||` defaults. */
function isDeploymentSetting(context: TypeScriptRuleContext, node: Node, depth = 0): boolean {
  const value = unwrap(node);
  if (staticString(value, context.facts) !== undefined) return true;
  if (value.type === 'MemberExpression' && isProcessEnv(value.object)) return true;
  if (depth > 4) return false;
  const parts = value.type === 'LogicalExpression' ? [value.left, value.right] : value.type === 'TemplateLiteral' ? value.expressions : undefined;
  if (parts) return parts.every((part) => isDeploymentSetting(context, part, depth + 1));
  if (value.type === 'MemberExpression') {
    // A settings object's member (`opts.tenant` of `const opts = { tenant: process.env.TENANT_ID }`) that nothing writes again.
    const members = new ObjectValues(context).settledMember(value);
    return !!members?.length && members.every((member) => isDeploymentSetting(context, member, depth + 1));
  }
  if (value.type !== 'Identifier') return false;
  if (declaredFromEnvironmentAt(context, value)) return true;
  const values = valuesInScope(context, value);
  return values.length > 0 && values.every((v) => v !== value && isDeploymentSetting(context, v, depth + 1));
}

/**
 * `let credential: UsernamePasswordCredential`, `(): identity.UsernamePasswordCredential`: types that
 * the fix's credential would not fit become its own (`ReturnType<typeof secureAppModelCredential>`),
 * whose getToken, as the password credential's, never answers null, and which needs no import.
 */
function credentialsRetyped(context: TypeScriptRuleContext, helper: string): TextEdit[] {
  return context.once(typesRetyped).map((name) => ({ startOffset: name.range[0], endOffset: name.range[1], newText: `ReturnType<typeof ${helper}>` }));
}

function typesRetyped(context: TypeScriptRuleContext): TSESTree.EntityName[] {
  return nodesOfType(context.program, 'TSTypeReference').flatMap(({ typeName }) => (namesRopcCredential(context, typeName) ? [typeName] : []));
}

/** The finding shows the types its fixes retype. */
function retypedRelated(context: TypeScriptRuleContext): { message: string; startOffset: number; endOffset: number }[] {
  return context.once(typesRetyped).map((name) => ({ message: "the fixes make this type their credential's", startOffset: name.range[0], endOffset: name.range[1] }));
}

/** `UsernamePasswordCredential` imported from @azure/identity, or `identity.UsernamePasswordCredential` of its namespace. */
function namesRopcCredential(context: TypeScriptRuleContext, name: TSESTree.EntityName): boolean {
  if (name.type === 'Identifier') {
    const imported = context.facts.imports.get(name.name);
    return imported?.module === IDENTITY && imported.name === ROPC_CREDENTIAL;
  }
  if (name.type !== 'TSQualifiedName' || name.left.type !== 'Identifier' || name.right.name !== ROPC_CREDENTIAL) return false;
  const namespace = context.facts.imports.get(name.left.name);
  return namespace?.module === IDENTITY && (namespace.name === '*' || namespace.name === 'default');
}

function appOnlyFix(context: TypeScriptRuleContext, node: TSESTree.NewExpression, tenant: string | undefined): Fix {
  const client = node.arguments[1];
  return {
    title: 'Use app-only authentication with a certificate (ClientCertificateCredential; no user)',
    safeForFixAll: false,
    edits: [
      { startOffset: node.range[0], endOffset: node.range[1], newText: appOnlyCredentialCall(context, tenant, client) },
      ...planAppOnlyCredential(context),
      ...credentialsRetyped(context, APP_ONLY_CREDENTIAL),
    ],
  };
}
