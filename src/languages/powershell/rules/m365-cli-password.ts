import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { hasOption, M365_LOGIN, type CliPasswordSignIn } from '../../../engine/cli-sign-ins';
import { arrayArgumentTriggers, cliPasswordSignIns, rewriteOptions, withWrittenPassword, whyNoFix } from '../native-arguments';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';

export const m365CliPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-m365-cli-password',
    title: 'CLI for Microsoft 365 signs in with a username and password (m365 login --authType password)',
    description:
      'The script runs `m365 login --authType password` (or `o365 login`): CLI for Microsoft 365 signs the user in ' +
      'with a password through the resource owner password credentials grant, which cannot perform multi-factor ' +
      'authentication. Sign in as an app with a certificate (`--authType certificate --certificateFile --appId ' +
      '--tenant`), or with a managed identity (`--authType identity`).',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'm365-cli', 'credential'],
    // The command with a blank, two or a tab before `login`, or a continuation; its shims; the name at the end of a
    // quoted path; its packages, as npx runs them. Not `m365` alone: it is part of many variable and function names.
    triggers: ['m365 login', 'm365  login', 'm365\tlogin', 'm365 `', 'o365 login', 'microsoft365 login', 'm365.cmd', 'o365.cmd', 'm365.ps1', 'm365"', "m365'", 'cli-microsoft365', 'office365-cli', ...arrayArgumentTriggers(M365_LOGIN.names).code],
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    return cliPasswordSignIns(context, M365_LOGIN).map((found): RuleHit => {
      const { command, signIn: login } = found;
      const withoutFix = whyNoFix(found);
      const fixes = withoutFix ? [] : [certificateFix(context, login), managedIdentityFix(login)];
      return withWrittenPassword(context, { message: M365_LOGIN.message + (withoutFix ? ` ${withoutFix}` : ''), startOffset: command.startIndex, endOffset: login.end, fixes }, found);
    });
  },
};

function certificateFix(context: PowerShellRuleContext, login: CliPasswordSignIn): Fix {
  const secret = (name: SecretName): string => secretExpression(context, name);
  // An `--appId` without a value (the last argument) goes, and the secret source's is added.
  const appIdGiven = login.options.some((o) => o.meaning === 'application' && o.value);
  const appId = appIdGiven ? '' : ` --appId ${secret('APP_ID')}`;
  // An app signs in to its own tenant: `common`, the CLI's default, does not do for app-only sign-ins.
  const tenant = hasOption(login.options, 'tenant') ? '' : ` --tenant ${secret('TENANT_ID')}`;
  return {
    title: 'Sign in as an app with a certificate (m365 login --authType certificate --certificateFile --appId --tenant)',
    // The app needs application permissions (granted by an admin) for what the script does; commands that only
    // work for a user then fail.
    safeForFixAll: false,
    edits: [
      rewriteOptions(login.subcommand.end, login.end, login.options, ['auth-type', 'username', 'password', ...(appIdGiven ? [] : ['application'])], `--authType certificate --certificateFile ${secret('CERT_PATH')}${appId}${tenant}`, ''),
    ],
  };
}

function managedIdentityFix(login: CliPasswordSignIn): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (m365 login --authType identity)',
    safeForFixAll: false,
    // `--userName` would name a user-assigned identity's client id: the user's name goes.
    edits: [rewriteOptions(login.subcommand.end, login.end, login.options, ['auth-type', 'username', 'password', 'application'], '--authType identity', '')],
  };
}
