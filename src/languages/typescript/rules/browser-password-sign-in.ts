import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { LOGIN_HOSTS, servesPersonalAccounts, SIGN_IN_PORTAL_HOSTS } from '../../shared/microsoft-endpoints';
import { nodesOfType, unwrap, type Node } from '../ast';
import { passesMfa } from '../browser-mfa';
import { fieldText, PASSWORD_FIELD, typingOf, type Typing } from '../browser-typing';
import { fileFunctionCalls } from '../passed-arguments';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { signInPageEvidence, type PageEvidence } from '../sign-in-page-evidence';

/** The password field of Microsoft's sign-in page, by its id (its name, `passwd`, is other sites' too). */
const MICROSOFT_PASSWORD_FIELD = /\bi0118\b/i;
/**
 * The hosts a flow goes to as trigger words, as written in a string and in a regular expression
 * (`/login\.microsoftonline\.com/`); an apex host (`office.com`) only
 * as a URL writes it (`//office.com`, `\/office\.com`): support.office.com, in any file about Office,
 * would otherwise have every such file parsed.
 */
const HOST_WORDS = [...LOGIN_HOSTS, ...SIGN_IN_PORTAL_HOSTS].flatMap((host) => {
  const words = [host, host.replace(/\./g, '\\.')];
  return host.split('.').length > 2 || host.startsWith('.') ? words : words.map((word) => `/${word}`);
});

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
    // The page's own element names, or a host the code goes to; and a method that types text.
    triggers: ['i0116', 'i0118', 'loginfmt', 'passwd', 'idsibutton9', 'microsoftonline', ...HOST_WORDS],
    requires: ['.fill(', '.type(', 'presssequentially', 'setvalue', 'addvalue', 'typetext', 'sendkeys'],
  },
  check(context) {
    return context.once(passwordEntries).map((entry) => hit(context, entry));
  },
  passwordSinks(context) {
    return context.once(passwordEntries).map((entry) => entry.value);
  },
};

/** A password typed into Microsoft's sign-in page: the typing call, the value typed, and what shows the page is Microsoft's. */
interface PasswordEntry {
  call: TSESTree.CallExpression;
  value: Node;
  /** What shows it; the typing call itself where the field is Microsoft's own. */
  page: PageEvidence;
}

/** login.live.com signs in personal Microsoft accounts, and hands a work or school account on to Entra ID. */
function personalAccountNote(page: PageEvidence): string {
  if (!page.host || !servesPersonalAccounts(page.host)) return '';
  return (
    `${page.host.toLowerCase()} is the sign-in page of personal Microsoft accounts (Outlook.com): a personal account's two-step verification ` +
    'stops the script the same way, and a work or school account typed there is sent on to Entra ID, where the following applies. '
  );
}

function hit(context: TypeScriptRuleContext, { call, page }: PasswordEntry): RuleHit {
  return {
    message:
      `This code types a password ${page.reason}: a browser sign-in with a password. ${personalAccountNote(page)}Once MFA ` +
      'applies to the account it stops at the second factor: security defaults and Conditional Access ask for it, the Azure ' +
      'portal and the Entra and Intune admin centres require it since October 2024, the Microsoft 365 admin centre since ' +
      'February 2025, and Microsoft requires MFA for every user of a partner tenant, service accounts included. No fix is ' +
      'offered: sign in once with MFA and reuse the saved browser state (Playwright storageState, Cypress cy.session), give ' +
      'the app a token from a Secure Application Model refresh token exchange, or test against an app-only API.',
    startOffset: typingStart(context, call),
    endOffset: call.range[1],
    fixes: [],
    related: page.node === call ? [] : [{ message: "the page is Microsoft's sign-in page, as this shows", startOffset: page.node.range[0], endOffset: page.node.range[1] }],
  };
}

/**
 * Where the typing call starts for the finding: at its method (`typeText(…)`) where what it is called on
 * spans lines (a TestCafe `t.click(…)…` chain), so that the finding is on the line that types the password.
 */
function typingStart(context: TypeScriptRuleContext, call: TSESTree.CallExpression): number {
  const method = call.callee.type === 'MemberExpression' ? call.callee.property : undefined;
  return method && /[\r\n]/.test(context.text.slice(call.range[0], method.range[0])) ? method.range[0] : call.range[0];
}

/** Every password the file types into a password field of Microsoft's sign-in page, where the flow does not go on to pass MFA. */
function passwordEntries(context: TypeScriptRuleContext): PasswordEntry[] {
  const entries: PasswordEntry[] = [];
  for (const call of nodesOfType(context.program, 'CallExpression')) {
    for (const typed of passwordsTyped(context, call)) {
      const page = microsoftPage(context, typed);
      if (page && !passesMfa(context, typed.call)) entries.push({ call: typed.call, value: typed.value, page });
    }
  }
  return entries;
}

/** A call that types into a password field: a browser's own, or a call of the file's helper that types into the field it is given. */
type PasswordTyped = Typing & { call: TSESTree.CallExpression };

/**
 * The passwords a call types into a password field; where it types into the field its function is given
 * (`async function typeInto(page, selector, value) { await page.fill(selector, value) }`), those that
 * the function's calls in the file pass a password field to, each at its call.
 */
function passwordsTyped(context: TypeScriptRuleContext, call: TSESTree.CallExpression): PasswordTyped[] {
  const typed = typingOf(context, call);
  if (!typed) return [];
  if (PASSWORD_FIELD.test(typed.field)) return [{ ...typed, call }];
  const calls = fileFunctionCalls(context);
  const field = locatorParameter(typed.locator);
  const binding = field && calls.bindingOf(field);
  if (!binding || binding.property !== undefined) return [];
  const value = unwrap(typed.value);
  const valueBinding = value.type === 'Identifier' ? calls.bindingOf(value) : undefined;
  return calls.callsOf(binding.fn).flatMap((helperCall) => {
    const locator = helperCall.arguments[binding.position];
    const passed = valueBinding?.fn === binding.fn && valueBinding.property === undefined ? helperCall.arguments[valueBinding.position] : typed.value;
    if (helperCall.type !== 'CallExpression' || !locator || !passed || locator.type === 'SpreadElement' || passed.type === 'SpreadElement') return [];
    const text = fieldText(context, locator);
    return PASSWORD_FIELD.test(text) ? [{ field: text, locator, value: passed, call: helperCall }] : [];
  });
}

/** The name a field is located by, where it may be a parameter: `selector` of `page.fill(selector, …)`, of `page.locator(selector)`. */
function locatorParameter(locator: Node): TSESTree.Identifier | undefined {
  const value = unwrap(locator);
  if (value.type === 'Identifier') return value;
  if (value.type !== 'CallExpression') return undefined;
  const named = value.arguments.find((argument) => unwrap(argument).type === 'Identifier');
  return named && (unwrap(named) as TSESTree.Identifier);
}

/** What shows that the field is on Microsoft's sign-in page: the field is its own (`#i0118`), or the flow shows the page (see `SignInPageEvidence.at`). */
function microsoftPage(context: TypeScriptRuleContext, typed: PasswordTyped): PageEvidence | undefined {
  const own = MICROSOFT_PASSWORD_FIELD.exec(typed.field);
  if (own) return { node: typed.call, reason: `into the password field of Microsoft's sign-in page (${own[0]})` };
  return signInPageEvidence(context).at(typed.call);
}
