import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import { listOfLines } from '../../../engine/several-accounts';
import { indentationAt, lineNumberAt } from '../../../engine/text';
import { findProperty, isFunction, memberName, nodesOfType, parentOf, unwrap, type Node } from '../ast';
import { awaitAllowedAt } from '../await-sites';
import { addTo } from '../lists-by-key';
import { bindingOf, sameBinding } from '../name-bindings';
import { otherTakers, type OwnUses } from '../object-takers';
import { staticString } from '../static-value';
import { renderInStyle } from '../code-style';
import { planHelperFunction, type TypeScriptRuleContext } from '../rule-context';
import { planSecretAccess, type SecretAccess } from '../secret-access';
import type { MailLibrary, MailProtocol, MailSignIn, OtherHost } from './mail-basic-auth';
import { acceptsMailPassword, servesPersonalAccounts } from '../../shared/microsoft-endpoints';

const DELEGATED_SCOPES: Record<MailProtocol, string> = {
  smtp: 'https://outlook.office.com/SMTP.Send',
  imap: 'https://outlook.office.com/IMAP.AccessAsUser.All',
};
const XOAUTH2_HELPER = 'xoauth2String';

/** Where the access token comes from: one helper per file that fetches it, and the scope to ask for. */
interface TokenSource {
  title: string;
  safeForFixAll: boolean;
  helper: string;
  /** nodemailer's provisionCallback for this source. */
  smtpProvider: string;
  scope(protocol: MailProtocol): string;
  template(secrets: SecretAccess, typed: boolean): string;
}

const SECURE_APP_MODEL: TokenSource = {
  title: 'Sign in with OAuth2: a Secure Application Model token (refresh token from an MFA-backed consent)',
  safeForFixAll: true,
  helper: 'acquireMailToken',
  smtpProvider: 'provisionSmtpToken',
  scope: (protocol) => DELEGATED_SCOPES[protocol],
  template: secureAppModelTemplate,
};

const APP_ONLY: TokenSource = {
  title: 'Sign in with OAuth2: an app-only token (client credentials, no user)',
  safeForFixAll: false,
  helper: 'acquireMailTokenAppOnly',
  smtpProvider: 'provisionSmtpTokenAppOnly',
  scope: () => 'https://outlook.office365.com/.default',
  template: appOnlyTemplate,
};

interface SiteRewrite {
  edits: TextEdit[];
  helpers: [name: string, template: string][];
}

type SiteRewriter = (context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource) => SiteRewrite;

const REWRITERS: Record<MailLibrary, SiteRewriter> = {
  nodemailer: rewriteNodemailer,
  imapflow: rewriteImapFlow,
  imap: rewriteNodeImap,
  emailjs: rewriteEmailjs,
};

/**
 * The OAuth2 rewrites of a sign-in, or why there are none (also where the code reads the password through
 * the credentials object, whose key the rewrite takes away). `stillRead`: where the code reads the
 * password's variable besides (a check that it is set), other than as the password of one of `signIns`: the
 * rewrite leaves that, so fix-all leaves the sign-in. `sharedWith`: other code the credentials object
 * goes to, which the rewrite of the object would change too, so fix-all leaves the sign-in.
 */
export function mailOAuthFixes(context: TypeScriptRuleContext, signIn: MailSignIn, signIns: readonly MailSignIn[]): MailOAuthFixes {
  const withheld = whyNoFix(context, signIn);
  if (withheld || !signIn.credentials || !signIn.passwordProperty) return { fixes: [], withheld };
  const target = signIn as Required<MailSignIn>;
  const fixes = [SECURE_APP_MODEL, APP_ONLY].map((source) => fixWith(context, target, source));
  const passwords = new Set(signIns.map((other) => unwrap(other.password)));
  const takers = otherTakers(context, signIn.credentials, ownUses(target, signIns));
  // `if (!mailbox.pass) throw …`: a read of the password through the object, as of the password's own variable.
  const readsPassword = (taker: Node): boolean => taker.type === 'MemberExpression' && memberName(taker) === target.client.passwordKey;
  const readThroughObject = takers.find(readsPassword);
  // The rewrite takes the key away: the read would find no password (a check that it is set would throw).
  if (readThroughObject) return { fixes: [], withheld: readThroughObjectReason(context, readThroughObject) };
  const stillRead = otherReadOf(context, signIn.password, (node) => !passwords.has(node));
  if (!stillRead && takers.length === 0) return { fixes };
  return { fixes: fixes.map((fix) => ({ ...fix, safeForFixAll: false })), stillRead, sharedWith: takers };
}

function readThroughObjectReason(context: TypeScriptRuleContext, read: Node): string {
  const text = context.text.slice(read.range[0], read.range[1]);
  return `the code reads the password through the credentials object at line ${lineNumberAt(context.text, read.range[0])} (${text}), which the rewrite takes away: remove or change that read first`;
}

export interface MailOAuthFixes {
  fixes: Fix[];
  withheld?: string;
  /** Another read of the password, which the fixes leave. */
  stillRead?: Node;
  /** Other code given the credentials object the fixes rewrite (another client, a function, an export). */
  sharedWith?: Node[];
}

/**
 * The credentials object is this sign-in's, or shared by clients of the same library signing in to the
 * same host, which the same rewrite serves: another client (an IMAP one, a relay's transport) given
 * it would lose its password.
 */
function ownUses(signIn: Required<MailSignIn>, signIns: readonly MailSignIn[]): OwnUses {
  const sites = new Set<Node>([
    signIn.site,
    ...signIns
      .filter((other) => other.credentials === signIn.credentials && other.client.library === signIn.client.library && other.host === signIn.host && !other.hostByDefault)
      .map((other) => other.site),
  ]);
  const changed = new Set([signIn.client.passwordKey, 'type', 'authentication']);
  return { site: (call) => sites.has(call), keeps: (key) => !changed.has(key) };
}

/**
 * Another read of the password's value: of the same variable (`if (!pass) throw …`), or of the same
 * property path (`process.env.SMTP_PASS`). Undefined for a password written in place.
 */
function otherReadOf(context: TypeScriptRuleContext, password: Node, counts: (read: Node) => boolean): Node | undefined {
  const value = unwrap(password);
  if (value.type === 'Identifier') {
    const binding = bindingOf(context, value);
    return nodesOfType(context.program, 'Identifier').find(
      (other) => other.name === value.name && counts(other) && isRead(context, other, value) && sameBinding(bindingOf(context, other), binding),
    );
  }
  if (value.type !== 'MemberExpression') return undefined;
  const path = context.text.slice(value.range[0], value.range[1]);
  return nodesOfType(context.program, 'MemberExpression').find(
    (other) => counts(other) && isRead(context, other, value) && context.text.slice(other.range[0], other.range[1]) === path,
  );
}

/** A read of a name or path other than `password` itself: not its declaration (a variable, a parameter), a destructuring's target, a property's key or a member's name. */
function isRead(context: TypeScriptRuleContext, node: Node, password: Node): boolean {
  if (node.range[0] === password.range[0] && node.range[1] === password.range[1]) return false;
  const parent = parentOf(context.program, node);
  if (!parent) return false;
  if (parent.type === 'VariableDeclarator' && parent.id === node) return false;
  if ((isFunction(parent) && parent.params.includes(node as TSESTree.Parameter)) || (parent.type === 'AssignmentPattern' && parent.left === node)) return false;
  if (parent.type === 'Property' && parent.key === node && !parent.shorthand) return false;
  // A destructuring's target (`({ SMTP_PASS: pass } = process.env)`, `[user, pass] = args`) is written, not read.
  if (parent.type === 'ArrayPattern' || (parent.type === 'Property' && parent.value === node && parentOf(context.program, parent)?.type === 'ObjectPattern')) return false;
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  return !(parent.type === 'AssignmentExpression' && parent.left === node);
}

function whyNoFix(context: TypeScriptRuleContext, signIn: MailSignIn): string | undefined {
  if (signIn.hostsElsewhere) return otherHostsReason(context, signIn.hostsElsewhere);
  if (!signIn.credentials) {
    return 'the connection URL carries the password; write the settings as an object ({ host, port, auth }) to get the OAuth2 rewrite';
  }
  if (signIn.legacyNodemailer) {
    return 'createTransport("SMTP", { … }) is nodemailer 0.x, whose OAuth2 settings differ from those the fix writes: move to a current nodemailer first';
  }
  if (signIn.client.handedOn) {
    return 'no mail client this rule knows is made from these settings where it can follow them (another module, a wrapper or a framework makes it): sign in with an OAuth2 access token where the client is made';
  }
  if (signIn.client.wraps) {
    return `${signIn.client.api} hands its settings to ${signIn.client.wraps}, and not every version hands on an XOAUTH2 token: connect with ${signIn.client.wraps} or imapflow and an access token`;
  }
  if (servesPersonalAccounts(signIn.host)) {
    return `${signIn.host} serves Outlook.com's personal accounts, which a tenant's Secure Application Model token does not sign in: use a personal account's OAuth2 token (the consumers endpoint), or a Microsoft 365 mailbox`;
  }
  const user = signIn.credentials ? findProperty(signIn.credentials, 'user') : undefined;
  const address = user && staticString(user.value, context.facts);
  if (address && PERSONAL_ADDRESS.test(address)) {
    return `${address.replace(/^[^@]*/, '…')} is an Outlook.com personal account, which a tenant's Secure Application Model token does not sign in: use a personal account's OAuth2 token (the consumers endpoint), or a Microsoft 365 mailbox`;
  }
  if (!signIn.host.endsWith('.com')) {
    return `the rewrite asks the public cloud's sign-in endpoint for tokens, and ${signIn.host} belongs to another Microsoft cloud`;
  }
  if (signIn.client.library !== 'imapflow' && !findProperty(signIn.credentials, 'user')) {
    return 'the settings name no user, which XOAUTH2 sends with the token';
  }
  // nodemailer asks for the token through a callback; the other libraries take it when they are created.
  if (signIn.client.library !== 'nodemailer' && !awaitAllowedAt(context, signIn.password)) {
    return 'the access token has to be awaited, and these settings are not built inside an async function';
  }
  return undefined;
}

/**
 * `createMailer("smtp.office365.com")` and `createMailer("smtp.gmail.com")`: the rewrite is the
 * function's, so it would hand the other server the Exchange Online token in place of its password.
 */
function otherHostsReason(context: TypeScriptRuleContext, others: readonly OtherHost[]): string {
  const lines = new Map<string | undefined, number[]>();
  for (const { name, argument } of [...others].sort((a, b) => a.argument.range[0] - b.argument.range[0])) {
    addTo(lines, name, lineNumberAt(context.text, argument.range[0]));
  }
  const named = [...lines].map(([name, at]) => {
    const where = listOfLines([...new Set(at)]);
    if (name === undefined) return `a host the file does not show (${where})`;
    return acceptsMailPassword(name) ? `${name} (${where})` : `${name} (${where}, not a Microsoft host)`;
  });
  return (
    `the function is also called with ${named.join(' and ')}, which the rewrite would send an Exchange Online access token in place of the password it takes: ` +
    'give the Office 365 sign-in a function of its own, and rewrite that'
  );
}

/** An address of Outlook.com's personal accounts (hotmail.com, outlook.fr, live.co.uk, msn.com, …). */
const PERSONAL_ADDRESS = /@(?:hotmail|outlook|live|msn|passport)\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/i;

function fixWith(context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource): Fix {
  const secrets = planSecretAccess(context);
  const site = REWRITERS[signIn.client.library](context, signIn, source);
  return {
    title: source.title,
    safeForFixAll: source.safeForFixAll,
    edits: [
      ...site.edits,
      ...site.helpers.flatMap(([name, template]) => planHelperFunction(context, name, template)),
      ...planHelperFunction(context, source.helper, source.template(secrets, context.style().typed)),
      ...secrets.edits,
    ],
  };
}

/** `auth: { type: "OAuth2", user, provisionCallback }`: nodemailer asks again whenever the token has expired. */
function rewriteNodemailer(context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource): SiteRewrite {
  const oauth2 = `type: ${literal(context, signIn, '"OAuth2"')}`;
  const type = findProperty(signIn.credentials, 'type');
  const edits = [replaceProperty(context, signIn.passwordProperty, [code(context, `provisionCallback: ${source.smtpProvider}`)])];
  edits.push(type ? replaceProperty(context, type, [oauth2]) : insertProperty(context, signIn.credentials, oauth2));
  return { edits, helpers: [[source.smtpProvider, smtpProviderTemplate(source, context.style().typed)]] };
}

/** `auth: { user, accessToken }`. */
function rewriteImapFlow(context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource): SiteRewrite {
  const token = awaitedToken(context, source, 'imap');
  return { edits: [replaceProperty(context, signIn.passwordProperty, [`accessToken: ${token}`])], helpers: [] };
}

/**
 * node-imap takes the SASL XOAUTH2 string itself, base64-encoded, as `xoauth2`. @types/imap requires
 * a `password`: an empty one is never sent, and XOAUTH2 goes first where the server offers it.
 */
function rewriteNodeImap(context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource): SiteRewrite {
  const user = findProperty(signIn.credentials, 'user')!.value;
  const userText = context.text.slice(user.range[0], user.range[1]);
  const xoauth2 = `xoauth2: ${XOAUTH2_HELPER}(${userText}, ${awaitedToken(context, source, 'imap')})`;
  const properties = context.style().typed ? [code(context, 'password: ""'), xoauth2] : [xoauth2];
  return {
    edits: [replaceProperty(context, signIn.passwordProperty, properties)],
    helpers: [[XOAUTH2_HELPER, xoauth2Template(context.style().typed)]],
  };
}

/** emailjs sends `password` as the bearer token when XOAUTH2 is the only method it may use. */
function rewriteEmailjs(context: TypeScriptRuleContext, signIn: Required<MailSignIn>, source: TokenSource): SiteRewrite {
  const existing = findProperty(signIn.credentials, 'authentication');
  const methods = `authentication: [${xoauth2Method(context, signIn, existing)}]`;
  const password = `password: ${awaitedToken(context, source, 'smtp')}`;
  const edits = existing
    ? [replaceProperty(context, signIn.passwordProperty, [password]), replaceProperty(context, existing, [methods])]
    : [replaceProperty(context, signIn.passwordProperty, [password, methods])];
  return { edits, helpers: [] };
}

/** `AUTH_METHODS.XOAUTH2` where the settings already name methods through emailjs's constant; else a literal. */
function xoauth2Method(context: TypeScriptRuleContext, signIn: MailSignIn, existing: TSESTree.Property | undefined): string {
  const methods = existing?.value.type === 'ArrayExpression' ? existing.value.elements : [];
  const named = methods.find((method) => method?.type === 'MemberExpression');
  if (named?.type !== 'MemberExpression') return literal(context, signIn, '"XOAUTH2"');
  return `${context.text.slice(named.object.range[0], named.object.range[1])}.XOAUTH2`;
}

function awaitedToken(context: TypeScriptRuleContext, source: TokenSource, protocol: MailProtocol): string {
  return code(context, `(await ${source.helper}("${source.scope(protocol)}")).accessToken`);
}

/**
 * A string literal for a property whose type is a union of literals. Outside the call's argument the
 * object is typed on its own and would widen the literal to `string`, so TypeScript needs `as const`.
 */
function literal(context: TypeScriptRuleContext, signIn: MailSignIn, text: string): string {
  return code(context, signIn.inline || !context.style().typed ? text : `${text} as const`);
}

function code(context: TypeScriptRuleContext, template: string): string {
  return renderInStyle(template, context.style());
}

/** Replaces a property with others, laid out as the object lays out its properties. */
function replaceProperty(context: TypeScriptRuleContext, property: TSESTree.Property, replacements: string[]): TextEdit {
  return {
    startOffset: property.range[0],
    endOffset: property.range[1],
    newText: replacements.join(`,${separatorBefore(context, property)}`),
  };
}

function insertProperty(context: TypeScriptRuleContext, object: TSESTree.ObjectExpression, text: string): TextEdit {
  const first = object.properties[0];
  return { startOffset: first.range[0], endOffset: first.range[0], newText: `${text},${separatorBefore(context, first)}` };
}

/** A line break and the indentation when the node starts its own line; a space otherwise. */
function separatorBefore(context: TypeScriptRuleContext, node: Node): string {
  const indent = indentationAt(context.text, node.range[0]);
  const lineStart = node.range[0] - indent.length;
  const ownLine = lineStart === 0 || context.text[lineStart - 1] === '\n' || context.text[lineStart - 1] === '\r';
  return ownLine ? `${context.style().eol}${indent}` : ' ';
}

function smtpProviderTemplate(source: TokenSource, typed: boolean): string {
  const t = (annotation: string): string => (typed ? annotation : '');
  // @types/nodemailer's provisionCallback: the callback takes an access token and its expiry, also with an error.
  const callback = t(': (error: Error | null, accessToken: string, expires: number) => void');
  return `/** nodemailer's token getter: asked for the first message and again whenever the access token has expired. */
function ${source.smtpProvider}(_user${t(': string')}, _renew${t(': boolean')}, callback${callback}) {
  ${source.helper}("${source.scope('smtp')}").then((token) => callback(null, token.accessToken, token.expiresAt), (error${t(': Error')}) => callback(error, "", 0));
}`;
}

function xoauth2Template(typed: boolean): string {
  const t = (annotation: string): string => (typed ? annotation : '');
  return `/** The SASL XOAUTH2 string, base64-encoded, that IMAP and SMTP servers take in place of a password. */
function ${XOAUTH2_HELPER}(user${t(': string')}, accessToken${t(': string')}) {
  return Buffer.from(\`user=\${user}\\x01auth=Bearer \${accessToken}\\x01\\x01\`).toString("base64");
}`;
}

/** Reads the token endpoint's answer; Entra ID's error_description carries the AADSTS code. */
function tokenResponseLines(typed: boolean): string {
  const shape = ' as { access_token: string; expires_in: number; refresh_token?: string; error_description?: string }';
  return `  const token = ${typed ? `(await response.json())${shape}` : 'await response.json()'};
  if (!response.ok) throw new Error(token.error_description ?? \`token request failed with HTTP \${response.status}\`);`;
}

function secureAppModelTemplate(secrets: SecretAccess, typed: boolean): string {
  return `/**
 * Secure Application Model for mail: redeems the refresh token from a one-time consent (done with MFA)
 * for an Exchange Online access token, and stores the rotated refresh token back for the next run.
 */
async function ${SECURE_APP_MODEL.helper}(scope${typed ? ': string' : ''}) {
  const response = await fetch(\`https://login.microsoftonline.com/\${${secrets.read('TENANT_ID')}}/oauth2/v2.0/token\`, {
    method: "POST",
    body: new URLSearchParams({
      client_id: ${secrets.read('APP_ID')},
      client_secret: ${secrets.read('APP_SECRET')},
      grant_type: "refresh_token",
      refresh_token: ${secrets.read('REFRESH_TOKEN')},
      scope: \`\${scope} offline_access\`,
    }),
  });
${tokenResponseLines(typed)}
  if (token.refresh_token) ${secrets.store('REFRESH_TOKEN', 'token.refresh_token')};
  return { accessToken: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 };
}`;
}

function appOnlyTemplate(secrets: SecretAccess, typed: boolean): string {
  return `/**
 * App-only access to Exchange Online (client credentials): no user signs in, so MFA does not apply. The
 * app needs the SMTP.SendAsApp or IMAP.AccessAsApp permission, and an Exchange service principal with
 * rights on the mailbox.
 */
async function ${APP_ONLY.helper}(scope${typed ? ': string' : ''}) {
  const response = await fetch(\`https://login.microsoftonline.com/\${${secrets.read('TENANT_ID')}}/oauth2/v2.0/token\`, {
    method: "POST",
    body: new URLSearchParams({
      client_id: ${secrets.read('APP_ID')},
      client_secret: ${secrets.read('APP_SECRET')},
      grant_type: "client_credentials",
      scope,
    }),
  });
${tokenResponseLines(typed)}
  return { accessToken: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 };
}`;
}
