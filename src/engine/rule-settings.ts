import type { Finding, Severity } from './finding';

/** A project's choice for one rule: off, or the severity its findings get. */
export type RuleSetting = 'off' | Severity;

/** Rule id → setting; rules not named keep their default severity. */
export type RuleSettings = Record<string, RuleSetting>;

export function applyRuleSettings(findings: Finding[], settings: RuleSettings | undefined): Finding[] {
  if (!settings) return findings;
  return findings
    .filter((finding) => settings[finding.ruleId] !== 'off')
    .map((finding) => {
      const setting = settings[finding.ruleId];
      return setting && setting !== 'off' ? { ...finding, severity: setting } : finding;
    });
}
