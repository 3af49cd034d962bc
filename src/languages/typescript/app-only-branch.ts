import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { lineNumberAt } from '../../engine/text';
import { ancestorsOf, calleeName, functionsAround, memberName, methodCalls, nodesOfType, returnedValues, unwrap, walk, type Node } from './ast';
import { resolvedValuesInScope } from './name-bindings';
import { calledFunctions, fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { staticString } from './static-value';

/** Token acquisitions as the app itself, with no user: msal-node's, adal-node's and @azure/identity's. */
const APP_ONLY_METHODS = ['acquireTokenByClientCredential', 'acquireTokenWithClientCredentials', 'acquireTokenWithClientCertificate'];
const APP_ONLY_CREDENTIALS = new Set(['ClientSecretCredential', 'ClientCertificateCredential']);
/** Methods that only normalise a setting's text before it is compared (`mode.toLowerCase() === "masteruser"`). */
const NORMALISING = new Set(['toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim']);
/** Words of a setting, or of the values compared with it, that choose how the code signs in (`authenticationMode`, `"MasterUser"`, `SERVICE_PRINCIPAL`). */
const SIGN_IN_CHOICE = /user|principal|\bspn\b|app.?only|auth|credential|secret|certificate|identity|delegat/i;
const POWER_BI_RESOURCE = /analysis\.(?:windows|usgovcloudapi|chinacloudapi)\.net\/powerbi|api\.powerbi\.com/i;
/** How far a sign-in is followed out through the calls of the file's functions around it. */
const MAX_CALL_DEPTH = 4;

/** The file's app-only sign-in on another branch of the decision that chooses a password sign-in. */
export interface AppOnlyBranch {
  /** The app-only token acquisition. */
  call: Node;
  /** The setting, as the code writes it (`config.authenticationMode`). */
  setting: string;
  /** The value that chooses the app-only branch (`serviceprincipal`), where the code compares with one. */
  value?: string;
  /**
   * Whether the decision chooses how to sign in (a Power BI "master user" or service principal), as
   * its setting's or values' words say, or the app-only branch's Power BI resource; not another one
   * (`switch (process.env.NODE_ENV)`) that happens to sign in as an app on one branch.
   */
  signInChoice: boolean;
}

/**
 * Power BI's embedding samples sign in as a "master user" or as a service principal, as a setting
 * says (`if (config.authenticationMode.toLowerCase() === "masteruser") … else if (… === "serviceprincipal")`):
 * where the password sign-in is on one branch of a decision on a setting and an app-only acquisition
 * on another (directly, or through the file's own functions the branch calls), switching the setting
 * is an alternative to rewriting the sign-in.
 */
export function appOnlyBranchBeside(context: TypeScriptRuleContext, signIn: Node): AppOnlyBranch | undefined {
  const signInPlaces = placesOf(context, signIn);
  const signInBranches = signInPlaces.flatMap((place) => settingBranchesAround(context, place));
  if (signInBranches.length === 0) return undefined;
  for (const { call, branches } of context.once(appOnlyAcquisitions)) {
    const apart = branches.find(
      (branch) => signInBranches.some((own) => exclusive(own, branch)) && !signInPlaces.some((place) => inBranch(place, branch)),
    );
    if (!apart) continue;
    const same = (branch: SettingBranch) => branch.setting === apart.setting;
    const words = [...signInBranches.filter(same), ...branches.filter(same)].map((branch) => branch.words).join(' ');
    const value = branches.find((branch) => same(branch) && branch.is !== undefined)?.is;
    return { call, setting: apart.setting, value, signInChoice: SIGN_IN_CHOICE.test(words) || POWER_BI_RESOURCE.test(resourceText(context, call)) };
  }
  return undefined;
}

/** The file's app-only acquisitions, each with the branches of decisions on a setting that reach it: once per file, for all its sign-ins. */
function appOnlyAcquisitions(context: TypeScriptRuleContext): { call: Node; branches: SettingBranch[] }[] {
  const credentials = nodesOfType(context.program, 'NewExpression').filter((made) => APP_ONLY_CREDENTIALS.has(calleeName(made.callee) ?? ''));
  const calls = [...APP_ONLY_METHODS.flatMap((method) => methodCalls(context.program, method)), ...credentials];
  return calls.map((call) => ({ call, branches: placesOf(context, call).flatMap((place) => settingBranchesAround(context, place)) }));
}

/** The node, and the calls of the file's functions around it (and of theirs): the places a branch may reach it from. */
function placesOf(context: TypeScriptRuleContext, node: Node): Node[] {
  const calls = fileFunctionCalls(context);
  const places = new Set<Node>([node]);
  let outermost = [node];
  for (let depth = 0; depth < MAX_CALL_DEPTH && outermost.length > 0; depth++) {
    outermost = outermost.flatMap((place) => functionsAround(context.program, place).flatMap((fn) => calls.callsOf(fn))).filter((call) => !places.has(call));
    outermost.forEach((call) => places.add(call));
  }
  return [...places];
}

/** The text of an app-only acquisition's arguments, and of what the names in them hold (`{ scopes }`). */
function resourceText(context: TypeScriptRuleContext, call: Node): string {
  const parts = [textOf(context, call)];
  walk(call, (node, ancestors) => {
    if (node.type === 'Identifier' && readsName(node, ancestors[ancestors.length - 1])) parts.push(...resolvedValuesInScope(context, node).map((value) => textOf(context, value)));
  });
  return parts.join(' ');
}

/** Whether an identifier reads a variable: not a property's name (`{ scopes: … }`, `msal.ConfidentialClientApplication`). */
function readsName(name: Node, parent: Node | undefined): boolean {
  if (parent?.type === 'MemberExpression') return parent.object === name || parent.computed;
  if (parent?.type === 'Property') return parent.value === name || parent.computed;
  return true;
}

/** What a side of a test says of the setting's value: that it is one, or is none of some. */
interface ValueKnown {
  is?: string;
  isNot: string[];
}

/** A branch of a decision on a setting: the code it runs, and what it knows of the setting's value. */
interface SettingBranch extends ValueKnown {
  setting: string;
  /** The `if`, `?:` or `switch`. */
  decision: Node;
  /** Where the branch's code is: an `if`'s or `?:`'s side, a `case`, or the statements after an `if` that leaves. */
  range: readonly [number, number];
  /** The decision's text and values, to tell a choice of sign-in from another. */
  words: string;
}

function inBranch(node: Node, branch: SettingBranch): boolean {
  return branch.range[0] <= node.range[0] && node.range[1] <= branch.range[1];
}

/** Whether no one value of the setting runs both branches: two sides of one decision, or two values apart. */
function exclusive(one: SettingBranch, other: SettingBranch): boolean {
  if (one.setting !== other.setting) return false;
  if (one.decision === other.decision) return one.range[0] !== other.range[0];
  const excludes = (a: ValueKnown, b: ValueKnown) => a.is !== undefined && (b.is !== undefined ? !sameValue(a.is, b.is) : b.isNot.some((value) => sameValue(a.is!, value)));
  return excludes(one, other) || excludes(other, one);
}

function sameValue(one: string, other: string): boolean {
  return one.toLowerCase() === other.toLowerCase();
}

function settingBranchesAround(context: TypeScriptRuleContext, node: Node): SettingBranch[] {
  const ancestors = ancestorsOf(context.program, node);
  return ancestors.flatMap((ancestor, i): SettingBranch[] => {
    const child = ancestors[i + 1] ?? node;
    if ((ancestor.type === 'IfStatement' || ancestor.type === 'ConditionalExpression') && child !== ancestor.test) {
      return sideOf(context, ancestor, ancestor.test, child === ancestor.consequent, child.range);
    }
    const choice = ancestors[i - 1];
    const chosenCase = ancestor.type === 'SwitchCase' && child !== ancestor.test && choice?.type === 'SwitchStatement' ? caseBranch(context, choice, ancestor) : [];
    return [...chosenCase, ...afterLeavingIfs(context, ancestor, child)];
  });
}

/** A `case` of a `switch` on a setting: its value, or, for `default`, none of the others'. */
function caseBranch(context: TypeScriptRuleContext, choice: TSESTree.SwitchStatement, chosen: TSESTree.SwitchCase): SettingBranch[] {
  const setting = settingOf(context, choice.discriminant);
  if (!setting) return [];
  const valueOf = (test: Node | null) => (test ? staticString(test, context.facts) : undefined);
  const is = valueOf(chosen.test);
  const isNot = chosen.test ? [] : choice.cases.flatMap((other) => valueOf(other.test) ?? []);
  return [{ setting: setting.text, decision: choice, is, isNot, range: chosen.range, words: `${setting.words} ${textOf(context, chosen.test)} ${is ?? ''}` }];
}

/** The side of an `if` or `?:` its test chooses (`true`) or not, and what that side knows of the setting. */
function sideOf(context: TypeScriptRuleContext, decision: Node, test: Node, whenTrue: boolean, range: readonly [number, number]): SettingBranch[] {
  const comparison = settingTest(context, test);
  if (!comparison) return [];
  const known = whenTrue ? comparison.whenTrue : comparison.whenFalse;
  return [{ setting: comparison.setting, decision, ...known, range, words: `${comparison.words} ${textOf(context, test)}` }];
}

/**
 * `if (mode !== "serviceprincipal") { …; return … }` followed by more statements: those run only when
 * the test fails, as an `else` would.
 */
function afterLeavingIfs(context: TypeScriptRuleContext, block: Node, child: Node): SettingBranch[] {
  const statements: readonly Node[] = block.type === 'SwitchCase' ? block.consequent : block.type === 'BlockStatement' || block.type === 'Program' ? block.body : [];
  const index = statements.indexOf(child);
  return statements
    .slice(0, Math.max(index, 0))
    .flatMap((statement) =>
      statement.type === 'IfStatement' && !statement.alternate && leaves(statement.consequent) ? sideOf(context, statement, statement.test, false, [statement.range[1], block.range[1]]) : [],
    );
}

/** Whether a statement always returns or throws. */
function leaves(statement: Node): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') return statement.body.length > 0 && leaves(statement.body[statement.body.length - 1]);
  return statement.type === 'IfStatement' && !!statement.alternate && leaves(statement.consequent) && leaves(statement.alternate);
}

interface SettingTest {
  setting: string;
  /** What the setting's value is when the test holds, and when it fails. */
  whenTrue: ValueKnown;
  whenFalse: ValueKnown;
  words: string;
}

const NOTHING_KNOWN: ValueKnown = { isNot: [] };

/**
 * `setting === value` (either way round, `==`, `!==` or `!=`, the value a literal or a constant), also
 * negated with `!`, and among the parts of `&&` or `||` (`mode && mode.toLowerCase() === "masteruser"`)
 * where all the comparisons are of one setting.
 */
function settingTest(context: TypeScriptRuleContext, test: Node): SettingTest | undefined {
  const expression = unwrap(test);
  if (expression.type === 'UnaryExpression' && expression.operator === '!') {
    const inner = settingTest(context, expression.argument);
    return inner && { ...inner, whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (expression.type === 'LogicalExpression') return logicalTest(context, expression);
  if (expression.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(expression.operator)) return undefined;
  const compared = comparedValue(context, expression);
  if (!compared) return undefined;
  const [equal, unequal] = [{ is: compared.value, isNot: [] }, { isNot: [compared.value] }];
  const negated = expression.operator.startsWith('!');
  return { setting: compared.setting.text, whenTrue: negated ? unequal : equal, whenFalse: negated ? equal : unequal, words: `${compared.setting.words} ${compared.value}` };
}

/** `a && b` holds only where both do, `a || b` fails only where both do: what is known of the other side is nothing. */
function logicalTest(context: TypeScriptRuleContext, expression: TSESTree.LogicalExpression): SettingTest | undefined {
  const tests = [expression.left, expression.right].flatMap((part) => settingTest(context, part) ?? []);
  if (tests.length === 0 || tests.some((part) => part.setting !== tests[0].setting)) return undefined;
  const both = (side: 'whenTrue' | 'whenFalse'): ValueKnown => ({
    is: tests.find((part) => part[side].is !== undefined)?.[side].is,
    isNot: tests.flatMap((part) => part[side].isNot),
  });
  const and = expression.operator === '&&';
  if (!and && expression.operator !== '||') return undefined;
  return {
    setting: tests[0].setting,
    whenTrue: and ? both('whenTrue') : NOTHING_KNOWN,
    whenFalse: and ? NOTHING_KNOWN : both('whenFalse'),
    words: tests.map((part) => part.words).join(' '),
  };
}

/** The setting and the value a comparison compares it with: the side the file shows a string for is the value. */
function comparedValue(context: TypeScriptRuleContext, comparison: TSESTree.BinaryExpression): { setting: Setting; value: string } | undefined {
  for (const [value, other] of [[comparison.right, comparison.left], [comparison.left, comparison.right]]) {
    const text = staticString(value, context.facts);
    const setting = text === undefined ? undefined : settingOf(context, other);
    if (text !== undefined && setting) return { setting, value: text };
  }
  return undefined;
}

/** A setting as the code writes it, and the words that tell what it chooses. */
interface Setting {
  text: string;
  words: string;
}

/**
 * The setting a compared expression reads, as written, without the normalising calls around it, or
 * read through the file's own function with no arguments (`mode()` returning `config.authenticationMode.toLowerCase()`);
 * undefined for other expressions.
 */
function settingOf(context: TypeScriptRuleContext, expression: Node, depth = 0): Setting | undefined {
  let value = unwrap(expression);
  while (value.type === 'CallExpression' && value.arguments.length === 0 && value.callee.type === 'MemberExpression' && NORMALISING.has(memberName(value.callee) ?? '')) {
    value = unwrap(value.callee.object);
  }
  if (value.type === 'ChainExpression') value = value.expression;
  if (value.type === 'Identifier' || value.type === 'MemberExpression') {
    const text = context.text.slice(value.range[0], value.range[1]);
    return { text, words: text };
  }
  if (value.type !== 'CallExpression' || value.arguments.length > 0 || depth > 2) return undefined;
  return readThrough(context, value, depth);
}

/** `mode()`: the setting the file's function returns, where it returns one; else the call itself. */
function readThrough(context: TypeScriptRuleContext, call: TSESTree.CallExpression, depth: number): Setting {
  const text = textOf(context, call);
  const [fn] = calledFunctions(context, call);
  const returned = fn ? returnedValues(fn).map((value) => settingOf(context, value, depth + 1)) : [];
  const setting = returned.length > 0 && returned.every((one) => one && one.text === returned[0]?.text) ? returned[0] : undefined;
  return setting ? { text: setting.text, words: `${text} ${setting.words}` } : { text, words: text };
}

function textOf(context: TypeScriptRuleContext, node: Node | null | undefined): string {
  return node ? context.text.slice(node.range[0], node.range[1]) : '';
}

/** The sentence a password sign-in's message adds, and why fix-all leaves it. */
export function appOnlyBranchNote(context: TypeScriptRuleContext, branch: AppOnlyBranch, fixed: boolean): string {
  const line = lineNumberAt(context.text, branch.call.range[0]);
  if (!branch.signInChoice) {
    return (
      `The file also signs in as an app, with no user, on another branch of ${branch.setting} (line ${line}).` +
      (fixed ? ` Fix-all leaves this sign-in to you: whether this branch too can sign in as the app, or keeps a user through the Secure Application Model, is a person's choice.` : '')
    );
  }
  const set = `set ${branch.setting} to ${branch.value !== undefined ? `"${branch.value}"` : 'the value that selects the service principal'}`;
  const powerBi = /powerbi|analysis\.windows\.net|masteruser/i.test(context.text) ? " (Microsoft's recommendation for Power BI's app-owns-data embedding)" : '';
  return (
    `The file already signs in as a service principal (line ${line}) when ${branch.setting} chooses it: ${set}${powerBi}, and no user signs in.` +
    (fixed ? ` Fix-all leaves this sign-in to you: whether to switch ${branch.setting} to the service principal or keep a user through the Secure Application Model is a person's choice.` : '')
  );
}

export function appOnlyBranchRelated(branch: AppOnlyBranch): { message: string; startOffset: number; endOffset: number } {
  const message = branch.signInChoice ? 'the service principal sign-in the same setting chooses' : `the app-only sign-in on another branch of ${branch.setting}`;
  return { message, startOffset: branch.call.range[0], endOffset: branch.call.range[1] };
}
