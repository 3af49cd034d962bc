import { memberName, walk, type Node } from '../ast';

/**
 * Where code holds a token request's response: the variable, in the function (or callback) that
 * binds it, and how the parsed JSON is reached from it (`r.data`, `r.body`, `await r.json()`); none
 * when the variable holds the parsed JSON itself.
 */
export interface ResponseBinding {
  scope: Node;
  name: string;
  parsed?: 'json()' | 'data' | 'body';
}

type ParentOf = (node: Node) => Node | undefined;

const MAX_ALIASES = 2;

/**
 * The first place that hands the parsed token response on whole: returns it, passes it to a call
 * (`res.json(r.data)`, `console.log(data)`), or keeps it (`this.token = data`). Reading its fields
 * (`data.access_token`, `const { access_token } = data`) and testing it keep it in the code. After a
 * Secure Application Model fix the response carries the partner's refresh token.
 */
export function wholeResponseHandedOn(binding: ResponseBinding, parentOf: ParentOf, aliases = 0): Node | undefined {
  for (const read of wholeResponseReads(binding, parentOf)) {
    const { node, parent } = outermost(read, parentOf);
    if (!parent || readsFieldsOnly(node, parent)) continue;
    const alias = parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    if (alias === undefined) return parent;
    const handed = aliases < MAX_ALIASES ? wholeResponseHandedOn({ scope: binding.scope, name: alias }, parentOf, aliases + 1) : parent;
    if (handed) return handed;
  }
  return undefined;
}

/** The expressions in the scope that are the parsed response: `data`, `r.data`, `r.json()`. */
function wholeResponseReads({ scope, name, parsed }: ResponseBinding, parentOf: ParentOf): Node[] {
  const reads: Node[] = [];
  walk(scope, (node) => {
    if (node.type !== 'Identifier' || node.name !== name) return;
    const parent = parentOf(node);
    // Not the name's own declaration, nor a property of something else named like it.
    if (parent?.type === 'VariableDeclarator' && parent.id === node) return;
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent?.type === 'Property' && ((parent.key === node && !parent.shorthand) || parentOf(parent)?.type === 'ObjectPattern')) return;
    if (!parsed) reads.push(node);
    else if (parent?.type === 'MemberExpression' && parent.object === node && memberName(parent) === (parsed === 'json()' ? 'json' : parsed)) {
      const call = parentOf(parent);
      if (parsed !== 'json()') reads.push(parent);
      else if (call?.type === 'CallExpression' && call.callee === parent) reads.push(call);
    }
  });
  return reads;
}

/** An expression with the `await`, parentheses-like TypeScript wrappers and `||`/`??` defaults around it, and what holds that. */
function outermost(node: Node, parentOf: ParentOf): { node: Node; parent: Node | undefined } {
  let current = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
    const wraps =
      parent.type === 'AwaitExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'ChainExpression' ||
      (parent.type === 'LogicalExpression' && parent.operator !== '&&');
    if (!wraps) return { node: current, parent };
    current = parent;
  }
  return { node: current, parent: undefined };
}

/** Whether the parent only reads the response's fields or tests it. */
function readsFieldsOnly(node: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node;
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'IfStatement':
    case 'ConditionalExpression':
      return parent.type !== 'ConditionalExpression' || parent.test === node;
    case 'LogicalExpression':
      return parent.operator === '&&' && parent.left === node;
    case 'VariableDeclarator':
      return parent.id.type === 'ObjectPattern' && parent.id.properties.every((property) => property.type === 'Property');
    default:
      return false;
  }
}
