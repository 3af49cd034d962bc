import * as ts from 'typescript';
import type { Fix, TextEdit } from '../../engine/finding';
import { keepRecent } from '../../engine/recent';
import type { RuleHit } from '../../engine/rule';
import type { Node } from './ast';
import { COMMENT_SOURCE } from './comment-pattern';
import { analysable, bindingOf, importLike, referencesNamed, unitsReadIn, type Unit } from './declaration-reads';
import { lineRange, overlaps, removalEdits, removedStatements, touches } from './declaration-removal';
import { fieldUnitsReadIn, fieldUnread } from './field-reads';
import { parseDiagnosticCount, parsedForCheck } from './parse';
import type { TypeScriptRuleContext } from './rule-context';

/**
 * What only fed a sign-in a fix replaces, taken out with it: the client (`const pca = new
 * PublicClientApplication(config)`), its settings, and the import of its class, each once the fixed
 * module reads it nowhere else. Left in, `noUnusedLocals` (tsc 6133) and ESLint's `no-unused-vars` fail
 * the fixed module. See `takenOut` for what may go.
 */
export function withDeadCodeTakenOut(context: TypeScriptRuleContext, hit: RuleHit): RuleHit {
  if (!hit.fixes?.some((fix) => fix.edits.length > 0) || !analysable(context)) return hit;
  const outcomes = hit.fixes.map((fix) => takenOut(context, fix));
  if (outcomes.every((outcome) => outcome.units.length === 0)) return hit;
  return {
    ...hit,
    fixes: outcomes.map((outcome) => outcome.fix),
    related: [...(hit.related ?? []), ...takenOutRelated(outcomes, hit.fixes.length)],
  };
}

interface Outcome {
  fix: Fix;
  units: Unit[];
  /** What the finding shows of each statement removed: itself, and a comment above that goes too. */
  shown: Map<Node, [number, number]>;
}

const MAX_ATTEMPTS = 4;

function takenOut(context: TypeScriptRuleContext, fix: Fix): Outcome {
  const kept = new Set<Unit>();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const units = deadUnits(context, fix, kept);
    if (units.length === 0) return { fix, units, shown: new Map() };
    const built = removalEdits(context, fix, units);
    if (built.failed.length === 0) return { fix: { ...fix, edits: built.edits }, units, shown: built.shown };
    // A statement whose removal could not be written stays, and with it what it reads.
    for (const unit of built.failed) kept.add(unit);
  }
  return { fix, units: [], shown: new Map() };
}

/** The declarations the fix leaves unread, followed through what each one's value read. */
function deadUnits(context: TypeScriptRuleContext, fix: Fix, kept: ReadonlySet<Unit>): Unit[] {
  const gone: (readonly [number, number])[] = fix.edits.filter((edit) => edit.endOffset > edit.startOffset).map((edit) => [edit.startOffset, edit.endOffset] as const);
  const written = wordsOf(fix.edits);
  const dead: Unit[] = [];
  const rejected = new Set<Unit>(kept);
  let candidates = readIn(context, gone);
  while (candidates.length > 0) {
    const next: Unit[] = [];
    for (const unit of candidates) {
      if (dead.includes(unit) || rejected.has(unit)) continue;
      if (!mayTakeOut(context, fix, unit, written) || !unread(context, unit, gone)) continue;
      const ranges = partsOf(unit).map((part) => part.range);
      dead.push(unit);
      gone.push(...ranges);
      next.push(...readIn(context, ranges));
    }
    // One kept now may go once another goes: `msalConfig` read by two clients the fix leaves.
    candidates = next.length > 0 ? [...next, ...candidates.filter((unit) => !dead.includes(unit))] : [];
  }
  return dead;
}

/** The units whose names, or fields of `this`, are read inside the ranges. */
function readIn(context: TypeScriptRuleContext, ranges: readonly (readonly [number, number])[]): Unit[] {
  return [...unitsReadIn(context, ranges), ...fieldUnitsReadIn(context, ranges)];
}

/** What goes of the unit: its node, and a field's assignments in its constructor. */
function partsOf(unit: Unit): Node[] {
  return [unit.node, ...(unit.field?.writes ?? [])];
}

/** Whether nothing but what is gone reads the unit's names (reads within the unit itself aside). */
function unread(context: TypeScriptRuleContext, unit: Unit, gone: readonly (readonly [number, number])[]): boolean {
  if (unit.field) return fieldUnread(unit, gone);
  const inside = (node: Node, [start, end]: readonly [number, number]): boolean => start <= node.range[0] && node.range[1] <= end;
  return unit.names.every((name) =>
    referencesNamed(context, name.name)
      .filter((reference) => bindingOf(context, reference) === unit || bindingOf(context, reference) === undefined)
      .every((reference) => inside(reference, unit.node.range) || gone.some((range) => inside(reference, range))),
  );
}

/**
 * A unit the fix may take out: its name is not in the fix's new code (which may read it: `msal.X` of
 * `import * as msal`), the fix does not already change it, and a fix that changes its statement (an
 * import it adds a name to) changes an import, whose removal is written into that change.
 */
function mayTakeOut(context: TypeScriptRuleContext, fix: Fix, unit: Unit, written: ReadonlySet<string>): boolean {
  if (unit.names.some((name) => written.has(name.name)) || (unit.field && written.has(whatIsRead(unit)))) return false;
  if (fix.edits.some((edit) => partsOf(unit).some((part) => overlaps(edit, part.range)))) return false;
  if (importLike(unit.statement)) return true;
  const lines = removedStatements(unit).map((statement) => lineRange(context.text, statement));
  return !fix.edits.some((edit) => lines.some((range) => touches(edit, range)));
}

/**
 * The names the fix's new code may read. Code that parses on its own gives the identifiers it reads,
 * not a member's or a key's name (`account.username`, `{ clientId: … }` read no `username` or
 * `clientId`), and the fields of `this` it reads, as `this.clientId`; other text gives every word outside
 * comments that fill their lines (a helper's "signs in without a password" reads no `password`).
 */
function wordsOf(edits: readonly TextEdit[]): Set<string> {
  return new Set(edits.flatMap((edit) => wordsOfText(edit.newText)));
}

// Every finding's fixes add the same helper's text, and each edit's analysis asks again.
const recentWords = new Map<string, readonly string[]>();

function wordsOfText(text: string): readonly string[] {
  const known = recentWords.get(text);
  if (known) return known;
  const words = namesReadIn(text) ?? text.replace(WHOLE_LINE_COMMENTS, '').match(/[A-Za-z_$][\w$]*/g) ?? [];
  keepRecent(recentWords, text, words, 32);
  return words;
}

/** The identifiers code reads, where it parses on its own; undefined where it does not. */
function namesReadIn(code: string): string[] | undefined {
  const source = parsedForCheck(code, false);
  if (parseDiagnosticCount(source) > 0) return undefined;
  const names: string[] = [];
  const visit = (node: ts.Node, parent: ts.Node | undefined): void => {
    if (ts.isIdentifier(node) && !namesMember(node, parent)) names.push(node.text);
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) names.push(`this.${node.name.text}`);
    ts.forEachChild(node, (child) => visit(child, node));
  };
  visit(source, undefined);
  return names;
}

/** A member's or key's name, which reads no variable: `x.name`, `{ name: … }`, a method's or field's name, `{ name: local } = …`. */
function namesMember(node: ts.Identifier, parent: ts.Node | undefined): boolean {
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) return parent.name === node;
  return ts.isBindingElement(parent) && parent.propertyName === node;
}

const WHOLE_LINE_COMMENTS = new RegExp(String.raw`^[ \t]*${COMMENT_SOURCE}[ \t]*$`, 'gm');

/**
 * A related location for each unit a fix takes out, saying which of the fixes do where not all: its
 * statement, which the removal changes (a comment above that goes too, with it), and each assignment
 * of a field that goes with the field.
 */
function takenOutRelated(outcomes: readonly Outcome[], fixCount: number): NonNullable<RuleHit['related']> {
  const byNode = new Map<Node, { unit: Unit; titles: string[]; shown: [number, number] }>();
  for (const { fix, units, shown } of outcomes) {
    for (const unit of units) {
      for (const statement of removedStatements(unit)) {
        // Two declarators of one statement are two units: each is shown.
        const key = statement === unit.statement ? unit.node : statement;
        const entry = byNode.get(key) ?? { unit, titles: [], shown: shown.get(statement)! };
        entry.titles.push(fix.title);
        entry.shown = [Math.min(entry.shown[0], shown.get(statement)![0]), entry.shown[1]];
        byNode.set(key, entry);
      }
    }
  }
  return [...byNode.values()].sort((a, b) => a.shown[0] - b.shown[0]).map(({ unit, titles, shown }) => {
    const by = titles.length === fixCount ? (fixCount === 1 ? 'the fix takes it out' : 'the fixes take it out') : `the fix "${titles.join('" and the fix "')}" takes it out`;
    return { message: `nothing else reads ${whatIsRead(unit)} once the sign-in is replaced: ${by}`, startOffset: shown[0], endOffset: shown[1] };
  });
}

function whatIsRead(unit: Unit): string {
  if (unit.field) return `this.${unit.names[0].type === 'PrivateIdentifier' ? '#' : ''}${unit.names[0].name}`;
  const names = unit.names.map((name) => name.name).join(', ');
  return importLike(unit.statement) ? `the import of ${names}` : names;
}
