import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { LanguageId } from '../../engine/finding';
import { detectIndentUnit, detectLineEnding, formatBlock, type LineEnding } from '../../engine/text';
import { walk } from './ast';

/** How a file writes code, so that generated code reads as if its author wrote it. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
  indentUnit: string;
  eol: LineEnding;
  moduleSystem: 'esm' | 'commonjs';
  typed: boolean;
}

const TERMINATED = new Set(['ExpressionStatement', 'VariableDeclaration', 'ImportDeclaration', 'ReturnStatement']);

/** What one top-level statement says about the file's style. */
interface StyleCounts {
  single: number;
  double: number;
  withSemicolon: number;
  without: number;
  esm: boolean;
  commonjs: boolean;
}

const noCounts = (): StyleCounts => ({ single: 0, double: 0, withSemicolon: 0, without: 0, esm: false, commonjs: false });

/** Adds a statement's counts to the file's (in place: a file has thousands of statements, re-summed on every edit). */
function addTo(total: StyleCounts, counts: StyleCounts): StyleCounts {
  total.single += counts.single;
  total.double += counts.double;
  total.withSemicolon += counts.withSemicolon;
  total.without += counts.without;
  total.esm ||= counts.esm;
  total.commonjs ||= counts.commonjs;
  return total;
}

// Counted once per statement: a statement the incremental parser reused after an edit elsewhere has
// the same text (moved), so its counts stand, and an edit costs the new statements only.
const countsByStatement = new WeakMap<TSESTree.Node, StyleCounts>();

function statementCounts(statement: TSESTree.Node, text: string): StyleCounts {
  let counts = countsByStatement.get(statement);
  if (counts) return counts;
  const tally = noCounts();
  walk(statement, (node) => {
    if (node.type === 'Literal' && typeof node.value === 'string') {
      if (text[node.range[0]] === "'") tally.single++;
      else if (text[node.range[0]] === '"') tally.double++;
    } else if (TERMINATED.has(node.type)) {
      if (text[node.range[1] - 1] === ';') tally.withSemicolon++;
      else tally.without++;
    }
    if (node.type === 'ImportDeclaration' || node.type.startsWith('Export')) tally.esm = true;
    if (node.type === 'Identifier' && (node.name === 'require' || node.name === 'module' || node.name === 'exports')) tally.commonjs = true;
  });
  countsByStatement.set(statement, (counts = tally));
  return counts;
}

export function detectCodeStyle(program: TSESTree.Program, text: string, languageId: LanguageId, path: string): CodeStyle {
  const { single, double, withSemicolon, without, esm, commonjs } = program.body.reduce((total, statement) => addTo(total, statementCounts(statement, text)), noCounts());
  const typed = languageId === 'typescript' || languageId === 'typescriptreact';
  return {
    quote: single > double ? "'" : '"',
    semicolons: withSemicolon >= without,
    indentUnit: detectIndentUnit(text),
    eol: detectLineEnding(text),
    moduleSystem: esm || /\.m[jt]s$/i.test(path) ? 'esm' : commonjs || !typed ? 'commonjs' : 'esm',
    typed,
  };
}

/**
 * Renders a code template to the file's style. Templates are written with double quotes, semicolons
 * and two-space indents, and contain no string with a quote character inside.
 */
export function renderInStyle(template: string, style: CodeStyle, baseIndent = ''): string {
  let code = style.quote === "'" ? template.replace(/"/g, "'") : template;
  if (!style.semicolons) code = code.replace(/;$/gm, '');
  return formatBlock(code, style.indentUnit, baseIndent, style.eol);
}
