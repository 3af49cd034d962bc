import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { wordsPattern } from '../../../engine/text';
import { LOGIN_HOSTS } from '../../shared/microsoft-endpoints';
import { functionsAround, memberName, nodesOf, nodesOfType, parentOf, unwrap, type Node } from '../ast';
import { valuesInScope } from '../name-bindings';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { possibleValues, stringShape } from '../static-value';

/** Elements of Microsoft's sign-in page: the username (`#i0116`, `loginfmt`) and password (`#i0118`, `passwd`) fields, its Next / Sign in / Yes button, "Stay signed in?". */
const MICROSOFT_PAGE_ELEMENT = /\b(?:i0116|loginfmt|i0118|passwd|idSIButton9|idBtn_Back|KmsiCheckboxField)\b/i;
/** The password field of Microsoft's sign-in page, by its id or name. */
const MICROSOFT_PASSWORD_FIELD = /\b(?:i0118|passwd)\b/i;
/** A password field of any page: `input[type=password]`, `#password`, `getByLabel('Password')`, `By.name('pwd')`. */
const PASSWORD_FIELD = /pass(?:word|wd)|\bpwd\b|\bi0118\b/i;
/** Where Microsoft's page asks for a one-time code: the code box (`#idTxtBx_SAOTCC_OTC`, `name="otc"`) and its button. */
const MICROSOFT_CODE_ENTRY = /\b(?:idTxtBx_SAOTCC_OTC|idSubmit_SAOTCC_Continue|otc)\b/i;
/** Modules that compute one-time codes: otplib, otpauth, totp-generator, speakeasy, node-2fa, notp. */
const OTP_MODULE = /otp|speakeasy|2fa|two-?factor|authenticator/i;
const LOGIN_HOST = wordsPattern(LOGIN_HOSTS, 'i');

/** Methods that type text into a field: Playwright, Puppeteer, Cypress, WebdriverIO, TestCafe, selenium-webdriver. */
const TYPING_METHODS = new Set(['fill', 'type', 'pressSequentially', 'setValue', 'addValue', 'typeText', 'sendKeys']);
/** Of those, the ones that are given the field first where they are a page's (`page.fill(selector, value)`, `t.typeText(selector, value)`). */
const FIELD_FIRST_METHODS = new Set(['fill', 'type', 'setValue', 'addValue', 'typeText']);
/** What puts the keyboard's focus on a field, for a `keyboard.type` that follows. */
const FOCUSING_METHODS = new Set(['focus', 'click', 'tap', 'dblclick']);
/** Callbacks that carry on the flow of the code around them: a test's step, a promise's or Cypress chain's next step, `cy.origin`, `within`. */
const CONTINUING_CALLBACKS = new Set(['step', 'then', 'origin', 'within']);

const MAX_DEPTH = 6;

export const browserPasswordSignInRule: TypeScriptRule = {
  meta: {
    id: 'ts-browser-password-sign-in',
    title: "A browser test or bot types a password into Microsoft's sign-in page",
    description:
      "An end-to-end test, its global setup or a bot drives a browser (Playwright, Puppeteer, Cypress, WebdriverIO, " +
      "TestCafe, selenium-webdriver) through Microsoft's sign-in page and types a user's password into it. Once MFA " +
      'applies to the account (security defaults, Conditional Access, the partner-tenant requirement) the page asks for ' +
      'a second factor and the sign-in stops there. Sign in once with MFA and reuse the saved browser state ' +
      '(Playwright storageState, Cypress cy.session), give the app a token from a Secure Application Model refresh ' +
      'token exchange, or test against an app-only API.',
    defaultSeverity: 'warning',
    language: 'typescript',
    tags: ['security', 'mfa', 'credential', 'browser-automation', 'e2e-test'],
    // The page's own element names, or a login host the code goes to; and a method that types text.
    triggers: ['i0116', 'i0118', 'loginfmt', 'passwd', 'idsibutton9', ...LOGIN_HOSTS],
    requires: ['.fill(', '.type(', 'presssequentially', 'setvalue', 'addvalue', 'typetext', 'sendkeys'],
  },
  check(context) {
    return context.once(passwordEntries).map(hit);
  },
  passwordSinks(context) {
    return context.once(passwordEntries).map((entry) => entry.value);
  },
};

/** A password typed into Microsoft's sign-in page: the typing call, the value typed, and what shows the page is Microsoft's. */
interface PasswordEntry {
  call: TSESTree.CallExpression;
  value: Node;
  page: PageEvidence;
}

interface PageEvidence {
  /** Where the code shows it; the typing call itself where the field is Microsoft's own. */
  node: Node;
  /** How the message says where the password goes: "into the password field of Microsoft's sign-in page (#i0118)". */
  reason: string;
}

function hit({ call, page }: PasswordEntry): RuleHit {
  return {
    message:
      `This code types a password ${page.reason}: a browser sign-in with a password. Once MFA ` +
      'applies to the account it stops at the second factor: security defaults and Conditional Access ask for it, the Azure ' +
      'portal and the Entra and Intune admin centres require it since October 2024, the Microsoft 365 admin centre since ' +
      'February 2025, and Microsoft requires MFA for every user of a partner tenant, service accounts included. No fix is ' +
      'offered: sign in once with MFA and reuse the saved browser state (Playwright storageState, Cypress cy.session), give ' +
      'the app a token from a Secure Application Model refresh token exchange, or test against an app-only API.',
    startOffset: call.range[0],
    endOffset: call.range[1],
    fixes: [],
    related: page.node === call ? [] : [{ message: "the page is Microsoft's sign-in page, as this shows", startOffset: page.node.range[0], endOffset: page.node.range[1] }],
  };
}

/** Every password the file types into a password field of Microsoft's sign-in page, where the flow does not go on to type a one-time code. */
function passwordEntries(context: TypeScriptRuleContext): PasswordEntry[] {
  const entries: PasswordEntry[] = [];
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    const typed = typingOf(context, call);
    if (!typed || !PASSWORD_FIELD.test(typed.field)) continue;
    const flow = flowOf(context.program, call);
    const page = microsoftPage(context, call, typed.field, flow);
    if (page && !completesMfa(context, flow)) entries.push({ call, value: typed.value, page });
  }
  return entries;
}

/**
 * What a call types and where: `page.fill(selector, value)` (a page's method, given the field first),
 * `locator.fill(value)` / `cy.get(selector).type(value)` / `$(selector).setValue(value)` / `element.sendKeys(value)`
 * (an element's), `page.keyboard.type(value)` (the field focused or clicked last before it). The field is
 * the text of the selectors that locate it.
 */
function typingOf(context: TypeScriptRuleContext, call: TSESTree.CallExpression): { field: string; value: Node } | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = memberName(call.callee);
  if (!method || !TYPING_METHODS.has(method)) return undefined;
  const [first, second] = call.arguments;
  if (!first || first.type === 'SpreadElement') return undefined;
  const receiver = unwrap(call.callee.object);
  if (receiver.type === 'MemberExpression' && memberName(receiver) === 'keyboard') return typedText(first, focusedField(context, call));
  // An element that locates a password field is typed into, whatever follows the value (`.type(password, options)`).
  const located = fieldText(context, receiver);
  const fieldFirst =
    FIELD_FIRST_METHODS.has(method) && second !== undefined && second.type !== 'SpreadElement' && unwrap(second).type !== 'ObjectExpression' && !PASSWORD_FIELD.test(located);
  return fieldFirst ? typedText(second, fieldText(context, first)) : typedText(first, located);
}

/** Text typed, not a key press nor nothing: not `''`, Cypress's `'{enter}'`, selenium's `Key.ENTER`. */
function typedText(value: Node, field: string): { field: string; value: Node } | undefined {
  const typed = unwrap(value);
  if (typed.type === 'Literal' && typeof typed.value === 'string' && /^(?:\{\w+\}|\s)*$/.test(typed.value)) return undefined;
  if (typed.type === 'MemberExpression' && typed.object.type === 'Identifier' && typed.object.name === 'Key') return undefined;
  return { field, value };
}

/** The field a `keyboard.type` types into: the one the flow focused or clicked last before it. */
function focusedField(context: TypeScriptRuleContext, call: TSESTree.CallExpression): string {
  const flow = flowOf(context.program, call);
  const focusing = nodesOf(flow).filter(
    (node): node is TSESTree.CallExpression =>
      node.type === 'CallExpression' && node.range[1] <= call.range[0] && node.callee.type === 'MemberExpression' && FOCUSING_METHODS.has(memberName(node.callee) ?? ''),
  );
  const last = focusing.at(-1);
  if (!last || last.callee.type !== 'MemberExpression') return '';
  return last.arguments[0] ? fieldText(context, last.arguments[0]) : fieldText(context, last.callee.object);
}

/**
 * The text of the selectors that locate a field, through the calls that locate it (`page.locator('form').locator('#i0118')`,
 * `driver.findElement(By.name('passwd'))`, `getByRole('textbox', { name: 'Password' })`), the names that hold them
 * (`const passwordBox = page.locator('[name=passwd]')`, a page object's `this.password`) and regular expressions.
 */
function fieldText(context: TypeScriptRuleContext, node: Node, depth = 0): string {
  if (depth > MAX_DEPTH) return '';
  const value = unwrap(node);
  const inner = (part: Node): string => fieldText(context, part, depth + 1);
  switch (value.type) {
    case 'Literal':
      return 'regex' in value && value.regex ? value.regex.pattern.replace(/\\/g, '') : typeof value.value === 'string' ? value.value : '';
    case 'TemplateLiteral':
    case 'BinaryExpression':
      return stringShape(value, context.facts) ?? '';
    case 'Identifier':
    case 'MemberExpression':
      return valuesInScope(context, value)
        .filter((held) => held !== value)
        .map(inner)
        .join(' ');
    case 'CallExpression':
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
 * The code a typing call is part of: its function, and the function around a callback that carries on its
 * flow (`test.step`, `.then`, `cy.origin`); a method's whole class (a page object's fields and steps); the
 * module for top-level code.
 */
function flowOf(program: TSESTree.Program, call: Node): Node {
  const functions = functionsAround(program, call).reverse();
  const own = functions.find((fn) => !continuesFlow(program, fn));
  if (!own) return program;
  const holder = parentOf(program, own);
  const classBody = holder?.type === 'MethodDefinition' || holder?.type === 'PropertyDefinition' ? parentOf(program, holder) : undefined;
  return classBody ?? own;
}

function continuesFlow(program: TSESTree.Program, fn: TSESTree.FunctionLike): boolean {
  const call = parentOf(program, fn);
  return call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && CONTINUING_CALLBACKS.has(memberName(call.callee) ?? '');
}

/**
 * What shows that the page is Microsoft's: its password field's own id or name; a callback the code runs on a
 * Microsoft login host (`cy.origin('login.microsoftonline.com', …)`); a login host the flow goes to or waits
 * for; another element of Microsoft's page the flow uses (the `loginfmt` username field, `#idSIButton9`).
 */
function microsoftPage(context: TypeScriptRuleContext, call: TSESTree.CallExpression, field: string, flow: Node): PageEvidence | undefined {
  const own = MICROSOFT_PASSWORD_FIELD.exec(field);
  if (own) return { node: call, reason: `into the password field of Microsoft's sign-in page (${own[0]})` };
  for (const fn of functionsAround(context.program, call).reverse()) {
    const caller = parentOf(context.program, fn);
    const host = caller?.type === 'CallExpression' ? caller.arguments.find((argument) => argument !== fn && LOGIN_HOST.test(fieldText(context, argument))) : undefined;
    if (host) return { node: host, reason: `into a password field in code run on Microsoft's sign-in page (${LOGIN_HOST.exec(fieldText(context, host))![0]})` };
  }
  const strings = stringsOf(context, flow);
  const goesTo = strings.find(({ text }) => LOGIN_HOST.test(text));
  if (goesTo) return { node: goesTo.node, reason: `into a password field of Microsoft's sign-in page, which the code goes to (${LOGIN_HOST.exec(goesTo.text)![0]})` };
  const element = strings.find(({ text }) => MICROSOFT_PAGE_ELEMENT.test(text));
  if (element) return { node: element.node, reason: `into a password field of Microsoft's sign-in page, next to another of its elements (${MICROSOFT_PAGE_ELEMENT.exec(element.text)![0]})` };
  return undefined;
}

/** The strings and regular expressions of a flow, and the values of the names it passes to calls (`page.goto(LOGIN_URL)`). */
function stringsOf(context: TypeScriptRuleContext, flow: Node): { node: Node; text: string }[] {
  return nodesOf(flow).flatMap((node) => {
    const parent = parentOf(context.program, node);
    const passedName = (node.type === 'Identifier' || node.type === 'MemberExpression') && parent?.type === 'CallExpression' && parent.callee !== node;
    const written = (node.type === 'Literal' && ('regex' in node || typeof node.value === 'string')) || node.type === 'TemplateLiteral';
    return passedName || written ? [{ node, text: fieldText(context, node) }] : [];
  });
}

/**
 * Whether the flow goes on to pass MFA itself: it types into the one-time code box of Microsoft's page
 * (`#idTxtBx_SAOTCC_OTC`), or computes a code with an OTP module (otplib's `authenticator.generate()`, otpauth's `new TOTP(…)`).
 */
function completesMfa(context: TypeScriptRuleContext, flow: Node): boolean {
  return nodesOf(flow).some((node) => {
    if (node.type === 'Literal' && typeof node.value === 'string') return MICROSOFT_CODE_ENTRY.test(node.value);
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return false;
    const callee = unwrap(node.callee);
    const imported = context.facts.resolveImport(callee) ?? (callee.type === 'MemberExpression' ? context.facts.resolveImport(callee.object) : undefined);
    return imported !== undefined && OTP_MODULE.test(imported.module);
  });
}
