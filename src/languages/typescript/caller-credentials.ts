import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { functionsAround, memberName, nodesOfType, propertyKeyName, unwrap, walk, type Node } from './ast';
import { bindingOf, valuesInScope } from './name-bindings';
import { argumentsPassed, fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { possibleValues } from './static-value';

/**
 * A sign-in's username or password that the code is handed by whoever calls it, rather than one the
 * code keeps for itself: read from an HTTP request (`req.body.password`, `await request.json()`), a
 * sign-in form's, or a parameter of the function around the sign-in. Such code signs its callers in, and
 * a Secure Application Model token, one consented account's, cannot stand in for them: every caller would
 * be signed in as that account.
 */
export interface CallerCredential {
  from: 'request' | 'parameter';
  /** The expression that reads it from the request, or the parameter. */
  node: Node;
}

/** The parts of a request a client fills in, and the calls that read its body. */
const REQUEST_PARTS = new Set(['body', 'query', 'params', 'form', 'fields', 'json', 'formData']);
const MAX_STEPS = 8;

/** Where the first of `credentials` (username, password) that the caller gives comes from; a request before a parameter. */
export function callerCredential(context: TypeScriptRuleContext, credentials: ReadonlyArray<Node | undefined>): CallerCredential | undefined {
  const found = credentials.flatMap((credential) => (credential ? traced(context, credential, 0) : []));
  return found.find((credential) => credential.from === 'request') ?? found[0];
}

function traced(context: TypeScriptRuleContext, expression: Node, steps: number): CallerCredential[] {
  if (steps > MAX_STEPS) return [];
  return possibleValues(expression).flatMap((value) => tracedValue(context, value, steps + 1));
}

function tracedValue(context: TypeScriptRuleContext, node: Node, steps: number): CallerCredential[] {
  switch (node.type) {
    case 'ChainExpression':
      return traced(context, node.expression, steps);
    case 'TemplateLiteral':
      return node.expressions.flatMap((part) => traced(context, part, steps));
    case 'BinaryExpression':
      return node.left.type === 'PrivateIdentifier' ? [] : [...traced(context, node.left, steps), ...traced(context, node.right, steps)];
    case 'MemberExpression':
    case 'CallExpression': {
      const { root, path } = accessPath(node);
      if (path.some((name) => REQUEST_PARTS.has(name))) return [{ from: 'request', node }];
      // What a call makes of its arguments comes from them too (`JSON.parse(event.body)`).
      const passed = node.type === 'CallExpression' ? node.arguments.flatMap((argument) => traced(context, argument, steps)) : [];
      return [...(root && root !== node ? traced(context, root, steps) : []), ...passed];
    }
    case 'Identifier':
      return tracedName(context, node, steps);
    default:
      return [];
  }
}

function tracedName(context: TypeScriptRuleContext, name: TSESTree.Identifier, steps: number): CallerCredential[] {
  const destructured = destructuringOf(context, name);
  if (destructured) {
    if (destructured.path.some((part) => REQUEST_PARTS.has(part))) return [{ from: 'request', node: name }];
    return traced(context, destructured.init, steps);
  }
  const binding = bindingOf(context, name);
  if (binding.kind === 'passed-in') {
    // A loop's or a `catch`'s binding is the code's own, not a caller's.
    if (!binding.fn) return [];
    // A function the file alone calls gets what those calls give it; one called from elsewhere, anything.
    const passed = argumentsPassed(context, name);
    const fromCalls = (passed ?? []).flatMap((value) => traced(context, value, steps));
    const unseenCallers = passed === undefined || fileFunctionCalls(context).mayBeCalledElsewhere(binding.fn);
    return unseenCallers ? [...fromCalls, { from: 'parameter', node: parameterNamed(binding.fn, name.name) ?? name }] : fromCalls;
  }
  return valuesInScope(context, name)
    .filter((value) => value !== name)
    .flatMap((value) => traced(context, value, steps));
}

/** Where the function's parameters bind `name`: the parameter, or the name in a destructured one. */
function parameterNamed(fn: TSESTree.FunctionLike, name: string): Node | undefined {
  let found: Node | undefined;
  for (const parameter of fn.params) {
    walk(parameter, (node) => {
      if (!found && node.type === 'Identifier' && node.name === name) found = node;
    });
  }
  return found;
}

/** `a.b.c` and `a.b().c`: the expression at the root (`a`) and the names read from it in order. */
function accessPath(node: Node): { root?: Node; path: string[] } {
  const path: string[] = [];
  let current: Node = node;
  for (;;) {
    if (current.type === 'MemberExpression') {
      path.unshift(memberName(current) ?? '');
      current = unwrap(current.object);
    } else if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') {
      current = unwrap(current.callee);
    } else if (current.type === 'ChainExpression') {
      current = current.expression;
    } else {
      return { root: current, path };
    }
  }
}

/**
 * `const { username, password } = req.body` (or `{ body: { password } } = req`) seen from a read of
 * `password` inside the function that declares it: the declaration's value and the keys to the name.
 */
function destructuringOf(context: TypeScriptRuleContext, name: TSESTree.Identifier): { init: Node; path: string[] } | undefined {
  const around = functionsAround(context.program, name).at(-1);
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) {
    if (declarator.id.type !== 'ObjectPattern' || !declarator.init || declarator.range[0] > name.range[0]) continue;
    const path = keysTo(declarator.id, name.name);
    if (path && functionsAround(context.program, declarator).at(-1) === around) return { init: declarator.init, path };
  }
  return undefined;
}

function keysTo(pattern: TSESTree.ObjectPattern, name: string): string[] | undefined {
  for (const property of pattern.properties) {
    if (property.type !== 'Property') continue;
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    const key = propertyKeyName(property) ?? '';
    if (value.type === 'Identifier' && value.name === name) return [key];
    if (value.type === 'ObjectPattern') {
      const inner = keysTo(value, name);
      if (inner) return [key, ...inner];
    }
  }
  return undefined;
}

type Related = { message: string; startOffset: number; endOffset: number };

export interface FixesForCaller<F> {
  fixes: F[];
  related: Related[];
  /** The finding's advice, given what it usually advises. */
  advice(usual: string): string;
}

/**
 * A finding's fixes and advice, for credentials the caller gives: none of the fixes where they come
 * from a request (each would let any caller in as one account); where they are a parameter, the fixes
 * stay, but not for a fix-all, since only the callers tell whose password it is.
 */
export function fixesForCaller<F extends { safeForFixAll: boolean }>(credential: CallerCredential | undefined, fixes: F[]): FixesForCaller<F> {
  if (!credential) return { fixes, related: [], advice: (usual) => usual };
  const [startOffset, endOffset] = credential.node.range;
  if (credential.from === 'request') {
    return {
      fixes: [],
      related: [{ message: 'the credentials come from the request here: a fix with one stored token would let any caller in', startOffset, endOffset }],
      advice: () =>
        'The credentials come from the request: this signs in whoever calls it, and no stored token can stand in for them. ' +
        'Sign users in interactively instead (the authorization code flow with PKCE, msal-node acquireTokenByCode) and drop the password form.',
    };
  }
  return {
    fixes: fixes.map((fix) => ({ ...fix, safeForFixAll: false })),
    related: [{ message: "the credentials are the callers' (a parameter)", startOffset, endOffset }],
    advice: (usual) =>
      `${usual} The credentials are the callers' (a parameter): the fix signs every caller in as the consented account, so fix-all leaves it to you; ` +
      "where callers pass a user's own password, sign that user in interactively instead.",
  };
}
