import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { escapeRegExp } from '../../engine/text';
import { LOGIN_HOSTS, SIGN_IN_PORTAL_HOSTS } from '../shared/microsoft-endpoints';
import { isFunction, memberName, nodesOf, parentOf, unwrap, type Node } from './ast';
import { flowOf, WaysTo } from './browser-flow';
import { fieldText } from './browser-typing';
import { calledFunctions } from './passed-arguments';
import { URL_READS, urlCheckedFor } from './page-url-checks';
import { fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';

/** Elements of Microsoft's sign-in page besides a password field: the username field (`#i0116`, `loginfmt`), the password field's id, its Next / Sign in / Yes button, "Stay signed in?". */
const MICROSOFT_PAGE_ELEMENT = /\b(?:i0116|loginfmt|i0118|idSIButton9|idBtn_Back|KmsiCheckboxField)\b/i;
/** A login host in text, not as the start or end of another host (`login.microsoftonline.com.example`). */
const LOGIN_HOST = new RegExp(LOGIN_HOSTS.map((host) => `(?<![\\w.-])${escapeRegExp(host)}(?![\\w-]|\\.[\\w-])`).join('|'), 'i');
/**
 * A portal's host in text that is no URL of its own (a glob, a URL check's fragment), bounded on both
 * sides: a site's own domain (`office.com`) not as the end of another host (`support.office.com`), no
 * host as the start of another (`outlook.office365.com.evil.example`).
 */
const SIGN_IN_PORTAL = new RegExp(
  SIGN_IN_PORTAL_HOSTS.map((host) => `${host.startsWith('.') ? '' : '(?<![\\w.-])'}${escapeRegExp(host)}(?![\\w-]|\\.[\\w-])`).join('|'),
  'i',
);
/** A URL's host, where the text starts with one written out (`https://portal.azure.com/…`, `//portal.azure.com`, a regex's `^https://…`). */
const URL_HOST = /^\s*\^?(?:[a-z][\w+.-]*:)?\/\/([\w.-]+)(?![^/?#:\s])/i;
/** A URL's query, from its first parameter (`?return=office.com`); a regex's `?` quantifier is none. */
const QUERY = /[?&][\w%.-]+=.*$/s;

/**
 * The portal a URL goes to, by its host (a family's domain for a host under `.sharepoint.com` or
 * `.dynamics.com`); in text that is no URL, a portal's host before any query.
 */
function portalIn(text: string): string | undefined {
  const host = URL_HOST.exec(text)?.[1].toLowerCase();
  const portal = host === undefined
    ? SIGN_IN_PORTAL.exec(text.replace(QUERY, ''))?.[0]
    : SIGN_IN_PORTAL_HOSTS.find((name) => (name.startsWith('.') ? host.endsWith(name) : host === name));
  return portal?.replace(/^\./, '');
}

/** Calls that go to a URL or wait for the page to be at one, given it first: Playwright, Puppeteer, Cypress, WebdriverIO, TestCafe, selenium-webdriver's `until`. */
const NAVIGATING_METHODS = new Set(['goto', 'waitForURL', 'waitForNavigation', 'visit', 'navigateTo', 'newWindow', 'url', 'toHaveURL', 'toHaveUrl', 'toHaveUrlContaining', 'urlContains', 'urlIs', 'urlMatches']);
/** Assertions of what a URL the page is at is or holds (`expect(page.url()).toContain(…)`, `cy.url().should('include', …)`). */
const URL_ASSERTIONS = new Set(['toContain', 'toMatch', 'toBe', 'toEqual', 'toStrictEqual', 'should']);

/** What requires a value to be true: `expect(…)` (then `.toBe(true)`, `.toBeTruthy()`), `assert(…)`, `assert.ok(…)`. */
const ASSERTIONS = /^(?:expect|assert|assert\.ok|assert\.isTrue|chai\.assert|ok)$/;

/** What follows `expect(check)` where it requires the check to fail: `.not…`, `.toBe(false)`, `.toBeFalsy()`. */
const EXPECTED_FALSE = /^\s*\.\s*(?:not\b|toBeFalsy\b|to(?:Be|Equal|StrictEqual)\s*\(\s*false\b)/;

/** How many callers up a function's flow is followed to find where it goes. */
const MAX_CALLERS_UP = 3;

/** What shows that a page is Microsoft's sign-in page. */
export interface PageEvidence {
  /** Where the code shows it. */
  node: Node;
  /** How the message says where the password goes: "into a password field of Microsoft's sign-in page, which the code goes to (login.microsoftonline.com)". */
  reason: string;
  /** The login host the page is at, where the code names it. */
  host?: string;
}

/** A call that goes to a Microsoft host, or waits for the page to be at one. */
interface Navigation {
  call: TSESTree.CallExpression;
  /** The URL given. */
  node: Node;
  host: string;
  /** A portal, which sends the browser on to the sign-in page. */
  portal: boolean;
  /** For a check of the page's URL that an `if` or `?:` tests: what runs only where it holds. */
  onlyWithin?: Node;
}

/** What one flow does on its way: where it goes, the file's functions it calls, the elements of Microsoft's page it uses. */
interface FlowFacts {
  navigations: Navigation[];
  calls: { call: TSESTree.CallExpression; functions: TSESTree.FunctionLike[] }[];
  elements: { node: Node; element: string }[];
}

/** The file's flows as evidence that a page is Microsoft's, each flow read once. */
export function signInPageEvidence(context: TypeScriptRuleContext): SignInPageEvidence {
  return context.once(readSignInPageEvidence);
}

function readSignInPageEvidence(context: TypeScriptRuleContext): SignInPageEvidence {
  return new SignInPageEvidence(context);
}

class SignInPageEvidence {
  private readonly flows = new Map<Node, FlowFacts>();
  private readonly reached = new Map<Node, Navigation | null>();

  constructor(private readonly context: TypeScriptRuleContext) {}

  /**
   * What shows that a field typed into at `place` is on Microsoft's sign-in page: code run on a
   * Microsoft login host (`cy.origin('login.microsoftonline.com', …)`); a login host or a portal that
   * sends the browser there, which the flow goes to or waits for before, on the way to the place
   * (itself, or in a function of the file it calls first); another element of Microsoft's page the
   * flow uses on that way, or a function of the file it calls first uses (the `loginfmt` username field,
   * `#idSIButton9`); else the same, before a call
   * of the place's function.
   */
  at(place: Node, callersUp = 0): PageEvidence | undefined {
    const runOn = this.hostRunOn(place);
    if (runOn) return runOn;
    const { program } = this.context;
    const flow = flowOf(program, place);
    const facts = this.factsOf(flow);
    const ways = new WaysTo(program, flow, place);
    const before = (node: Node): boolean => node.range[1] <= place.range[0] && ways.passThrough(node);
    const holdsAt = (candidate: Navigation): boolean => !candidate.onlyWithin || (candidate.onlyWithin.range[0] <= place.range[0] && place.range[1] <= candidate.onlyWithin.range[1]);
    const navigation = facts.navigations.find((candidate) => before(candidate.call) && holdsAt(candidate)) ?? this.reachedBefore(facts, before);
    if (navigation) return goesTo(navigation, callersUp > 0 ? 'the code that calls it' : 'the code');
    const element = facts.elements.find((candidate) => ways.passThrough(candidate.node)) ?? this.elementBefore(facts, before);
    if (element) return { node: element.node, reason: `into a password field of Microsoft's sign-in page, next to another of its elements (${element.element})` };
    if (callersUp >= MAX_CALLERS_UP || !isFunction(flow)) return undefined;
    for (const caller of fileFunctionCalls(this.context).callsOf(flow)) {
      const found = this.at(caller, callersUp + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** A login host given to `cy.origin` whose callback runs the place. */
  private hostRunOn(place: Node): PageEvidence | undefined {
    const { program } = this.context;
    for (let fn = parentOf(program, place); fn; fn = parentOf(program, fn)) {
      const caller = isFunction(fn) ? parentOf(program, fn) : undefined;
      if (caller?.type !== 'CallExpression' || caller.callee.type !== 'MemberExpression' || memberName(caller.callee) !== 'origin') continue;
      for (const argument of caller.arguments) {
        const host = argument === fn ? null : LOGIN_HOST.exec(fieldText(this.context, argument));
        if (host) return { node: argument, reason: `into a password field in code run on Microsoft's sign-in page (${host[0]})`, host: host[0] };
      }
    }
    return undefined;
  }

  /** An element of Microsoft's page that a function of the file called before the place uses (`typeUsername()` typing into `loginfmt`). */
  private elementBefore(facts: FlowFacts, before: (node: Node) => boolean): FlowFacts['elements'][number] | undefined {
    for (const { call, functions } of facts.calls) {
      const element = before(call) ? functions.map((fn) => this.factsOf(fn).elements[0]).find(Boolean) : undefined;
      if (element) return element;
    }
    return undefined;
  }

  /** Where a function of the file called before the place goes. */
  private reachedBefore(facts: FlowFacts, before: (node: Node) => boolean): Navigation | undefined {
    for (const { call, functions } of facts.calls) {
      if (!before(call)) continue;
      for (const fn of functions) {
        const reached = this.reachedFrom(fn);
        if (reached) return reached;
      }
    }
    return undefined;
  }

  /** Where a function goes, itself or through the file's functions it calls. */
  private reachedFrom(fn: TSESTree.FunctionLike): Navigation | undefined {
    const known = this.reached.get(fn);
    if (known !== undefined) return known ?? undefined;
    this.reached.set(fn, null); // a function calling itself
    const { program } = this.context;
    const facts = this.factsOf(fn);
    const own = (node: Node): boolean => flowOf(program, node) === fn;
    // A check of the URL inside the function says nothing of where the page is once it returns.
    const reached = facts.navigations.find((navigation) => own(navigation.call) && !navigation.onlyWithin) ?? this.reachedBefore(facts, own);
    this.reached.set(fn, reached ?? null);
    return reached;
  }

  private factsOf(flow: Node): FlowFacts {
    let facts = this.flows.get(flow);
    if (!facts) this.flows.set(flow, (facts = this.readFlow(flow)));
    return facts;
  }

  private readFlow(flow: Node): FlowFacts {
    const facts: FlowFacts = { navigations: [], calls: [], elements: [] };
    for (const node of nodesOf(flow)) {
      if (node.type === 'CallExpression') {
        const navigation = navigationOf(this.context, node);
        if (navigation) facts.navigations.push(navigation);
        const functions = calledFunctions(this.context, node);
        if (functions.length > 0) facts.calls.push({ call: node, functions });
      }
      const element = this.usesElement(node) ? MICROSOFT_PAGE_ELEMENT.exec(fieldText(this.context, node)) : null;
      if (element) facts.elements.push({ node, element: element[0] });
    }
    return facts;
  }

  /** Whether a node may name an element: a string or regular expression, a name or member passed to a call or located from (`this.userName.fill(…)`). */
  private usesElement(node: Node): boolean {
    if (node.type === 'Literal') return 'regex' in node || typeof node.value === 'string';
    if (node.type === 'TemplateLiteral') return true;
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return false;
    const parent = parentOf(this.context.program, node);
    if (parent?.type === 'CallExpression') return parent.callee !== node;
    return parent?.type === 'MemberExpression' && parent.object === node && parentOf(this.context.program, parent)?.type === 'CallExpression';
  }
}

function goesTo(navigation: Navigation, who: string): PageEvidence {
  const reason = navigation.portal
    ? `into a password field of Microsoft's sign-in page, which ${who} reaches through a Microsoft portal it goes to (${navigation.host})`
    : `into a password field of Microsoft's sign-in page, which ${who} goes to (${navigation.host})`;
  return { node: navigation.node, reason, ...(navigation.portal ? {} : { host: navigation.host }) };
}

/**
 * A call that goes to a login host or a portal, or waits for or asserts that the page is at one:
 * `page.goto(…)`, `page.waitForURL(…)`, `cy.visit(…)`, `browser.url(…)`, `driver.get(…)`,
 * `expect(page).toHaveURL(…)`, `cy.url().should('include', …)`, `until.urlContains(…)`. Not a negated
 * assertion (`not.toHaveURL`, `should('not.include', …)`), nor a request stubbed or refused (`route`, `intercept`).
 */
function navigationOf(context: TypeScriptRuleContext, call: TSESTree.CallExpression): Navigation | undefined {
  const given = urlGiven(call);
  const url = given && given.type !== 'SpreadElement' && !negated(call) ? given : urlCheckedFor(context, call);
  if (!url || url.type === 'SpreadElement') return undefined;
  const text = fieldText(context, url);
  const login = LOGIN_HOST.exec(text);
  const portal = login ? undefined : portalIn(text);
  if (!login && !portal) return undefined;
  const onlyWithin = url === given ? undefined : branchTaken(context, call);
  if (url !== given && !onlyWithin) return undefined;
  const found = login ? { call, node: url, host: login[0], portal: false } : { call, node: url, host: portal!, portal: true };
  return onlyWithin && onlyWithin !== call ? { ...found, onlyWithin } : found;
}

/**
 * Where a check of the page's URL holds: the branch an `if` or `?:` takes where the check in its test
 * (alone or with `&&`) holds, or the check itself where an assertion requires it (`expect(…).toBe(true)`,
 * `assert(…)`); nothing where the code goes on either way (`const atLogin = …`).
 */
function branchTaken(context: TypeScriptRuleContext, check: Node): Node | undefined {
  let test = check;
  for (let parent = parentOf(context.program, test); parent; test = parent, parent = parentOf(context.program, parent)) {
    if (parent.type === 'LogicalExpression' && parent.operator === '&&') continue;
    if (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || (parent.type === 'BinaryExpression' && (parent.left === test || parent.right === test))) continue;
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test === test) return parent.consequent;
    const asserted = parent.type === 'CallExpression' && parent.arguments[0] === test && ASSERTIONS.test(context.text.slice(parent.callee.range[0], parent.callee.range[1]));
    return asserted && !EXPECTED_FALSE.test(context.text.slice(parent.range[1], parent.range[1] + 60)) ? check : undefined;
  }
  return undefined;
}

function urlGiven(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument | undefined {
  if (call.callee.type !== 'MemberExpression') return undefined;
  const method = memberName(call.callee) ?? '';
  const [first, second] = call.arguments;
  if (NAVIGATING_METHODS.has(method)) return first;
  if (method === 'get') return /driver/i.test(nameOf(call.callee.object)) ? first : undefined;
  if (!URL_ASSERTIONS.has(method) || !readsUrl(call.callee.object)) return undefined;
  return method === 'should' ? second : first;
}

/** `driver` of `driver.get(…)`, `this.driver.get(…)`. */
function nameOf(node: Node): string {
  const value = unwrap(node);
  return value.type === 'Identifier' ? value.name : value.type === 'MemberExpression' ? (memberName(value) ?? '') : '';
}

/** Whether an assertion's subject is the URL the page is at: `expect(page.url())`, `cy.url()`, `cy.location('host')`. */
function readsUrl(subject: Node): boolean {
  let value = unwrap(subject);
  while (value.type === 'MemberExpression') value = unwrap(value.object);
  const [expected] = value.type === 'CallExpression' && value.callee.type === 'Identifier' && value.callee.name === 'expect' ? value.arguments : [];
  const read = expected ? unwrap(expected) : value;
  return read.type === 'CallExpression' && read.callee.type === 'MemberExpression' && URL_READS.has(memberName(read.callee) ?? '');
}

/** `expect(…).not.toHaveURL(…)`, `cy.url().should('not.include', …)`. */
function negated(call: TSESTree.CallExpression): boolean {
  const [chainer] = call.arguments;
  if (chainer?.type === 'Literal' && typeof chainer.value === 'string' && /^not\./.test(chainer.value)) return true;
  for (let object = (call.callee as TSESTree.MemberExpression).object; object.type === 'MemberExpression'; object = object.object) {
    if (memberName(object) === 'not') return true;
  }
  return false;
}
