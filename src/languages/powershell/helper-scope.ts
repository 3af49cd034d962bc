import type { TextEdit } from '../../engine/finding';
import { calledName, type ScriptIndex } from './script-index';

/**
 * Where a function a fix adds must be defined to be there when the fixed code calls it: `global` for
 * code in a `function global:` (or in a function nested in one). Such a script is run once to leave its
 * functions for the prompt (`function global:Start-Login`), and its own scope is gone when they run.
 */
export type HelperScope = 'script' | 'global';

export function helperScopeAt(index: ScriptIndex, offset: number): HelperScope {
  const inGlobal = index.functions().some((fn) => !!fn.name && /^global:/i.test(fn.name) && fn.start <= offset && offset < fn.end);
  return inGlobal ? 'global' : 'script';
}

/** A function's code as written by a template (`function Get-SamAccessToken {`), defined in `scope`. */
export function definedIn(scope: HelperScope, code: string): string {
  return scope === 'global' ? code.replace(/^function /, 'function global:') : code;
}

/**
 * Edits that define the script's own `name` globally where code of that scope calls it: each of its
 * definitions at the script's top level without a scope (another fix added it there); none where one is
 * global already.
 */
export function definitionsIn(scope: HelperScope, index: ScriptIndex, text: string, name: string): TextEdit[] {
  if (scope === 'script') return [];
  const own = index.functions().filter((fn) => calledName(fn) === name.toLowerCase());
  if (own.some((fn) => /^global:/i.test(fn.name ?? ''))) return [];
  return own.flatMap((fn) => {
    const keyword = /^(?:function|filter)\s+(?=[\w-]+\s*[({])/i.exec(text.slice(fn.start, fn.end));
    return keyword && atTopLevel(index, fn) ? [{ startOffset: fn.start + keyword[0].length, endOffset: fn.start + keyword[0].length, newText: 'global:' }] : [];
  });
}

function atTopLevel(index: ScriptIndex, fn: { start: number; end: number }): boolean {
  return !index.functions().some((outer) => outer.start < fn.start && fn.end <= outer.end);
}
