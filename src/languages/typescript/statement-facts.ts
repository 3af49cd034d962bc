import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, propertyKeyName, stringValue, unwrap, walk, type Node } from './ast';
import { addTo } from './lists-by-key';
import type { ImportedValue } from './module-facts';

/**
 * What one top-level statement says about the module's names, in the order it says it. Recorded
 * once per statement: a statement the incremental parser reused after an edit elsewhere says the
 * same, so the module's facts are put together from the statements' without walking them again.
 */
export function statementFacts(statement: Node): StatementFacts {
  let facts = factsByStatement.get(statement);
  if (!facts) {
    facts = new StatementFacts();
    walk(statement, (node) => facts!.record(node));
    factsByStatement.set(statement, facts);
  }
  return facts;
}

const factsByStatement = new WeakMap<Node, StatementFacts>();

export class StatementFacts {
  readonly imports = new Map<string, ImportedValue>();
  readonly assignments = new Map<string, Node[]>();
  readonly modules = new Set<string>();
  readonly classes = new Set<string>();
  /** `Enum.Member` of each enum (`const enum` too) member written as a constant literal, with that literal. */
  readonly enumMembers = new Map<string, Node>();

  record(node: Node): void {
    switch (node.type) {
      case 'ImportDeclaration':
        return this.recordImport(node);
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          const module = stringValue(node.moduleReference.expression);
          if (module) this.bindImport(node.id.name, module, '*');
        }
        return;
      case 'VariableDeclarator':
        if (node.init) this.recordDeclarator(node.id, unwrap(node.init));
        return;
      case 'AssignmentExpression':
        if (node.operator === '=' || node.operator === '??=' || node.operator === '||=') {
          const key = keyOf(node.left);
          if (key) this.assign(key, node.right);
        }
        return;
      case 'PropertyDefinition':
        if (node.value && node.key.type === 'Identifier') this.assign(`this.${node.key.name}`, node.value);
        return;
      case 'ClassDeclaration':
        if (node.id) this.classes.add(node.id.name);
        return;
      case 'TSEnumDeclaration':
        return this.recordEnum(node);
      case 'CallExpression':
      case 'ImportExpression': {
        const module = requiredModule(node);
        if (module) this.modules.add(module);
        return;
      }
      default:
        return;
    }
  }

  private recordImport(node: TSESTree.ImportDeclaration): void {
    const module = node.source.value;
    this.modules.add(module);
    for (const specifier of node.specifiers) {
      if (specifier.type === 'ImportSpecifier') {
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        this.bindImport(specifier.local.name, module, imported);
      } else {
        this.bindImport(specifier.local.name, module, specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*');
      }
    }
  }

  private recordDeclarator(id: TSESTree.BindingName, init: Node): void {
    const module = requiredModule(init);
    if (module && id.type === 'Identifier') return this.bindImport(id.name, module, '*');
    if (module && id.type === 'ObjectPattern') return this.bindPattern(id, module);
    if (init.type === 'MemberExpression' && id.type === 'Identifier') {
      const owner = requiredModule(unwrap(init.object));
      const name = memberName(init);
      if (owner && name) return this.bindImport(id.name, owner, name);
    }
    if (id.type === 'Identifier') this.assign(id.name, init);
  }

  /**
   * Only literal members: another member's name in an initializer (`B = A`) is the enum's, which the
   * module's names would mistake for a variable; a member with no initializer counts up from the last.
   */
  private recordEnum(node: TSESTree.TSEnumDeclaration): void {
    for (const member of node.members) {
      const name = member.id.type === 'Identifier' ? member.id.name : stringValue(member.id);
      const value = member.initializer && unwrap(member.initializer);
      if (!name || !value) continue;
      if (stringValue(value) !== undefined || (value.type === 'Literal' && typeof value.value === 'number')) this.enumMembers.set(`${node.id.name}.${name}`, value);
    }
  }

  private bindPattern(pattern: TSESTree.ObjectPattern, module: string): void {
    for (const property of pattern.properties) {
      if (property.type !== 'Property') continue;
      const imported = propertyKeyName(property);
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (imported && value.type === 'Identifier') this.bindImport(value.name, module, imported);
    }
  }

  private bindImport(local: string, module: string, name: string): void {
    this.modules.add(module);
    this.imports.set(local, { module, name });
  }

  private assign(key: string, value: Node): void {
    addTo(this.assignments, key, value);
  }
}

/** `x` for a variable, `this.x` for an instance member; undefined for anything else. */
export function keyOf(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
    const name = memberName(node);
    return name ? `this.${name}` : undefined;
  }
  return undefined;
}

/**
 * The helpers compilers and bundlers wrap a `require` in for an `import`: they hand on the module.
 * tsc's `__importDefault(require("m"))` and `tslib_1.__importStar(…)`, esbuild's `__toESM(…)`, Babel's
 * `_interopRequireDefault(…)`, Rollup's `_interopDefaultLegacy(…)`, SWC's `_interop_require_wildcard(…)`.
 */
const INTEROP_HELPER = /^(?:__importDefault|__importStar|__toESM|_+interop_?[A-Za-z_]*)$/;

/** What an interop helper's call wraps (`require("m")`, or a name holding it: Rollup's `_interopDefaultLegacy(axios)`). */
export function interopWrapped(node: Node): Node | undefined {
  if (node.type !== 'CallExpression' || node.arguments.length < 1 || node.arguments[0].type === 'SpreadElement') return undefined;
  const callee = node.callee.type === 'MemberExpression' ? node.callee.property : node.callee;
  return callee.type === 'Identifier' && INTEROP_HELPER.test(callee.name) ? unwrap(node.arguments[0]) : undefined;
}

/** The module named by `require("m")` or `import("m")` (also wrapped in an interop helper), if the node is one. */
export function requiredModule(node: Node): string | undefined {
  if (node.type === 'ImportExpression') return stringValue(node.source);
  const wrapped = interopWrapped(node);
  if (wrapped) return requiredModule(wrapped);
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1
  ) {
    return stringValue(node.arguments[0]);
  }
  return undefined;
}
