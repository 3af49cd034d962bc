import { returnedValues, type Node } from './ast';

/** What a class's getter `name` returns (`get apiUrl() { return API_URL + this.tenant }`), read as `this.apiUrl` in the class. */
export function getterReturns(classBody: Node | undefined, name: string): Node[] {
  if (classBody?.type !== 'ClassBody') return [];
  return classBody.body.flatMap((element) =>
    element.type === 'MethodDefinition' && element.kind === 'get' && !element.computed && element.key.type === 'Identifier' && element.key.name === name ? returnedValues(element.value) : [],
  );
}
