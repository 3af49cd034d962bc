import type { NotCode } from '../../engine/rule';
import { escapeRegExp } from '../../engine/text';
import type { CmdletSpec } from './cmdlets';
import { powerShellNotCode } from './comments';
import type { BoundParameter, CommandCall } from './command';
import { calledName, namesScriptVariable, type IndexedCommand, type IndexedFunction, type ScriptIndex } from './script-index';
import { variableName, type Node } from './syntax';
import type { ScriptValues } from './values';

/** What one call of a script's function gives one of its parameters. */
export interface ParameterArgument {
  /** The call of the function. */
  call: CommandCall;
  /** The argument the call binds to the parameter, or the parameter's default when it binds none. */
  value: Node;
}

/**
 * The calls of the functions a script declares, bound as PowerShell binds them (by name, by prefix,
 * by position, splatted): so that a wrapper's parameter (`function Get-Token($Body) { Invoke-RestMethod
 * … -Body $Body }`) can be read at each call (`Get-Token -Body $tokenBody`).
 */
export class ScriptFunctionCalls {
  private readonly calls = new Map<IndexedFunction, CommandCall[]>();
  private readonly given = new Map<IndexedFunction, Map<string, ParameterArgument[]>>();
  private readonly escaping = new Map<IndexedFunction, boolean>();
  private notCode?: NotCode;
  private plainMentions?: Map<string, number[]>;

  constructor(
    private readonly path: string,
    private readonly index: ScriptIndex,
    private readonly values: () => ScriptValues,
    private readonly callOf: (command: IndexedCommand, spec: CmdletSpec) => CommandCall,
  ) {}

  /**
   * What a variable reading a parameter of the function around it holds, call by call (calls from
   * inside the function itself pass on what an outer call gave: they are left out). Undefined when
   * it reads no parameter there, or one the function assigns before the use.
   */
  argumentsFor(variable: Node): ParameterArgument[] | undefined {
    const name = variableName(variable);
    const declared = this.index.scopes().functionAround(variable.startIndex);
    if (!name || !declared?.name || namesScriptVariable(variable) || !declared.params.includes(name)) return undefined;
    const seen = this.values().assignmentSeenBy(variable);
    const own = seen && seen.offset > declared.start && seen.offset < declared.end;
    const isDefault = declared.defaults.some((given) => given.start === seen?.offset);
    if (own && !isDefault) return undefined;
    return this.parameterArguments(declared, name);
  }

  /** What each call of the function from outside it gives its parameter `name` (or the parameter's default). */
  parameterArguments(declared: IndexedFunction, name: string): ParameterArgument[] {
    let byName = this.given.get(declared);
    if (!byName) this.given.set(declared, (byName = new Map()));
    let given = byName.get(name);
    if (!given) byName.set(name, (given = this.argumentsOf(declared, name)));
    return given;
  }

  private argumentsOf(declared: IndexedFunction, name: string): ParameterArgument[] {
    const given = declared.defaults.find((parameter) => parameter.name === name);
    const fallback = given && this.index.node(given, 'script_parameter_default').namedChild(0);
    return this.callsFromOutside(declared).flatMap((call) => {
      const value = call.parameters.find((parameter) => parameter.canonical === name)?.value ?? fallback;
      return value ? [{ call, value }] : [];
    });
  }

  /**
   * Whether the script calls the function and each call from outside it gives it `name` (by name, by
   * position or splatted), leaving it to no default; `surely` says whether a call's argument is given on
   * every run of it (a splatted key may be set on some branches only).
   */
  givenByEveryCall(declared: IndexedFunction, name: string, surely: (call: CommandCall, parameter: BoundParameter) => boolean = () => true): boolean {
    const calls = this.callsFromOutside(declared);
    return calls.length > 0 && calls.every((call) => call.parameters.some((parameter) => parameter.canonical === name && surely(call, parameter)));
  }

  /**
   * Whether the script may call the function other than by a command naming it (`& $name`,
   * `${function:Get-Token}`, `Invoke-Command -ScriptBlock ${function:…}`), or other scripts may (a
   * module's functions): its name appears other than in its declaration and its calls.
   */
  mayBeCalledElsewhere(declared: IndexedFunction): boolean {
    let escapes = this.escaping.get(declared);
    if (escapes === undefined) this.escaping.set(declared, (escapes = this.findEscape(declared)));
    return escapes;
  }

  private findEscape(declared: IndexedFunction): boolean {
    const name = calledName(declared);
    if (/\.psm1$/i.test(this.path) || !name) return true;
    const mentions = this.mentionsOf(name);
    const most = this.callsOf(declared).length + 1;
    // Fewer mentions than that, comments among them or not, need no comment scan.
    if (mentions.length <= most) return false;
    // A comment calls nothing (`# Connect-Tenant signs in`, a help block's `.EXAMPLE`); a string may (`Invoke-Expression "Connect-Tenant …"`).
    const notCode = (this.notCode ??= powerShellNotCode(this.index.text) ?? { inComment: () => false });
    return mentions.filter((offset) => !notCode.inComment(offset)).length > most;
  }

  /** Where the script names a function (lower-case, as `calledName` gives it) as a word of its own. */
  private mentionsOf(name: string): number[] {
    // The script's plain names are searched for together: one pass over the script instead of one per function.
    if (PLAIN_NAME.test(name)) this.plainMentions ??= plainNameMentions(this.index.text, this.index.functions());
    return this.plainMentions?.get(name) ?? [...this.index.text.matchAll(mentionPattern([name]))].map((m) => m.index);
  }

  /** The function's calls but those from inside it, which pass on what an outer call gave. */
  private callsFromOutside(declared: IndexedFunction): CommandCall[] {
    return this.callsOf(declared).filter((call) => call.start < declared.start || call.start >= declared.end);
  }

  private callsOf(declared: IndexedFunction): CommandCall[] {
    let calls = this.calls.get(declared);
    if (!calls) {
      const spec = functionSpec(declared);
      calls = this.index.callsOf(declared).map((command) => this.callOf(command, spec));
      this.calls.set(declared, calls);
    }
    return calls;
  }
}

/**
 * Names of letters, digits, `_` and `-` only: no mention of one can lie inside another's (its first
 * character would follow a word character), so one search finds each name's mentions as a search of it alone.
 */
const PLAIN_NAME = /^[\w-]+$/;

/** A name's mentions as a word of its own (not inside a longer name), in any case; several names, longest first. */
const mentionPattern = (names: readonly string[]): RegExp =>
  new RegExp(`(?<![\\w-])(?:${[...names].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\w-])`, 'gi');

/** Where the script mentions each of its functions' plain names (see `PLAIN_NAME`), by the name. */
function plainNameMentions(text: string, functions: readonly IndexedFunction[]): Map<string, number[]> {
  const mentions = new Map<string, number[]>();
  for (const declared of functions) {
    const name = calledName(declared);
    if (name && PLAIN_NAME.test(name)) mentions.set(name, []);
  }
  if (mentions.size === 0) return mentions;
  for (const match of text.matchAll(mentionPattern([...mentions.keys()]))) mentions.get(match[0].toLowerCase())?.push(match.index);
  return mentions;
}

/** A script function's parameters as the binder sees them (lower-case names, as `variableName` gives them). */
function functionSpec(declared: IndexedFunction): CmdletSpec {
  const parameters: Record<string, string[]> = {};
  for (const name of declared.params) {
    const aliases = Object.hasOwn(declared.aliases, name) ? declared.aliases[name] : [];
    Object.defineProperty(parameters, name, { value: aliases, enumerable: true });
  }
  return { name: declared.name!, parameters, switches: declared.switches, positions: declared.positions, common: declared.advanced };
}
