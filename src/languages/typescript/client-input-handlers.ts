import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, propertyKeyName, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';

/** NextAuth's and Auth.js's Credentials provider, whose `authorize` gets what the sign-in form posts. */
const CREDENTIALS_PROVIDER = /^(?:next-auth|@auth\/[\w-]+)\/providers\/credentials$/;
/** Electron's main-process listeners for what a window's renderer sends (`ipcRenderer.invoke('login', …)`). */
const IPC_LISTENERS = new Set(['handle', 'handleOnce', 'on', 'once']);

/**
 * Whether a framework calls `fn` with what a client fills in, as it would a request handler: the
 * Credentials provider's `authorize(credentials)` (the sign-in form's fields), an Electron `ipcMain`
 * listener (what the window sends, typed in by the app's user).
 */
export function receivesClientInput(context: TypeScriptRuleContext, fn: TSESTree.FunctionLike): boolean {
  return isCredentialsAuthorize(context, fn) || isIpcListener(context, fn);
}

/** `CredentialsProvider({ authorize(credentials) { … } })`, also `authorize: async (c) => …`. */
function isCredentialsAuthorize(context: TypeScriptRuleContext, fn: Node): boolean {
  const property = parentOf(context.program, fn);
  if (property?.type !== 'Property' || property.value !== fn || propertyKeyName(property) !== 'authorize') return false;
  const options = parentOf(context.program, property);
  const call = options && parentOf(context.program, options);
  if (call?.type !== 'CallExpression' || call.arguments[0] !== options) return false;
  return CREDENTIALS_PROVIDER.test(context.facts.resolveImport(call.callee)?.module ?? '');
}

/** `ipcMain.handle('login', (event, credentials) => …)`, where `ipcMain` is Electron's. */
function isIpcListener(context: TypeScriptRuleContext, fn: Node): boolean {
  const call = parentOf(context.program, fn);
  if (call?.type !== 'CallExpression' || call.arguments[1] !== fn || call.callee.type !== 'MemberExpression') return false;
  if (!IPC_LISTENERS.has(memberName(call.callee) ?? '')) return false;
  const listener = context.facts.resolveImport(call.callee.object);
  return listener?.module === 'electron' && listener.name === 'ipcMain';
}
