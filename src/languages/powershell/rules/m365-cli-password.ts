import type { Fix } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { commandName } from '../command';
import { groupOptions, nativeCommandLines, rewriteOptions, unquoted, type NativeArgument, type NativeOption, type OptionMeaning } from '../native-arguments';
import { secretExpression, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';

const MESSAGE =
  'm365 login --authType password signs a user in to Microsoft 365 with a password (the CLI for Microsoft 365 uses ' +
  "MSAL's username/password grant, ROPC), which cannot perform multi-factor authentication: AADSTS50076 once MFA " +
  'applies to the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included. ' +
  'Sign in as an app with a certificate (--authType certificate --appId --tenant), or with --authType identity.';

const NO_FIX_AFTER_STOP_PARSING = 'No quick fix: after --% PowerShell reads no variables, so the fix could not read its secrets there.';

/** The names CLI for Microsoft 365 is run by: today's package, its npm shims, and office365-cli's `o365` before 2020. */
const M365_COMMANDS = new Set(['m365', 'm365.cmd', 'm365.ps1', 'microsoft365', 'microsoft365.cmd', 'o365', 'o365.cmd', 'o365.ps1']);

/** npx runs the CLI from the package without installing it: `npx m365 login`, `npx -p @pnp/cli-microsoft365 -- m365 login`. */
const NPX_COMMANDS = new Set(['npx', 'npx.cmd', 'npx.ps1']);
const M365_PACKAGE = /^@pnp\/(?:cli-microsoft365|office365-cli)(?:@\S*)?$/i;

const value = (meaning: string): OptionMeaning => ({ meaning, takesValue: true });

/** `login` options by what they mean, long and short (the CLI reads option names as written; PowerShell users vary the case). */
const LOGIN_OPTIONS: Record<string, OptionMeaning> = {
  '--authtype': value('auth-type'),
  '-t': value('auth-type'),
  '--username': value('username'),
  '-u': value('username'),
  '--password': value('password'),
  '-p': value('password'),
  '--appid': value('application'),
  '--tenant': value('tenant'),
};

interface PasswordLogin {
  login: NativeArgument;
  options: NativeOption[];
  end: number;
}

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
    // quoted path. Not `m365` alone: it is part of many variable and function names.
    triggers: ['m365 login', 'm365  login', 'm365\tlogin', 'm365 `', 'o365 login', 'microsoft365 login', 'm365.cmd', 'o365.cmd', 'm365.ps1', 'm365"', "m365'"],
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    const commands = [...M365_COMMANDS, ...NPX_COMMANDS];
    return nativeCommandLines(context, commands).flatMap(({ command, args }): RuleHit[] => {
      const login = passwordLogin(NPX_COMMANDS.has(commandName(command) ?? '') ? argumentsAfterNpx(args) : args);
      if (!login) return [];
      const stopsParsing = login.options.some((o) => o.parts.some((part) => part.text === '--%'));
      const fixes = stopsParsing ? [] : [certificateFix(context, login), managedIdentityFix(login)];
      return [{ message: MESSAGE + (stopsParsing ? ` ${NO_FIX_AFTER_STOP_PARSING}` : ''), startOffset: command.startIndex, endOffset: login.end, fixes }];
    });
  },
};

/** `login` whose auth type is `password`, in any case: the CLI takes the user's password only then. */
function passwordLogin(args: NativeArgument[]): PasswordLogin | undefined {
  const [login, ...rest] = args;
  if (login?.text.toLowerCase() !== 'login') return undefined;
  const options = groupOptions(rest, LOGIN_OPTIONS, splitAttached);
  const authType = options.find((o) => o.meaning === 'auth-type')?.value;
  if (authType === undefined || unquoted(authType).toLowerCase() !== 'password') return undefined;
  return { login, options, end: (rest[rest.length - 1] ?? login).end };
}

/** The CLI's arguments where npx runs it: after npx's own options (`-y`, `-p <package>`, `--`) and the CLI's name. */
function argumentsAfterNpx(args: NativeArgument[]): NativeArgument[] {
  for (let i = 0; i < args.length; i++) {
    const text = unquoted(args[i].text).toLowerCase();
    if (text === '-p' || text === '--package') i++;
    else if (M365_COMMANDS.has(text) || M365_PACKAGE.test(text)) return args.slice(i + 1);
    else if (!text.startsWith('-')) return [];
  }
  return [];
}

/** `--authType=password`, as the CLI's argument parser reads it. */
function splitAttached(argument: string): [string, string | undefined] {
  const match = /^(--[\w-]+)=(.*)$/s.exec(argument);
  return match ? [match[1], match[2]] : [argument, undefined];
}

function has(login: PasswordLogin, meaning: string): boolean {
  return login.options.some((o) => o.meaning === meaning);
}

function certificateFix(context: PowerShellRuleContext, login: PasswordLogin): Fix {
  const secret = (name: SecretName): string => secretExpression(context, name);
  const appId = has(login, 'application') ? '' : ` --appId ${secret('APP_ID')}`;
  // An app signs in to its own tenant: `common`, the CLI's default, does not do for app-only sign-ins.
  const tenant = has(login, 'tenant') ? '' : ` --tenant ${secret('TENANT_ID')}`;
  return {
    title: 'Sign in as an app with a certificate (m365 login --authType certificate --certificateFile --appId --tenant)',
    // The app needs application permissions (granted by an admin) for what the script does; commands that only
    // work for a user then fail.
    safeForFixAll: false,
    edits: [
      rewriteOptions(login.login.end, login.end, login.options, ['auth-type', 'username', 'password'], `--authType certificate --certificateFile ${secret('CERT_PATH')}${appId}${tenant}`, ''),
    ],
  };
}

function managedIdentityFix(login: PasswordLogin): Fix {
  return {
    title: 'Sign in with the managed identity of the machine (m365 login --authType identity)',
    safeForFixAll: false,
    // `--userName` would name a user-assigned identity's client id: the user's name goes.
    edits: [rewriteOptions(login.login.end, login.end, login.options, ['auth-type', 'username', 'password', 'application'], '--authType identity', '')],
  };
}
