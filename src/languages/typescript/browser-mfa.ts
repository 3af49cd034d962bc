import { isFunction, nodesOf, unwrap, type Node } from './ast';
import { flowOf } from './browser-flow';
import { calledFunctions } from './passed-arguments';
import { fileFunctionCalls } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';

/** Where Microsoft's page asks for a one-time code: the code box (`#idTxtBx_SAOTCC_OTC`, `name="otc"`) and its button. */
const MICROSOFT_CODE_ENTRY = /\b(?:idTxtBx_SAOTCC_OTC|idSubmit_SAOTCC_Continue|otc)\b/i;
/** Modules that compute one-time codes: otplib, otpauth, totp-generator, speakeasy, node-2fa, notp; a project's own `mfa`, `totp` or `authenticator` helpers. */
const OTP_MODULE = /otp|mfa|speakeasy|2fa|two-?factor|authenticator/i;
/** How many callers up a function's flow is followed to see it pass MFA. */
const MAX_CALLERS_UP = 3;

/** Whether the flow that types a password at `place` goes on to pass MFA itself; each function read once per file. */
export function passesMfa(context: TypeScriptRuleContext, place: Node): boolean {
  return context.once(readMfaSteps).after(place, 0);
}

function readMfaSteps(context: TypeScriptRuleContext): MfaSteps {
  return new MfaSteps(context);
}

class MfaSteps {
  private readonly completed = new Map<Node, boolean>();

  constructor(private readonly context: TypeScriptRuleContext) {}

  /** The flow of the place passes MFA (see `completedIn`), or every call of its function in the file is in a flow that does. */
  after(place: Node, callersUp: number): boolean {
    const flow = flowOf(this.context.program, place);
    if (this.completedIn(flow)) return true;
    if (callersUp >= MAX_CALLERS_UP || !isFunction(flow)) return false;
    const callers = fileFunctionCalls(this.context).callsOf(flow);
    return callers.length > 0 && callers.every((caller) => this.after(caller, callersUp + 1));
  }

  /**
   * Whether code types into the one-time code box of Microsoft's page (`#idTxtBx_SAOTCC_OTC`), or
   * computes a code with an OTP module (otplib's `authenticator.generate()`, otpauth's `new TOTP(…)`,
   * a project's `generateMfaCode()` from `./utils/mfa`), itself or in a function of the file it calls.
   */
  private completedIn(code: Node): boolean {
    const known = this.completed.get(code);
    if (known !== undefined) return known;
    this.completed.set(code, false); // a function calling itself
    const completed = nodesOf(code).some((node) => this.completes(node));
    this.completed.set(code, completed);
    return completed;
  }

  private completes(node: Node): boolean {
    if (node.type === 'Literal') return typeof node.value === 'string' && MICROSOFT_CODE_ENTRY.test(node.value);
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return false;
    const callee = unwrap(node.callee);
    const { facts } = this.context;
    const imported = facts.resolveImport(callee) ?? (callee.type === 'MemberExpression' ? facts.resolveImport(callee.object) : undefined);
    if (imported !== undefined && OTP_MODULE.test(imported.module)) return true;
    return node.type === 'CallExpression' && calledFunctions(this.context, node).some((fn) => this.completedIn(fn));
  }
}
