import type { Node, Tree } from 'web-tree-sitter';

export type { Node };

/** Descends through wrapper nodes: a single named child spanning the same text (the grammar nests deeply). */
export function innermost(node: Node): Node {
  let current = node;
  for (;;) {
    const child = current.namedChildCount === 1 ? current.namedChild(0) : null;
    if (!child || child.startIndex !== current.startIndex || child.endIndex !== current.endIndex) return current;
    current = child;
  }
}

/**
 * Nodes of a type in a subtree, found inside the wasm (a JS-side walk is several times slower).
 * Remembered per tree: several rules ask for the same lists. Script-wide lists come from the
 * `ScriptIndex` instead.
 */
export function descendants(root: Node, type: string): readonly Node[] {
  let found = searches.get(root.tree);
  if (!found) searches.set(root.tree, (found = new Map()));
  const key = `${root.id} ${type}`;
  let nodes = found.get(key);
  if (!nodes) found.set(key, (nodes = root.descendantsOfType(type).filter((node): node is Node => node !== null)));
  return nodes;
}

const searches = new WeakMap<Tree, Map<string, Node[]>>();

/** The value of a string literal or bare word, without quotes; undefined when it expands variables. */
export function literalText(node: Node): string | undefined {
  const inner = innermost(node);
  const text = inner.text;
  if (inner.type === 'verbatim_string_characters' || /^'[^']*'$/.test(text)) return text.replace(/^'|'$/g, '');
  if (/^"[^"$`]*"$/.test(text)) return text.slice(1, -1);
  if (/^[\w.:/-]+$/.test(text)) return text;
  return undefined;
}

/**
 * A variable's name as written, without `$`/`@`, braces and a scope prefix (`$script:svcPassword` →
 * `svcPassword`; `$env:X` keeps `env:`, a drive and no scope); undefined when the node is no variable.
 */
export function writtenVariableName(node: Node): string | undefined {
  const match = /^[$@](?:\{([^}]+)\}|([\w:?]+))$/.exec(innermost(node).text);
  return match ? (match[1] ?? match[2]).replace(/^(?:using|script|global|local|private):/i, '') : undefined;
}

/** A variable's name as the script's assignments and uses are matched by it: as written, lower-case (scopes are not told apart). */
export function variableName(node: Node): string | undefined {
  return writtenVariableName(node)?.toLowerCase();
}

/** ERROR nodes and nodes the parser had to invent (MISSING), outermost first. */
export function syntaxErrorNodes(root: Node): Node[] {
  if (!root.hasError) return [];
  const found: Node[] = [];
  // A loop, not recursion: the grammar nests several nodes per bracket, and scripts nest deeply.
  const pending: Node[] = [root];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.type === 'ERROR' || node.isMissing) {
      found.push(node);
      continue;
    }
    const children = node.children.filter((child): child is Node => !!child && (child.hasError || child.isMissing));
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return found;
}

/** The statement `node` is part of: the ancestor (or itself) directly in a statement list. */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'statement_list' && current.parent.type !== 'program') current = current.parent;
  return current;
}

/** `$x = <command>` as a statement of its own: the `$x` node; undefined for any other use of the command. */
export function assignedTo(command: Node): Node | undefined {
  const assignment = enclosingStatement(command).namedChild(0);
  if (assignment?.type !== 'assignment_expression') return undefined;
  if (assignment.childForFieldName('value')?.namedChild(0)?.namedChild(0)?.id !== command.id) return undefined;
  const left = assignment.namedChild(0);
  return left && innermost(left).type === 'variable' ? innermost(left) : undefined;
}

/** The name of the member an invocation (`$x.Contains(…)`, `[T]::new(…)`) calls, lower-case, as written. */
export function invokedMemberName(invocation: Node): string {
  return invocation.namedChildren.find((child) => child?.type === 'member_name')?.text.toLowerCase() ?? '';
}
