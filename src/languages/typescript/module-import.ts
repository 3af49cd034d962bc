import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit } from '../../engine/finding';
import { requiredModule, type ModuleFacts } from './module-facts';
import { unwrap } from './ast';
import { renderInStyle, type CodeStyle } from './code-style';

export interface ImportPlan {
  /** How the generated code refers to the export. */
  reference: string;
  /** Edits that make the reference valid; empty when the file already imports it. */
  edits: TextEdit[];
}

/** Makes `name` from `module` usable in the file, reusing the file's own import of that module. */
export function planImport(facts: ModuleFacts, text: string, style: CodeStyle, module: string, name: string): ImportPlan {
  for (const [local, imported] of facts.imports) {
    if (imported.module !== module) continue;
    if (imported.name === name) return { reference: local, edits: [] };
  }
  for (const [local, imported] of facts.imports) {
    if (imported.module === module && (imported.name === '*' || imported.name === 'default')) {
      return { reference: `${local}.${name}`, edits: [] };
    }
  }
  const extended = extendExistingImport(facts.program, module, name);
  if (extended) return { reference: name, edits: [extended] };
  return { reference: name, edits: [newImportStatement(facts.program, text, style, module, name)] };
}

function extendExistingImport(program: TSESTree.Program, module: string, name: string): TextEdit | undefined {
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.source.value === module && statement.importKind !== 'type') {
      const named = statement.specifiers.filter((s) => s.type === 'ImportSpecifier');
      const last = named[named.length - 1];
      if (last) return { startOffset: last.range[1], endOffset: last.range[1], newText: `, ${name}` };
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.id.type !== 'ObjectPattern' || !declarator.init) continue;
        if (requiredModule(unwrap(declarator.init)) !== module) continue;
        const last = declarator.id.properties[declarator.id.properties.length - 1];
        if (last && last.type === 'Property') {
          return { startOffset: last.range[1], endOffset: last.range[1], newText: `, ${name}` };
        }
      }
    }
  }
  return undefined;
}

function newImportStatement(program: TSESTree.Program, text: string, style: CodeStyle, module: string, name: string): TextEdit {
  const line =
    style.moduleSystem === 'esm'
      ? renderInStyle(`import { ${name} } from "${module}";`, style)
      : renderInStyle(`const { ${name} } = require("${module}");`, style);
  const anchor = lastImportLike(program, style);
  if (anchor) return { startOffset: anchor.range[1], endOffset: anchor.range[1], newText: `${style.eol}${line}` };
  const top = topInsertionOffset(program, text);
  return top === 0
    ? { startOffset: 0, endOffset: 0, newText: `${line}${style.eol}` }
    : { startOffset: top, endOffset: top, newText: `${style.eol}${line}` };
}

function lastImportLike(program: TSESTree.Program, style: CodeStyle): TSESTree.Node | undefined {
  let last: TSESTree.Node | undefined;
  for (const statement of program.body) {
    const isImport =
      style.moduleSystem === 'esm'
        ? statement.type === 'ImportDeclaration'
        : statement.type === 'VariableDeclaration' &&
          statement.declarations.some((d) => d.init && requiredModule(unwrap(d.init)) !== undefined);
    if (isImport) last = statement;
  }
  return last;
}

/** After a shebang line and leading directives such as "use strict"; 0 when the file has neither. */
function topInsertionOffset(program: TSESTree.Program, text: string): number {
  let offset = text.startsWith('#!') ? text.search(/\r?\n|\r|$/) : 0;
  for (const statement of program.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive) offset = statement.range[1];
    else break;
  }
  return offset;
}
