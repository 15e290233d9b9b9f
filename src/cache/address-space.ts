// How much address space this process may still map, on Linux: the soft RLIMIT_AS from
// /proc/self/limits minus the current VmSize. lmdb-js grows its memory map by itself and does
// not report a failed mmap; the commit that needed the bigger map then fails with
// MDB_PAGE_NOTFOUND or MDB_CORRUPTED. Comparing the headroom with the map size tells that case
// (E_CACHE_MAP_FULL) apart from real damage.
import { readFileSync } from 'node:fs';

/** Bytes of address space left, or Infinity where there is no limit or it cannot be read. */
export function addressSpaceHeadroom(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max address space\s+(\S+)/m.exec(limits)?.[1];
    if (!soft || soft === 'unlimited') return Infinity;
    const vmSizeKiB = Number(/^VmSize:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    return Number(soft) - vmSizeKiB * 1024;
  } catch {
    return Infinity; // not Linux, or /proc not mounted: no limit we can see
  }
}
