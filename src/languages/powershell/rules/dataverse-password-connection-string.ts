import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { escapedForDoubleQuotes } from '../code-style';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { connectionSetting, connectionSettings, connectionStringExpressions, settingKey, settingValue, type ConnectionSettings } from '../connection-strings';
import { descendants, variableName, type Node } from '../syntax';
import { UNKNOWN } from '../values';

/** The keys XRM tooling (CrmServiceClient) and the Dataverse ServiceClient read the same setting from. */
const AUTH_TYPE = ['authtype', 'authenticationtype'];
const URL = ['url', 'server', 'serviceuri'];
const USER_NAME = ['username', 'userid'];
/** A string literal that names an AuthType: where a connection string is written. */
const AUTH_TYPE_SETTING = /auth(?:entication)?\s*type\s*=/i;
/** What a certificate sign-in keeps of the user's connection string: where it connects, and how the client is made. */
const KEPT = [...URL, 'requirenewinstance', 'skipdiscovery'];

const WHY =
  'signs in with a username and password, which cannot perform multi-factor authentication: AADSTS50076 once MFA ' +
  'applies to the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included.';
const INSTEAD =
  'Connect app-only instead: AuthType=Certificate with the ClientId and Thumbprint of an app registration added to the ' +
  'environment as an application user.';

export const dataversePasswordConnectionStringRule: PowerShellRule = {
  meta: {
    id: 'ps-dataverse-password-connection-string',
    title: 'Dataverse / Dynamics 365 connection string with a user password (AuthType=Office365 or OAuth)',
    description:
      'A connection string for XRM tooling or the Dataverse ServiceClient (Connect-CrmOnline -ConnectionString, ' +
      'Get-CrmConnection, CrmServiceClient, ServiceClient) with AuthType=Office365, or AuthType=OAuth with a Password, ' +
      'signs a user in to Dynamics 365 / Dataverse with a username and password, which cannot perform multi-factor ' +
      'authentication. Connect app-only with AuthType=Certificate.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'ropc', 'credential', 'dataverse'],
    triggers: ['authtype', 'authenticationtype'],
    requires: ['password'],
  },
  check(context) {
    return connectionStringExpressions(context, AUTH_TYPE_SETTING).flatMap((expression): RuleHit[] => {
      const settings = connectionSettings(context.values().shapeOf(expression));
      const signIn = passwordSignIn(settings) ?? runTimeSignIn(context, expression, settings);
      if (!signIn) return [];
      const fix = certificateFix(context, expression);
      const text = signIn.runTime ? runTimeMessage(signIn.runTime) : message(signIn.authType, settings);
      return [
        {
          message: text + (typeof fix === 'string' ? ` No quick fix: ${fix}.` : ''),
          startOffset: expression.startIndex,
          endOffset: expression.endIndex,
          // Whether the run signs in with the password is the run's choice: a warning, and the fix is no fix-all (no fix of this rule is).
          severity: signIn.runTime ? 'warning' : undefined,
          fixes: typeof fix === 'string' ? [] : [fix],
        },
      ];
    });
  },
};

/**
 * The AuthType of a user's password sign-in to Dataverse: Office365 (which always takes the password),
 * or OAuth with a Password to an environment that may be online (an on-premises deployment's OAuth
 * goes to its own AD FS).
 */
function passwordSignIn(settings: ConnectionSettings, authType = connectionSetting(settings, AUTH_TYPE)?.toLowerCase()): SignIn | undefined {
  // `AuthType=Office365` alone is text a script looks for or replaces (`-match`, `.Replace(…)`), not a connection string.
  if (![...URL, ...USER_NAME, 'password'].some((key) => settings.has(key))) return undefined;
  if (authType === 'office365') return { authType: 'Office365' };
  // A Password key counts also when empty: a script made to have the password filled in.
  if (authType !== 'oauth' || connectionSetting(settings, ['password']) === undefined) return undefined;
  const url = connectionSetting(settings, URL);
  return url === undefined || mayBeOnline(url) ? { authType: 'OAuth' } : undefined;
}

interface SignIn {
  authType: string;
  /** The AuthType is chosen at run time: how it is chosen (which value signs in with the password). */
  runTime?: RunTimeAuthType;
}

interface RunTimeAuthType {
  /** `[ValidateSet(…)]`: the values the parameter may take, where it names them. */
  choices?: string[];
}

/**
 * A user's name and password with an AuthType the run chooses (`"AuthType=$auth;Username=$u;Password=$p;Url=$url"`, the
 * AuthType a pipeline's input, AD or Office365): a password sign-in where that may be Office365 (or OAuth to an
 * online environment), as any value may, unless the parameter it comes from is validated to a set without one.
 */
function runTimeSignIn(context: PowerShellRuleContext, expression: Node, settings: ConnectionSettings): SignIn | undefined {
  const authType = connectionSetting(settings, AUTH_TYPE);
  if (!authType?.includes(UNKNOWN) || !USER_NAME.some((key) => settings.has(key)) || !settings.has('password')) return undefined;
  const choices = authTypeChoices(context, expression);
  if (!choices) return { authType: 'Office365', runTime: {} };
  const chosen = choices.map((choice) => passwordSignIn(settings, choice.toLowerCase())).find((signIn) => signIn !== undefined);
  return chosen && { ...chosen, runTime: { choices } };
}

/** The values a `[ValidateSet(…)]` lets the variable after `AuthType=` in the string take, where it is a parameter without a value of the script's. */
function authTypeChoices(context: PowerShellRuleContext, expression: Node): string[] | undefined {
  const strings = [expression, ...descendants(expression, 'expandable_string_literal')].filter((node) => node.type === 'expandable_string_literal');
  const variable = strings.flatMap((literal) => literal.namedChildren).find((part) => part?.type === 'variable' && AUTH_TYPE_BEFORE.test(textBefore(part)));
  const name = variable && variableName(variable);
  if (!variable || !name || context.values().assignmentSeenBy(variable)) return undefined;
  const declared = context.index.scopes().functionAround(variable.startIndex);
  const parameter = context.index.parameterVariables(declared).find((declaring) => variableName(declaring) === name)?.parent;
  const validated = parameter?.namedChildren.find((c) => c?.type === 'attribute_list')?.namedChildren.find((a) => a && /^\[\s*ValidateSet\s*\(/i.test(a.text));
  const choices = validated ? descendants(validated, 'attribute_argument').map((argument) => context.values().shapeOf(argument)) : [];
  return choices.length > 0 && !choices.some((choice) => choice.includes(UNKNOWN)) ? choices : undefined;
}

/** A string's text before one of its parts ends with an AuthType key. */
const AUTH_TYPE_BEFORE = /(?:^|;)\s*auth(?:entication)?\s*type\s*=\s*$/i;

function textBefore(part: Node): string {
  const literal = part.parent!;
  return literal.text.slice(1, part.startIndex - literal.startIndex);
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

/** A value a template or a pipeline puts in: `{1}`, `#{Password}#`, `__Password__`, `$(Password)`. */
const SUBSTITUTION = /^(?:\{\d+\}|#\{.*\}#|__\w+__|\$\(.*\))$/s;

function message(authType: string, settings: ConnectionSettings): string {
  const password = connectionSetting(settings, ['password']);
  const written = password && !password.includes(UNKNOWN) && !isPlaceholderSecret(password) && !SUBSTITUTION.test(password);
  const api = authType === 'Office365' ? 'A Dataverse connection string with AuthType=Office365 (WS-Trust)' : 'A Dataverse connection string with AuthType=OAuth and a Password';
  return `${api} ${WHY} ${INSTEAD}${written ? ' The password is written in the script: anyone who can read it or its history has it, so change it.' : ''}`;
}

function runTimeMessage(runTime: RunTimeAuthType): string {
  const chosen = runTime.choices ? `one of ${runTime.choices.join(', ')}` : 'a value the file does not show';
  return (
    `A Dataverse connection string whose AuthType is chosen at run time (${chosen}) gives a Username and Password: where the run ` +
    `chooses Office365 (or OAuth to an online environment), it ${WHY} ${INSTEAD}`
  );
}

/**
 * The string rewritten in place as a certificate sign-in: `"AuthType=Certificate;Url=…;ClientId=…;Thumbprint=…"`,
 * keeping the URL and client settings as written. Only for one quoted string that names its URL; otherwise why not.
 */
function certificateFix(context: PowerShellRuleContext, expression: Node): Fix | string {
  if (expression.type !== 'string_literal') return 'the connection string is built from several parts, which the fix cannot rewrite in place';
  const literal = expression.namedChild(0);
  if (!literal || !['expandable_string_literal', 'verbatim_string_characters'].includes(literal.type)) {
    return 'the connection string is a here-string, which the fix does not rewrite';
  }
  if (/^\s*["']/.test(context.values().writtenShapeOf(expression))) {
    return 'the connection string carries quotes of its own inside the string, which the fix does not rewrite';
  }
  const verbatim = literal.type === 'verbatim_string_characters';
  const kept = segments(literal).filter((segment) => KEPT.includes(settingKey(segment)));
  const url = kept.find((segment) => URL.includes(settingKey(segment)));
  if (!url || settingValue(url).trim() === '') return 'the connection string names no environment URL (Url=) the fix could keep';
  // A value quoted to hold a `;` was cut at it: only plain values are carried over.
  if (kept.some((segment) => /["']/.test(settingValue(segment)))) return 'a setting the fix keeps is quoted, which the fix does not rewrite';
  const asExpandable = (segment: string): string => (verbatim ? escapedForDoubleQuotes(segment.replace(/''/g, "'")) : segment);
  const secret = (name: 'APP_ID' | 'CERT_THUMBPRINT'): string => `$(${secretExpression(context, name)})`;
  const parts = ['AuthType=Certificate', ...kept.map((segment) => asExpandable(segment.trim())), `ClientId=${secret('APP_ID')}`, `Thumbprint=${secret('CERT_THUMBPRINT')}`];
  return {
    title: 'Connect app-only with a certificate (AuthType=Certificate)',
    // An app registration with a certificate must be set up and added to the environment first.
    safeForFixAll: false,
    edits: [{ startOffset: expression.startIndex, endOffset: expression.endIndex, newText: `"${parts.join(';')}"` }],
  };
}

/** The string's body split at each `;` that is not inside an embedded `$(…)` or variable. */
function segments(literal: Node): string[] {
  const body = { start: literal.startIndex + 1, end: literal.endIndex - 1 };
  const embedded = literal.namedChildren.filter((child): child is Node => child !== null);
  const parts: string[] = [];
  let from = body.start;
  for (let at = body.start; at < body.end; at++) {
    if (charAt(literal, at) !== ';' || embedded.some((child) => child.startIndex <= at && at < child.endIndex)) continue;
    parts.push(text(literal, from, at));
    from = at + 1;
  }
  parts.push(text(literal, from, body.end));
  return parts.filter((part) => part.trim() !== '');
}

function charAt(literal: Node, offset: number): string {
  return literal.text[offset - literal.startIndex];
}

function text(literal: Node, from: number, to: number): string {
  return literal.text.slice(from - literal.startIndex, to - literal.startIndex);
}
