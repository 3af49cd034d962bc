import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { lineNumberAt, nameWords } from '../../../engine/text';
import { SHARED_SECRET_NAMES } from '../../../engine/fix-settings';
import { blockArgument, commandName, detachedFromScript, dscPropertyOf, enclosingScriptBlock, inRemoteScriptBlock, parameterBefore, parameterNameOf, pipelineInput, runsRemotely } from '../command';
import type { PowerShellRule, PowerShellRuleContext } from '../rule-context';
import { inCasing } from '../code-style';
import { DOUBLE_QUOTES, SINGLE_QUOTES } from '../comments';
import { constructions, constructorArguments, type Construction } from '../constructions';
import { literalSource, plainTextSource, type PlainTextSource } from '../credential-sources';
import { hashEntries, hashLiteral } from '../hashtables';
import { assignedVariable, descendants, enclosingStatement, innermost, invokedMemberName, isInComment, isWithin, literalText, nextBesideComments, previousBesideComments, unwrapped, variableName, writtenVariableName, type Node } from '../syntax';
import { isDummyPassword, isElidedSecret, isPlaceholderSecret } from '../../shared/placeholder-secret';
import type { PowerShellSecrets } from '../templates/secret-source';
import { UNKNOWN, type ScalarAssignment } from '../values';
import { namesScriptVariable, type IndexedCommand } from '../script-index';
import { readsNoSecret, readsUserName } from '../secret-free-reads';
import { credentialsReplacedByFixes } from './connect-user-credential';
import { sessionCredentialsReplacedByFixes } from './exchange-basic-auth-session';
import { mailCredentialsReplacedByFixes } from './mail-basic-auth';
import { inPesterTest, PESTER_TEST_FILE } from '../test-code';
import { unprefixedNames } from '../imported-prefixes';
import { namesAnApp } from '../app-credentials';
import { namesUserName } from '../user-name-variables';
import { givenAzureFilesShare, namesStorageAccount } from '../azure-files';
import { isActiveDirectoryCmdlet, isCloudAccountName, isDomainAccountName, onPremisesUse, type OnPremisesUse } from '../on-premises-accounts';
import { deadPasswordRemoval } from './dead-password-removal';
import { givenToOtherMailClient, sentToOtherMailServer } from './other-mail-servers';
import { otherVendorOf } from '../other-vendor-cmdlets';
import { knownSignIn, maySignInToMicrosoftCloud } from '../cloud-sign-in-commands';

const EXPOSED =
  'ConvertTo-SecureString -AsPlainText is given a password written in the script: anyone who can read the ' +
  'script or its history has it, and a SecureString made from it protects nothing.';

const MESSAGE =
  `${EXPOSED} A stored password usually ` +
  'feeds a username+password sign-in, which cannot perform MFA (required for every user of a partner tenant, ' +
  'service accounts included). Rotate the password, read secrets from a vault or the environment, and sign in ' +
  'with a token or a certificate instead.';

// No password is exposed yet, but the script is made to have one written into it.
const PLACEHOLDER_EXPOSED =
  'ConvertTo-SecureString -AsPlainText is given a placeholder where the script expects its password to be written in: ' +
  'once filled in, the password is readable by anyone with the script.';

const PLACEHOLDER_MESSAGE = `${PLACEHOLDER_EXPOSED} Read it from a vault or the environment instead, and sign in with a token or a certificate (a username+password sign-in cannot perform MFA).`;

// An app's secret is no user's password: it signs the app in, and MFA does not apply to it.
const CLIENT_SECRET_MESSAGE =
  "ConvertTo-SecureString -AsPlainText is given an app's client secret written in the script: anyone who can read the " +
  'script or its history can sign in as the app, and a SecureString made from it protects nothing. Rotate the secret in ' +
  'the app registration, read it from a vault or the environment, and prefer a certificate or a managed identity.';

const CLIENT_SECRET_PLACEHOLDER_MESSAGE =
  "ConvertTo-SecureString -AsPlainText is given a placeholder where the script expects an app's client secret to be " +
  'written in: once filled in, anyone with the script can sign in as the app. Read it from a vault or the environment ' +
  'instead, or use a certificate.';

// New-AzADAppCredential -Password, New-AzADApplication -Password: the script adds the secret to an app registration.
const NEW_CLIENT_SECRET_MESSAGE =
  "ConvertTo-SecureString -AsPlainText is given a new client secret for an app registration, written in the script: anyone " +
  'who can read the script or its history can sign in as the app once it is added. No sign-in here uses it, and MFA does ' +
  'not apply to an app. Read it from a vault or the environment (or add a certificate to the app instead), and rotate the exposed one.';

// A token is what the token flow signs in with: the problem is only that it is written in.
const TOKEN_MESSAGE =
  'ConvertTo-SecureString -AsPlainText is given a token written in the script: anyone who can read the script or its ' +
  'history can use it until it expires, and a SecureString made from it protects nothing. Signing in with a token is ' +
  'right; have the script get it when it runs (from a vault, the environment or a token request) rather than writing it in.';

const TOKEN_PLACEHOLDER_MESSAGE =
  'ConvertTo-SecureString -AsPlainText is given a placeholder (a shortened or made-up token) where the script expects a ' +
  'token to be written in: once filled in, anyone with the script can use it until it expires. Have the script get the ' +
  'token when it runs (from a vault, the environment or a token request) instead.';

/**
 * What the secret is, as the script uses it: what the finding says, what the fix calls it, whether
 * it is only a warning (no user's password, or none written in yet), and why fix-all leaves it, if it does.
 */
interface SecretKind {
  message: string;
  placeholderMessage: string;
  what: string;
  warns: boolean;
  notForFixAll?: string;
  /** What the fix names the secret where the script names it nothing, or by a name `namedBy` does not match (see `secretNames`); `password` by default. */
  name?: string;
  /** The script's own names that say what the secret is; any will do by default. */
  namedBy?: RegExp;
  /** Where it goes signs in to nothing known: a placeholder there may be sample data, which the note on that says instead of `notForFixAll` (see `sampleDataNote`). */
  maybeSample?: boolean;
}

const USER_PASSWORD: SecretKind = { message: MESSAGE, placeholderMessage: PLACEHOLDER_MESSAGE, what: 'password', warns: false };
const CLIENT_SECRET: SecretKind = { message: CLIENT_SECRET_MESSAGE, placeholderMessage: CLIENT_SECRET_PLACEHOLDER_MESSAGE, what: 'client secret', warns: false, name: 'client secret' };
const TOKEN: SecretKind = { message: TOKEN_MESSAGE, placeholderMessage: TOKEN_PLACEHOLDER_MESSAGE, what: 'token', warns: true };

// The command that sets or uses the secret fails once it reads a variable nobody has set: a person sets it up first.
const NO_SIGN_IN_NOTE =
  "(Fix-all leaves this to you: it is not a sign-in's password, and the command given it would fail while the secret " +
  'the fix reads is not set up: set that up first, then apply the fix.)';

// Filled in from a secret nobody set up, a placeholder that is only sample data would break the commands given it.
const SAMPLE_NOTE = sampleNote('goes only to commands that are not known sign-ins');
// Through -ArgumentList to a block the file does not show, or that reads `@args`: where it goes is not known.
const UNFOLLOWED_SAMPLE_NOTE = sampleNote(
  "is handed to a script block's arguments (-ArgumentList) that cannot be followed to the commands given it, and goes to no known sign-in otherwise",
);

function sampleNote(goes: string): string {
  return (
    `(Fix-all leaves this to you: the placeholder ${goes}, so it may be sample data ` +
    '(a made-up account an example is rendered with), which the fix would break while the secret it reads is not set up. ' +
    'If a sign-in does use it, set that secret up, then apply the fix.)'
  );
}

const NEW_CLIENT_SECRET: SecretKind = {
  message: NEW_CLIENT_SECRET_MESSAGE,
  placeholderMessage: CLIENT_SECRET_PLACEHOLDER_MESSAGE,
  what: 'client secret',
  warns: true,
  notForFixAll: NO_SIGN_IN_NOTE,
};

const LOCAL_SECRET_USE =
  "This password only protects a certificate file or data it encrypts (a backup's), or is set as an account's own password (Export-PfxCertificate, " +
  "-CertificatePassword, -EncryptionPassword, New-LocalUser, Update-MgUser -PasswordProfile, New-ADUser, Set-ADAccountPassword, New-Mailbox, a new VM's or SQL server's administrator, ConvertFrom-SecureString): " +
  'no sign-in here uses it. Read it from a vault or the environment.';

/** A password the script exposes that no sign-in of it uses: a warning, which fix-all leaves while the secret it reads is not set up. */
function passwordNoSignInUses(use: string): SecretKind {
  return {
    message: `${EXPOSED} ${use}`,
    placeholderMessage: `${PLACEHOLDER_EXPOSED} ${use}`,
    what: 'password',
    warns: true,
    notForFixAll: NO_SIGN_IN_NOTE,
  };
}

const LOCAL_SECRET = passwordNoSignInUses(LOCAL_SECRET_USE);

const BITLOCKER_PROTECTOR_USE =
  "This password is a BitLocker protector's (a password or PIN that unlocks this device's drive), not an account's: no sign-in uses it, " +
  'and anyone with the script can unlock the drive. Read it from a vault or the environment, and change the protector.';

const BITLOCKER_PROTECTOR: SecretKind = { ...passwordNoSignInUses(BITLOCKER_PROTECTOR_USE), name: 'bitlocker password', namedBy: /bitlocker|pin|protector|drive/i };

const RESOURCE_SETTING_USE =
  "This password is a setting a DSC resource applies: a password it stores or sets for something else (such as the basic-auth " +
  "password an API connector sends to a third party's API), not one the configuration signs in with, so MFA does not apply " +
  'to it. Rotate it where it is used, and give the configuration the secret from a vault or the environment instead.';

const RESOURCE_SETTING = passwordNoSignInUses(RESOURCE_SETTING_USE);

// A password that signs in to Windows, Active Directory, vCenter or another server than Microsoft's: exposed all the same, but no cloud sign-in's, which MFA would block.
const ON_PREMISES_USE =
  'This password only goes to commands that sign in to Windows, Active Directory, another on-premises system or a server outside ' +
  "Microsoft's clouds here (a domain join, the ActiveDirectory module's cmdlets, remoting to computers by name or to an on-premises server's URL, a web request or web service " +
  "whose host is none of Microsoft's, a service's or a process's account, vCenter), not to Microsoft's cloud. Rotate it, and give it to the " +
  'script from a vault or the environment';
const DSC_ACCOUNT_USE =
  "This password is a domain account's (DOMAIN\\user), which only DSC or on-premises commands here use: it signs in to Windows " +
  "or Active Directory, not to Microsoft's cloud. Rotate it, and give it to the script from a vault or the environment " +
  '(and have DSC encrypt credentials in the compiled MOF with a certificate rather than allow plain-text passwords)';

// Fix-all rewrites the secrets of Microsoft cloud sign-ins; a password the script gives elsewhere is the person's to move when they set the secret up.
const NOT_CLOUD_NOTE =
  "(Fix-all leaves this to you: no sign-in to Microsoft's cloud uses it, and the command given it would fail while the secret " +
  'the fix reads is not set up: set that up first, then apply the fix.)';

const onPremisesAccount = (use: string): SecretKind => ({
  message: `${EXPOSED} ${use}`,
  placeholderMessage: `${PLACEHOLDER_EXPOSED} ${use}`,
  what: 'password',
  warns: true,
  notForFixAll: NOT_CLOUD_NOTE,
});

/** A secret that only another vendor's cmdlets use (`Get-OktaAppJwt -SecureClientSecret`): it signs in there, not to Microsoft's cloud. */
function otherVendorSecret(vendor: string, commands: string[], what: string): SecretKind {
  const use = `It only goes to ${vendor}'s cmdlets here (${commands.join(', ')}), which sign in to ${vendor}, not to Microsoft's cloud: rotate it at ${vendor}, and give it to the script from a vault or the environment.`;
  return {
    message: `ConvertTo-SecureString -AsPlainText is given a ${what} written in the script: anyone who can read the script or its history has it, and a SecureString made from it protects nothing. ${use}`,
    placeholderMessage: `ConvertTo-SecureString -AsPlainText is given a placeholder where the script expects a ${what} to be written in: once filled in, anyone with the script has it. ${use}`,
    what,
    warns: true,
    notForFixAll: NOT_CLOUD_NOTE,
    name: what,
  };
}

// Fix-all rewrites the secrets of Microsoft cloud sign-ins; where a secret goes is the person's to judge when they set it up.
const OTHER_COMMANDS_NOTE =
  '(Fix-all leaves this to you: the command given it would fail while the secret the fix reads is not set up: set that up first, then apply the fix.)';

/** A secret that only commands not known to sign in to Microsoft's cloud take (`Invoke-Backup -Credential $c`): whether any signs in there is not known. */
function givenToOtherCommands(commands: string[], what: string): SecretKind {
  const given = `given to ${commands.join(', ')}`;
  const use = "No sign-in to Microsoft's cloud that this tool knows uses it here";
  return {
    message: `ConvertTo-SecureString -AsPlainText is given a ${what} written in the script, ${given}: anyone who can read the script or its history has it, and a SecureString made from it protects nothing. ${use}: rotate it, and give it to the script from a vault or the environment.`,
    placeholderMessage: `ConvertTo-SecureString -AsPlainText is given a placeholder where the script expects a ${what} to be written in, ${given}: once filled in, anyone with the script has it. ${use}: read it from a vault or the environment instead.`,
    what,
    warns: true,
    notForFixAll: OTHER_COMMANDS_NOTE,
    name: what,
    maybeSample: true,
  };
}

const SQL_LOGIN_USE =
  "This password is a SQL Server login's password, which only SQL Server commands here use (Invoke-Sqlcmd, the SqlServer module, dbatools): " +
  "the server checks it itself, and it signs in to no Microsoft cloud service. Rotate it, and give it to the script from a vault or the " +
  'environment (or connect with Windows authentication, a managed identity or an access token where the server takes them)';

const ON_PREMISES_KINDS: Record<OnPremisesUse, SecretKind> = {
  windows: onPremisesAccount(`${ON_PREMISES_USE}.`),
  dsc: onPremisesAccount(`${DSC_ACCOUNT_USE}.`),
  sql: { ...onPremisesAccount(`${SQL_LOGIN_USE}.`), name: 'sql password' },
};

// A storage account's key mounts an Azure Files share: no user's password, and it opens the whole account.
const STORAGE_ACCOUNT_KEY: SecretKind = {
  message:
    'ConvertTo-SecureString -AsPlainText is given an Azure Files storage account key written in the script: anyone who can read the ' +
    'script or its history has full access to the storage account (every share, container, queue and table in it), and a SecureString ' +
    "made from it protects nothing. It is the account's key, not a user's password. Rotate the key in the storage account, and keep it in a " +
    'vault (or read it from the environment), or mount the share with identity-based access (Active Directory or Entra Kerberos) instead of the key.',
  placeholderMessage:
    'ConvertTo-SecureString -AsPlainText is given a placeholder where the script expects an Azure Files storage account key to be written in: ' +
    'once filled in, anyone with the script has full access to the storage account. Keep the key in a vault (or read it from the environment), ' +
    'or mount the share with identity-based access instead.',
  what: 'storage account key',
  warns: true,
  name: 'storage account key',
  namedBy: /storage/i,
};

// System.Net.NetworkCredential takes the password as a string: mail (SmtpClient), EWS and web requests sign in with it.
const NETWORK_CREDENTIAL_MESSAGE =
  'System.Net.NetworkCredential is given a password written in the script: anyone who can read the script or its ' +
  'history has it. Rotate the password and read it from a vault or the environment. Where it signs in to a Microsoft ' +
  'cloud service (SMTP, EWS), a username and password cannot perform MFA (required for every user of a partner tenant, ' +
  'service accounts included): sign in with a token or a certificate instead.';

const NETWORK_CREDENTIAL_PLACEHOLDER_MESSAGE =
  'System.Net.NetworkCredential is given a placeholder where the script expects its password to be written in: ' +
  'once filled in, the password is readable by anyone with the script. Read it from a vault or the environment instead, ' +
  'and sign in with a token or a certificate (a username+password sign-in cannot perform MFA).';

export const plaintextPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-plaintext-password',
    title: 'Password literal turned into a SecureString or a NetworkCredential',
    description:
      'ConvertTo-SecureString -AsPlainText -Force is given a string written in the script (directly, through a ' +
      'variable assigned a literal, or piped in), or System.Net.NetworkCredential is given one as its password. ' +
      'The password is readable by anyone with the script, and such ' +
      'passwords feed username+password sign-ins that cannot perform multi-factor authentication, which ' +
      'Microsoft requires for every user of a partner tenant. Read the secret from the environment or a vault, ' +
      'rotate the exposed one, and move the sign-in to a token or certificate.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential', 'secret'],
    triggers: ['convertto-securestring', 'networkcredential'],
    triggersInStrings: ['networkcredential'],
  },
  check(context) {
    const found = context.commands().flatMap((call) => {
      const source = plainTextSource(call, context.values());
      // A password only sent to another company's mail server (smtp.gmail.com) is no Microsoft sign-in's.
      const otherMailServer = (command: string, at: Node): boolean => sentToOtherMailServer(context, command, at);
      if (!source || feedsOnly(context, call.node, otherMailServer, (at) => madeIntoOtherMailCredential(context, at))) return [];
      if (holdsUserNameOnly(context, source) || encryptHelperSample(context, call.node, source) || madeUpForTest(context, source)) return [];
      return [{ node: call.node, source, kind: secretKind(context, call.node, source) }];
    });
    const given = networkCredentialPasswords(context).filter((at) => !sentOnlyToOtherMailClients(context, at.made) && !madeUpForTest(context, at.source));
    const facts: CheckFacts = {
      names: secretNames(context, [...found, ...given]),
      secrets: context.secrets(),
      inTest: PESTER_TEST_FILE.test(context.path),
      replaced: [...credentialsReplacedByFixes(context), ...sessionCredentialsReplacedByFixes(context), ...mailCredentialsReplacedByFixes(context)],
    };
    return [...found.map((at) => secureStringHit(context, facts, at)), ...given.map((at) => networkCredentialHit(context, facts, at))];
  },
};

/** A password written in the script, and where the finding points: the call, argument or property given it; what it is, for a SecureString's. */
interface PasswordAt {
  node: Node;
  source: PlainTextSource;
  kind?: SecretKind;
}

/** What every finding of a script asks: the secrets' names, where the fixes read them, whether the script is a test, the credentials other fixes replace. */
interface CheckFacts {
  names: Map<number, string>;
  secrets: PowerShellSecrets;
  inTest: boolean;
  replaced: Node[];
}

function secureStringHit(context: PowerShellRuleContext, facts: CheckFacts, { node, source, kind = USER_PASSWORD }: PasswordAt): RuleHit {
  const deadEnd = feedsOnlyReplacedCredentials(context, source.literal, facts.replaced);
  const copy = writtenAgainAt(context, source.literal);
  // A copy written elsewhere stays exposed: the finding that points at it stays too.
  const removal = deadEnd && copy === undefined ? deadPasswordRemoval(context, node, source, scriptCredentials(context)) : undefined;
  if (removal) return unusedPasswordHit(context, facts, { node, source, kind }, removal);
  const placeholder = writesPlaceholderOf(context, source, kind);
  // A password that feeds a cloud sign-in the rules replace is no made-up test value.
  const testData = facts.inTest && !deadEnd;
  const sample = placeholder && !deadEnd && (!kind.notForFixAll || kind.maybeSample) ? sampleDataNote(context, node) : undefined;
  const elsewhere = inRemoteScriptBlock(node) || inHeldRemoteBlock(context, node) ? ON_ANOTHER_COMPUTER : detachedFromScript(node);
  const byDefault = inParameterDefault(node) || inParameterDefault(source.literal) || assignedToOwnParameter(node);
  const notes = [
    ...(deadEnd ? [REPLACED_NOTE] : []),
    ...(testData ? [TEST_NOTE] : []),
    // The test note says already that fix-all leaves it.
    ...(kind.notForFixAll && !testData && !sample ? [kind.notForFixAll] : []),
    ...(sample ? [sample] : []),
    ...(copy ? [writtenAgainNote(context, copy)] : []),
    ...(elsewhere ? [elsewhereNote(elsewhere)] : []),
    ...(byDefault ? [PARAMETER_DEFAULT_NOTE] : []),
  ];
  return {
    message: [placeholder ? kind.placeholderMessage : kind.message, ...notes].join(' '),
    severity: placeholder || testData || kind.warns ? 'warning' : undefined,
    startOffset: node.startIndex,
    endOffset: node.endIndex,
    fixes: [secretSourceFix(context, facts.secrets, source, facts.names.get(source.literal.id)!, !deadEnd && !testData && !copy && !kind.notForFixAll && !sample && !elsewhere && !byDefault, kind.what)],
    related: assignedHere(context, source, node),
  };
}

/** A password that only makes credentials nothing reads: the fix removes them, and the other fix (reading it from elsewhere) is left to a person. */
function unusedPasswordHit(context: PowerShellRuleContext, facts: CheckFacts, { node, source, kind = USER_PASSWORD }: PasswordAt, removal: Fix): RuleHit {
  const placeholder = writesPlaceholderOf(context, source, kind);
  return {
    message: [placeholder ? kind.placeholderMessage : kind.message, UNUSED_NOTE].join(' '),
    severity: placeholder || kind.warns ? 'warning' : undefined,
    startOffset: node.startIndex,
    endOffset: node.endIndex,
    fixes: [removal, secretSourceFix(context, facts.secrets, source, facts.names.get(source.literal.id)!, false, kind.what)],
    related: assignedHere(context, source, node),
  };
}

/**
 * What a SecureString's secret is for: a new secret added to an app registration, a certificate file's or
 * an account's own password (no sign-in uses either), a token, an app's client secret, a password that only
 * on-premises commands use (or DSC, with domain accounts), another vendor's or commands not known to sign in to
 * Microsoft's cloud, else a user's password.
 */
function secretKind(context: PowerShellRuleContext, node: Node, source: PlainTextSource): SecretKind {
  if (feedsOnly(context, node, (command) => isOneOf(context, command, CREATES_CLIENT_SECRET))) return NEW_CLIENT_SECRET;
  const appSecret = isClientSecret(node, source) || feedsServicePrincipal(context, node) || madeIntoAppCredential(context, node, source);
  if (!appSecret && (feedsOnlyLocalSecrets(context, node) || namedForEncryption(context, node, source) || unreadBesideLocalSecret(context, node, source))) return LOCAL_SECRET;
  if (!appSecret && feedsOnly(context, node, protectsDrive)) return BITLOCKER_PROTECTOR;
  if (!appSecret && feedsOnly(context, node, (_command, at) => isResourceSetting(at))) return RESOURCE_SETTING;
  if (!appSecret && isStorageAccountKey(context, node, source)) return STORAGE_ACCOUNT_KEY;
  if (isToken(context, node, source)) return TOKEN;
  const onPremises = appSecret ? undefined : onPremisesAccountUse(context, node, source);
  if (onPremises) return ON_PREMISES_KINDS[onPremises];
  const vendor = otherVendorUse(context, node);
  if (vendor) return otherVendorSecret(vendor.vendor, vendor.commands, appSecret ? 'client secret' : 'password');
  const others = commandsOutsideCloud(context, node);
  if (others) return givenToOtherCommands(others, appSecret ? 'client secret' : 'password');
  return appSecret ? CLIENT_SECRET : USER_PASSWORD;
}

function networkCredentialHit(context: PowerShellRuleContext, facts: CheckFacts, { node, source }: PasswordAt): RuleHit {
  const placeholder = writesPlaceholder(context, source);
  const copy = writtenAgainAt(context, source.literal);
  return {
    message: [placeholder ? NETWORK_CREDENTIAL_PLACEHOLDER_MESSAGE : NETWORK_CREDENTIAL_MESSAGE, ...(facts.inTest ? [TEST_NOTE] : []), ...(copy ? [writtenAgainNote(context, copy)] : [])].join(' '),
    severity: placeholder || facts.inTest ? 'warning' : undefined,
    startOffset: node.startIndex,
    endOffset: node.endIndex,
    fixes: [secretSourceFix(context, facts.secrets, source, facts.names.get(source.literal.id)!, !facts.inTest && !copy, 'password')],
    related: assignedHere(context, source, node),
  };
}

/** Passwords this short are words that recur for other reasons. */
const MIN_REPEATED_PASSWORD = 6;

/**
 * Where the script writes the literal's password again, quoted, in another statement's code (a script
 * it generates, a second copy): the fix would change one place only, and the two would no longer match.
 */
function writtenAgainAt(context: PowerShellRuleContext, literal: Node): number | undefined {
  const password = literalText(literal);
  if (!password || password.length < MIN_REPEATED_PASSWORD) return undefined;
  const quoted = (at: number) => QUOTES.includes(context.text[at - 1] ?? '') && QUOTES.includes(context.text[at + password.length] ?? '');
  // Elsewhere in its own statement it is another value (a user name that is the same word).
  const statement = enclosingStatement(literal);
  for (let at = context.text.indexOf(password); at >= 0; at = context.text.indexOf(password, at + 1)) {
    if ((at < statement.startIndex || at >= statement.endIndex) && (quoted(at) || bareWordAt(context, at, password)) && !isInComment(context.root, at)) return at;
  }
  return undefined;
}

/** Whether a command is given the password as a bare word there (`-AdminPassword Somepass1`), which PowerShell passes as a string. */
function bareWordAt(context: PowerShellRuleContext, at: number, password: string): boolean {
  const node = context.root.descendantForIndex(at, at + password.length);
  return node?.type === 'generic_token' && node.startIndex === at && node.text === password;
}

const QUOTES = SINGLE_QUOTES + DOUBLE_QUOTES;

function writtenAgainNote(context: PowerShellRuleContext, at: number): string {
  return `(The same password is written again at line ${lineNumberAt(context.text, at)}, which the fix would leave as it is: fix-all leaves this to you, to read both from one secret.)`;
}

/**
 * Whether the literal is an app's client secret, as the script names it: the variable that holds it,
 * or the hashtable key, parameter, property or variable the SecureString goes to
 * (`ClientSecret = (ConvertTo-SecureString …)`): a `Secret` word after `Client`, `App`,
 * `Application` or `Principal`, and no `Password` word.
 */
function isClientSecret(command: Node, source: PlainTextSource): boolean {
  return [source.variable, destinationName(command)].some((name) => name !== undefined && isClientSecretName(name));
}

function isClientSecretName(name: string): boolean {
  // `$ApplicationSecret2`: a second one, named as the first.
  const words = nameWords(name).map((word) => word.replace(/\d+$/, ''));
  if (words.some((word) => /^(?:password|passwd|pass|pwd)$/.test(word))) return false;
  return words.some((word, i) => /^(?:client|app|application|principal)secret$/.test(word) || (word === 'secret' && /^(?:client|app|application|principal)$/.test(words[i - 1] ?? '')));
}

/**
 * Whether the SecureString ends in a service principal's sign-in: through variables and a PSCredential,
 * given to a command that signs in as an app (`Connect-AzAccount -ServicePrincipal -Credential $sp`).
 */
function feedsServicePrincipal(context: PowerShellRuleContext, value: Node): boolean {
  const signsIn = (at: Node): boolean | undefined => {
    const call = context.commands().find((c) => !PASS_THROUGH.includes(c.spec.name) && c.parameters.some((p) => p.value && isWithin(at, p.value)));
    return call && call.parameters.some((p) => p.canonical === 'ServicePrincipal');
  };
  return flowsOnly(context, value, signsIn, () => false);
}

/** Commands whose result carries the secret on: the SecureString, and the PSCredential made of it. */
const PASS_THROUGH = ['ConvertTo-SecureString', 'New-Object'];

/**
 * What a command's result is given to, within its statement, where the name says what it holds: a
 * variable or property (`$secret = …`, `$params.ClientSecret = …`), a hashtable key or a parameter
 * that names a secret (`ClientSecret = (…)`, `-Password (…)`; not `-ArgumentList`).
 */
function destinationName(value: Node): string | undefined {
  let child = value;
  for (let node = value.parent; node && node.type !== 'statement_list' && node.type !== 'program'; child = node, node = node.parent) {
    // An argument of a method or constructor (`[PSCredential]::new('u', (…))`): what the call makes is something else.
    if (node.type === 'argument_list') return undefined;
    if (node.type === 'hash_entry') return namesSecret(node.namedChild(0)?.text);
    if (node.type === 'assignment_expression') {
      const left = node.namedChild(0);
      if (left && innermost(left).type === 'variable') return writtenVariableName(left);
      return /\.\s*(\w+)\s*$/.exec(left?.text ?? '')?.[1];
    }
    if (node.type === 'command_elements') return namesSecret(parameterBefore(node, child));
  }
  return undefined;
}

/** The parameter a command is given `value` by (`-CertificatePassword $pw`, `-CertificatePassword:(…)`), within the value's statement. */
function parameterGiven(value: Node): string | undefined {
  let child = value;
  for (let node = value.parent; node && !STATEMENT_PARTS.has(node.type); child = node, node = node.parent) {
    if (node.type === 'command_elements') return parameterBefore(node, child);
  }
  return undefined;
}

const STATEMENT_PARTS = new Set(['program', 'statement_list', 'script_block', 'assignment_expression', 'hash_entry', 'argument_list']);

function namesSecret(name: string | undefined): string | undefined {
  return name && /secret|pass|pwd|key|token|credential/i.test(name) ? name : undefined;
}

/**
 * Whether the literal is a user name, as the script names and uses it: held in a variable named for one (`$username = "azureuser"`,
 * see `namesUserName`) that, and whatever is made of it (`$SecureUser = ConvertTo-SecureString $username …`), nothing takes as a password.
 */
function holdsUserNameOnly(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  if (source.variable === undefined || !namesUserName(source.variable)) return false;
  const ends = (at: Node): boolean | undefined => (takenAsPassword(context, at) ? false : holderOf(at) ? undefined : true);
  return flowsOnly(context, source.literal, ends, () => true);
}

/**
 * Whether a value, or the SecureString made of it in place (`-Password (ConvertTo-SecureString $user …)`), goes to where
 * a password goes: a PSCredential's second argument, or a parameter, hashtable key, variable or property named for a
 * password (`-Password`, `-SecurePassword`, `AdminPassword = …`, `$pw = …`). A secret store's value (`Set-AzKeyVaultSecret
 * -SecretValue`) is whatever the script keeps there: a user name too.
 */
function takenAsPassword(context: PowerShellRuleContext, at: Node): boolean {
  const secure = secureStringMadeOf(context, at);
  if ([at, secure].some((value) => value && namesPassword(destinationName(value)))) return true;
  return scriptCredentials(context).some((made) => {
    const password = made.argumentList ? constructorArguments(made.argumentList)?.[1] : undefined;
    return password !== undefined && isWithin(at, password);
  });
}

function namesPassword(name: string | undefined): boolean {
  return !!name && nameWords(name).some((word) => /pass|pwd|^pw$/.test(word));
}

/** The ConvertTo-SecureString call a value is given to, as an argument or piped in (`$user | ConvertTo-SecureString …`). */
function secureStringMadeOf(context: PowerShellRuleContext, at: Node): Node | undefined {
  const piped = commandPipedTo(at);
  const conversions = context.commands().filter((call) => call.spec.name === 'ConvertTo-SecureString' && (isWithin(at, call.node) || call.node.id === piped?.id));
  return conversions.reduce<Node | undefined>((inner, call) => (!inner || call.node.startIndex > inner.startIndex ? call.node : inner), undefined);
}

/**
 * Whether the literal is sample text (words only: `"Test String"`) that a function's parameter not named for a secret
 * takes by default, and the function only encrypts what it is given (`$text | ConvertTo-SecureString -AsPlainText -Force |
 * ConvertFrom-SecureString`): its callers give it the text to encrypt, and the default shows what that looks like.
 */
function encryptHelperSample(context: PowerShellRuleContext, secure: Node, source: PlainTextSource): boolean {
  if (source.variable === undefined || namesSecret(source.variable) !== undefined) return false;
  if (!inFunctionParameterDefault(source.literal) || !writesWordsOnly(context, source)) return false;
  return feedsOnly(context, secure, (command, at) => command === 'convertfrom-securestring' && !decodesToText(command, at));
}

/** Whether the node is in the default of a function's parameter (`function f { param($text = "…") }`, `function f($text = "…")`), not a script's. */
function inFunctionParameterDefault(node: Node): boolean {
  if (!inParameterDefault(node)) return false;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_statement') return true;
    if (current.type === 'script_block_expression') return false;
  }
  return false;
}

/** Whether the literal is a placeholder for a secret of its kind: one asking to be filled in, an app's secret of words only, a shortened token. */
function writesPlaceholderOf(context: PowerShellRuleContext, source: PlainTextSource, kind: SecretKind): boolean {
  return writesPlaceholder(context, source) || (kind === CLIENT_SECRET && writesWordsOnly(context, source)) || (kind === TOKEN && writesElided(context, source));
}

/**
 * Whether the literal is a Pester test's made-up password (`'bogus'`, `'dummy'`, `'xxx'`, `'<password>'`: a placeholder or
 * an empty or dummy one): test data, which exposes nothing and asks for nothing to be filled in. A real-looking one is reported.
 */
function madeUpForTest(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  const written = context.values().shapeOf(source.literal);
  return !written.includes(UNKNOWN) && (isPlaceholderSecret(written) || isDummyPassword(written)) && inPesterTest(context, source.literal.startIndex);
}

/** Whether the literal, as the script spells it out, asks to be filled in (`'YOUR_PASSWORD'`). */
function writesPlaceholder(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  const written = context.values().shapeOf(source.literal);
  return !written.includes(UNKNOWN) && isPlaceholderSecret(written);
}

/**
 * Entra ID generates an app's client secrets (40 characters, digits and symbols among them): one written
 * as letters only (`'Secret'`, `'ApplicationSecret'`, `'TheSecretTheSecret'`) is a template's placeholder.
 */
function writesWordsOnly(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  return /^[A-Za-z ]+$/.test(context.values().shapeOf(source.literal));
}

/** Where the password is written, where the finding (at `node`) does not show it: assigned to a variable, or piped in from a line above. */
function assignedHere(context: PowerShellRuleContext, source: PlainTextSource, node: Node): NonNullable<RuleHit['related']> {
  const at = { startOffset: source.literal.startIndex, endOffset: source.literal.endIndex };
  if (source.variable) return [{ message: `the password is assigned to $${source.variable} here`, ...at }];
  const pipedFromAbove = at.endOffset <= node.startIndex && context.text.slice(at.endOffset, node.startIndex).includes('\n');
  return pipedFromAbove ? [{ message: 'the password is written here, and piped in', ...at }] : [];
}

/**
 * `New-Object System.Net.NetworkCredential('user', 'password')`, `[Net.NetworkCredential]::new(…)`,
 * `New-Object … -Property @{ Password = '…' }`, or `$credential.Password = '…'` after it: the password's
 * value, where the script writes the password (there or in the variable it names).
 */
function networkCredentialPasswords(context: PowerShellRuleContext): (PasswordAt & { made: Node })[] {
  const passwords = networkCredentials(context).flatMap(({ node, argumentList }) =>
    [...(argumentList ? [constructorArguments(argumentList)?.[1]] : []), propertyGiven(context, node), ...memberAssigned(context, node)].map((password) => ({ password, made: node })),
  );
  const seen = new Set<number>();
  return passwords.flatMap(({ password, made }) => {
    if (!password || seen.has(password.id)) return [];
    seen.add(password.id);
    const source = literalSource(password, context.values());
    return source ? [{ node: password, source, made }] : [];
  });
}

/** The NetworkCredentials the script makes, read once per script. */
function networkCredentials(context: PowerShellRuleContext): Construction[] {
  let made = networkCredentialsOfScript.get(context);
  if (!made) networkCredentialsOfScript.set(context, (made = constructions(context, (type) => (type === 'net.networkcredential' ? type : undefined))));
  return made;
}

const networkCredentialsOfScript = new WeakMap<PowerShellRuleContext, Construction[]>();

/**
 * Whether the value at `at` is made into a NetworkCredential there (`New-Object Net.NetworkCredential('u', $secure)`,
 * `$credential.GetNetworkCredential()`) that goes only to other companies' mail servers (see `sentOnlyToOtherMailClients`).
 */
function madeIntoOtherMailCredential(context: PowerShellRuleContext, at: Node): boolean {
  const invocation = at.parent;
  const converted = invocation?.type === 'invokation_expression' && invocation.namedChild(0)?.id === at.id && invokedMemberName(invocation) === 'getnetworkcredential';
  const made = converted ? invocation : networkCredentials(context).find((nc) => nc.argumentList && constructorArguments(nc.argumentList)?.some((given) => unwrapped(given).id === at.id))?.node;
  return !!made && sentOnlyToOtherMailClients(context, made);
}

/**
 * Whether the NetworkCredential made at `made` goes only to mail clients of servers the script names in full that are
 * none of Microsoft's (`$smtp.Credentials = $nc` of an SmtpClient("smtp.gmail.com"), MailKit's `$client.Authenticate($nc)`
 * after `$client.Connect("smtp.gmail.com", …)`): a password sent there is no Microsoft sign-in's.
 */
function sentOnlyToOtherMailClients(context: PowerShellRuleContext, made: Node): boolean {
  return flowsOnly(context, made, (at) => givenToOtherMailClient(context, at), () => false);
}

/** `New-Object T -Property @{ Password = … }` (or a variable assigned the table): the value given to the Password property. */
function propertyGiven(context: PowerShellRuleContext, construction: Node): Node | undefined {
  const call = context.commands().find((candidate) => candidate.node.id === construction.id);
  const given = call?.parameters.find((p) => p.canonical === 'Property')?.value;
  const table = given && context.values().heldValue(given);
  const literal = table && hashLiteral(table);
  return literal && hashEntries(literal).find((entry) => entry.key.toLowerCase() === 'password')?.value;
}

/**
 * `$credential.Password = …` where `$credential` holds what the construction made: the assignment the
 * variable there sees is the construction's (in its scope, not assigned anything else since).
 */
function memberAssigned(context: PowerShellRuleContext, construction: Node): Node[] {
  const holder = holderOf(construction);
  if (!holder) return [];
  const target = `$${holder.name}.password`;
  // The script index has every assignment into the variable (`$h.K = …`): no walk of the whole tree per construction.
  const into = context.index.assignments().filter((at) => at.owner === holder.name);
  return into.flatMap((at) => {
    const assignment = context.index.node(at, 'assignment_expression');
    const left = assignment.namedChild(0);
    const value = assignment.childForFieldName('value');
    if (!left || !value || left.text.trim().toLowerCase() !== target) return [];
    const variable = descendants(left, 'variable')[0];
    return variable && context.values().assignmentSeenBy(variable)?.node.id === holder.assignment.id ? [value] : [];
  });
}

/**
 * One secret per value (`SVC_PASSWORD`, read as $env:MFA_READY_SVC_PASSWORD, a runbook's Automation
 * variable MFA_READY_SVC_PASSWORD or the vault's mfa-ready-svc-password): named after the variable that holds it or receives the SecureString,
 * else PASSWORD (CLIENT_SECRET for an app's client secret), the first's where the value is written again; numbered when two secrets (or the script itself) would share a name, and apart from
 * the app registration's names and those other files read; a `fix` run names it as it names the same value in other files (`ownSecretName`).
 */
function secretNames(context: PowerShellRuleContext, found: PasswordAt[]): Map<number, string> {
  const written = context.text.matchAll(/\bMFA_READY_(\w+)|\bmfa-ready-([\w-]+)/gi);
  const taken = new Set([...written].map((m) => (m[1] ?? m[2].replace(/-/g, '_')).toUpperCase()));
  for (const name of [...SHARED_SECRET_NAMES, ...(context.settings.reservedSecretNames ?? [])]) taken.add(name);
  const names = new Map<number, string>();
  const byValue = new Map<string, string>();
  for (const { node, source, kind } of found) {
    if (names.has(source.literal.id)) continue;
    const value = literalText(source.literal);
    const named = value !== undefined ? byValue.get(value) : undefined;
    if (named) {
      names.set(source.literal.id, named);
      continue;
    }
    const base = screamingSnake(secretName(kind, source.variable ?? destinationName(node)));
    let proposed = base;
    for (let n = 2; taken.has(proposed); n++) proposed = `${base}_${n}`;
    const name = (value !== undefined && context.settings.ownSecretName?.({ value, proposed, taken })) || proposed;
    taken.add(name);
    names.set(source.literal.id, name);
    if (value !== undefined) byValue.set(value, name);
  }
  return names;
}

/** The script's own name for a secret, where it says what the secret is, else the kind's. */
function secretName({ name = 'password', namedBy }: SecretKind = USER_PASSWORD, given: string | undefined): string {
  return given !== undefined && (!namedBy || namedBy.test(given)) ? given : name;
}

function screamingSnake(name: string): string {
  return nameWords(name.replace(/^secure_?(?=.)/i, '')).join('_').toUpperCase() || 'PASSWORD';
}

const MAX_FLOW_DEPTH = 4;

/**
 * Whether the password ends only in credentials that other rules' fixes take out of the script (the
 * sign-ins move to tokens), or in a credential nothing uses (what is left once they have). Reading
 * such a password from a secret source that nobody fills would make the script fail where it now
 * works, so that fix is not applied unattended.
 */
function feedsOnlyReplacedCredentials(context: PowerShellRuleContext, value: Node, replaced: readonly Node[]): boolean {
  const unread = (assignment: Node): boolean => /\bpscredential\b/i.test(assignment.text);
  const inReplaced = (at: Node): boolean | undefined => (replaced.some((credential) => isWithin(at, credential)) ? true : undefined);
  return flowsOnly(context, value, intoOwnFunctions(context, inReplaced, unread), unread);
}

/**
 * `ends`, and where it gives no answer for a value handed to a function of the script (`Login($creds)`):
 * where its parameter goes there, each function entered once. A value handed to a script block's
 * parameter (`Invoke-Command { param($c) … } -ArgumentList $creds`) goes where that parameter goes, whatever
 * `ends` says of the command that runs the block.
 */
function intoOwnFunctions(
  context: PowerShellRuleContext,
  ends: (at: Node) => boolean | undefined,
  unread: (assignment: Node) => boolean,
  unfollowed: () => boolean = () => false,
): (at: Node) => boolean | undefined {
  const entered = new Set<number>();
  const judge = (at: Node): boolean | undefined => {
    const block = blockArgumentGiven(context, at);
    if (block === UNFOLLOWED) return unfollowed();
    const judged = block ? undefined : ends(at);
    if (judged !== undefined) return judged;
    const given = block ?? functionParameterGiven(context, at);
    if (!given || entered.has(given.start)) return undefined;
    entered.add(given.start);
    // A parameter the function never reads is a dead end, as a credential nothing reads is.
    return given.uses.every((use) => flowsOnly(context, use, judge, unread));
  };
  return judge;
}

/**
 * Where the SecureString, and the credential made of it, go only to commands that are not known to sign
 * in (`Get-ExportContentForResource -Credential $sample`, followed into the script's own functions and
 * script blocks), or only have the credential's user name read: a placeholder there may be sample data,
 * not a password to fill in. The note saying so; undefined where it reaches a known sign-in.
 */
function sampleDataNote(context: PowerShellRuleContext, value: Node): string | undefined {
  let unfollowed = false;
  const noSignIn = (at: Node): boolean | undefined => {
    if (readsUserName(at)) return true;
    const command = commandGiven(context, at);
    return command === undefined || context.functionNames().has(command) ? undefined : !knownSignIn(command);
  };
  const cannotFollow = (): boolean => (unfollowed = true);
  if (!flowsOnly(context, value, intoOwnFunctions(context, noSignIn, () => false, cannotFollow), () => false)) return undefined;
  return unfollowed ? UNFOLLOWED_SAMPLE_NOTE : SAMPLE_NOTE;
}

/** Whether a command (lower-case) may sign in to Microsoft's cloud (see `maySignInToMicrosoftCloud`), by its name or without a noun prefix the script imports its module with. */
function maySignInToCloudAsImported(context: PowerShellRuleContext, command: string): boolean {
  return [command, ...unprefixedNames(command, context.importedPrefixes())].some(maySignInToMicrosoftCloud);
}

/** Commands that keep what they are given for the script to read later, where it cannot be followed (`… | Set-Variable secured`). */
const HOLDS_FOR_LATER = new Set(['set-variable', 'sv', 'set', 'new-variable', 'nv', 'write-output', 'echo', 'write', 'tee-object', 'tee', 'add-member']);

/** Where every command the SecureString goes to is one vendor's other than Microsoft (see `otherVendorOf`): that vendor, and the commands as written. */
function otherVendorUse(context: PowerShellRuleContext, value: Node): { vendor: string; commands: string[] } | undefined {
  const vendors = new Set<string>();
  const commands = new Set<string>();
  const vendorCommand = (_command: string, at: Node): boolean => {
    const command = commandGivenAt(context, at);
    const vendor = command && otherVendorOf(command.name);
    if (!vendor) return false;
    vendors.add(vendor);
    commands.add(command.written?.text ?? command.name);
    return true;
  };
  if (!feedsOnly(context, value, vendorCommand) || vendors.size !== 1) return undefined;
  return { vendor: [...vendors][0], commands: [...commands] };
}

/**
 * The commands, as written, the SecureString and the credential made of it go to, where none may sign in to Microsoft's cloud
 * (see `maySignInToMicrosoftCloud`; not an Azure Files share, nor a DSC configuration or resource: Microsoft365DSC's sign in
 * there), followed into the script's own functions and script blocks, through `Get-Credential -Credential` and
 * `ConvertFrom-SecureString -AsPlainText`; undefined where one may, or where it goes on to no command or cannot be followed.
 */
function commandsOutsideCloud(context: PowerShellRuleContext, value: Node): string[] | undefined {
  const commands = new Map<string, string>();
  const outside = (at: Node): boolean | undefined => {
    const command = commandGiven(context, at);
    if (readsUserName(at) || (command !== undefined && SHOWS_ONLY.has(command))) return true;
    if (dscPropertyOf(at) !== undefined) return false;
    if (command === undefined || context.functionNames().has(command) || handsCredentialBack(command, at) || decodesToText(command, at)) return undefined;
    if (HOLDS_FOR_LATER.has(command) || maySignInToCloudAsImported(context, command) || givenAzureFilesShare(context, command, at) || onPremisesUse(context, command, at) === 'dsc') return false;
    if (!commands.has(command)) commands.set(command, commandGivenAt(context, at)?.written?.text ?? command);
    return true;
  };
  if (!flowsOnly(context, value, intoOwnFunctions(context, outside, () => false), () => false) || commands.size === 0) return undefined;
  return [...commands.values()];
}

/** Where a value is handed to a parameter (of a function, or of a script block), by where that starts: and the reads of the parameter there. */
interface ParameterGiven {
  start: number;
  uses: Node[];
}

/** A value given in a script block's `-ArgumentList` that cannot be followed into the block (see `blockArgument`). */
const UNFOLLOWED = Symbol('unfollowed');

/** The reads of what a value given in `-ArgumentList` binds in the script block run (see `blockArgument`). */
function blockArgumentGiven(context: PowerShellRuleContext, at: Node): ParameterGiven | typeof UNFOLLOWED | undefined {
  const given = blockArgument(at, (variable) => heldScriptBlock(context, variable));
  if (!given) return undefined;
  if (!given.block || !given.reads) return UNFOLLOWED;
  return { start: given.block.startIndex, uses: given.reads.filter((v) => !assignedAt(v)) };
}

/** Whether the value is in a block a variable holds (`$sb = { … }`) that Invoke-Command runs on another computer (`-ScriptBlock $sb`). */
function inHeldRemoteBlock(context: PowerShellRuleContext, node: Node): boolean {
  for (let block = enclosingScriptBlock(node); block; block = enclosingScriptBlock(block)) {
    const holder = holderOf(block);
    const uses = holder ? usesAfter(context, holder.name, holder.assignment) : [];
    if (uses.some((use) => heldScriptBlock(context, use)?.id === block!.id && runsRemotely(use))) return true;
  }
  return false;
}

/** `$sb = { … }`: the script block literal a variable holds where it is read. */
function heldScriptBlock(context: PowerShellRuleContext, variable: Node): Node | undefined {
  const value = context.values().assignmentSeenBy(variable)?.value;
  const inner = value && innermost(value);
  return inner?.type === 'script_block_expression' ? inner : undefined;
}

/** The function of the script a value is an argument of, and the reads of the parameter it binds inside that function. */
function functionParameterGiven(context: PowerShellRuleContext, at: Node): ParameterGiven | undefined {
  for (const declared of context.index.functions()) {
    if (!declared.name) continue;
    const name = declared.params.find((param) => context.functionCalls().parameterArguments(declared, param).some((given) => isWithin(at, given.value) && (given.value.startIndex < declared.start || given.value.startIndex >= declared.end)));
    if (!name) continue;
    const reads = context.index.variables().filter((v) => v.name === name && v.start > declared.start && v.start < declared.end);
    const uses = reads.map((v) => context.index.node(v, 'variable')).filter((v) => !assignedAt(v) && !declaresParameter(v));
    return { start: declared.start, uses };
  }
  return undefined;
}

/** A parameter's declaration (`param([pscredential] $creds)`, `function Login($c)`): no read of a variable of that name outside. */
function declaresParameter(variable: Node): boolean {
  return variable.parent?.type === 'script_parameter';
}

/**
 * A DSC resource's property other than the ones it signs in with (`Credential`, `PsDscRunAsCredential`,
 * an account: Microsoft365DSC's `GlobalAdminAccount`, SharePointDsc's `InstallAccount`; Microsoft365DSC's
 * `ApplicationSecret`): a setting the resource applies (`Password` of an API connector).
 */
function isResourceSetting(at: Node): boolean {
  const property = dscPropertyOf(at);
  return property !== undefined && !/(?:credential|account)$/i.test(property) && !isClientSecretName(property) && !CERTIFICATE_PASSWORD.test(property);
}

/**
 * Whether the SecureString ends only in commands that keep a secret of the machine's own: a certificate
 * file's password (`Export-PfxCertificate -Password`, `Connect-PnPOnline -CertificatePassword`, a
 * certificate loaded from the file: `New-Object X509Certificate2($path, $pw)`), the password or key data is
 * encrypted with (`Set-MBSBackupPlan -EncryptionPassword`), an account's own
 * password set for it (`New-LocalUser`, `New-ADUser -AccountPassword`), or one saved encrypted
 * (`$pw | ConvertFrom-SecureString`): no sign-in with a user's password.
 */
function feedsOnlyLocalSecrets(context: PowerShellRuleContext, value: Node): boolean {
  return feedsOnly(context, value, (command, at) => keepsLocalSecret(context, command, at), (at) => loadsCertificate(context, at));
}

/** Whether a command (lower-case name) given the value at `at` keeps it as a secret of the machine's own (see `feedsOnlyLocalSecrets`). */
function keepsLocalSecret(context: PowerShellRuleContext, command: string, at: Node): boolean {
  const parameter = parameterGiven(at) ?? '';
  return (
    (isOneOf(context, command, LOCAL_SECRET_COMMANDS) && !decodesToText(command, at) && !signsInToActiveDirectory(command, at)) ||
    CERTIFICATE_PASSWORD.test(parameter) ||
    namesEncryptionSecret(parameter) ||
    OWN_PASSWORD.test(parameter)
  );
}

/**
 * Whether nothing reads the SecureString, and the variable holding the literal goes, besides into it, only where such
 * secrets are kept: `$secPassword = ConvertTo-SecureString $newPassword …`, unread, beside `Update-MgUser -PasswordProfile
 * @{ Password = $newPassword }`, which sets the text as the user's own password.
 */
function unreadBesideLocalSecret(context: PowerShellRuleContext, node: Node, source: PlainTextSource): boolean {
  if (source.variable === undefined || !flowsOnly(context, node, () => undefined, () => true)) return false;
  // Its read in the SecureString's own call ends there: the password must still reach a command that keeps it.
  let kept = false;
  const keeps = (command: string, at: Node): boolean => {
    const keeping = keepsLocalSecret(context, command, at);
    kept ||= keeping;
    return keeping;
  };
  return feedsOnly(context, source.literal, keeps, (at) => isWithin(at, node)) && kept;
}

/** `New-ADUser -Credential $admin`: the credential an ActiveDirectory cmdlet signs in with, not the account's password it sets. */
function signsInToActiveDirectory(command: string, at: Node): boolean {
  return isActiveDirectoryCmdlet(command) && /cred/i.test(parameterGiven(at) ?? '');
}

/** Whether a command (lower-case) is BitLocker's, given the value as a protector's password or PIN (`Enable-BitLocker -Password`, `Add-BitLockerKeyProtector -Pin`). */
function protectsDrive(command: string, at: Node): boolean {
  return /^[a-z]+-bitlocker/.test(command) && /^(?:password|pin)$/i.test(parameterGiven(at) ?? '');
}

/** Whether a command (lower-case) is one of `commands`, by its name or without a noun prefix the script imports its module with (`New-DSTMailUser`). */
function isOneOf(context: PowerShellRuleContext, command: string, commands: ReadonlySet<string>): boolean {
  return commands.has(command) || unprefixedNames(command, context.importedPrefixes()).some((name) => commands.has(name));
}

/** `ConvertFrom-SecureString -AsPlainText` (PowerShell 7) turns the password back into text, which goes on to wherever the script sends it. */
function decodesToText(command: string, at: Node): boolean {
  if (command !== 'convertfrom-securestring') return false;
  let given = commandPipedTo(at);
  for (let node = at.parent; !given && node; node = node.parent) if (node.type === 'command' && commandName(node) === command) given = node;
  const elements = given?.childForFieldName('command_elements')?.namedChildren ?? [];
  // Its own switch, not one of a command inside it (`-SecureString (ConvertTo-SecureString 'x' -AsPlainText -Force)`); `-As` is enough to name it.
  return elements.some((element) => element !== null && /^as/i.test(parameterNameOf(element) ?? ''));
}

/**
 * Whether the SecureString ends only in commands `ends` says yes to (by lower-case name, the place
 * given it, and the places it was followed through to there), or where `also` does: followed through
 * variables and a credential made of it.
 */
function feedsOnly(
  context: PowerShellRuleContext,
  value: Node,
  ends: (command: string, at: Node, followed: readonly Node[]) => boolean,
  also: (at: Node) => boolean = () => false,
): boolean {
  const followed: Node[] = [];
  let reached = false;
  const given = (at: Node): boolean | undefined => {
    if (also(at)) return (reached = true);
    const command = commandGiven(context, at);
    // Passes nothing on: it neither makes this a sign-in's password nor is one of the ends.
    if (passesNoSecret(context, at, command, followed)) return true;
    followed.push(at);
    if (command === undefined || handsCredentialBack(command, at)) return undefined;
    const ended = ends(command, at, followed);
    reached ||= ended;
    return ended;
  };
  // A credential nothing reads makes it no sign-in's password: the other uses say what it is.
  const unreadCredential = (assignment: Node): boolean => scriptCredentials(context).some((made) => isWithin(made.node, assignment));
  return flowsOnly(context, value, given, unreadCredential) && reached;
}

/** `Get-Credential -Credential $c` (also `Get-Credential $c`) returns the credential it is given, which goes on where its result goes. */
function handsCredentialBack(command: string, at: Node): boolean {
  const parameter = parameterGiven(at);
  return command === 'get-credential' && (parameter === undefined || /^cred/i.test(parameter));
}

/** A read of it that only shows it (`Write-Host`) or passes none of it on (see `readsNoSecret`). */
function passesNoSecret(context: PowerShellRuleContext, at: Node, command: string | undefined, followed: readonly Node[]): boolean {
  if (command !== undefined && SHOWS_ONLY.has(command)) return true;
  return at.type === 'variable' && readsNoSecret(at, context.values().assignmentSeenBy(at)?.value, followed);
}

/** Commands that write what they are given to the host or a stream for people to read, and pass nothing on. */
const SHOWS_ONLY = new Set(['write-host', 'write-verbose', 'write-debug', 'write-warning', 'write-information']);

/**
 * The command (lower-case name) `at` is given to: as an argument, or piped into it as a whole; the innermost
 * one, not the command whose script block it is in (`Invoke-Command { Connect-MicrosoftTeams -Credential $c }`).
 * Undefined outside commands, and for a credential made of it (`New-Object PSCredential 'admin', $pw`) that no
 * command takes in place, which is followed on to where it goes.
 */
function commandGiven(context: PowerShellRuleContext, at: Node): string | undefined {
  const piped = commandPipedTo(at);
  if (piped) return commandName(piped);
  return commandGivenAt(context, at)?.name;
}

/** The command `at` is given to as an argument (see `commandGiven`), as the script index has it: its name as written too. */
function commandGivenAt(context: PowerShellRuleContext, at: Node): IndexedCommand | undefined {
  const piped = commandPipedTo(at);
  if (piped) return context.index.commands().find((c) => c.start === piped.startIndex);
  // A command around the script block the value is in (`ForEach-Object { $pw = … }`, `Invoke-Command { … }`) runs the block: it is not given the value.
  const block = enclosingScriptBlock(at);
  const within = (c: IndexedCommand): boolean => c.start <= at.startIndex && at.endIndex <= c.end && (!block || c.start >= block.startIndex);
  const around = context.index.commands().filter((c) => c.name !== 'convertto-securestring' && within(c) && !makesCredential(context, c));
  // Commands around a value nest: the innermost starts last.
  return around.reduce<IndexedCommand | undefined>((inner, c) => (!inner || c.start > inner.start ? c : inner), undefined);
}

function makesCredential(context: PowerShellRuleContext, command: IndexedCommand): boolean {
  return command.name === 'new-object' && /\bpscredential\b/i.test(context.text.slice(command.start, command.end));
}

/**
 * The command a value is piped into when it is the whole of a pipeline's element: its first (`$pw | ConvertFrom-SecureString`),
 * or a command in it (`'…' | ConvertTo-SecureString -AsPlainText -Force | ConvertFrom-SecureString`).
 */
function commandPipedTo(value: Node): Node | undefined {
  let element = value;
  while (element.parent && element.parent.type !== 'pipeline_chain' && element.parent.startIndex === value.startIndex && element.parent.endIndex === value.endIndex) element = element.parent;
  const next = element.parent?.type === 'pipeline_chain' ? nextBesideComments(element) : null;
  if (next?.type !== 'command') return undefined;
  return pipelineInput(next)?.id === element.id || (element.type === 'command' && previousBesideComments(next)?.id === element.id) ? next : undefined;
}

/**
 * Whether the secret is a token, as the script names or uses it: the variable that holds it or what
 * the SecureString goes to says `Token` (and no `Password`), or it is only given as one (`Connect-MgGraph -AccessToken`).
 */
function isToken(context: PowerShellRuleContext, node: Node, source: PlainTextSource): boolean {
  const destination = destinationName(node);
  const named = [source.variable, destination].some((name) => {
    const words = name ? nameWords(name) : [];
    return words.some((word) => /token$/.test(word)) && !words.some((word) => PASSWORD_WORD.test(word));
  });
  // A credential made of it is a user's password, whatever its variable is called (`$svcToken`); one of a token's own format is a token all the same.
  const credential = named && madeIntoCredential(context, node, [source.variable, destination]);
  return (named && !credential) || writesTokenFormat(context, source) || feedsOnly(context, node, (_command, at) => /token$/i.test(parameterGiven(at) ?? ''));
}

/**
 * Whether the literal is written in a token format no password has: GitHub's (`ghp_…`, `github_pat_…`), GitLab's
 * (`glpat-…`), npm's (`npm_…`), or an Azure DevOps personal access token (52 characters of base32, or 84 with `AZDO`).
 */
function writesTokenFormat(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  return TOKEN_FORMAT.test(context.values().shapeOf(source.literal));
}

const TOKEN_FORMAT = /^(?:gh[opsur]_[A-Za-z0-9]{30,}|github_pat_\w{40,}|glpat-[\w-]{20,}|npm_[A-Za-z0-9]{36}|[a-z2-7]{52}|[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})$/;

/** Whether the script makes a PSCredential of the SecureString, in place or through the variables named. */
function madeIntoCredential(context: PowerShellRuleContext, secure: Node, variables: (string | undefined)[]): boolean {
  return credentialsMadeOf(context, secure, variables).length > 0;
}

/** The PSCredentials the script makes of the SecureString, in place or through the variables named. */
function credentialsMadeOf(context: PowerShellRuleContext, secure: Node, variables: (string | undefined)[]): Construction[] {
  const names = new Set(variables.filter((name): name is string => !!name).map((name) => name.toLowerCase()));
  return scriptCredentials(context).filter(
    (made) => isWithin(secure, made.node) || (!!made.argumentList && descendants(made.argumentList, 'variable').some((v) => names.has(variableName(v)?.toLowerCase() ?? ''))),
  );
}

/** The PSCredentials the script makes (`New-Object PSCredential …`), read once per script: each SecureString asks for its own. */
function scriptCredentials(context: PowerShellRuleContext): Construction[] {
  let made = credentialsOfScript.get(context);
  if (!made) credentialsOfScript.set(context, (made = constructions(context, (type) => (/^(?:management\.automation\.)?pscredential$/.test(type) ? type : undefined))));
  return made;
}

const credentialsOfScript = new WeakMap<PowerShellRuleContext, Construction[]>();

/** The user name a PSCredential is made with: its first argument. */
function userNameOf(made: Construction): Node | undefined {
  return made.argumentList ? constructorArguments(made.argumentList)?.[0] : undefined;
}

/**
 * Whether the SecureString ends only where on-premises commands, SQL Server commands or DSC use it (see `onPremisesUse`),
 * DSC only with domain accounts (see `domainAccountsOnly`) and SQL Server with no address (an Entra user's): no sign-in to
 * Microsoft's cloud. `dsc` where DSC is among the uses, `windows` where other on-premises commands are, `sql` where only
 * SQL Server commands are; undefined where it is not only used on-premises.
 */
function onPremisesAccountUse(context: PowerShellRuleContext, secure: Node, source: PlainTextSource): OnPremisesUse | undefined {
  const userNames = credentialUserNames(context, secure, source);
  if (userNames.some(isCloudAccountName)) return undefined;
  const uses = new Set<OnPremisesUse>();
  const usedBy = (command: string, at: Node, followed: readonly Node[]): boolean => {
    const use = onPremisesUse(context, command, at, followed);
    if (use) uses.add(use);
    return use !== undefined;
  };
  const inDscProperty = (at: Node): boolean => dscPropertyOf(at) !== undefined && !!uses.add('dsc');
  if (!feedsOnly(context, secure, usedBy, inDscProperty)) return undefined;
  if (uses.has('dsc')) return domainAccountsOnly(userNames) ? 'dsc' : undefined;
  if (uses.has('sql') && userNames.some((name) => name.includes('@'))) return undefined;
  return uses.has('windows') ? 'windows' : 'sql';
}

/**
 * Whether the SecureString is a storage account's key: it makes credentials of the account only (see `namesStorageAccount`),
 * which go only to commands given an Azure Files share (`New-PSDrive -Root \\acct.file.core.windows.net\share -Credential $c`).
 */
function isStorageAccountKey(context: PowerShellRuleContext, secure: Node, source: PlainTextSource): boolean {
  const userNames = credentialUserNames(context, secure, source);
  return userNames.length > 0 && userNames.every(namesStorageAccount) && feedsOnly(context, secure, (command, at) => givenAzureFilesShare(context, command, at));
}

/** The user names of the PSCredentials the script makes of the SecureString, as shapes. */
function credentialUserNames(context: PowerShellRuleContext, secure: Node, source: PlainTextSource): string[] {
  return credentialsMadeOf(context, secure, [source.variable, destinationName(secure)]).map((credential) => {
    const userName = userNameOf(credential);
    return userName ? context.values().shapeOf(userName) : UNKNOWN;
  });
}

/**
 * Whether credentials' user names are domain accounts' (`CORP\svc_spfarm`), and none an address or an unknown
 * user (a DSC passphrase's `'phrase'` may be among them): a DSC resource may sign in to Microsoft's cloud
 * (Microsoft365DSC's do) with an address.
 */
function domainAccountsOnly(userNames: string[]): boolean {
  return userNames.some(isDomainAccountName) && !userNames.some((name) => name.includes(UNKNOWN) || name.includes('@'));
}

/** Whether the SecureString makes a PSCredential whose user name is an app's id (see `namesAnApp`): its password is the app's client secret. */
function madeIntoAppCredential(context: PowerShellRuleContext, secure: Node, source: PlainTextSource): boolean {
  return credentialsMadeOf(context, secure, [source.variable, destinationName(secure)]).some((made) => {
    const userName = userNameOf(made);
    return !!userName && !isWithin(secure, userName) && namesAnApp(context, userName, holderOf(made.node)?.name);
  });
}

const PASSWORD_WORD = /^(?:password|passwd|pass|pwd)$/;

/** Whether the literal, as written, is a secret shortened for show (`'eyJ0eXAi...4TYtApBFrZ4g'`). */
function writesElided(context: PowerShellRuleContext, source: PlainTextSource): boolean {
  return isElidedSecret(context.values().shapeOf(source.literal));
}

/**
 * An argument of `[X509Certificate2]::new(…)`, `New-Object …X509Certificate2(…)`, or `$cert.Import(…)`
 * of a certificate the script makes so: a certificate file's password.
 */
function loadsCertificate(context: PowerShellRuleContext, at: Node): boolean {
  for (let node = at.parent; node && !STATEMENT_BOUNDS.has(node.type); node = node.parent) {
    if (node.type === 'invokation_expression') {
      const called = node.text.slice(0, node.text.indexOf('(')).trimEnd();
      if (MAKES_CERTIFICATE.test(called)) return true;
      const receiver = /\.Import$/i.test(called) ? descendants(node, 'variable')[0] : undefined;
      const made = receiver && receiver.startIndex === node.startIndex ? context.values().assignmentSeenBy(receiver)?.value : undefined;
      if (made && MAKES_CERTIFICATE.test(made.text)) return true;
    }
    if (node.type === 'command' && MAKES_CERTIFICATE.test(node.text)) return true;
  }
  return false;
}

/** `[X509Certificate2]::new`, `New-Object System.Security.Cryptography.X509Certificates.X509Certificate2`. */
const MAKES_CERTIFICATE = /X509Certificate2?\]\s*::\s*new\b|^New-Object\s+(?:-TypeName\s+)?['"]?(?:System\.Security\.Cryptography\.X509Certificates\.)?X509Certificate2?\b/i;

const STATEMENT_BOUNDS = new Set(['program', 'statement_list', 'script_block']);

const LOCAL_SECRET_COMMANDS = new Set([
  // A certificate file's password.
  'export-pfxcertificate',
  'import-pfxcertificate',
  'export-exchangecertificate',
  'import-exchangecertificate',
  // An account's own password, set for it: no sign-in here uses it.
  'new-localuser',
  'set-localuser',
  'new-aduser',
  'set-adaccountpassword',
  'new-mailbox',
  'set-mailbox',
  'new-remotemailbox',
  'set-remotemailbox',
  'new-mailuser',
  'set-mailuser',
  // A cloud user's new password, set for them (Update-MgUser -PasswordProfile @{ Password = … }, Set-MsolUserPassword -NewPassword).
  'update-mguser',
  'new-mguser',
  'update-mgbetauser',
  'new-mgbetauser',
  'set-msoluserpassword',
  'new-msoluser',
  'set-azureaduserpassword',
  'set-azureaduser',
  'new-azureaduser',
  'set-azaduser',
  'update-azaduser',
  'new-azaduser',
  // A restored mailbox's new password (Exchange Online: with -WindowsLiveID, where its old account is gone).
  'undo-softdeletedmailbox',
  // A new Azure resource's administrator password, set for it (a VM's local administrator, a database server's admin login).
  'new-azvm',
  'set-azvmoperatingsystem',
  'new-azurermvm',
  'set-azurermvmoperatingsystem',
  'new-azsqlserver',
  'set-azsqlserver',
  'new-azurermsqlserver',
  'new-azsqlinstance',
  'new-azmysqlflexibleserver',
  'new-azpostgresqlflexibleserver',
  // Saved encrypted, for this account on this machine (`$pw | ConvertFrom-SecureString | Set-Content …`).
  'convertfrom-securestring',
]);

/** Commands that add the secret they are given to an app registration or service principal: no sign-in uses it here. */
const CREATES_CLIENT_SECRET = new Set([
  'new-azadappcredential',
  'new-azadapplication',
  'new-azadserviceprincipal',
  'new-azadspcredential',
  'new-azurermadappcredential',
  'new-azurermadapplication',
  'new-azurermadserviceprincipal',
  'new-azurermadspcredential',
]);

/**
 * A parameter for a password an account or a domain is set to (`New-ADComputer -AccountPassword`, `New-ADServiceAccount
 * -AccountPassword`, `Install-ADDSForest -SafeModeAdministratorPassword`): no sign-in here uses it.
 */
const OWN_PASSWORD = /^(?:accountpassword|safemodeadministratorpassword)$/i;

/**
 * Whether a parameter's or variable's name says it holds the password or key data is encrypted with (`-EncryptionPassword`,
 * `-BackupEncryptionPassword`, `-EncryptionKey`, `$BackupEncryptionPasswordSecure`): it protects only that data.
 */
function namesEncryptionSecret(name: string): boolean {
  return /(?:^|_)(?:en|de)cryption_?(?:password|passwd|pass|pwd|passphrase|key)(?:_|$)/.test(nameWords(name).join('_'));
}

/**
 * Whether the script names the SecureString for an encryption password (see `namesEncryptionSecret`), by the variable
 * that holds the literal or what it goes to, and makes no credential of it (a sign-in's password, whatever it is called).
 */
function namedForEncryption(context: PowerShellRuleContext, node: Node, source: PlainTextSource): boolean {
  const destination = destinationName(node);
  const named = [source.variable, destination].some((name) => name !== undefined && namesEncryptionSecret(name));
  return named && !madeIntoCredential(context, node, [source.variable, destination]);
}

/** A parameter for a certificate file's password: an app's certificate sign-in (`Connect-ExchangeOnline -CertificatePassword`). */
const CERTIFICATE_PASSWORD = /^(?:certificate|cert|pfx)(?:password|pwd)$/i;

/**
 * Whether a value, followed through the variables that hold it (to MAX_FLOW_DEPTH), ends only where
 * `ends` says yes: `ends` judges a place, or gives undefined to follow the value on; `unread` judges a
 * variable that nothing reads after it is assigned.
 */
function flowsOnly(context: PowerShellRuleContext, value: Node, ends: (at: Node) => boolean | undefined, unread: (assignment: Node) => boolean, depth = 0): boolean {
  const judged = ends(value);
  if (judged !== undefined) return judged;
  const holder = depth < MAX_FLOW_DEPTH ? holderOf(value) : undefined;
  if (!holder) return false;
  const uses = usesAfter(context, holder.name, holder.assignment);
  if (uses.length === 0) return unread(holder.assignment);
  return uses.every((use) => flowsOnly(context, use, ends, unread, depth + 1));
}

/**
 * The variable a value flows into: `$x = … value …`, within the value's statement, or the statement
 * around a `$( … )` or `@( … )` it is in (`$c = New-Object PSCredential 'u', $($pw | ConvertTo-SecureString …)`).
 */
function holderOf(value: Node): { name: string; assignment: Node } | undefined {
  let statement = enclosingStatement(value);
  while (statement.parent?.type === 'statement_list' && VALUE_BRACKETS.has(statement.parent.parent?.type ?? '')) statement = enclosingStatement(statement.parent);
  for (let current = value.parent; current && isWithin(current, statement); current = current.parent) {
    if (current.type !== 'assignment_expression') continue;
    const left = current.namedChild(0);
    const name = left ? assignedVariable(left) : undefined;
    return name && !isWithin(value, left!) ? { name, assignment: current } : undefined;
  }
  return undefined;
}

const VALUE_BRACKETS = new Set(['sub_expression', 'array_expression']);

/**
 * Reads of `$name` after `assignment` that may see its value (assignments to it are not reads): in its
 * scope, up to where a statement beside it gives `$name` a new value (reads after that one see the new
 * value; its own right side sees the old).
 */
function usesAfter(context: PowerShellRuleContext, name: string, assignment: Node): Node[] {
  const offset = assignment.endIndex;
  const block = enclosingStatement(assignment).parent?.id;
  const replaced = context.index
    .assignments()
    .find((at) => at.start >= offset && at.scalar === name && enclosingStatement(context.index.node(at, 'assignment_expression')).parent?.id === block);
  const end = replaced?.end ?? Infinity;
  const write = context.values().assignmentsOf(name).find((at) => at.offset === assignment.startIndex);
  const uses = context.index.variables().filter((v) => v.start >= offset && v.start < end && v.name === name);
  return uses.map((at) => context.index.node(at, 'variable')).filter((v) => !assignedAt(v) && !declaresParameter(v) && (!write || maySee(context, v, name, write)));
}

/**
 * Whether a read of a variable may see `write`: its scope does, or it is neither bound nor assigned
 * where it is read, so that a caller's variable of the name gives it its value. Another function's
 * own variable of the same name does not.
 */
function maySee(context: PowerShellRuleContext, use: Node, name: string, write: ScalarAssignment): boolean {
  const scope = context.index.scopes().useAt(use.startIndex, name, namesScriptVariable(use));
  if (scope.sees(write)) return true;
  const seen = context.values().assignmentSeenBy(use);
  return !scope.bound && (!seen || !scope.sees(seen));
}

/** Whether the variable is what an assignment writes (`$c = …`, also typed: `[pscredential] $c = …`). */
function assignedAt(variable: Node): boolean {
  for (let node = variable.parent; node && !STATEMENT_PARTS.has(node.type); node = node.parent) {
    if (node.type === 'left_assignment_expression') return true;
  }
  return false;
}

const REPLACED_NOTE =
  '(Fix-all leaves this to you: this password only makes the credential of a sign-in whose fixes sign in without it (with a token or a ' +
  'certificate), or a credential nothing uses; remove the password and the credential rather than reading the password from elsewhere, and rotate it.)';

const UNUSED_NOTE =
  '(This password only makes a credential nothing uses, as is left once the sign-ins are fixed: the first fix removes the password ' +
  'and the credential; rotate the password all the same.)';

// A module's function hands its default to every caller that passes none: the fix would make them all read one variable.
const PARAMETER_DEFAULT_NOTE =
  "(Fix-all leaves this to you: the password is the default of a function's or script's parameter, what every caller that " +
  'passes none gets: reading it from elsewhere changes it for all of them; have the callers pass the credential instead, or read the secret knowing that.)';

/**
 * Whether the value is assigned to a parameter of the function or script it is in (`if (-not $Credential) { $Credential = New-Object
 * PSCredential(…) }`): a default set in the body, which callers that pass none get, as a declared default.
 */
function assignedToOwnParameter(node: Node): boolean {
  const holder = holderOf(node);
  if (!holder) return false;
  for (let block = node.parent; block; block = block.parent) {
    if (block.type !== 'script_block' && block.type !== 'program') continue;
    const params = block.namedChildren.find((child) => child?.type === 'param_block');
    const declared = params ? descendants(params, 'script_parameter').map((p) => p.namedChildren.find((c) => c?.type === 'variable')) : [];
    if (declared.some((v) => v && variableName(v)?.toLowerCase() === holder.name.toLowerCase())) return true;
  }
  return false;
}

/** Whether the node is in a parameter's default value (`param([pscredential] $Credential = (New-Object PSCredential(…)))`). */
function inParameterDefault(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'script_parameter_default') return true;
    if (current.type === 'script_block' || current.type === 'program') return false;
  }
  return false;
}

/** A secret read in a block that runs elsewhere (another computer, DSC's Local Configuration Manager) reads that session's environment and vault, not this script's. */
const elsewhereNote = (reason: string): string => `(Fix-all leaves this to you: ${reason}: read the secret before the block and hand it in with -ArgumentList or $using:.)`;
const ON_ANOTHER_COMPUTER =
  "Invoke-Command runs this block on another computer, where the secret would be read from that session's environment or vault, not this script's";

// The fix would make the test depend on an environment variable that test runs do not set.
const TEST_NOTE =
  'This is a Pester test script, where a made-up password is test data: if it is one, ignore or exclude this; ' +
  'fix-all leaves it, as reading it from elsewhere would fail where the tests run without it.';

function secretSourceFix(context: PowerShellRuleContext, secrets: PowerShellSecrets, source: PlainTextSource, name: string, safeForFixAll: boolean, what: string): Fix {
  return {
    // A token runs out of itself; a secret stays valid until it is rotated.
    title: `Read the ${what} from ${secrets.describe(name)}${what === 'token' ? '' : ' (then rotate the exposed one)'}`,
    safeForFixAll,
    edits: [{ startOffset: source.literal.startIndex, endOffset: source.literal.endIndex, newText: inCasing(secrets.readScriptSecret(name), context.casing()) }],
  };
}
