/**
 * Microsoft identity and mail endpoints of every cloud, for matching by meaning rather than by one
 * spelling. Hosts are compared lower-case.
 */
import { escapeRegExp, wordsPattern } from '../../engine/text';

/** The public cloud's sign-in host and its aliases; the first is the one generated code uses. */
const PUBLIC_LOGIN_HOSTS = ['login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net'];
/** The sovereign clouds' sign-in hosts, by cloud: US Government, China (21Vianet). */
const SOVEREIGN_CLOUDS: readonly (readonly string[])[] = [
  ['login.microsoftonline.us', 'login-us.microsoftonline.com', 'login.usgovcloudapi.net'],
  ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
];

/** Microsoft Cloud Deutschland's sign-in host: that cloud is closed, its tenants moved to the public cloud. */
export const CLOSED_GERMAN_LOGIN_HOST = 'login.microsoftonline.de';

/** What names Microsoft Cloud Deutschland in code: a sign-in's authority, an Azure SQL server, an SDK's cloud option. */
export type GermanCloudNamedBy = 'authority' | 'server' | 'environment';

const GERMAN_CLOUD_MOVES: Record<GermanCloudNamedBy, { named: string; update: string }> = {
  authority: { named: CLOSED_GERMAN_LOGIN_HOST, update: 'update the authority and scopes to login.microsoftonline.com and graph.microsoft.com first' },
  server: { named: 'database.cloudapi.de', update: "move the server to the public cloud's Azure SQL (database.windows.net) first" },
  environment: { named: CLOSED_GERMAN_LOGIN_HOST, update: 'set the environment option to the public cloud (Environment.AzureCloud) first' },
};

/**
 * Said where code signs in through Microsoft Cloud Deutschland: no fix is offered, as a rewrite would
 * either keep the closed cloud or sign in to the public one while the code's scopes stay Germany's.
 * It says what to move by what names that cloud in the code.
 */
export function closedGermanCloudNote(namedBy: GermanCloudNamedBy): string {
  const { named, update } = GERMAN_CLOUD_MOVES[namedBy];
  return (
    `(No fix is offered here: this code names Microsoft Cloud Deutschland (${named}), which Microsoft closed; its tenants ` +
    `were migrated to the public cloud and now sign in through it: ${update}.)`
  );
}

const CLOSED_GERMAN_LOGIN_URL = new RegExp(`^\\s*https?://${escapeRegExp(CLOSED_GERMAN_LOGIN_HOST)}(?=[/:?#]|$)`, 'i');
const CLOSED_GERMAN_LOGIN_WORD = new RegExp(`\\b${escapeRegExp(CLOSED_GERMAN_LOGIN_HOST)}\\b`, 'i');

/** Whether a URL (or its shape) is on Microsoft Cloud Deutschland's sign-in host. */
export function onClosedGermanCloud(url: string): boolean {
  return CLOSED_GERMAN_LOGIN_URL.test(url);
}

/** Whether a text names Microsoft Cloud Deutschland's sign-in host, as a word of its own (not `login.microsoftonline.dev`). */
export function namesClosedGermanLoginHost(text: string): boolean {
  return CLOSED_GERMAN_LOGIN_WORD.test(text);
}

/**
 * Azure SQL's server domains, by the cloud whose login host signs in to them: public, US Government,
 * China (21Vianet), Germany (closed).
 */
const SQL_SERVER_CLOUDS: readonly (readonly [string, string])[] = [
  ['database.windows.net', PUBLIC_LOGIN_HOSTS[0]],
  ['database.usgovcloudapi.net', SOVEREIGN_CLOUDS[0][0]],
  ['database.chinacloudapi.cn', SOVEREIGN_CLOUDS[1][0]],
  ['database.cloudapi.de', CLOSED_GERMAN_LOGIN_HOST],
];

/** The login host of the cloud an Azure SQL server's name is in (`contoso.database.usgovcloudapi.net`); undefined for any other name. */
export function sqlServerLoginHost(server: string): string | undefined {
  const host = server.trim().replace(/^tcp:/i, '').replace(/,\d+$/, '').toLowerCase();
  return SQL_SERVER_CLOUDS.find(([domain]) => host.endsWith(`.${domain}`))?.[1];
}

/** Entra ID (Azure AD) sign-in hosts: public cloud and its aliases, US Government, China (21Vianet), legacy Germany. */
export const LOGIN_HOSTS: readonly string[] = [
  ...PUBLIC_LOGIN_HOSTS,
  'login.live.com',
  'sts.windows.net',
  ...SOVEREIGN_CLOUDS.flat(),
  CLOSED_GERMAN_LOGIN_HOST,
];

/**
 * Microsoft's portals and online apps, which send a browser that is not signed in on to the sign-in
 * page: the Azure portal of each cloud, the Microsoft 365, Entra and Intune admin centres, My Apps and
 * My Account, Microsoft 365's home page (office.com, microsoft365.com), Office and Outlook on the web, Power Apps; and SharePoint Online and Dynamics 365 sites
 * by the end of their host (`contoso.sharepoint.com`, `contoso.crm4.dynamics.com`).
 */
export const SIGN_IN_PORTAL_HOSTS: readonly string[] = [
  'portal.azure.com',
  'portal.azure.us',
  'portal.azure.cn',
  'admin.microsoft.com',
  'entra.microsoft.com',
  'intune.microsoft.com',
  'endpoint.microsoft.com',
  'myapps.microsoft.com',
  'myaccount.microsoft.com',
  'portal.office.com',
  'outlook.office.com',
  'outlook.office365.com',
  // Microsoft 365's home page, by each of its names; not Outlook.com's or a personal account's pages (outlook.live.com).
  'www.office.com',
  'office.com',
  'www.microsoft365.com',
  'microsoft365.com',
  'm365.cloud.microsoft',
  'make.powerapps.com',
  '.sharepoint.com',
  '.dynamics.com',
];

/**
 * Words of which a file that posts to a token endpoint writes one: a login host, or the `oauth2` of
 * a token path (`isTokenEndpoint` accepts nothing else). Lower-case, as a rule's `requires`.
 */
export const TOKEN_ENDPOINT_WORDS: readonly string[] = ['oauth2', ...LOGIN_HOSTS];

/** Words of the Microsoft services a token request may ask for (see namesKnownMicrosoftResource). */
export const MICROSOFT_RESOURCE_WORDS: readonly string[] = [
  'microsoft.com',
  'microsoft.us',
  'windows.net',
  'azure.net',
  'azure.com',
  'dynamics.com',
  'sharepoint',
  'office.com',
  'office365.',
  'outlook.com',
  'powerbi.',
  'cloudapi.',
  'api://',
  '/.default',
];

/**
 * Microsoft's own public clients, which scripts borrow to sign in: no one else holds a credential for
 * them, and only Entra ID knows them.
 */
export const FIRST_PARTY_CLIENT_IDS: ReadonlySet<string> = new Set([
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46', // Azure CLI
  '1950a258-227b-4e31-a9cf-717495945fc2', // Azure PowerShell
  '14d82eec-204b-4c2f-b7e8-296a70dab67e', // Microsoft Graph Command Line Tools (Microsoft Graph PowerShell)
  '1b730954-1685-4b74-9bfd-dac224a7b894', // Azure Active Directory PowerShell
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
  'fb78d390-0c51-40cd-8e17-fdbfab77341b', // Microsoft Exchange REST API Based PowerShell
  'a0c73c16-a7e3-4564-9a95-2bdf47383716', // Microsoft Exchange Online Remote PowerShell
  '9bc3ab49-b65d-410a-85ad-de819febfddc', // Microsoft SharePoint Online Management Shell
  '12128f48-ec9e-42f0-b203-ea49fb6af367', // Microsoft Teams PowerShell
  'aebc6443-996d-45c2-90f0-388ff96faa56', // Visual Studio Code
  '7f98cb04-cd1e-40df-9140-3bf7e2cea4db', // JDBC Client Driver (tedious's and the JDBC driver's Entra password sign-in)
  'a94f9c62-97fe-4d19-b06d-472bed8d2bcf', // Azure SQL Database and Data Warehouse (SqlClient, sqlcmd, SSMS)
]);

/** The public cloud's sign-in host, which generated code uses unless the code names another cloud only. */
export const PUBLIC_LOGIN_HOST = PUBLIC_LOGIN_HOSTS[0];
const SOVEREIGN_LOGIN_HOSTS = SOVEREIGN_CLOUDS.flat();

/**
 * The sign-in host generated code should use: the sovereign cloud's when the code names that cloud
 * only (a US Government or China tenant must stay there), else the public cloud's (code that names
 * several clouds picks one at run time, and MSAL's default is the public cloud).
 */
export function authorityHostFor(code: string): string {
  if (code !== lastCode) {
    lastCode = code;
    lastHost = ANY_SOVEREIGN_HOST.test(code) ? authorityHostAmong(new Set(cloudLoginHostsIn(code))) : PUBLIC_LOGIN_HOST;
  }
  return lastHost;
}

/**
 * The public and sovereign clouds' login hosts the code names, each searched for on its own: those of
 * several texts together are those of the texts joined by line breaks, which no host spans.
 */
export function cloudLoginHostsIn(code: string): string[] {
  return ANY_CLOUD_LOGIN_HOST.test(code) ? CLOUD_LOGIN_HOSTS.filter((host) => host.pattern.test(code)).map((host) => host.name) : [];
}

/** `authorityHostFor` of code that names these login hosts (see `cloudLoginHostsIn`). */
export function authorityHostAmong(named: ReadonlySet<string>): string {
  const clouds = SOVEREIGN_CLOUDS.filter((hosts) => hosts.some((host) => named.has(host)));
  const only = clouds.length === 1 && !PUBLIC_LOGIN_HOSTS.some((host) => named.has(host)) ? clouds[0].find((host) => named.has(host)) : undefined;
  return only ?? PUBLIC_LOGIN_HOST;
}

/**
 * The cloud of a login host, as that cloud's first host (`login-us.microsoftonline.com` → `login.microsoftonline.us`):
 * the public cloud's, a sovereign cloud's or Microsoft Cloud Deutschland's; undefined for no cloud's login host.
 */
export function loginCloudOf(host: string): string | undefined {
  const lower = canonicalHost(host);
  if (PUBLIC_LOGIN_HOSTS.includes(lower)) return PUBLIC_LOGIN_HOST;
  if (lower === CLOSED_GERMAN_LOGIN_HOST) return CLOSED_GERMAN_LOGIN_HOST;
  return SOVEREIGN_CLOUDS.find((hosts) => hosts.includes(lower))?.[0];
}

/**
 * Whether the code builds a sign-in's authority with a tenant worked out at run time
 * (`https://login.microsoftonline.com/${tenantId}`, `"https://login.microsoftonline.com/" + tenant`,
 * also through a constant holding the host: `${AUTH_URL}/${this.tenant}`): a sign-in to each
 * customer's tenant, say, which a fix signing in to one configured tenant would redirect. The
 * deployment's one tenant is not: one from the environment (`${process.env.TENANT_ID}`, or a name the
 * code declares from it: `const tenantId = process.env.TENANT_ID`, `const { TENANT_ID } = process.env`),
 * a constant or a constant settings object's member written in the file, a configuration module's
 * member, or what the fixes' own secret reader (`readMfaReadySecret`) returns (also after the generated
 * code's `tenantId ??`). `fromEnvironment`: whether the name read at an offset of the code holds what the
 * environment gives; a language that resolves names says so for that read, and by default a variable
 * of the name declared from it anywhere in the code counts (see `declaredFromEnvironment`).
 */
export function buildsTenantAtRunTime(code: string, fromEnvironment: (name: string, at: number) => boolean = (name) => declaredFromEnvironment(code, name)): boolean {
  const spelled = withHostConstantsSpelledOut(code);
  COMPUTED_TENANT.lastIndex = 0;
  for (let match = COMPUTED_TENANT.exec(spelled.text); match; match = COMPUTED_TENANT.exec(spelled.text)) {
    const group = match[1] !== undefined ? 1 : 3;
    const name = match[group];
    const members = match[2] ?? match[4] ?? '';
    if (!name) return true;
    if (fromEnvironment(name, spelled.originalOffset(match.indices![group][0])) || writtenInFile(code, name, members)) continue;
    if (!(members !== '' && loadedFromConfiguration(code, name))) return true;
  }
  return false;
}

/** The login hosts as alternatives of a regular expression. */
const LOGIN_HOST_ALTERNATIVES = LOGIN_HOSTS.map((host) => host.replace(/\./g, '\\.')).join('|');

/** A name of the code (`$` included) as it is written in a regular expression. */
const escapedName = (name: string): string => name.replace(/\$/g, '\\$');

// After a login host and `/`: an interpolation or a `+`, and the name it reads with the members read of
// it (`${cfg.tenant.id}`), if it is one.
const COMPUTED_TENANT = new RegExp(
  `(?:${LOGIN_HOST_ALTERNATIVES})/` +
    `(?:\\$\\{(?!\\s*(?:process\\.env\\b|(?:tenantId\\s*\\?\\?\\s*)?await\\s+readMfaReadySecret\\s*\\(\\s*["']TENANT_ID["']\\s*\\)))\\s*(?:([A-Za-z_$][\\w$]*)((?:\\.[A-Za-z_$][\\w$]*)*)\\s*\\})?` +
    `|['"\`]\\s*\\+(?!\\s*(?:process\\.env\\b|['"]))\\s*(?:([A-Za-z_$][\\w$]*)((?:\\.[A-Za-z_$][\\w$]*)*)(?![\\w$]*\\s*[(\\[]))?)`,
  // `d`: where the name stands, for `fromEnvironment`.
  'gid',
);

// `const AUTH_URL = "https://login.microsoftonline.com"` (a trailing slash, `let`/`var` and a type too).
const HOST_CONSTANT = new RegExp(
  `\\b(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*(?::[^=\\n;]+)?=\\s*(['"\`])(https://(?:${LOGIN_HOST_ALTERNATIVES})/?)\\2`,
  'gi',
);

/** The code as `withHostConstantsSpelledOut` writes it, and where an offset of it stands in the code. */
interface SpelledOut {
  text: string;
  originalOffset(offset: number): number;
}

/**
 * The code with each use of a constant holding a login host written as the host itself: `${AUTH_URL}`
 * in a template, `AUTH_URL + "/…"` (or `AUTH_URL + tenant` where the constant ends in `/`).
 */
function withHostConstantsSpelledOut(code: string): SpelledOut {
  const hosts = new Map<string, string>();
  HOST_CONSTANT.lastIndex = 0;
  for (let match = HOST_CONSTANT.exec(code); match; match = HOST_CONSTANT.exec(code)) if (!hosts.has(match[1])) hosts.set(match[1], match[3]);
  if (hosts.size === 0) return { text: code, originalOffset: (offset) => offset };
  const names = [...hosts.keys()].map(escapedName).join('|');
  const uses = new RegExp(`\\$\\{\\s*(${names})\\s*\\}|(?<![\\w$.])(${names})\\s*\\+(\\s*(['"\`]))?`, 'g');
  // Where each replacement ends in the new text, and how far the text has moved by then.
  const shifts: { end: number; by: number }[] = [];
  let by = 0;
  const text = code.replace(uses, (use: string, inTemplate: string | undefined, joined: string | undefined, quoted: string | undefined, quote: string | undefined, offset: number) => {
    const spelled = inTemplate ? hosts.get(inTemplate)! : joinedHost(hosts.get(joined!)!, use, quoted, quote);
    const start = offset + by;
    by += spelled.length - use.length;
    shifts.push({ end: start + spelled.length, by });
    return spelled;
  });
  const originalOffset = (offset: number): number => {
    let moved = 0;
    for (const shift of shifts) {
      if (shift.end > offset) break;
      moved = shift.by;
    }
    return offset - moved;
  };
  return { text, originalOffset };
}

/** `AUTH_URL + …` with the host written out: `"https://…/" + …` for a host ending in `/`, else joined to the string after it. */
function joinedHost(url: string, use: string, quoted: string | undefined, quote: string | undefined): string {
  if (url.endsWith('/')) return `"${url}" +${quoted ?? ''}`;
  return quote ? `${quote}${url}` : use;
}

/**
 * Whether `name` (with `members`, `.tenantId`) is written in the file as a string, at its top level:
 * `const TENANT = "contoso.onmicrosoft.com"` (or a `var` or `let` that nothing assigns again), or a
 * member of a constant object literal, `const settings = { tenantId: "…" }`, that nothing assigns
 * again; and no function's parameter of that name hides it.
 */
function writtenInFile(code: string, name: string, members: string): boolean {
  const escaped = escapedName(name);
  const literal = `(['"\`])[^'"\`$\\n]+\\1`;
  const declared = `^(?:export\\s+)?const\\s+${escaped}\\s*(?::[^=\\n;]+)?=\\s*`;
  if (members === '') {
    const variable = new RegExp(`^(?:export\\s+)?(?:var|let)\\s+${escaped}\\s*(?::[^=\\n;]+)?=\\s*${literal}`, 'm').test(code) && assignedOnce(code, escaped);
    return (variable || new RegExp(`${declared}${literal}`, 'm').test(code)) && !hiddenByParameter(code, name);
  }
  const member = members.slice(1);
  if (member.includes('.') || new RegExp(`\\b${escaped}\\.${member}\\s*=(?!=)`).test(code)) return false;
  return new RegExp(`${declared}\\{[^{}]*?\\b${member}\\s*:\\s*${literal}`, 'm').test(code) && !hiddenByParameter(code, name);
}

/**
 * Whether the code assigns the name (escaped) only where it declares it: no `name = …`, `name += …`,
 * `[name] = …` (nested or spread too), `name++`, `for (name of …)` after.
 */
function assignedOnce(code: string, escaped: string): boolean {
  const name = `(?:(?<![\\w$.])|(?<=\\.\\.\\.))${escaped}(?![\\w$])`;
  const assignments = code.match(new RegExp(`${name}\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?![=>])`, 'g')) ?? [];
  const stepped = new RegExp(`${name}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${name}`);
  const looped = new RegExp(`\\bfor\\s*\\(\\s*${name}\\s+(?:of|in)\\b`);
  return assignments.length === 1 && !stepped.test(code) && !looped.test(code) && !destructured(code, new RegExp(name, 'g'));
}

/**
 * Whether a use of the name stands in a pattern that is assigned (`[name] = …`, `({ a: { b: name } } = …)`):
 * a bracket opened before it and one closed after it, then `=`, with no `=` or `;` between. Read around
 * each use, a bounded stretch each side, so that a file of many brackets stays quick.
 */
function destructured(code: string, uses: RegExp): boolean {
  for (let use = uses.exec(code); use; use = uses.exec(code)) {
    const before = code.slice(Math.max(0, use.index - MAX_PARAMETER_LIST), use.index);
    const after = code.slice(use.index + use[0].length, use.index + use[0].length + MAX_PARAMETER_LIST);
    if (/[[{][^=;]*$/.test(before) && /^[^=;]*?[\]}]\s*=(?![=>])/.test(after)) return true;
  }
  return false;
}

/**
 * Whether `name` is the deployment's configuration: a module the file imports, or requires by a literal
 * path at its top level (`import * as cfg from "./config"`, `const settings = require("./settings.json")`),
 * and no function's parameter of that name hides it. A member of it is one tenant for every run, not a
 * customer's worked out per call (`JSON.parse(message.body)`, `require(tenantFile)` are not).
 */
function loadedFromConfiguration(code: string, name: string): boolean {
  const escaped = escapedName(name);
  const imported =
    new RegExp(`^\\s*import\\s+(?:\\*\\s+as\\s+)?${escaped}\\s+from\\s*['"]`, 'm').test(code) ||
    new RegExp(`^\\s*import\\s*\\{[^}]*\\b${escaped}\\b[^}]*\\}\\s*from\\s*['"]`, 'm').test(code) ||
    new RegExp(`^(?:const|let|var)\\s+${escaped}\\s*(?::[^=\\n;]+)?=\\s*require\\s*\\(\\s*['"\`][^'"\`$]+['"\`]\\s*\\)`, 'm').test(code);
  return imported && !hiddenByParameter(code.replace(new RegExp(`(?:import|require)[^\\n]*\\b${escaped}\\b[^\\n]*`, 'g'), ''), name);
}

/**
 * Whether a function of the code takes a parameter named `name`, which hides the file's own `name`
 * inside it: a parameter list (`(a, name) {`, `(name: string) =>`, `(name): T {`) or a lone arrow
 * parameter (`name =>`); a call's arguments (`log(name);`) are none. Lists are read up to a bounded
 * length, so that the search stays linear on long lines.
 */
function hiddenByParameter(code: string, name: string): boolean {
  const escaped = escapedName(name);
  const inList = `\\([^()]{0,${MAX_PARAMETER_LIST}}?\\b${escaped}\\b(?=\\s*[,):=?])[^()]{0,${MAX_PARAMETER_LIST}}\\)\\s*(?:=>|\\{|:)`;
  return new RegExp(`${inList}|(?<![\\w$.])${escaped}\\s*=>`).test(code);
}

const MAX_PARAMETER_LIST = 300;

/** `process.env…`, or a template that is one variable of it and nothing else (`` `${process.env.TENANT_ID}` ``). */
const FROM_ENVIRONMENT = '(?:process\\.env\\b|`\\$\\{\\s*process\\.env(?:\\.[\\w$]+|\\[[^\\]\\n]*\\])!?\\s*\\}`)';

/** Whether an expression, as written, reads the environment (see `FROM_ENVIRONMENT`). */
export function readsEnvironment(expression: string): boolean {
  return READS_ENVIRONMENT.test(expression);
}

const READS_ENVIRONMENT = new RegExp(`^${FROM_ENVIRONMENT}`);

/**
 * Whether the code declares `name` from the environment: `const name = process.env.X`, also written as
 * a template of it alone (`` const name = `${process.env.X}` ``), or `const { name } = process.env`.
 */
export function declaredFromEnvironment(code: string, name: string): boolean {
  const escaped = escapedName(name);
  return (
    new RegExp(`\\b(?:const|let|var)\\s+${escaped}\\s*(?::[^=\\n;]+)?=\\s*${FROM_ENVIRONMENT}`).test(code) ||
    new RegExp(`\\{[^{}]*\\b${escaped}\\b[^{}]*\\}\\s*=\\s*process\\.env\\b`).test(code)
  );
}

const CLOUD_LOGIN_HOSTS = [...PUBLIC_LOGIN_HOSTS, ...SOVEREIGN_LOGIN_HOSTS].map((name) => ({ name, pattern: wordsPattern([name], 'i') }));
const ANY_CLOUD_LOGIN_HOST = wordsPattern([...PUBLIC_LOGIN_HOSTS, ...SOVEREIGN_LOGIN_HOSTS], 'i');

// Searched case-insensitively, not in a lower-cased copy of the file (which every edit would make
// again); one pass for the usual answer, none of them.
const ANY_SOVEREIGN_HOST = wordsPattern(SOVEREIGN_LOGIN_HOSTS, 'i');

// Every fix in a file asks about the same file: searching it once per fix was a tenth of the analysis.
let lastCode: string | undefined;
let lastHost = PUBLIC_LOGIN_HOST;

/** Whether a mail host serves Outlook.com's personal accounts (`smtp-mail.outlook.com`, `smtp.live.com`), not Exchange Online's. */
export function servesPersonalAccounts(host: string): boolean {
  return /(?:-mail\.outlook\.com|\.live\.com)$/i.test(host);
}

/**
 * What a password sign-in to Outlook.com's personal accounts meets: no Exchange Online date applies
 * there (the platform facts hold none for them).
 */
export const PERSONAL_ACCOUNTS_MAIL = "serves Outlook.com's personal accounts, not Exchange Online, so a work or school tenant's token does not sign in there";

/** How a finding of a mail sign-in with a password opens, in either language. */
export function mailPasswordSignIn(api: string, host: string, protocol: 'SMTP AUTH' | 'IMAP' | 'POP'): string {
  return `${api} signs in to ${host} with a username and password (${protocol} basic authentication), which cannot satisfy MFA`;
}

/** SMTP AUTH with a password in Exchange Online, as the platform facts date it. */
export const SMTP_AUTH_DEPRECATED =
  'Exchange Online deprecates it for client submission: it works until the end of December 2026, then is off by default for existing tenants.';

/** IMAP and POP with a password in Exchange Online, as the platform facts date them (after "which cannot satisfy MFA and"). */
export const MAIL_BASIC_AUTH_OFF = 'which Exchange Online turned off on 2022-10-01';

/** Office 365 / Outlook.com mail hosts that accept SMTP AUTH, IMAP, POP and EWS sign-ins. */
export const MAIL_HOSTS: readonly string[] = [
  'smtp.office365.com',
  'outlook.office365.com',
  'smtp-mail.outlook.com',
  'outlook.office.com',
  'imap-mail.outlook.com',
  'pop-mail.outlook.com',
  // Outlook.com's and Office 365's older names, still in scripts and still answering.
  'smtp.live.com',
  'pop3.live.com',
  'smtp.outlook.com',
];

/**
 * The sovereign clouds' Exchange Online hosts, by family: US Government's (GCC High, DoD) under `office365.us`
 * (`smtp.office365.us`, `outlook.office365.us`), 21Vianet's under `partner.outlook.cn` (IMAP and POP at the
 * name itself, SMTP at `smtp.partner.outlook.cn`). The bare `office365.us` is the domain, no mail host.
 */
const SOVEREIGN_MAIL_DOMAINS = /\.office365\.us$|(?:^|\.)partner\.outlook\.cn$/;

/** Exchange Online Protection's direct-send (MX) hosts, of every cloud (`contoso-com.mail.protection.outlook.com`). */
const DIRECT_SEND_HOST = /\.mail\.protection\.(?:outlook\.com|office365\.us|partner\.outlook\.cn)$/;

/** A host name in lower case, without the root's dot (`login.microsoftonline.com.` is the same host). */
function canonicalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

export function isLoginHost(host: string): boolean {
  return LOGIN_HOSTS.includes(canonicalHost(host));
}

export function isMailHost(host: string): boolean {
  const lower = canonicalHost(host);
  // Exchange Online's regional names too (`outlook-emeawest.office365.com`); not High Volume Email's
  // `smtp-hve.office365.com`, whose accounts sign in with a password on a schedule of its own.
  const regional = lower.endsWith('.office365.com') && lower !== 'smtp-hve.office365.com';
  return MAIL_HOSTS.includes(lower) || regional || isSovereignMailHost(lower) || DIRECT_SEND_HOST.test(lower);
}

/** A sovereign cloud's Exchange Online host, but not its Security & Compliance PowerShell's (`ps.compliance.protection.office365.us`). */
function isSovereignMailHost(host: string): boolean {
  const powerShell = exchangePowerShellEndpoint(host);
  return SOVEREIGN_MAIL_DOMAINS.test(host) && (!powerShell || powerShell.service === 'exchange');
}

/**
 * A mail host a password sign-in goes to. The direct-send (MX) endpoints (`*.mail.protection.outlook.com`)
 * offer no AUTH at all: a password configured for one is never sent, so it is no basic-auth sign-in.
 */
export function acceptsMailPassword(host: string): boolean {
  return isMailHost(host) && !DIRECT_SEND_HOST.test(canonicalHost(host));
}

/** The path of an OAuth 2 token endpoint: `/oauth2/token`, `/oauth2/v2.0/token`, with or without a tenant. */
export const TOKEN_PATH = /\/oauth2\/(?:v2\.0\/)?token\/?$/i;

/**
 * An Entra ID token path: `/oauth2/v2.0/token`, or v1 `/<tenant>/oauth2/token` where the tenant is a
 * GUID, a domain, common/organizations/consumers or unknown (`\u0000`). Salesforce's
 * `/services/oauth2/token` is not one.
 */
const ENTRA_TOKEN_PATH =
  /(?:\/oauth2\/v2\.0\/token|^(?:\/[^/]*(?:\u0000|\.)[^/]*|\/[0-9a-f-]{36}|\/common|\/organizations|\/consumers)?\/oauth2\/token)\/?$/i;

/**
 * An Azure AD B2C user flow or custom policy (`/B2C_1_ROPC/`, `?p=B2C_1A_signin`), also through
 * login.microsoftonline.com: its users are a B2C tenant's consumers, whom partner and Azure MFA
 * enforcement does not cover, and B2C supports their password sign-in.
 */
const B2C_POLICY_SEGMENT = /\/b2c_1a?_[^/]*(?:\/|$)/i;
const B2C_POLICY_PARAMETER = /(?:^|&)p=b2c_1a?_/i;

function namesB2cPolicy(url: string): boolean {
  const [path, query = ''] = url.split('#')[0].split('?');
  return B2C_POLICY_SEGMENT.test(path) || B2C_POLICY_PARAMETER.test(query);
}

/**
 * Whether a URL names a Microsoft token endpoint. The URL may be a shape with unknown parts as
 * `\u0000` (a host read from configuration): a static host must be a Microsoft login host, while an
 * unknown host (also one the URL starts with, scheme and all) or a relative URL is judged by its OAuth 2
 * token path.
 */
export function isTokenEndpoint(url: string): boolean {
  if (namesB2cPolicy(url)) return false;
  // Through a CORS proxy (`https://cors-anywhere.herokuapp.com/https://login.windows.net/…`): the URL it forwards to.
  const proxied = /^(?:https?:)?\/\/[^/?#]*\/+(https?:\/\/.*)$/i.exec(url.trim());
  if (proxied) return isTokenEndpoint(proxied[1]);
  const match = /^(?:https?:)?\/\/([^/?#]*)([^?#]*)/i.exec(url.trim());
  // `"$(Get-LoginUrl)/common/oauth2/token"`, `${base}/…`: an unknown part in front is a host the file does not show.
  if (!match) return ENTRA_TOKEN_PATH.test(url.split(/[?#]/)[0].replace(/^\u0000+/, ''));
  const host = match[1].replace(/:\d+$/, '');
  if (host.includes('\u0000') || host === '') return ENTRA_TOKEN_PATH.test(match[2]);
  return isLoginHost(host);
}

/**
 * Whether a URL (a shape: unknown parts are `\u0000`) shows that it goes to a Microsoft login host: its
 * host is written, and is one (through a CORS proxy, the URL it forwards to). A token path on a host
 * worked out at run time (`${baseUrl}/oauth2/token`) may be any OAuth server's.
 */
export function showsLoginHost(url: string): boolean {
  const proxied = /^(?:https?:)?\/\/[^/?#]*\/+(https?:\/\/.*)$/i.exec(url.trim());
  if (proxied) return showsLoginHost(proxied[1]);
  const host = /^(?:https?:)?\/\/([^/?#]*)/i.exec(url.trim())?.[1].replace(/:\d+$/, '');
  return !!host && !host.includes('\u0000') && isLoginHost(host);
}

/**
 * Whether an authority URL (a shape: unknown parts are `\u0000`) shows that it signs in elsewhere than
 * Entra ID's workforce tenants: an Azure AD B2C user flow or policy, B2C's `*.b2clogin.com` or Entra
 * External ID's `*.ciamlogin.com` (whose users are a customer tenant's consumers), or an on-premises
 * AD FS (`https://<host>/adfs`). Any other host may be a Microsoft cloud's the list of login hosts does
 * not hold yet (a new sovereign cloud's), and is not taken for another provider.
 */
export function namesOtherIdentityProvider(url: string): boolean {
  const [, host, path = ''] = /^\s*https?:\/\/([^/?#:\s\u0000]+)(?::\d+)?([/?#].*)?$/i.exec(url) ?? [];
  if (namesB2cPolicy(url)) return true;
  if (host === undefined || isLoginHost(host)) return false;
  return CUSTOMER_IDENTITY_HOST.test(host) || AD_FS_PATH.test(path);
}

const CUSTOMER_IDENTITY_HOST = /\.(?:b2clogin\.com|ciamlogin\.com)\.?$/i;
const AD_FS_PATH = /^\/adfs(?:[/?#]|$)/i;

/**
 * Whether the URL is an unknown base or host followed directly by `/oauth2/token` (`"$base/oauth2/token"`,
 * `https://${host}/oauth2/token`): an Entra authority held in a variable (tenant and all), or another
 * server's OAuth 2 endpoint (Thycotic Secret Server's and WSO2's have that path too).
 */
export function isBareTokenPathOnUnknownBase(url: string): boolean {
  return /^(?:(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*)?\u0000[^/?#]*\/oauth2\/token\/?$/i.test(url.trim().split(/[?#]/)[0]);
}

/**
 * What every Entra token request names, as a form's field: its client (`client_id=`), or a Microsoft
 * resource it wants (`resource=https://graph.microsoft.com`, an app id, `scope=…/.default`, Graph's
 * `User.Read Mail.Send`), the value unknown too. Case matters for Graph's permission names only.
 */
const ENTRA_REQUEST_FIELD =
  /(?:^|[&\u0000])(?:client_id=|(?:resource|scope)=(?:[^&]*?(?:microsoft|windows\.net|azure|dynamics|office365|office\.com|sharepoint|outlook|powerbi|api:\/\/|\.default|user_impersonation|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|\u0000))/i;
/** Microsoft Graph's permission names, in their own casing (`User.Read`, `Mail.Send`, `Files.ReadWrite.All`). */
const GRAPH_SCOPE_FIELD = /(?:^|[&\u0000])scope=[^&]*?\b[A-Z][A-Za-z]+\.(?:Read|ReadWrite|ReadBasic|Send|Manage)\b/;

/** Whether a form (or a URL's query) has a field that every Entra token request has (see ENTRA_REQUEST_FIELD). */
export function namesEntraRequestField(form: string): boolean {
  return ENTRA_REQUEST_FIELD.test(form) || GRAPH_SCOPE_FIELD.test(form);
}

/** Whether a form's entry (`key` as Entra spells it, lower-case) is one every Entra token request has: `client_id`, or a Microsoft `resource` or `scope`. */
export function namesEntraRequestEntry(key: string, value: () => string): boolean {
  return key === 'client_id' || ((key === 'resource' || key === 'scope') && namesMicrosoftResource(value()));
}

/** Whether a `resource` or `scope` value names a Microsoft resource (or is unknown). */
export function namesMicrosoftResource(value: string): boolean {
  return namesEntraRequestField(`&scope=${value}`);
}

/**
 * Whether a `resource` or `scope` value, as the file writes it in full, asks for another service's token
 * (Netatmo's `read_station`, WSO2's `internal_user_mgt_view`): not a Microsoft resource (see
 * namesMicrosoftResource), no word of a Microsoft service (graph, management, outlook, sharepoint, …),
 * and more than OpenID Connect's own scopes, which any provider takes.
 */
export function namesOtherServiceResource(value: string): boolean {
  const written = value.replace(/%20|\+/g, ' ').trim();
  if (!written || written.includes('\u0000') || namesMicrosoftScope(written)) return false;
  return written.split(/[\s,]+/).some((scope) => scope && !OPENID_SCOPES.has(scope.toLowerCase()));
}

/** A form's `scope` and `resource` values, as written (`scope=read_station&…`). */
export function formRequestedResources(form: string): string[] {
  return [...form.matchAll(/(?:^|&)(?:scope|resource)=([^&]*)/gi)].map((field) => field[1]);
}

/** Whether a request's `resource` and `scope` values, all written out, ask for another service's token only (see namesOtherServiceResource). */
export function asksForOtherServiceOnly(requested: readonly string[]): boolean {
  return requested.length > 0 && requested.every(namesOtherServiceResource);
}

/** Whether a `resource` or `scope` value, as the file writes it in full, names a Microsoft resource or service (see namesOtherServiceResource). */
export function namesMicrosoftScope(value: string): boolean {
  return !value.includes('\u0000') && (namesMicrosoftResource(value) || MICROSOFT_SERVICE_WORD.test(value));
}

const MICROSOFT_SERVICE_WORD =
  /\b(?:graph|management|outlook|sharepoint|dynamics|exchange|office|onedrive|teams|intune|powerbi|azure|vault|storage|crm|ews|imap|pop|smtp)\b/i;
const OPENID_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** Whether a `resource` or `scope` value (or a whole form) asks for a token to Azure AD Graph, retired on 2025-08-31: by its host or its app id. */
export function namesAzureAdGraph(value: string): boolean {
  return /graph\.windows\.net|\b00000002-0000-0000-c000-000000000000\b/i.test(value);
}

/** Why a password grant for Azure AD Graph gets no token-flow fix: no token for it works any more. */
export const AZURE_AD_GRAPH_RETIRED =
  'the token is for Azure AD Graph (graph.windows.net), which was fully retired on 2025-08-31, so no token for it works any more: ' +
  'move the calls to Microsoft Graph and ask for the scope https://graph.microsoft.com/.default';

/**
 * Domains under which every host is a Microsoft service that takes Entra ID's tokens (Graph, Azure
 * management, storage, SQL, Key Vault, Kusto, Cognitive Services, Synapse, Log Analytics, Dynamics 365,
 * SharePoint, Exchange, Power BI; the sovereign clouds' too). Not `azurewebsites.net` or
 * `cloudapp.azure.com`: customers' own apps live there.
 */
const MICROSOFT_SERVICE_DOMAINS =
  /(?:^|\.)(?:microsoft\.(?:com|us)|windows\.net|azure\.(?:net|com|us|cn)|azuresynapse\.net|loganalytics\.io|applicationinsights\.io|(?:microsoft)?dynamics\.(?:com|us|de)|sharepoint(?:-mil)?\.(?:com|us|cn|de)|office(?:365)?\.(?:com|us)|outlook\.com|powerbi\.(?:com|us|cn)|usgovcloudapi\.net|chinacloudapi\.cn|microsoftazure\.de)$/i;
const CUSTOMER_HOSTS = /\.cloudapp\.azure\.com$/i;

/**
 * Whether a `resource` or `scope` value, as written, names a Microsoft service (`https://graph.microsoft.com`,
 * `https://management.core.windows.net/`, `https://contoso.crm.dynamics.com`, `api://…`, `…/.default`): a
 * token only Entra ID issues, whatever URL the request goes to. Not an unknown value or a bare scope name.
 */
export function namesKnownMicrosoftResource(value: string): boolean {
  if (/\bapi:\/\/|\/\.default\b/i.test(value)) return true;
  // A URL's host, not one named in its query; a bare host as it is.
  const hosts = value.includes('://') ? [...value.matchAll(/:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]) : (value.match(/[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi) ?? []);
  return hosts.some((host) => MICROSOFT_SERVICE_DOMAINS.test(host) && !CUSTOMER_HOSTS.test(host));
}

/** Whether a URL's shape leaves its host to run time (`$config.TokenUrl`, `https://${host}/…`): the script does not show where it goes. */
export function isUnshownUrl(url: string): boolean {
  return /^(?:(?:https?:)?\/\/)?\u0000/i.test(url.trim());
}

/**
 * Whether a body's entry (`key` as Entra spells it, lower-case), as written or as worked out, marks the
 * request as Entra ID's: a `resource` or `scope` that names a Microsoft service, or a `client_id` of one
 * of Microsoft's own public clients, which only Entra ID knows.
 */
export function entryMarksEntraRequest(key: string, written: string, shape: () => string): boolean {
  if (key === 'client_id') return isFirstPartyClientId(written) || isFirstPartyClientId(shape());
  return (key === 'resource' || key === 'scope') && (namesKnownMicrosoftResource(written) || namesKnownMicrosoftResource(shape()));
}

/** Whether a form body's text marks the request as Entra ID's (see entryMarksEntraRequest). */
export function formMarksEntraRequest(form: string): boolean {
  return [...form.matchAll(/(resource|scope|client_id)=([^&]*)/gi)].some(([, key, value]) => entryMarksEntraRequest(key.toLowerCase(), value, () => value));
}

/** A client id as written (quoted or not), or its shape: one of FIRST_PARTY_CLIENT_IDS. */
function isFirstPartyClientId(value: string): boolean {
  return FIRST_PARTY_CLIENT_IDS.has(value.trim().replace(/^(['"`])(.*)\1$/, '$2').toLowerCase());
}

/** An Exchange Online remote PowerShell endpoint: which cloud, and Exchange or Security & Compliance. */
export interface ExchangePowerShellEndpoint {
  sovereign: boolean;
  service: 'exchange' | 'compliance' | 'protection';
  /** Connect-ExchangeOnline's -ExchangeEnvironmentName for a sovereign cloud's host. */
  environmentName?: string;
}

/**
 * Hosts of Exchange Online remote PowerShell (`New-PSSession -ConnectionUri …/powershell-liveid`):
 * public cloud, GCC High, DoD, China (21Vianet), legacy Germany; and the Security & Compliance
 * PowerShell of each (regional `*.ps.compliance.protection.outlook.com` hosts too), and standalone
 * Exchange Online Protection's.
 */
const EXCHANGE_POWERSHELL_HOSTS: Readonly<Record<string, ExchangePowerShellEndpoint>> = {
  'outlook.office365.com': { sovereign: false, service: 'exchange' },
  'ps.outlook.com': { sovereign: false, service: 'exchange' },
  'outlook.office365.us': { sovereign: true, service: 'exchange', environmentName: 'O365USGovGCCHigh' },
  'webmail.apps.mil': { sovereign: true, service: 'exchange', environmentName: 'O365USGovDoD' },
  'partner.outlook.cn': { sovereign: true, service: 'exchange', environmentName: 'O365China' },
  'outlook.office.de': { sovereign: true, service: 'exchange', environmentName: 'O365GermanyCloud' },
  'ps.compliance.protection.outlook.com': { sovereign: false, service: 'compliance' },
  'ps.compliance.protection.office365.us': { sovereign: true, service: 'compliance' },
  'l5.ps.compliance.protection.office365.us': { sovereign: true, service: 'compliance' },
  'ps.compliance.protection.partner.outlook.cn': { sovereign: true, service: 'compliance' },
  'ps.protection.outlook.com': { sovereign: false, service: 'protection' },
};

export function exchangePowerShellEndpoint(host: string): ExchangePowerShellEndpoint | undefined {
  const lower = canonicalHost(host);
  const regional = lower.endsWith('.ps.compliance.protection.outlook.com') ? 'ps.compliance.protection.outlook.com' : lower;
  return EXCHANGE_POWERSHELL_HOSTS[regional];
}

/** Words every Exchange Online web host holds, for a rule's triggers: `outlook.office365.com`, `outlook.office.com`, `*.outlook.com`, GCC High, 21Vianet. */
export const EXCHANGE_ONLINE_WEB_HOST_WORDS = ['outlook.office', 'outlook.com', 'office365.us', 'outlook.cn'];

/**
 * A host of Exchange Online's web services (EWS, Autodiscover) in any Microsoft cloud: the Exchange
 * remote PowerShell hosts, and every host under `outlook.com` (`outlook.office.com`,
 * `autodiscover-s.outlook.com`), `office365.us` (GCC High) and `outlook.cn` (21Vianet).
 */
export function isExchangeOnlineWebHost(host: string): boolean {
  const lower = canonicalHost(host);
  return EXCHANGE_POWERSHELL_HOSTS[lower]?.service === 'exchange' || lower === 'outlook.office.com' || /(?:^|\.)(?:outlook\.com|office365\.us|outlook\.cn)$/.test(lower);
}

/** Azure Storage's endpoint suffixes, by cloud: public, US Government, China (21Vianet), legacy Germany. */
const STORAGE_ENDPOINT_SUFFIXES = ['core.windows.net', 'core.usgovcloudapi.net', 'core.chinacloudapi.cn', 'core.cloudapi.de'];
const AZURE_FILES_HOST = new RegExp(`[\\w\\u0000-]\\.file\\.(?:${STORAGE_ENDPOINT_SUFFIXES.map((suffix) => suffix.replace(/\./g, '\\.')).join('|')})(?![\\w.-])`, 'i');

/**
 * Whether a text (a UNC path, a URL, a host) names a storage account's Azure Files endpoint in any cloud
 * (`\\acct.file.core.windows.net\share`, `acct.file.core.chinacloudapi.cn`); the account may be left to run time.
 */
export function namesAzureFilesHost(text: string): boolean {
  return AZURE_FILES_HOST.test(text);
}

/**
 * Domains of Microsoft's clouds beyond the service domains (see MICROSOFT_SERVICE_DOMAINS): sign-in (`microsoftonline.*`,
 * `live.com`, `onmicrosoft.com`), Skype for Business Online (`*.online.lync.com`), Dataverse's sovereign hosts
 * (`*.crm.appsplatform.us`, `*.crm.dynamics.cn`), Power Platform, Azure DevOps, and the hosts Azure gives customers'
 * own apps and endpoints (`*.azurewebsites.net`, `*.cloudapp.net`, `*.azure-api.net`, …), of every cloud.
 */
const MICROSOFT_CLOUD_DOMAINS =
  /(?:^|\.)(?:microsoftonline\.(?:com|us|cn|de)|live\.com|onmicrosoft\.(?:com|us|cn|de)|lync\.com|skype\.com|appsplatform\.us|dynamics\.cn|dynamics365\.\w+|powerapps\.(?:com|us|cn)|powerautomate\.com|visualstudio\.com|outlook\.cn|office\.net|office365\.cn|sharepoint\.(?:de|cn)|windowsazure\.(?:com|cn|us)|azurewebsites\.(?:net|us)|chinacloudsites\.cn|cloudapp\.net|chinacloudapp\.cn|usgovcloudapp\.net|azure-api\.(?:net|us|cn)|azurefd\.net|azureedge\.net|trafficmanager\.net|azure-devices\.net|azurecr\.(?:io|us|cn)|cloudapi\.de|apps\.mil|skypeforbusiness\.us|onmschina\.cn|windows\.com|yammer\.com|powerplatform\.com|powerappsportals\.(?:com|us)|microsoftcrmportals\.com|msappproxy\.(?:net|us)|azurewebsites\.de|azure-automation\.(?:net|us|cn)|azurestaticapps\.net|azurecontainerapps\.io|azurecontainer\.io|azmk8s\.io|azurehdinsight\.(?:net|us|cn)|azuredatabricks\.net|azureiotcentral\.com)$/i;

/**
 * Whether a host is one of Microsoft's clouds' in any cloud: a sign-in host, a portal, Exchange Online's hosts
 * (remote PowerShell, web services, mail), a host under a Microsoft service's domain (Graph, Azure, SharePoint
 * Online, Dynamics 365, …), or one Azure gives a customer's app (`contoso.azurewebsites.net`): no on-premises server's.
 */
export function isMicrosoftCloudHost(host: string): boolean {
  const lower = canonicalHost(host);
  const portal = SIGN_IN_PORTAL_HOSTS.some((name) => (name.startsWith('.') ? lower.endsWith(name) : lower === name));
  return (
    isLoginHost(lower) ||
    isMailHost(lower) ||
    exchangePowerShellEndpoint(lower) !== undefined ||
    isExchangeOnlineWebHost(lower) ||
    portal ||
    MICROSOFT_SERVICE_DOMAINS.test(lower) ||
    MICROSOFT_CLOUD_DOMAINS.test(lower)
  );
}
