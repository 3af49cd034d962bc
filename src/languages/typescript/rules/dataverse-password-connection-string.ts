import type { RuleHit } from '../../../engine/rule';
import { connectionSettings, type ConnectionSettings } from '../../shared/connection-settings';
import {
  AUTH_TYPE_BEFORE,
  AUTH_TYPE_SETTING,
  DATAVERSE_PASSWORD_WHY,
  DATAVERSE_TRIGGERS,
  dataverseSignInMessage,
  hasStandInPassword,
  passwordSignIn,
  runTimePasswordSignIn,
  type DataverseSignIn,
} from '../../shared/dataverse-connection-string';
import type { Node } from '../ast';
import { isWrittenPiece } from '../string-pieces';
import { candidatePieces, connectionStringCandidates, joinedShape, ownText, pieceShape } from '../connection-strings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { possibleValues, staticString } from '../static-value';
import { mayBeRun } from '../string-uses';
import { testCodeMarkOf } from '../test-code';

const UNKNOWN = '\u0000';
/** A Password setting written beside parts the code joins in, one of which may hold the AuthType. */
const PASSWORD_SETTING = /(?:^|;)\s*password\s*=/i;

const NO_FIX =
  ' No fix is offered: the app registration and its certificate must be set up and added to the environment first, ' +
  'and the string goes to a tool the file does not show (a PowerShell step, XRM tooling), which must find the certificate.';

interface PasswordConnectionString {
  node: Node;
  signIn: DataverseSignIn;
  settings: ConnectionSettings;
}

export const dataversePasswordConnectionStringRule: TypeScriptRule = {
  meta: {
    id: 'ts-dataverse-password-connection-string',
    title: 'Dataverse / Dynamics 365 connection string with a user password (AuthType=Office365 or OAuth)',
    description:
      'A Dynamics 365 / Dataverse connection string (for XRM tooling, the Dataverse ServiceClient, Connect-CrmOnline, ' +
      'or a pipeline step that hands it on) with AuthType=Office365, or AuthType=OAuth with a Password, ' +
      `${DATAVERSE_PASSWORD_WHY} Connect app-only with AuthType=Certificate (or ClientSecret) instead.`,
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'ropc', 'credential', 'dataverse'],
    triggers: DATAVERSE_TRIGGERS,
    requires: ['password'],
  },
  check(context) {
    const test = testCodeMarkOf(context);
    return findConnectionStrings(context).map(
      ({ node, signIn, settings }): RuleHit => ({
        message: dataverseSignInMessage(signIn, settings, 'the code') + (test ? testCodeNote(test) : '') + NO_FIX,
        startOffset: node.range[0],
        endOffset: node.range[1],
        // Whether the run signs in with the password is the run's choice; a placeholder's or a test's may connect nowhere.
        severity: signIn.runTime || hasStandInPassword(settings) || test ? 'warning' : undefined,
        fixes: [],
      }),
    );
  },
};

function testCodeNote(mark: string): string {
  return ` The file is test code (${mark}): the string may be data for the code under test (a parser's input), so this is a warning; where the test connects with it, its account signs in with the password.`;
}

/**
 * The strings that make a password connection string: those that write an AuthType, read with the
 * parts the code joins in; then those that write a Password beside a part that brings the AuthType
 * in (`` `${prefix}Url=…;Password=${password}` ``), unless that part is itself one found.
 */
function findConnectionStrings(context: TypeScriptRuleContext): PasswordConnectionString[] {
  // A string the code only shows or describes (a help text, a `description:`, a log line) connects nowhere.
  const candidates = connectionStringCandidates(context).filter((node) => mayBeRun(context.program, node));
  const found: PasswordConnectionString[] = [];
  const add = (node: Node): void => {
    const settings = connectionSettings(joinedShape(context, node));
    const signIn = passwordSignIn(settings) ?? runTimePasswordSignIn(settings, () => authTypeChoices(context, node));
    if (signIn) found.push({ node, signIn, settings });
  };
  const [withAuthType, withoutAuthType] = partition(candidates, (node) => AUTH_TYPE_SETTING.test(ownText(context, node)));
  withAuthType.forEach(add);
  const joinsFound = (node: Node): boolean =>
    candidatePieces(context, node).some((piece) => context.facts.valuesOf(piece).some((value) => found.some((string) => string.node === value)));
  for (const node of withoutAuthType) {
    const written = ownText(context, node);
    if (written.includes(UNKNOWN) && PASSWORD_SETTING.test(written) && !joinsFound(node)) add(node);
  }
  return found;
}

/**
 * The values the part after `AuthType=` may take where the file names them all (`cert ? 'Certificate'
 * : 'Office365'`, a variable assigned one of several literals); none where any comes from the run.
 */
function authTypeChoices(context: TypeScriptRuleContext, node: Node): string[] | undefined {
  let before = '';
  for (const piece of candidatePieces(context, node)) {
    if (!isWrittenPiece(piece) && AUTH_TYPE_BEFORE.test(before)) return choicesOf(context, piece);
    before += pieceShape(context, piece);
  }
  return undefined;
}

function choicesOf(context: TypeScriptRuleContext, expression: Node): string[] | undefined {
  const values = possibleValues(expression).flatMap((value) => context.facts.valuesOf(value).flatMap(possibleValues));
  const choices = values.map((value) => staticString(value, context.facts));
  return choices.length > 0 && choices.every((choice) => choice !== undefined) ? [...new Set(choices as string[])] : undefined;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
