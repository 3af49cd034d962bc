/**
 * A call's arguments, from just inside its `(` to its `)`, split at the commas outside brackets and
 * strings; undefined where the call does not close (its arguments then count as left out).
 */
export function argumentsFrom(text: string, from: number): string[] | undefined {
  const given: string[] = [];
  let depth = 0;
  let start = from;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === '"' || char === "'" || char === '`') {
      at = stringEnd(text, at);
      if (at < 0) return undefined;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && depth-- === 0) return [...given, text.slice(start, at)];
    else if (char === ',' && depth === 0) {
      given.push(text.slice(start, at));
      start = at + 1;
    }
  }
  return undefined;
}

/** Where the string opening at `at` closes (a template's `${…}` taken as part of it); -1 where it does not. */
function stringEnd(text: string, at: number): number {
  const quote = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
    else if (quote !== '`' && text[i] === '\n') return -1;
  }
  return -1;
}
