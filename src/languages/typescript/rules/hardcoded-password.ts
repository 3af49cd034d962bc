import type { RuleHit } from '../../../engine/rule';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import { parameterNamesAround, stringValue, unwrap, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { possibleValues } from '../static-value';

export const hardcodedPasswordRule: TypeScriptRule = {
  meta: {
    id: 'ts-hardcoded-password',
    title: 'Password literal in a Microsoft sign-in',
    description:
      'A password written into the code as a string literal is passed to a username/password sign-in to ' +
      'Microsoft cloud. Anyone who can read the repository, its history or a build artefact has the ' +
      'account. Rotate the password now, then remove the sign-in (see the finding on the sign-in itself).',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'secret', 'credential'],
    // Only files where another TypeScript rule finds a sign-in can hold a finding of this one.
    triggers: [],
  },
  check(context) {
    const hits: RuleHit[] = [];
    const reported = new Set<number>();
    const sinks = context.passwordSinks();
    const parameters = sinks.length ? parameterNamesInScope(context, sinks) : new Map<Node, Set<string>>();
    for (const sink of sinks) {
      const name = unwrap(sink).type === 'Identifier' ? (unwrap(sink) as { name: string }).name : undefined;
      const inScope = parameters.get(sink);
      // A function's parameter holds what its caller passed; a same-named variable elsewhere is not it.
      if (name && inScope?.has(name)) continue;
      for (const literal of passwordLiterals(context, sink, inScope)) {
        if (reported.has(literal.range[0])) continue;
        reported.add(literal.range[0]);
        hits.push({
          message:
            'This password literal is passed to a username/password sign-in: it is readable by anyone with the ' +
            'code or its history. Rotate the password, then remove the sign-in.',
          startOffset: literal.range[0],
          endOffset: literal.range[1],
          related: literal === unwrap(sink) ? [] : [{ message: 'the password is used here', startOffset: sink.range[0], endOffset: sink.range[1] }],
        });
      }
    }
    return hits;
  },
};

/** For each sink inside functions, the parameter names of the functions around it. */
function parameterNamesInScope(context: TypeScriptRuleContext, sinks: readonly Node[]): Map<Node, Set<string>> {
  const scopes = new Map<Node, Set<string>>();
  for (const node of sinks) {
    const names = parameterNamesAround(context.program, node);
    if (names.size) scopes.set(node, names);
  }
  return scopes;
}

/**
 * String literals the sink receives, directly or through a variable, also as a fallback
 * (`process.env.PW || 'Summer2024!'`), but no placeholder (`'YOUR_PASSWORD'`): those expose nothing.
 */
function passwordLiterals(context: TypeScriptRuleContext, sink: Node, parameters: ReadonlySet<string> | undefined): Node[] {
  // A fallback's side that names a parameter holds what the caller passed, as the sink itself would.
  const isParameter = (value: Node): boolean => value.type === 'Identifier' && !!parameters?.has(value.name);
  const values = context.facts
    .valuesOf(sink)
    .flatMap(possibleValues)
    .flatMap((value) => (isParameter(value) ? [] : context.facts.valuesOf(value)));
  return values.filter((value) => {
    const text = stringValue(value);
    return text !== undefined && !isPlaceholderSecret(text);
  });
}
