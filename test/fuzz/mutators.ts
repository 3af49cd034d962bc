// Mutations of the rule fixtures for the fuzz suite (test/unit/fuzz.test.ts) and `npm run fuzz`.
// Everything is driven by a seeded generator, so that an input can be named by (fixture, seed, index).

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TextInput {
  /** What was done to the fixture, for the report and the reproducer's name. */
  mutation: string;
  text: string;
}

/** Offsets between tokens (a run of word characters, a run of blanks, or one other character), ends included. */
export function tokenBoundaries(text: string): number[] {
  const offsets = [0];
  for (const match of text.matchAll(/\w+|[ \t]+|\r\n|[^]/g)) offsets.push(match.index! + match[0].length);
  return offsets;
}

/** Characters and sequences that open or close something in TS/JS or PowerShell. */
const DELIMITERS = ["'", '"', '`', '{', '}', '(', ')', '[', ']', '/*', '*/', '//', '${', '<', '>', '</a>', '/', '\\',
  '@"\n', '"@', "@'\n", "'@", '<#', '#>', '#', '$(', '@(', '@{', '`\n', ' -', '|', ';'];

/** The openers a 10,000-level nest is built of, with their closers. */
const NESTS: Record<'ts' | 'ps', [string, string][]> = {
  ts: [['(', ')'], ['[', ']'], ['{', '}'], ['{a:', '}'], ['f(', ')'], ['`${', '}`'], ['<a>', '</a>'], ['!', ''], ['a.b', ''], ["'a' + ", "'a'"]],
  ps: [['(', ')'], ['@(', ')'], ['$(', ')'], ['& {', '}'], ['@{a=', '}'], ['[int]', '1'], ['-not ', '$a'], ['"$(', ')"'], ['if ($a) {', '}']],
};

export const NEST_DEPTH = 10_000;

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)];
}

function insertAt(text: string, at: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at);
}

/** A boundary where an insertion lands between tokens. */
function boundary(text: string, next: () => number): number {
  return pick(tokenBoundaries(text), next);
}

export const TEXT_MUTATORS = {
  /** A random one of the text's token boundaries (`npm run fuzz --all-truncations` does every one). */
  truncate: (text: string, next: () => number): TextInput => {
    const at = boundary(text, next);
    return { mutation: `truncate@${at}`, text: text.slice(0, at) };
  },
  /** One bit of one UTF-16 code unit flipped (low bits mostly: the result stays ASCII-like). */
  flip: (text: string, next: () => number): TextInput => {
    if (!text) return { mutation: 'flip(empty)', text };
    const at = Math.floor(next() * text.length);
    const bit = next() < 0.8 ? Math.floor(next() * 7) : Math.floor(next() * 16);
    const flipped = String.fromCharCode(text.charCodeAt(at) ^ (1 << bit));
    return { mutation: `flip@${at}^${1 << bit}`, text: text.slice(0, at) + flipped + text.slice(at + 1) };
  },
  /** An unbalanced quote, brace, comment or here-string marker inserted between tokens, or one deleted. */
  unbalance: (text: string, next: () => number): TextInput => {
    const delimiter = pick(DELIMITERS, next);
    const present = [...text.matchAll(/['"`{}()[\]]/g)].map((m) => m.index!);
    if (next() < 0.3 && present.length) {
      const at = pick(present, next);
      return { mutation: `delete@${at}`, text: text.slice(0, at) + text.slice(at + 1) };
    }
    const at = boundary(text, next);
    return { mutation: `insert@${at}:${JSON.stringify(delimiter)}`, text: insertAt(text, at, delimiter) };
  },
  /** Several unbalancing edits at once. */
  unbalanceMany: (text: string, next: () => number): TextInput => {
    let current = { mutation: 'many', text };
    for (let i = 0; i < 2 + Math.floor(next() * 4); i++) current = { mutation: 'many', text: TEXT_MUTATORS.unbalance(current.text, next).text };
    return current;
  },
  /** Line endings made CRLF, lone CR or mixed. */
  lineEndings: (text: string, next: () => number): TextInput => {
    const plain = text.replace(/\r\n?/g, '\n');
    const roll = next();
    if (roll < 0.35) return { mutation: 'crlf', text: plain.replace(/\n/g, '\r\n') };
    if (roll < 0.7) return { mutation: 'cr', text: plain.replace(/\n/g, '\r') };
    return { mutation: 'mixed-eol', text: plain.replace(/\n/g, () => pick(['\n', '\r\n', '\r', '\u2028', '\n\r'], next)) };
  },
  /** NUL characters, a lone surrogate, a BOM or U+FFFD in the text (what a decoder may hand over). */
  oddCharacters: (text: string, next: () => number): TextInput => {
    const odd = pick(['\0', '\0\0\0\0', '\ud800', '\udc00', '\ufeff', '\ufffd', '\u2028', '\u0085', '\u00a0', '\u200b'], next);
    const at = next() < 0.2 ? 0 : Math.floor(next() * (text.length + 1));
    return { mutation: `char@${at}:${JSON.stringify(odd)}`, text: insertAt(text, at, odd) };
  },
  /** The text's own lines shuffled or duplicated (code moved out of its context). */
  lines: (text: string, next: () => number): TextInput => {
    const lines = text.split('\n');
    const from = Math.floor(next() * lines.length);
    const to = Math.floor(next() * lines.length);
    const moved = lines.splice(from, 1 + Math.floor(next() * 3));
    if (next() < 0.5) lines.splice(to, 0, ...moved, ...moved);
    else lines.splice(to, 0, ...moved);
    return { mutation: `lines@${from}->${to}`, text: lines.join('\n') };
  },
} as const;

export type TextMutatorName = keyof typeof TEXT_MUTATORS;

/**
 * A 10,000-level nest (or a 10,000-term chain) inserted between two tokens of the text, balanced or
 * only opened. `bracketsOnly`: nests the engine skips unparsed (chains are parsed, and take seconds).
 */
export function deepNest(text: string, language: 'ts' | 'ps', next: () => number, depth = NEST_DEPTH, bracketsOnly = false): TextInput {
  const [open, close] = pick(NESTS[language].filter(([opener]) => !bracketsOnly || /[([{]/.test(opener)), next);
  const at = boundary(text, next);
  const core = language === 'ps' ? '$a' : 'a';
  const nest = open.repeat(depth) + core + close.repeat(depth);
  return { mutation: `nest${depth}@${at}:${JSON.stringify(open)}`, text: insertAt(text, at, next() < 0.5 ? nest : open.repeat(depth)) };
}

/** Every truncation at a token boundary (deduplicated), for the long run. */
export function allTruncations(text: string): TextInput[] {
  return [...new Set(tokenBoundaries(text))].map((at) => ({ mutation: `truncate@${at}`, text: text.slice(0, at) }));
}

/** `count` offsets spread evenly over the boundaries: the bounded suite's share of the truncations. */
export function spreadTruncations(text: string, count: number): TextInput[] {
  const all = allTruncations(text);
  if (all.length <= count) return all;
  return Array.from({ length: count }, (_, i) => all[Math.floor((i * (all.length - 1)) / (count - 1))]);
}

export interface ByteInput {
  mutation: string;
  /** The file name's extension is the fixture's. */
  bytes: Buffer;
}

/** Byte-level forms of a fixture: what only the file reader meets. */
export function byteMutations(bytes: Buffer, next: () => number): ByteInput[] {
  const text = bytes.toString('utf8');
  const at = Math.floor(next() * (bytes.length + 1));
  const splice = (inserted: number[]) => Buffer.concat([bytes.subarray(0, at), Buffer.from(inserted), bytes.subarray(at)]);
  const flipped = Buffer.from(bytes);
  if (flipped.length) flipped[Math.floor(next() * flipped.length)] ^= 1 << Math.floor(next() * 8);
  return [
    { mutation: `nul@${at}`, bytes: splice([0]) },
    { mutation: `nul-past-probe`, bytes: Buffer.concat([bytes, Buffer.from(`\n${' '.repeat(9000)}\0\n`)]) },
    { mutation: `invalid-utf8@${at}`, bytes: splice([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]) },
    { mutation: 'truncated-utf8-sequence', bytes: Buffer.concat([bytes, Buffer.from([0xe2, 0x82])]) },
    { mutation: 'byte-flip', bytes: flipped },
    { mutation: 'utf16le-bom', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) },
    { mutation: 'utf16be-bom', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]) },
    { mutation: 'utf16le-bom-odd-length', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x41])]) },
    { mutation: 'utf16le-no-bom', bytes: Buffer.from(text, 'utf16le') },
    { mutation: 'utf8-bom-crlf', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r?\n/g, '\r\n'))]) },
    { mutation: 'lone-cr', bytes: Buffer.from(text.replace(/\r?\n/g, '\r')) },
  ];
}

/** One line of `size` bytes: the fixture with its line breaks made spaces, then a long comment. */
export function singleLine(bytes: Buffer, size: number, language: 'ts' | 'ps'): Buffer {
  const line = Buffer.from(bytes.toString('utf8').replace(/[\r\n]+/g, ' ') + (language === 'ps' ? ' # ' : ' // '));
  if (line.length >= size) return line.subarray(0, size);
  const padding = Buffer.alloc(size - line.length, 'x');
  return Buffer.concat([line, padding]);
}
