import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { appOnlyBranchBeside, appOnlyBranchNote, appOnlyBranchRelated } from '../app-only-branch';
import { ancestorsOf, findProperty, methodCalls, nodesOfType, parentOf, returnedValues, unwrap, type Node } from '../ast';
import { callerCredential, fixesForCaller } from '../caller-credentials';
import { objectLiteral, propertyOrUnshownSpread } from '../static-value';
import { objectLiteralInScope } from '../object-values';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { methodsTakenAsValues, takenAsValueNote, testReplacesSignIn } from '../methods-as-values';
import { importMadeValueBy } from '../module-import';
import { bindingOf, resolvedValuesInScope, sameBinding } from '../name-bindings';
import { referencesNamed } from '../declaration-reads';
import { ownLines } from '../own-lines';
import { settleGuards } from '../password-guards';
import { accountsOf, accountsOfSpreads } from '../signed-in-accounts';
import {
  APP_ONLY_HELPER,
  authoritiesElsewhere,
  closedCloudNote,
  otherCloudNote,
  buildsTenantAtRunTimeIn,
  planAppOnlyHelper,
  planSecureAppModelHelper,
  runTimeTenantNote,
  SAM_HELPER,
} from '../sam-helper';
import { placeholderSettingNote, tenantOfAuthority } from '../sign-in-tenant';

const MSAL_NODE = '@azure/msal-node';
const MSAL_CLIENTS = new Set(['PublicClientApplication', 'ConfidentialClientApplication']);
const METHOD = 'acquireTokenByUsernamePassword';

export const msalRopcRule: TypeScriptRule = {
  meta: {
    id: 'ts-msal-ropc',
    title: 'msal-node username/password sign-in (ROPC)',
    description:
      'acquireTokenByUsernamePassword signs in with a username and password (the resource owner password ' +
      'credentials grant). ROPC cannot perform multi-factor authentication: once MFA applies to the account ' +
      '(every user of a partner tenant, and Azure management calls since 2025-10-01) the sign-in fails with ' +
      'AADSTS50076. msal-node marks the method @deprecated (7.2.3). Use the Secure Application Model: a ' +
      'refresh token from a one-time admin consent done with MFA, redeemed by a confidential client with ' +
      'acquireTokenByRefreshToken; or app-only authentication where no user is involved.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'msal-node'],
    triggers: [METHOD.toLowerCase()],
  },
  check(context) {
    if (testReplacesSignIn(context, MSAL_NODE, METHOD)) return [];
    const taken = methodsTakenAsValues(context, METHOD, (member) => isMsalReceiver(context, member.object)).map(
      (node): RuleHit => ({
        message: `msal-node acquireTokenByUsernamePassword signs in with a password (ROPC), which cannot satisfy MFA: it fails with AADSTS50076 once MFA applies to the account, and msal-node deprecates it (7.2.3). ${takenAsValueNote(context, node)}`,
        startOffset: node.range[0],
        endOffset: node.range[1],
        fixes: [],
      }),
    );
    return [...taken, ...context.once(msalCalls).map((node): RuleHit => {
      const { username, password, spreads, shown } = credentialsInMsalRequest(context, node);
      const credential = callerCredential(context, [username, password, ...spreads], shown ? undefined : (node.arguments[0] ?? node));
      const authorities = authoritiesOf(context, node.callee.object);
      const otherCloud = otherCloudNote(context, authorities[0]);
      const closedCloud = closedCloudNote(context, authorities);
      // A client that may be one of several names no one tenant, unless they all take the same settings.
      const tenant = new Set(authorities).size === 1 ? tenantOfAuthority(context, authorities[0], node) : undefined;
      const removed = removedCredentials(context, node.arguments[0]);
      const proven = provenMsal(context, node.callee.object);
      const servicePrincipal = appOnlyBranchBeside(context, node);
      const placeholder = placeholderSettingNote(context, [username], tenant);
      const guards = settleGuards(context, closedCloud ? [] : [
        secureAppModelFix(context, node, tenant, proven && !buildsTenantAtRunTimeIn(context) && !otherCloud && !servicePrincipal && !placeholder),
        appOnlyFix(context, node, tenant),
      ], { username: username ? [username] : [], password: password ? [password] : [] });
      const caller = fixesForCaller(credential, guards.fixes);
      return {
        message:
          'msal-node acquireTokenByUsernamePassword signs in with a password (ROPC), which cannot satisfy MFA: ' +
          'it fails with AADSTS50076 once MFA applies to the account, and msal-node deprecates it (7.2.3). ' +
          caller.advice('Redeem a Secure Application Model refresh token instead.') +
          (closedCloud ? ` ${closedCloud}` : '') +
          (buildsTenantAtRunTimeIn(context) && !closedCloud ? ` ${runTimeTenantNote(!!tenant)}` : '') +
          (otherCloud && caller.fixes.length > 0 ? ` ${otherCloud}` : '') +
          (!proven && caller.fixes.length > 0 ? ` ${unprovenClientNote(context, node.callee.object)}` : '') +
          (servicePrincipal ? ` ${appOnlyBranchNote(context, servicePrincipal, caller.fixes.length > 0)}` : '') +
          (placeholder && caller.fixes.length > 0 ? ` ${placeholder}` : '') +
          (guards.note && caller.fixes.length > 0 ? ` ${guards.note}` : ''),
        startOffset: node.callee.property.range[0],
        endOffset: node.range[1],
        fixes: caller.fixes,
        signsInAs: username ? accountsOf(context, username) : accountsOfSpreads(context, spreads, 'username'),
        related: [
          ...caller.related,
          ...(caller.fixes.length > 0 ? guards.related : []),
          ...(servicePrincipal ? [appOnlyBranchRelated(servicePrincipal)] : []),
          ...(/[\r\n]/.test(context.text.slice(node.range[0], node.callee.property.range[0]))
            ? [{ message: 'the fixes replace the whole call, from here', startOffset: node.range[0], endOffset: node.range[1] }]
            : []),
          ...typeOnlyImportRelated(context, caller.fixes.length > 0),
          ...removed.map((entry) => ({
            message: 'the fixes remove this credential with the call',
            startOffset: entry.range[0],
            endOffset: entry.range[1],
          })),
          ...requestTypeRemoval(context, removed[0]).map((edit) => ({
            message: "the fixes remove the request's type, which requires a username and password",
            startOffset: edit.startOffset,
            endOffset: edit.endOffset,
          })),
        ],
      };
    })];
  },
  passwordSinks(context) {
    if (testReplacesSignIn(context, MSAL_NODE, METHOD)) return [];
    return context.once(msalCalls).flatMap((node) => credentialsInMsalRequest(context, node).password ?? []);
  },
};

/**
 * The msal request's `username` and `password` values and its spreads (which may hold them); `shown`
 * when the file shows both, or a spread that may.
 */
function credentialsInMsalRequest(context: TypeScriptRuleContext, call: TSESTree.CallExpression): { username?: Node; password?: Node; spreads: Node[]; shown: boolean } {
  const request = call.arguments[0] && objectLiteral(call.arguments[0], context.facts);
  if (!request) return { spreads: [], shown: false };
  const [username, password] = [findProperty(request, 'username')?.value, findProperty(request, 'password')?.value];
  const spreads = request.properties.flatMap((property) => (property.type === 'SpreadElement' ? [property.argument] : []));
  return { username, password, spreads, shown: (!!username && !!password) || spreads.length > 0 };
}

type MsalCall = TSESTree.CallExpression & { callee: TSESTree.MemberExpression & { property: Node } };

/** The file's calls of msal's acquireTokenByUsernamePassword, but those of a client whose authority is not Entra ID's (B2C's, AD FS's). */
function msalCalls(context: TypeScriptRuleContext): MsalCall[] {
  const calls: MsalCall[] = [];
  // The method's calls are few: their ancestors are looked up for them alone, not kept for every node.
  for (const node of methodCalls(context.program, METHOD)) {
    if (!isMsalCall(context, node, node.callee.object, ancestorsOf(context.program, node))) continue;
    if (!authoritiesElsewhere(context, authoritiesOf(context, node.callee.object))) calls.push(node as MsalCall);
  }
  return calls;
}

/**
 * Whether a call of the method goes to msal rather than to a same-named wrapper of the user's own:
 * a wrapper is flagged at the msal call inside it, not at every call of the wrapper.
 */
function isMsalCall(
  context: TypeScriptRuleContext,
  call: TSESTree.CallExpression,
  receiver: Node,
  ancestors: readonly Node[],
): boolean {
  const values = context.facts.valuesOf(receiver);
  if (values.some((value) => constructsMsalClient(context, value))) return true;
  if (unwrap(receiver).type === 'ThisExpression' && enclosingClassDefines(ancestors, METHOD)) return false;
  if (values.some((value) => constructsLocalClass(context, value))) return false;
  return context.facts.modules.has(MSAL_NODE) || looksLikeMsalRequest(context, call.arguments[0]);
}

/** An msal client: one the file constructs from msal-node, or one from elsewhere in a file that imports msal-node (not the file's own class). */
function isMsalReceiver(context: TypeScriptRuleContext, receiver: Node): boolean {
  const values = context.facts.valuesOf(receiver);
  if (values.some((value) => constructsMsalClient(context, value))) return true;
  return context.facts.modules.has(MSAL_NODE) && !values.some((value) => constructsLocalClass(context, value));
}

function constructsMsalClient(context: TypeScriptRuleContext, value: Node): boolean {
  if (value.type !== 'NewExpression') return false;
  const constructed = context.facts.resolveImport(value.callee);
  return constructed?.module === MSAL_NODE && MSAL_CLIENTS.has(constructed.name);
}

function constructsLocalClass(context: TypeScriptRuleContext, value: Node): boolean {
  return value.type === 'NewExpression' && value.callee.type === 'Identifier' && context.facts.classes.has(value.callee.name);
}

function enclosingClassDefines(ancestors: readonly Node[], method: string): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (node.type === 'ClassBody') {
      return node.body.some(
        (member) => member.type === 'MethodDefinition' && member.key.type === 'Identifier' && member.key.name === method,
      );
    }
  }
  return false;
}

/** msal's request shape: an object (or a variable holding one) with `username` and `password`. */
function looksLikeMsalRequest(context: TypeScriptRuleContext, argument: Node | undefined): boolean {
  if (!argument) return false;
  return context.facts
    .valuesOf(argument)
    .some((value) => value.type === 'ObjectExpression' && !!findProperty(value, 'username') && !!findProperty(value, 'password'));
}

/** The source text of the request's scopes, as an expression valid where the call stands. */
function scopesExpression(context: TypeScriptRuleContext, request: Node | undefined): string {
  if (!request || request.type === 'SpreadElement') return '["https://graph.microsoft.com/.default"]';
  const node = unwrap(request);
  if (node.type === 'ObjectExpression') {
    const scopes = findProperty(node, 'scopes');
    return scopes ? context.text.slice(scopes.value.range[0], scopes.value.range[1]) : '["https://graph.microsoft.com/.default"]';
  }
  // The request as written: a type assertion around it (`request as T`, `<T>request`) takes the parentheses.
  const source = context.text.slice(request.range[0], request.range[1]);
  return request.type === 'Identifier' || request.type === 'MemberExpression' ? `${source}.scopes` : `(${source}).scopes`;
}

/**
/**
 * The `auth.authority` (or `auth.azureCloudOptions.azureCloudInstance`) of each msal client the call may
 * be made on, as seen from the call (another function's `app` is another client); where the file does
 * not show it, what hides it: the client's configuration or a part of it from elsewhere
 * (`new PublicClientApplication(msalConfig)` of an imported `msalConfig`, a spread of one), or the client
 * itself, made elsewhere. None for a client that takes msal's default. A client the call's receiver does
 * not lead to (one a function of the file makes) is one of the file's.
 */
function authoritiesOf(context: TypeScriptRuleContext, receiver: Node): Node[] {
  const followed = resolvedValuesInScope(context, receiver).filter((value): value is TSESTree.NewExpression => value.type === 'NewExpression');
  const clients = followed.length > 0 ? followed : nodesOfType(context.program, 'NewExpression').filter((value) => constructsMsalClient(context, value));
  if (clients.length === 0) return [receiver];
  return clients.flatMap((client) => {
    const found = optionIn(context, client.arguments[0], ['auth', 'authority']) ?? optionIn(context, client.arguments[0], ['auth', 'azureCloudOptions', 'azureCloudInstance']);
    return found ? [found] : [];
  });
}

/** The option down a path of nested options objects, or the first object on the way the file does not show. */
function optionIn(context: TypeScriptRuleContext, options: Node | undefined, path: readonly string[]): Node | undefined {
  let value = options;
  for (const name of path) {
    if (!value) return undefined;
    // The options a name holds where the client is made: a function's own `config`, not the module's it shadows.
    const object = value.type === 'SpreadElement' ? undefined : (objectLiteralInScope(context, value) ?? objectReturnedBy(context, value));
    if (!object) return value;
    value = propertyOrUnshownSpread(object, name, context.facts);
  }
  return value;
}

/** The object literal a method of the class returns, for options written `new PublicClientApplication(this.config())`. */
function objectReturnedBy(context: TypeScriptRuleContext, value: Node): TSESTree.ObjectExpression | undefined {
  const call = unwrap(value);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || unwrap(call.callee.object).type !== 'ThisExpression') return undefined;
  const name = call.callee.property.type === 'Identifier' && !call.callee.computed ? call.callee.property.name : undefined;
  const classBody = ancestorsOf(context.program, call).reverse().find((node) => node.type === 'ClassBody') as TSESTree.ClassBody | undefined;
  const method = classBody?.body.find(
    (member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'method' && !member.computed && member.key.type === 'Identifier' && member.key.name === name,
  );
  const returned = method ? returnedValues(method.value).map(unwrap) : [];
  return returned.length === 1 && returned[0].type === 'ObjectExpression' ? returned[0] : undefined;
}

/** Known to be msal: the client is constructed from msal-node here, or the file imports msal-node. */
function provenMsal(context: TypeScriptRuleContext, receiver: Node): boolean {
  return context.facts.modules.has(MSAL_NODE) || context.facts.valuesOf(receiver).some((value) => constructsMsalClient(context, value));
}

/** Why the fix is not applied unattended where `provenMsal` is not: the client may be another library's, or a wrapper of the file's own. */
function unprovenClientNote(context: TypeScriptRuleContext, receiver: Node): string {
  const made = context.facts.valuesOf(receiver).find((value): value is TSESTree.NewExpression => value.type === 'NewExpression');
  const imported = made && context.facts.resolveImport(made.callee);
  const client = imported
    ? `the client is made from ${imported.name === '*' || imported.name === 'default' ? '' : `${imported.name} of `}${imported.module}, which this file does not show to be ${MSAL_NODE}'s`
    : `this file neither imports ${MSAL_NODE} nor shows where the client is made`;
  return `The fix is not applied unattended: ${client}, while the fix calls ${MSAL_NODE} itself; check first that the client is msal-node's.`;
}

/** Unattended only where the call is known to be msal's, not merely shaped like an msal request. `tenant`: the one the client's authority names. */
function secureAppModelFix(context: TypeScriptRuleContext, call: TSESTree.CallExpression, tenant: string | undefined, unattended: boolean): Fix {
  return {
    title: 'Use the Secure Application Model (refresh token from an MFA-backed consent)',
    safeForFixAll: unattended,
    edits: [callOf(context, call, SAM_HELPER, tenant), ...credentialRemoval(context, call.arguments[0]), ...planSecureAppModelHelper(context)],
  };
}

/**
 * The request object held in a variable keeps its `username` and `password` once the call is gone;
 * a password literal there would stay in the code unreported. When the call is the variable's only
 * use and each entry stands on a line of its own, those lines go.
 */
function credentialRemoval(context: TypeScriptRuleContext, request: Node | undefined): TextEdit[] {
  const entries = removedCredentials(context, request);
  return [...entries.map((entry) => ownLine(context.text, entry)!), ...(entries.length > 0 ? requestTypeRemoval(context, entries[0]) : [])];
}

/**
 * `const request: UsernamePasswordRequest = { … }`: a type that requires the username and password the
 * fix takes out goes with them; the object's own type (its scopes) serves the helper's call.
 */
function requestTypeRemoval(context: TypeScriptRuleContext, entry: Node | undefined): TextEdit[] {
  if (!entry) return [];
  const object = parentOf(context.program, entry);
  const declarator = object && parentOf(context.program, object);
  const annotation = declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' ? declarator.id.typeAnnotation : undefined;
  return annotation ? [{ startOffset: annotation.range[0], endOffset: annotation.range[1], newText: '' }] : [];
}

/** The `username` and `password` entries `credentialRemoval` takes out (none unless all can go). */
function removedCredentials(context: TypeScriptRuleContext, request: Node | undefined): Node[] {
  const variable = request && unwrap(request);
  if (variable?.type !== 'Identifier' || !onlyReadsSparingCredentials(context, variable)) return [];
  const values = context.facts.valuesOf(variable);
  const object = values.length === 1 && values[0].type === 'ObjectExpression' ? values[0] : undefined;
  const entries: Node[] = object ? ['username', 'password'].map((name) => findProperty(object, name)).filter((p) => !!p) : [];
  return entries.every((entry) => ownLine(context.text, entry)) ? entries : [];
}

/** The whole line of a property that is alone on it (with its comma and a comment after it), or undefined. */
function ownLine(text: string, property: Node): TextEdit | undefined {
  const lines = ownLines(text, property, true);
  return lines && { startOffset: lines[0], endOffset: lines[1], newText: '' };
}

/**
 * Whether the request's reads, besides the call, leave its username and password alone: a member other
 * than those (`request.scopes`) or a console call's argument. The sample Microsoft publishes for Power BI
 * logs the whole request: with the entries gone, that log stops printing the password.
 */
function onlyReadsSparingCredentials(context: TypeScriptRuleContext, request: TSESTree.Identifier): boolean {
  const binding = bindingOf(context, request);
  return referencesNamed(context, request.name)
    .filter((read): read is TSESTree.Identifier => read.type === 'Identifier' && sameBinding(bindingOf(context, read), binding))
    .every((read) => read === request || sparesCredentials(context, read));
}

function sparesCredentials(context: TypeScriptRuleContext, read: TSESTree.Identifier): boolean {
  const parent = parentOf(context.program, read);
  if (parent?.type === 'MemberExpression' && parent.object === read) {
    return !parent.computed && parent.property.type === 'Identifier' && !CREDENTIAL_ENTRIES.has(parent.property.name);
  }
  return parent?.type === 'CallExpression' && parent.arguments.includes(read) && isConsoleMethod(parent.callee);
}

const CREDENTIAL_ENTRIES = new Set(['username', 'password']);

function isConsoleMethod(callee: Node): boolean {
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'console';
}

function appOnlyFix(context: TypeScriptRuleContext, call: TSESTree.CallExpression, tenant: string | undefined): Fix {
  return {
    title: 'Use app-only authentication with a certificate (no user: acquireTokenByClientCredential)',
    safeForFixAll: false,
    edits: [callOf(context, call, APP_ONLY_HELPER, tenant), ...credentialRemoval(context, call.arguments[0]), ...planAppOnlyHelper(context)],
  };
}

/** Replaces the msal call with a call of a generated helper, passing the request's scopes and the client's tenant. */
function callOf(context: TypeScriptRuleContext, call: TSESTree.CallExpression, helper: string, tenant: string | undefined): TextEdit {
  const args = [scopesExpression(context, call.arguments[0]), ...(tenant ? [tenant] : [])];
  return { startOffset: call.range[0], endOffset: call.range[1], newText: `${helper}(${args.join(', ')})` };
}

/** msal-node imported for its types only, which the fixes import the client class from as a value. */
function typeOnlyImportRelated(context: TypeScriptRuleContext, fixed: boolean): NonNullable<RuleHit['related']> {
  const declaration = fixed ? importMadeValueBy(context.facts, context.text, context.style(), MSAL_NODE, 'ConfidentialClientApplication') : undefined;
  if (!declaration) return [];
  return [{ message: 'msal-node is imported for its types only here; the fixes import ConfidentialClientApplication from it as a value', startOffset: declaration.range[0], endOffset: declaration.range[1] }];
}
