import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { EmbeddedScript } from '../../engine/embedded-scripts';
import type { LanguageId, TextEdit } from '../../engine/finding';
import type { FixSettings } from '../../engine/fix-settings';
import type { RuleHit, RuleMeta } from '../../engine/rule';
import { detectCodeStyle, renderInStyle, type CodeStyle } from './code-style';
import type { Node } from './ast';
import type { ModuleFacts } from './module-facts';

export interface TypeScriptRuleContext {
  path: string;
  text: string;
  languageId: LanguageId;
  settings: FixSettings;
  program: TSESTree.Program;
  facts: ModuleFacts;
  /** The file's code style; computed on first use, since only fixes need it. */
  style(): CodeStyle;
  /** Every rule's password sinks in this file (see `TypeScriptRule.passwordSinks`). */
  passwordSinks(): Node[];
  /** Computes once per file what a rule's `check` and `passwordSinks` both need. */
  once<T>(compute: (context: TypeScriptRuleContext) => T): T;
}

export interface TypeScriptRule {
  meta: RuleMeta;
  /** What the rule finds in the module; a rule may find only through the scripts it embeds. */
  check?(context: TypeScriptRuleContext): RuleHit[];
  /**
   * Strings of the module that hold a script of another language (PowerShell the code runs), for the
   * engine to analyse as that language: their findings are this rule's, at the string.
   */
  embeddedScripts?(context: TypeScriptRuleContext): Omit<EmbeddedScript, 'meta'>[];
  /**
   * The expressions that carry a password into the sign-ins this rule finds (a request's `password`
   * property, a credential's password argument). `ts-hardcoded-password` reports those that are
   * string literals, directly or through a variable.
   */
  passwordSinks?(context: TypeScriptRuleContext): Node[];
}

export function createRuleContext(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings,
  program: TSESTree.Program,
  facts: ModuleFacts,
  rules: readonly TypeScriptRule[],
): TypeScriptRuleContext {
  let style: CodeStyle | undefined;
  const computed = new Map<unknown, unknown>();
  const context: TypeScriptRuleContext = {
    path,
    text,
    languageId,
    settings,
    program,
    facts,
    style: () => (style ??= detectCodeStyle(program, text, languageId, path)),
    passwordSinks: () => rules.flatMap((rule) => rule.passwordSinks?.(context) ?? []),
    once: <T>(compute: (context: TypeScriptRuleContext) => T): T => {
      if (!computed.has(compute)) computed.set(compute, compute(context));
      return computed.get(compute) as T;
    },
  };
  return context;
}

/** Whether the module declares `name` at its top level, exported or not, as a function, class or variable. */
function declaresTopLevel(program: TSESTree.Program, name: string): boolean {
  let names = topLevelNames.get(program);
  if (!names) topLevelNames.set(program, (names = declaredTopLevel(program)));
  return names.has(name);
}

// Every fix of a file asks: the module's thousands of statements are read once per version of it, and
// a statement the incremental parser reused after an edit keeps its names.
const topLevelNames = new WeakMap<TSESTree.Program, Set<string>>();
const namesByStatement = new WeakMap<TSESTree.ProgramStatement, readonly string[]>();

function declaredTopLevel(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    let declared = namesByStatement.get(statement);
    if (!declared) namesByStatement.set(statement, (declared = namesDeclaredBy(statement)));
    for (const name of declared) names.add(name);
  }
  return names;
}

const NONE: readonly string[] = [];

function namesDeclaredBy(statement: TSESTree.ProgramStatement): readonly string[] {
  const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
  if (!declaration) return NONE;
  if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) return [declaration.id.name];
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  return NONE;
}

/** Appends a top-level helper function once per file; nothing when the file already declares it. */
export function planHelperFunction(context: TypeScriptRuleContext, name: string, template: string): TextEdit[] {
  if (declaresTopLevel(context.program, name)) return [];
  const style = context.style();
  const end = context.text.length;
  const endsWithBreak = /(\r\n|\n|\r)$/.test(context.text);
  const lead = endsWithBreak ? style.eol : `${style.eol}${style.eol}`;
  return [{ startOffset: end, endOffset: end, newText: `${lead}${renderInStyle(template, style)}${style.eol}` }];
}
