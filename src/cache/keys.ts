// Binary keys for every sub-database, built by hand so that the byte layout (and therefore
// LMDB's sort order and the bounds of every range scan) is explicit rather than a property
// of a generic encoder.
//
// A key is a tuple of parts, concatenated:
//
//   string part   UTF-8 bytes, then one 0x00 terminator
//                 (JIDs, node names, item and stanza ids never contain NUL; one that does is
//                 refused with E_CACHE_BAD_KEY)
//   number part   8 bytes, unsigned big-endian integer (milliseconds since the epoch, or a
//                 sequence number); 0 <= n <= Number.MAX_SAFE_INTEGER
//
// Because every string part ends in 0x00 and no string contains 0x00, the encoded prefix of
// (user) can never be a prefix of another user's encoded prefix: 'a@x' encodes to
// 61 40 78 00 and 'a@x.y' to 61 40 78 2e 79 00, which differ at the fourth byte. A range scan
// over one user therefore runs from prefix(user) up to (excluding) the same bytes with the
// last 0x00 raised to 0x01, and cannot reach another user's keys.

import { CacheError } from './errors.js';

export type KeyPart = string | number;

/** LMDB's default maximum key size with 4 KiB pages (mdb_env_get_maxkeysize). */
export const MAX_KEY_BYTES = 1978;

export function encodeKey(...parts: KeyPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part.includes('\u0000')) {
        throw new CacheError('E_CACHE_BAD_KEY', `key part contains NUL: ${JSON.stringify(part)}`);
      }
      chunks.push(Buffer.from(part, 'utf8'), TERMINATOR);
    } else {
      if (!Number.isSafeInteger(part) || part < 0) {
        throw new CacheError('E_CACHE_BAD_KEY', `numeric key part must be a non-negative safe integer: ${part}`);
      }
      const bytes = Buffer.allocUnsafe(8);
      bytes.writeBigUInt64BE(BigInt(part));
      chunks.push(bytes);
    }
  }
  const key = Buffer.concat(chunks);
  if (key.length > MAX_KEY_BYTES) {
    throw new CacheError('E_CACHE_BAD_KEY', `key of ${key.length} bytes exceeds LMDB's ${MAX_KEY_BYTES}`);
  }
  if (key.length === 0) throw new CacheError('E_CACHE_BAD_KEY', 'empty key');
  return key;
}

const TERMINATOR = Buffer.from([0]);

/** Bounds of every key that starts with these parts: start inclusive, end exclusive. */
export function prefixRange(...parts: KeyPart[]): { start: Buffer; end: Buffer } {
  const start = encodeKey(...parts);
  return { start, end: successor(start) };
}

/** The smallest key greater than every key that starts with `prefix`. */
function successor(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  throw new CacheError('E_CACHE_BAD_KEY', 'prefix has no successor');
}

/**
 * Splits a key back into its parts, given the shape it was built with ('s' for a string
 * part, 'n' for a number part). Used where a scan needs a part that is not in the value.
 */
export function decodeKey(key: Uint8Array, shape: string): KeyPart[] {
  const bytes = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const parts: KeyPart[] = [];
  let offset = 0;
  for (const kind of shape) {
    if (kind === 'n') {
      parts.push(Number(bytes.readBigUInt64BE(offset)));
      offset += 8;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end < 0) throw new CacheError('E_CACHE_CORRUPT', 'key ends inside a string part');
      parts.push(bytes.toString('utf8', offset, end));
      offset = end + 1;
    }
  }
  return parts;
}
