import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { AZ_LOGIN, hasOption, type CliPasswordSignIn } from '../../../engine/cli-sign-ins';
import { arrayArgumentTriggers, cliPasswordSignIns, noFixInArray, rewriteOptions, withWrittenPassword } from '../native-arguments';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';

/** `& 'az' @azArgs`: the quoted name is a string, which names the command it runs. */
const ARRAY_TRIGGERS = arrayArgumentTriggers(AZ_LOGIN.names);

export const azLoginPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-az-login-password',
    title: 'Azure CLI signs in with a username and password',
    description:
      'The script runs `az login` with `--username` and `--password`: a user sign-in with a password (ROPC), which ' +
      'cannot perform multi-factor authentication. Since 2025-10-01 Azure mandatory MFA (phase 2) applies to the ' +
      'Azure CLI: create, update and delete operations fail for such sign-ins. Service principals and managed ' +
      'identities are not affected: sign in with `--service-principal` and a certificate, or with `--identity`.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'azure-cli', 'credential'],
    // One blank between the words, as the command is written in practice: a bare 'login' would admit
    // most scripts that name a sign-in host. Run with an array (`az @azArgs`), the name is followed by it.
    triggers: ['az login', 'az.cmd login', 'az.exe login', ...ARRAY_TRIGGERS.code, ...ARRAY_TRIGGERS.quoted],
    triggersInStrings: ARRAY_TRIGGERS.quoted,
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    return cliPasswordSignIns(context, AZ_LOGIN).map((found): RuleHit => {
      const { command, signIn: login, array } = found;
      const hit = {
        message: `${AZ_LOGIN.message} ${array ? noFixInArray(array) : ANOTHER_IDENTITY_NOTE}`,
        startOffset: command.startIndex,
        endOffset: login.end,
        fixes: array ? [] : [servicePrincipalFix(context, login), managedIdentityFix(login)],
      };
      return withWrittenPassword(context, hit, found);
    });
  },
};

/** As for the other command lines' certificate sign-ins (m365, pac): the service principal is someone else. */
const ANOTHER_IDENTITY_NOTE =
  '(Fix-all leaves this to you: the service principal the fix signs in as is another identity, which needs the Azure roles ' +
  'the account had for what the script does.)';

/** Rewrites the arguments after `login`: drops `drop`, puts `lead` first and `trail` last; other options stay as written. */
function rewriteLogin(login: CliPasswordSignIn, drop: string[], lead: string, trail: string): Fix['edits'] {
  return [rewriteOptions(login.subcommand.end, login.end, login.options, drop, lead, trail)];
}

function servicePrincipalFix(context: PowerShellRuleContext, login: CliPasswordSignIn): Fix {
  const hasTenant = hasOption(login.options, 'tenant');
  const secret = (name: SecretName): string => secretExpression(context, name);
  return {
    title: 'Sign in as a service principal with a certificate (az login --service-principal --certificate)',
    safeForFixAll: false,
    edits: rewriteLogin(
      login,
      ['username', 'password', 'device-code'],
      `--service-principal --username ${secret('APP_ID')} --certificate ${secret('CERT_PATH')}`,
      hasTenant ? '' : ` --tenant ${secret('TENANT_ID')}`,
    ),
  };
}

function managedIdentityFix(login: CliPasswordSignIn): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (az login --identity)',
    safeForFixAll: false,
    edits: rewriteLogin(login, ['username', 'password', 'device-code', 'tenant'], '--identity', ''),
  };
}
