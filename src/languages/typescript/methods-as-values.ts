import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberName, nodesOfType, parentOf, propertyKeyName, stringValue, TYPE_ASSERTIONS, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';
import { isTestFileByItself } from './test-code';

/** What a bound or copied method is taken through: `.bind(…)`, `.call(…)`, `.apply(…)`. */
const THROUGH = new Set(['bind', 'call', 'apply']);
/** What turns a callback method into one that returns a promise. */
const PROMISIFIERS = new Set(['promisify', 'promisifyAll', 'fromCallback']);

/**
 * Where a method `name` is taken as a value rather than called in place, which a rule reading its calls
 * misses: bound or called through `.bind`/`.call`/`.apply` (`pca.acquireTokenByUsernamePassword.bind(pca)`),
 * handed to `promisify`, held in a variable (`const signIn = ctx.acquireTokenWithUsernamePassword`), or
 * destructured (`const { acquireTokenByUsernamePassword } = app`; not where `destructured` is false: a
 * module's function destructured from `require` is called by its name, which the rule reads). `fromLibrary`
 * tells whether the member's object is the library's (the rules' own provenance test).
 */
export function methodsTakenAsValues(
  context: TypeScriptRuleContext,
  name: string,
  fromLibrary: (member: TSESTree.MemberExpression) => boolean,
  destructured = true,
): Node[] {
  if (!context.text.includes(name)) return [];
  const taken: Node[] = [];
  for (const member of nodesOfType(context.program, 'MemberExpression')) {
    if (memberName(member) !== name || !isTaken(context, member) || !fromLibrary(member)) continue;
    taken.push(member);
  }
  for (const pattern of destructured ? nodesOfType(context.program, 'ObjectPattern') : []) {
    const property = pattern.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === name);
    const from = parentOf(context.program, pattern);
    const object = from?.type === 'VariableDeclarator' ? from.init : from?.type === 'AssignmentExpression' ? from.right : undefined;
    if (property && object && fromLibrary({ type: 'MemberExpression', object, property: property.key } as TSESTree.MemberExpression)) taken.push(property);
  }
  return taken;
}

/** Type-only wrappers, which leave the value as it is: `x as T`, `x!`, `<T>x`, `x satisfies T`. */

/** Places that hold a value for later: a variable, a class field, an export, an array, an object, a returned value. */
const HOLDERS: Partial<Record<Node['type'], (holder: Node, value: Node) => boolean>> = {
  VariableDeclarator: (holder, value) => (holder as TSESTree.VariableDeclarator).init === value,
  AssignmentExpression: (holder, value) => (holder as TSESTree.AssignmentExpression).right === value,
  PropertyDefinition: (holder, value) => (holder as TSESTree.PropertyDefinition).value === value,
  Property: (holder, value) => (holder as TSESTree.Property).value === value,
  ExportDefaultDeclaration: () => true,
  ArrayExpression: () => true,
  ReturnStatement: () => true,
  ArrowFunctionExpression: (holder, value) => (holder as TSESTree.ArrowFunctionExpression).body === value,
};

/** How a taken method is used: called right here through `.call`, `.apply`, `Reflect.apply` or a type assertion, or held for later. */
type Use = { called: string } | { held: true };

/** A type a test gives a method it replaces (`as jest.Mock`, `as sinon.SinonStub`, `as MockedFunction<…>`). */
const MOCK_TYPE = /\b(?:Mock|Mocked|MockedFunction|MockInstance|SinonStub|SinonSpy|Stub|Spy|SpyInstance)\b/;

/**
 * Whether the method is used as a value rather than called in place: anything but `obj.method(…)`,
 * an assignment to it or a test of it (`typeof obj.method`, `if (obj.method)`), which are no sign-ins;
 * nor is a test's handling of it: a cast to a mock's type, a mock's method (`jest.mocked(pca).method`),
 * the class's own method kept to restore it (`original = Client.prototype.method`).
 */
function isTaken(context: TypeScriptRuleContext, member: TSESTree.MemberExpression): boolean {
  return useOf(context, member) !== undefined;
}

function useOf(context: TypeScriptRuleContext, member: TSESTree.MemberExpression): Use | undefined {
  let value: Node = member;
  let parent = parentOf(context.program, value);
  while (parent && TYPE_ASSERTIONS.has(parent.type)) {
    if (parent.type === 'TSAsExpression' && MOCK_TYPE.test(context.text.slice(...parent.typeAnnotation.range))) return undefined;
    [value, parent] = [parent, parentOf(context.program, parent)];
  }
  if (!parent) return undefined;
  if (parent.type === 'MemberExpression' && parent.object === value) {
    const through = memberName(parent) ?? '';
    return THROUGH.has(through) ? (through === 'bind' ? { held: true } : { called: `.${through}(…)` }) : undefined;
  }
  if (parent.type === 'CallExpression') {
    // `(obj.method as Fn)(…)` is a call the rules' readers of `obj.method(…)` do not see.
    if (parent.callee === value) return value !== member ? { called: 'a type assertion' } : undefined;
    if (isReflectApply(parent.callee) && parent.arguments[0] === value) return { called: 'Reflect.apply(…)' };
    return PROMISIFIERS.has(calleeName(parent.callee) ?? '') ? { held: true } : undefined;
  }
  const held = HOLDERS[parent.type]?.(parent, value) ?? false;
  return held && !isTestHandle(member) ? { held: true } : undefined;
}

/** `Client.prototype.method`, kept to restore it after a test; `jest.mocked(client).method`, a mock's. */
function isTestHandle(member: TSESTree.MemberExpression): boolean {
  const object = member.object;
  if (object.type === 'MemberExpression') return memberName(object) === 'prototype';
  return object.type === 'CallExpression' && calleeName(object.callee) === 'mocked';
}

/** What replaces a module's exports in a test: `jest.mock(m)`, `vi.mock`, `jest.doMock`, `jest.unstable_mockModule`, node:test's `mock.module`, testdouble's `td.replace(m)`. */
const MODULE_MOCKERS = new Set(['mock', 'doMock', 'unstable_mockModule', 'setMock', 'module', 'replace', 'replaceEsm']);
/** What replaces an object's method outright: sinon's `stub(obj, m)` and `replace(obj, m, fake)`. */
const METHOD_STUBBERS = new Set(['stub', 'replace']);
/** What watches a method, replacing it only when given a fake: jest's and vitest's `spyOn(obj, m)`, node:test's `mock.method(obj, m, fake)`. */
const METHOD_SPIES = new Set(['spyOn', 'method']);
/** What gives a spy a fake: `.mockResolvedValue(…)`, sinon's `.resolves(…)`, `.callsFake(…)`. */
const FAKES = /^(?:mock(?:Implementation|ResolvedValue|RejectedValue|ReturnValue)(?:Once)?|resolves|rejects|returns|callsFake|throws)$/;

interface TestDoubles {
  modules: Set<string>;
  methods: Set<string>;
}

/**
 * Whether the file is a test that replaces the sign-in: it mocks the module the sign-in comes from
 * (`jest.mock("@azure/msal-node")`, `vi.mock(…)`) or stubs its method (`sinon.stub(PublicClientApplication.prototype,
 * "acquireTokenByUsernamePassword")`, `jest.spyOn(pca, "…").mockResolvedValue(…)`). Its calls test other
 * code, as a test's handles on the method do (see `isTestHandle`): they sign in nowhere.
 */
export function testReplacesSignIn(context: TypeScriptRuleContext, module: string, method?: string): boolean {
  // A mock called in code that is no test's (`if (offline) jest.mock(…)`) does not take the place of the module's sign-in.
  if (!isTestFileByItself(context)) return false;
  const doubles = context.once(testDoublesOf);
  return doubles.modules.has(module) || (method !== undefined && doubles.methods.has(method));
}

function testDoublesOf(context: TypeScriptRuleContext): TestDoubles {
  const doubles: TestDoubles = { modules: new Set(), methods: new Set() };
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    const name = call.callee.type === 'MemberExpression' ? memberName(call.callee) : calleeName(call.callee);
    const [first, second] = call.arguments.map((argument) => stringValue(argument));
    if (call.callee.type === 'MemberExpression' && name && MODULE_MOCKERS.has(name) && first) doubles.modules.add(first);
    if (!first && second && name && (METHOD_STUBBERS.has(name) || (METHOD_SPIES.has(name) && spyGetsFake(context, call)))) doubles.methods.add(second);
  }
  return doubles;
}

/** `spyOn(obj, m).mockResolvedValue(…)`, or a spy held in a variable that is given one later; node:test's fake as the third argument. */
function spyGetsFake(context: TypeScriptRuleContext, spy: TSESTree.CallExpression): boolean {
  if (spy.arguments[2]) return true;
  const parent = parentOf(context.program, spy);
  if (parent?.type === 'MemberExpression' && FAKES.test(memberName(parent) ?? '')) return true;
  const held = parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
  return (
    !!held &&
    nodesOfType(context.program, 'MemberExpression').some((member) => member.object.type === 'Identifier' && member.object.name === held && FAKES.test(memberName(member) ?? ''))
  );
}

function isReflectApply(callee: Node): boolean {
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Reflect' && memberName(callee) === 'apply';
}

/** What a finding of a method taken as a value says after what the method does: why there is no fix. */
export function takenAsValueNote(context: TypeScriptRuleContext, taken: Node): string {
  const use = taken.type === 'MemberExpression' ? useOf(context, taken) : undefined;
  if (use && 'called' in use) {
    return `It is called here through ${use.called}, which the fixes do not rewrite: no fix is offered (written as a direct call, it would get one).`;
  }
  return (
    'It is taken here as a value (bound, promisified, held, handed on or destructured) and called elsewhere, where the file does not show its ' +
    'arguments: no fix is offered; replace the sign-in where the value is called.'
  );
}
