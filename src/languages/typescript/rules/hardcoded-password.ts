import type { RuleHit } from '../../../engine/rule';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, memberName, stringValue, unwrap, type Node } from '../ast';
import { resolvedValuesInScope } from '../name-bindings';
import { argumentsPassed } from '../passed-arguments';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';

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
    for (const sink of context.passwordSinks()) {
      for (const literal of passwordLiterals(context, sink)) {
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

/**
 * String literals the sink receives, directly or through a variable, also as a fallback
 * (`process.env.PW || 'Summer2024!'`), but no placeholder (`'YOUR_PASSWORD'`): those expose nothing.
 * A name is read where it is used: a function's parameter holds its default, and what the file's own
 * calls of the function give it (`signIn('svc@contoso.com', 'Summer2024!')` of a wrapper that passes
 * its `password` on, `new Mailbox(user, 'Summer2024!')` of a class whose constructor does); a variable another function declares with the same name is another variable.
 * A member of a settings object is read in the object literal the file assigns (`CFG.pass` of `const CFG = { pass: '…' }`).
 */
function passwordLiterals(context: TypeScriptRuleContext, sink: Node, depth = 0): Node[] {
  const passedArguments = (parameter: TSESTree.Identifier) => argumentsPassed(context, parameter) ?? [];
  return resolvedValuesInScope(context, sink, { parameterDefaults: true, passedArguments }).flatMap((value) => {
    if (value.type === 'MemberExpression' && depth < MAX_MEMBER_DEPTH) {
      return propertiesRead(context, value).flatMap((property) => passwordLiterals(context, property, depth + 1));
    }
    const text = stringValue(value);
    return text !== undefined && !isPlaceholderSecret(text) ? [value] : [];
  });
}

/** How deep a settings object's member is followed (`config.powerBi.pass`). */
const MAX_MEMBER_DEPTH = 3;

/** `settings.pass`: the values the object literals `settings` holds (`config.account` too) give the member `pass`. */
function propertiesRead(context: TypeScriptRuleContext, member: TSESTree.MemberExpression, depth = 0): Node[] {
  const name = memberName(member);
  if (name === undefined) return [];
  return resolvedValuesInScope(context, member.object).flatMap((object): Node[] => {
    if (object.type === 'MemberExpression' && depth < MAX_MEMBER_DEPTH) {
      return propertiesRead(context, object, depth + 1).flatMap((inner) => propertiesOf(inner, name));
    }
    return propertiesOf(object, name);
  });
}

function propertiesOf(object: Node, name: string): Node[] {
  const property = object.type === 'ObjectExpression' ? findProperty(object, name) : undefined;
  return property ? [property.value] : [];
}
