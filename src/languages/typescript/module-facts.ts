import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, unwrap, type Node } from './ast';
import { interopWrapped, keyOf, requiredModule, statementFacts } from './statement-facts';

export { keyOf, requiredModule } from './statement-facts';

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
  readonly enumMembers = new Map<string, Node>();
  private readonly resolvedValues = new Map<string, Node[]>();
  private readonly resolvedImports = new Map<string, ImportedValue | null>();

  constructor(readonly program: TSESTree.Program) {
    for (const statement of program.body) {
      const facts = statementFacts(statement);
      for (const module of facts.modules) this.modules.add(module);
      for (const [local, value] of facts.imports) this.imports.set(local, value);
      for (const [key, values] of facts.assignments) this.assign(key, values);
      for (const name of facts.classes) this.classes.add(name);
      for (const [key, value] of facts.enumMembers) this.enumMembers.set(key, value);
    }
  }

  /** Adds to the module's own list: the statement's stays as it is for the next edit. */
  private assign(key: string, values: readonly Node[]): void {
    let list = this.assignments.get(key);
    if (!list) this.assignments.set(key, (list = []));
    for (const value of values) list.push(value);
  }

  /** The module export an expression denotes, following aliases (`const PCA = msal.PublicClientApplication`). */
  resolveImport(expression: Node, depth = 0): ImportedValue | undefined {
    const node = unwrap(expression);
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    const required = requiredModule(node);
    if (required) return { module: required, name: '*' };
    const wrapped = interopWrapped(node);
    if (wrapped) return this.resolveImport(wrapped, depth + 1);
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
    const member = node.type === 'MemberExpression' ? this.enumMember(node.object, memberName(node)) : undefined;
    if (member) return [member];
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

  /** The literal an enum's member is (`GrantType.Password` of `enum GrantType { Password = "password" }`). */
  enumMember(object: Node, name: string | undefined): Node | undefined {
    const owner = unwrap(object);
    if (owner.type !== 'Identifier' || name === undefined || this.assignments.has(owner.name) || this.imports.has(owner.name)) return undefined;
    return this.enumMembers.get(`${owner.name}.${name}`);
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
}

