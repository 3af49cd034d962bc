import type { TextEdit } from '../../engine/finding';
import { removeStatements } from './statement-lines';
import { branchingOf, descendants, ifBranchBlocks, isWithin, type Node } from './syntax';

/** What a condition may contain and still do something besides being read: a command, a method call, an assignment, `++`/`--`. */
const ACTING = ['command', 'invokation_expression', 'assignment_expression', 'pre_increment_expression', 'post_increment_expression', 'pre_decrement_expression', 'post_decrement_expression'];

/**
 * Edits that take statements out of a script, with each `if` they leave with nothing in any of its blocks
 * (`if ($Prefix) { Import-PSSession $s -Prefix $Prefix } else { Import-PSSession $s }`): that goes as a
 * whole where its conditions only read values, as no run then does anything there. So does each `try`
 * whose own block they empty: nothing is left to throw, so its `catch` clauses never run; where its
 * `finally` keeps statements, only the `catch` clauses go (see `triesLosingCatches`).
 */
export function statementRemovals(text: string, statements: readonly Node[]): TextEdit[] {
  const removed = statementsRemoved(statements);
  return [...removeStatements(text, removed), ...triesLosingCatches(removed).map((statement) => catchesRemoval(text, statement))];
}

/** The statements `statementRemovals` takes out, in order: those given, or the `if` or `try` they leave empty in their stead. */
export function statementsRemoved(statements: readonly Node[]): Node[] {
  let removed = [...new Map(statements.map((s) => [s.id, s])).values()];
  for (let emptied = emptiedStatements(removed); emptied.length > 0; emptied = emptiedStatements(removed)) {
    removed = [...removed.filter((s) => !emptied.some((e) => isWithin(s, e))), ...emptied];
  }
  return removed.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The `try` statements whose own block the removed statements (see `statementsRemoved`) empty and whose `finally`
 * keeps statements: their `catch` clauses go, the `finally` stays as written, `try { } finally { … }`. It runs as its
 * statements alone would (a `try` opens no scope), but unwrapped over lines they would have to be indented anew,
 * which changes a here-string among them.
 */
export function triesLosingCatches(removed: readonly Node[]): Node[] {
  const isEmptied = emptiedBy(removed);
  return holdersOf(removed).filter(
    (holder) => holder.type === 'try_statement' && isEmptied(ownBlock(holder)) && !!childOf(holder, 'catch_clauses') && !removed.some((s) => isWithin(holder, s)),
  );
}

/** The `catch` clauses of a `try`, up to its `finally`, in place of which the text between its block and them stays. */
function catchesRemoval(text: string, statement: Node): TextEdit {
  const block = ownBlock(statement);
  const catches = childOf(statement, 'catch_clauses')!;
  const final = childOf(statement, 'finally_clause')!;
  return { startOffset: block.endIndex, endOffset: final.startIndex, newText: text.slice(block.endIndex, catches.startIndex) };
}

/**
 * The `if` statements all of whose blocks hold only removed statements (and no comment of their own), with conditions
 * that only read; the `try` statements whose own block and `finally` (if any) do.
 */
function emptiedStatements(removed: readonly Node[]): Node[] {
  const isEmptied = emptiedBy(removed);
  return holdersOf(removed).filter((holder) =>
    holder.type === 'if_statement' ? ifBranchBlocks(holder).every(isEmptied) && onlyReads(holder) : isEmptied(ownBlock(holder)) && finallyBlocks(holder).every(isEmptied),
  );
}

/** The `if` and `try` statements a removed statement stands directly in a block of: a branch of the `if`, the `try`'s own. */
function holdersOf(removed: readonly Node[]): Node[] {
  const holders = new Map<number, Node>();
  for (const statement of removed) {
    const block = statement.parent?.type === 'statement_list' ? statement.parent.parent : undefined;
    if (block?.type !== 'statement_block') continue;
    const holder = block.parent?.type === 'try_statement' ? block.parent : branchingOf(block);
    if (holder?.type === 'if_statement' || holder?.type === 'try_statement') holders.set(holder.id, holder);
  }
  return [...holders.values()];
}

/** Whether a block holds only removed statements, and no comment but theirs. */
function emptiedBy(removed: readonly Node[]): (block: Node) => boolean {
  const ids = new Set(removed.map((s) => s.id));
  return (block) => blockStatements(block).every((s) => ids.has(s.id)) && descendants(block, 'comment').every((c) => removed.some((s) => isWithin(c, s)));
}

function blockStatements(block: Node): Node[] {
  const list = childOf(block, 'statement_list');
  return (list?.namedChildren ?? []).filter((s): s is Node => !!s);
}

/** A `try`'s own block, before its `catch` and `finally` clauses. */
function ownBlock(statement: Node): Node {
  return childOf(statement, 'statement_block')!;
}

function finallyBlocks(statement: Node): Node[] {
  const block = childOf(childOf(statement, 'finally_clause'), 'statement_block');
  return block ? [block] : [];
}

function childOf(node: Node | undefined, type: string): Node | undefined {
  return node?.namedChildren.find((child): child is Node => child?.type === type);
}

/** Whether the `if`'s and its `elseif`s' conditions only read values. */
function onlyReads(statement: Node): boolean {
  const clauses = childOf(statement, 'elseif_clauses')?.namedChildren ?? [];
  const conditions = [statement, ...clauses].flatMap((owner) => owner?.namedChildren.filter((child): child is Node => child?.type === 'pipeline') ?? []);
  return conditions.every((condition) => ACTING.every((type) => descendants(condition, type).length === 0));
}
