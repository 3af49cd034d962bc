import Ajv from 'ajv-draft-04';
import { readFileSync } from 'node:fs';

/** SARIF's `uri` values are absolute or relative references. */
function isUri(value: string): boolean {
  return !/\s/.test(value);
}

/** Validates against the OASIS SARIF 2.1.0 schema as shipped by Microsoft's @microsoft/jest-sarif. */
export function sarifErrors(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, formats: { uri: isUri, 'uri-reference': isUri, 'date-time': true } }).compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
