import type { CmdletSpec } from './cmdlets';
import type { CommandCall } from './command';
import { namesScriptVariable, type IndexedCommand, type IndexedFunction, type ScriptIndex } from './script-index';
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

  constructor(
    private readonly index: ScriptIndex,
    private readonly values: () => ScriptValues,
    private readonly callOf: (command: IndexedCommand, spec: CmdletSpec) => CommandCall,
  ) {}

  /**
   * What a variable reading a parameter of the function around it holds, call by call. Undefined
   * when it reads no parameter there, or one the function assigns before the use, or the script's
   * variable (see `FunctionScopes`: a function called with a variable of the parameter's name).
   */
  argumentsFor(variable: Node): ParameterArgument[] | undefined {
    const name = variableName(variable);
    const scopes = this.index.scopes();
    const declared = scopes.functionAround(variable.startIndex);
    if (!name || !declared?.name || namesScriptVariable(variable) || !scopes.hidesWithParameter(declared, name)) return undefined;
    const seen = this.values().assignmentSeenBy(variable);
    const given = declared.defaults.find((parameter) => parameter.name === name);
    if (seen && seen.offset !== given?.start) return undefined;
    return this.callsOf(declared).flatMap((call) => {
      const value = call.parameters.find((parameter) => parameter.canonical === name)?.value ?? seen?.value;
      return value ? [{ call, value }] : [];
    });
  }

  private callsOf(declared: IndexedFunction): CommandCall[] {
    let calls = this.calls.get(declared);
    if (!calls) {
      const spec = functionSpec(declared);
      const commands = this.index.commandsByName().get(spec.name.replace(/^\w+:/, '').toLowerCase()) ?? [];
      calls = commands.map((command) => this.callOf(command, spec));
      this.calls.set(declared, calls);
    }
    return calls;
  }
}

/** A script function's parameters as the binder sees them (lower-case names, as `variableName` gives them). */
function functionSpec(declared: IndexedFunction): CmdletSpec {
  const valued = declared.params.filter((name) => !declared.switches.includes(name));
  return { name: declared.name!, parameters: Object.fromEntries(valued.map((name) => [name, []])), switches: declared.switches, positions: declared.positions };
}
