/**
 * Whether any of a set of ASCII words occurs in a text, ASCII case-insensitively, in one pass of one
 * table look-up per byte (an Aho–Corasick automaton). It answers what the alternation of the words as
 * a case-insensitive regular expression would, in about half the time: the regular expression tries
 * each word in turn at every offset, and the prefilter asks this of every source file of a workspace.
 */
export class WordAutomaton {
  /**
   * `next[(state << shift) | columnOf[byte]]`: the state after reading the byte, failures already
   * followed. A column per byte the words hold, not one per byte value: the rules' words hold 39 to
   * 53 bytes, and the six automata of a scan's main thread take 1.5 MB instead of 6 MB.
   */
  private readonly next: Uint32Array;
  /** A byte's column: an upper-case letter's is its lower-case letter's, and every byte no word holds has column 0. */
  private readonly columnOf: Uint8Array;
  private readonly shift: number;
  /** Whether reading into the state completed a word. */
  private readonly accepts: Uint8Array;
  /** Per state, the words (lower case) that reading into it completed, the shorter ones ending there too. */
  private readonly completed: readonly (readonly string[])[];

  constructor(words: readonly string[]) {
    const trie = buildTrie(words);
    const columns = columnsOf(trie);
    this.columnOf = columns.columnOf;
    this.shift = columns.shift;
    this.accepts = Uint8Array.from(trie.accepts, Number);
    const failure = new Uint32Array(trie.children.length);
    this.next = fillTransitions(trie.children, columns, this.accepts, failure);
    this.completed = completedWords(trie, failure);
  }

  /** Bytes read as latin1: a byte past ASCII matches no word. */
  occursInBytes(bytes: Uint8Array): boolean {
    const { next, columnOf, shift, accepts } = this;
    let state = 0;
    for (let i = 0; i < bytes.length; i++) {
      state = next[(state << shift) | columnOf[bytes[i]]];
      if (accepts[state] === 1) return true;
    }
    return false;
  }

  occursInText(text: string): boolean {
    const { next, columnOf, shift, accepts } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // Past latin1 nothing is part of a word: column 0 sends the automaton back to its start.
      state = next[(state << shift) | (code > 0xff ? 0 : columnOf[code])];
      if (accepts[state] === 1) return true;
    }
    return false;
  }

  /**
   * Every occurrence of every word in the text, overlapping ones too, in the order they end: the word
   * (lower case) and the offset it starts at. What a case-insensitive regular expression of the words
   * finds when it is tried at every offset, in one pass.
   */
  forEachOccurrence(text: string, onWord: (word: string, start: number) => void): void {
    const { next, columnOf, shift, accepts, completed } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = next[(state << shift) | (code > 0xff ? 0 : columnOf[code])];
      if (accepts[state] === 1) for (const word of completed[state]) onWord(word, i + 1 - word.length);
    }
  }
}

interface Trie {
  /** Per state, its children by lower-case byte. */
  children: Map<number, number>[];
  accepts: boolean[];
  /** Per state, the word it completes, if any. */
  words: (string | undefined)[];
}

/** Per state, its own word and those of its failure states, found breadth first (a failure state is shallower). */
function completedWords(trie: Trie, failure: Uint32Array): string[][] {
  const completed: string[][] = new Array(trie.children.length);
  const queue: number[] = [0];
  completed[0] = [];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (state !== 0) {
      const own = trie.words[state];
      const inherited = completed[failure[state]];
      completed[state] = own === undefined ? inherited : [own, ...inherited];
    }
    for (const child of trie.children[state].values()) queue.push(child);
  }
  return completed;
}

function buildTrie(words: readonly string[]): Trie {
  const trie: Trie = { children: [new Map()], accepts: [false], words: [undefined] };
  for (const word of words) {
    if (!word || /[^\x01-\x7f]/.test(word)) throw new Error(`not a non-empty ASCII word: ${JSON.stringify(word)}`);
    let state = 0;
    for (const byte of Buffer.from(word.toLowerCase(), 'latin1')) {
      let child = trie.children[state].get(byte);
      if (child === undefined) {
        child = trie.children.length;
        trie.children.push(new Map());
        trie.accepts.push(false);
        trie.words.push(undefined);
        trie.children[state].set(byte, child);
      }
      state = child;
    }
    trie.accepts[state] = true;
    trie.words[state] = word.toLowerCase();
  }
  return trie;
}

/** The bytes the words hold, a column each (after column 0), and the columns' row width as a shift. */
interface Columns {
  columnOf: Uint8Array;
  /** Per column, the lower-case byte it stands for (column 0: none). */
  bytes: number[];
  shift: number;
}

function columnsOf(trie: Trie): Columns {
  const held = new Set<number>();
  for (const children of trie.children) for (const byte of children.keys()) held.add(byte);
  const bytes = [-1, ...[...held].sort((a, b) => a - b)];
  const columnOf = new Uint8Array(256);
  bytes.forEach((byte, column) => {
    if (column > 0) columnOf[byte] = column;
  });
  for (let byte = 0; byte < 256; byte++) columnOf[byte] = columnOf[foldAscii(byte)];
  return { columnOf, bytes, shift: Math.max(1, Math.ceil(Math.log2(bytes.length))) };
}

/** The full transition table (and each state's `failure`), breadth first so that a state's failure state is filled before it. */
function fillTransitions(children: readonly Map<number, number>[], { bytes, shift }: Columns, accepts: Uint8Array, failure: Uint32Array): Uint32Array {
  const next = new Uint32Array(children.length << shift);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (accepts[failure[state]]) accepts[state] = 1;
    // Column 0 (no word's byte) leads back to the start from every state: the table holds 0 there already.
    for (let column = 1; column < bytes.length; column++) {
      const child = children[state].get(bytes[column]);
      const fallback = state === 0 ? 0 : next[(failure[state] << shift) | column];
      if (child === undefined) {
        next[(state << shift) | column] = fallback;
      } else {
        next[(state << shift) | column] = child;
        failure[child] = fallback;
        queue.push(child);
      }
    }
  }
  return next;
}

function foldAscii(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}
