/**
 * Other vendors' PowerShell modules, by the noun prefix their cmdlets share (`Get-OktaAppJwt`, `New-TssSession`):
 * a secret given to them signs in to that vendor's service, not to Microsoft's cloud.
 */
const VENDOR_NOUNS: readonly { vendor: string; noun: RegExp }[] = [
  { vendor: 'Okta', noun: /^okta/ },
  { vendor: 'Delinea Secret Server', noun: /^tss/ },
  { vendor: 'AWS', noun: /^aws/ },
  { vendor: 'ServiceNow', noun: /^servicenow/ },
  { vendor: 'Jira', noun: /^jira/ },
  { vendor: 'GitHub', noun: /^github/ },
];

/** The vendor whose module a command (lower-case name) is, where it is another vendor's than Microsoft. */
export function otherVendorOf(command: string): string | undefined {
  const noun = command.slice(command.indexOf('-') + 1);
  return command.includes('-') ? VENDOR_NOUNS.find(({ noun: prefix }) => prefix.test(noun))?.vendor : undefined;
}
