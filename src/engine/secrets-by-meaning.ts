import { argumentsFrom } from './call-arguments';

/**
 * What a fix's diff hides as a secret by what the code does with it, where a snippet hides every string:
 * a string given to a password, secret, token or key (a variable, key or parameter of such a name, a
 * credential's constructor, ConvertTo-SecureString), one assigned to a variable the file gives to
 * such a place, one that holds `password=…` or a Basic/Bearer header, and any string or comment that
 * holds one of those values. A comment that talks about a credential has its words that could be a
 * secret hidden, and all it says after `password:`. A reviewer reads the rest of the diff as written.
 */

/** Where a string closed on its line, or a comment, stands: the line's text before it (the last part of a long line). */
export interface LiteralPlace {
  readonly kind: 'string' | 'comment';
  readonly before: string;
}

/** What the original file gives to secrets: the variables (lower case) and the string values. */
export interface FileSecrets {
  readonly variables: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}

/** The shortest secret value looked for inside another string or comment: shorter ones are everywhere. */
export const MIN_SECRET = 6;

const SECRET_WORD = String.raw`(?:pass|pwd|pw\b|secret|token|api_?key|\bkey|accountkey|cred|authorization|\bauth\b|\bsas\b|connectionstring|privatekey)`;
/** `password = `, `"client_secret": `, `$adminPassword = `, `smtpPass: `, `Authorization = `. */
const SECRET_KEY_BEFORE = new RegExp(String.raw`${SECRET_WORD}\w*['"\]]?\s*(?:[=:]|\+=)\s*[([@{]*\s*$`, 'i');
/** `-Password `, `-ClientSecret:`, `--password `, `-AccessToken `. */
const SECRET_PARAMETER_BEFORE = /(?:^|[\s(])--?\w*(?:pass|pwd|secret|token|key|cred|sas)\w*(?::\s*|\s+)$/i;
/** Inside the arguments of what makes a credential or a secure string: each of its strings (the user name too). */
const CREDENTIAL_CALLS = String.raw`(?:ConvertTo-SecureString|NetworkCredential|PSCredential|pscredential\]::new|UsernamePasswordCredential|ClientSecretCredential|acquireTokenWithUsernamePassword|SecureString)\b`;
const CREDENTIAL_CALL_BEFORE = new RegExp(`${CREDENTIAL_CALLS}[^;|]*$`, 'i');
/** A string that is a secret by what it holds: a connection string's or query's `Password=`, a header's credentials. */
const SECRET_CONTENT = /(?:pass\w*|pwd|secret|token|accountkey|sharedaccesskey|\bsig)\s*=|^(?:basic|bearer)\s+\S/i;
/** A variable assigned right before the string: `$pw = `, `const pw = `, `$script:pw = `. */
const ASSIGNED = /(?:^|[^\w.$:])\$?(?:(?:script|global|local|private):)?([A-Za-z_]\w*)\s*=\s*$/i;

/** What a credential call takes: its arguments up to the statement's or pipeline's end. */
const CREDENTIAL_ARGUMENTS = new RegExp(`${CREDENTIAL_CALLS}([^;|\\n]{0,300})`, 'gi');
const ARGUMENT_VARIABLE = /(?<![-.\w$'"@])\$?(?:(?:script|global|local|private):)?([A-Za-z_]\w*)/g;
/**
 * `$pw | ConvertTo-SecureString`, or a name then what it is given (`-Password $pw`, `password: pw`, `Password = $Password`):
 * each name read from its start only, then judged, so that a megabyte-long word takes linear time.
 */
const PIPED_VARIABLE = /\$(?:(?:script|global|local|private):)?(\w+)\s*\|\s*ConvertTo-SecureString/gi;
const PARAMETER_GIVEN = /(?<![\w-])-(\w+):?\s+\$?(?:(?:script|global|local|private):)?([A-Za-z_]\w*)/g;
const KEY_GIVEN = /(?<![\w$-])\$?(\w+)['"]?\s*[=:]\s*\$?(?:(?:script|global|local|private):)?([A-Za-z_]\w*)/g;
const SECRET_PARAMETER_NAME = /pass|pwd|secret|token|key|cred|sas/i;
const SECRET_KEY_NAME = new RegExp(`^${SECRET_WORD}`, 'i');
/** `'…' | ConvertTo-SecureString`, the pipeline's first value: a literal piped in, which the string's own place does not show. */
const PIPED_LITERAL = /(?<=(?:^|[=(;{,]|\r?\n)[ \t]*)(['"])([^'"\n]{1,200})\1\s*\|\s*ConvertTo-SecureString\b/gi;

/** A credential call's opening bracket, whose arguments may run over lines (`new UsernamePasswordCredential(⏎ t, c, u, '…'⏎)`). */
const CREDENTIAL_CALL_OPENS = new RegExp(`${CREDENTIAL_CALLS}\\s*\\(`, 'gi');
/** How far a credential call's arguments are read: a call that does not close by then gives none. */
const MAX_CALL = 500;
const QUOTED = /(['"`])([^'"`\n]{1,200})\1/g;

/**
 * What the file gives to secrets, that a string's own line does not show: the variables it gives to a
 * secret's place, the literals piped into a secure string, and those a credential call takes over lines.
 */
export function secretsOfFile(text: string): { variables: Set<string>; values: string[] } {
  const variables = new Set<string>();
  for (const [, argumentsText] of text.matchAll(CREDENTIAL_ARGUMENTS)) {
    for (const [, name] of argumentsText.matchAll(ARGUMENT_VARIABLE)) variables.add(name.toLowerCase());
  }
  for (const [, piped] of text.matchAll(PIPED_VARIABLE)) variables.add(piped.toLowerCase());
  for (const [, name, given] of text.matchAll(PARAMETER_GIVEN)) if (SECRET_PARAMETER_NAME.test(name)) variables.add(given.toLowerCase());
  for (const [, name, given] of text.matchAll(KEY_GIVEN)) if (namesSecret(name)) variables.add(given.toLowerCase());
  const piped = [...text.matchAll(PIPED_LITERAL)].map((match) => match[2]);
  return { variables, values: [...piped, ...credentialCallLiterals(text)] };
}

/** Whether a key's or variable's name holds a secret word anywhere (`adminPassword`, `client_secret`). */
function namesSecret(name: string): boolean {
  for (let at = 0; at < name.length; at++) if (SECRET_KEY_NAME.test(name.slice(at, at + 20))) return true;
  return false;
}

function credentialCallLiterals(text: string): string[] {
  return [...text.matchAll(CREDENTIAL_CALL_OPENS)].flatMap((call) => {
    const given = argumentsFrom(text.slice(call.index, call.index + MAX_CALL), call[0].length) ?? [];
    return given.flatMap((argument) => [...argument.matchAll(QUOTED)].map((quoted) => quoted[2]));
  });
}

/** Whether a string closed on its line is a secret by its place, its content, or a secret value of the file it holds. */
export function isSecretString(content: string, before: string, secrets: FileSecrets): boolean {
  if (SECRET_KEY_BEFORE.test(before) || SECRET_PARAMETER_BEFORE.test(before) || CREDENTIAL_CALL_BEFORE.test(before)) return true;
  if (SECRET_CONTENT.test(content)) return true;
  const assigned = ASSIGNED.exec(before)?.[1];
  return (assigned !== undefined && secrets.variables.has(assigned.toLowerCase())) || holdsSecretValue(content, secrets);
}

function holdsSecretValue(text: string, secrets: FileSecrets): boolean {
  if (secrets.values.has(text.trim())) return true;
  for (const value of secrets.values) if (value.length >= MIN_SECRET && text.includes(value)) return true;
  return false;
}

/** A credential word followed by what reads as its value (`password: …`, `pw = …`, `token was …`): all after it is hidden. */
const VALUE_AFTER_CREDENTIAL = /\b(?:\w*pass\w*|pwd|pw|\w*secret\w*|\w*token\w*|\w*key|\w*cred\w*)\s*(?:[:=]|\bis\b|\bwas\b)/i;
/** Commented-out code that assigns a variable what a cmdlet or another variable makes (`#$cred = New-Object …`): no value told. */
const CODE_ASSIGNED = /\$[\w:]+\s*=\s*$/;
const CODE_VALUE_START = /^\s*(?:\$|\(|\[|([A-Za-z]+-[A-Za-z]+)\b)/;
/**
 * What a PowerShell variable named for a password or token is assigned from a cmdlet that reads, makes
 * or fetches it (`$pwd = ConvertTo-SecureString …`, `$token = Invoke-RestMethod …`): code.
 */
export const MADE_BY_CMDLET = /^(?:Get|Read|Import|ConvertTo|ConvertFrom|Unprotect|New|Invoke|Request|Receive|Connect|Select|Resolve|Find|Search|Start|Wait)-[A-Za-z]+$/i;
/** Words of commented-out code that are no secret: a variable, a parameter, a cmdlet of those verbs. */
const CODE_WORD = /^(?:\$[\w:]+|-[A-Za-z]+)$/;
const MAX_COMMENT = 2000;
const EDGE_PUNCTUATION = /^[([{<"'`,;:!?*]+|[)\]}>"'`,;:!?.*]+$/g;
const URL_WORD = /^https?:\/\/[\w.-]+(?::\d+)?(?:\/[\w./%{}$-]*)?$/i;

/**
 * A comment that talks about a credential, with what could be a secret hidden: each word that could be
 * one (a digit, a symbol or an inner capital, or 16 characters; not a URL), everything after a
 * credential word that gives its value, and every word that holds a secret value of the file.
 */
export function commentWithSecretsMasked(content: string, secrets: FileSecrets, mask: string): string {
  // A minified file's comment (a source map's data) is masked whole: read word by word it would take quadratic time.
  if (content.length > MAX_COMMENT) return mask;
  const found = VALUE_AFTER_CREDENTIAL.exec(content);
  const valueAt = found && !assignsCode(content.slice(0, found.index + found[0].length), content.slice(found.index + found[0].length)) ? found : null;
  const told = valueAt ? content.slice(0, valueAt.index + valueAt[0].length) : content;
  const rest = valueAt ? content.slice(told.length) : '';
  const words = told.replace(/\S+/g, (word) => (wordCouldBeSecret(word, secrets) ? mask : word));
  return rest.trim() ? `${words}${rest.match(/^\s*/)![0]}${mask}` : words + rest;
}

function assignsCode(told: string, value: string): boolean {
  if (!CODE_ASSIGNED.test(told)) return false;
  const start = CODE_VALUE_START.exec(value);
  return !!start && (!start[1] || MADE_BY_CMDLET.test(start[1]));
}

function wordCouldBeSecret(word: string, secrets: FileSecrets): boolean {
  const bare = word.replace(EDGE_PUNCTUATION, '').replace(/'s$/, '');
  // A dash or slash between words (`admin / …`) is punctuation; so is a URL.
  if (!/[A-Za-z0-9]/.test(bare) || URL_WORD.test(bare)) return false;
  if (CODE_WORD.test(bare) || MADE_BY_CMDLET.test(bare)) return holdsSecretValue(bare, secrets);
  return couldBeSecret(bare) || holdsSecretValue(bare, secrets);
}

/**
 * Prose and plain names (`response`, `Reads`, `days.`, a member `.default`) are no secret; a word with a
 * digit, a symbol or a capital inside, or a long one, may be (`Hunter2!`, `P@ssw0rd`, a key).
 */
export const couldBeSecret = (word: string): boolean => /[^A-Za-z]|^.+[A-Z]/.test(word.replace(/^\.|[.:]+$/g, '')) || word.length >= 16;
