import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { connectionSettings, settingKey, settingValue } from '../../shared/connection-settings';
import {
  AUTH_TYPE_BEFORE,
  AUTH_TYPE_SETTING,
  DATAVERSE_TRIGGERS,
  URL_KEYS,
  dataverseSignInMessage,
  hasStandInPassword,
  passwordSignIn,
  runTimePasswordSignIn,
} from '../../shared/dataverse-connection-string';
import { escapedForDoubleQuotes } from '../code-style';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { connectionStringExpressions } from '../connection-strings';
import { descendants, variableName, type Node } from '../syntax';
import { UNKNOWN } from '../values';

/** What a certificate sign-in keeps of the user's connection string: where it connects, and how the client is made. */
const KEPT = [...URL_KEYS, 'requirenewinstance', 'skipdiscovery'];

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
    triggers: DATAVERSE_TRIGGERS,
    requires: ['password'],
  },
  check(context) {
    return connectionStringExpressions(context, AUTH_TYPE_SETTING).flatMap(({ expression, shape, grown }): RuleHit[] => {
      const settings = connectionSettings(shape);
      const signIn = passwordSignIn(settings) ?? runTimePasswordSignIn(settings, () => authTypeChoices(context, expression));
      if (!signIn) return [];
      const fix = grown ? GROWN : certificateFix(context, expression);
      const text = dataverseSignInMessage(signIn, settings, 'the script');
      return [
        {
          message: text + (typeof fix === 'string' ? ` No quick fix: ${fix}.` : ''),
          startOffset: expression.startIndex,
          endOffset: expression.endIndex,
          // Whether the run signs in with the password is the run's choice, and a placeholder's may be a sample's: a warning.
          // The fix is no fix-all (no fix of this rule is).
          severity: signIn.runTime || hasStandInPassword(settings) ? 'warning' : undefined,
          fixes: typeof fix === 'string' ? [] : [fix],
        },
      ];
    });
  },
};

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

function textBefore(part: Node): string {
  const literal = part.parent!;
  return literal.text.slice(1, part.startIndex - literal.startIndex);
}

const GROWN = 'the connection string is grown with +=, which the fix cannot rewrite in place';

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
  const url = kept.find((segment) => URL_KEYS.includes(settingKey(segment)));
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
