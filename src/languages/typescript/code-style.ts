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

export function detectCodeStyle(program: TSESTree.Program, text: string, languageId: LanguageId, path: string): CodeStyle {
  let single = 0;
  let double = 0;
  let withSemicolon = 0;
  let without = 0;
  let esm = false;
  let commonjs = false;
  walk(program, (node) => {
    if (node.type === 'Literal' && typeof node.value === 'string') {
      if (text[node.range[0]] === "'") single++;
      else if (text[node.range[0]] === '"') double++;
    } else if (TERMINATED.has(node.type)) {
      if (text[node.range[1] - 1] === ';') withSemicolon++;
      else without++;
    }
    if (node.type === 'ImportDeclaration' || node.type.startsWith('Export')) esm = true;
    if (node.type === 'Identifier' && (node.name === 'require' || node.name === 'module' || node.name === 'exports')) commonjs = true;
  });
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
