// Typed cache failures with stable codes, so the daemon can show "the box's disk is full"
// instead of crashing. Expected failures (disk full, corrupt file, cache written by a newer
// Foyer) are CacheError values; programmer misuse (a NUL in a key) throws CacheError too,
// with E_CACHE_BAD_KEY, because it names the offending input.

export type CacheErrorCode =
  | 'E_CACHE_FULL'          // the file system has no room (ENOSPC/EDQUOT, or below the free-space reserve)
  | 'E_CACHE_MAP_FULL'      // LMDB's memory map could not grow (MDB_MAP_FULL, address space exhausted)
  | 'E_CACHE_VERSION'       // the cache was written by a newer schema than this code knows
  | 'E_CACHE_CORRUPT'       // the file is not a valid LMDB environment, or a record cannot be decoded
  | 'E_CACHE_IO'            // any other I/O failure reported by the OS
  | 'E_CACHE_BAD_KEY'       // a key part contains NUL or the key exceeds LMDB's key size
  | 'E_CACHE_HASH_MISMATCH' // bytes stored under a content hash do not hash to it
  | 'E_CACHE_CLOSED'        // used after close()
  | 'E_CACHE_ALREADY_OPEN'; // opened a second time in the same process (open it once, share it)

export class CacheError extends Error {
  readonly code: CacheErrorCode;
  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheError';
    this.code = code;
  }
}

// LMDB return codes (lmdb.h) that carry a meaning of their own.
const MDB_MAP_FULL = -30792;
const MDB_INVALID = -30793;
const MDB_CORRUPTED = -30796;
const MDB_VERSION_MISMATCH = -30794;
const MDB_PAGE_NOTFOUND = -30797;
const ENOSPC = 28;
const EDQUOT = 122;
const EIO = 5;

/**
 * Maps whatever lmdb-js threw (an errno, an MDB_* code, or only a message) to a CacheError.
 * `mapCannotGrow` says a failed commit happened while the address space had no room for a
 * bigger map (see address-space.ts).
 */
export function toCacheError(error: unknown, action: string, mapCannotGrow = false): CacheError {
  if (error instanceof CacheError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const say = (what: string) => `${action}: ${what} (${message})`;
  if (code === ENOSPC || code === EDQUOT || code === 'ENOSPC' || code === 'EDQUOT' || /No space left/i.test(message)) {
    return new CacheError('E_CACHE_FULL', say('the disk holding the cache is full'), { cause: error });
  }
  // lmdb-js grows the map itself and ignores a failed mmap; the commit then fails reading a
  // page past the mapped end, as MDB_PAGE_NOTFOUND or MDB_CORRUPTED (both seen with the
  // address space capped by `ulimit -v`).
  if (code === MDB_MAP_FULL || /MDB_MAP_FULL/.test(message)
      || (mapCannotGrow && (code === MDB_PAGE_NOTFOUND || code === MDB_CORRUPTED))) {
    return new CacheError('E_CACHE_MAP_FULL', say('the cache map cannot grow any further'), { cause: error });
  }
  if (code === MDB_INVALID || code === MDB_CORRUPTED || code === MDB_VERSION_MISMATCH
      || /MDB_INVALID|MDB_CORRUPTED|MDB_VERSION_MISMATCH|not an LMDB file/i.test(message)) {
    return new CacheError('E_CACHE_CORRUPT', say('the cache file is damaged or not an LMDB file'), { cause: error });
  }
  if (code === EIO || code === 'EIO' || /Input\/output error/i.test(message)) {
    return new CacheError('E_CACHE_IO', say('the disk reported an I/O error'), { cause: error });
  }
  return new CacheError('E_CACHE_IO', say('unexpected storage failure'), { cause: error });
}

/**
 * lmdb-js rejects a failed asynchronous commit with a generic "Commit failed" error whose
 * `commitError` promise holds the real cause (the errno). Awaiting it both finds the cause
 * and marks that promise handled, so a full disk never becomes an unhandled rejection.
 */
export async function commitFailureCause(error: unknown): Promise<unknown> {
  const pending = (error as { commitError?: Promise<unknown> } | null)?.commitError;
  if (!pending || typeof pending.then !== 'function') return error;
  try {
    await pending;
    return error;
  } catch (cause) {
    return cause;
  }
}
