/** How a file's bytes became text, so that a rewrite can be written back in the same form. */
export type SourceEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export interface DecodedSource {
  text: string;
  encoding: SourceEncoding;
  /** True when the bytes were not valid in their encoding: such a file is analysed but never rewritten. */
  lossy: boolean;
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

export function decodeSource(bytes: Buffer): DecodedSource {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2), 'utf16be');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeWith('utf-8', bytes.subarray(3), 'utf8-bom');
  return decodeWith('utf-8', bytes, 'utf8');
}

function decodeWith(label: string, bytes: Uint8Array, encoding: SourceEncoding): DecodedSource {
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(bytes), encoding, lossy: false };
  } catch {
    return { text: new TextDecoder(label).decode(bytes), encoding, lossy: true };
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
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
  }
}
