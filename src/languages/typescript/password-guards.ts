import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleHit } from '../../engine/rule';
import { lineNumberAt } from '../../engine/text';
import { isFunction, memberName, nodesOfType, parentOf, type Node } from './ast';
import { COMMENT_SOURCE } from './comment-pattern';
import { referencesNamed } from './declaration-reads';
import { classOfThis } from './field-reads';
import { bindingOf, sameBinding } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * An `if` that stops the code where the password is missing (`if (!this.user || !this.password) throw …`).
 * A fix that takes the password out of the sign-in and leaves that check leaves code that still demands a
 * password it no longer uses: taking the password out of the deployment, the point of the fix, breaks it.
 */
type Guard = TSESTree.IfStatement;

/** A credential read as a path of members from a name or `this`: `password`, `this.password`, `this.config.password`. */
interface Path {
  root: TSESTree.Identifier | TSESTree.ThisExpression;
  names: string[];
}

export interface SettledGuards<F extends Fix> {
  fixes: F[];
  /** For the message: the check a fix leaves, or ''. */
  note: string;
  related: NonNullable<RuleHit['related']>;
}

/**
 * The fixes, each taking the `!password` (and `!username`) tests out of the checks that require the
 * password, where it takes every other read of them out (the whole `if` where nothing else is left).
 * Where a fix cannot, fix-all leaves it, and the note and a related location name the check it leaves.
 */
export function settleGuards<F extends Fix>(context: TypeScriptRuleContext, fixes: readonly F[], credentials: { username: readonly Node[]; password: readonly Node[] }): SettledGuards<F> {
  const passwords = pathsOf(credentials.password);
  const guards = passwords.length > 0 && fixes.length > 0 ? guardsRequiring(context, passwords) : [];
  if (guards.length === 0) return { fixes: [...fixes], note: '', related: [] };
  const paths = [...passwords, ...pathsOf(credentials.username)];
  const outcomes = fixes.map((fix) => settled(context, fix, guards, paths, passwords));
  const kept = outcomes.find((outcome) => outcome.kept)?.kept;
  const cleared = guards.filter((guard) => guard !== kept && outcomes.some((outcome) => !outcome.kept));
  const by = fixes.length > 1 ? 'the fixes take' : 'the fix takes';
  return {
    fixes: outcomes.map((outcome) => outcome.fix),
    note: kept ? guardNote(context.text, kept) : '',
    related: [
      ...(kept ? [{ message: 'this check still requires the password after the fix', startOffset: kept.test.range[0], endOffset: kept.test.range[1] }] : []),
      ...cleared.map((guard) => ({ message: `${by} the password out of this check, which would still require it`, startOffset: guard.test.range[0], endOffset: guard.test.range[1] })),
    ],
  };
}

function guardNote(text: string, guard: Guard): string {
  return (
    `The check at line ${lineNumberAt(text, guard.range[0])} stops the code where the password is missing, and the fix leaves it: ` +
    'fix-all leaves this sign-in to you. After the fix, take the password out of that check, then out of the deployment.'
  );
}

/** The fix with the guards' credential tests taken out, or, where that cannot be done, unattended with the guard it leaves. */
function settled<F extends Fix>(context: TypeScriptRuleContext, fix: F, guards: readonly Guard[], paths: readonly Path[], passwords: readonly Path[]): { fix: F; kept?: Guard } {
  const gone = paths.filter((path) => readsGone(context, fix, path, guards));
  const edits: TextEdit[] = [];
  for (const guard of guards) {
    const removed = operandsOf(guard.test).filter((operand) => gone.some((path) => negates(context, operand, path)));
    const removal = removed.some((operand) => passwords.some((path) => negates(context, operand, path))) ? testRemoval(context, guard, removed) : undefined;
    if (!removal || fix.edits.some((other) => other.startOffset < guard.range[1] && other.endOffset > guard.range[0])) return { fix: { ...fix, safeForFixAll: false }, kept: guard };
    edits.push(...removal);
  }
  return { fix: { ...fix, edits: [...fix.edits, ...edits] } };
}

function pathsOf(nodes: readonly Node[]): Path[] {
  return nodes.flatMap((node) => {
    const path = pathOf(node);
    return path ? [path] : [];
  });
}

function pathOf(node: Node): Path | undefined {
  const names: string[] = [];
  let current = node;
  while (current.type === 'MemberExpression') {
    const name = nameOf(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = current.object;
  }
  return current.type === 'Identifier' || current.type === 'ThisExpression' ? { root: current, names } : undefined;
}

function nameOf(member: TSESTree.MemberExpression): string | undefined {
  return member.property.type === 'PrivateIdentifier' ? `#${member.property.name}` : memberName(member);
}

/** The `if`s with a `throw` whose `||` chain tests one of the passwords missing (`!password`). */
function guardsRequiring(context: TypeScriptRuleContext, passwords: readonly Path[]): Guard[] {
  return nodesOfType(context.program, 'IfStatement').filter(
    (statement) => stops(statement.consequent) && operandsOf(statement.test).some((operand) => passwords.some((path) => negates(context, operand, path))),
  );
}

function stops(consequent: Node): boolean {
  const statements = consequent.type === 'BlockStatement' ? consequent.body : [consequent];
  return statements.some((statement) => statement.type === 'ThrowStatement');
}

/** The operands of a `||` chain: the test itself where it is none. */
function operandsOf(test: Node): Node[] {
  return test.type === 'LogicalExpression' && test.operator === '||' ? [...operandsOf(test.left), ...operandsOf(test.right)] : [test];
}

/** `!x` of the path's value. */
function negates(context: TypeScriptRuleContext, operand: Node, path: Path): boolean {
  if (operand.type !== 'UnaryExpression' || operand.operator !== '!') return false;
  const tested = pathOf(operand.argument);
  return !!tested && samePath(context, tested, path);
}

function samePath(context: TypeScriptRuleContext, one: Path, other: Path): boolean {
  if (one.names.length !== other.names.length || one.names.some((name, i) => name !== other.names[i])) return false;
  return sameRoot(context, one.root, other.root);
}

function sameRoot(context: TypeScriptRuleContext, one: Path['root'], other: Path['root']): boolean {
  if (one.type === 'ThisExpression' || other.type === 'ThisExpression') return one.type === other.type && thisScope(context, one) === thisScope(context, other);
  return one.name === other.name && sameBinding(bindingOf(context, one), bindingOf(context, other));
}

/** What `this` is the instance of: the class of the method around it, else the function around it. */
function thisScope(context: TypeScriptRuleContext, node: Node): Node {
  const body = classOfThis(context.program, node as TSESTree.ThisExpression);
  if (body) return body;
  let scope = parentOf(context.program, node);
  while (scope && !(isFunction(scope) && scope.type !== 'ArrowFunctionExpression')) scope = parentOf(context.program, scope);
  return scope ?? context.program;
}

/**
 * Whether the fix takes every read of the path out, but the guards' `!path` tests: a read of a part of
 * it (`this.config` passed on whole) may read it too. New code that names it reads it.
 */
function readsGone(context: TypeScriptRuleContext, fix: Fix, path: Path, guards: readonly Guard[]): boolean {
  const removed = fix.edits.filter((edit) => edit.endOffset > edit.startOffset).map((edit): readonly [number, number] => [edit.startOffset, edit.endOffset]);
  const tests = guards.flatMap((guard) => operandsOf(guard.test).filter((operand) => negates(context, operand, path)).map((operand) => operand.range));
  const inside = (node: Node): boolean => [...removed, ...tests].some(([start, end]) => start <= node.range[0] && node.range[1] <= end);
  const name = path.names.at(-1) ?? (path.root as TSESTree.Identifier).name;
  return readsOf(context, path).every(inside) && !fix.edits.some((edit) => namesIn(edit.newText).includes(name));
}

const COMMENTS = new RegExp(COMMENT_SOURCE, 'g');

function namesIn(code: string): string[] {
  return code.replace(COMMENTS, '').match(/[#A-Za-z_$][\w$]*/g) ?? [];
}

/** Where the file reads the path, or a part of it whole, from the same variable or instance. */
function readsOf(context: TypeScriptRuleContext, path: Path): Node[] {
  const root = path.root;
  const roots =
    root.type === 'ThisExpression'
      ? nodesOfType(context.program, 'ThisExpression').filter((node) => thisScope(context, node) === thisScope(context, root))
      : referencesNamed(context, root.name).filter((node): node is TSESTree.Identifier => node.type === 'Identifier' && sameRoot(context, node, root));
  return roots.flatMap((node) => {
    const read = readAlong(context.program, node, path.names);
    return read ? [read] : [];
  });
}

/**
 * From a root along its members: the node that reads the path, or a part of it used whole; undefined
 * where the members turn to another one (`this.clientId`) or the path is only written (`this.password = …`).
 */
function readAlong(program: TSESTree.Program, root: Node, names: readonly string[]): Node | undefined {
  let node = root;
  for (const name of names) {
    const parent = parentOf(program, node);
    if (parent?.type !== 'MemberExpression' || parent.object !== node) break;
    const member = nameOf(parent);
    if (member === undefined) break;
    if (member !== name) return undefined;
    node = parent;
  }
  const parent = parentOf(program, node);
  return parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.left === node ? undefined : node;
}

/**
 * The edits taking the operands out of the guard's `||` chain, each with the `||` beside it, or the whole
 * `if` where none is left; undefined where that cannot be written safely (the chain has parentheses or
 * comments between its operands, the `if` has an `else` or is not a statement of a block). Only
 * deletions: the operands that stay are not rewritten.
 */
function testRemoval(context: TypeScriptRuleContext, guard: Guard, removed: readonly Node[]): TextEdit[] | undefined {
  const operands = operandsOf(guard.test);
  const between = operands.slice(1).map((operand, i) => context.text.slice(operands[i].range[1], operand.range[0]));
  if (between.some((separator) => !/^\s*\|\|\s*$/.test(separator))) return undefined;
  if (removed.length === operands.length) {
    const edit = statementRemoval(context, guard);
    return edit && [edit];
  }
  const edits: TextEdit[] = [];
  for (let i = 0; i < operands.length; i++) {
    if (!removed.includes(operands[i])) continue;
    let j = i;
    while (j + 1 < operands.length && removed.includes(operands[j + 1])) j++;
    // A run after a kept operand goes with the `||` before it; one at the start, with the `||` after it.
    const [start, end] = i > 0 ? [operands[i - 1].range[1], operands[j].range[1]] : [operands[i].range[0], operands[j + 1].range[0]];
    edits.push({ startOffset: start, endOffset: end, newText: '' });
    i = j;
  }
  return edits;
}

/** The lines of an `if` that stands alone on them in a block, with a blank line it would leave at the block's start or doubled. */
function statementRemoval(context: TypeScriptRuleContext, guard: Guard): TextEdit | undefined {
  const parent = parentOf(context.program, guard);
  if (guard.alternate || !parent || !['BlockStatement', 'Program', 'StaticBlock', 'SwitchCase'].includes(parent.type)) return undefined;
  const text = context.text;
  const start = text.lastIndexOf('\n', guard.range[0] - 1) + 1;
  const after = /^[ \t]*(?:\r\n|\n|\r|$)/.exec(text.slice(guard.range[1]));
  if (text.slice(start, guard.range[0]).trim() !== '' || !after) return undefined;
  let end = guard.range[1] + after[0].length;
  const blankNext = /^[ \t]*(?:\r\n|\n|\r)/.exec(text.slice(end));
  const before = text.slice(0, start).replace(/[ \t]*(?:\r\n|\n|\r)$/, '');
  if (blankNext && (/\{[ \t]*$/.test(before) || /(?:\r\n|\n|\r)[ \t]*$/.test(before) || before === '')) end += blankNext[0].length;
  return { startOffset: start, endOffset: end, newText: '' };
}
