import { isCredentialMade } from './credential-sources';
import type { PowerShellRuleContext } from './rule-context';
import { namesScriptVariable } from './script-index';
import { descendants, innermost, variableName, type Node } from './syntax';

const MAX_DEPTH = 6;

/**
 * Where whoever calls the code gives a sign-in its credential, or the user name and password it is
 * made of: the script's own parameters (`param([pscredential] $Credential)`), or the parameters of a
 * function or class method other scripts may call (a function the script alone calls is read at its
 * calls). One stored token would sign every caller in as the one consented account. Undefined where
 * the file shows the credential comes from elsewhere.
 */
export function callersCredential(context: PowerShellRuleContext, value: Node): string | undefined {
  return givenBy(context, value, 0);
}

function givenBy(context: PowerShellRuleContext, value: Node, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = innermost(value);
  // `$cred`, also `$cred.GetNetworkCredential().Password`: the variable it starts with.
  const root = inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
  if (!root) return isCredentialMade(inner) ? firstOf(descendants(inner, 'variable'), (part) => givenBy(context, part, depth + 1)) : undefined;
  const name = variableName(root);
  if (!name || namesScriptVariable(root)) return undefined;
  const assignment = context.values().assignmentSeenBy(root);
  if (assignment && assignment.node.type !== 'script_parameter_default') return givenBy(context, assignment.value, depth + 1);
  const declared = context.index.scopes().functionAround(root.startIndex);
  if (declared?.params.includes(name)) {
    if (!declared.name) return `the parameter ${root.text} of a class method`;
    // A function the script never calls is there for others to call (a file of functions to dot-source).
    const elsewhere = context.functionCalls().mayBeCalledElsewhere(declared) || context.index.callsOf(declared).length === 0;
    if (elsewhere) return `the parameter ${root.text} of ${declared.name}, which other scripts may call`;
    return firstOf(context.functionCalls().argumentsFor(root) ?? [], (argument) => givenBy(context, argument.value, depth + 1));
  }
  return context.index.scriptParameters().includes(name) ? `the script's parameter ${root.text}` : undefined;
}

/** Why fix-all leaves a sign-in with the caller's credential (`callersCredential`) to a person. */
export function callersNote(where: string): string {
  return (
    `the credential comes from the caller, through ${where}: a Secure Application Model token would sign every caller in as the consented account; ` +
    "where callers pass a user's own password, sign that user in interactively instead"
  );
}

function firstOf<T>(items: readonly T[], find: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
