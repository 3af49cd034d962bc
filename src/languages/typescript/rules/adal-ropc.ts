import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { appOnlyBranchBeside, appOnlyBranchNote, appOnlyBranchRelated } from '../app-only-branch';
import { ancestorsOf, memberName, methodCalls, nodesOfType, propertyKeyName, stringValue, unwrap, walk, type MethodCall, type Node } from '../ast';
import { callerCredential, fixesForCaller } from '../caller-credentials';
import { planHelperFunction, type TypeScriptRule, type TypeScriptRuleContext } from '../rule-context';
import { methodsTakenAsValues, takenAsValueNote, testReplacesSignIn } from '../methods-as-values';
import { resolvedValuesInScope } from '../name-bindings';
import { settleGuards } from '../password-guards';
import { accountsOf } from '../signed-in-accounts';
import { authoritiesElsewhere, buildsTenantAtRunTimeIn, closedCloudNote, otherCloudNote, planSecureAppModelHelper, runTimeTenantNote, SAM_HELPER } from '../sam-helper';
import { tenantOfAuthority } from '../sign-in-tenant';

const ADAL = 'adal-node';
const METHOD = 'acquireTokenWithUsernamePassword';
const CALLBACK_HELPER = 'withTokenCallback';
/** Expressions that bind tighter than `+`, so need no parentheses in `<resource> + "/.default"`. */
const PRIMARY = new Set(['Identifier', 'MemberExpression', 'CallExpression', 'Literal', 'TemplateLiteral']);

export const adalRopcRule: TypeScriptRule = {
  meta: {
    id: 'ts-adal-ropc',
    title: 'adal-node username/password sign-in (ROPC)',
    description:
      'AuthenticationContext#acquireTokenWithUsernamePassword signs in with a username and password (the ' +
      'resource owner password credentials grant) through adal-node, whose support ended on 2023-06-30. ROPC ' +
      'cannot perform multi-factor authentication: once MFA applies to the account (every user of a partner ' +
      'tenant, and Azure management calls since 2025-10-01) the sign-in fails with AADSTS50076. Use the Secure ' +
      'Application Model through msal-node: a refresh token from a one-time admin consent done with MFA, ' +
      'redeemed with acquireTokenByRefreshToken.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'adal-node'],
    triggers: [METHOD.toLowerCase()],
  },
  check(context) {
    if (testReplacesSignIn(context, ADAL, METHOD)) return [];
    const hits: RuleHit[] = methodsTakenAsValues(context, METHOD, (member) => isAdalReceiver(context, member.object)).map((node) => ({
      message: `adal-node acquireTokenWithUsernamePassword signs in with a password (ROPC), which cannot satisfy MFA: it fails with AADSTS50076 once MFA applies to the account; and adal-node is retired (support ended 2023-06-30). ${takenAsValueNote(context, node)}`,
      startOffset: node.range[0],
      endOffset: node.range[1],
      fixes: [],
    }));
    forEachAdalRopcCall(context, (call, method, madeIn) => {
      if (madeIn) {
        hits.push(contextFromAnotherModuleHit(context, call, method, madeIn));
        return;
      }
      const authorities = call.callee.type === 'MemberExpression' ? authoritiesOf(context, call.callee.object) : [];
      const authority = authorities[0];
      const otherCloud = authority && otherCloudNote(context, authority);
      // A context that may be one of several names no one tenant.
      const tenant = authorities.length === 1 ? tenantOfAuthority(context, authority, call) : undefined;
      const closedCloud = closedCloudNote(context, authorities);
      const [, username, password] = call.arguments;
      const guards = settleGuards(context, closedCloud ? [] : [secureAppModelFix(context, call, tenant, !otherCloud) ?? []].flat(), {
        username: username ? [username] : [],
        password: password ? [password] : [],
      });
      const fix = guards.fixes[0];
      const spread = call.arguments.find((argument) => argument.type === 'SpreadElement');
      const refreshed = fix && context.once(usesAdalRefreshTokens);
      const servicePrincipal = appOnlyBranchBeside(context, call);
      const offered = fix && (refreshed || servicePrincipal) ? [{ ...fix, safeForFixAll: false }] : fix ? [fix] : [];
      const caller = fixesForCaller(callerCredential(context, [username, password], spread), offered);
      hits.push({
        message:
          'adal-node acquireTokenWithUsernamePassword signs in with a password (ROPC), which cannot satisfy MFA: ' +
          'it fails with AADSTS50076 once MFA applies to the account; and adal-node is retired (support ended ' +
          '2023-06-30). ' +
          caller.advice('Redeem a Secure Application Model refresh token with msal-node instead.') +
          (closedCloud ? ` ${closedCloud}` : '') +
          (buildsTenantAtRunTimeIn(context) && !closedCloud ? ` ${runTimeTenantNote(!!tenant)}` : '') +
          (otherCloud && fix ? ` ${otherCloud}` : '') +
          (call.arguments.length > ADAL_ARGUMENTS ? ` ${tooManyArguments(call.arguments.length)}` : '') +
          (refreshed && caller.fixes.length > 0 ? ` ${REFRESH_TOKEN_NOTE}` : '') +
          (servicePrincipal ? ` ${appOnlyBranchNote(context, servicePrincipal, caller.fixes.length > 0)}` : '') +
          (guards.note && caller.fixes.length > 0 ? ` ${guards.note}` : ''),
        startOffset: method.range[0],
        endOffset: call.range[1],
        fixes: caller.fixes,
        related: [...caller.related, ...(caller.fixes.length > 0 ? guards.related : []), ...(servicePrincipal ? [appOnlyBranchRelated(servicePrincipal)] : [])],
        signsInAs: accountsOf(context, username),
      });
    });
    return hits;
  },
  passwordSinks(context) {
    if (testReplacesSignIn(context, ADAL, METHOD)) return [];
    const sinks: Node[] = [];
    forEachAdalRopcCall(context, (call) => {
      if (call.arguments[2]) sinks.push(call.arguments[2]);
    });
    return sinks;
  },
};

/** `madeIn`: the module a context comes from where the file does not import adal-node (see `moduleMakingContext`). */
function forEachAdalRopcCall(
  context: TypeScriptRuleContext,
  visit: (call: TSESTree.CallExpression, method: Node, madeIn: string | undefined) => void,
): void {
  // The method's calls are few: their ancestors are looked up for them alone, not kept for every node.
  for (const node of methodCalls(context.program, METHOD)) {
    const ancestors = ancestorsOf(context.program, node);
    if (!isAdalContext(context, node.callee.object, ancestors)) {
      const madeIn = moduleMakingContext(context, node, ancestors);
      if (madeIn && !authoritiesElsewhere(context, authoritiesGiven(context, node.callee.object))) visit(node, node.callee.property, madeIn);
      continue;
    }
    if (!authoritiesElsewhere(context, authoritiesOf(context, node.callee.object))) visit(node, node.callee.property, undefined);
  }
}

/**
 * The module that makes the context adal-node's own method is called on, where the file does not import
 * adal-node (`adalAuth.createAuthenticationContext(cfg)`, `new adal.AuthenticationContext(url)` of a path, an
 * imported context): only with adal's arguments (resource, username, password, clientId[, callback]) and
 * where the file gives no method of that name itself. A context handed in may be any library's client.
 */
function moduleMakingContext(context: TypeScriptRuleContext, call: MethodCall, ancestors: readonly Node[]): string | undefined {
  if (context.facts.modules.has(ADAL) || call.arguments.length < 4 || call.arguments.some((argument) => argument.type === 'SpreadElement')) return undefined;
  if (unwrap(call.callee.object).type === 'ThisExpression' || ancestors.some(definesMethod) || context.once(definesOwnMethod)) return undefined;
  return context.facts.valuesOf(call.callee.object).map((value) => importedFrom(context, value)).find(Boolean);
}

/** The authorities a context the file makes of another module's class (`new adal.AuthenticationContext(url)`) is given. */
function authoritiesGiven(context: TypeScriptRuleContext, receiver: Node): Node[] {
  // As seen from the call: another test's `var context` is another context.
  return resolvedValuesInScope(context, receiver).flatMap((value) => (value.type === 'NewExpression' && value.arguments[0] ? [value.arguments[0]] : []));
}

/** The module a value comes from: an imported name, or what a call of (or `new` of) an imported function gives. */
function importedFrom(context: TypeScriptRuleContext, value: Node): string | undefined {
  const made = unwrap(value.type === 'AwaitExpression' ? value.argument : value);
  const source = made.type === 'CallExpression' || made.type === 'NewExpression' ? made.callee : made;
  return context.facts.resolveImport(source)?.module;
}

/** Whether the file gives an object or class a method of adal's name (a wrapper, a test double). */
function definesOwnMethod(context: TypeScriptRuleContext): boolean {
  return nodesOfType(context.program, 'Property', 'MethodDefinition', 'PropertyDefinition', 'AssignmentExpression').some((node) =>
    node.type === 'AssignmentExpression'
      ? node.left.type === 'MemberExpression' && memberName(node.left) === METHOD
      : node.key.type === 'Identifier' && node.key.name === METHOD,
  );
}

function contextFromAnotherModuleHit(context: TypeScriptRuleContext, call: TSESTree.CallExpression, method: Node, module: string): RuleHit {
  const [, username] = call.arguments;
  return {
    message:
      'acquireTokenWithUsernamePassword with adal-node\'s arguments (resource, username, password, clientId) signs in with a password (ROPC), ' +
      'which cannot satisfy MFA: it fails with AADSTS50076 once MFA applies to the account; and adal-node is retired (support ended ' +
      `2023-06-30). Redeem a Secure Application Model refresh token with msal-node instead. ${anotherModuleNote(context, call, module)}`,
    startOffset: method.range[0],
    endOffset: call.range[1],
    fixes: [],
    signsInAs: accountsOf(context, username),
  };
}

/**
 * Why a context another module makes gets no fix: the file does not show its authority, or, where the
 * file makes it with `new` of that module's class and an authority, that cloud is closed or the class may be another's.
 */
function anotherModuleNote(context: TypeScriptRuleContext, call: TSESTree.CallExpression, module: string): string {
  const given = call.callee.type === 'MemberExpression' ? authoritiesGiven(context, call.callee.object) : [];
  const closedCloud = closedCloudNote(context, given);
  if (closedCloud) return closedCloud;
  return given.length > 0
    ? `No fix is offered here: the AuthenticationContext is made with a class from another module (${module}), which may not be adal-node's.`
    : `No fix is offered here: the AuthenticationContext comes from another module (${module}), so the file does not show its authority (its cloud and tenant).`;
}

/**
 * Whether the receiver is an adal-node AuthenticationContext: constructed in this file, or from
 * elsewhere in a file that imports adal-node. A same-named method of the file's own classes is not.
 */
function isAdalContext(context: TypeScriptRuleContext, receiver: Node, ancestors: readonly Node[]): boolean {
  const values = context.facts.valuesOf(receiver);
  if (values.some((value) => constructsAdalContext(context, value))) return true;
  if (unwrap(receiver).type === 'ThisExpression' && ancestors.some(definesMethod)) return false;
  const constructsOwnClass = (value: Node): boolean =>
    value.type === 'NewExpression' && value.callee.type === 'Identifier' && context.facts.classes.has(value.callee.name);
  if (values.some(constructsOwnClass)) return false;
  return context.facts.modules.has(ADAL);
}

/**
 * The authorities the AuthenticationContext the call is made on may have been constructed with, as seen
 * from the call (another function's `context` is another context); where the file does not show one,
 * what hides it: a spread of arguments, or the context itself, made elsewhere. A context the call's
 * receiver does not lead to (one a function of the file makes) is one of the file's.
 */
function authoritiesOf(context: TypeScriptRuleContext, receiver: Node): Node[] {
  const isContext = (value: Node): boolean => constructsAdalContext(context, value);
  const followed = resolvedValuesInScope(context, receiver).filter(isContext);
  const constructed = followed.length > 0 ? followed : nodesOfType(context.program, 'NewExpression').filter(isContext);
  if (constructed.length === 0) return [receiver];
  return constructed.map((made) => (made.type === 'NewExpression' ? (made.arguments[0] ?? made) : receiver));
}

/** An AuthenticationContext: one the file constructs from adal-node, or one from elsewhere in a file that imports adal-node. */
function isAdalReceiver(context: TypeScriptRuleContext, receiver: Node): boolean {
  return context.facts.valuesOf(receiver).some((value) => constructsAdalContext(context, value)) || context.facts.modules.has(ADAL);
}

function constructsAdalContext(context: TypeScriptRuleContext, value: Node): boolean {
  if (value.type !== 'NewExpression') return false;
  const constructed = context.facts.resolveImport(value.callee);
  return constructed?.module === ADAL && constructed.name === 'AuthenticationContext';
}

function definesMethod(node: Node): boolean {
  return (
    node.type === 'ClassBody' &&
    node.body.some((member) => member.type === 'MethodDefinition' && member.key.type === 'Identifier' && member.key.name === METHOD)
  );
}

/**
 * The call becomes `withTokenCallback(acquireTokenBySecureAppModel([resource + "/.default"], tenant), callback)`:
 * the callback's text stays where it is, and gets msal's token in the shape of adal's response. `tenant`:
 * the one the context's authority names.
 */
function secureAppModelFix(context: TypeScriptRuleContext, call: TSESTree.CallExpression, tenant: string | undefined, cloudShown: boolean): Fix | undefined {
  const [resource, , , , callback] = call.arguments;
  if (!resource || call.arguments.some((argument) => argument.type === 'SpreadElement')) return undefined;
  // More than adal's five arguments: which of them the code meant as the callback is not for a fix to guess.
  if (call.arguments.length > ADAL_ARGUMENTS) return undefined;
  const token = `${SAM_HELPER}(${[scopesFor(context, resource), ...(tenant ? [tenant] : [])].join(', ')})`;
  const edits: TextEdit[] = [];
  if (!callback) {
    edits.push({ startOffset: call.range[0], endOffset: call.range[1], newText: token });
  } else if (isReference(callback)) {
    const name = context.text.slice(callback.range[0], callback.range[1]);
    edits.push({ startOffset: call.range[0], endOffset: call.range[1], newText: `${CALLBACK_HELPER}(${token}, ${name})` });
  } else {
    // The callback and what follows it (a trailing comma, the line break, the closing parenthesis) stay.
    const last = call.arguments[call.arguments.length - 1];
    edits.push({ startOffset: call.range[0], endOffset: callback.range[0], newText: `${CALLBACK_HELPER}(${token}, ` });
    if (last !== callback) edits.push({ startOffset: callback.range[1], endOffset: last.range[1], newText: '' });
  }
  if (callback) edits.push(...planHelperFunction(context, CALLBACK_HELPER, callbackHelperTemplate(context.style().typed)));
  return {
    title: 'Use the Secure Application Model (refresh token from an MFA-backed consent, msal-node)',
    safeForFixAll: cloudShown && !buildsTenantAtRunTimeIn(context),
    edits: [...edits, ...planSecureAppModelHelper(context)],
  };
}

/** resource, username, password, clientId, callback */
const ADAL_ARGUMENTS = 5;

const tooManyArguments = (count: number): string =>
  `No fix is offered: the call passes ${count} arguments where adal-node takes five (resource, username, password, clientId, callback), so which one is the callback is unclear.`;

const REFRESH_TOKEN_NOTE =
  "The code also uses adal's refresh token (response.refreshToken, acquireTokenWithRefreshToken), which msal-node keeps in its cache " +
  'and the fixed response does not carry: fix-all (mfa-ready fix) leaves the fix to you, to move that path to the Secure Application Model too.';

/**
 * Whether the code reads adal's refresh tokens (`response.refreshToken`, `{ refreshToken }`,
 * `r['refreshToken']`) or redeems them (`acquireTokenWithRefreshToken`): msal's response has none.
 */
function usesAdalRefreshTokens(context: TypeScriptRuleContext): boolean {
  if (methodCalls(context.program, 'acquireTokenWithRefreshToken').length > 0) return true;
  let reads = false;
  walk(context.program, (node) => {
    reads ||= (node.type === 'MemberExpression' && memberName(node) === 'refreshToken') || (node.type === 'Property' && node.parent.type === 'ObjectPattern' && propertyKeyName(node) === 'refreshToken');
  });
  return reads;
}

/** adal asks for a v1 resource; its v2 scope is the resource followed by `/.default`. */
function scopesFor(context: TypeScriptRuleContext, resource: Node): string {
  const quote = context.style().quote;
  const literal = stringValue(resource);
  if (literal !== undefined && !/["'`\\\r\n]/.test(literal)) return `[${quote}${literal}/.default${quote}]`;
  const source = context.text.slice(resource.range[0], resource.range[1]);
  const operand = PRIMARY.has(resource.type) ? source : `(${source})`;
  return `[${operand} + ${quote}/.default${quote}]`;
}

/** A name or a property path, written on one line: the whole call is replaced around it. */
function isReference(node: Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  return node.type === 'MemberExpression' && !node.computed && isReference(node.object);
}

function callbackHelperTemplate(typed: boolean): string {
  const t = (annotation: string): string => (typed ? annotation : '');
  // The callback may be typed for adal's (error: Error, response: TokenResponse): `any` lets it fit.
  const result = '{ accessToken: string; tokenType: string; expiresOn: Date | null; tenantId: string; uniqueId: string; account: { username: string } | null }';
  return `/**
 * Hands msal-node's token to an adal-node style callback, \`(error)\` or \`(null, response)\`, with the
 * fields of adal's TokenResponse that msal's result has (no refreshToken: msal keeps it in its cache).
 */
function ${CALLBACK_HELPER}(promise${t(`: Promise<${result} | null>`)}, callback${t(': (error: any, response?: any) => void')})${t(': void')} {
  promise
    .then((result) => {
      if (!result) throw new Error("msal-node returned no token");
      const expiresOn = result.expiresOn ?? new Date();
      return {
        tokenType: result.tokenType,
        accessToken: result.accessToken,
        expiresOn,
        expiresIn: Math.round((expiresOn.getTime() - Date.now()) / 1000),
        userId: result.account?.username,
        tenantId: result.tenantId,
        oid: result.uniqueId,
      };
    })
    .then((response) => callback(null, response), (error) => callback(error));
}`;
}
