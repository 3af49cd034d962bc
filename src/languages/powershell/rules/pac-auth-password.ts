import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { groupOptions, nativeCommandLines, rewriteOptions, signsInWithPassword, type NativeArgument, type NativeOption, type OptionMeaning } from '../native-arguments';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';

const MESSAGE =
  'pac auth create --username --password signs a user in to Power Platform with a password, which cannot perform ' +
  'multi-factor authentication: AADSTS50076 once MFA applies to the account, and Microsoft requires MFA for every user ' +
  'of a partner tenant, service accounts included. Sign in as an app instead (--applicationId with a certificate, ' +
  'added to the environment as an application user), or with --managedIdentity.';

const NO_FIX_AFTER_STOP_PARSING = 'No quick fix: after --% PowerShell reads no variables, so the fix could not read its secrets there.';

/** The names the Power Platform CLI is run by. */
const PAC_COMMANDS = new Set(['pac', 'pac.exe', 'pac.cmd']);

const value = (meaning: string): OptionMeaning => ({ meaning, takesValue: true });
const flag = (meaning: string): OptionMeaning => ({ meaning, takesValue: false });

/** `pac auth create` options by what they mean, long and short. */
const CREATE_OPTIONS: Record<string, OptionMeaning> = {
  '--username': value('username'),
  '-un': value('username'),
  '--password': value('password'),
  '-p': value('password'),
  '--tenant': value('tenant'),
  '-t': value('tenant'),
  '--devicecode': flag('device-code'),
  '-dc': flag('device-code'),
  '--applicationid': value('application'),
  '-id': value('application'),
  // An app's or a workload's own sign-in: the user's password is not what signs in.
  '--clientsecret': value('not-a-user'),
  '-cs': value('not-a-user'),
  '--certificatediskpath': value('not-a-user'),
  '-cdp': value('not-a-user'),
  '--certificatethumbprint': value('not-a-user'),
  '-ct': value('not-a-user'),
  '--managedidentity': flag('not-a-user'),
  '-mi': flag('not-a-user'),
  '--githubfederated': flag('not-a-user'),
  '-ghf': flag('not-a-user'),
  '--azuredevopsfederated': flag('not-a-user'),
  '-adof': flag('not-a-user'),
  '--certificatepassword': value('certificate-password'),
  '-cp': value('certificate-password'),
};

interface PasswordSignIn {
  create: NativeArgument;
  options: NativeOption[];
  end: number;
}

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
    triggers: ['pac auth', 'pac  auth', 'pac\tauth', 'pac `', 'pac.exe', 'pac.cmd', 'pac"', "pac'"],
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    return nativeCommandLines(context, PAC_COMMANDS).flatMap(({ command, args }): RuleHit[] => {
      const signIn = passwordSignIn(args);
      if (!signIn) return [];
      // After `--%` PowerShell passes the rest as written: `$env:…` in a fix would not be read.
      const stopsParsing = signIn.options.some((o) => o.parts.some((part) => part.text === '--%'));
      const fixes = stopsParsing ? [] : [certificateFix(context, signIn), managedIdentityFix(signIn)];
      return [{ message: MESSAGE + (stopsParsing ? ` ${NO_FIX_AFTER_STOP_PARSING}` : ''), startOffset: command.startIndex, endOffset: signIn.end, fixes }];
    });
  },
};

function passwordSignIn(args: NativeArgument[]): PasswordSignIn | undefined {
  const [auth, create, ...rest] = args;
  if (auth?.text.toLowerCase() !== 'auth' || create?.text.toLowerCase() !== 'create') return undefined;
  const options = groupOptions(rest, CREATE_OPTIONS, splitAttached);
  if (!signsInWithPassword(options)) return undefined;
  return { create, options, end: (rest[rest.length - 1] ?? create).end };
}

/** `--password=x` and `--password:x`, as the CLI's parser reads them. */
function splitAttached(argument: string): [string, string | undefined] {
  const match = /^(--?[\w-]+)[=:](.*)$/s.exec(argument);
  return match ? [match[1], match[2]] : [argument, undefined];
}

function certificateFix(context: PowerShellRuleContext, signIn: PasswordSignIn): Fix {
  const secret = (name: SecretName): string => secretExpression(context, name);
  const tenant = signIn.options.some((o) => o.meaning === 'tenant') ? '' : ` --tenant ${secret('TENANT_ID')}`;
  // Written first, before options such as redirections or -ErrorAction that may end the line.
  return {
    title: 'Sign in as an app with a certificate (pac auth create --applicationId --certificateDiskPath)',
    // The app must be registered and added to each environment as an application user first.
    safeForFixAll: false,
    edits: [
      rewriteOptions(
        signIn.create.end,
        signIn.end,
        signIn.options,
        ['username', 'password', 'device-code', 'application'],
        `--applicationId ${secret('APP_ID')} --certificateDiskPath ${secret('CERT_PATH')}${tenant}`,
        '',
      ),
    ],
  };
}

function managedIdentityFix(signIn: PasswordSignIn): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (pac auth create --managedIdentity)',
    safeForFixAll: false,
    edits: [
      rewriteOptions(signIn.create.end, signIn.end, signIn.options, ['username', 'password', 'device-code', 'application', 'tenant', 'certificate-password'], '--managedIdentity', ''),
    ],
  };
}
