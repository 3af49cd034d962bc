import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { lineNumberAt } from '../../../engine/text';
import { findProperty, isFunction, memberName, methodCalls, nodesOfType, parentOf, type MethodCall, type Node } from '../ast';
import type { ImportedValue } from '../module-facts';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { within } from '../name-bindings';
import { methodsTakenAsValues, takenAsValueNote } from '../methods-as-values';
import {
  appOnlyCredentialCall,
  closedCloudNote,
  otherCloudOptionWithheld,
  otherCloudWithheld,
  planAppOnlyCredential,
  planSecureAppModelCredential,
  secureAppModelCredentialCall,
} from '../sam-helper';
import { tenantArgument } from '../sign-in-tenant';
import { objectLiteral } from '../static-value';
import { PUBLIC_LOGIN_HOST } from '../../shared/microsoft-endpoints';

const MS_REST_MODULES = new Set(['ms-rest-azure', '@azure/ms-rest-nodeauth', 'ms-rest-nodeauth']);
const LOGIN = 'loginWithUsernamePassword';
const LOGIN_WITH_RESPONSE = 'loginWithUsernamePasswordWithAuthResponse';
const USER_CREDENTIALS = 'UserTokenCredentials';
/** Where each API takes the password. */
const PASSWORD_ARGUMENT: Record<string, number> = { [LOGIN]: 1, [LOGIN_WITH_RESPONSE]: 1, [USER_CREDENTIALS]: 3 };

type SignIn = TSESTree.CallExpression | TSESTree.NewExpression;

export const msRestUserCredentialsRule: TypeScriptRule = {
  meta: {
    id: 'ts-ms-rest-user-credentials',
    title: 'ms-rest-azure / ms-rest-nodeauth username/password sign-in (ROPC)',
    description:
      'loginWithUsernamePassword, loginWithUsernamePasswordWithAuthResponse and UserTokenCredentials of ' +
      'ms-rest-azure and @azure/ms-rest-nodeauth sign in with a username and password (the resource owner ' +
      'password credentials grant). Both libraries are deprecated and built on adal-node, whose support ended ' +
      'on 2023-06-30. ROPC cannot perform multi-factor authentication: once MFA applies to the account (every ' +
      'user of a partner tenant, and Azure management calls since 2025-10-01) the sign-in fails with ' +
      'AADSTS50076. Move to an @azure/identity credential, and the azure-arm-* SDK client that uses it to the ' +
      'matching @azure/arm-* package.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'ms-rest-azure'],
    triggers: [LOGIN.toLowerCase(), USER_CREDENTIALS.toLowerCase()],
  },
  check(context) {
    const fromMsRest = (member: TSESTree.MemberExpression): boolean => MS_REST_MODULES.has(context.facts.resolveImport(member)?.module ?? '');
    const hits: RuleHit[] = methodsTakenAsValues(context, LOGIN, fromMsRest, false).map((node) => ({
      message:
        `${LOGIN} signs in with a password (ROPC), which cannot satisfy MFA: it fails with AADSTS50076 once MFA applies to the account; ` +
        `ms-rest-azure and @azure/ms-rest-nodeauth are deprecated and built on adal-node, whose support ended 2023-06-30. ${takenAsValueNote(context, node)}`,
      startOffset: node.range[0],
      endOffset: node.range[1],
      fixes: [],
    }));
    for (const node of nodesOfType(context.program, 'CallExpression', 'NewExpression')) {
      const api = msRestApi(context, node);
      if (!api) continue;
      const signIn = node as SignIn;
      const parent = parentOf(context.program, node);
      const cloudOption = cloudOptionOf(context, signIn, api.name);
      const closedCloud = closedCloudNote(context, [cloudOption.environment], 'environment');
      const otherCloud = closedCloud ? undefined : otherCloudOf(context, cloudOption);
      const fixes = closedCloud || otherCloud ? [] : fixesFor(context, signIn, api.name, parent);
      const why = otherCloud ?? (fixes.length === 0 && !closedCloud ? whyNoFix(context, signIn, api.name) : undefined);
      hits.push({
        message:
          `${api.module} ${api.name} signs in with a password (ROPC), which cannot satisfy MFA: it fails with ` +
          `AADSTS50076 once MFA applies to the account. ${api.module} is deprecated and built on adal-node, whose ` +
          'support ended 2023-06-30. Use an @azure/identity credential, and move the SDK client that takes it to ' +
          'a current @azure/arm-* package (azure-arm-* clients, and @azure/arm-* versions built on ms-rest-js, ' +
          'cannot take it).' +
          (closedCloud
            ? ` ${closedCloud}`
            : why
            ? ` (No fix is offered here: ${why}.)`
            : ' (The fix is not applied unattended: only a current @azure/arm-* client takes the new credential, and the file does not show that its clients are such.)'),
        startOffset: signIn.range[0],
        endOffset: signIn.range[1],
        fixes,
      });
    }
    return hits;
  },
  passwordSinks(context) {
    const sinks: Node[] = [];
    for (const node of nodesOfType(context.program, 'CallExpression', 'NewExpression')) {
      const api = msRestApi(context, node);
      const password = api && (node as SignIn).arguments[PASSWORD_ARGUMENT[api.name]];
      if (password) sinks.push(password);
    }
    return sinks;
  },
};

/** The ms-rest sign-in a call or `new` expression makes, if it makes one. */
function msRestApi(context: TypeScriptRuleContext, node: Node): ImportedValue | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  const target = context.facts.resolveImport(node.callee);
  if (!target || !MS_REST_MODULES.has(target.module)) return undefined;
  const constructs = node.type === 'NewExpression';
  const matches = constructs ? target.name === USER_CREDENTIALS : target.name === LOGIN || target.name === LOGIN_WITH_RESPONSE;
  return matches ? target : undefined;
}

/** What tells the sign-in its cloud: the login's options, UserTokenCredentials' sixth argument. */
interface CloudOption {
  /** The `environment` the sign-in is given; none for ms-rest's default, the public cloud. */
  environment?: Node;
  /** The file does not show the options (a parameter, a call's result): the cloud is not known. */
  unknown?: boolean;
}

function cloudOptionOf(context: TypeScriptRuleContext, signIn: SignIn, api: string): CloudOption {
  if (api === USER_CREDENTIALS) return { environment: signIn.arguments[5] };
  const given = signIn.arguments[2];
  if (!given) return {};
  const options = objectLiteral(given, context.facts);
  return options ? { environment: findProperty(options, 'environment')?.value } : { unknown: true };
}

/** Why the fixes would sign in to another cloud than the sign-in's (its environment's, or ms-rest's default, the public cloud). */
function otherCloudOf(context: TypeScriptRuleContext, { environment, unknown }: CloudOption): string | undefined {
  if (environment) return otherCloudOptionWithheld(context, environment);
  return unknown ? undefined : otherCloudWithheld(context, "the sign-in, in ms-rest's default cloud,", PUBLIC_LOGIN_HOST);
}

/**
 * Quick fixes only, never fix-all: the new credential is an @azure/identity TokenCredential, which the
 * azure-arm-* clients cannot use. No fix where the caller wants more than a credential back: the
 * login callback's subscription list, or the AuthResponse.
 */
function fixesFor(context: TypeScriptRuleContext, signIn: SignIn, api: string, parent: Node | undefined): Fix[] {
  if (credentialMethodCalled(context, signIn)) return [];
  if (api === USER_CREDENTIALS) {
    const [client, domain] = signIn.arguments;
    const tenant = tenantArgument(context, domain, signIn);
    return credentialFixes(context, signIn, secureAppModelCredentialCall(tenant), appOnlyCredentialCall(context, tenant, client));
  }
  if (api === LOGIN_WITH_RESPONSE || !returnsPromiseOnly(context, signIn)) return [];
  const options = signIn.arguments[2]?.type === 'ObjectExpression' ? signIn.arguments[2] : undefined;
  // Without a domain, ms-rest signs in at `common`, which names no tenant.
  const tenant = tenantArgument(context, options && findProperty(options, 'domain')?.value, signIn);
  const secureAppModel = secureAppModelCredentialCall(tenant);
  const appOnly = appOnlyCredentialCall(context, tenant, options && findProperty(options, 'clientId')?.value);
  // The login resolves to the credential: under `await` the credential itself will do.
  if (parent?.type === 'AwaitExpression') return credentialFixes(context, parent, secureAppModel, appOnly);
  return credentialFixes(context, signIn, `Promise.resolve(${secureAppModel})`, `Promise.resolve(${appOnly})`);
}

/** Why `fixesFor` gives a login none: what it hands back is more than the credential a fix makes. */
function whyNoFix(context: TypeScriptRuleContext, login: SignIn, api: string): string | undefined {
  const called = credentialMethodCalled(context, login);
  if (called) return `line ${lineNumberAt(context.text, called.range[0])} ${MS_REST_CREDENTIAL_METHODS[memberName(called.callee) ?? '']}; rewrite that code by hand`;
  if (api === LOGIN_WITH_RESPONSE) {
    return 'it answers with an AuthResponse (the credentials, the token response and the subscriptions), while an @azure/identity credential stands in for the credentials alone; rewrite the code that reads the answer by hand';
  }
  if (api !== LOGIN || returnsPromiseOnly(context, login)) return undefined;
  const last = login.arguments[login.arguments.length - 1];
  const callback = context.facts.valuesOf(last).some((value) => value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression');
  return callback
    ? "the login hands the credentials and the subscriptions to a callback, while an @azure/identity credential is made in place; rewrite the callback's code to use one by hand"
    : 'the file does not show whether the arguments after the password are options or a callback the login hands the credentials to';
}

/** What code that calls an ms-rest credential's own methods relies on, which an @azure/identity credential does not give. */
const MS_REST_CREDENTIAL_METHODS: Record<string, string> = {
  getToken:
    "calls the credentials' own getToken(), which takes no scopes (it asks for the login's token audience) and answers " +
    "{ accessToken }, while an @azure/identity credential's getToken takes the scopes (the audience's /.default) and answers { token }",
  signRequest: "calls the credentials' own signRequest(), which an @azure/identity credential does not have",
};

/**
 * A call of one of the sign-in's credential methods, on a name that holds the credentials (`await
 * login(…)`, `new UserTokenCredentials(…)`) or on the parameter of a `.then` callback of the login.
 */
function credentialMethodCalled(context: TypeScriptRuleContext, signIn: SignIn): MethodCall | undefined {
  const then = thenCallback(context, signIn);
  const holdsCredentials = (call: MethodCall): boolean => {
    const holder = call.callee.object;
    if (then && holder.type === 'Identifier' && holder.name === then.parameter && within(call, then.callback)) return true;
    return context.facts.valuesOf(holder).includes(signIn);
  };
  return Object.keys(MS_REST_CREDENTIAL_METHODS).flatMap((name) => methodCalls(context.program, name)).find(holdsCredentials);
}

/** The `.then(credentials => …)` callback on the sign-in's promise, and the name it gives the credentials. */
function thenCallback(context: TypeScriptRuleContext, signIn: SignIn): { callback: Node; parameter: string } | undefined {
  const member = parentOf(context.program, signIn);
  const call = member && parentOf(context.program, member);
  if (member?.type !== 'MemberExpression' || memberName(member) !== 'then' || call?.type !== 'CallExpression') return undefined;
  const callback = call.arguments[0];
  if (!callback || !isFunction(callback) || callback.params[0]?.type !== 'Identifier') return undefined;
  return { callback, parameter: callback.params[0].name };
}

/** A login without a callback: nothing after the password, or only an options object. */
function returnsPromiseOnly(context: TypeScriptRuleContext, call: SignIn): boolean {
  const rest = call.arguments.slice(2);
  if (rest.length === 0) return true;
  return rest.length === 1 && context.facts.valuesOf(rest[0]).every((value) => value.type === 'ObjectExpression');
}

function credentialFixes(context: TypeScriptRuleContext, replaced: Node, secureAppModel: string, appOnly: string): Fix[] {
  const replace = (newText: string): TextEdit => ({ startOffset: replaced.range[0], endOffset: replaced.range[1], newText });
  return [
    {
      title: 'Use a Secure Application Model credential (@azure/identity TokenCredential; needs an @azure/arm-* client)',
      safeForFixAll: false,
      edits: [replace(secureAppModel), ...planSecureAppModelCredential(context)],
    },
    {
      title: 'Use app-only authentication with a certificate (ClientCertificateCredential; needs an @azure/arm-* client)',
      safeForFixAll: false,
      edits: [replace(appOnly), ...planAppOnlyCredential(context)],
    },
  ];
}
