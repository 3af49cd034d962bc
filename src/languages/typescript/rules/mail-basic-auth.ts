import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { listOfLines } from '../../../engine/several-accounts';
import { lineNumberAt } from '../../../engine/text';
import { acceptsMailPassword, MAIL_BASIC_AUTH_OFF, mailPasswordSignIn, PERSONAL_ACCOUNTS_MAIL, servesPersonalAccounts, SMTP_AUTH_DEPRECATED } from '../../shared/microsoft-endpoints';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { findProperty, memberName, nodesOfType, parentOf, propertyKeyName, unwrap, type Node } from '../ast';
import { callerCredential, fixesForCaller, filledUnseen } from '../caller-credentials';
import { groupBy } from '../lists-by-key';
import { isTestFileByItself } from '../test-code';
import { accountsOf } from '../signed-in-accounts';
import type { ModuleFacts } from '../module-facts';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { argumentsPassed, ownCallsParameter } from '../passed-arguments';
import { propertyThroughSpreads, staticString, stringShape } from '../static-value';
import { objectLiteralInScope } from '../object-values';
import { mailOAuthFixes } from './mail-oauth-fix';
import { nodemailerService } from './nodemailer-services';
import { opaqueAuthReason, opaqueNodemailerAuth } from './nodemailer-opaque-auth';

type Site = TSESTree.CallExpression | TSESTree.NewExpression;
type Settings = TSESTree.ObjectExpression;

export type MailProtocol = 'smtp' | 'imap';
/** Which rewrite applies: the libraries differ in how they take a token. */
export type MailLibrary = 'nodemailer' | 'imapflow' | 'imap' | 'emailjs';

interface MailClient {
  library: MailLibrary;
  /** How the message names the API. */
  api: string;
  protocol: MailProtocol;
  passwordKey: string;
  matches(site: Site, facts: ModuleFacts): boolean;
  /** The object with the connection settings, from the first argument. */
  settings(context: TypeScriptRuleContext, argument: Node): Settings | undefined;
  /** The object with the user and the password, within the settings. */
  credentials(context: TypeScriptRuleContext, settings: Settings): Settings | undefined;
  signsInWithToken(credentials: Settings, facts: ModuleFacts): boolean;
  /** A wrapper: the library it hands its settings to, which it may not hand a token. */
  wraps?: string;
  /** Settings no client the rule knows takes in the file (a config module's export, a wrapper's argument). */
  handedOn?: true;
}

/** One username/password sign-in to an Office 365 / Outlook.com mail host. */
export interface MailSignIn {
  client: MailClient;
  /** Where the finding points: the call that makes the client, or settings written for one made elsewhere. */
  site: Node;
  host: string;
  /** The host is the code's default (`process.env.SMTP_HOST || "smtp.office365.com"`): a deployment may set another. */
  hostByDefault?: true;
  /** Other hosts the function's other calls give it (`createMailer("smtp.gmail.com")`), which a token rewrite would reach too. */
  hostsElsewhere?: OtherHost[];
  /** The object literal holding the user and the password; absent when a connection URL carries them. */
  credentials?: Settings;
  passwordProperty?: TSESTree.Property;
  password: Node;
  /** Whether the credentials are written inside the call's argument, where the library's types apply to them. */
  inline: boolean;
  /** nodemailer 0.x's `createTransport("SMTP", { … })`, which takes OAuth2 settings of its own. */
  legacyNodemailer?: true;
  /** nodemailer's `auth` as an object the file does not show (`auth: options.auth`); then `password` is that expression. */
  opaqueAuth?: true;
}

const NODEMAILER = {
  library: 'nodemailer',
  protocol: 'smtp',
  passwordKey: 'pass',
  credentials: (context, settings) => nestedObject(context, settings, 'auth'),
  signsInWithToken: (auth, facts) => {
    const type = findProperty(auth, 'type');
    if (type && staticString(type.value, facts)?.toLowerCase() === 'oauth2') return true;
    return ['accessToken', 'refreshToken', 'provisionCallback', 'xoauth2'].some((key) => !!findProperty(auth, key));
  },
} satisfies Partial<MailClient>;

const IMAPFLOW = {
  library: 'imapflow',
  protocol: 'imap',
  passwordKey: 'pass',
  credentials: (context, settings) => nestedObject(context, settings, 'auth'),
  signsInWithToken: (auth) => !!findProperty(auth, 'accessToken'),
} satisfies Partial<MailClient>;

const NODE_IMAP = {
  library: 'imap',
  protocol: 'imap',
  passwordKey: 'password',
  credentials: (_context, settings) => settings,
  signsInWithToken: (settings) => !!findProperty(settings, 'xoauth2') || !!findProperty(settings, 'xoauth'),
} satisfies Partial<MailClient>;

const EMAILJS = {
  library: 'emailjs',
  protocol: 'smtp',
  passwordKey: 'password',
  credentials: (_context, settings) => settings,
  // With only XOAUTH2 allowed, emailjs sends `password` as the access token.
  signsInWithToken: (settings) => {
    const methods = findProperty(settings, 'authentication')?.value;
    return methods?.type === 'ArrayExpression' && methods.elements.length > 0 && methods.elements.every(isXoauth2Method);
  },
} satisfies Partial<MailClient>;

/** mail-listener2, 4 and 5 and their forks (mail-listener6, mail-listener-typescript, @scope/mail-listener…). */
const MAIL_LISTENERS = /^(?:@[\w.-]+\/)?mail-listener[\w.-]*$/i;

const CLIENTS: readonly MailClient[] = [
  { ...NODEMAILER, api: 'nodemailer createTransport', matches: calls('nodemailer', 'createTransport'), settings: objectLiteralInScope },
  { ...IMAPFLOW, api: 'imapflow ImapFlow', matches: constructs('imapflow', 'ImapFlow'), settings: objectLiteralInScope },
  // node-imap's fork published as `node-imap` too.
  { ...NODE_IMAP, api: 'imap (node-imap) Connection', matches: constructs(['imap', 'node-imap'], '*', 'default'), settings: objectLiteralInScope },
  {
    ...NODE_IMAP,
    api: 'imap-simple connect',
    matches: calls('imap-simple', 'connect'),
    settings: (context, argument) => {
      const config = objectLiteralInScope(context, argument);
      return config && nestedObject(context, config, 'imap');
    },
  },
  // node-imap wrappers that watch a mailbox.
  { ...NODE_IMAP, api: 'mail-listener MailListener', matches: constructs(MAIL_LISTENERS, '*', 'default', 'MailListener'), settings: objectLiteralInScope, wraps: 'imap (node-imap)' },
  { ...NODE_IMAP, api: 'mail-notifier', matches: calls('mail-notifier', '*', 'default'), settings: objectLiteralInScope, wraps: 'imap (node-imap)' },
  { ...EMAILJS, api: 'emailjs SMTPClient', matches: constructs('emailjs', 'SMTPClient'), settings: objectLiteralInScope },
  { ...EMAILJS, api: 'emailjs server.connect', matches: emailjsServerConnect, settings: objectLiteralInScope },
];

export const mailBasicAuthRule: TypeScriptRule = {
  meta: {
    id: 'ts-mail-basic-auth',
    title: 'SMTP/IMAP sign-in to Office 365 with a username and password (basic authentication)',
    description:
      'nodemailer, imapflow, imap (node-imap), imap-simple or emailjs signs in to an Exchange Online or ' +
      'Outlook.com mail host (smtp.office365.com, outlook.office365.com, smtp-mail.outlook.com, …) with a ' +
      'username and password. Basic authentication cannot satisfy MFA. Exchange Online turned it off for ' +
      'IMAP and POP on 2022-10-01; for SMTP client submission it is deprecated: it still works until the end ' +
      'of December 2026, then is off by default for existing tenants. Sign in with an OAuth2 access token ' +
      '(SASL XOAUTH2): delegated, from a Secure Application Model refresh token, or app-only.',
    defaultSeverity: 'warning',
    highestSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'basic-auth', 'smtp', 'imap', 'exchange-online'],
    // Every Microsoft mail host, and every nodemailer service name that stands for one, contains one of these.
    triggers: ['office365', 'outlook', 'hotmail', 'live.com'],
    // The client must come from one of these modules, named by a static import or require (imap only
    // as a module's name: `_V1APIMap` in Office.js is none); or the file writes settings with a password
    // for a client made elsewhere (`pass` as a key, not the verb of "You must pass an array").
    requires: [
      'nodemailer',
      "'imap",
      '"imap',
      '`imap',
      'node-imap',
      'emailjs',
      'mail-listener',
      'mail-notifier',
      'password',
      ...['pass:', 'pass :', 'pass  ', 'pass\t', 'pass,', 'pass}', 'pass }', 'pass\n', 'pass\r', 'pass=', 'pass =', 'pass/', 'pass /', '.pass', '"pass', "'pass", '`pass', '[pass'],
    ],
  },
  check(context) {
    const signIns = context.once(findMailSignIns);
    return signIns.map((signIn) => hitFor(context, signIn, signIns));
  },
  passwordSinks(context) {
    return context.once(findMailSignIns).flatMap((signIn) => (signIn.opaqueAuth ? [] : [signIn.password]));
  },
};

function hitFor(context: TypeScriptRuleContext, signIn: MailSignIn, signIns: readonly MailSignIn[]): RuleHit {
  const planned = signIn.opaqueAuth ? { fixes: [], withheld: opaqueAuthReason(context, signIn.password) } : mailOAuthFixes(context, signIn, signIns);
  // A host that is only the code's default: a deployment that configures another server would be sent the Exchange token.
  const offered = signIn.hostByDefault ? planned.fixes.map((fix) => ({ ...fix, safeForFixAll: false })) : planned.fixes;
  // A caller's mailbox password (a request's, a parameter's): a token of one account would send as that account for every caller.
  const caller = fixesForCaller(callerCredential(context, [signIn.password]), offered);
  const withheld = caller.fixes.length === 0 && planned.fixes.length > 0 ? undefined : planned.withheld;
  const stillRead = caller.fixes.length > 0 ? planned.stillRead : undefined;
  const sharedWith = caller.fixes.length > 0 ? (planned.sharedWith ?? []) : [];
  const byDefault = signIn.hostByDefault && caller.fixes.length > 0 ? ` ${DEFAULT_HOST_NOTE}` : '';
  const shared = sharedWith.length > 0 ? ` ${sharedNote(context, sharedWith)}` : '';
  const advice = caller.related.length > 0 ? caller.advice('').trim() : '';
  const note = (stillRead ? ` ${stillReadNote(context, stillRead)}` : '') + shared + byDefault + (advice ? ` ${advice}` : '');
  return {
    message: messageFor(signIn) + leftEmptyNote(context, signIn) + (withheld ? ` No quick fix: ${withheld}.` : '') + note,
    severity: signIn.client.protocol === 'imap' ? 'error' : 'warning',
    startOffset: signIn.site.range[0],
    endOffset: signIn.site.range[1],
    fixes: caller.fixes,
    signsInAs: accountsOf(context, signIn.credentials && findProperty(signIn.credentials, 'user')?.value),
    related: [
      ...caller.related,
      ...(signIn.hostsElsewhere ?? []).map(({ argument }) => ({ message: 'a call that gives the function another host', startOffset: argument.range[0], endOffset: argument.range[1] })),
      { message: signIn.opaqueAuth ? 'the credentials object, which the file does not show' : 'the password', startOffset: signIn.password.range[0], endOffset: signIn.password.range[1] },
      ...signInType(signIn).map((type) => ({ message: 'the sign-in type, which the fix sets to OAuth2', startOffset: type.range[0], endOffset: type.range[1] })),
      ...sharedWith.map((taker) => ({ message: 'the same credentials object goes here too, which the fix would change', startOffset: taker.range[0], endOffset: taker.range[1] })),
    ],
  };
}

const DEFAULT_HOST_NOTE =
  'Fix-all leaves this sign-in to you: the host is only the default, and where a deployment configures another server (a relay, a test server), ' +
  'the fix would send that server an Exchange Online access token; read the host from one setting that names Exchange Online before applying it.';

function stillReadNote(context: TypeScriptRuleContext, read: Node): string {
  return `The password is also read at line ${lineNumberAt(context.text, read.range[0])} (a check that it is set?), which the fix leaves as it is: fix-all leaves this sign-in to you, to remove that read with the password.`;
}

/**
 * Why fix-all leaves a sign-in whose credentials object other code takes too: what each taker would do
 * with the rewritten object (another client signs in differently, a function or another module is
 * handed it, code the fix cannot follow takes it).
 */
function sharedNote(context: TypeScriptRuleContext, takers: readonly Node[]): string {
  const at = (taker: Node): string => `line ${lineNumberAt(context.text, taker.range[0])}`;
  const byKind = groupBy(takers, (taker) => takerKind(context, taker));
  const lines = (kind: TakerKind): string => listOfLines([...new Set((byKind.get(kind) ?? []).map((taker) => lineNumberAt(context.text, taker.range[0])))]);
  const named = (kind: TakerKind): string => (byKind.get(kind) ?? []).map((taker) => `${takerName(context, taker)}${at(taker)}`).join(', ');
  const clauses = [
    byKind.has('client') &&
      `the code also gives that object to ${named('client')}, whose sign-in the rewrite would change too (a client of another kind breaks, another server is sent the Exchange Online token)`,
    byKind.has('function') && `the code also gives it to ${named('function')}, which would be handed the rewritten object, without the password`,
    byKind.has('export') && `the object is exported (${lines('export')}): other modules may use it, and would get the rewritten object too`,
    byKind.has('other') && `the code also hands it on at ${lines('other')}, where the fix cannot follow it`,
  ].filter((clause): clause is string => !!clause);
  return `Fix-all leaves this sign-in to you: the fix rewrites the credentials object where it is written, and ${clauses.join('; ')}; give this client an auth object of its own before applying it.`;
}

type TakerKind = 'client' | 'function' | 'export' | 'other';

/** What takes the credentials object: a mail client the rule knows, another call, an export (`export const mailbox`, `export { mailbox }`, `module.exports`), or else. */
function takerKind(context: TypeScriptRuleContext, taker: Node): TakerKind {
  if (taker.type === 'CallExpression' || taker.type === 'NewExpression') return CLIENTS.some((client) => client.matches(taker, context.facts)) ? 'client' : 'function';
  const parent = parentOf(context.program, taker);
  if (!parent) return 'other';
  if ((parent.type === 'VariableDeclarator' && parent.id === taker) || parent.type === 'ExportDefaultDeclaration' || parent.type === 'ExportSpecifier') return 'export';
  const target = parent.type === 'AssignmentExpression' && parent.right === taker ? context.text.slice(parent.left.range[0], parent.left.range[1]) : '';
  return /^(?:module\.)?exports\b/.test(target) ? 'export' : 'other';
}

/** `new ImapFlow(…) at `: the call a taker is, named as the code writes its callee. */
function takerName(context: TypeScriptRuleContext, taker: Node): string {
  if (taker.type !== 'CallExpression' && taker.type !== 'NewExpression') return '';
  const callee = context.text.slice(taker.callee.range[0], taker.callee.range[1]);
  return callee.length > 40 || /\s/.test(callee) ? 'the call at ' : `${taker.type === 'NewExpression' ? 'new ' : ''}${callee}(…) at `;
}

/** POP's ports (`port: 995`): settings read as a mailbox client's may be a POP client's (node-pop3), not IMAP's. */
const POP_PORTS = new Set([110, 995]);

function mailboxProtocol(signIn: MailSignIn): 'IMAP' | 'POP' {
  const port = signIn.site.type === 'ObjectExpression' ? findProperty(signIn.site, 'port')?.value : undefined;
  return port?.type === 'Literal' && POP_PORTS.has(Number(port.value)) ? 'POP' : 'IMAP';
}

/** `pass: ''`, alone or beside an empty user: settings to fill in, which then sign in with what is written there. */
function leftEmptyNote(context: TypeScriptRuleContext, signIn: MailSignIn): string {
  return !signIn.opaqueAuth && writtenText(context, signIn.password) === '' ? ' The password is left empty here, to be filled in: once it is, it goes to the server by basic authentication.' : '';
}

function messageFor(signIn: MailSignIn): string {
  const { client, host, hostByDefault } = signIn;
  const shownHost = hostByDefault ? `${host} (the code's default, when no host is configured)` : host;
  const opening = mailPasswordSignIn(client.api, shownHost, client.protocol === 'imap' ? mailboxProtocol(signIn) : 'SMTP AUTH');
  if (servesPersonalAccounts(host)) return `${opening}. ${host} ${PERSONAL_ACCOUNTS_MAIL}. Sign in with an OAuth2 access token (XOAUTH2).`;
  if (client.protocol === 'imap') return `${opening} and ${MAIL_BASIC_AUTH_OFF}. Sign in with an OAuth2 access token (XOAUTH2).`;
  return `${opening}. ${SMTP_AUTH_DEPRECATED} Send with an OAuth2 access token (XOAUTH2).`;
}

function findMailSignIns(context: TypeScriptRuleContext): MailSignIn[] {
  const signIns: MailSignIn[] = [];
  // Settings the file's own clients take, password sign-ins or not.
  const claimed = new Set<Node>();
  for (const node of nodesOfType(context.program, 'CallExpression', 'NewExpression')) {
    const client = CLIENTS.find((candidate) => candidate.matches(node, context.facts));
    const argument = client && settingsArgument(client, node, context.facts);
    if (!client || !argument || argument.type === 'SpreadElement') continue;
    const settings = client.settings(context, argument);
    if (settings) claimed.add(settings);
    // `{ host: MAIL.host, auth: { pass: MAIL.password } }`: the settings objects it reads members of are this client's too.
    for (const read of settings ? membersReadIn(settings) : []) {
      const object = objectLiteralInScope(context, read.object);
      if (object) claimed.add(object);
    }
    const signIn =
      (client.library === 'nodemailer' ? urlSignIn(context.facts, client, node, argument) : undefined) ??
      settingsSignIn(context, client, node, argument);
    if (signIn) signIns.push(argument === node.arguments[0] ? signIn : { ...signIn, legacyNodemailer: true });
  }
  // A test's settings objects are what it hands the code under test, not settings that code signs in with.
  return isTestFileByItself(context) ? signIns : [...signIns, ...handedOnSignIns(context, claimed)];
}

/** The settings: the first argument, or the second after nodemailer 0.x's transport name (`createTransport("SMTP", { … })`). */
function settingsArgument(client: MailClient, site: Site, facts: ModuleFacts): Site['arguments'][number] | undefined {
  const [first, second] = site.arguments;
  const transportName = client.library === 'nodemailer' && second && first && first.type !== 'SpreadElement' ? staticString(first, facts) : undefined;
  return transportName !== undefined && !transportName.includes('://') ? second : first;
}

/**
 * Settings objects with a password that no client the rule knows takes in the file: a config module's
 * export (`module.exports = { host: "smtp.office365.com", auth: { user, pass } }`), settings handed to a
 * wrapper or a framework (`MailerModule.forRoot({ transport })`), chosen at run time, or read through a
 * property. Whatever makes the client from them, they sign in with a password.
 */
function handedOnSignIns(context: TypeScriptRuleContext, claimed: ReadonlySet<Node>): MailSignIn[] {
  return [...handedOnSettings(context, claimed), ...handedOnUrls(context.facts, claimed)];
}

/**
 * A connection URL with a password handed to a framework as its transport (`MailerModule.forRoot({
 * transport: 'smtps://user:pass@smtp.office365.com' })`, email-templates' `transport`).
 */
function handedOnUrls(facts: ModuleFacts, claimed: ReadonlySet<Node>): MailSignIn[] {
  return nodesOfType(facts.program, 'Property').flatMap((property) => {
    const value = property.value;
    if (propertyKeyName(property) !== 'transport' || claimed.has(value) || (value.type !== 'Literal' && value.type !== 'TemplateLiteral' && value.type !== 'Identifier')) return [];
    return urlSignIn(facts, SETTINGS_SHAPES[0], value, value) ?? [];
  });
}

/** The member reads (`MAIL.host`) among a settings object's values, nested objects' included. */
function membersReadIn(settings: Settings): TSESTree.MemberExpression[] {
  return settings.properties.flatMap((property) => {
    if (property.type !== 'Property') return [];
    const value = unwrap(property.value);
    if (value.type === 'MemberExpression') return [value];
    return value.type === 'ObjectExpression' ? membersReadIn(value) : [];
  });
}

function handedOnSettings(context: TypeScriptRuleContext, claimed: ReadonlySet<Node>): MailSignIn[] {
  const facts = context.facts;
  return nodesOfType(facts.program, 'ObjectExpression').flatMap((object) => {
    if (claimed.has(object)) return [];
    const signIn = SETTINGS_SHAPES.map((shape) => settingsSignIn(context, shape, object, object)).find((candidate) => candidate !== undefined);
    const credentials = signIn?.credentials;
    // Top-level keys other than node-imap's `user` are as often an EWS or web service's settings (node-ews' `{ username, password, host }`).
    const accountKeys = credentials === object ? ['user'] : ACCOUNT_KEYS;
    const user = credentials && accountKeys.map((key) => findProperty(credentials, key)).find(Boolean);
    // A sample's placeholders (`pass: 'your-email-password'`) configure nothing.
    const password = signIn && writtenText(context, signIn.password);
    if (!signIn || !user || (password !== undefined && isPlaceholderSecret(password)) || namesWebPath(context, object)) return [];
    return [{ ...signIn, client: { ...signIn.client, protocol: /^smtp/.test(signIn.host) ? 'smtp' : 'imap' } }];
  });
}

/** Settings with a web path or URL (`path: '/EWS/Exchange.asmx'`, as HTTP clients take them): a web service's (EWS), not a mail protocol's. */
function namesWebPath(context: TypeScriptRuleContext, settings: Settings): boolean {
  return ['path', 'url', 'uri', 'endpoint'].some((key) => {
    const property = findProperty(settings, key);
    return !!property && /^(?:https?:\/\/|\/)/i.test(staticString(property.value, context.facts) ?? '');
  });
}

/**
 * Where settings written for another module's client keep the password: nodemailer's and imapflow's `auth`
 * (`pass`, or `password` as wrappers write it), or node-imap's and emailjs's own keys.
 */
const SETTINGS_SHAPES: readonly MailClient[] = [
  { ...NODEMAILER, api: 'This mail settings object', matches: () => false, settings: objectLiteralInScope, handedOn: true },
  { ...NODEMAILER, passwordKey: 'password', api: 'This mail settings object', matches: () => false, settings: objectLiteralInScope, handedOn: true },
  { ...NODE_IMAP, api: 'This mail settings object', matches: () => false, settings: objectLiteralInScope, handedOn: true },
];

/** The keys such settings' `auth` names the account by: `user`, or `username`, `email` or `login` as wrappers and config files write them. */
const ACCOUNT_KEYS = ['user', 'username', 'email', 'login'];

function settingsSignIn(context: TypeScriptRuleContext, client: MailClient, site: Node, argument: Node): MailSignIn | undefined {
  const facts = context.facts;
  const settings = client.settings(context, argument);
  const credentials = settings && client.credentials(context, settings);
  if (settings && !credentials && client.library === 'nodemailer' && !client.handedOn) return opaqueAuthSignIn(context, client, site, settings);
  const passwordProperty = credentials && findProperty(credentials, client.passwordKey);
  if (!settings || !credentials || !passwordProperty) return undefined;
  if (client.signsInWithToken(credentials, facts)) return undefined;
  const host = hostOf(client, settings, context);
  if (!host || !acceptsMailPassword(host.name)) return undefined;
  const inline = argument.range[0] <= credentials.range[0] && credentials.range[1] <= argument.range[1];
  const signIn: MailSignIn = { client, site, host: host.name, credentials, passwordProperty, password: passwordProperty.value, inline };
  return { ...signIn, ...(host.byDefault && { hostByDefault: true }), ...(host.elsewhere.length > 0 && { hostsElsewhere: host.elsewhere }) };
}

/** nodemailer given `auth` as an object the file does not show, on a Microsoft mail host (see `opaqueNodemailerAuth`). */
function opaqueAuthSignIn(context: TypeScriptRuleContext, client: MailClient, site: Node, settings: Settings): MailSignIn | undefined {
  const auth = opaqueNodemailerAuth(context, settings);
  const host = auth && hostOf(client, settings, context);
  if (!auth || !host || !acceptsMailPassword(host.name)) return undefined;
  const signIn: MailSignIn = { client, site, host: host.name, password: auth, inline: false, opaqueAuth: true };
  return { ...signIn, ...(host.byDefault && { hostByDefault: true }), ...(host.elsewhere.length > 0 && { hostsElsewhere: host.elsewhere }) };
}

/**
 * The text a user or password is, where the file shows the one value it holds: none for a variable or
 * member the file also fills where the module's facts do not see it (a field `pass = ""` that a handler
 * sets with `({ pwd: this.pass } = req.body)`).
 */
function writtenText(context: TypeScriptRuleContext, node: Node): string | undefined {
  return filledUnseen(context, node) ? undefined : staticString(node, context.facts);
}

/** nodemailer's connection URL form: `createTransport("smtp://user:pass@smtp.office365.com:587")`. */
function urlSignIn(facts: ModuleFacts, client: MailClient, site: Node, argument: Node): MailSignIn | undefined {
  const shape = stringShape(argument, facts);
  // Unknown parts of the URL show as \u0000: a user info with one may well hold a password. The host
  // follows the last `@` (`smtps://me@msn.com:pass@smtp.live.com`, the address written unescaped).
  const match = shape === undefined ? null : /^smtps?:\/\/([^/?#]*)@([^:/?#@]+)/i.exec(shape);
  if (!match || !/[:\u0000]/.test(match[1]) || match[2].includes('\u0000')) return undefined;
  const host = match[2].toLowerCase();
  if (!acceptsMailPassword(host)) return undefined;
  return { client, site, host, password: passwordInUrl(argument, facts) ?? argument, inline: true };
}

/** The expression that puts the password into a URL built from parts (`smtp://${user}:${pass}@host`). */
function passwordInUrl(argument: Node, facts: ModuleFacts): Node | undefined {
  const values = facts.valuesOf(argument);
  const parts = values.length === 1 ? urlParts(values[0]) : [];
  let before = '';
  for (const part of parts) {
    if (typeof part !== 'string' && /^smtps?:\/\/[^@/]*:$/i.test(before)) return part;
    before += typeof part === 'string' ? part : '\u0000';
  }
  return undefined;
}

function urlParts(node: Node): (string | Node)[] {
  const value = unwrap(node);
  if (value.type === 'TemplateLiteral') {
    return value.quasis.flatMap((quasi, i) => [quasi.value.cooked ?? '', ...(value.expressions[i] ? [value.expressions[i]] : [])]);
  }
  if (value.type === 'BinaryExpression' && value.operator === '+') {
    return [...urlParts(value.left), ...urlParts(value.right)];
  }
  return value.type === 'Literal' && typeof value.value === 'string' ? [value.value] : [value];
}

interface MailHost {
  name: string;
  byDefault: boolean;
  /** What the function's other calls give, where they give another host. */
  elsewhere: OtherHost[];
}

/** A host another call of the sign-in's function gives: its name where the file shows it, and the argument. */
export interface OtherHost {
  name?: string;
  argument: Node;
}

function hostOf(client: MailClient, settings: Settings, context: TypeScriptRuleContext): MailHost | undefined {
  const facts = context.facts;
  if (client.library === 'nodemailer') {
    // nodemailer lets a service it knows override `host`.
    const service = propertyThroughSpreads(settings, 'service', facts);
    const name = service && staticString(service.value, facts);
    const known = name ? nodemailerService(name) : undefined;
    if (known === 'elsewhere') return undefined;
    if (known) return { name: known.host, byDefault: false, elsewhere: [] };
  }
  const host = propertyThroughSpreads(settings, 'host', facts);
  const value = host ? hostValue(host.value, context) : spreadParameterHost(settings, context);
  return value && { ...value, name: value.name.trim().toLowerCase() };
}

/** A host's static value; for `process.env.SMTP_HOST ?? "smtp.office365.com"`, the code's own default. */
function hostValue(node: Node, context: TypeScriptRuleContext, depth = 0): MailHost | undefined {
  const facts = context.facts;
  const value = unwrap(node);
  if (depth > 5) return undefined;
  if (value.type === 'LogicalExpression' && (value.operator === '??' || value.operator === '||')) {
    const fallback = hostValue(value.right, context, depth + 1);
    return fallback && { ...fallback, byDefault: true };
  }
  if (value.type === 'Identifier') {
    const assigned = facts.valuesOf(value);
    if (assigned.length === 1 && assigned[0] !== value) return hostValue(assigned[0], context, depth + 1);
    // `function createMailer(host) { … }` called `createMailer("smtp.office365.com")`.
    const passed = passedByOwnCalls(context, value);
    if (passed) return hostOfCalls(passed, (argument) => hostValue(argument, context, depth + 1));
  }
  // A settings object's member: `MAIL.host` of `const MAIL = { host: process.env.MAIL_HOST ?? "smtp.office365.com" }`.
  const owner = value.type === 'MemberExpression' && !value.computed ? objectLiteralInScope(context, value.object) : undefined;
  const member = owner && findProperty(owner, memberName(value as TSESTree.MemberExpression) ?? '');
  if (member) return hostValue(member.value, context, depth + 1);
  const name = staticString(value, facts);
  return name === undefined ? undefined : { name, byDefault: false, elsewhere: [] };
}

/** `new ImapFlow({ ...opts, auth })` in `function open(opts)`, called `open(server)`: the host the file's calls spread in. */
function spreadParameterHost(settings: Settings, context: TypeScriptRuleContext): MailHost | undefined {
  const spread = [...settings.properties].reverse().find((property) => property.type === 'SpreadElement');
  const parameter = spread && unwrap(spread.argument);
  const passed = parameter?.type === 'Identifier' ? passedByOwnCalls(context, parameter) : undefined;
  if (!passed) return undefined;
  return hostOfCalls(passed, (argument) => {
    const object = objectLiteralInScope(context, argument);
    const host = object && propertyThroughSpreads(object, 'host', context.facts);
    return host && hostValue(host.value, context);
  });
}

/**
 * What the file's calls give a parameter, where only they call its function: code elsewhere may call an
 * exported one with another host.
 */
function passedByOwnCalls(context: TypeScriptRuleContext, parameter: TSESTree.Identifier): Node[] | undefined {
  const passed = ownCallsParameter(context, parameter) ? argumentsPassed(context, parameter) : undefined;
  return passed && passed.length > 0 ? passed : undefined;
}

/**
 * The host the function's calls give: the Microsoft mail host one of them gives, else the first host;
 * the calls that give another host (`smtp.gmail.com`, or one the file does not show) sign in to
 * another server, and are kept as `elsewhere`.
 */
function hostOfCalls(passed: Node[], hostGiven: (argument: Node) => MailHost | undefined): MailHost | undefined {
  const hosts = passed.map(hostGiven);
  const chosen = hosts.find((host) => host && acceptsMailPassword(host.name.trim())) ?? hosts[0];
  if (!chosen) return undefined;
  const named = (host: MailHost | undefined) => host?.name.trim().toLowerCase();
  const chosenName = named(chosen);
  return {
    name: chosen.name,
    byDefault: hosts.some((host) => named(host) === chosenName && host?.byDefault),
    elsewhere: hosts.flatMap((host, i) => (host && named(host) === chosenName ? host.elsewhere : [{ name: named(host), argument: passed[i] }])),
  };
}

function nestedObject(context: TypeScriptRuleContext, settings: Settings, key: string): Settings | undefined {
  const property = findProperty(settings, key);
  return property && objectLiteralInScope(context, property.value);
}

function isXoauth2Method(element: TSESTree.ArrayExpression['elements'][number]): boolean {
  if (!element || element.type === 'SpreadElement') return false;
  const method = unwrap(element);
  if (method.type === 'Literal') return method.value === 'XOAUTH2';
  return method.type === 'MemberExpression' && memberName(method) === 'XOAUTH2';
}

/** `modules`: one module, or a list of forks with the same API. */
/** Modules by name, or by a pattern of their names (a library's forks). */
type Modules = string | readonly string[] | RegExp;

function calls(modules: Modules, ...names: string[]): MailClient['matches'] {
  return (site, facts) => site.type === 'CallExpression' && isExport(site.callee, facts, modules, names);
}

function constructs(modules: Modules, ...names: string[]): MailClient['matches'] {
  return (site, facts) => site.type === 'NewExpression' && isExport(site.callee, facts, modules, names);
}

function isExport(callee: Node, facts: ModuleFacts, modules: Modules, names: string[]): boolean {
  const imported = facts.resolveImport(callee);
  if (!imported || !names.includes(imported.name)) return false;
  return modules instanceof RegExp ? modules.test(imported.module) : [modules].flat().includes(imported.module);
}

/** emailjs 2.x: `email.server.connect({ user, password, host })`. */
function emailjsServerConnect(site: Site, facts: ModuleFacts): boolean {
  if (site.type !== 'CallExpression' || site.callee.type !== 'MemberExpression' || memberName(site.callee) !== 'connect') return false;
  const owner = facts.resolveImport(site.callee.object);
  return owner?.module === 'emailjs' && owner.name === 'server';
}

/** nodemailer's `auth.type` (`"login"`), when the credentials name one. */
function signInType(signIn: MailSignIn): Node[] {
  const type = signIn.client.library === 'nodemailer' && signIn.credentials ? findProperty(signIn.credentials, 'type') : undefined;
  return type ? [type] : [];
}
