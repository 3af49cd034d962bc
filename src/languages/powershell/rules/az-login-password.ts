import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import type { Node } from '../syntax';
import { groupOptions, nativeCommandLines, rewriteOptions, signsInWithPassword, type NativeArgument, type NativeOption, type OptionMeaning } from '../native-arguments';

const MESSAGE =
  'az login --username --password signs a user in with a password, which cannot perform MFA. Azure mandatory ' +
  'MFA phase 2 covers the Azure CLI since 2025-10-01 (postponement possible until 2026-07-01 at the latest): ' +
  'create, update and delete operations fail for user sign-ins without MFA. Service principals and managed ' +
  'identities are not affected: sign in as a service principal with a certificate, or with a managed identity.';

/** The names `az` is run by. */
const AZ_COMMANDS = new Set(['az', 'az.cmd', 'az.exe']);

/** `az login` options by what they mean; `takesValue` says whether the next argument belongs to them. */
const LOGIN_OPTIONS: Record<string, OptionMeaning> = {
  '-u': { meaning: 'username', takesValue: true },
  '--username': { meaning: 'username', takesValue: true },
  '-p': { meaning: 'password', takesValue: true },
  '--password': { meaning: 'password', takesValue: true },
  '-t': { meaning: 'tenant', takesValue: true },
  '--tenant': { meaning: 'tenant', takesValue: true },
  '--service-principal': { meaning: 'not-a-user', takesValue: false },
  '--identity': { meaning: 'not-a-user', takesValue: false },
  '--federated-token': { meaning: 'not-a-user', takesValue: true },
  '--use-device-code': { meaning: 'device-code', takesValue: false },
};

interface PasswordLogin {
  command: Node;
  login: NativeArgument;
  options: NativeOption[];
  end: number;
}

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
    // most scripts that name a sign-in host.
    triggers: ['az login', 'az.cmd login', 'az.exe login'],
    triggersInStrings: false,
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    return nativeCommandLines(context, AZ_COMMANDS).flatMap(({ command, args }): RuleHit[] => {
      const login = passwordLogin(command, args);
      if (!login) return [];
      return [
        {
          message: MESSAGE,
          startOffset: command.startIndex,
          endOffset: login.end,
          fixes: [servicePrincipalFix(context, login), managedIdentityFix(login)],
        },
      ];
    });
  },
};

function passwordLogin(command: Node, args: NativeArgument[]): PasswordLogin | undefined {
  const [login, ...rest] = args;
  if (login?.text.toLowerCase() !== 'login') return undefined;
  const options = groupOptions(rest, LOGIN_OPTIONS, splitAttached);
  if (!signsInWithPassword(options)) return undefined;
  return { command, login, options, end: (rest[rest.length - 1] ?? login).end };
}

/** `--password=x`, and a short option with its value attached (`-pSECRET`, as argparse reads it). */
function splitAttached(argument: string): [string, string | undefined] {
  const match = /^(--[\w-]+)=(.*)$/s.exec(argument) ?? /^(-[upt])(.+)$/s.exec(argument);
  return match ? [match[1], match[2]] : [argument, undefined];
}

/** Rewrites the arguments after `login`: drops `drop`, puts `lead` first and `trail` last; other options stay as written. */
function rewriteLogin(login: PasswordLogin, drop: string[], lead: string, trail: string): Fix['edits'] {
  return [rewriteOptions(login.login.end, login.end, login.options, drop, lead, trail)];
}

function servicePrincipalFix(context: PowerShellRuleContext, login: PasswordLogin): Fix {
  const hasTenant = login.options.some((o) => o.meaning === 'tenant');
  const secret = (name: SecretName): string => secretExpression(context, name);
  return {
    title: 'Sign in as a service principal with a certificate (az login --service-principal --certificate)',
    safeForFixAll: true,
    edits: rewriteLogin(
      login,
      ['username', 'password', 'device-code'],
      `--service-principal --username ${secret('APP_ID')} --certificate ${secret('CERT_PATH')}`,
      hasTenant ? '' : ` --tenant ${secret('TENANT_ID')}`,
    ),
  };
}

function managedIdentityFix(login: PasswordLogin): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (az login --identity)',
    safeForFixAll: false,
    edits: rewriteLogin(login, ['username', 'password', 'device-code', 'tenant'], '--identity', ''),
  };
}
