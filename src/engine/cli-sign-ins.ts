/**
 * Command-line tools that sign a user in with a password (`az login -u -p`, `pac auth create --username
 * --password`, `m365 login --authType password`), read as each tool's own argument parser reads its
 * arguments. A language splits a command line into arguments its own way (PowerShell's quoting, a
 * JavaScript string's words) and asks here what they mean.
 */

/** What a command-line option means to a rule, and whether the next argument is its value. */
export interface OptionMeaning {
  meaning: string;
  takesValue: boolean;
}

/** An argument of a command line as written, with the blanks (and continuations) before it. */
export interface CommandArgument {
  text: string;
  start: number;
  end: number;
  separator: string;
}

/** One `--option [value]` of a command line (the value without its quotes), or a lone argument. */
export interface CommandOption {
  meaning?: string;
  parts: CommandArgument[];
  value?: string;
}

/** A tool's password sign-in command: its names, the subcommand, and the options that tell a user's password sign-in. */
export interface CliSignIn {
  /** The names the tool is run by, lower-case, as file names (`az`, `az.cmd`). */
  readonly names: ReadonlySet<string>;
  /** The npm package npx runs the tool from, where it is one. */
  readonly npmPackage?: RegExp;
  readonly subcommand: readonly string[];
  /** The options by name, lower-case unless the tool's parser tells case (`caseSensitive`). */
  readonly options: Readonly<Record<string, OptionMeaning>>;
  readonly caseSensitive?: true;
  /** An option with its value attached (`--password=x`), as the tool's parser splits it. */
  splitAttached(argument: string): [string, string | undefined];
  signsInWithPassword(options: readonly CommandOption[]): boolean;
  /** What the finding says: why it breaks, and what to sign in with instead. */
  readonly message: string;
}

/** A password sign-in's command line: its last subcommand word, its options, and where its last argument ends. */
export interface CliPasswordSignIn {
  subcommand: CommandArgument;
  options: CommandOption[];
  end: number;
}

const value = (meaning: string): OptionMeaning => ({ meaning, takesValue: true });
const flag = (meaning: string): OptionMeaning => ({ meaning, takesValue: false });

/** Whether one of the options means `meaning`. */
export function hasOption(options: readonly CommandOption[], meaning: string): boolean {
  return options.some((o) => o.meaning === meaning);
}

/** A user's password sign-in: a username and a password, and no option that makes it an app's or a workload's. */
export function signsInWithPassword(options: readonly CommandOption[]): boolean {
  return hasOption(options, 'username') && hasOption(options, 'password') && !hasOption(options, 'not-a-user');
}

export const AZ_LOGIN: CliSignIn = {
  names: new Set(['az', 'az.cmd', 'az.exe']),
  subcommand: ['login'],
  options: {
    '-u': value('username'),
    '--username': value('username'),
    '-p': value('password'),
    '--password': value('password'),
    '-t': value('tenant'),
    '--tenant': value('tenant'),
    '--service-principal': flag('not-a-user'),
    '--identity': flag('not-a-user'),
    '--federated-token': value('not-a-user'),
    '--use-device-code': flag('device-code'),
  },
  // `--password=x`, and a short option with its value attached (`-pSECRET`, as argparse reads it).
  splitAttached: (argument) => {
    const match = /^(--[\w-]+)=(.*)$/s.exec(argument) ?? /^(-[upt])(.+)$/s.exec(argument);
    return match ? [match[1], match[2]] : [argument, undefined];
  },
  signsInWithPassword,
  message:
    'az login --username --password signs a user in with a password, which cannot perform MFA. Azure mandatory ' +
    'MFA phase 2 covers the Azure CLI since 2025-10-01 (postponement possible until 2026-07-01 at the latest): ' +
    'create, update and delete operations fail for user sign-ins without MFA. Service principals and managed ' +
    'identities are not affected: sign in as a service principal with a certificate, or with a managed identity.',
};

export const PAC_AUTH_CREATE: CliSignIn = {
  names: new Set(['pac', 'pac.exe', 'pac.cmd']),
  subcommand: ['auth', 'create'],
  options: {
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
  },
  // `--password=x` and `--password:x`, as the CLI's parser reads them.
  splitAttached: (argument) => {
    const match = /^(--?[\w-]+)[=:](.*)$/s.exec(argument);
    return match ? [match[1], match[2]] : [argument, undefined];
  },
  signsInWithPassword,
  message:
    'pac auth create --username --password signs a user in to Power Platform with a password, which cannot perform ' +
    'multi-factor authentication: AADSTS50076 once MFA applies to the account, and Microsoft requires MFA for every user ' +
    'of a partner tenant, service accounts included. Sign in as an app instead (--applicationId with a certificate, ' +
    'added to the environment as an application user), or with --managedIdentity.',
};

export const M365_LOGIN: CliSignIn = {
  // Today's package, its npm shims, and office365-cli's `o365` before 2020.
  names: new Set(['m365', 'm365.cmd', 'm365.ps1', 'microsoft365', 'microsoft365.cmd', 'o365', 'o365.cmd', 'o365.ps1']),
  npmPackage: /^@pnp\/(?:cli-microsoft365|office365-cli)(?:@\S*)?$/i,
  subcommand: ['login'],
  // yargs-parser tells case, and the CLI refuses options it does not know: `--AUTHTYPE password` signs nobody in.
  caseSensitive: true,
  options: {
    '--authType': value('auth-type'),
    '-t': value('auth-type'),
    '--userName': value('username'),
    '-u': value('username'),
    '--password': value('password'),
    '-p': value('password'),
    '--appId': value('application'),
    '--tenant': value('tenant'),
  },
  splitAttached: (argument) => {
    const match = /^(--[\w-]+)=(.*)$/s.exec(argument);
    return match ? [match[1], match[2]] : [argument, undefined];
  },
  // The CLI takes the user's password only for this auth type (for `certificate`, `--password` is the certificate's).
  signsInWithPassword: (options) => options.find((o) => o.meaning === 'auth-type')?.value?.toLowerCase() === 'password',
  message:
    'm365 login --authType password signs a user in to Microsoft 365 with a password (the CLI for Microsoft 365 uses ' +
    "MSAL's username/password grant, ROPC), which cannot perform multi-factor authentication: AADSTS50076 once MFA " +
    'applies to the account, and Microsoft requires MFA for every user of a partner tenant, service accounts included. ' +
    'Sign in as an app with a certificate (--authType certificate --appId --tenant), or with --authType identity.',
};

export const CLI_SIGN_INS: readonly CliSignIn[] = [AZ_LOGIN, PAC_AUTH_CREATE, M365_LOGIN];

/** The names npx is run by: it runs a package's command without installing it. */
export const NPX_NAMES: ReadonlySet<string> = new Set(['npx', 'npx.cmd', 'npx.ps1']);

/**
 * The command line's password sign-in with `tool`, if it is one: `name` is the command's name as a file
 * name, lower-case (`az`, `npx`); `args` the arguments after it; `unquote` gives an argument's text as
 * the tool receives it.
 */
export function cliPasswordSignIn(tool: CliSignIn, name: string, args: CommandArgument[], unquote: (text: string) => string): CliPasswordSignIn | undefined {
  const toolArgs = tool.names.has(name) ? args : NPX_NAMES.has(name) && tool.npmPackage ? argumentsAfterNpx(tool, args, unquote) : undefined;
  if (!toolArgs) return undefined;
  const words = tool.subcommand.length;
  if (!tool.subcommand.every((word, i) => toolArgs[i] && unquote(toolArgs[i].text).toLowerCase() === word)) return undefined;
  const rest = toolArgs.slice(words);
  const options = groupOptions(rest, tool, unquote);
  if (!tool.signsInWithPassword(options)) return undefined;
  return { subcommand: toolArgs[words - 1], options, end: (rest[rest.length - 1] ?? toolArgs[words - 1]).end };
}

/** The tool's arguments where npx runs it: after npx's own options (`-y`, `-p <package>`, `--`) and the tool's name or package. */
function argumentsAfterNpx(tool: CliSignIn, args: CommandArgument[], unquote: (text: string) => string): CommandArgument[] | undefined {
  for (let i = 0; i < args.length; i++) {
    const text = unquote(args[i].text).toLowerCase();
    if (text === '-p' || text === '--package') i++;
    else if (tool.names.has(text) || tool.npmPackage?.test(text)) return args.slice(i + 1);
    else if (!text.startsWith('-')) return undefined;
  }
  return undefined;
}

/**
 * `--tenant x`, `--tenant=x`: each known option (looked up lower-case, unless the tool tells case) with its value, the next
 * argument or one the tool's `splitAttached` finds in the option's own; anything else on its own.
 */
export function groupOptions(args: CommandArgument[], tool: Pick<CliSignIn, 'options' | 'splitAttached' | 'caseSensitive'>, unquote: (text: string) => string): CommandOption[] {
  const options: CommandOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name, attached] = tool.splitAttached(unquote(args[i].text));
    const option = tool.options[tool.caseSensitive ? name : name.toLowerCase()];
    if (!option) {
      options.push({ parts: [args[i]] });
    } else if (!option.takesValue || attached !== undefined || !args[i + 1]) {
      options.push({ meaning: option.meaning, parts: [args[i]], value: attached });
    } else {
      options.push({ meaning: option.meaning, parts: [args[i], args[i + 1]], value: unquote(args[i + 1].text) });
      i++;
    }
  }
  return options;
}
