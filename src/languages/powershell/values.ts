import { firstAtOrAfter } from '../../engine/text';
import { namesScriptVariable, type Extent, type IndexedAssignment, type ParameterDefault, type ScriptIndex } from './script-index';
import { hashLiteral, type HashtableFacts } from './hashtables';
import { commandName, isParameterName } from './command';
import { constructorArguments } from './constructions';
import { functionOutput } from './function-outputs';
import { assignmentOperator, BRANCHES, branchingOf, ifBranchBlocks, innermost, invokedMemberName, isWithin, unwrapped, variableName, withoutSingleQuotes, writtenVariableName, type Node } from './syntax';

/** Stands for a part of a string the file does not show (a parameter, `$env:X`, a sub-expression). */
export const UNKNOWN = '\u0000';

// A body built up line by line (`$body = $body + "…"`) takes two levels per line.
const MAX_DEPTH = 40;
/** Shapes are cut here: `$b = $a + $a` a few dozen times over would double it each time. */
const MAX_SHAPE_LENGTH = 64 * 1024;

/** `text` with `more` added, cut at `MAX_SHAPE_LENGTH` (the cut shows as `UNKNOWN`). */
function appended(text: string, more: string): string {
  if (text.length > MAX_SHAPE_LENGTH) return text;
  const joined = text + more;
  return joined.length > MAX_SHAPE_LENGTH ? joined.slice(0, MAX_SHAPE_LENGTH) + UNKNOWN : joined;
}

/** An assignment's shape as worked out at `depth`; `cut`: the depth limit cut part of it. */
interface AssignedShape {
  shape: string;
  depth: number;
  cut: boolean;
}

/** A string a variable is given and then grown with `+=` (see `ScriptValues.grownStrings`). */
export interface GrownString {
  /** The value the variable is given first. */
  value: Node;
  /** What each `+=` adds, in order. */
  additions: Node[];
  /** The string it grows to. */
  shape: string;
}

/**
 * `$x = <value>` as written in the script, or a parameter's default (`param($x = <value>)`, for a
 * parameter that hides the script's variable, or the script's own): the last one before a use (that
 * the use can see) is the value it sees.
 */
export interface ScalarAssignment {
  offset: number;
  end: number;
  scriptWide: boolean;
  readonly value: Node;
  /** The whole `$x = …` expression. */
  readonly node: Node;
}

/**
 * The script's assignments by variable, and what string values its variables hold, as far as the file shows: for matching a URL or a
 * body by meaning however it is spelt (quotes, here-strings, `"…$tenant…"`, `-f`, `+`, variables).
 * A use sees the last assignment above it that its scope sees (see `FunctionScopes`).
 */
export class ScriptValues {
  private readonly byName = new Map<string, IndexedAssignment[]>();
  private readonly assignments = new Map<string, ScalarAssignment[]>();
  /**
   * The shape of each assignment's value, by its offset: read once however many uses lead to it. One
   * the depth limit cut is worked out again from a shallower use (at most once per depth).
   */
  private readonly assignedShapes = new Map<number, AssignedShape>();
  private cuts = 0;
  /** Set while `writtenShapeOf` runs: variables are not followed. */
  private asWritten = false;

  constructor(
    private readonly index: ScriptIndex,
    /** The hashtables the script builds, for `$config.SmtpServer`; none: such a member is unknown. */
    private readonly hashtables?: () => HashtableFacts,
  ) {
    for (const assignment of index.assignments()) {
      if (!assignment.scalar) continue;
      const list = this.byName.get(assignment.scalar);
      if (list) list.push(assignment);
      else this.byName.set(assignment.scalar, [assignment]);
    }
  }

  /**
   * The assignment of `name` that a use at `offset` sees (`scriptWide`: the use is written `$script:x`):
   * the last one above it in the use's scope (see `FunctionScopes`). A name neither assigned in its
   * scope nor bound to a parameter there takes the last assignment above it anywhere, as a caller's
   * variable would give it. Undefined: the file does not show the value.
   */
  assignmentBefore(name: string, offset: number, scriptWide = false): ScalarAssignment | undefined {
    const list = this.assignmentsOf(name);
    const use = this.index.scopes().useAt(offset, name, scriptWide);
    let last: ScalarAssignment | undefined;
    for (let at = lastStartingBefore(list, offset); at >= 0; at--) {
      const assignment = list[at];
      if (assignment.end > offset) continue; // the use is inside it: `$b = $b + 'x'`
      if (use.sees(assignment)) return assignment;
      last ??= assignment;
    }
    return use.bound ? undefined : last;
  }

  /** The assignment a variable node's use sees (see `assignmentBefore`). */
  assignmentSeenBy(variable: Node): ScalarAssignment | undefined {
    const name = variableName(variable);
    return name ? this.assignmentBefore(name, variable.startIndex, namesScriptVariable(variable)) : undefined;
  }

  /**
   * What an expression stands for: the value a variable holds where it is used (see `assignmentSeenBy`),
   * or the expression itself; undefined for a variable the file gives no value there.
   */
  heldValue(node: Node): Node | undefined {
    const inner = innermost(node);
    return inner.type === 'variable' ? this.assignmentSeenBy(inner)?.value : node;
  }

  /** Every assignment of `name` in the file, in order (their nodes are looked up for the names asked about only). */
  assignmentsOf(name: string): readonly ScalarAssignment[] {
    let list = this.assignments.get(name);
    if (!list) {
      const written = (this.byName.get(name) ?? []).map((at) => scalarAssignment(this.index, at, at.scriptWide, 'assignment_expression'));
      const given = this.parameterDefaults(name).map((at) => scalarAssignment(this.index, at, false, 'script_parameter_default'));
      list = [...written, ...given].sort((a, b) => a.offset - b.offset);
      this.assignments.set(name, list);
    }
    return list;
  }

  /** The defaults of the script's parameters named `name`, and of functions' that hide the script's variable. */
  private parameterDefaults(name: string): ParameterDefault[] {
    const scopes = this.index.scopes();
    const ofFunctions = this.index.functions().flatMap((declared) => (scopes.hidesWithParameter(declared, name) ? declared.defaults : []));
    return [...ofFunctions, ...this.index.scriptParameterDefaults()].filter((given) => given.name === name);
  }

  /**
   * The string an expression yields, with the parts the file does not show as `UNKNOWN`; a
   * non-string expression is `UNKNOWN` as a whole.
   */
  shapeOf(node: Node, depth = 0): string {
    if (depth > MAX_DEPTH) {
      this.cuts++;
      return UNKNOWN;
    }
    const inner = innermost(node);
    switch (inner.type) {
      case 'string_literal':
        return this.shapeOf(inner.namedChild(0) ?? inner, depth);
      case 'verbatim_string_characters':
        // Without its quotes: a bare word the grammar was given as a string (see `grammar-gaps.ts`), a quoted part's too.
        return withoutSingleQuotes(inner.text);
      case 'verbatim_here_string_characters':
        return hereStringBody(inner.text);
      case 'expandable_string_literal':
        // A bare word with a double-quoted part (`/x:"$dir\SQL"`) the grammar was given as the string it is (see `grammar-gaps.ts`).
        if (!inner.text.startsWith('"')) return this.expand(inner, inner.text, inner.startIndex, depth, 'word');
        return this.expand(inner, inner.text.slice(1, -1), inner.startIndex + 1, depth, 'string');
      case 'expandable_here_string_literal': {
        const body = hereStringBody(inner.text);
        return this.expand(inner, body, inner.startIndex + inner.text.indexOf(body), depth, 'here-string');
      }
      case 'generic_token':
        if (inner.namedChildCount > 0) return UNKNOWN;
        return inner.text.includes('$') ? this.bareWordShape(inner, depth) : inner.text;
      case 'variable':
        // `$LoginUrl/$Tenant/oauth2/token`, unquoted: the grammar reads the whole word as one variable.
        return writtenVariableName(inner) === undefined ? this.bareWordShape(inner, depth) : this.variableShape(inner, depth);
      case 'member_access':
        // `-Body $sb.ToString()`: among a command's arguments the grammar leaves the call's `()` after the member.
        return isToString(inner, node.nextNamedSibling ?? inner.nextNamedSibling) ? this.builderShape(inner.namedChild(0)!, depth) : this.memberShape(inner, depth);
      case 'invokation_expression':
        return isToString(inner, inner.namedChildren.find((c) => c?.type === 'argument_list') ?? null) ? this.builderShape(inner.namedChild(0)!, depth) : UNKNOWN;
      case 'parenthesized_expression':
        return inner.namedChild(0) ? this.shapeOf(inner.namedChild(0)!, depth + 1) : UNKNOWN;
      case 'sub_expression':
        return this.subExpressionShape(inner, depth);
      case 'additive_expression':
      case 'additive_argument_expression':
        return this.sumShape(inner, depth);
      case 'format_expression':
        return this.formatShape(inner, depth);
      case 'comparison_expression':
        return this.joinShape(inner, depth);
      case 'command':
      case 'command_name':
        return this.outputShape(inner, depth);
      default:
        return UNKNOWN;
    }
  }

  /**
   * Every string the expression may be where it is used: for a variable, the assignment the use sees and, where
   * that one is made only on some runs (in an `if`, a loop, a `try` the use is outside of), the ones before it
   * too, down to one made on every run; `UNKNOWN` where none is seen. Else the expression's shape (see `shapeOf`).
   */
  everyShapeOf(node: Node): string[] {
    const inner = innermost(node);
    if (inner.type !== 'variable' || !variableName(inner)) return [this.shapeOf(node)];
    const seen = this.assignmentSeenBy(inner);
    if (!seen) return [UNKNOWN];
    const earlier = this.assignmentsOf(variableName(inner)!).filter((assignment) => assignment.offset < seen.offset);
    const shapes = [this.shapeOf(seen.value)];
    for (let at = seen, i = earlier.length - 1; madeOnSomeRuns(at.node, inner) && i >= 0; at = earlier[i--]) shapes.push(this.shapeOf(earlier[i].value));
    if (madeOnSomeRuns((earlier[0] ?? seen).node, inner) && shapes.length > earlier.length) shapes.push(UNKNOWN);
    return shapes;
  }

  /** The string as the expression writes it: like `shapeOf`, but what variables hold is `UNKNOWN` too. */
  writtenShapeOf(node: Node): string {
    this.asWritten = true;
    try {
      return this.shapeOf(node);
    } finally {
      this.asWritten = false;
    }
  }

  private variableShape(variable: Node, depth: number): string {
    const name = variableName(variable);
    return name ? this.namedShape(name, variable.startIndex, namesScriptVariable(variable), depth) : UNKNOWN;
  }

  /** What the variable `name` (lower-case, without a scope) holds for a use at `offset` (see `assignmentBefore`). */
  private namedShape(name: string, offset: number, scriptWide: boolean, depth: number): string {
    if (name.startsWith('env:') || this.asWritten) return UNKNOWN;
    const assignment = this.assignmentBefore(name, offset, scriptWide);
    if (!assignment) return UNKNOWN;
    const known = this.assignedShapes.get(assignment.offset);
    if (known && (!known.cut || known.depth <= depth)) return known.shape;
    const cutsBefore = this.cuts;
    const shape = appended('', this.shapeOf(assignment.value, depth + 1));
    this.assignedShapes.set(assignment.offset, { shape, depth, cut: this.cuts > cutsBefore });
    return shape;
  }

  /** `$($u)`, `"$($config.Url)/x"`: a sub-expression of one statement yields that statement's value, as `$u` would; more statements are unknown. */
  private subExpressionShape(subExpression: Node, depth: number): string {
    const statements = subExpression.namedChild(0)?.namedChildren.filter((s) => s && s.type !== 'comment' && s.type !== 'empty_statement') ?? [];
    return statements.length === 1 ? this.shapeOf(statements[0]!, depth + 1) : UNKNOWN;
  }

  /** `(Get-SmtpHost)`, `$h = Get-SmtpHost`: what the script's own function outputs (see `functionOutput`). */
  private outputShape(command: Node, depth: number): string {
    const output = this.asWritten ? undefined : functionOutput(this.index, command);
    return output ? this.shapeOf(output.value, depth + 1) : UNKNOWN;
  }

  /** `$config.SmtpServer`: the entry of a hashtable the script builds in the variable (`$config = @{ SmtpServer = … }`). */
  private memberShape(access: Node, depth: number): string {
    const [owner, member] = access.namedChildren;
    if (this.asWritten || !this.hashtables || owner?.type !== 'variable' || member?.type !== 'member_name' || !/^\w+$/.test(member.text)) return UNKNOWN;
    // The table the use sees must be the one the script writes: not replaced since by another value (`ConvertFrom-Json`).
    const name = variableName(owner);
    const assigned = name ? this.assignmentBefore(name, owner.startIndex, namesScriptVariable(owner)) : undefined;
    const seen = assigned && name && this.index.scopes().useAt(owner.startIndex, name, namesScriptVariable(owner)).sees(assigned);
    if (!assigned || !seen || !hashLiteral(assigned.value)) return UNKNOWN;
    const key = member.text.toLowerCase();
    const entry = this.hashtables().entriesSeenBy(owner).find((e) => e.key.toLowerCase() === key);
    return entry ? this.shapeOf(entry.value, depth + 1) : UNKNOWN;
  }

  /**
   * `"…$x…$($y)…"`: variables the file gives a value are read, and sub-expressions as they are outside a string;
   * the text between them as `written` tells.
   */
  private expand(literal: Node, body: string, bodyStart: number, depth: number, written: ExpandableText): string {
    const text = PLAIN_TEXT[written];
    let result = '';
    let cursor = bodyStart;
    for (const part of literal.namedChildren) {
      if (!part) continue;
      result = appended(result, text(literal.text.slice(cursor - literal.startIndex, part.startIndex - literal.startIndex)));
      result = appended(result, part.type === 'variable' ? this.variableShape(part, depth) : part.type === 'sub_expression' ? this.subExpressionShape(part, depth) : UNKNOWN);
      cursor = part.endIndex;
    }
    return appended(result, text(body.slice(cursor - bodyStart)));
  }

  /**
   * A command's argument written unquoted with variables in it (`$LoginUrl/$Tenant/oauth2/token`,
   * `https://login.microsoftonline.com/$Tenant/…`): PowerShell expands it as it would the same text in
   * double quotes. A sub-expression (`$(…)`) in it is unknown.
   */
  private bareWordShape(word: Node, depth: number): string {
    let result = '';
    let cursor = 0;
    for (const reference of word.text.matchAll(BARE_WORD_REFERENCE)) {
      const [written, braced, plain] = reference;
      result = appended(result, unescape(word.text.slice(cursor, reference.index)));
      cursor = reference.index + written.length;
      if (written === '$(') {
        result = appended(result, UNKNOWN);
        cursor = word.text.length;
        break;
      }
      const scoped = braced ?? plain;
      const name = scoped.replace(/^(?:using|script|global|local|private):/i, '').toLowerCase();
      result = appended(result, this.namedShape(name, word.startIndex + reference.index, /^(?:script|global):/i.test(scoped), depth + 1));
    }
    return appended(result, unescape(word.text.slice(cursor)));
  }

  private sumShape(sum: Node, depth: number): string {
    const operands = sum.namedChildren.filter((c): c is Node => c !== null);
    const operators = sum.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
    if (operators.some((op) => op !== '+')) return UNKNOWN;
    return operands.reduce((shape, operand) => appended(shape, this.shapeOf(operand, depth + 1)), '');
  }

  /** `@('grant_type=password', "client_id=$id") -join '&'`, also of an array a variable holds: the elements' shapes joined. */
  private joinShape(comparison: Node, depth: number): string {
    const [array, operator, separator] = comparison.namedChildren;
    if (!array || !separator || operator?.text.toLowerCase() !== '-join') return UNKNOWN;
    const elements = this.arrayElements(array, depth + 1);
    if (!elements) return UNKNOWN;
    const between = this.shapeOf(separator, depth + 1);
    return elements.reduce((shape, element, i) => appended(i === 0 ? shape : appended(shape, between), this.shapeOf(element, depth + 1)), '');
  }

  /**
   * The elements of an array literal (`'a', 'b'`, `@('a', 'b')`, `('a', 'b')`), also one a variable holds;
   * `@(…)` with one item a line, each line's value an element (or its elements, an array's).
   */
  private arrayElements(node: Node, depth: number): Node[] | undefined {
    const inner = innermost(node);
    if (depth > MAX_DEPTH) return undefined;
    if (inner.type === 'array_literal_expression') return inner.namedChildren.filter((c): c is Node => c !== null);
    if (inner.type === 'parenthesized_expression') return inner.namedChild(0) ? this.arrayElements(inner.namedChild(0)!, depth + 1) : undefined;
    if (inner.type === 'array_expression') {
      const statements = (inner.namedChild(0)?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment' && c.type !== 'empty_statement');
      return statements.flatMap((statement) => this.arrayElements(statement, depth + 1) ?? [statement]);
    }
    return inner.type === 'variable' && !this.asWritten ? this.heldArray(inner, depth + 1) : undefined;
  }

  /**
   * The elements of the array a variable holds at a use (`@args`, `$args`): the array its assignment
   * writes (`$a = @('login', '-u', $u)`, `$a = 'login', '-u', $u`), then what `$a += …` adds between that
   * assignment and the use, in the scopes the use sees, on whatever path. Undefined where the file shows no array there.
   */
  arrayHeldBy(variable: Node): Node[] | undefined {
    const inner = innermost(variable);
    return inner.type === 'variable' ? this.heldArray(inner, 0) : undefined;
  }

  /**
   * The element lists the array a variable holds at a use may have, one per way through the `if`s and
   * `switch`es apart from the use that add to it (`if ($sp) { $a += '--service-principal', … } else { $a +=
   * '-u', $u, '-p', $p }`: two lists), as `arrayHeldBy` reads them; past MAX_ARRAY_PATHS ways, the one list
   * `arrayHeldBy` gives. An array written in place (`@('login', '-u', $u)`) has its elements.
   */
  arraysHeldBy(node: Node): Node[][] | undefined {
    const inner = innermost(node);
    if (inner.type === 'array_expression' || (inner.type === 'array_literal_expression' && inner.namedChildCount > 1)) {
      const elements = this.arrayElements(inner, 0);
      return elements && [elements];
    }
    const built = inner.type === 'variable' ? this.builtArray(inner, 0) : undefined;
    if (!built) return undefined;
    const ways = branchWays(built.added.map((append) => append.node), inner) ?? [() => true];
    return ways.map((taken) => [...built.written, ...built.added.filter((append) => taken(append.node)).flatMap((append) => append.elements)]);
  }

  private heldArray(variable: Node, depth: number): Node[] | undefined {
    const built = this.builtArray(variable, depth);
    return built && [...built.written, ...built.added.flatMap((append) => append.elements)];
  }

  /** The array a variable holds at a use, as its assignment writes it, and what each `+=` since adds (see `arrayHeldBy`). */
  private builtArray(variable: Node, depth: number): { written: Node[]; added: { node: Node; elements: Node[] }[] } | undefined {
    const name = variableName(variable);
    const assignment = this.assignmentSeenBy(variable);
    const written = assignment && this.arrayElements(assignment.value, depth + 1);
    if (!name || !written) return undefined;
    const use = this.index.scopes().useAt(variable.startIndex, name, namesScriptVariable(variable));
    const appends = this.index.assignments().filter((at) => at.owner === name && at.start > assignment.end && at.end <= variable.startIndex && use.sees({ offset: at.start, scriptWide: at.scriptWide }));
    const added = appends.flatMap((at) => {
      const append = this.index.node(at, 'assignment_expression');
      if (assignmentOperator(append) !== '+=' || innermost(append.namedChild(0)!).type !== 'variable') return [];
      // `$a += '-p', $p` adds each element; `$a += $p`, one (or the elements of the array `$p` holds).
      const value = append.childForFieldName('value')!;
      return [{ node: append, elements: this.arrayElements(value, depth + 1) ?? [value] }];
    });
    return { written, added };
  }

  /**
   * The strings the script grows with `+=` (`$cs = 'AuthType=OAuth;'; $cs += "Url=$url;"`): each assignment of a
   * string that a later `$cs += …` adds to, with what each addition adds, in order: every one that sees the
   * assignment (up to the variable's next one), on whatever path.
   */
  grownStrings(): GrownString[] {
    const grown = new Map<ScalarAssignment, Node[]>();
    for (const at of this.index.assignments()) {
      if (!at.owner || at.scalar) continue;
      const append = this.index.node(at, 'assignment_expression');
      if (assignmentOperator(append) !== '+=' || innermost(append.namedChild(0)!).type !== 'variable') continue;
      const assignment = this.assignmentBefore(at.owner, at.start, at.scriptWide);
      // An array grows by elements (see `arrayHeldBy`); a value the file does not show is no string it writes.
      if (!assignment || this.shapeOf(assignment.value) === UNKNOWN) continue;
      grown.set(assignment, [...(grown.get(assignment) ?? []), append.childForFieldName('value')!]);
    }
    return [...grown].map(([assignment, additions]) => ({
      value: assignment.value,
      additions,
      shape: additions.reduce((shape, addition) => appended(shape, this.shapeOf(addition)), this.shapeOf(assignment.value)),
    }));
  }

  /**
   * `$sb.ToString()` of a StringBuilder the script makes in the variable (`[Text.StringBuilder]::new('…')`,
   * `New-Object System.Text.StringBuilder`) and adds to before (`$sb.Append(…)`, `.AppendFormat('…{0}', …)`,
   * `.AppendLine(…)`, also chained), in the order written. Another call on it (`.Clear()`, `.Insert(…)`) makes it unknown.
   */
  private builderShape(builder: Node, depth: number): string {
    const name = variableName(builder);
    const assignment = builder.type === 'variable' && !this.asWritten ? this.assignmentSeenBy(builder) : undefined;
    const made = assignment && builderArguments(assignment.value);
    if (!name || !made || made.length > 1 || depth > MAX_DEPTH) return UNKNOWN;
    let shape = made[0] && innermost(made[0]).type !== 'integer_literal' ? this.shapeOf(made[0], depth + 1) : '';
    for (const use of this.index.variables()) {
      if (use.name !== name || use.start <= assignment!.end || use.start >= builder.startIndex) continue;
      const added = this.appendedShape(this.index.node(use, 'variable'), depth + 1);
      if (added === undefined) return UNKNOWN;
      shape = appended(shape, added);
    }
    return shape;
  }

  /** What the calls on a use of a StringBuilder add to it (`$sb.Append('a').AppendLine($b)`); undefined for any other call. */
  private appendedShape(use: Node, depth: number): string | undefined {
    let added = '';
    for (let on = use, call = use.parent; call?.type === 'invokation_expression' && call.namedChild(0)?.id === on.id; on = call, call = call.parent) {
      const list = call.namedChildren.find((c) => c?.type === 'argument_list');
      const args = list ? (constructorArguments(list) ?? []) : [];
      const member = invokedMemberName(call);
      if (member === 'appendformat' && args.length > 0) added = appended(added, this.formatted(args[0], args.slice(1), depth));
      else if ((member === 'append' || member === 'appendline') && args.length <= 1) {
        added = appended(added, (args[0] ? this.shapeOf(args[0], depth) : '') + (member === 'appendline' ? '\n' : ''));
      } else if (member !== 'tostring') return undefined;
    }
    return added;
  }

  /** `'…{0}…' -f $a, 'b'`: placeholders take the shapes of the arguments. */
  private formatShape(format: Node, depth: number): string {
    const [template, operator, argumentsNode] = format.namedChildren;
    if (!template || operator?.type !== 'format_operator' || !argumentsNode) return UNKNOWN;
    return this.formatted(template, formatArguments(argumentsNode), depth);
  }

  /** A format string (`-f`, `AppendFormat`) with its placeholders filled by the arguments' shapes. */
  private formatted(template: Node, argumentNodes: Node[], depth: number): string {
    const args = argumentNodes.map((argument) => this.shapeOf(argument, depth + 1));
    const parts = this.shapeOf(template, depth + 1).split(/\{(\d+)(?:[,:][^}]*)?\}/);
    // split() puts each placeholder's index between the texts around it.
    return parts.reduce((shape, part, i) => appended(shape, i % 2 === 0 ? part : (args[Number(part)] ?? UNKNOWN)), '');
  }
}

/** An assignment (or a parameter's default) whose nodes are looked up only when a rule reads them. */
function scalarAssignment(index: ScriptIndex, at: Extent, scriptWide: boolean, type: 'assignment_expression' | 'script_parameter_default'): ScalarAssignment {
  let node: Node | undefined;
  const assignment = (): Node => (node ??= index.node(at, type));
  return {
    offset: at.start,
    end: at.end,
    scriptWide,
    get node() {
      return assignment();
    },
    get value() {
      return type === 'assignment_expression' ? assignment().childForFieldName('value')! : assignment().namedChild(0)!;
    },
  };
}

/** `$x.ToString()`: `access` reads ToString and `call` is the argument list after it, empty. */
function isToString(access: Node, call: Node | null): boolean {
  return access.namedChild(0)?.type === 'variable' && invokedMemberName(access) === 'tostring' && call?.type === 'argument_list' && call.namedChildCount === 0;
}

const STRING_BUILDER = /^(?:(?:System\.)?Text\.)?StringBuilder$/i;

/**
 * The constructor's arguments where a value makes a StringBuilder: `[System.Text.StringBuilder]::new(…)`,
 * `New-Object System.Text.StringBuilder('…')`, `New-Object -TypeName Text.StringBuilder -ArgumentList …`.
 */
function builderArguments(value: Node): Node[] | undefined {
  let made = unwrapped(value);
  if (made.type === 'invokation_expression') {
    const type = made.namedChild(0);
    if (type?.type !== 'type_literal' || invokedMemberName(made) !== 'new' || !STRING_BUILDER.test(type.text.slice(1, -1).trim())) return undefined;
    const list = made.namedChildren.find((c) => c?.type === 'argument_list');
    return list ? constructorArguments(list) : [];
  }
  if (made.type === 'command_name' && made.parent) made = made.parent;
  if (made.type !== 'command' || commandName(made) !== 'new-object') return undefined;
  const elements = made.childForFieldName('command_elements')?.namedChildren.filter((e): e is Node => !!e && e.type !== 'command_argument_sep' && !isParameterName(e)) ?? [];
  if (!STRING_BUILDER.test(elements[0]?.text.replace(/['"]/g, '') ?? '')) return undefined;
  return elements.length === 1 ? [] : elements.length === 2 ? constructorArguments(elements[1]) : undefined;
}

/** The operands of `-f a, b, c` (an array literal) or the single one. */
function formatArguments(node: Node): Node[] {
  const inner = innermost(node);
  if (inner.type !== 'array_literal_expression' || inner.namedChildCount < 2) return [node];
  return inner.namedChildren.filter((c): c is Node => c !== null);
}

/** A here-string's content: between the line after `@"`/`@'` and the line before `"@`/`'@`. */
function hereStringBody(text: string): string {
  return text.replace(/^@["'][^\r\n]*\r?\n/, '').replace(/\r?\n["']@$/, '');
}

/** A variable in an unquoted argument (`$name`, `${name}`, `$script:name`), or the start of a sub-expression; not one escaped with a backtick. */
const BARE_WORD_REFERENCE = /(?<!`)\$(?:\{([^}]+)\}|((?:\w+:)?\w+)|\()/g;

/** What an expandable text is written as: its plain text reads differently in each. */
type ExpandableText = 'here-string' | 'string' | 'word';

const PLAIN_TEXT: Record<ExpandableText, (raw: string) => string> = {
  'here-string': (raw) => unescape(raw),
  // In quotes, `""` is one quote.
  string: (raw) => unescape(raw.replace(/""/g, '"')),
  // A bare word's quoted part: its quotes are taken off.
  word: (raw) => unescape(raw.replace(/(`[^])|"/g, (_quote, escape: string | undefined) => escape ?? '')),
};

/** Whether an assignment lies in a branch, a loop or a `try` that `use` is outside of: some runs do not make it. */
function madeOnSomeRuns(assignment: Node, use: Node): boolean {
  for (let at = assignment.parent; at; at = at.parent) if (BRANCHES.has(at.type) && !isWithin(use, at)) return true;
  return false;
}

/** Backtick escapes of an expandable string: `` `$ `` is `$`, `` `n `` a newline. */
function unescape(text: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0' };
  return text.replace(/`(.)/g, (_whole, char: string) => named[char] ?? char);
}

/** The index of the last assignment in `list` (in order) that starts before `offset`; -1 if none. */
function lastStartingBefore(list: readonly ScalarAssignment[], offset: number): number {
  return firstAtOrAfter(list, (assignment) => assignment.offset, offset) - 1;
}

/** How many ways through its branches an array is read in, at most (see `arraysHeldBy`). */
const MAX_ARRAY_PATHS = 16;

/**
 * The ways through the `if`s and `switch`es apart from `use` that hold some of `writes`, each as which writes
 * it runs: a write outside them always, one inside the branch of each the way takes (a branch inside a
 * branch runs with it). A way takes no branch of a statement that may run none (an `if` without `else`, a
 * `switch`, a branch that writes nothing). Undefined past MAX_ARRAY_PATHS ways.
 */
function branchWays(writes: Node[], use: Node): ((write: Node) => boolean)[] | undefined {
  const branchOf = new Map<number, number>();
  const statements = new Map<number, { statement: Node; branches: Set<number> }>();
  for (const write of writes) {
    let outermost: { statement: Node; block: Node } | undefined;
    for (let at = write.parent; at && !isWithin(use, at); at = at.parent) {
      const statement = at.type === 'statement_block' ? branchingOf(at) : undefined;
      if (statement && !isWithin(use, statement)) outermost = { statement, block: at };
    }
    if (!outermost) continue;
    branchOf.set(write.id, outermost.block.id);
    const seen = statements.get(outermost.statement.id) ?? { statement: outermost.statement, branches: new Set<number>() };
    seen.branches.add(outermost.block.id);
    statements.set(outermost.statement.id, seen);
  }
  let ways: Set<number>[] = [new Set()];
  for (const { statement, branches } of statements.values()) {
    const always = statement.type === 'if_statement' && statement.namedChildren.some((c) => c?.type === 'else_clause') && ifBranchBlocks(statement).every((block) => branches.has(block.id));
    const choices: (number | undefined)[] = [...branches, ...(always ? [] : [undefined])];
    if (ways.length * choices.length > MAX_ARRAY_PATHS) return undefined;
    ways = ways.flatMap((way) => choices.map((branch) => (branch === undefined ? way : new Set([...way, branch]))));
  }
  return ways.map((way) => (write: Node) => {
    const branch = branchOf.get(write.id);
    return branch === undefined || way.has(branch);
  });
}
