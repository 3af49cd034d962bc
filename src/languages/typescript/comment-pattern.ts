/**
 * A comment as a regular expression's source: a line comment to its line's end, or a block comment (over
 * lines too). Kept apart from comments.ts, which needs the TypeScript compiler: fixes are planned in the
 * engine's bundles, which must not carry it (see `assertLanguagesApart` in scripts/build.mjs).
 */
export const COMMENT_SOURCE = String.raw`(?:\/\/[^\r\n]*|\/\*(?:(?!\*\/)[\s\S])*\*\/)`;
