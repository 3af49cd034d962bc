import type { TextEdit } from '../../engine/finding';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { nodesOf, nodesOfType, parentOf, readOfStatement, type Node } from './ast';
import { bindingOf, valuesSeenInScope } from './name-bindings';
import { planImport } from './module-import';
import { planHelperFunction, type TypeScriptRuleContext } from './rule-context';
import { planSecretAccess, type SecretAccess } from './secret-access';
import { lineNumberAt } from '../../engine/text';
import { authorityHostAmong, authorityHostFor, buildsTenantAtRunTime, CLOSED_GERMAN_LOGIN_HOST, closedGermanCloudNote, type GermanCloudNamedBy, cloudLoginHostsIn, declaredFromEnvironment, FIRST_PARTY_CLIENT_IDS, isLoginHost, namesOtherIdentityProvider, PUBLIC_LOGIN_HOST } from '../shared/microsoft-endpoints';
import { possibleValues, staticString, stringShape } from './static-value';
import { authorityValues, declaredFromEnvironmentAt } from './sign-in-tenant';
import { sqlSignInLoginHosts } from './sql-password-sign-ins';
import { APP_ONLY_CREDENTIAL, APP_ONLY_HELPER, SAM_CREDENTIAL, SAM_HELPER } from '../shared/token-helpers';

export { APP_ONLY_CREDENTIAL, APP_ONLY_HELPER, SAM_CREDENTIAL, SAM_HELPER };

/**
 * The token code that fixes generate in place of a password sign-in: the Secure Application Model
 * (delegated access through a refresh token from an MFA-backed consent) and app-only authentication,
 * each added once per file as a function (hoisted, so usable before its definition).
 */


/** Whether the file works out a sign-in's tenant at run time (see `buildsTenantAtRunTime`): read once per file. */
export function buildsTenantAtRunTimeIn(context: TypeScriptRuleContext): boolean {
  return context.once(tenantAtRunTimeInFile);
}

const tenantAtRunTimeInFile = (context: TypeScriptRuleContext): boolean =>
  buildsTenantAtRunTime(context.text, (name, at) => {
    const read = nodesOfType(context.program, 'Identifier').find((node) => node.range[0] === at && node.name === name);
    // Text that is no read of a name (a comment, a string) is read as the whole file's.
    return read ? declaredFromEnvironmentAt(context, read) : declaredFromEnvironment(context.text, name);
  });

/**
 * Said where the sign-in's tenant is worked out at run time (see `buildsTenantAtRunTime`): the fix is not
 * applied unattended. `kept`: the fix passes the code's tenant on. It then signs in where the code did,
 * but with the one refresh token it is given, in every tenant the code works out: that works only
 * where the consenting account has delegated access to each tenant and the app is consented there,
 * which the file cannot show, and a tenant where it is not fails at run time.
 */
export function runTimeTenantNote(kept: boolean): string {
  return kept
    ? "This file works out the sign-in's tenant at run time (a customer's, say); the Secure Application Model fix keeps that tenant but " +
        'redeems one refresh token, from one consent, in each of them, which needs that account to have delegated access to every such ' +
        'tenant and the app to be consented there: fix-all leaves that fix to you.'
    : "This file works out the sign-in's tenant at run time (a customer's, say), while the Secure Application Model fix signs in " +
        'to the one tenant set for it (TENANT_ID): fix-all leaves that fix to you.';
}

/**
 * The authority a client is given (adal's `new AuthenticationContext(authority)`, msal's `auth.authority`
 * or `azureCloudOptions.azureCloudInstance`, @azure/identity's `authorityHost`) where it shows no
 * Microsoft login host: built on a host read at run time (`${config.authorityUrl}${tenantId}`, a setting
 * that may name another cloud), another host altogether (B2C's), or a choice between clouds
 * (`gov ? AzureAuthorityHosts.AzureGovernment : AzureAuthorityHosts.AzurePublicCloud`). The fixes sign
 * in through the one login host the file shows, or the public cloud's.
 */
function authorityHostNotShown(context: TypeScriptRuleContext, authority: Node): boolean {
  const clouds = authorityValues(context, authority).map((value) => shownLoginHost(context, value));
  return clouds.some((cloud) => cloud === undefined) || new Set(clouds).size > 1;
}

/**
 * Whether a client's authority signs in elsewhere than Entra ID's workforce tenants, whichever value it
 * takes (see `namesOtherIdentityProvider`): Azure AD B2C, Entra External ID or an on-premises AD FS, for
 * whose users no MFA requirement of Microsoft's cloud applies, and whose token endpoints ts-ropc-http
 * leaves alone too. A sign-in there is no finding.
 */
export function authorityElsewhere(context: TypeScriptRuleContext, authority: Node | undefined): boolean {
  return !!authority && possibleValues(authority).every((value) => namesOtherIdentityProvider(stringShape(value, valuesSeenInScope(context)) ?? ''));
}

/** Whether a client's authorities (one per construction the call may reach) are all another identity provider's; none shown is Entra ID's. */
export function authoritiesElsewhere(context: TypeScriptRuleContext, authorities: readonly Node[]): boolean {
  return authorities.length > 0 && authorities.every((authority) => authorityElsewhere(context, authority));
}

/** The login host an authority value shows, as its cloud's (see `authorityHostFor`): a URL, or an SDK's name for the cloud. */
function shownLoginHost(context: TypeScriptRuleContext, value: Node): string | undefined {
  const named = cloudNamed(context, value) ?? (value.type === 'Identifier' ? valuesSeenInScope(context).valuesOf(value).map((v) => cloudNamed(context, v)).find(Boolean) : undefined);
  if (named) return named;
  const host = shownHost(context, value)?.toLowerCase();
  if (host === CLOSED_GERMAN_LOGIN_HOST) return host;
  return host && isLoginHost(host) ? authorityHostFor(`https://${host}/`) : undefined;
}

/** The host an authority value's URL shows, whatever it is. */
function shownHost(context: TypeScriptRuleContext, value: Node): string | undefined {
  const shape = stringShape(value, valuesSeenInScope(context));
  return shape === undefined ? undefined : /^\s*https?:\/\/([^/:?#\s\u0000]+)(?=[/:?#]|$)/i.exec(shape)?.[1];
}

/**
 * The enums in which SDKs name a cloud: @azure/identity's, msal's, ms-rest-azure's, @azure/ms-rest-azure-env's
 * `Environment`; imported from one of their modules (a project's own enum of that name is another).
 */
const CLOUD_ENUMS = new Set(['AzureAuthorityHosts', 'AzureCloudInstance', 'AzureEnvironment', 'Environment']);
/** The member names of those enums that `cloudNamed` reads a cloud from. */
const NAMES_A_CLOUD = /Gov|China|German|^Azure(?:Public(?:Cloud)?|Cloud)?$/i;
const CLOUD_ENUM_MODULES = /^(?:@azure\/(?:identity|msal-node|msal-common|ms-rest-azure-env|ms-rest-nodeauth)|ms-rest-azure|ms-rest-nodeauth)$/;

/**
 * The login host of a cloud an SDK names (`AzureAuthorityHosts.AzureGovernment`, msal's
 * `AzureCloudInstance.AzureChina`, ms-rest-azure's `AzureEnvironment.AzureUSGovernment`, ms-rest-azure-env's
 * `Environment.USGovernment`); Germany's is its closed cloud's host (see `closedCloudNote`). Undefined
 * for any other value.
 */
function cloudNamed(context: TypeScriptRuleContext, value: Node): string | undefined {
  // The member's name first: every member expression of a module is asked (see `authorityHostOfStrings`), and whose object it is takes following its values.
  if (!mayNameCloud(value) || !isCloudEnum(context, value.object)) return undefined;
  const cloud = value.property.name;
  if (/Gov/i.test(cloud)) return authorityHostFor('https://login.microsoftonline.us/');
  if (/China/i.test(cloud)) return authorityHostFor('https://login.chinacloudapi.cn/');
  if (/German/i.test(cloud)) return CLOSED_GERMAN_LOGIN_HOST;
  return /^Azure(?:Public(?:Cloud)?|Cloud)?$/i.test(cloud) ? PUBLIC_LOGIN_HOST : undefined;
}

/** Whether a value is a member whose name may name a cloud (`x.AzureGovernment`): whose object it is tells. */
function mayNameCloud(value: Node): value is TSESTree.MemberExpression & { property: TSESTree.Identifier } {
  return value.type === 'MemberExpression' && !value.computed && value.property.type === 'Identifier' && NAMES_A_CLOUD.test(value.property.name);
}

/**
 * Whether a reference is one of the SDKs' cloud enums: imported by its name (`AzureAuthorityHosts`),
 * read off the module's namespace (`msRestAzure.AzureEnvironment`), or a name given either
 * (`const AzureEnvironment = msRestAzure.AzureEnvironment`). A project's own enum of that name is another.
 */
function isCloudEnum(context: TypeScriptRuleContext, reference: Node, depth = 0): boolean {
  if (reference.type === 'MemberExpression') {
    const { object, property } = reference;
    return !reference.computed && property.type === 'Identifier' && CLOUD_ENUMS.has(property.name) && object.type === 'Identifier' && importedFromCloudModule(context, object.name);
  }
  if (reference.type !== 'Identifier') return false;
  if (CLOUD_ENUMS.has(reference.name) && importedFromCloudModule(context, reference.name)) return true;
  return depth < 2 && context.facts.valuesOf(reference).some((value) => value !== reference && isCloudEnum(context, value, depth + 1));
}

const importedFromCloudModule = (context: TypeScriptRuleContext, name: string): boolean => CLOUD_ENUM_MODULES.test(context.facts.imports.get(name)?.module ?? '');

/**
 * Why fix-all leaves the Secure Application Model fix of a sign-in to a person where its cloud is not
 * the one the generated code signs in through: its authority shows no login host (see
 * `authorityHostNotShown`), or shows another cloud's than the file's (a file that names two clouds gets
 * the public one), or it has none (the library's default, the public cloud) in a file whose code is
 * another cloud's. Undefined where they agree. `authority`: the client's authority or cloud option.
 */
export function otherCloudNote(context: TypeScriptRuleContext, authority: Node | undefined): string | undefined {
  if (authority && authorityHostNotShown(context, authority)) return authorityNotShownNote(context, authority);
  const own = authority ? shownLoginHost(context, authorityValues(context, authority)[0]) : PUBLIC_LOGIN_HOST;
  const generated = authorityHostOf(context);
  if (!own || own === generated) return undefined;
  const where = authority ? `its authority (line ${lineNumberAt(context.text, authority.range[0])}) is ${own}'s cloud` : `it signs in to the public cloud (${own}), its library's default`;
  return `This sign-in's cloud is not the one the fix signs in through: ${where}, and the Secure Application Model fix signs in through ${generated}, the cloud the file's code names: fix-all leaves that fix to you.`;
}

/**
 * Said in place of the fixes where a sign-in's authority (or cloud option) names Microsoft Cloud
 * Deutschland, whatever value it takes (see `closedGermanCloudNote`); undefined elsewhere.
 */
export function closedCloudNote(context: TypeScriptRuleContext, authorities: readonly (Node | undefined)[], namedBy: GermanCloudNamedBy = 'authority'): string | undefined {
  const values = authorities.flatMap((authority) => (authority ? authorityValues(context, authority) : []));
  return values.some((value) => shownLoginHost(context, value) === CLOSED_GERMAN_LOGIN_HOST) ? closedGermanCloudNote(namedBy) : undefined;
}

/**
 * Why a sign-in gets no fix where its cloud cannot be kept: `what` (its server, its environment) is in
 * `own`'s cloud, and the fixes would send the partner's refresh token or app secret to the file's
 * (see `authorityHostOf`). Undefined where they agree or `own` is not known.
 */
export function otherCloudWithheld(context: TypeScriptRuleContext, what: string, own: string | undefined): string | undefined {
  const generated = authorityHostOf(context);
  if (!own || own === generated) return undefined;
  return (
    `${what} signs in through ${own}, which belongs to another Microsoft cloud than ${generated}, where the fixes would sign in ` +
    "(the cloud the file's code names): they would send the partner's refresh token or app secret to another cloud than the code signs in to"
  );
}

/** `otherCloudWithheld` of a client's cloud option (ms-rest's `environment`), also where it shows none. */
export function otherCloudOptionWithheld(context: TypeScriptRuleContext, option: Node): string | undefined {
  const what = `its cloud (line ${lineNumberAt(context.text, option.range[0])})`;
  if (authorityHostNotShown(context, option)) {
    return `${what} is not shown, and the fixes sign in through ${authorityHostOf(context)}, which may be another Microsoft cloud than the code signs in to, with the partner's refresh token or app secret`;
  }
  return otherCloudWithheld(context, what, shownLoginHost(context, authorityValues(context, option)[0]));
}

/** Said where `authorityHostNotShown`: the Secure Application Model fix is not applied unattended. */
function authorityNotShownNote(context: TypeScriptRuleContext, authority: Node): string {
  const line = lineNumberAt(context.text, authority.range[0]);
  const generated = authorityHostOf(context);
  // `adfs ? "https://adfs.contoso.com/adfs" : entraAuthority`: that host is shown, and it is not Entra ID's.
  const values = authorityValues(context, authority);
  if (values.some((value) => authorityElsewhere(context, value))) {
    return (
      `The client's authority (line ${line}) may be another identity provider than Entra ID (an on-premises AD FS, Azure AD B2C ` +
      `or External ID), while the Secure Application Model fix signs in to Entra ID through ${generated}: fix-all leaves that fix to you.`
    );
  }
  const unknownHost = values.map((value) => shownHost(context, value)).find((host) => host !== undefined && !isLoginHost(host));
  const shows = unknownHost ? `names ${unknownHost}, which is no login host this tool knows` : 'does not show its login host';
  const client = madeElsewhere(context, authority) ?? `The client's authority (line ${line}) ${shows}`;
  return (
    `${client}, while the Secure ` +
    `Application Model fix signs in through ${generated}, which may be another cloud: fix-all leaves that fix to you.`
  );
}

/**
 * Said where the file does not show where the client is made (the rule hands over the call's receiver,
 * `pca.acquireTokenByUsernamePassword(…)`): a line would name the call, not the authority.
 */
function madeElsewhere(context: TypeScriptRuleContext, authority: Node): string | undefined {
  const parent = parentOf(context.program, authority);
  if (parent?.type !== 'MemberExpression' || parent.object !== authority) return undefined;
  const name = context.text.slice(authority.range[0], authority.range[1]);
  const imported = authority.type === 'Identifier' ? context.facts.imports.get(authority.name) : undefined;
  if (imported) return `The client (${name}) is made in ${imported.module}: the file does not show its authority's login host`;
  const passedIn = authority.type === 'Identifier' && bindingOf(context, authority).kind === 'passed-in';
  return passedIn
    ? `The client (${name}) is a parameter: the file does not show where it is made, nor its authority's login host`
    : `The file does not show where the client (${name}) is made, nor its authority's login host`;
}

/**
 * The login host the generated code signs in through (see `authorityHostFor`), judged by the module's
 * strings: a comment that names another cloud (`// or login.microsoftonline.us`) does not move it there.
 */
function authorityHostOf(context: TypeScriptRuleContext): string {
  return context.once(authorityHostOfStrings);
}

function authorityHostOfStrings(context: TypeScriptRuleContext): string {
  // An Azure SQL sign-in's server names its cloud as a login host does (its token comes from there).
  const named = new Set<string>(sqlSignInLoginHosts(context));
  for (const statement of context.program.body) {
    const { hosts, cloudMembers } = readOfStatement(statement, loginHostsOfStatement);
    for (const host of hosts) named.add(host);
    for (const member of cloudMembers) {
      const host = cloudNamed(context, member);
      if (host) named.add(host);
    }
  }
  return authorityHostAmong(named);
}

/**
 * The login hosts a top-level statement's strings name, and its members that may name a cloud (whose
 * object takes the module's imports to tell): read once per statement, as an edit elsewhere leaves them.
 */
function loginHostsOfStatement(statement: Node): { hosts: string[]; cloudMembers: TSESTree.MemberExpression[] } {
  const strings: string[] = [];
  const cloudMembers: TSESTree.MemberExpression[] = [];
  for (const node of nodesOf(statement)) {
    if (node.type === 'Literal' && typeof node.value === 'string') strings.push(node.value);
    else if (node.type === 'TemplateElement') strings.push(node.value.raw);
    else if (node.type === 'MemberExpression' && mayNameCloud(node)) cloudMembers.push(node);
  }
  return { hosts: cloudLoginHostsIn(strings.join('\n')), cloudMembers };
}


const MSAL_NODE = '@azure/msal-node';
const IDENTITY = '@azure/identity';

export function samHelperTemplate(clientClass: string, secrets: SecretAccess, typed: boolean, authorityHost: string): string {
  const t = (annotation: string): string => (typed ? annotation : '');
  return `/**
 * Secure Application Model: redeems the refresh token from the partner's one-time admin consent (done
 * with MFA) for an access token, and stores the rotated refresh token back for the next run. The token
 * is for the tenant the replaced sign-in named (tenantId), or else the one set for it (TENANT_ID).
 */
async function ${SAM_HELPER}(scopes${t(': string[]')}, tenantId${t('?: string')}) {
  const app = new ${clientClass}({
    auth: {
      clientId: ${secrets.read('APP_ID')},
      clientSecret: ${secrets.read('APP_SECRET')},
      authority: \`https://${authorityHost}/\${tenantId ?? ${secrets.read('TENANT_ID')}}\`,
    },
  });
  // forceCache: msal caches what a refresh token brings only for an account it already holds.
  const result = await app.acquireTokenByRefreshToken({ refreshToken: ${secrets.read('REFRESH_TOKEN')}, scopes, forceCache: true });
  // msal hands out the rotated refresh token only through its token cache.
  const cache = JSON.parse(app.getTokenCache().serialize())${t(' as { RefreshToken?: Record<string, { secret: string }> }')};
  const rotated = Object.values(cache.RefreshToken ?? {})[0]?.secret;
  if (rotated) ${secrets.store('REFRESH_TOKEN', 'rotated')};
  return result;
}`;
}

/** Edits that make `acquireTokenBySecureAppModel(scopes)` callable in the file (the same for every fix in it). */
export function planSecureAppModelHelper(context: TypeScriptRuleContext): TextEdit[] {
  return [...context.once(secureAppModelHelperEdits)];
}

/** Edits that make `acquireTokenAppOnly(scopes)`, msal's client credentials with a certificate, callable in the file. */
export function planAppOnlyHelper(context: TypeScriptRuleContext): TextEdit[] {
  return [...context.once(appOnlyHelperEdits)];
}

function secureAppModelHelperEdits(context: TypeScriptRuleContext): TextEdit[] {
  const client = planImport(context.facts, context.text, context.style(), MSAL_NODE, 'ConfidentialClientApplication');
  const secrets = planSecretAccess(context);
  const template = samHelperTemplate(client.reference, secrets, context.style().typed, authorityHostOf(context));
  return [...client.edits, ...planHelperFunction(context, SAM_HELPER, template), ...secrets.edits];
}

function appOnlyHelperEdits(context: TypeScriptRuleContext): TextEdit[] {
  const client = planImport(context.facts, context.text, context.style(), MSAL_NODE, 'ConfidentialClientApplication');
  const secrets = planSecretAccess(context);
  const template = appOnlyHelperTemplate(client.reference, secrets, context.style().typed, authorityHostOf(context));
  return [...client.edits, ...planHelperFunction(context, APP_ONLY_HELPER, template), ...secrets.edits];
}

function appOnlyHelperTemplate(clientClass: string, secrets: SecretAccess, typed: boolean, authorityHost: string): string {
  const t = (annotation: string): string => (typed ? annotation : '');
  return `/**
 * App-only authentication with a certificate: no user signs in, so MFA does not apply. The token
 * carries the app's own permissions, asked for as one \`.default\` scope per resource, in the tenant
 * the replaced sign-in named (tenantId), or else the one set for it (TENANT_ID).
 */
async function ${APP_ONLY_HELPER}(scopes${t(': string[]')}, tenantId${t('?: string')}) {
  const app = new ${clientClass}({
    auth: {
      clientId: ${secrets.read('APP_ID')},
      clientCertificate: {
        thumbprintSha256: ${secrets.read('CERT_THUMBPRINT')},
        privateKey: ${secrets.read('CERT_PRIVATE_KEY')},
      },
      authority: \`https://${authorityHost}/\${tenantId ?? ${secrets.read('TENANT_ID')}}\`,
    },
  });
  // A delegated scope is its resource's URI and a permission; a bare permission such as User.Read is Graph's.
  // Sign-in scopes (openid, offline_access, …) name no resource, and an app gets no refresh token.
  const resourceScopes = scopes.filter((scope) => !["openid", "profile", "email", "offline_access"].includes(scope));
  const resourceOf = (scope${t(': string')}) => {
    const permission = scope.lastIndexOf("/");
    if (permission < 0) return "https://graph.microsoft.com";
    const scheme = scope.indexOf("://");
    return scheme >= 0 && permission < scheme + 3 ? scope : scope.slice(0, permission);
  };
  return app.acquireTokenByClientCredential({ scopes: [...new Set(resourceScopes.length ? resourceScopes.map(resourceOf) : ["https://graph.microsoft.com"])].map((resource) => \`\${resource}/.default\`) });
}`;
}

/** Edits that make `secureAppModelCredential()`, an @azure/identity `TokenCredential`, callable in the file. */
export function planSecureAppModelCredential(context: TypeScriptRuleContext): TextEdit[] {
  return [...context.once(secureAppModelCredentialEdits)];
}

function secureAppModelCredentialEdits(context: TypeScriptRuleContext): TextEdit[] {
  const t = (annotation: string): string => (context.style().typed ? annotation : '');
  const template = `/**
 * An @azure/identity TokenCredential for delegated access through the Secure Application Model
 * (see ${SAM_HELPER}): it signs in without a password, so MFA does not stop it.
 */
function ${SAM_CREDENTIAL}(tenantId${t('?: string')}) {
  return {
    async getToken(scopes${t(': string | string[]')})${t(': Promise<{ token: string; expiresOnTimestamp: number }>')} {
      const result = await ${SAM_HELPER}(typeof scopes === "string" ? [scopes] : scopes, tenantId);
      // Never null, as the password credential's getToken was not: code that reads .token goes on compiling.
      if (!result) throw new Error("The Secure Application Model sign-in returned no token");
      return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() };
    },
  };
}`;
  return [...planHelperFunction(context, SAM_CREDENTIAL, template), ...planSecureAppModelHelper(context)];
}

/**
 * Edits that make `appOnlyCertificateCredential(tenantId?, clientId?)` callable in the file: an
 * @azure/identity `ClientCertificateCredential` built on first use, when the secrets can be awaited.
 */
export function planAppOnlyCredential(context: TypeScriptRuleContext): TextEdit[] {
  return [...context.once(appOnlyCredentialEdits)];
}

function appOnlyCredentialEdits(context: TypeScriptRuleContext): TextEdit[] {
  const typed = context.style().typed;
  const t = (annotation: string): string => (typed ? annotation : '');
  const credential = planImport(context.facts, context.text, context.style(), IDENTITY, 'ClientCertificateCredential');
  const secrets = planSecretAccess(context);
  const host = authorityHostOf(context);
  // ClientCertificateCredential signs in to the public cloud unless told another's host.
  const cloudOptions = host === PUBLIC_LOGIN_HOST ? '' : `\n        { authorityHost: "https://${host}" },`;
  const template = `/**
 * App-only authentication with a certificate (a PEM holding the certificate and its private key): no
 * user signs in, so MFA does not apply. The token carries the app's own permissions.
 */
function ${APP_ONLY_CREDENTIAL}(tenantId${t('?: string')}, clientId${t('?: string')}) {
  let credential${t(`: InstanceType<typeof ${credential.reference}> | undefined`)};
  return {
    async getToken(scopes${t(': string | string[]')}, options${t('?: object')}) {
      credential ??= new ${credential.reference}(
        tenantId ?? ${secrets.read('TENANT_ID')},
        clientId ?? ${secrets.read('APP_ID')},
        { certificate: ${secrets.read('CERT_PRIVATE_KEY')} },${cloudOptions}
      );
      return credential.getToken(scopes, options);
    },
  };
}`;
  return [...credential.edits, ...planHelperFunction(context, APP_ONLY_CREDENTIAL, template), ...secrets.edits];
}

/** The call of `secureAppModelCredential` for a sign-in: with the tenant it names (see `tenantArgument`), if any. */
export function secureAppModelCredentialCall(tenant: string | undefined): string {
  return `${SAM_CREDENTIAL}(${tenant ?? ''})`;
}

/**
 * The call of `appOnlyCertificateCredential` that keeps the tenant (see `tenantArgument`) and client id
 * the code gave, unless the client cannot serve an app-only sign-in (a Microsoft public client).
 */
export function appOnlyCredentialCall(context: TypeScriptRuleContext, tenant: string | undefined, client: Node | undefined): string {
  const keep = (node: Node | undefined): string | undefined => {
    if (!node || node.type === 'SpreadElement') return undefined;
    // `process.env.CLIENT_ID || '<Azure CLI>'` may be the public client too.
    const values = possibleValues(node).map((value) => staticString(value, context.facts));
    return values.some((value) => value !== undefined && FIRST_PARTY_CLIENT_IDS.has(value.toLowerCase())) ? undefined : context.text.slice(node.range[0], node.range[1]);
  };
  const args = [tenant, keep(client)];
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return `${APP_ONLY_CREDENTIAL}(${args.map((arg) => arg ?? 'undefined').join(', ')})`;
}
