import type { RuleHit } from '../../../engine/rule';
import {
  asksForOtherServiceOnly,
  AZURE_AD_GRAPH_RETIRED,
  entryMarksEntraRequest,
  FIRST_PARTY_CLIENT_IDS,
  isBareTokenPathOnUnknownBase,
  isTokenEndpoint,
  isUnshownUrl,
  MICROSOFT_RESOURCE_WORDS,
  namesAzureAdGraph,
  namesMicrosoftScope,
  TOKEN_ENDPOINT_WORDS,
} from '../../shared/microsoft-endpoints';
import type { Node } from '../ast';
import { runsInBrowser } from '../browser-code';
import { callerCredential, fixesForCaller } from '../caller-credentials';
import { followedValuesOf, type FollowedValues } from '../followed-values';
import { passwordGrantSentences, signedInToOf, type GrantTarget, type SignedInTo } from '../password-grant-message';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { accountsOf } from '../signed-in-accounts';
import { libraryGrants, OAUTH_CLIENT_WORDS, type LibraryGrant } from './oauth-client-libraries';

const UNKNOWN = '\u0000';

export const oauthClientRopcRule: TypeScriptRule = {
  meta: {
    id: 'ts-oauth-client-ropc',
    title: 'Password grant (ROPC) to Entra ID through a generic OAuth 2 client library',
    description:
      "A generic OAuth 2 client library asks Entra ID's token endpoint for a token with a user's name and password: " +
      "simple-oauth2's ResourceOwnerPassword (ownerPassword before 4.x), client-oauth2's owner flow, " +
      "@badgateway/oauth2-client's password(), openid-client's grant({ grant_type: 'password' }) and " +
      "genericGrantRequest(config, 'password'), node-oauth's getOAuthAccessToken with grant_type 'password', and " +
      "axios-oauth-client's ownerCredentials (or its client with grant_type 'password'), configured with login.microsoftonline.com or another cloud's login " +
      'host. That is the resource owner password credentials grant (ROPC), which cannot perform multi-factor ' +
      'authentication: once MFA applies to the account the request fails with AADSTS50076, and Microsoft requires MFA ' +
      'for every user of a partner tenant, for App+User calls to the Partner Center API (from 2026-04-01) and for Azure ' +
      'management sign-ins (since 2025-10-01). Redeem a Secure Application Model refresh token with the same client instead.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'ropc', 'oauth2'],
    triggers: [...OAUTH_CLIENT_WORDS, 'ownerpassword'],
    requires: [...TOKEN_ENDPOINT_WORDS, ...MICROSOFT_RESOURCE_WORDS, ...FIRST_PARTY_CLIENT_IDS],
  },
  check(context) {
    const values = followedValuesOf(context);
    return context.once(entraGrants).map(({ grant, target }) => hitFor(context, values, grant, target));
  },
  passwordSinks(context) {
    return context.once(entraGrants).flatMap(({ grant }) => (grant.password ? [grant.password] : []));
  },
};

interface EntraGrant {
  grant: LibraryGrant;
  target: GrantTarget;
}

function entraGrants(context: TypeScriptRuleContext): EntraGrant[] {
  const values = followedValuesOf(context);
  return libraryGrants(context).flatMap((grant) => {
    const target = targetOf(values, grant);
    return target ? [{ grant, target }] : [];
  });
}

/**
 * Where the grant goes, judged as ts-ropc-http judges a request: to a token endpoint the file shows
 * (a Microsoft login host, or an Entra token path on a host it does not show); to `<base>/oauth2/token`
 * on an unknown base, which other servers have too (unnamed, unless the request names a Microsoft
 * resource or client, and none where it asks for another service's scopes); to a URL the file does not
 * show only where the request asks for a token that only Entra ID issues. Undefined where it goes elsewhere.
 */
function targetOf(values: FollowedValues, grant: LibraryGrant): GrantTarget | undefined {
  const marksEntra = marksEntraRequest(values, grant);
  if (!grant.urls.some(isTokenEndpoint)) return grant.urls.every(isUnshownUrl) && marksEntra ? 'unshown' : undefined;
  if (!grant.urls.every(isBareTokenPathOnUnknownBase)) return 'shown';
  const scopes = grant.scopes.map((scope) => scopeShape(values, scope));
  if (asksForOtherServiceOnly(scopes)) return undefined;
  return marksEntra || scopes.some(namesMicrosoftScope) ? 'shown' : 'unnamed';
}

/** Whether the request's scope or resource names a Microsoft service, or its client is one of Microsoft's own (see entryMarksEntraRequest). */
function marksEntraRequest(values: FollowedValues, grant: LibraryGrant): boolean {
  const marks = (key: string, node: Node): boolean => entryMarksEntraRequest(key, written(values, node), () => scopeShape(values, node));
  return grant.scopes.some((scope) => marks('scope', scope)) || grant.clientIds.some((id) => marks('client_id', id));
}

/** A scope or resource as one string: a list's items joined with spaces, unknown parts as `\u0000`. */
function scopeShape(values: FollowedValues, scope: Node): string {
  const shapes = values.valuesOf(scope).map((value) => {
    if (value.type !== 'ArrayExpression') return values.shapeOf(value) ?? UNKNOWN;
    return value.elements.map((item) => (item && item.type !== 'SpreadElement' ? (values.shapeOf(item) ?? UNKNOWN) : UNKNOWN)).join(' ');
  });
  return shapes.length === 1 ? shapes[0] : UNKNOWN;
}

/** What the token is for, by the request's scopes or resource: Partner Center's sign-ins have a date of their own. */
function signedInTo(context: TypeScriptRuleContext, values: FollowedValues, grant: LibraryGrant): SignedInTo {
  return signedInToOf(grant.scopes.flatMap((scope) => [scopeShape(values, scope), context.text.slice(...scope.range)]));
}

function written(values: FollowedValues, node: Node): string {
  return values.staticOf(node) ?? '';
}

function hitFor(context: TypeScriptRuleContext, values: FollowedValues, grant: LibraryGrant, target: GrantTarget): RuleHit {
  const caller = fixesForCaller(callerCredential(context, [grant.username, grant.password]), []);
  const start = grant.call.callee.type === 'MemberExpression' ? grant.call.callee.property.range[0] : grant.call.range[0];
  return {
    message: passwordGrantSentences(target, grant.api, signedInTo(context, values, grant)) + caller.advice(advice(context, values, grant)),
    startOffset: start,
    endOffset: grant.call.range[1],
    related: [...credentialsSent(grant), ...caller.related],
    fixes: [],
    ...(target === 'unnamed' ? { severity: 'warning' as const } : {}),
    signsInAs: accountsOf(context, grant.username) ?? [],
  };
}

/** What to do instead, where the credentials are the code's own: the same client redeems a Secure Application Model refresh token. */
function advice(context: TypeScriptRuleContext, values: FollowedValues, grant: LibraryGrant): string {
  const retired = grant.scopes.some((scope) => namesAzureAdGraph(scopeShape(values, scope)));
  const noFix = `No fix is offered: ${retired ? AZURE_AD_GRAPH_RETIRED : `${grant.library} builds the token request itself`}.`;
  if (runsInBrowser(context)) {
    return (
      "The file runs in a browser, where an app's secret and a refresh token must not go: redeem a Secure Application Model refresh token on a " +
      `server and hand the page only the access token, or sign the user in with MSAL.js (loginPopup, acquireTokenPopup), which performs MFA. ${noFix}`
    );
  }
  return (
    `Redeem a Secure Application Model refresh token with the same client instead (${grant.refresh}): one from a one-time admin consent, done with ` +
    `MFA, to the app the client is configured with, and store back the new refresh token each answer carries (unused, it lapses after 90 days). ${noFix}`
  );
}

function credentialsSent(grant: LibraryGrant): NonNullable<RuleHit['related']> {
  return (['username', 'password'] as const).flatMap((key) => {
    const node = grant[key];
    return node ? [{ message: `the ${key} is sent here`, startOffset: node.range[0], endOffset: node.range[1] }] : [];
  });
}
