import type { IndexedFunction } from './script-index';

/** Where a variable is written: an assignment, or an entry put into a hashtable. */
export interface VariableWrite {
  offset: number;
  /** Written as `$script:x` or `$global:x`. */
  scriptWide: boolean;
  /** The function whose variable it writes (-1: the script's), when that is not the one around `offset`. */
  scope?: number;
}

/** Which writes of a variable one use sees (see `FunctionScopes.useAt`). */
export interface UseScope {
  sees(write: VariableWrite): boolean;
  /**
   * The use is bound where it is: to a parameter, or to the script's variable (`$script:x`). Otherwise a
   * name no write around the use gives a value may get it from a caller (PowerShell looks names up
   * through the calls), which the text does not show.
   */
  readonly bound: boolean;
}

/**
 * PowerShell's scopes, as far as the text shows them: a write inside a function is its own, seen inside
 * it only; writes at the top level, and those with `$script:`/`$global:`, are the script's. A function's
 * parameter hides the variables of its name outside it, unless the script calls the function with a
 * variable of that same name (`Send-Body -Body $body`: the parameter holds the caller's value). Script
 * blocks are not told apart.
 */
export class FunctionScopes {
  private readonly functions: IndexedFunction[];
  /** For each function, the index of the innermost function around it; -1 at the top level. */
  private readonly parents: number[];
  /** `hidesWithParameter`'s answers: each asks for the calls of a function, which every use would ask again. */
  private readonly hiding = new Map<IndexedFunction, Map<string, boolean>>();

  constructor(
    functions: readonly IndexedFunction[],
    private readonly calledWithVariable: (declared: IndexedFunction, name: string) => boolean,
  ) {
    this.functions = [...functions].sort((a, b) => a.start - b.start);
    const around: number[] = [];
    this.parents = this.functions.map((declared, at) => {
      while (around.length && this.functions[around.at(-1)!].end <= declared.start) around.pop();
      const parent = around.at(-1) ?? -1;
      around.push(at);
      return parent;
    });
  }

  /** The writes a use of variable `name` at `offset` sees; `scriptWide`: the use is written `$script:x`. */
  useAt(offset: number, name: string, scriptWide = false): UseScope {
    const chain: number[] = [];
    let hidden = false;
    for (let at = this.innermostAt(offset); at !== -1 && !hidden; at = this.parents[at]) {
      chain.push(at);
      hidden = this.hides(at, name);
    }
    const seenWithin = new Set(chain);
    return {
      bound: hidden || scriptWide,
      sees: (write) => {
        const writtenIn = this.scopeOf(write);
        if (scriptWide) return writtenIn === -1;
        return seenWithin.has(writtenIn) || (!hidden && writtenIn === -1);
      },
    };
  }

  /**
   * The function whose variable `$name.K = v` or `$name.Add(…)` at `offset` changes: the innermost one
   * around it that takes or assigns `name` (`assignedAt`: where the script assigns it), else the script.
   */
  ownerOfMember(offset: number, name: string, assignedAt: readonly number[]): number {
    for (let at = this.innermostAt(offset); at !== -1; at = this.parents[at]) {
      const { start, end } = this.functions[at];
      if (this.hides(at, name) || assignedAt.some((written) => written > start && written < end && this.innermostAt(written) === at)) return at;
    }
    return -1;
  }

  /** The innermost function or method around `offset`, if any. */
  functionAround(offset: number): IndexedFunction | undefined {
    return this.functions[this.innermostAt(offset)];
  }

  /** The innermost function around `offset` that takes a parameter `name` (a nested function reads its outer's), if any. */
  parameterOwner(offset: number, name: string): IndexedFunction | undefined {
    for (let at = this.innermostAt(offset); at !== -1; at = this.parents[at]) {
      if (this.functions[at].params.includes(name)) return this.functions[at];
    }
    return undefined;
  }

  private scopeOf(write: VariableWrite): number {
    return write.scope ?? (write.scriptWide ? -1 : this.innermostAt(write.offset));
  }

  /** Whether the function's parameter `name` hides the script's variable of that name (see the class). */
  hidesWithParameter(declared: IndexedFunction, name: string): boolean {
    if (!declared.params.includes(name)) return false;
    let byName = this.hiding.get(declared);
    if (!byName) this.hiding.set(declared, (byName = new Map()));
    let hides = byName.get(name);
    if (hides === undefined) byName.set(name, (hides = !this.calledWithVariable(declared, name)));
    return hides;
  }

  private hides(at: number, name: string): boolean {
    return this.hidesWithParameter(this.functions[at], name);
  }

  /** The index of the innermost function around `offset`, -1 at the top level. */
  private innermostAt(offset: number): number {
    let low = 0;
    let high = this.functions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.functions[middle].start <= offset) low = middle + 1;
      else high = middle;
    }
    let at = low - 1;
    while (at !== -1 && this.functions[at].end <= offset) at = this.parents[at];
    return at;
  }
}
