import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, propertyKeyName, stringValue, unwrap, walk, type Node } from './ast';

/** A value that comes from a module: `name` is an export, or `*` for the module object itself. */
export interface ImportedValue {
  module: string;
  name: string;
}

const MAX_ALIAS_DEPTH = 5;
const MAX_VALUES = 64;

/**
 * What one file says about its names: which come from which module (ESM, `require`, `import()`,
 * `import x = require()`), and which expressions are assigned to each variable or `this.` member.
 * Scopes are not separated: a name means the same everywhere in the file, which is what legacy
 * integration scripts do in practice.
 */
export class ModuleFacts {
  readonly imports = new Map<string, ImportedValue>();
  readonly assignments = new Map<string, Node[]>();
  readonly modules = new Set<string>();
  readonly classes = new Set<string>();
  private readonly resolvedValues = new Map<string, Node[]>();
  private readonly resolvedImports = new Map<string, ImportedValue | null>();

  constructor(readonly program: TSESTree.Program) {
    walk(program, (node) => this.record(node));
  }

  /** The module export an expression denotes, following aliases (`const PCA = msal.PublicClientApplication`). */
  resolveImport(expression: Node, depth = 0): ImportedValue | undefined {
    const node = unwrap(expression);
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    const required = requiredModule(node);
    if (required) return { module: required, name: '*' };
    if (node.type === 'Identifier') {
      const imported = this.imports.get(node.name);
      if (imported) return imported;
      if (this.resolvedImports.has(node.name)) return this.resolvedImports.get(node.name) ?? undefined;
      this.resolvedImports.set(node.name, null); // a cycle of aliases resolves to nothing
      let resolved: ImportedValue | undefined;
      for (const value of (this.assignments.get(node.name) ?? []).slice(0, MAX_VALUES)) {
        resolved = this.resolveImport(value, depth + 1);
        if (resolved) break;
      }
      this.resolvedImports.set(node.name, resolved ?? null);
      return resolved;
    }
    if (node.type === 'MemberExpression') {
      const owner = this.resolveImport(node.object, depth + 1);
      const name = memberName(node);
      if (owner && name && (owner.name === '*' || owner.name === 'default')) return { module: owner.module, name };
    }
    return undefined;
  }

  /**
   * Every expression the file assigns to a variable or `this.` member (the expression itself if none),
   * at most MAX_VALUES: minified code reassigns one-letter names thousands of times.
   */
  valuesOf(expression: Node): Node[] {
    const node = unwrap(expression);
    const key = keyOf(node);
    if (!key || !this.assignments.has(key)) return [node];
    let values = this.resolvedValues.get(key);
    if (!values) {
      values = [];
      this.collectValues(key, values, new Set());
      this.resolvedValues.set(key, values);
    }
    return values;
  }

  private collectValues(key: string, into: Node[], visiting: Set<string>): void {
    if (visiting.has(key) || visiting.size > MAX_ALIAS_DEPTH) return;
    visiting.add(key);
    for (const value of this.assignments.get(key) ?? []) {
      if (into.length >= MAX_VALUES) break;
      const inner = unwrap(value);
      const innerKey = keyOf(inner);
      if (innerKey && this.assignments.has(innerKey)) this.collectValues(innerKey, into, visiting);
      else into.push(inner);
    }
    visiting.delete(key);
  }

  private record(node: Node): void {
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
    const list = this.assignments.get(key) ?? [];
    list.push(value);
    this.assignments.set(key, list);
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

/** The module named by `require("m")` or `import("m")`, if the node is one. */
export function requiredModule(node: Node): string | undefined {
  if (node.type === 'ImportExpression') return stringValue(node.source);
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
