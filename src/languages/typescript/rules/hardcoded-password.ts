import type { RuleHit } from '../../../engine/rule';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, memberName, parentOf as astParentOf, propertyKeyName, stringValue, unwrap, type Node } from '../ast';
import { resolvedValuesInScope } from '../name-bindings';
import { scopeBinding } from '../parameter-arguments';
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
 * its `password` on, `new Mailbox(user, 'Summer2024!')` of a class whose constructor does, and what a
 * `cy.origin` callback is given through its `args`); a variable another function declares with the same name is another variable.
 * A member of a settings object is read in the object literal the file assigns (`CFG.pass` of `const CFG = { pass: '…' }`).
 */
function passwordLiterals(context: TypeScriptRuleContext, sink: Node, depth = 0): Node[] {
  return resolvedValuesInScope(context, sink, throughCalls(context)).flatMap((value) => {
    if (value.type === 'MemberExpression' && depth < MAX_MEMBER_DEPTH) {
      return propertiesRead(context, value).flatMap((property) => passwordLiterals(context, property, depth + 1));
    }
    if (value.type === 'Identifier' && depth < MAX_MEMBER_DEPTH) {
      return destructuredValues(context, value).flatMap((property) => passwordLiterals(context, property, depth + 1));
    }
    const text = stringValue(value);
    return text !== undefined && !isPlaceholderSecret(text) ? [value] : [];
  });
}

/** Parameters read as their defaults and as what the file's calls of their function give them. */
function throughCalls(context: TypeScriptRuleContext) {
  return { parameterDefaults: true, passedArguments: (parameter: TSESTree.Identifier) => argumentsPassed(context, parameter) ?? [] };
}

/** How deep a settings object's member is followed (`config.powerBi.pass`). */
const MAX_MEMBER_DEPTH = 3;

/** `settings.pass`: the values the object literals `settings` holds (`config.account` too) give the member `pass`. */
function propertiesRead(context: TypeScriptRuleContext, member: TSESTree.MemberExpression): Node[] {
  const name = memberName(member);
  return name === undefined ? [] : propertiesOfObject(context, member.object, name);
}

/**
 * `const { upn, pw } = account` (or `{ pass: pw = '…' }`): what `pw` holds, as `account.pw` would,
 * and the pattern's default. Only the declaration the name reads at its use counts.
 */
function destructuredValues(context: TypeScriptRuleContext, name: TSESTree.Identifier): Node[] {
  const parentOf = (node: Node): Node | undefined => astParentOf(context.program, node);
  const scope = scopeBinding(name, name.name, parentOf);
  const statements = scope?.type === 'Program' || scope?.type === 'BlockStatement' ? scope.body : [];
  return statements.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') return [];
    return declaration.declarations.flatMap((declarator) => {
      const bound = declarator.id.type === 'ObjectPattern' && declarator.init ? boundProperty(declarator.id, name.name) : undefined;
      return bound && declarator.init ? [...propertiesOfObject(context, declarator.init, bound.key), ...(bound.fallback ? [bound.fallback] : [])] : [];
    });
  });
}

/** The key `{ key: name }` or `{ name }` reads into `name`, and its default (`{ name = '…' }`). */
function boundProperty(pattern: TSESTree.ObjectPattern, name: string): { key: string; fallback?: Node } | undefined {
  for (const property of pattern.properties) {
    if (property.type !== 'Property') continue;
    const target = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    const key = propertyKeyName(property);
    if (key && target.type === 'Identifier' && target.name === name) return { key, fallback: property.value.type === 'AssignmentPattern' ? property.value.right : undefined };
  }
  return undefined;
}

/** The values the object literals an expression holds (`config.account` too) give the member `name`. */
function propertiesOfObject(context: TypeScriptRuleContext, holder: Node, name: string, depth = 0): Node[] {
  return resolvedValuesInScope(context, holder, throughCalls(context)).flatMap((object): Node[] => {
    if (object.type === 'MemberExpression' && depth < MAX_MEMBER_DEPTH) {
      const inner = memberName(object);
      return inner === undefined ? [] : propertiesOfObject(context, object.object, inner, depth + 1).flatMap((value) => propertiesOf(value, name));
    }
    return propertiesOf(object, name);
  });
}

function propertiesOf(object: Node, name: string): Node[] {
  const property = object.type === 'ObjectExpression' ? findProperty(object, name) : undefined;
  return property ? [property.value] : [];
}
