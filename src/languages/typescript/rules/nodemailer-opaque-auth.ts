import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, memberName, nodesOfType, unwrap, type Node } from '../ast';
import { callerCredential } from '../caller-credentials';
import { resolvedValuesInScope } from '../name-bindings';
import type { TypeScriptRuleContext } from '../rule-context';
import { staticString } from '../static-value';

/** nodemailer's `auth` keys that sign in with a token, not a password. */
const TOKEN_KEYS = ['accessToken', 'refreshToken', 'provisionCallback', 'xoauth2'];

/**
 * nodemailer's `auth` given as an object the file does not show (`auth: options.auth`, a parameter, a
 * configuration module's member): on a Microsoft mail host it holds a user and password, unless the file
 * shows OAuth2 settings anywhere (`type: 'OAuth2'`, an `accessToken`, `authMethod: 'XOAUTH2'`) that it
 * may be. The expression, or undefined where `auth` is absent, written, what a call returns, or may be
 * left out (`undefined`, `null`, `false`).
 */
export function opaqueNodemailerAuth(context: TypeScriptRuleContext, settings: TSESTree.ObjectExpression): Node | undefined {
  const auth = findProperty(settings, 'auth')?.value;
  const value = auth && unwrap(auth);
  if (!value || (value.type !== 'Identifier' && value.type !== 'MemberExpression') || (value.type === 'Identifier' && value.name === 'undefined')) return undefined;
  const shown = resolvedValuesInScope(context, value).some((held) => held.type === 'ObjectExpression' || held.type === 'Literal' || (held.type === 'Identifier' && held.name === 'undefined'));
  if (shown || returnedByCall(context, value) || namesOAuth2Method(context, settings)) return undefined;
  return context.once(showsOAuth2) ? undefined : auth;
}

/**
 * Whether the auth object (or the object it is a member of) is what a call returns (`await oauth2.mailAuth(cfg)`):
 * that code may build OAuth2 settings, so it is not known to hold a password. A module `require` loads is no such call.
 */
function returnedByCall(context: TypeScriptRuleContext, value: Node): boolean {
  let root: Node = value;
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  const held = [value, root].flatMap((node) => resolvedValuesInScope(context, node)).map(unwrap);
  return held.some((node) => node.type === 'AwaitExpression' || (node.type === 'CallExpression' && !isRequire(node)));
}

function isRequire(call: TSESTree.CallExpression): boolean {
  return call.callee.type === 'Identifier' && call.callee.name === 'require';
}

/** nodemailer's `authMethod` naming an OAuth2 mechanism (`XOAUTH2`, `OAUTHBEARER`): the auth object is OAuth2 settings. */
function namesOAuth2Method(context: TypeScriptRuleContext, settings: TSESTree.ObjectExpression): boolean {
  const method = findProperty(settings, 'authMethod');
  const name = method && staticString(method.value, context.facts)?.toUpperCase();
  return name === 'XOAUTH2' || name === 'OAUTHBEARER';
}

/** Whether the file writes nodemailer OAuth2 settings: an object with `type: 'OAuth2'` or a token key, or such a member assigned. */
function showsOAuth2(context: TypeScriptRuleContext): boolean {
  const isOAuth2 = (node: Node): boolean => staticString(node, context.facts)?.toLowerCase() === 'oauth2';
  const objects = nodesOfType(context.program, 'ObjectExpression').some((object) => {
    const type = findProperty(object, 'type');
    return (!!type && isOAuth2(type.value)) || TOKEN_KEYS.some((key) => !!findProperty(object, key));
  });
  return (
    objects ||
    nodesOfType(context.program, 'AssignmentExpression').some((assignment) => {
      const name = assignment.left.type === 'MemberExpression' ? memberName(assignment.left) : undefined;
      return (name === 'type' && isOAuth2(assignment.right)) || (!!name && TOKEN_KEYS.includes(name));
    })
  );
}

const ORIGINS: Record<NonNullable<ReturnType<typeof callerCredential>>['from'], string> = {
  parameter: "the credentials are the callers' (a parameter)",
  accounts: "the credentials are the callers' (a parameter)",
  request: 'the credentials come from the request',
  typed: 'the credentials are typed in by whoever runs the program',
  'command-line': "the credentials come from the program's command line",
  unknown: 'the credentials come from code the file does not show',
};

/** Why an opaque `auth` gets no quick fix, saying where it comes from. */
export function opaqueAuthReason(context: TypeScriptRuleContext, auth: Node): string {
  const written = context.text.slice(auth.range[0], auth.range[1]);
  const shown = written.length <= 40 && !/\s/.test(written) ? ` (${written})` : '';
  const from = callerCredential(context, [auth])?.from;
  const origin = from ? ORIGINS[from] : ORIGINS.unknown;
  return (
    `${origin}: the auth object${shown} holds a user and password unless it is given OAuth2 settings (type: 'OAuth2' with an access token), ` +
    'and the rewrite needs the settings written here; build an OAuth2 auth object where the credentials are chosen'
  );
}
