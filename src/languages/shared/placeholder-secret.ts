import { nameWords } from '../../engine/text';

/**
 * A "password" that only stands in for one, as samples and templates write it: `xxxx`, `****`, `//////`,
 * `<password>`, `<mot de passe>`, `[your server admin password]`, `YOUR_PASSWORD`, `EnterPasswordHere`, `changeme`,
 * `blah` (the dummy ews-javascript-api wants beside an NTLM transport that carries the real one), a test's `p` or `pw`.
 * Kept narrow: a real password taken for a placeholder goes unreported, so a value counts only when
 * the whole of it asks to be filled in. Weak real passwords (`password`, `111111`, `P@ssw0rd`) are not
 * placeholders.
 */
export function isPlaceholderSecret(value: string): boolean {
  const text = value.trim();
  if (/^(?:x+|[*.#?_/-]*|blah)$/i.test(text) || isTestStandIn(text)) return true;
  if (DEPLOYMENT_TOKEN.test(text) || SLOT_NAME.test(text)) return true;
  const words = nameWords(text).join('_');
  if (/^(?:[<\u2039\u00ab\u3008\u300c\u3010].+[>\u203a\u00bb\u3009\u300d\u3011]|\{\{?.+\}\}?|\[.+\]|%.+%|\$\{.+\})$/s.test(text)) {
    return NAMES_A_SECRET.test(words) || PASSWORD_IN_OTHER_LANGUAGES.test(text) || isBracketedFillIn(text);
  }
  return PLACEHOLDER_WORDS.has(words) || FILL_IN.test(words);
}

/**
 * One or two characters (`p`, `pw`), as tests and samples write a password that only has to be there:
 * no Microsoft cloud account has one that short (Entra ID asks for at least eight characters), and
 * anyone could guess it anyway.
 */
function isTestStandIn(text: string): boolean {
  return [...text].length <= 2;
}

/**
 * A token a deployment replaces with the secret (Octopus `#{Sp.ClientSecret}`, the Replace Tokens task's
 * `#{PASSWORD}#` and `__PASSWORD__`): no secret is written in the file. Its name ends in a letter
 * (`O365Password`, `Smtp2.Password`): `'#{Summer2024}'` or `'__Welcome2024__'` may well be a password.
 */
const DEPLOYMENT_TOKEN = /^(?:#\{[A-Za-z][\w.:\-\[\] ]*[A-Za-z\]]\}#?|__[A-Za-z](?:[\w.]*[A-Za-z])?__)$/;

/**
 * The name of what goes there, in three or more lower-case (or capital) words joined by `-` or `_`
 * (`crm-user-password`, as dynamics-web-api's README writes it; `USER_LOGIN_PASSWORD`): a slot, not a
 * password. Two words (`db_password`, `super_secret`) may well be a weak real one.
 */
const SLOT_NAME = /^(?:[a-z]+(?:[-_][a-z]+)+[-_](?:password|passwd|pwd)|[A-Z]+(?:[-_][A-Z]+)+[-_](?:PASSWORD|PASSWD|PWD))$/;

/**
 * `[ENTERSTRING]`, `<ENTER_VALUE>`, `[Your value here]`: brackets around nothing but letters, blanks and
 * underscores that are capitals (three or more) or ask to be filled in. A digit or a symbol inside
 * (`[Qx8!pa]`), or letters that ask nothing (`[Summer]`), may well be a password.
 */
function isBracketedFillIn(text: string): boolean {
  const inner = BRACKETED_LETTERS.exec(text)?.slice(1).find((group) => group !== undefined);
  if (!inner) return false;
  const letters = inner.replace(/[_ ]/g, '');
  return (letters.length >= 3 && letters === letters.toUpperCase()) || nameWords(inner).some((word) => FILL_IN_WORDS.has(word));
}

const BRACKETED_LETTERS = /^(?:<([A-Za-z_ ]+)>|\[([A-Za-z_ ]+)\]|\{\{?([A-Za-z_ ]+)\}?\})$/;

const FILL_IN_WORDS = new Set(['enter', 'insert', 'your', 'replace', 'change', 'todo', 'tbd', 'value', 'here', 'fill', 'placeholder']);

/** `<PFX private key password>`, `{password}`, `%SVC_PASSWORD%`: brackets around what to put there. */
const NAMES_A_SECRET = /(?:^|_)(?:password|passwd|pwd|pass|secret|key|your)(?:_|$)/;

/**
 * `<mot de passe>`, `<Passwort_hier>`, `‹実行ユーザーのパスワード>`: the word for password in other languages, in brackets.
 * Made from a string: the bundler writes a string's other characters as escapes, a regular expression
 * literal's as they are, and one character past ASCII makes V8 hold the whole bundle's source (4 MB
 * in each TypeScript worker) as UTF-16, twice the memory.
 */
const PASSWORD_IN_OTHER_LANGUAGES = new RegExp(
  'passwort|kennwort|mot[\\s_-]*de[\\s_-]*passe|contrase[ñn]a|senha|wachtwoord|l[öo]senord|salasana|has[łl]o|parola|heslo|jelsz[óo]|пароль|パスワード|密码|密碼|비밀번호|암호',
  'i',
);

const PLACEHOLDER_WORDS = new Set(['changeme', 'change_me', 'redacted', 'placeholder', 'none', 'null', 'undefined', 'nope', 'todo', 'tbd', 'fixme', 'n_a', 'dummy', 'not_set']);

/**
 * `your_password`, `enter_password_here`, `ADD_USER_PASSWORD_HERE`, `password_goes_here`, `Whatever your password`,
 * `yourpassword goes here`: a request to fill in, naming what; `dummypassword`, `FakePassword`,
 * `SamplePwd`: one made up to show the shape.
 */
const FILL_IN =
  /^(?:(?:dummy|fake|sample|example)_?(?:password|passwd|pwd|pass|secret)|(?:whatever_your|(?:enter|insert|type|put|add|fill_in|replace_with)(?:_your)?|your)_(?:[a-z0-9]+_)?(?:password|passwd|pwd|pass|secret|key)(?:_here)?|(?:[a-z0-9]+_)?(?:password|passwd|pwd|pass|secret|key)_(?:goes_)?here|(?:your|enter|insert|type)(?:password|pass|pwd|secret)(?:_goes_here|_here)?)$/;

/**
 * A password that is none, or one made up to be wrong (`''`, `none`, `null`, `invalid`, `dummy`, `fake`, `bogus`): what a
 * probe of an account posts (its error tells whether the account exists), or what a test hands a sign-in it mocks.
 */
export function isDummyPassword(value: string): boolean {
  return /^(?:|none|null|nil|nothing|invalid|wrong|dummy|fake|bogus)$/i.test(value.trim());
}

/**
 * A secret shortened for show, its middle left out (`eyJ0eXAiOiJKV1Qi...4TYtApBFrZ4g`): for tokens and keys, whose
 * characters never run to `...` or `…`. A password may hold them, so this is no test for one.
 */
export function isElidedSecret(value: string): boolean {
  return /\.{3}|\u2026/.test(value) && /[^\s.\u2026]/.test(value);
}
