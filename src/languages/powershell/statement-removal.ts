import type { TextEdit } from '../../engine/finding';
import { removeStatements } from './statement-lines';
import { branchingOf, descendants, ifBranchBlocks, isWithin, type Node } from './syntax';

/** What a condition may contain and still do something besides being read: a command, a method call, an assignment, `++`/`--`. */
const ACTING = ['command', 'invokation_expression', 'assignment_expression', 'pre_increment_expression', 'post_increment_expression', 'pre_decrement_expression', 'post_decrement_expression'];

/**
 * Edits that take statements out of a script, with each `if` they leave with nothing in any of its blocks
 * (`if ($Prefix) { Import-PSSession $s -Prefix $Prefix } else { Import-PSSession $s }`): that goes as a
 * whole where its conditions only read values, as no run then does anything there.
 */
export function statementRemovals(text: string, statements: readonly Node[]): TextEdit[] {
  return removeStatements(text, statementsRemoved(statements));
}

/** The statements `statementRemovals` takes out, in order: those given, or the `if` they leave empty in their stead. */
export function statementsRemoved(statements: readonly Node[]): Node[] {
  let removed = [...new Map(statements.map((s) => [s.id, s])).values()];
  for (let emptied = emptiedIfs(removed); emptied.length > 0; emptied = emptiedIfs(removed)) {
    removed = [...removed.filter((s) => !emptied.some((e) => isWithin(s, e))), ...emptied];
  }
  return removed.sort((a, b) => a.startIndex - b.startIndex);
}

/** The `if` statements all of whose blocks hold only removed statements (and no comment of their own), with conditions that only read. */
function emptiedIfs(removed: readonly Node[]): Node[] {
  const ids = new Set(removed.map((s) => s.id));
  const candidates = new Map<number, Node>();
  for (const statement of removed) {
    const block = statement.parent?.type === 'statement_list' ? statement.parent.parent : undefined;
    const branching = block?.type === 'statement_block' ? branchingOf(block) : undefined;
    if (branching?.type === 'if_statement') candidates.set(branching.id, branching);
  }
  const emptied = (block: Node) => blockStatements(block).every((s) => ids.has(s.id)) && descendants(block, 'comment').every((c) => removed.some((s) => isWithin(c, s)));
  return [...candidates.values()].filter((statement) => ifBranchBlocks(statement).every(emptied) && onlyReads(statement));
}

function blockStatements(block: Node): Node[] {
  const list = block.namedChildren.find((child) => child?.type === 'statement_list');
  return (list?.namedChildren ?? []).filter((s): s is Node => !!s);
}

/** Whether the `if`'s and its `elseif`s' conditions only read values. */
function onlyReads(statement: Node): boolean {
  const clauses = statement.namedChildren.find((child) => child?.type === 'elseif_clauses')?.namedChildren ?? [];
  const conditions = [statement, ...clauses].flatMap((owner) => owner?.namedChildren.filter((child): child is Node => child?.type === 'pipeline') ?? []);
  return conditions.every((condition) => ACTING.every((type) => descendants(condition, type).length === 0));
}
