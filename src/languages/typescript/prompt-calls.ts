import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, ownFunctions, unwrap, walk, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * The calls that ask the person running the program for a value, in a file that imports a prompt
 * module: readline's and readline-sync's `question`, `inquirer.prompt`, `prompts()`, enquirer's
 * `prompt`, @inquirer/prompts' `password`/`input`, the read package's `read`.
 */
const PROMPTS = new Set(['question', 'questionNewPassword', 'prompt', 'prompts', 'password', 'input', 'read', 'passwordPrompt', 'promptSync']);
export const PROMPT_MODULES = ['readline', 'readline/promises', 'readline-sync', 'inquirer', '@inquirer/prompts', '@inquirer/password', 'prompts', 'enquirer', 'prompt', 'prompt-sync', 'read', 'password-prompt'];

/**
 * The file's prompt calls: by the prompt modules' names, in a file that imports one, and by the names
 * of the file's own functions that make one (`const ask = (q) => new Promise((r) => rl.question(q, r))`).
 */
export class PromptCalls {
  private readonly helpers = new Set<string>();
  private readonly asks: boolean;

  constructor(context: TypeScriptRuleContext) {
    this.asks = PROMPT_MODULES.some((module) => context.facts.modules.has(module) || context.facts.modules.has(`node:${module}`));
    if (!this.asks) return;
    for (const [name, fn] of ownFunctions(context.program)) if (this.within(fn)) this.helpers.add(name);
  }

  is(call: TSESTree.CallExpression): boolean {
    return this.asks && (namedLikeAPrompt(call) || (call.callee.type === 'Identifier' && this.helpers.has(call.callee.name)));
  }

  /** Whether a prompt module's call is made inside `node`. */
  within(node: Node): boolean {
    if (!this.asks) return false;
    let found = false;
    walk(node, (inner) => {
      found ||= inner.type === 'CallExpression' && namedLikeAPrompt(inner);
    });
    return found;
  }
}

/** The file's prompt calls, worked out once per file: every sign-in of it asks. */
export function promptCallsOf(context: TypeScriptRuleContext): PromptCalls {
  return new PromptCalls(context);
}

/** A call by a prompt module's function name (`question`, `prompt`, …); whether the file asks at all is checked apart. */
function namedLikeAPrompt(call: TSESTree.CallExpression): boolean {
  return PROMPTS.has(calleeName(unwrap(call.callee)) ?? '');
}
