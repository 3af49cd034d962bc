/** How a file's bytes became text, so that a rewrite can be written back in the same form. */
export type SourceEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'windows-1252';

export interface DecodedSource {
  text: string;
  encoding: SourceEncoding;
  /** True when the bytes were not valid in their encoding: such a file is analysed but never rewritten. */
  lossy: boolean;
  /** How the bytes were read where that is not plainly their encoding: the scan's notice says it. */
  notice?: string;
}

const BINARY_PROBE_BYTES = 8000;

export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** A NUL byte near the start of a file without a UTF-16 byte order mark: not source code. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  return bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

/**
 * Whether NUL bytes look like UTF-16 text saved without a byte order mark: mostly ASCII characters, each
 * with a NUL beside it on the same side (little- or big-endian). Only said in the notice: which side the
 * text is on cannot be known for sure, so such a file is still not read.
 */
export function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const probe = bytes.subarray(0, Math.min(bytes.length, BINARY_PROBE_BYTES) & ~1);
  if (probe.length < 8) return false;
  let low = 0;
  let high = 0;
  for (let i = 0; i < probe.length; i += 2) {
    if (probe[i + 1] === 0 && probe[i] >= 0x09 && probe[i] < 0x7f) low++;
    if (probe[i] === 0 && probe[i + 1] >= 0x09 && probe[i + 1] < 0x7f) high++;
  }
  return Math.max(low, high) >= 0.9 * (probe.length / 2);
}

/**
 * A file's text by its byte order mark, else UTF-8. Bytes that hold no UTF-8 at all are read as
 * Windows-1252, the ANSI code page Windows PowerShell 5.1 reads a script without a byte order mark in
 * (a script saved from Word or a web page, with `“` `”` as its quotes); UTF-8 with stray bytes, as
 * UTF-8 with those bytes read as Windows-1252, and never written back.
 */
export function decodeSource(bytes: Buffer): DecodedSource {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2), 'utf16be');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeWith('utf-8', bytes.subarray(3), 'utf8-bom');
  const utf8 = strictlyDecoded('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf8', lossy: false };
  // UTF-8 with a stray byte keeps its UTF-8 (a “ ” there is still a quote); no way back to its bytes.
  if (hasUtf8Sequence(bytes)) return { text: decodeUtf8WithStrayBytes(bytes), encoding: 'utf8', lossy: true, notice: UTF8_WITH_STRAY_BYTES };
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252', lossy: false, notice: READ_AS_WINDOWS_1252 };
}

/** The length of the valid UTF-8 sequence of more than one byte at `i`; 0 where there is none. */
function utf8SequenceAt(bytes: Buffer, i: number): number {
  const lead = bytes[i];
  const inRange = (at: number, low = 0x80, high = 0xbf): boolean => bytes[at] >= low && bytes[at] <= high;
  if (lead >= 0xc2 && lead <= 0xdf) return inRange(i + 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return inRange(i + 1, low, high) && inRange(i + 2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return inRange(i + 1, low, high) && inRange(i + 2) && inRange(i + 3) ? 4 : 0;
  }
  return 0;
}

function hasUtf8Sequence(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xc2 && utf8SequenceAt(bytes, i) > 0) return true;
  return false;
}

/** UTF-8, each byte outside a valid sequence read as its Windows-1252 character. */
function decodeUtf8WithStrayBytes(bytes: Buffer): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    parts.push(bytes.toString('utf8', start, i), decodeWindows1252(bytes.subarray(i, i + 1)));
    start = ++i;
  }
  parts.push(bytes.toString('utf8', start));
  return parts.join('');
}

const UTF8_WITH_STRAY_BYTES = 'not valid UTF-8: UTF-8 with stray bytes, read as Windows-1252 characters; never rewritten';

const READ_AS_WINDOWS_1252 =
  'not valid UTF-8: read as Windows-1252, as Windows PowerShell 5.1 reads a script without a byte order mark; a fix writes every byte it does not change back as it was';

/**
 * Windows-1252, where 0x80–0x9F are `€`, `“`, `”`, `–`, … (latin1 has control characters there), and
 * the five bytes it leaves undefined stay those controls: every byte is one character of its own, so
 * any bytes decode and encode back unchanged, whatever code page they were written in.
 */
const WINDOWS_1252_HIGH = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';
const WINDOWS_1252_BYTE = new Map([...WINDOWS_1252_HIGH].map((character, index) => [character, 0x80 + index]));

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Throws where the text holds a character Windows-1252 has no byte for. */
function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = (code < 0x80 || (code >= 0xa0 && code <= 0xff)) ? code : WINDOWS_1252_BYTE.get(text[i]);
    if (byte === undefined) throw new RangeError(`${JSON.stringify(text[i])} has no byte in Windows-1252`);
    bytes[i] = byte;
  }
  return bytes;
}

function decodeWith(label: string, bytes: Uint8Array, encoding: SourceEncoding): DecodedSource {
  const text = strictlyDecoded(label, bytes);
  if (text !== undefined) return { text, encoding, lossy: false };
  return { text: new TextDecoder(label).decode(bytes), encoding, lossy: true, notice: `not valid ${encoding}: analysed with replacement characters, never rewritten` };
}

/** The text, where every byte is valid in the encoding. */
function strictlyDecoded(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeSource(text: string, encoding: SourceEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'windows-1252':
      return encodeWindows1252(text);
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
  }
}
