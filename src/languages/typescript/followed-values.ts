import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberName, parentOf, returnedValues, thenReceiver, unwrap, type Node } from './ast';
import { shapeOfParts, type FileValues } from './computed-strings';
import type { ImportedValue } from './module-facts';
import { bindingOf, resolvedValuesInScope } from './name-bindings';
import { argumentsPassed, calledFunctions } from './passed-arguments';
import type { TypeScriptRuleContext } from './rule-context';
import { propertyThroughSpreads } from './static-value';
import { urlShapes } from './url-shapes';

const MAX_DEPTH = 6;
const UNKNOWN = '\u0000';

/**
 * What an expression may be, as far as the file shows, for a rule that reads a library's settings:
 * through variables as seen where each is read, each side of `?:`, `||` and `??`, the parameters of a
 * function the file calls (what its calls pass, all of them together), what the file's own functions
 * return, a `.then` callback's value (what the promise gives), and the properties of the object
 * literals a name holds (`config.auth.tokenHost`). Strings are read
 * as shapes, unknown parts as `\u0000`.
 */
export class FollowedValues implements FileValues {
  private readonly known = new Map<Node, Node[]>();

  constructor(private readonly context: TypeScriptRuleContext) {}

  /** The expressions `expression` may end as; itself where the file shows nothing more. */
  valuesOf(expression: Node, depth = 0): Node[] {
    const node = unwrap(expression);
    const known = this.known.get(node);
    if (known) return known;
    this.known.set(node, [node]); // a value met again inside itself ends there
    const found = depth > MAX_DEPTH ? [node] : this.follow(node, depth);
    this.known.set(node, found);
    return found;
  }

  private follow(node: Node, depth: number): Node[] {
    const passedArguments = (parameter: TSESTree.Identifier): Node[] => this.promised(parameter) ?? argumentsPassed(this.context, parameter) ?? [];
    return resolvedValuesInScope(this.context, node, { passedArguments }).flatMap((value) => {
      const next = this.step(unwrap(value), depth);
      return next.length > 0 ? next.flatMap((inner) => this.valuesOf(inner, depth + 1)) : [unwrap(value)];
    });
  }

  /** Where a value leads on: a property of the object literals its owner holds, what the file's own function called returns. */
  private step(value: Node, depth: number): Node[] {
    if (value.type === 'MemberExpression') {
      const name = memberName(value);
      return name === undefined ? [] : this.propertyValues(value.object, name, depth);
    }
    return value.type === 'CallExpression' ? calledFunctions(this.context, value).flatMap(returnedValues) : [];
  }

  /** What the promise gives to the first parameter of its `.then` callback (`discover(url).then((issuer) => …)`). */
  private promised(parameter: TSESTree.Identifier): Node[] | undefined {
    const binding = bindingOf(this.context, parameter);
    const fn = binding.kind === 'passed-in' ? binding.fn : undefined;
    const first = fn?.params[0];
    if (!fn || first?.type !== 'Identifier' || first.name !== parameter.name) return undefined;
    const promise = thenReceiver(parentOf(this.context.program, fn), fn);
    return promise ? [promise] : undefined;
  }

  /** The values of `object.name` where `object` holds object literals the file shows (later keys and spreads win, as in JavaScript). */
  propertyValues(object: Node, name: string, depth = 0): Node[] {
    return this.valuesOf(object, depth + 1).flatMap((value) => {
      const property = value.type === 'ObjectExpression' ? propertyThroughSpreads(value, name, this.context.facts) : undefined;
      return property ? [property.value] : [];
    });
  }

  /** The string an expression makes, unknown parts as `\u0000`; undefined where it may be several or is no string the file writes. */
  shapeOf(expression: Node, depth = 0): string | undefined {
    return depth > MAX_DEPTH ? undefined : shapeOfParts(this, unwrap(expression), depth);
  }

  staticOf(expression: Node): string | undefined {
    const shape = this.shapeOf(expression);
    return shape?.includes(UNKNOWN) ? undefined : shape;
  }

  resolveImport(expression: Node): ImportedValue | undefined {
    return this.context.facts.resolveImport(expression);
  }

  /** The URLs an expression may be, as shapes (see url-shapes.ts); `\u0000` for one the file shows nothing of. */
  urlShapes(expression: Node): string[] {
    const shapes = urlShapes(this, expression);
    return shapes.length > 0 ? shapes : [UNKNOWN];
  }
}

/** The file's followed values, one reading per file for every rule and library that asks. */
export function followedValuesOf(context: TypeScriptRuleContext): FollowedValues {
  return context.once(newFollowedValues);
}

const newFollowedValues = (context: TypeScriptRuleContext): FollowedValues => new FollowedValues(context);
