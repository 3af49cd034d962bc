import { parse, TSError, type TSESTree } from '@typescript-eslint/typescript-estree';
import * as ts from 'typescript';
import { namesRedeclaredByFix, type WrittenSpan } from './redeclared-names';
import { lineStartOf } from './own-lines';

export interface SyntaxProblem {
  message: string;
  offset: number;
}

export interface ParsedModule {
  /** Null only when nothing of the file could be parsed. */
  program: TSESTree.Program | null;
  /** Syntax errors; the statements around them were left out of the analysis, unless `asWritten`. */
  problems: SyntaxProblem[];
  /**
   * TypeScript parsed the whole file, and only the ESTree converter's grammar check rejected it
   * (`for (let x: T of …)`, which tsc reports when it compiles): the tree is the file as written, made
   * without that check.
   */
  asWritten?: boolean;
}

const MAX_RECOVERIES = 25;

/**
 * Parses a module; on a syntax error it blanks the error's line, or if that is not enough the
 * statements around it (offsets stay the same), and parses again, so the rest of the file is still
 * analysed.
 */
export function parseModule(text: string, jsx: boolean, options: { asWritten: boolean } = { asWritten: true }): ParsedModule {
  const problems: SyntaxProblem[] = [];
  const attemptsAt = new Map<number, number>();
  let current = text;
  for (let attempt = 0; attempt <= MAX_RECOVERIES; attempt++) {
    try {
      return { program: parse(current, { range: true, jsx, comment: false, tokens: false }), problems };
    } catch (error) {
      if (!(error instanceof TSError)) throw error;
      const offset = error.location.start.offset;
      if (!problems.some((p) => p.offset === offset)) problems.push({ message: error.message, offset });
      if (attempt === 0 && options.asWritten) {
        const program = parsedAsWritten(current, jsx);
        if (program) return { program, problems, asWritten: true };
      }
      const depth = attemptsAt.get(offset) ?? 0;
      attemptsAt.set(offset, depth + 1);
      const blanked = depth === 0 ? blankLineAt(current, offset) : blankStatementAround(current, offset, depth - 1, jsx);
      if (blanked === null) break;
      current = blanked;
    }
  }
  return { program: null, problems };
}

/** The tree of a file TypeScript parses without errors, made without the converter's grammar check; undefined for a file with syntax errors. */
function parsedAsWritten(text: string, jsx: boolean): TSESTree.Program | undefined {
  try {
    return parse(text, { range: true, jsx, comment: false, tokens: false, allowInvalidAST: true });
  } catch (error) {
    if (error instanceof TSError) return undefined;
    throw error;
  }
}

function blankLineAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  const end = text.slice(offset).search(/[\r\n]|$/) + offset;
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/** Replaces the statement `depth` levels out from the innermost one around `offset` with blanks. */
function blankStatementAround(text: string, offset: number, depth: number, jsx: boolean): string | null {
  const kind = jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile('recover.tsx', text, ts.ScriptTarget.Latest, false, kind);
  const chain: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (isStatementLike(node) && node.getStart(source) <= offset && offset <= node.end) chain.unshift(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  if (chain.length === 0 && source.statements.length > 0) chain.push(source.statements[source.statements.length - 1]);
  const statement = chain[Math.min(depth, chain.length - 1)];
  if (!statement) return null;
  const start = statement.getStart(source);
  const blank = text.slice(start, statement.end).replace(/[^\r\n]/g, ' ');
  if (blank === text.slice(start, statement.end)) return null;
  return text.slice(0, start) + blank + text.slice(statement.end);
}

function isStatementLike(node: ts.Node): boolean {
  return ts.isStatement(node) || ts.isClassElement(node) || ts.isFunctionDeclaration(node);
}

/**
 * The syntax errors TypeScript's own parser reports. Cheaper than `parseModule` (no ESTree conversion,
 * no recovery passes): this runs once per fix to check that the fix leaves the file parsing. With the
 * spans a fix `written`, also each name it declares again at the top level (see `namesRedeclaredByFix`).
 */
export function countSyntaxErrors(text: string, jsx: boolean, written?: readonly WrittenSpan[]): number {
  const source = parsedForCheck(text, jsx);
  const errors = parseDiagnosticCount(source);
  return written?.length ? errors + namesRedeclaredByFix(source, written) : errors;
}

/** TypeScript's tree of a text to check, without parent pointers. */
export function parsedForCheck(text: string, jsx: boolean): ts.SourceFile {
  // JSDoc is left unparsed, as in the analysis: its errors are no parse errors, and parsing it made the
  // check of a documented module (msal-common's CacheManager, 50 kB) about 40 % slower.
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return ts.createSourceFile('check.tsx', text, options, false, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

export function parseDiagnosticCount(source: ts.SourceFile): number {
  return (source as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
}
