import { nodesOfType, parentOf, throughTypeAssertions } from './ast';
import { bindingOf } from './name-bindings';
import type { TypeScriptRuleContext } from './rule-context';

const BROWSER_FRAMEWORKS = ['react', 'react-dom', 'preact', 'vue', 'svelte', 'solid-js', '@angular/core', '@angular/common/http'];
const PAGE_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'XMLHttpRequest', '$', 'jQuery']);

/**
 * Whether the file runs in a browser, where an app's secret and a refresh token must not go: it uses
 * JSX, imports a front-end framework, or uses what only a page has (see `readsPageGlobals`).
 */
export function runsInBrowser(context: TypeScriptRuleContext): boolean {
  return context.once(hasJsx) || BROWSER_FRAMEWORKS.some((module) => context.facts.modules.has(module)) || context.once(readsPageGlobals);
}

function hasJsx(context: TypeScriptRuleContext): boolean {
  return nodesOfType(context.program, 'JSXElement', 'JSXFragment').length > 0;
}

/**
 * Whether the file uses what only a page has: `document.getElementById(…)`, `localStorage.setItem(…)`,
 * `$(…)`, `new XMLHttpRequest()`, `(window as any).__env__`: a global read as an object or called (cast
 * or not), not a name the file declares, a type's or a class's member of that name, nor `typeof window`
 * (code for Node and pages asks that).
 * A script with a `#!` line runs in Node (zx's `$`).
 */
function readsPageGlobals(context: TypeScriptRuleContext): boolean {
  if (context.text.startsWith('#!')) return false;
  const facts = context.facts;
  // Names the module declares (`declare const $`); a function's own are its binding's.
  const declared = new Set(
    context.program.body.flatMap((statement) => {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      return declaration?.type === 'VariableDeclaration' ? declaration.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : [])) : [];
    }),
  );
  return nodesOfType(context.program, 'Identifier').some((name) => {
    if (!PAGE_GLOBALS.has(name.name) || facts.imports.has(name.name) || declared.has(name.name)) return false;
    const value = throughTypeAssertions(context.program, name);
    const parent = parentOf(context.program, value);
    const used =
      (parent?.type === 'MemberExpression' && parent.object === value) ||
      ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee === value);
    return used && bindingOf(context, name).kind === 'module';
  });
}
