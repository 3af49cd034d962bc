import type { IndexedFunction } from './script-index';

/** Where a variable is written: an assignment, or an entry put into a hashtable. */
export interface VariableWrite {
  offset: number;
  /** Written as `$script:x` or `$global:x`. */
  scriptWide: boolean;
}

/**
 * Which writes of a variable a use sees, by the functions around them (PowerShell's scopes, as far as
 * the text shows them): a write inside a function is seen inside that function only, and a function's
 * parameter hides the writes of its name outside the function. Writes at the top level, and those
 * with `$script:`/`$global:`, are seen everywhere else. Script blocks are not told apart.
 */
export class FunctionScopes {
  private readonly functions: IndexedFunction[];
  /** For each function, the index of the innermost function around it; -1 at the top level. */
  private readonly parents: number[];

  constructor(functions: readonly IndexedFunction[]) {
    this.functions = [...functions].sort((a, b) => a.start - b.start);
    const around: number[] = [];
    this.parents = this.functions.map((declared, at) => {
      while (around.length && this.functions[around.at(-1)!].end <= declared.start) around.pop();
      const parent = around.at(-1) ?? -1;
      around.push(at);
      return parent;
    });
  }

  /** Whether a use of variable `name` at `offset` can see `write` (whatever their order). */
  sees(offset: number, name: string, write: VariableWrite): boolean {
    if (this.functions.length === 0) return true;
    const writtenIn = write.scriptWide ? -1 : this.innermostAt(write.offset);
    for (let at = this.innermostAt(offset); at !== -1; at = this.parents[at]) {
      if (at === writtenIn) return true;
      if (this.functions[at].params.includes(name)) return false;
    }
    return writtenIn === -1;
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
