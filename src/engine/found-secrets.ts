import { RULES } from './catalog';
import type { Finding } from './finding';

/** The rules whose findings point at a secret written in the code (`ts-hardcoded-password`, `ps-plaintext-password`). */
const SECRET_RULES = new Set(RULES.filter((rule) => rule.tags.includes('secret')).map((rule) => rule.id));

/** Whether the finding points at a secret written in the code. */
export function isSecretFinding(finding: Finding): boolean {
  return SECRET_RULES.has(finding.ruleId);
}

/** A string literal as written: quoted, or a PowerShell here-string (`@'…'@`). */
const QUOTED = /^@?(['"`])([\s\S]*)\1@?$/;

/**
 * The strings that findings of the secret rules point at, or show as related locations (`the password
 * is assigned to $plain here`): what the analysis knows to be secrets, by data flow the diff's masks do
 * not follow (a fallback `process.env.PW || '…'`, a branch, a wrapper's argument). A diff hides them
 * wherever they appear, whatever else it shows.
 */
export function secretsFound(findings: readonly Finding[], text: string): string[] {
  return findings.flatMap((finding) => {
    if (!isSecretFinding(finding)) return [];
    return [finding.range, ...finding.related.map((related) => related.range)].flatMap((range) => {
      const literal = QUOTED.exec(text.slice(range.startOffset, range.endOffset).trim());
      return literal?.[2] ? [literal[2]] : [];
    });
  });
}
