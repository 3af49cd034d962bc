import { nameWords } from '../../engine/text';

/**
 * Whether a variable's name says it holds a user's or an account's name (`$username`, `$User`, `$AdminUser`, `$login`,
 * `$svcAccount`, `$upn`), and no word of it a secret (`$userPassword`, `$accountKey`, `$UserPw`, `$loginToken`).
 */
export function namesUserName(name: string): boolean {
  const words = nameWords(name).map((word) => word.replace(/\d+$/, ''));
  return words.some((word) => USER_NAME_WORD.test(word)) && !words.some((word) => SECRET_WORD.test(word));
}

const USER_NAME_WORD = /^(?:user|username|usr|login|logon|loginname|logonname|account|acct|accountname|upn|userprincipalname|samaccountname)$/;

const SECRET_WORD = /pass|pwd|secret|key|token|cred|^(?:pw|pin|sec|secure)$/;
