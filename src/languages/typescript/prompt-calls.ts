import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingNames, calleeName, isGlobalObject, nodesOfType, ownFunctions, unwrap, walk, type Node } from './ast';
import { bindingOf } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

/** Where the person a prompt asks types the answer in, which says how they can sign in with MFA instead. */
export type Asker = 'terminal' | 'vscode' | 'page' | 'mobile-app';

interface PromptSource {
  asker: Asker;
  /** A file that imports one of these makes a prompt by any of the calls' names. */
  modules: readonly string[];
  calls: ReadonlySet<string>;
}

/**
 * Terminal prompts: readline's and readline-sync's `question`, `inquirer.prompt`, `prompts()`, enquirer's
 * `prompt`, @inquirer/prompts' `password`/`input`, the read package's `read`.
 */
export const TERMINAL_PROMPT_MODULES = ['readline', 'readline/promises', 'readline-sync', 'inquirer', '@inquirer/prompts', '@inquirer/password', 'prompts', 'enquirer', 'prompt', 'prompt-sync', 'read', 'password-prompt'];

const PROMPT_SOURCES: readonly PromptSource[] = [
  {
    asker: 'terminal',
    modules: TERMINAL_PROMPT_MODULES,
    calls: new Set(['question', 'questionNewPassword', 'prompt', 'prompts', 'password', 'input', 'read', 'passwordPrompt', 'promptSync']),
  },
  // A VS Code extension's input box (`vscode.window.showInputBox({ password: true })`, or one it builds with
  // `createInputBox()` and reads `.value` of): whoever uses the extension types it.
  { asker: 'vscode', modules: ['vscode'], calls: new Set(['showInputBox', 'createInputBox']) },
];

/**
 * The file's prompt calls: by the names of the prompt sources the file imports, the page's own
 * `prompt()` (a global, or the global object's: `window.prompt(…)`), and by the names of the file's own
 * functions that make one (`const ask = (q) => new Promise((r) => rl.question(q, r))`).
 */
export class PromptCalls {
  private readonly byName = new Map<string, Asker>();
  private readonly helpers = new Map<string, Asker>();
  private readonly pageGlobal: boolean;

  constructor(private readonly context: TypeScriptRuleContext) {
    const imports = (module: string): boolean => context.facts.modules.has(module) || context.facts.modules.has(`node:${module}`);
    for (const source of PROMPT_SOURCES.filter((candidate) => candidate.modules.some(imports))) {
      for (const name of source.calls) if (!this.byName.has(name)) this.byName.set(name, source.asker);
    }
    // Most files never name it: the text says so before a walk of the file's functions.
    const namesPrompt = /\bprompt\s*\(/.test(context.text);
    if (this.byName.size === 0 && !namesPrompt) {
      this.pageGlobal = false;
      return;
    }
    this.pageGlobal = namesPrompt && !declares(context, 'prompt');
    for (const [name, fn] of ownFunctions(context.program)) {
      const asker = this.within(fn);
      if (asker) this.helpers.set(name, asker);
    }
  }

  /** Who answers the call, where it is a prompt. */
  askerOf(call: TSESTree.CallExpression): Asker | undefined {
    return this.named(call) ?? (call.callee.type === 'Identifier' ? this.helpers.get(call.callee.name) : undefined);
  }

  /** Who answers the first prompt made inside `node`. */
  within(node: Node): Asker | undefined {
    let asker: Asker | undefined;
    walk(node, (inner) => {
      if (!asker && inner.type === 'CallExpression') asker = this.named(inner);
    });
    return asker;
  }

  /** A call by a prompt source's name (`question`, `prompt`, `showInputBox`, …), or the page's `prompt()`. */
  private named(call: TSESTree.CallExpression): Asker | undefined {
    const callee = unwrap(call.callee);
    const name = calleeName(callee) ?? '';
    const asker = this.byName.get(name);
    if (asker || name !== 'prompt' || !this.pageGlobal) return asker;
    if (callee.type === 'MemberExpression') return isGlobalObject(callee.object) ? 'page' : undefined;
    return callee.type === 'Identifier' && bindingOf(this.context, callee).kind === 'module' ? 'page' : undefined;
  }
}

/** The file's prompt calls, worked out once per file: every sign-in of it asks. */
export function promptCallsOf(context: TypeScriptRuleContext): PromptCalls {
  return new PromptCalls(context);
}

/** Whether the file declares a name anywhere (an import, a variable, a function or a class): then it is no global of that name. */
export function declares(context: TypeScriptRuleContext, name: string): boolean {
  return context.facts.imports.has(name) || context.once(declaredNames).has(name);
}

/** The names the file's variables, functions and classes declare, read once per file. */
function declaredNames(context: TypeScriptRuleContext): Set<string> {
  const names = new Set<string>();
  for (const declarator of nodesOfType(context.program, 'VariableDeclarator')) bindingNames(declarator.id, names);
  for (const declaration of nodesOfType(context.program, 'FunctionDeclaration', 'ClassDeclaration')) if (declaration.id) names.add(declaration.id.name);
  return names;
}
