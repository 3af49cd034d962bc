import { parameterNameOf, propertyValueElements } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { descendants, innermost, invokedMemberName, type Node } from './syntax';

/** Where a script makes a .NET object: `New-Object T …` or `[T]::new(…)`. */
export interface Construction {
  node: Node;
  /** What `typeOf` made of the type's name. */
  type: string;
  /** The type's name as written, without brackets, quotes and blanks. */
  typeName: string;
  /** The constructor's arguments as written: `-ArgumentList …`, `New-Object T(a, b)` or `::new(a, b)`. */
  argumentList?: Node;
}

/**
 * The objects the script makes of the types `typeOf` names (it is given the type's name without
 * brackets, quotes, blanks and a `System.` prefix, lower-case, and says which type that is).
 */
export function constructions(context: PowerShellRuleContext, typeOf: (written: string) => string | undefined): Construction[] {
  // `-TypeName ([T])` gives the type itself, which New-Object takes by its name.
  const bare = (name: string): string => name.replace(/[\s'"[\]()]/g, '');
  const type = (name: string): string | undefined => typeOf(bare(name).replace(/^system\./i, '').toLowerCase());
  const found: Construction[] = [];
  for (const call of context.commands()) {
    if (call.spec.name !== 'New-Object') continue;
    const typeName = call.parameters.find((p) => p.canonical === 'TypeName')?.value;
    const shape = typeName && context.values().shapeOf(typeName);
    const written = shape && type(shape) ? shape : typeName?.text;
    const made = written && type(written);
    if (made) found.push({ node: call.node, type: made, typeName: bare(written), argumentList: call.parameters.find((p) => p.canonical === 'ArgumentList')?.value });
  }
  for (const made of propertyConstructions(context)) {
    const typeOfMade = type(made.typeName);
    if (typeOfMade) found.push({ ...made, type: typeOfMade, typeName: bare(made.typeName) });
  }
  for (const invocation of descendants(context.root, 'invokation_expression')) {
    const typeLiteral = invocation.namedChild(0);
    if (typeLiteral?.type !== 'type_literal' || invokedMemberName(invocation) !== 'new') continue;
    const made = type(typeLiteral.text);
    const argumentList = invocation.namedChildren.find((child) => child?.type === 'argument_list') ?? undefined;
    if (made) found.push({ node: invocation, type: made, typeName: bare(typeLiteral.text), argumentList });
  }
  return found;
}

/**
 * `Key = New-Object T(a, b)` (or `-TypeName T -ArgumentList a, b`) in a DSC resource's block, which the grammar reads as a
 * command `Key` given `=`, `New-Object`, the type and the arguments as its own: by the whole command, the type as written.
 */
function propertyConstructions(context: PowerShellRuleContext): Omit<Construction, 'type'>[] {
  const starts = context.index.commands().filter((at) => MAKES_PROPERTY_VALUE.test(context.text.slice(at.start, Math.min(at.end, at.start + 200))));
  return starts.flatMap((at) => {
    const node = context.index.node(at, 'command');
    const [maker, ...given] = propertyValueElements(node) ?? [];
    if (!maker || !/^new-object$/i.test(maker.text)) return [];
    const named = (parameter: RegExp): Node | undefined => {
      const at = given.findIndex((element) => parameter.test(parameterNameOf(element) ?? ''));
      return at < 0 ? undefined : given[at + 1];
    };
    const positional = given.filter((element, i) => !parameterNameOf(element) && (i === 0 || !parameterNameOf(given[i - 1])));
    const typeName = named(/^typename$/i) ?? positional[0];
    const argumentList = named(/^argumentlist$/i) ?? positional[1];
    return typeName ? [{ node, typeName: typeName.text, argumentList }] : [];
  });
}

/** The start of `Key = New-Object …` or `Key= New-Object …` read as a command. */
const MAKES_PROPERTY_VALUE = /^[\w-]+\s*=\s*New-Object\s/i;

/**
 * The key-value pairs the script makes (`[KeyValuePair[string,string]]::new(k, v)`, `New-Object
 * 'KeyValuePair[string,string]' -ArgumentList k, v`): each one's key and value, by the node that makes it.
 */
export function keyValuePairs(context: PowerShellRuleContext): Map<number, [key: Node, value: Node]> {
  const pairs = new Map<number, [Node, Node]>();
  for (const made of constructions(context, (written) => (KEY_VALUE_PAIR.test(written) ? written : undefined))) {
    const [key, value, ...more] = (made.argumentList && constructorArguments(made.argumentList)) ?? [];
    if (key && value && more.length === 0) pairs.set(made.node.id, [key, value]);
  }
  return pairs;
}

/** `KeyValuePair[string,string]` as `constructions` gives it (`keyvaluepairstring,string`: brackets taken off), also with `Collections.Generic.`. */
const KEY_VALUE_PAIR = /^(?:collections\.generic\.)?keyvaluepair/;

/** Whether the script has `using namespace <namespace>`, so that the namespace's short type names count. */
export function usesNamespace(text: string, namespace: string): boolean {
  return new RegExp(`(?:^|;)\\s*using\\s+namespace\\s+${namespace.replace(/\./g, '\\.')}\\s*(?:;|#|$)`, 'im').test(text);
}

/**
 * The arguments of `(a, b)`, `a, b`, `@(a, b)` or `@(a; b)` (also one item a line), as written; undefined
 * when a variable holds them.
 */
export function constructorArguments(node: Node, inList = false): Node[] | undefined {
  if (node.type === 'argument_list') return descendants(node, 'argument_expression').filter((e) => e.parent?.parent?.id === node.id);
  const inner = innermost(node);
  switch (inner.type) {
    case 'array_literal_expression':
      return inner.namedChildren.filter((child): child is Node => child?.type === 'unary_expression');
    case 'parenthesized_expression':
    case 'array_expression':
    case 'sub_expression':
    case 'statement_list': {
      const items = inner.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment' && child.type !== 'empty_statement');
      // A lone variable (`@($pair)`) may hold them all, as `-ArgumentList $pair` may.
      const lists = items.map((child) => constructorArguments(child, inList || items.length > 1));
      return lists.some((list) => list === undefined) ? undefined : lists.flatMap((list) => list!);
    }
    default:
      // `-ArgumentList $arguments` may hold them all; a variable among others (`@($user; $password)`),
      // `$cred.UserName` and any other expression is one.
      return inner.type === 'variable' && !inList ? undefined : [inner];
  }
}

/** How many arguments `constructorArguments` finds; undefined when a variable holds them. */
export function argumentCount(node: Node): number | undefined {
  return constructorArguments(node)?.length;
}
