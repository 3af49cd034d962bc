import * as ts from 'typescript';

/** A span of the fixed text that a fix wrote. */
export interface WrittenSpan {
  start: number;
  end: number;
}

/** A name the module's top level declares. */
export interface TopLevelBinding {
  name: string;
  /** `import`, `let`, `const`, `class`: a second declaration of its name fails to load. */
  lexical: boolean;
  /** Declared in what a fix wrote. */
  written: boolean;
}

/**
 * The names the module's top level declares twice, one of them in what a fix wrote, where either is an
 * import, `let`, `const` or class: JavaScript refuses to load such a file ("Identifier … has already been
 * declared"), though TypeScript's parser reports nothing (its checker would). Only what the fix wrote
 * counts: a file that already declares a name twice (a `var` again, a class merged with an interface)
 * is the author's.
 */
export function namesRedeclaredByFix(source: ts.SourceFile, written: readonly WrittenSpan[]): number {
  return namesRedeclared(bindingsOf(source, source.statements, written));
}

/** Of `bindings` (a whole module's), the names declared twice, once in what a fix wrote, where either is lexical. */
export function namesRedeclared(bindings: readonly TopLevelBinding[]): number {
  const byName = new Map<string, TopLevelBinding[]>();
  for (const binding of bindings) byName.set(binding.name, [...(byName.get(binding.name) ?? []), binding]);
  return [...byName.values()].filter((named) => named.length > 1 && named.some((b) => b.lexical) && named.some((b) => b.written)).length;
}

/** The names `statements` (of `source`) declare at the top level; `written`: the spans of `source` a fix wrote. */
export function bindingsOf(source: ts.SourceFile, statements: readonly ts.Statement[], written: readonly WrittenSpan[]): TopLevelBinding[] {
  return statements.flatMap((statement) =>
    topLevelBindings(statement).map(([name, lexical]) => {
      const start = name.getStart(source);
      return { name: name.text, lexical, written: written.some((span) => span.start <= start && name.end <= span.end) };
    }),
  );
}

/** The names a top-level statement binds in the module's scope, each with whether it is lexical; none for types and ambient declarations. */
function topLevelBindings(statement: ts.Statement): [ts.Identifier, boolean][] {
  if (ts.isImportDeclaration(statement)) return importedNames(statement.importClause).map((name) => [name, true]);
  if (ts.isImportEqualsDeclaration(statement)) return [[statement.name, true]];
  if (isAmbient(statement)) return [];
  if (ts.isClassDeclaration(statement)) return statement.name ? [[statement.name, true]] : [];
  if (ts.isFunctionDeclaration(statement)) return statement.name && statement.body ? [[statement.name, false]] : [];
  if (!ts.isVariableStatement(statement)) return [];
  const lexical = (statement.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0;
  return statement.declarationList.declarations.flatMap((declaration) => boundNames(declaration.name).map((name): [ts.Identifier, boolean] => [name, lexical]));
}

function importedNames(clause: ts.ImportClause | undefined): ts.Identifier[] {
  if (!clause || clause.isTypeOnly) return [];
  const bindings = clause.namedBindings;
  const named = !bindings ? [] : ts.isNamespaceImport(bindings) ? [bindings.name] : bindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name);
  return clause.name ? [clause.name, ...named] : named;
}

function boundNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

function isAmbient(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}
