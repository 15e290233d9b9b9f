// How much address space this process may still map, on Linux: the soft RLIMIT_AS from
// /proc/self/limits minus the current VmSize. lmdb-js grows its memory map by itself and does
// not report a failed mmap; the commit that needed the bigger map then fails with
// MDB_PAGE_NOTFOUND or MDB_CORRUPTED. Comparing the headroom with the map size tells that case
// (E_CACHE_MAP_FULL) apart from real damage. Where a limit exists, writes are also refused
// beforehand once the map could not grow any more: past that point a failed allocation may
// make LMDB abort the process (an assertion on a corrupted page) instead of failing a commit.
import { readFileSync } from 'node:fs';

/** The soft RLIMIT_AS in bytes; Infinity where there is none or it cannot be read. */
export function addressSpaceLimit(): number {
  try {
    const soft = /^Max address space\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return !soft || soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return Infinity; // not Linux, or /proc not mounted: no limit we can see
  }
}

/** Bytes of address space left under `limit` (default: read now), or Infinity without a limit. */
export function addressSpaceHeadroom(limit = addressSpaceLimit()): number {
  if (!Number.isFinite(limit)) return Infinity;
  try {
    const vmSizeKiB = Number(/^VmSize:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    return limit - vmSizeKiB * 1024;
  } catch {
    return Infinity;
  }
}
