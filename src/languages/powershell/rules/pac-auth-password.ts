import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { hasOption, PAC_AUTH_CREATE, type CliPasswordSignIn } from '../../../engine/cli-sign-ins';
import { arrayArgumentTriggers, cliPasswordSignIns, rewriteOptions, withWrittenPassword, whyNoFix } from '../native-arguments';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';

export const pacAuthPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-pac-auth-password',
    title: 'Power Platform CLI signs in with a username and password (pac auth create)',
    description:
      'The script runs `pac auth create` with `--username` and `--password`: a user sign-in to Power Platform and ' +
      'Dataverse with a password, which cannot perform multi-factor authentication. Sign in as an app with a ' +
      'certificate (`--applicationId --certificateDiskPath --tenant`), or with `--managedIdentity`.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'power-platform', 'credential'],
    // `pac auth` with a blank or two, a tab or a continuation between; the executable's name also at the end of a quoted
    // path (`& "$HOME/.dotnet/tools/pac" auth`). Not `pac` alone: it is part of ConfirmImpact, Namespace, Package.
    triggers: ['pac auth', 'pac  auth', 'pac\tauth', 'pac `', 'pac.exe', 'pac.cmd', 'pac"', "pac'", ...arrayArgumentTriggers(PAC_AUTH_CREATE.names).code],
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    return cliPasswordSignIns(context, PAC_AUTH_CREATE).map((found): RuleHit => {
      const { command, signIn } = found;
      const withoutFix = whyNoFix(found);
      const fixes = withoutFix ? [] : [certificateFix(context, signIn), managedIdentityFix(signIn)];
      return withWrittenPassword(context, { message: PAC_AUTH_CREATE.message + (withoutFix ? ` ${withoutFix}` : ''), startOffset: command.startIndex, endOffset: signIn.end, fixes }, found);
    });
  },
};

function certificateFix(context: PowerShellRuleContext, signIn: CliPasswordSignIn): Fix {
  const secret = (name: SecretName): string => secretExpression(context, name);
  const tenant = hasOption(signIn.options, 'tenant') ? '' : ` --tenant ${secret('TENANT_ID')}`;
  // Written first, before options such as redirections or -ErrorAction that may end the line.
  return {
    title: 'Sign in as an app with a certificate (pac auth create --applicationId --certificateDiskPath)',
    // The app must be registered and added to each environment as an application user first.
    safeForFixAll: false,
    edits: [
      rewriteOptions(
        signIn.subcommand.end,
        signIn.end,
        signIn.options,
        ['username', 'password', 'device-code', 'application'],
        `--applicationId ${secret('APP_ID')} --certificateDiskPath ${secret('CERT_PATH')}${tenant}`,
        '',
      ),
    ],
  };
}

function managedIdentityFix(signIn: CliPasswordSignIn): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (pac auth create --managedIdentity)',
    safeForFixAll: false,
    edits: [
      rewriteOptions(signIn.subcommand.end, signIn.end, signIn.options, ['username', 'password', 'device-code', 'application', 'tenant', 'certificate-password'], '--managedIdentity', ''),
    ],
  };
}
