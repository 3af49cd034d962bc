import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunction, memberName, propertyKeyName, returnedValues, unwrap, type Node } from './ast';
import type { TypeScriptRuleContext } from './rule-context';
import { entriesListedOf } from './form-encoding-loops';
import { objectLiteral } from './static-value';
import { stringPieces } from './string-pieces';

/**
 * The strings `Object.entries(settings).map(([key, value]) => `${key}=${value}`)` makes of an object
 * literal the file shows (`{ AuthType: 'Office365', Url: url }`), one per property, each as the pieces
 * of the mapper's string (see `stringPieces`) with the property's name and value in place of the
 * parameters. None where the object has a spread or a computed key, or the mapper writes no string.
 */
export function mappedEntryPieces(context: TypeScriptRuleContext, list: Node): Node[][] | undefined {
  const call = unwrap(list);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || memberName(call.callee) !== 'map') return undefined;
  const listed = entriesListedOf(unwrap(call.callee.object));
  const object = listed && objectLiteral(listed, context.facts);
  const mapper = call.arguments[0];
  const [key, value] = mapper && isFunction(mapper) && mapper.params[0]?.type === 'ArrayPattern' ? mapper.params[0].elements : [];
  const written = mapper && isFunction(mapper) ? returnedValues(mapper) : [];
  if (!object || key?.type !== 'Identifier' || value?.type !== 'Identifier' || written.length !== 1) return undefined;
  const properties = object.properties.filter((property): property is TSESTree.Property => property.type === 'Property' && !property.computed);
  if (properties.length !== object.properties.length) return undefined;
  return properties.map((property) =>
    stringPieces(written[0]).map((piece) => (isNamed(piece, key.name) ? keyText(property) : isNamed(piece, value.name) ? property.value : piece)),
  );
}

function isNamed(piece: Node, name: string): boolean {
  return piece.type === 'Identifier' && piece.name === name;
}

/** A property's name as a piece of text written where its key is. */
function keyText(property: TSESTree.Property): Node {
  const name = propertyKeyName(property) ?? '';
  return { type: 'Literal', value: name, raw: JSON.stringify(name), range: property.key.range, loc: property.key.loc } as unknown as Node;
}
