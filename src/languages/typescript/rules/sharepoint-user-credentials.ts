import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { findProperty, nodesOfType, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { planSecureAppModelCredential, SAM_CREDENTIAL } from '../sam-helper';
import { objectLiteral, stringShape } from '../static-value';

/** The SharePoint Online hosts of every cloud: node-sp-auth signs a user in to these with extSTS.srf. */
const SHAREPOINT_ONLINE = /(?:^|\.)sharepoint(?:-mil)?\.(?:com|us|cn|de)$/i;
/** Credential properties that point a user sign-in at an on-premises farm: NTLM's domain, forms, TMG, ADFS. */
const ON_PREMISES_KEYS = ['domain', 'workstation', 'fba', 'tmg', 'relyingParty', 'adfsUrl'];

/** A library call that takes node-sp-auth's credentials, and where it takes them and the site URL. */
interface SignInApi {
  module: string;
  name: string;
  credentials: number;
  /** The site URL: an argument, or a property of an argument. */
  url?: { argument: number; property?: string };
  /** Only node-sp-auth's own getAuth resolves to request headers, which a token can stand in for. */
  fixable: boolean;
}

const SIGN_IN_APIS: readonly SignInApi[] = [
  { module: 'node-sp-auth', name: 'getAuth', credentials: 1, url: { argument: 0 }, fixable: true },
  { module: 'spsave', name: 'spsave', credentials: 1, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  { module: 'gulp-spsave', name: 'default', credentials: 1, url: { argument: 0, property: 'siteUrl' }, fixable: false },
  { module: 'sp-request', name: 'create', credentials: 0, fixable: false },
];

const WHY =
  'signs in to SharePoint Online with a username and password (node-sp-auth sends them to Entra ID for a ' +
  'security token), which cannot perform multi-factor authentication: the sign-in fails once MFA applies to the ' +
  'account, and Microsoft requires MFA for every user of a partner tenant, service accounts included.';

type SignIn = TSESTree.CallExpression;

export const sharePointUserCredentialsRule: TypeScriptRule = {
  meta: {
    id: 'ts-sharepoint-user-credentials',
    title: 'SharePoint Online sign-in with a username and password (node-sp-auth, spsave, sp-request)',
    description:
      "node-sp-auth's getAuth, spsave, gulp-spsave and sp-request given a user's username and password sign in to " +
      'SharePoint Online with them, which cannot perform multi-factor authentication. Send a bearer token from the ' +
      'Secure Application Model instead.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'credential', 'sharepoint'],
    triggers: ['node-sp-auth', 'spsave', 'sp-request'],
  },
  check(context) {
    return userSignIns(context).map(({ call, api, online }): RuleHit => {
      const fixes = api.fixable ? tokenFix(context, call, online) : [];
      return {
        message: `${api.module === 'node-sp-auth' ? 'node-sp-auth getAuth' : api.module} ${WHY} ${instead(api, fixes.length > 0)}`,
        startOffset: call.range[0],
        endOffset: call.range[1],
        fixes,
      };
    });
  },
  passwordSinks(context) {
    return userSignIns(context).flatMap(({ password }) => [password]);
  },
};

function instead(api: SignInApi, fixed: boolean): string {
  if (fixed) {
    return (
      'The fix gets the request headers from a Secure Application Model token for the site (the partner app needs ' +
      "SharePoint's delegated permissions) instead: `Authorization: Bearer …` where node-sp-auth gave cookies."
    );
  }
  const why =
    api.module === 'node-sp-auth'
      ? 'the site URL is not known in this file'
      : `${api.module} takes node-sp-auth credentials only, and of those only a password or SharePoint's ACS app-only (retired on 2026-04-02) work unattended`;
  return (
    `No fix is offered: ${why}. Call SharePoint's REST API (or Microsoft Graph) with an \`Authorization: Bearer\` ` +
    'token from the Secure Application Model, or app-only with a certificate.'
  );
}

interface UserSignIn {
  call: SignIn;
  api: SignInApi;
  password: Node;
  /** The site is SharePoint Online as written; otherwise the file does not show it. */
  online: boolean;
}

/** The calls that hand a username and password to a SharePoint Online sign-in (or to a site the file does not name). */
function userSignIns(context: TypeScriptRuleContext): UserSignIn[] {
  return context.once(findUserSignIns);
}

function findUserSignIns(context: TypeScriptRuleContext): UserSignIn[] {
  const found: UserSignIn[] = [];
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    const api = signInApi(context, call);
    const credentials = api && call.arguments[api.credentials];
    const object = credentials && objectLiteral(credentials, context.facts);
    const password = object && findProperty(object, 'password')?.value;
    if (!api || !object || !password || !findProperty(object, 'username')) continue;
    const online = sharePointOnline(siteUrl(context, call, api));
    if (online === false || (online === undefined && ON_PREMISES_KEYS.some((key) => findProperty(object, key)))) continue;
    found.push({ call, api, password, online: online === true });
  }
  return found;
}

function signInApi(context: TypeScriptRuleContext, call: SignIn): SignInApi | undefined {
  const target = context.facts.resolveImport(call.callee);
  if (!target) return undefined;
  // `require('spsave')` and `import spsave from 'gulp-spsave'` may denote the function itself.
  return SIGN_IN_APIS.find((api) => api.module === target.module && (api.name === target.name || (target.name === '*' && api.name === 'default')));
}

/** The site URL as far as the file shows it (unknown parts as `\u0000`), or undefined. */
function siteUrl(context: TypeScriptRuleContext, call: SignIn, api: SignInApi): string | undefined {
  if (!api.url) return undefined;
  let node: Node | undefined = call.arguments[api.url.argument];
  if (node && api.url.property) {
    const options = objectLiteral(node, context.facts);
    node = options && findProperty(options, api.url.property)?.value;
  }
  const shape = node && stringShape(node, context.facts);
  return shape === undefined || /^\u0000/.test(shape) ? undefined : shape;
}

/** Whether a site URL is SharePoint Online's; undefined where the file does not show its host. */
function sharePointOnline(url: string | undefined): boolean | undefined {
  const authority = url === undefined ? undefined : /^\s*https?:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined) return undefined;
  const host = authority.replace(/:[\d\u0000]*$/, '');
  // A host built at run time (`https://${tenant}.sharepoint.com`) still shows the cloud's suffix.
  if (SHAREPOINT_ONLINE.test(host.replace(/^.*\u0000/, 'x'))) return true;
  return host.includes('\u0000') ? undefined : false;
}

/**
 * getAuth resolves to `{ headers }`: a token for the site's origin, asked of the Secure Application
 * Model credential, gives the same shape with a bearer header instead of node-sp-auth's cookies.
 */
function tokenFix(context: TypeScriptRuleContext, call: SignIn, online: boolean): Fix[] {
  const url = call.arguments[0];
  if (!url || url.type === 'SpreadElement') return [];
  const site = context.text.slice(url.range[0], url.range[1]);
  // Typed code goes on to add headers of its own (`headers['Accept'] = …`).
  const headers = `{ Authorization: \`Bearer \${token?.token}\` }${context.style().typed ? ' as Record<string, string>' : ''}`;
  const newText = `${SAM_CREDENTIAL}().getToken(\`\${new URL(${site}).origin}/.default\`).then((token) => ({ headers: ${headers} }))`;
  return [
    {
      title: 'Get the headers from a Secure Application Model token (Authorization: Bearer)',
      // Unattended only where the file shows a SharePoint Online site: elsewhere it may be a farm.
      safeForFixAll: online,
      edits: [{ startOffset: call.range[0], endOffset: call.range[1], newText }, ...planSecureAppModelCredential(context)],
    },
  ];
}
