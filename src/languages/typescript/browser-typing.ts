import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findProperty, memberName, nodesOf, unwrap, type Node } from './ast';
import { flowOf } from './browser-flow';
import { getterReturns } from './class-getters';
import { computedStrings } from './computed-strings';
import { followedValuesOf } from './followed-values';
import { valuesInScope } from './name-bindings';
import { objectLiteralInScope } from './object-values';
import { fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { possibleValues, stringShape } from './static-value';

/** Methods that type text into a field: Playwright, Puppeteer, Cypress, WebdriverIO, TestCafe, selenium-webdriver. */
const TYPING_METHODS = new Set(['fill', 'type', 'pressSequentially', 'setValue', 'addValue', 'typeText', 'sendKeys']);
/** Of those, the ones that are given the field first where they are a page's (`page.fill(selector, value)`, `t.typeText(selector, value)`). */
const FIELD_FIRST_METHODS = new Set(['fill', 'type', 'setValue', 'addValue', 'typeText']);
/**
 * What puts the keyboard's focus on a field, for a `keyboard.type` that follows; and waiting for a
 * field, which Microsoft's page focuses itself as it shows it.
 */
const FOCUSING_METHODS = new Set(['focus', 'click', 'tap', 'dblclick', 'waitForSelector']);
/** The modules that drive a browser: Playwright, Puppeteer, Cypress, WebdriverIO, TestCafe, selenium-webdriver, Protractor, Nightwatch. */
const BROWSER_MODULE =
  /^(?:@playwright\/test|playwright(?:-core|-chromium|-firefox|-webkit)?|puppeteer(?:-core|-extra)?|cypress|webdriverio|@wdio\/[\w-]+|testcafe|selenium-webdriver(?:\/[\w/]+)?|protractor|nightwatch)$/;
/**
 * The names browser automation goes by without an import: Cypress's `cy`, WebdriverIO's `browser`,
 * `driver`, `$` and `$$`, Protractor's `element`, TestCafe's test controller `t`, and a test's or
 * page object's `page` and `frame`.
 */
const BROWSER_NAMES = new Set(['cy', 'browser', 'driver', '$', '$$', 'element', 't', 'page', 'frame']);
/** A password field of any page: `input[type=password]`, `#password`, `getByLabel('Password')`, `By.name('pwd')`. */
export const PASSWORD_FIELD = /pass(?:word|wd)|\bpwd\b|\bi0118\b/i;

const MAX_DEPTH = 6;

/** Text a browser types into a field: the field as its selectors read, what locates it as written, and the value. */
export interface Typing {
  field: string;
  locator: Node;
  value: Node;
}

/**
 * What a browser-automation call types and where: `page.fill(selector, value)` (a page's method, given
 * the field first), `locator.fill(value)` / `cy.get(selector).type(value)` / `$(selector).setValue(value)` /
 * `element.sendKeys(value)` (an element's), `page.keyboard.type(value)` (the field focused, clicked or
 * waited for last before it). Not a form's `setValue` in the app's own code.
 */
export function typingOf(context: TypeScriptRuleContext, call: TSESTree.CallExpression): Typing | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = memberName(call.callee);
  if (!method || !TYPING_METHODS.has(method)) return undefined;
  const [first, second] = call.arguments;
  if (!first || first.type === 'SpreadElement') return undefined;
  const receiver = unwrap(call.callee.object);
  if (!context.once(importsBrowserAutomation) && !drivenByName(context, receiver)) return undefined;
  if (receiver.type === 'MemberExpression' && memberName(receiver) === 'keyboard') {
    const focused = focusedField(context, call);
    return focused && typedText(first, fieldText(context, focused), focused);
  }
  // An element that locates a password field is typed into, whatever follows the value (`.type(password, options)`).
  const located = fieldText(context, receiver);
  const fieldFirst =
    FIELD_FIRST_METHODS.has(method) && second !== undefined && second.type !== 'SpreadElement' && unwrap(second).type !== 'ObjectExpression' && !PASSWORD_FIELD.test(located);
  return fieldFirst ? typedText(second, fieldText(context, first), first) : typedText(first, located, receiver);
}

function importsBrowserAutomation(context: TypeScriptRuleContext): boolean {
  return [...context.facts.modules].some((module) => BROWSER_MODULE.test(module));
}

/** Whether what is typed into is reached from a name browser automation goes by (`cy.get(…)`, `this.page.locator(…)`, a getter's `$('#i0118')`). */
function drivenByName(context: TypeScriptRuleContext, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const value = unwrap(node);
  const inner = (part: Node): boolean => drivenByName(context, part, depth + 1);
  switch (value.type) {
    case 'Identifier':
      return BROWSER_NAMES.has(value.name) || heldValues(context, value).some(inner);
    case 'MemberExpression':
      return BROWSER_NAMES.has(memberName(value) ?? '') || inner(value.object) || heldValues(context, value).some(inner);
    case 'CallExpression':
      return inner(value.callee);
    default:
      return false;
  }
}

/** Text typed, not a key press nor nothing: not `''`, Cypress's `'{enter}'`, selenium's `Key.ENTER`. */
function typedText(value: Node, field: string, locator: Node): Typing | undefined {
  const typed = unwrap(value);
  if (typed.type === 'Literal' && typeof typed.value === 'string' && /^(?:\{\w+\}|\s)*$/.test(typed.value)) return undefined;
  if (typed.type === 'MemberExpression' && typed.object.type === 'Identifier' && typed.object.name === 'Key') return undefined;
  return { field, locator, value };
}

/** What locates the field a `keyboard.type` types into: that of the call the flow focused, clicked or waited for last before it. */
function focusedField(context: TypeScriptRuleContext, call: TSESTree.CallExpression): Node | undefined {
  const focusing = context.once(focusingCallsByFlow);
  const flow = flowOf(context.program, call);
  let calls = focusing.get(flow);
  if (!calls) focusing.set(flow, (calls = focusingCallsOf(flow)));
  const last = calls[countBefore(calls, call) - 1];
  return last && (last.arguments[0] ?? last.callee.object);
}

/** How many of the calls (in document order) end before `place` starts. */
function countBefore(calls: readonly Node[], place: Node): number {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (calls[middle].range[1] <= place.range[0]) low = middle + 1;
    else high = middle;
  }
  return low;
}

function focusingCallsByFlow(): Map<Node, (TSESTree.CallExpression & { callee: TSESTree.MemberExpression })[]> {
  return new Map();
}

function focusingCallsOf(flow: Node): (TSESTree.CallExpression & { callee: TSESTree.MemberExpression })[] {
  return nodesOf(flow).filter(
    (node): node is TSESTree.CallExpression & { callee: TSESTree.MemberExpression } =>
      node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && FOCUSING_METHODS.has(memberName(node.callee) ?? ''),
  );
}

/**
 * The text of the selectors that locate a field, through the calls that locate it (`page.locator('form').locator('#i0118')`,
 * `driver.findElement(By.name('passwd'))`, `getByRole('textbox', { name: 'Password' })`), the names that hold them
 * (`const passwordBox = page.locator('[name=passwd]')`, a page object's `this.password`) and regular expressions.
 * Also the text of a URL, where a flow goes.
 */
export function fieldText(context: TypeScriptRuleContext, node: Node, depth = 0): string {
  if (depth > MAX_DEPTH) return '';
  const value = unwrap(node);
  const inner = (part: Node): string => fieldText(context, part, depth + 1);
  switch (value.type) {
    case 'Literal':
      return 'regex' in value && value.regex ? patternText(value.regex.pattern) : typeof value.value === 'string' ? value.value : '';
    case 'TemplateLiteral':
    case 'BinaryExpression':
      return builtText(context, value);
    case 'Identifier':
    case 'MemberExpression':
      return heldValues(context, value).map(inner).join(' ');
    case 'NewExpression':
      return isRegExpClass(value.callee) ? regExpText(context, value, inner) : '';
    case 'CallExpression':
      if (isRegExpClass(value.callee)) return regExpText(context, value, inner);
      return [value.callee.type === 'MemberExpression' ? inner(value.callee.object) : '', ...value.arguments.map(inner)].join(' ');
    case 'ObjectExpression':
      return value.properties.map((property) => (property.type === 'Property' ? inner(property.value) : '')).join(' ');
    case 'LogicalExpression':
    case 'ConditionalExpression':
      return possibleValues(value).map(inner).join(' ');
    default:
      return '';
  }
}

/**
 * The strings a template or `+` may make, through the values of its parts the file shows (a constant,
 * each side of `||` and `??`, a `.replace` of one), each separated from the next by a space.
 */
function builtText(context: TypeScriptRuleContext, value: Node): string {
  const strings = computedStrings(followedValuesOf(context), value);
  return strings.length > 0 ? strings.join(' ') : (stringShape(value, context.facts) ?? '');
}

/** `RegExp`, as `new RegExp(source)` or `RegExp(source)` call it. */
function isRegExpClass(callee: Node): boolean {
  const value = unwrap(callee);
  return value.type === 'Identifier' && value.name === 'RegExp';
}

/** The text of the pattern `new RegExp(source)` builds: each string its source may be, read as a pattern. */
function regExpText(context: TypeScriptRuleContext, call: TSESTree.NewExpression | TSESTree.CallExpression, inner: (part: Node) => string): string {
  const [source] = call.arguments;
  if (!source || source.type === 'SpreadElement') return '';
  const strings = computedStrings(followedValuesOf(context), source);
  return strings.length > 0 ? strings.map(patternText).join(' ') : inner(source);
}

/** A pattern's text as a selector or URL reads: without its negative lookarounds and escapes (`login\.microsoftonline\.com`). */
function patternText(pattern: string): string {
  return withoutNegativeLookarounds(pattern).replace(/\\/g, '');
}

/**
 * What a name or member holds, as far as the file shows: what is assigned to it, else a page object's
 * getter's return (`get password() { return $('#i0118') }`) or an object constant's property (`SELECTORS.password`).
 */
function heldValues(context: TypeScriptRuleContext, node: TSESTree.Identifier | TSESTree.MemberExpression): Node[] {
  const held = valuesInScope(context, node).filter((other) => other !== node);
  if (held.length > 0 || node.type !== 'MemberExpression') return held;
  const name = memberName(node);
  if (name === undefined) return [];
  if (unwrap(node.object).type === 'ThisExpression') return getterReturns(fileFunctionCalls(context).classAround(node), name);
  const property = objectLiteralInScope(context, node.object);
  const found = property && findProperty(property, name);
  return found ? [found.value] : [];
}

/**
 * A regex's pattern without its negative lookarounds (`(?!…)`, `(?<!…)`): what one names is what the
 * text must not hold, no evidence that it does (`/^https:\/\/(?!login\.microsoftonline\.com)/`).
 */
function withoutNegativeLookarounds(pattern: string): string {
  let kept = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('(?!', i) || pattern.startsWith('(?<!', i)) {
      i = closingParenthesis(pattern, i);
      continue;
    }
    kept += pattern[i];
    if (pattern[i] === '\\' && i + 1 < pattern.length) kept += pattern[++i];
  }
  return kept;
}

/** The index of the `)` that closes the group opened at `open` (the pattern's end where none does). */
function closingParenthesis(pattern: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return pattern.length;
}
