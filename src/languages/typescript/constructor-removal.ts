import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit } from '../../engine/finding';
import type { Node } from './ast';
import type { Unit } from './declaration-reads';

/**
 * What takes out the assignments of the fields that go (`this.pca = new PublicClientApplication(config)`):
 * `whole`, statements to remove; `edits`; `shownBy`, for an assignment that goes with more than its
 * lines, what the finding shows of it. A constructor that did nothing else goes too where it has no
 * parameters, else keeps them with an empty body (`constructor(private readonly tenant: string) {}`).
 */
export function fieldWriteRemovals(text: string, units: readonly Unit[]): { whole: Node[]; edits: TextEdit[]; shownBy: Map<Node, Node> } {
  const writes = units.flatMap((unit) => unit.field?.writes ?? []);
  const result = { whole: [] as Node[], edits: [] as TextEdit[], shownBy: new Map<Node, Node>() };
  const bodies = new Set(units.flatMap((unit) => (unit.field ? [unit.field.body] : [])));
  for (const classBody of bodies) {
    const method = classBody.body.find((member): member is TSESTree.MethodDefinition => isConstructor(member) && !!member.value.body);
    const body = method?.value.body;
    if (!method || !body || !leftEmpty(text, body, writes)) continue;
    // Overloads' signatures are constructors without a body: they go with no implementation.
    const alone = method.value.params.length === 0 && method.decorators.length === 0 && classBody.body.filter(isConstructor).length === 1;
    if (alone) result.whole.push(method);
    else result.edits.push({ startOffset: body.range[0], endOffset: body.range[1], newText: '{}' });
    for (const statement of body.body) result.shownBy.set(statement, alone ? method : body);
  }
  result.whole.push(...writes.filter((write) => !result.shownBy.has(write)));
  return result;
}

function isConstructor(member: TSESTree.ClassElement): member is TSESTree.MethodDefinition {
  return member.type === 'MethodDefinition' && member.kind === 'constructor';
}

/** Whether the block holds nothing but the assignments (no other statement, no comment). */
function leftEmpty(text: string, block: TSESTree.BlockStatement, writes: readonly Node[]): boolean {
  if (block.body.length === 0 || !block.body.every((statement) => writes.includes(statement))) return false;
  let inner = text.slice(block.range[0] + 1, block.range[1] - 1);
  for (const statement of [...block.body].reverse()) {
    const [start, end] = [statement.range[0] - block.range[0] - 1, statement.range[1] - block.range[0] - 1];
    inner = inner.slice(0, start) + inner.slice(end);
  }
  return /^\s*$/.test(inner);
}
