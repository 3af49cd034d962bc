import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, methodCalls, nodesOfType, unwrap, type Node } from '../ast';
import { resolvedValuesInScope } from '../name-bindings';
import type { TypeScriptRuleContext } from '../rule-context';

/**
 * Transports of the file's own that ews-javascript-api is given (`service.XHRApi = t`, the static
 * `ExchangeService.XHRApi = t`, `ConfigurationApi.ConfigureXHR(t)`), made with `new` from a user name
 * and a password, as the NTLM and cookie adapters its README links to are (`new ntlmXHRApi(user,
 * password)`, a class written on httpntlm): such a transport drops the service's credentials and signs
 * in with its own. Not the transports of `libraries` (their sign-ins are read by name), nor one made
 * with fewer than two arguments (`new ProxyXhr(options)`) or whose second is no text (`new ProxyXhr(url, true)`).
 */
export function customTransports(context: TypeScriptRuleContext, libraries: readonly string[]): TSESTree.NewExpression[] {
  const made = installedTransports(context).flatMap((value) => resolvedValuesInScope(context, value));
  return [...new Set(made)].filter((value): value is TSESTree.NewExpression => {
    if (value.type !== 'NewExpression' || value.arguments.length < 2 || value.arguments.slice(0, 2).some((argument) => argument.type === 'SpreadElement')) return false;
    if (!mayBeText(value.arguments[1])) return false;
    const library = context.facts.resolveImport(value.callee)?.module;
    return library === undefined || !libraries.includes(library);
  });
}

/** What the file installs as an XHR API, as written. */
function installedTransports(context: TypeScriptRuleContext): Node[] {
  const assigned = nodesOfType(context.program, 'AssignmentExpression').flatMap((assignment) =>
    assignment.left.type === 'MemberExpression' && memberName(assignment.left) === 'XHRApi' ? [unwrap(assignment.right)] : [],
  );
  const configured = methodCalls(context.program, 'ConfigureXHR').flatMap((call) => (call.arguments[0] && call.arguments[0].type !== 'SpreadElement' ? [unwrap(call.arguments[0])] : []));
  return [...assigned, ...configured];
}

/** Whether an argument may be a password: not an object, array, function, number or boolean written in place. */
function mayBeText(argument: Node): boolean {
  const value = unwrap(argument);
  if (value.type === 'Literal') return typeof value.value === 'string';
  return !['ObjectExpression', 'ArrayExpression', 'ArrowFunctionExpression', 'FunctionExpression'].includes(value.type);
}
