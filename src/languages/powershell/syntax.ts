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

/** `$x = …`, `$script:x = …` and `[pscredential] $x = …`: the variable's name (see `variableName`). */
export function assignedVariable(left: Node): string | undefined {
  const inner = innermost(left);
  if (inner.type === 'variable') return variableName(inner);
  const last = descendants(left, 'variable').at(-1);
  return last && last.endIndex === left.endIndex && /^\[[^\]]+\]\s*\$/.test(left.text) ? variableName(last) : undefined;
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
  // A bare word the grammar was given as a string (see `grammar-gaps.ts`): `/q`, `/p:'a b'`, `'abc'def`.
  if (inner.type === 'verbatim_string_characters' && !/^'(?:[^']|'')*'$/.test(text)) return withoutSingleQuotes(text);
  if (inner.type === 'verbatim_string_characters' || /^'[^']*'$/.test(text)) return text.replace(/^'|'$/g, '');
  if (/^"[^"$`]*"$/.test(text)) return text.slice(1, -1);
  if (/^[\w.:/-]+$/.test(text)) return text;
  return undefined;
}

/** `text` with its single-quoted parts' quotes taken off: `/p:'it''s'` is `/p:it's`. */
export function withoutSingleQuotes(text: string): string {
  return text.replace(/'((?:[^']|'')*)'/g, (_quoted, inner: string) => inner.replace(/''/g, "'"));
}

/** Whether an expression as written (blanks around it aside) is PowerShell's `$null`, in any casing. */
export function isNullLiteral(text: string): boolean {
  return /^\$null$/i.test(text.trim());
}

/** Through parentheses: `(New-Object …)` is the command. */
export function unwrapped(node: Node): Node {
  const inner = innermost(node);
  const only = inner.type === 'parenthesized_expression' ? inner.namedChild(0) : null;
  return only ? innermost(only) : inner;
}

/**
 * A variable's name as written, without `$`/`@`, braces and a scope prefix (`$script:svcPassword` →
 * `svcPassword`; `$env:X` keeps `env:`, a drive and no scope); undefined when the node is no variable.
 */
export function writtenVariableName(node: Node): string | undefined {
  // `${obj}?` of `${obj}?.Name`: the `?` is the null-conditional operator's (see NULL_CONDITIONAL_AFTER_BRACED_VARIABLE).
  const match = /^[$@](?:\{([^}]+)\}\??|([\w:?]+))$/.exec(innermost(node).text);
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

/** Whether the character at `offset` is in a comment of the tree under `root`. */
export function isInComment(root: Node, offset: number): boolean {
  for (let node: Node | null = root.descendantForIndex(offset, offset + 1); node; node = node.parent) {
    if (node.type === 'comment') return true;
  }
  return false;
}

/**
 * The named sibling before `node`, past comments: a statement's (a comment line above it) or a pipeline
 * element's (`'x' | # why⏎ ConvertTo-SecureString`, where the comment is an element of the pipeline).
 */
export function previousBesideComments(node: Node): Node | null {
  let before = node.previousNamedSibling;
  while (before?.type === 'comment') before = before.previousNamedSibling;
  return before;
}

/** The named sibling after `node`, past comments (see `previousBesideComments`). */
export function nextBesideComments(node: Node): Node | null {
  let after = node.nextNamedSibling;
  while (after?.type === 'comment') after = after.nextNamedSibling;
  return after;
}

/** Whether `node` lies within `container` (either may be any span of the script). */
export function isWithin(node: Pick<Node, 'startIndex' | 'endIndex'>, container: Pick<Node, 'startIndex' | 'endIndex'>): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** An `if` statement's blocks: its own, each `elseif`'s and the `else`'s, in order. */
export function ifBranchBlocks(statement: Node): Node[] {
  return statement.namedChildren.flatMap((child) => {
    if (child?.type === 'statement_block') return [child];
    if (child?.type === 'elseif_clauses') return child.namedChildren.flatMap((clause) => clause?.namedChildren.filter((n) => n?.type === 'statement_block') ?? []);
    if (child?.type === 'else_clause') return child.namedChildren.filter((n) => n?.type === 'statement_block');
    return [];
  }) as Node[];
}

/** Statements whose blocks some runs go through and others do not: branches, loops, `try` and `trap`. */
export const BRANCHES = new Set(['if_statement', 'switch_statement', 'while_statement', 'do_statement', 'for_statement', 'foreach_statement', 'try_statement', 'trap_statement']);

/** Whether no run goes through both: they are in different blocks of one `if` (its own, an `elseif`'s, the `else`'s). */
export function onExclusiveBranches(a: Node, b: Node): boolean {
  for (let at = a.parent; at; at = at.parent) {
    const statement = at.type === 'statement_block' ? branchingOf(at) : undefined;
    if (statement?.type !== 'if_statement' || !isWithin(b, statement) || isWithin(b, at)) continue;
    const block = at;
    return ifBranchBlocks(statement).some((other) => other.id !== block.id && isWithin(b, other));
  }
  return false;
}

/** The `if` or `switch` statement a block is one branch of; undefined for any other block (a loop's, a function's). */
export function branchingOf(block: Node): Node | undefined {
  let holder = block.parent;
  // The grammar may wrap a switch clause's block in an error node (`"a" { … } default { … }` on one line).
  if (holder?.type === 'ERROR') holder = holder.parent;
  if (holder?.type === 'if_statement') return holder;
  if (holder?.type === 'else_clause') return holder.parent ?? undefined;
  if (holder?.type === 'elseif_clause') return holder.parent?.parent ?? undefined;
  for (let at = holder; at?.type === 'switch_clause' || at?.type === 'switch_clauses' || at?.type === 'switch_body'; at = at.parent) {
    if (at.parent?.type === 'switch_statement') return at.parent;
  }
  return undefined;
}

/** The statement `node` is part of: the ancestor (or itself) directly in a statement list. */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'statement_list' && current.parent.type !== 'program') current = current.parent;
  return current;
}

/** `$x = <command>` (or `$x = (<command>)`) as a statement of its own: the `$x` node; undefined for any other use of the command. */
export function assignedTo(command: Node): Node | undefined {
  const assignment = enclosingStatement(command).namedChild(0);
  if (assignment?.type !== 'assignment_expression') return undefined;
  if (firstCommandOf(assignment.childForFieldName('value'))?.id !== command.id) return undefined;
  const left = assignment.namedChild(0);
  return left && innermost(left).type === 'variable' ? innermost(left) : undefined;
}

/** A pipeline's first command, also inside parentheses: `(New-PSSession …)` gives what `New-PSSession …` does. */
function firstCommandOf(pipeline: Node | null | undefined): Node | undefined {
  const first = pipeline?.namedChild(0)?.namedChild(0);
  if (!first) return undefined;
  const inner = innermost(first);
  return inner.type === 'parenthesized_expression' ? firstCommandOf(inner.namedChild(0)) : first;
}

/** The name of the member an invocation (`$x.Contains(…)`, `[T]::new(…)`, `$x.'Add'(…)`) calls, lower-case, without quotes. */
export function invokedMemberName(invocation: Node): string {
  const name = invocation.namedChildren.find((child) => child?.type === 'member_name')?.text.toLowerCase() ?? '';
  return name.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * `$x.Member = …` or `$this.Service.Member = …`: the object, as its text without blanks (a plain
 * variable as `$name`, lower-case and without a scope prefix), and the member set, lower-case.
 */
export function assignedMember(assignment: Node): { object: string; member: string } | undefined {
  const left = assignment.namedChild(0);
  const match = left && /^(\$[\w:]+(?:\s*\.\s*\w+)*)\s*\.\s*(\w+)$/.exec(left.text.trim());
  return match ? { object: objectKey(match[1]), member: match[2].toLowerCase() } : undefined;
}

/** How an assignment sets its target: `=`, `+=` (adds to what it holds), `-=`, …. */
export function assignmentOperator(assignment: Node): string | undefined {
  return assignment.children.find((child) => child?.type === 'assignement_operator')?.text;
}

/** The value an assignment sets: not a comment that ends its line (the grammar makes it the assignment's last child). */
export function assignedValue(assignment: Node): Node {
  return assignment.childForFieldName('value') ?? assignment.lastNamedChild!;
}

/** An object expression as `assignedMember` names it: `$script:Service` and `$service` are one variable. */
export function objectKey(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase().replace(/^\$(?:script|global|local|private):/, '$');
}
