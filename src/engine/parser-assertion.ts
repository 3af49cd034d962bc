/**
 * TypeScript's parser asserts on some broken code (`for await (const m of x)@( {`: "Debug Failure.
 * False expression." from its `await using` check): a bug of the parser, not of the file's reader.
 */
export function isParserAssertion(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Debug Failure.');
}
