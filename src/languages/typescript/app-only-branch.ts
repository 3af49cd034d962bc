import { lineNumberAt } from '../../engine/text';
import { ancestorsOf, calleeName, memberName, methodCalls, nodesOfType, stringValue, unwrap, type Node } from './ast';
import { within } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

/** Token acquisitions as the app itself, with no user: msal-node's, adal-node's and @azure/identity's. */
const APP_ONLY_METHODS = ['acquireTokenByClientCredential', 'acquireTokenWithClientCredentials', 'acquireTokenWithClientCertificate'];
const APP_ONLY_CREDENTIALS = new Set(['ClientSecretCredential', 'ClientCertificateCredential']);
/** Methods that only normalise a setting's text before it is compared (`mode.toLowerCase() === "masteruser"`). */
const NORMALISING = new Set(['toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim']);

/** The file's service-principal sign-in that the same setting chooses instead of a password sign-in. */
export interface AppOnlyBranch {
  /** The app-only token acquisition. */
  call: Node;
  /** The setting, as the code writes it (`config.authenticationMode`). */
  setting: string;
  /** The value that chooses the app-only branch (`serviceprincipal`), where the code compares with one. */
  value?: string;
}

/**
 * Power BI's embedding samples sign in as a "master user" or as a service principal, as a setting
 * says (`if (config.authenticationMode.toLowerCase() === "masteruser") … else if (… === "serviceprincipal")`):
 * where the password sign-in is one branch of such a choice and an app-only acquisition another,
 * switching the setting is an alternative to rewriting the sign-in.
 */
export function appOnlyBranchBeside(context: TypeScriptRuleContext, signIn: Node): AppOnlyBranch | undefined {
  const settings = new Set(settingBranchesAround(context, signIn).map((branch) => branch.setting));
  if (settings.size === 0) return undefined;
  for (const call of appOnlyAcquisitions(context)) {
    const branches = settingBranchesAround(context, call).filter((branch) => settings.has(branch.setting));
    const apart = branches.find((branch) => !within(signIn, branch.body));
    if (apart) return { call, setting: apart.setting, value: branches.find((branch) => branch.value !== undefined)?.value };
  }
  return undefined;
}

function appOnlyAcquisitions(context: TypeScriptRuleContext): Node[] {
  const credentials = nodesOfType(context.program, 'NewExpression').filter((made) => APP_ONLY_CREDENTIALS.has(calleeName(made.callee) ?? ''));
  return [...APP_ONLY_METHODS.flatMap((method) => methodCalls(context.program, method)), ...credentials];
}

/** A branch of an `if` or a `switch` on a setting, and the value that chooses it (for the `if`'s own branch, or a case). */
interface SettingBranch {
  setting: string;
  value?: string;
  body: Node;
}

function settingBranchesAround(context: TypeScriptRuleContext, node: Node): SettingBranch[] {
  const ancestors = ancestorsOf(context.program, node);
  return ancestors.flatMap((ancestor, i): SettingBranch[] => {
    const child = ancestors[i + 1] ?? node;
    if (ancestor.type === 'IfStatement' && child !== ancestor.test) {
      const test = settingTest(context, ancestor.test);
      const chosen = test && (child === ancestor.consequent) !== test.negated;
      return test ? [{ setting: test.setting, value: chosen ? test.value : undefined, body: child }] : [];
    }
    const choice = ancestors[i - 1];
    if (ancestor.type === 'SwitchCase' && child !== ancestor.test && choice?.type === 'SwitchStatement') {
      const setting = settingText(context, choice.discriminant);
      return setting ? [{ setting, value: ancestor.test ? stringValue(ancestor.test) : undefined, body: ancestor }] : [];
    }
    return [];
  });
}

/** `setting === "value"` (either way round, `==`, `!==` or `!=`). */
function settingTest(context: TypeScriptRuleContext, test: Node): { setting: string; value: string; negated: boolean } | undefined {
  const comparison = unwrap(test);
  if (comparison.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(comparison.operator)) return undefined;
  const [value, other] = stringValue(comparison.right) !== undefined ? [comparison.right, comparison.left] : [comparison.left, comparison.right];
  const text = stringValue(value);
  const setting = settingText(context, other);
  return text !== undefined && setting ? { setting, value: text, negated: comparison.operator.startsWith('!') } : undefined;
}

/** The setting a compared expression reads, as written, without the normalising calls around it; undefined for other expressions. */
function settingText(context: TypeScriptRuleContext, expression: Node): string | undefined {
  let value = unwrap(expression);
  while (value.type === 'CallExpression' && value.arguments.length === 0 && value.callee.type === 'MemberExpression' && NORMALISING.has(memberName(value.callee) ?? '')) {
    value = unwrap(value.callee.object);
  }
  if (value.type === 'ChainExpression') value = value.expression;
  return value.type === 'Identifier' || value.type === 'MemberExpression' ? context.text.slice(value.range[0], value.range[1]) : undefined;
}

/** The sentence a password sign-in's message adds, and why fix-all leaves it. */
export function appOnlyBranchNote(context: TypeScriptRuleContext, branch: AppOnlyBranch, fixed: boolean): string {
  const line = lineNumberAt(context.text, branch.call.range[0]);
  const set = branch.value !== undefined ? `set ${branch.setting} to "${branch.value}"` : `set ${branch.setting} to choose it`;
  const powerBi = /powerbi|analysis\.windows\.net|masteruser/i.test(context.text) ? " (Microsoft's recommendation for Power BI's app-owns-data embedding)" : '';
  return (
    `The file already signs in as a service principal (line ${line}) when ${branch.setting} chooses it: ${set}${powerBi}, and no user signs in.` +
    (fixed ? ` Fix-all leaves this sign-in to you: whether to switch ${branch.setting} to the service principal or keep a user through the Secure Application Model is a person's choice.` : '')
  );
}

export function appOnlyBranchRelated(branch: AppOnlyBranch): { message: string; startOffset: number; endOffset: number } {
  return { message: 'the service principal sign-in the same setting chooses', startOffset: branch.call.range[0], endOffset: branch.call.range[1] };
}
