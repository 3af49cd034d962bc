import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit } from '../../engine/finding';
import { COMMENT_SOURCE } from './comment-pattern';
import { requiredModule, type ModuleFacts } from './module-facts';
import { unwrap } from './ast';
import { renderInStyle, type CodeStyle } from './code-style';

export interface ImportPlan {
  /** How the generated code refers to the export. */
  reference: string;
  /** Edits that make the reference valid; empty when the file already imports it. */
  edits: TextEdit[];
}

/**
 * Makes `name` from `module` usable at the file's top level, where generated helpers go, reusing the
 * file's own import of that module when the file makes it there (not a `require` inside a function),
 * and imports that bring in values: `import type` gives only types, which `new` cannot use.
 */
export function planImport(facts: ModuleFacts, text: string, style: CodeStyle, module: string, name: string): ImportPlan {
  const valueNames = moduleScopeValueNames(facts.program);
  const imports = [...facts.imports].filter(([local, imported]) => imported.module === module && valueNames.has(local));
  for (const [local, imported] of imports) {
    if (imported.name === name) return { reference: local, edits: [] };
  }
  for (const [local, imported] of imports) {
    if (imported.name === '*' || imported.name === 'default') return { reference: `${local}.${name}`, edits: [] };
  }
  const typeOnly = typeOnlyImportOf(facts.program, module, name);
  const asValue = typeOnly && importAsValue(text, typeOnly);
  if (asValue) return { reference: name, edits: asValue };
  // The file's own `name` (another module's, a barrel's re-export, its own class) stays: the import takes a name of its own.
  const local = topLevelNames(facts.program).has(name) ? freeAlias(facts.program, module, name) : name;
  const extended = extendExistingImport(facts.program, text, style, module, name, local);
  if (extended) return { reference: local, edits: [extended] };
  return { reference: local, edits: [newImportStatement(facts.program, text, style, module, name, local)] };
}

/** A name for `name` of `module` that nothing at the file's top level binds: `MsalNodeConfidentialClientApplication`. */
function freeAlias(program: TSESTree.Program, module: string, name: string): string {
  const base = (module.split('/').pop() ?? module).replace(/(?:^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase()).replace(/^[^A-Za-z_$]+/, '');
  const taken = topLevelNames(program);
  for (let n = 1; ; n++) {
    const alias = `${base}${name}${n > 1 ? n : ''}`;
    if (!taken.has(alias)) return alias;
  }
}

/**
 * Every name the program's top level binds, types and type-only imports too, which a new import of the
 * same name would clash with ("Identifier has already been declared").
 */
function topLevelNames(program: TSESTree.Program): Set<string> {
  let names = topLevelNamesByProgram.get(program);
  if (!names) topLevelNamesByProgram.set(program, (names = readTopLevelNames(program)));
  return names;
}

// Asked by each fix that imports a client, and each finding in a module has fixes: read once per tree.
const topLevelNamesByProgram = new WeakMap<TSESTree.Program, Set<string>>();

function readTopLevelNames(program: TSESTree.Program): Set<string> {
  const names = new Set(moduleScopeValueNames(program));
  for (const statement of program.body) {
    const declaration = (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'ImportDeclaration') for (const specifier of declaration.specifiers) names.add(specifier.local.name);
    if (declaration.type === 'TSImportEqualsDeclaration') names.add(declaration.id.name);
    if ('id' in declaration && declaration.id?.type === 'Identifier') names.add(declaration.id.name);
  }
  return names;
}

/**
 * The import declaration `planImport` changes, not only adds to, to bring in `name` as a value: a
 * type-only import of it (`import type { ConfidentialClientApplication }`), which a finding names so
 * that its fix touches only what it shows.
 */
export function importMadeValueBy(facts: ModuleFacts, text: string, style: CodeStyle, module: string, name: string): TSESTree.ImportDeclaration | undefined {
  const changes = planImport(facts, text, style, module, name).edits.some((edit) => edit.endOffset > edit.startOffset);
  return changes ? typeOnlyImportOf(facts.program, module, name)?.declaration : undefined;
}

/** The names the program's own statements declare as values (imports and variables), not those of nested scopes. */
function moduleScopeValueNames(program: TSESTree.Program): Set<string> {
  let names = moduleScopeValueNamesByProgram.get(program);
  if (names) return names;
  names = new Set<string>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'ImportDeclaration' && declaration.importKind !== 'type') {
      for (const specifier of declaration.specifiers) if (!isTypeSpecifier(specifier)) names.add(specifier.local.name);
    }
    if (declaration.type === 'TSImportEqualsDeclaration' && declaration.importKind !== 'type') names.add(declaration.id.name);
    if (declaration.type === 'VariableDeclaration') for (const declarator of declaration.declarations) addBoundNames(declarator.id, names);
  }
  moduleScopeValueNamesByProgram.set(program, names);
  return names;
}

const moduleScopeValueNamesByProgram = new WeakMap<TSESTree.Program, Set<string>>();

function addBoundNames(pattern: TSESTree.Node, names: Set<string>): void {
  if (pattern.type === 'Identifier') names.add(pattern.name);
  if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties) addBoundNames(property.type === 'Property' ? property.value : property.argument, names);
  }
  if (pattern.type === 'AssignmentPattern') addBoundNames(pattern.left, names);
}

const isTypeSpecifier = (specifier: TSESTree.ImportClause): boolean => specifier.type === 'ImportSpecifier' && specifier.importKind === 'type';

/** The `import type { name }` or `import { type name }` of `module` that binds `name` itself, which a new import of it would clash with. */
function typeOnlyImportOf(program: TSESTree.Program, module: string, name: string): { declaration: TSESTree.ImportDeclaration; specifier: TSESTree.ImportSpecifier } | undefined {
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== module) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.local.name !== name) continue;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      if (imported === name && (statement.importKind === 'type' || specifier.importKind === 'type')) return { declaration: statement, specifier };
    }
  }
  return undefined;
}

/**
 * Edits that import a type-only specifier as a value: `import { type A, B }` for `import type { A, B }`
 * (the others stay types, as `isolatedModules` wants them), `import { B }` for `import { type B }`.
 */
function importAsValue(text: string, { declaration, specifier }: NonNullable<ReturnType<typeof typeOnlyImportOf>>): TextEdit[] | undefined {
  if (specifier.importKind === 'type' && declaration.importKind !== 'type') return [{ startOffset: specifier.range[0], endOffset: specifier.imported.range[0], newText: '' }];
  const keyword = /^import\s+(type\s+)/.exec(text.slice(declaration.range[0], declaration.specifiers[0].range[0]));
  if (!keyword) return undefined;
  const start = declaration.range[0] + keyword[0].length - keyword[1].length;
  const others = declaration.specifiers.filter((other) => other !== specifier);
  return [{ startOffset: start, endOffset: start + keyword[1].length, newText: '' }, ...others.map((other) => ({ startOffset: other.range[0], endOffset: other.range[0], newText: 'type ' }))];
}

/** `name`, or `name as local` (`name: local` in a destructured require) where the file's own name is another. */
function specifierText(name: string, local: string, destructured: boolean): string {
  return name === local ? name : `${name}${destructured ? ':' : ' as'} ${local}`;
}

function extendExistingImport(program: TSESTree.Program, text: string, style: CodeStyle, module: string, name: string, local: string): TextEdit | undefined {
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.source.value === module && statement.importKind !== 'type') {
      const named = statement.specifiers.filter((s) => s.type === 'ImportSpecifier');
      if (named.length) return appendToList(text, style, named, specifierText(name, local, false));
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.id.type !== 'ObjectPattern' || !declarator.init) continue;
        if (requiredModule(unwrap(declarator.init)) !== module) continue;
        const properties = declarator.id.properties;
        if (properties.length && properties[properties.length - 1].type === 'Property') {
          return appendToList(text, style, properties, specifierText(name, local, true));
        }
      }
    }
  }
  return undefined;
}

/** `entry` after the list's last item: on a line of its own where that item has one (`{\n  A,\n  B,\n}`). */
function appendToList(text: string, style: CodeStyle, items: readonly TSESTree.Node[], entry: string): TextEdit {
  const last = items[items.length - 1];
  const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.range[0]))![0];
  const ownLine = lineStart + indent.length === last.range[0] && (items.length < 2 || items[items.length - 2].range[1] < lineStart);
  return { startOffset: last.range[1], endOffset: last.range[1], newText: ownLine ? `,${style.eol}${indent}${entry}` : `, ${entry}` };
}

function newImportStatement(program: TSESTree.Program, text: string, style: CodeStyle, module: string, name: string, local: string): TextEdit {
  const line =
    style.moduleSystem === 'esm'
      ? renderInStyle(`import { ${specifierText(name, local, false)} } from "${module}";`, style)
      : renderInStyle(`const { ${specifierText(name, local, true)} } = require("${module}");`, style);
  const anchor = lastImportLike(program, style);
  if (anchor) {
    const offset = afterTrailingComment(text, anchor.range[1]);
    return { startOffset: offset, endOffset: offset, newText: `${style.eol}${line}` };
  }
  return topInsertion(program, text, line, style.eol);
}

/** The end of the line at `offset` when only comments follow there (`require("adal-node"); // ADAL`), so they stay with their statement. */
function afterTrailingComment(text: string, offset: number): number {
  const rest = /^[^\r\n]*/.exec(text.slice(offset))![0];
  return /^(?:\s|\/\*(?:(?!\*\/).)*\*\/)*(?:\/\/.*)?$/.test(rest) ? offset + rest.length : offset;
}

function lastImportLike(program: TSESTree.Program, style: CodeStyle): TSESTree.Node | undefined {
  let last: TSESTree.Node | undefined;
  for (const statement of program.body) {
    const isImport =
      style.moduleSystem === 'esm'
        ? statement.type === 'ImportDeclaration' || (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference')
        : statement.type === 'VariableDeclaration' &&
          statement.declarations.some((d) => d.init && requiredModule(unwrap(d.init)) !== undefined);
    if (isImport) last = statement;
  }
  return last;
}

/**
 * Where a file without imports takes one: after a shebang line and leading directives such as "use
 * strict", else after its header comments (a licence: those a blank line parts from the code), as a
 * paragraph of its own, else at the top.
 */
function topInsertion(program: TSESTree.Program, text: string, line: string, eol: string): TextEdit {
  const start = text.startsWith('#!') ? text.search(/\r?\n|\r|$/) : 0;
  let offset = start;
  for (const statement of program.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive) offset = statement.range[1];
    else break;
  }
  const header = offset === start ? afterHeaderComments(text, start) : undefined;
  if (header !== undefined) return { startOffset: header, endOffset: header, newText: `${line}${eol}${eol}` };
  return offset === 0 ? { startOffset: 0, endOffset: 0, newText: `${line}${eol}` } : { startOffset: offset, endOffset: offset, newText: `${eol}${line}` };
}

/** Blank lines, then whole lines of comments, then a blank line (group 1) or the end, where no code follows them at once. */
const COMMENT_LINES = new RegExp(String.raw`(?:[ \t]*(?:\r\n|\n|\r))*(?:[ \t]*${COMMENT_SOURCE}[ \t]*(?:\r\n|\n|\r))*[ \t]*${COMMENT_SOURCE}[ \t]*(?:\r\n|\n|\r|$)([ \t]*(?:\r\n|\n|\r|$))?`, 'y');

/** The start of the line after the blank line that ends the comments at the file's top; undefined where comments lead straight into code (they are its own). */
function afterHeaderComments(text: string, from: number): number | undefined {
  let end: number | undefined;
  COMMENT_LINES.lastIndex = from;
  for (let block = COMMENT_LINES.exec(text); block?.[1] !== undefined; block = COMMENT_LINES.exec(text)) {
    end = COMMENT_LINES.lastIndex;
    if (end >= text.length) break;
  }
  return end;
}
