import { lineNumberAt } from '../../../engine/text';
import { valueEndOf, type BoundParameter, type CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { branchingOf, enclosingStatement, ifBranchBlocks, type Node } from '../syntax';
import { UNKNOWN } from '../values';
import { splatReference } from './connect-rewrite';

/** Import-PSSession parameters Connect-ExchangeOnline takes too. */
const IMPORTED_SESSION_PARAMETERS = ['Prefix', 'CommandName', 'FormatTypeName'];

/** What the session's imports give Connect-ExchangeOnline (code by parameter), or why the fix cannot carry it over. */
export type ImportedArguments = { carried: ReadonlyMap<string, string>; withheld?: undefined } | { carried?: undefined; withheld: string };

/**
 * -Prefix, -CommandName and -FormatTypeName of the imports, where every import gives the same; a prefix
 * given only where it is set (`if ($Prefix) { Import-PSSession $s -Prefix $Prefix } else { Import-PSSession $s }`)
 * as it is, since Connect-ExchangeOnline takes an empty one for none. A prefix it rejects withholds the fix.
 */
export function importedArguments(context: PowerShellRuleContext, imports: readonly CommandCall[]): ImportedArguments {
  const carried = new Map<string, string>();
  for (const canonical of IMPORTED_SESSION_PARAMETERS) {
    const given = imports.map((i) => i.parameters.find((p) => p.canonical === canonical));
    const codes = given.map((p) => p && argumentCode(context.text, p));
    if (codes.every((code) => code === undefined)) continue;
    const code = agreed(codes) ?? (canonical === 'Prefix' ? prefixWhereSet(imports, codes) : undefined);
    if (code === undefined) return { withheld: differingImports(context, imports, canonical) };
    const rejected = canonical === 'Prefix' ? rejectedPrefix(context, imports, given) : undefined;
    if (rejected) return { withheld: rejected };
    carried.set(canonical, code);
  }
  return { carried };
}

function argumentCode(text: string, parameter: BoundParameter): string | undefined {
  if (parameter.splat) return splatReference(parameter.splat.variable, parameter.splat.key);
  return parameter.value && text.slice(parameter.value.startIndex, valueEndOf(parameter));
}

function agreed(codes: readonly (string | undefined)[]): string | undefined {
  return codes.every((code) => code !== undefined && code === codes[0]) ? codes[0] : undefined;
}

/**
 * `$Prefix` where each import that gives it is in the first block of an `if ($Prefix)` and each other one in
 * another block of that `if`: the runs without it have an empty (or no) prefix.
 */
function prefixWhereSet(imports: readonly CommandCall[], codes: readonly (string | undefined)[]): string | undefined {
  const given = new Set(codes.filter((code): code is string => code !== undefined).map((code) => code.toLowerCase()));
  const [variable] = given;
  if (given.size !== 1 || !/^\$\w+$/.test(variable)) return undefined;
  const branches = imports.map((i) => branchOf(i.node));
  const statement = branches[0]?.statement;
  if (!statement || !branches.every((b) => b?.statement.id === statement.id)) return undefined;
  const [first] = ifBranchBlocks(statement);
  if (statement.namedChild(0)?.text.trim().toLowerCase() !== variable) return undefined;
  const where = branches.every((b, i) => (codes[i] !== undefined) === (b!.block.id === first.id));
  return where ? codes.find((code) => code !== undefined) : undefined;
}

/** The `if` block a command's statement stands in directly, and that `if`. */
function branchOf(command: Node): { statement: Node; block: Node } | undefined {
  const block = enclosingStatement(command).parent?.parent;
  const statement = block?.type === 'statement_block' ? branchingOf(block) : undefined;
  return statement?.type === 'if_statement' ? { statement, block: block! } : undefined;
}

function differingImports(context: PowerShellRuleContext, imports: readonly CommandCall[], canonical: string): string {
  const lines = imports.map((i) => lineNumberAt(context.text, i.node.startIndex));
  return (
    `the session's cmdlets are imported with -${canonical} on some runs only, or with another one on others (lines ${lines.join(', ')}): ` +
    `connect with Connect-ExchangeOnline -${canonical} as each run needs`
  );
}

/**
 * A prefix Connect-ExchangeOnline throws on: EXO, which the module keeps for its own Get-EXO* cmdlets, or one of
 * other characters than letters and digits (see the module's -Prefix).
 */
function rejectedPrefix(context: PowerShellRuleContext, imports: readonly CommandCall[], given: readonly (BoundParameter | undefined)[]): string | undefined {
  for (const [i, parameter] of given.entries()) {
    const shapes = parameter?.value ? context.values().everyShapeOf(parameter.value) : [];
    const prefix = shapes.find((shape) => !shape.includes(UNKNOWN) && (shape.toLowerCase() === 'exo' || !/^[a-z0-9]*$/i.test(shape)));
    if (prefix === undefined) continue;
    const where = `Import-PSSession on line ${lineNumberAt(context.text, imports[i].node.startIndex)} gives the session's cmdlets the prefix ${prefix}`;
    const calls = prefixedCalls(context, prefix);
    const rename = `rename the script's prefixed calls to match${calls ? `, such as ${calls}` : ''}, then apply the fix`;
    return prefix.toLowerCase() === 'exo'
      ? `${where}, which Connect-ExchangeOnline rejects: EXO is reserved for the module's own Get-EXO* cmdlets (Get-EXOMailbox, Get-EXORecipient, …); choose another prefix, or none, and ${rename}`
      : `${where}, which Connect-ExchangeOnline rejects: its prefix is made of letters and digits only; choose such a prefix, or none, and ${rename}`;
  }
  return undefined;
}

/** The script's first call of a cmdlet with the prefix (`Get-EXOUser on line 7`), as written; not of a function of its own (`Connect-EXOnline`). */
function prefixedCalls(context: PowerShellRuleContext, prefix: string): string | undefined {
  const noun = new RegExp(`^[a-z]+-${prefix.replace(/\W/g, '\\$&')}\\w`, 'i');
  const own = context.functionNames();
  const calls = [...context.index.commandsByName()].filter(([name]) => noun.test(name) && !own.has(name)).flatMap(([, commands]) => commands);
  const first = calls.sort((a, b) => a.start - b.start)[0];
  return first?.written && `${first.written.text} on line ${lineNumberAt(context.text, first.start)}`;
}
