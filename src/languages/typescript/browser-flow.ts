import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, parentOf, type Node } from './ast';

/** Callbacks that carry on the flow of the code around them: a test's step, a promise's or Cypress chain's next step, `cy.origin`, `within`. */
const CONTINUING_CALLBACKS = new Set(['step', 'then', 'origin', 'within']);

/**
 * The code a call of a browser test or bot is part of: its function, and the function around a callback
 * that carries on its flow (`test.step`, `.then`, `cy.origin`); the module for top-level code. A page
 * object's method is a flow of its own: the class's other methods may go to other pages.
 */
export function flowOf(program: TSESTree.Program, node: Node): Node {
  for (let around = parentOf(program, node); around; around = parentOf(program, around)) {
    if (isFunction(around) && !continuesFlow(program, around)) return around;
  }
  return program;
}

function continuesFlow(program: TSESTree.Program, fn: TSESTree.FunctionLike): boolean {
  const call = parentOf(program, fn);
  return call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && CONTINUING_CALLBACKS.has(memberName(call.callee) ?? '');
}

/**
 * The ways through a flow to one place in it (a typing call): what else in the flow lies on one. Not
 * what is in the other branch of an `if`, a `?:` or a `switch` around both, nor what is in a function
 * of its own that the flow only declares or hands on (a route handler, a helper declared inside).
 */
export class WaysTo {
  /** Each node around the place, up to the flow, with its child on the way down to the place. */
  private readonly around = new Map<Node, Node>();

  constructor(
    private readonly program: TSESTree.Program,
    private readonly flow: Node,
    place: Node,
  ) {
    for (let child = place, parent = parentOf(program, place); parent; child = parent, parent = parentOf(program, parent)) {
      this.around.set(parent, child);
      if (parent === flow) break;
    }
  }

  passThrough(node: Node): boolean {
    for (let child = node, parent = parentOf(this.program, node); parent; child = parent, parent = parentOf(this.program, parent)) {
      const towardsPlace = this.around.get(parent);
      if (towardsPlace) return towardsPlace === child || !inOtherBranches(parent, child, towardsPlace);
      if (parent === this.flow || (isFunction(parent) && !continuesFlow(this.program, parent))) return false;
    }
    return false;
  }
}

/** Whether two children of a node are branches of which one runs: an `if`'s or a `?:`'s two, two cases of a `switch`. */
function inOtherBranches(node: Node, one: Node, other: Node): boolean {
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') return one !== node.test && other !== node.test;
  return node.type === 'SwitchStatement' && one.type === 'SwitchCase' && other.type === 'SwitchCase';
}
