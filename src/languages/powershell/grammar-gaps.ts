import type { Node, Tree } from 'web-tree-sitter';
import { syntaxErrorNodes } from './syntax';

/**
 * Valid PowerShell that the grammar reads as a syntax error, and a stand-in of the same length that it
 * reads as the same kind of thing. Every stand-in keeps each offset, so the tree parsed from the
 * stand-ins still points into the script's own text.
 */
interface GrammarGap {
  /** The construct; `g` (and `m` where it anchors on a line). */
  readonly pattern: RegExp;
  /** Whether the match is the construct where the grammar failed, as `reading` (the latest parse) shows. */
  readonly failsAt: (reading: Reading, match: RegExpExecArray) => boolean;
  readonly standIn: (match: RegExpExecArray) => string;
  /** Searched for in the whole script, not only on the lines of its errors and the line before each. */
  readonly wholeScript?: boolean;
}

/** A command's bare word, as the grammar reads one (not a variable, string, number, parameter or bracket). */
const BARE_WORD = String.raw`[^\s\d"'\x60$(){}[\]@;,|&<>#=-][^\s(){}|;,&"'\x60]*`;

/** A quote inside a command's bare word ends it for the grammar: `Query="a;b"`, `/p:'x y'`. */
const QUOTE_IN_BARE_WORD: GrammarGap = {
  // After a blank, with a quoted part on the same line (backtick escapes in double quotes, doubled single quotes).
  pattern: /(?<=^|[ \t])([^\s"'`$(){}[\];,|&<>@#-][^\s"'`$(){}[\];,|&<>]*)("(?:[^"\r\n`]|`.)*"|'(?:[^'\r\n]|'')*')/gm,
  failsAt: (reading, match) => reading.nodeAt(match.index).type === 'generic_token',
  standIn: ([, word, quoted]) => word + '_'.repeat(quoted.length),
  // The grammar may pair such quotes its own way for many lines before it errs.
  wholeScript: true,
};

/**
 * A list of bare words as a command's argument (`Format-Table Name, Count`, `-Scopes User.Read.All, Mail.Send`):
 * the grammar's arrays hold expressions only. Each word becomes a quoted string, which is what
 * PowerShell makes of it.
 */
const BARE_WORD_IN_LIST: GrammarGap = {
  // Not an attribute's named argument (`[Parameter(Mandatory, Position = 0)]`).
  pattern: new RegExp(String.raw`(?<=,\s*)${BARE_WORD}(?![^\s(){}|;,&"'\x60]|[ \t]*=)|(?<=[ \t]|\s-[A-Za-z_]\w*:)${BARE_WORD}(?=[ \t]*,)`, 'g'),
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([word]) => (word.length === 1 ? '0' : `'${'_'.repeat(word.length - 2)}'`),
};

/** A number's multiplier in capitals (`1MB`, `5Gb`): the grammar knows `kb` to `pb` in lower case only. */
const MULTIPLIER_IN_CAPITALS: GrammarGap = {
  pattern: /\b(\d+(?:\.\d+)?)([kmgtp]b)\b/gi,
  failsAt: (reading, match) => match[2] !== match[2].toLowerCase() && reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([, digits, multiplier]) => digits + multiplier.toLowerCase(),
};

/** A parameter name with a digit (`-CustomAttribute13`): the grammar's parameter names have none. */
const DIGIT_IN_PARAMETER: GrammarGap = {
  pattern: /(?<=[ \t])-[A-Za-z_][\w-]*\d[\w-]*(?=[\s:]|$)/g,
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([parameter]) => parameter.replace(/\d/g, '_'),
};

/** `break outer` and `continue outer`: the grammar takes the label only as `:outer`. */
const LOOP_LABEL_WITHOUT_COLON: GrammarGap = {
  pattern: /(?<=\b(?:break|continue)[ \t]+)[A-Za-z_]\w*(?=[ \t]*(?:[;}#\r\n]|$))/gim,
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([label]) => ' '.repeat(label.length),
};

/** A switch clause's quoted value with a blank or a bracket in it (`"Office 365" { … }`): the grammar cuts it there. */
const QUOTED_SWITCH_VALUE: GrammarGap = {
  // At a line's start, or after the switch's or the clause before's brace.
  pattern: /(?<=(?:^|[{}])[ \t]*)("(?:[^"\r\n`]|`.)*"|'(?:[^'\r\n]|'')*')(?=[ \t]*\{)/gm,
  failsAt: (reading, match) => reading.errorNear(match),
  standIn: ([value]) => value[0] + '_'.repeat(value.length - 2) + value[0],
};

/**
 * A path after a variable as a command's argument (`$PSScriptRoot\helpers.ps1`, `$env:TEMP/x.cfg`),
 * which PowerShell expands as a string: the grammar ends the variable at the `\`. The stand-in is one
 * longer variable name, an unknown value.
 */
const PATH_AFTER_VARIABLE: GrammarGap = {
  pattern: /(?<=[ \t])\$(?:\w+:)?\w+[\\/][^\s;|)}&,"'`$(]*/g,
  failsAt: (reading, match) => reading.errorNear(match) && reading.nodeAt(match.index).type === 'variable',
  standIn: ([path]) => '$' + path.slice(1).replace(/\W/g, '_'),
};

/**
 * A member of a method's result as a command's argument (`-P $cred.GetNetworkCredential().Password`):
 * the grammar reads the call as the argument, and the member after it as an error. The member is
 * blanked: the argument reads as the call.
 */
const MEMBER_AFTER_CALL_IN_ARGUMENT: GrammarGap = {
  pattern: /(?<=\))(?:\.\w+)+/g,
  failsAt: (reading, match) => reading.errorNear(match) && reading.endsCallInArgument(match.index - 1),
  standIn: ([members]) => ' '.repeat(members.length),
};

/** An empty script block with a blank in it (`Mock Stop-Function { }`): the grammar wants a statement. */
const EMPTY_SCRIPT_BLOCK: GrammarGap = {
  pattern: /(?<!@)\{\s+\}/g, // not an empty hashtable, `@{ }`
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([block]) => '{0' + block.slice(2),
};

/** An operator or parameter written with an en or em dash (`–eq`, as copied from a document), which PowerShell takes as `-`. */
const TYPOGRAPHIC_DASH: GrammarGap = {
  pattern: /[\u2013\u2014\u2015](?=[A-Za-z])/g,
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: () => '-',
};

/** A command run by a path with forward slashes (`./build.ps1`, `/usr/local/bin/pac auth …`): the grammar takes `\` only. */
const COMMAND_PATH_WITH_SLASHES: GrammarGap = {
  pattern: /(?<=(?:^|[;|{])[ \t]*)(?:\.{1,2}|~)?\/[^\s;|&(){}"'`,]*/gm,
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: ([path]) => path.replace(/\//g, '\\'),
};

/** A nested type's name (`[SqlConnectionInfo+AuthenticationMethod]`, `[SearchFilter+IsEqualTo]`): the grammar has no `+` there. */
const NESTED_TYPE_NAME: GrammarGap = {
  pattern: /(?<=\[[\w.]*\w)\+(?=\w[\w.]*\])/g,
  failsAt: (reading, match) => reading.errorNear(match) && !reading.inStringOrComment(match.index),
  standIn: () => '.',
};

const GRAMMAR_GAPS: readonly GrammarGap[] = [
  QUOTE_IN_BARE_WORD,
  BARE_WORD_IN_LIST,
  MULTIPLIER_IN_CAPITALS,
  DIGIT_IN_PARAMETER,
  LOOP_LABEL_WITHOUT_COLON,
  QUOTED_SWITCH_VALUE,
  PATH_AFTER_VARIABLE,
  MEMBER_AFTER_CALL_IN_ARGUMENT,
  EMPTY_SCRIPT_BLOCK,
  TYPOGRAPHIC_DASH,
  COMMAND_PATH_WITH_SLASHES,
  NESTED_TYPE_NAME,
];

/**
 * `text` with a stand-in for each construct the grammar lacks where `tree` (parsed from `text`) has a
 * syntax error; `text` itself when there is none.
 */
export function withStandInsForGrammarGaps(text: string, tree: Tree): string {
  const reading = new Reading(tree);
  const [errorLines, wholeScript] = [reading.errorLines(text), [[0, text.length] as const]];
  return GRAMMAR_GAPS.reduce(
    (current, gap) =>
      replacedWithin(current, gap.wholeScript ? wholeScript : errorLines, gap.pattern, (match) => (gap.failsAt(reading, match) ? gap.standIn(match) : undefined)),
    text,
  );
}

/** `text` with `standIn`'s replacements of the matches of `pattern` that start within `windows` (in order, apart). */
function replacedWithin(text: string, windows: ReadonlyArray<readonly [number, number]>, pattern: RegExp, standIn: (match: RegExpExecArray) => string | undefined): string {
  let [result, copied] = ['', 0];
  for (const [from, to] of windows) {
    // Cut at the window's end, so that a search past it does not run on to the end of the script.
    const upToWindowEnd = text.slice(0, to);
    pattern.lastIndex = from;
    for (let match = pattern.exec(upToWindowEnd); match; match = pattern.exec(upToWindowEnd)) {
      const replacement = standIn(match);
      if (replacement === undefined) continue;
      result += text.slice(copied, match.index) + replacement;
      copied = match.index + match[0].length;
    }
  }
  return copied === 0 ? text : result + text.slice(copied);
}

const COMMA_AFTER = /[ \t]*,/y;

const TEXT_NODE_TYPES = new Set(['comment', 'string_literal', 'expandable_string_literal', 'expandable_here_string_literal', 'verbatim_string_characters', 'verbatim_here_string_characters']);

/** What a parse with errors tells about an offset. */
class Reading {
  private readonly errors: ReadonlyArray<readonly [number, number]>;

  constructor(private readonly tree: Tree) {
    this.errors = syntaxErrorNodes(tree.rootNode).map((error) => [error.startIndex, error.endIndex] as const);
  }

  /**
   * The lines of `text` the errors are on, with the line before each (a list goes on after a comma at
   * its end): offset ranges, in order, apart.
   */
  errorLines(text: string): Array<[number, number]> {
    const lines: Array<[number, number]> = [];
    for (const [start, end] of this.errors) {
      const from = text.lastIndexOf('\n', Math.max(0, text.lastIndexOf('\n', start - 1) - 1)) + 1;
      const lineEnd = text.indexOf('\n', Math.max(start, end - 1));
      const to = lineEnd === -1 ? text.length : lineEnd;
      const last = lines[lines.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else lines.push([from, to]);
    }
    return lines;
  }

  nodeAt(offset: number): Node {
    return this.tree.rootNode.descendantForIndex(offset) ?? this.tree.rootNode;
  }

  /** Whether a syntax error overlaps or touches the match (or the blanks and comma just after it). */
  errorNear(match: RegExpExecArray): boolean {
    const end = match.index + match[0].length;
    COMMA_AFTER.lastIndex = end;
    const [from, to] = [match.index - 1, end + (COMMA_AFTER.exec(match.input!)?.[0].length ?? 0)];
    return this.errors.some(([start, end]) => start <= to && from <= end);
  }

  /** Whether the `)` at `offset` closes the arguments of a call that is a command's argument. */
  endsCallInArgument(offset: number): boolean {
    const list = this.nodeAt(offset).parent;
    return list?.type === 'argument_list' && list.parent?.type === 'command_elements';
  }

  inStringOrComment(offset: number): boolean {
    for (let node: Node | null = this.nodeAt(offset); node; node = node.parent) {
      if (TEXT_NODE_TYPES.has(node.type)) return true;
    }
    return false;
  }
}
