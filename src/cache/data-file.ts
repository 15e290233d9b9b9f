// A sanity check of data.mdb before LMDB maps it. lmdb-js 3.5 crashes the process (SIGSEGV)
// when asked to open a file that is not an LMDB environment at all (a truncated copy, a file
// overwritten by something else), so the two meta pages are checked here first and such a
// file is reported as E_CACHE_CORRUPT instead.
//
// Layout checked (mdb.c, 64-bit): the file holds at least the two meta pages, and meta page 0
// starts with a 24-byte page header (LMDB 0.9.90 as bundled by lmdb-js) followed by MDB_meta,
// whose first fields are mm_magic = 0xBEEFC0DE and mm_version = 2 (MDB_DATA_VERSION), both
// 32-bit little-endian.
// Damage deeper inside a structurally valid file is LMDB's own business (its copy-on-write
// design makes it very unlikely short of disk failure).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { CacheError } from './errors.js';

const MAGIC = 0xbeefc0de;
const DATA_VERSION = 2;
const META_OFFSET = 24;
const MIN_PAGE_SIZE = 4096;

export function checkDataFile(directory: string): void {
  const path = join(directory, 'data.mdb');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a new cache
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return; // created but never written: LMDB initialises it
    const header = Buffer.alloc(META_OFFSET + 8);
    const read = readSync(fd, header, 0, header.length, 0);
    const isValid = size >= 2 * MIN_PAGE_SIZE && read === header.length
      && header.readUInt32LE(META_OFFSET) === MAGIC && header.readUInt32LE(META_OFFSET + 4) === DATA_VERSION;
    if (!isValid) {
      throw new CacheError('E_CACHE_CORRUPT',
        `${path} is not an LMDB data file (${size} bytes); move it away and Foyer rebuilds the cache from the server`);
    }
  } finally {
    closeSync(fd);
  }
}
