import { connectionSetting, type ConnectionSettings } from './connection-settings';
import { isPlaceholderSecret } from './placeholder-secret';

/**
 * A Dynamics 365 / Dataverse connection string (XRM tooling's CrmServiceClient, the Dataverse
 * ServiceClient) that signs a user in with a password, read from its settings in either language.
 */

const UNKNOWN = '\u0000';

/** The keys XRM tooling (CrmServiceClient) and the Dataverse ServiceClient read the same setting from. */
const AUTH_TYPE = ['authtype', 'authenticationtype'];
export const URL_KEYS = ['url', 'server', 'serviceuri'];
const USER_NAME = ['username', 'userid'];
/** Text that names an AuthType: where a connection string is written. */
export const AUTH_TYPE_SETTING = /auth(?:entication)?\s*type\s*=/i;
/** A string's text before one of its parts ends with an AuthType key: that part is the AuthType. */
export const AUTH_TYPE_BEFORE = /(?:^|;)\s*auth(?:entication)?\s*type\s*=\s*$/i;
export const DATAVERSE_TRIGGERS = ['authtype', 'authenticationtype'];

export const DATAVERSE_PASSWORD_WHY =
  'signs in with a username and password, which cannot perform multi-factor authentication: AADSTS50076 once MFA ' +
  'applies to the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included.';
const INSTEAD =
  'Connect app-only instead: AuthType=Certificate with the ClientId and Thumbprint of an app registration added to the ' +
  'environment as an application user.';

export interface DataverseSignIn {
  authType: string;
  /** The AuthType is chosen at run time: how it is chosen (which value signs in with the password). */
  runTime?: RunTimeAuthType;
}

interface RunTimeAuthType {
  /** The values the AuthType may take, where the file names them (a `[ValidateSet(…)]`, the branches of a `?:`). */
  choices?: string[];
}

/**
 * The AuthType of a user's password sign-in to Dataverse: Office365 (which always takes the password),
 * or OAuth with a Password to an environment that may be online (an on-premises deployment's OAuth
 * goes to its own AD FS).
 */
export function passwordSignIn(settings: ConnectionSettings, authType = connectionSetting(settings, AUTH_TYPE)?.toLowerCase()): DataverseSignIn | undefined {
  // `AuthType=Office365` alone is text a script looks for or replaces (`-match`, `.Replace(…)`), not a connection string.
  if (![...URL_KEYS, ...USER_NAME, 'password'].some((key) => settings.has(key))) return undefined;
  if (authType === 'office365') return { authType: 'Office365' };
  // A Password key counts also when empty: a script made to have the password filled in.
  if (authType !== 'oauth' || connectionSetting(settings, ['password']) === undefined) return undefined;
  const url = connectionSetting(settings, URL_KEYS);
  return url === undefined || mayBeOnline(url) ? { authType: 'OAuth' } : undefined;
}

/**
 * A user's name and password with an AuthType the run chooses (`AuthType=$auth;Username=$u;Password=$p;Url=$url`, the
 * AuthType a pipeline's input, AD or Office365): a password sign-in where that may be Office365 (or OAuth to an
 * online environment), as any value may, unless the values the file lets it take (`choices`) include none.
 */
export function runTimePasswordSignIn(settings: ConnectionSettings, choices: () => string[] | undefined): DataverseSignIn | undefined {
  const authType = connectionSetting(settings, AUTH_TYPE);
  if (!authType?.includes(UNKNOWN) || !USER_NAME.some((key) => settings.has(key)) || !settings.has('password')) return undefined;
  const named = choices();
  if (!named) return { authType: 'Office365', runTime: {} };
  const chosen = named.map((choice) => passwordSignIn(settings, choice.toLowerCase())).find((signIn) => signIn !== undefined);
  return chosen && { ...chosen, runTime: { choices: named } };
}

/**
 * A Dynamics 365 / Dataverse online host, in any Microsoft cloud. A URL the file does not show may be
 * one: a variable's, or a placeholder that a template or a pipeline fills in (`{0}`, `#{OrgUrl}#`,
 * `__OrgUrl__`, `<your org url>`), which is no host name.
 */
function mayBeOnline(url: string): boolean {
  const host = /^(?:https?:\/\/)?([^/:?]+)/i.exec(url)?.[1] ?? '';
  if (!/^[a-z0-9.-]+$/i.test(host)) return true;
  return /\.(?:dynamics\.com|dynamics\.cn|microsoftdynamics\.us|microsoftdynamics\.de|appsplatform\.us)$/i.test(host);
}

/** A value a template or a pipeline puts in: `{1}`, `#{Password}#` (Octopus: `#{Password}`), `__Password__`, `$(Password)`. */
const SUBSTITUTION = /^(?:\{\d+\}|#\{.*\}#?|__\w+__|\$\(.*\))$/s;

/** Entra ID asks a cloud account's password for at least this many characters. */
const SHORTEST_ENTRA_PASSWORD = 8;

/**
 * What the Password setting holds: a password `written` in the file; a `stand-in` for one, as samples and help
 * texts write it (`<password>`, `****`, `{password}`, `pass`: too short for an Entra ID account); or nothing the
 * file shows (`other`: a part built at run time, a pipeline's substitution, an empty value to fill in).
 */
function passwordKind(settings: ConnectionSettings): 'written' | 'stand-in' | 'other' {
  const password = connectionSetting(settings, ['password'])?.trim();
  if (!password || password.includes(UNKNOWN) || SUBSTITUTION.test(password)) return 'other';
  return isPlaceholderSecret(password) || [...password].length < SHORTEST_ENTRA_PASSWORD ? 'stand-in' : 'written';
}

/** Whether the Password is a stand-in (see `passwordKind`): a sample's or a help text's string, at most a warning. */
export function hasStandInPassword(settings: ConnectionSettings): boolean {
  return passwordKind(settings) === 'stand-in';
}

/** What the finding says: which sign-in, why it breaks, what to do; `where` names the file's kind ("the script") for a written password. */
export function dataverseSignInMessage(signIn: DataverseSignIn, settings: ConnectionSettings, where: string): string {
  if (signIn.runTime) return runTimeMessage(signIn.runTime);
  const api =
    signIn.authType === 'Office365' ? 'A Dataverse connection string with AuthType=Office365 (WS-Trust)' : 'A Dataverse connection string with AuthType=OAuth and a Password';
  return `${api} ${DATAVERSE_PASSWORD_WHY} ${INSTEAD}${passwordNote(settings, where)}`;
}

function passwordNote(settings: ConnectionSettings, where: string): string {
  switch (passwordKind(settings)) {
    case 'written':
      return ` The password is written in ${where}: anyone who can read it or its history has it, so change it.`;
    case 'stand-in':
      return ' Its Password is a placeholder (or too short for an Entra ID account), as samples and help texts write one, so this is a warning: filled in with a real password, it signs in as above.';
    default:
      return '';
  }
}

function runTimeMessage(runTime: RunTimeAuthType): string {
  const chosen = runTime.choices ? `one of ${runTime.choices.join(', ')}` : 'a value the file does not show';
  return (
    `A Dataverse connection string whose AuthType is chosen at run time (${chosen}) gives a Username and Password: where the run ` +
    `chooses Office365 (or OAuth to an online environment), it ${DATAVERSE_PASSWORD_WHY} ${INSTEAD}`
  );
}
