// A failed cache write reaches the tabs of the user whose session made it, as a standing
// `cache.write-failed` (so a tab opened later sees it too), and the first write that works
// again for that user clears it. Features need not report anything: every write goes through
// the one CacheEnv, and the linker pool knows whose session is running.
import type { CacheEnv, CacheError, CacheErrorCode } from '../cache/index.js';
import type { CacheEvents } from './cache-events.js';
import type { LinkerPool } from './linker-pool.js';

const TOPIC = 'cache';

/** What the person can understand and do; the technical message goes to the log. */
const FOR_A_PERSON: Partial<Record<CacheErrorCode, string>> = {
  E_CACHE_FULL: 'The box\'s storage is full, so new messages and changes are not being saved on it. Free some space on the box.',
  E_CACHE_MAP_FULL: 'The box ran out of memory for its storage, so new messages and changes are not being saved. Restart the box.',
  E_CACHE_CORRUPT: 'The box\'s storage is damaged, so new messages and changes are not being saved. Restart the box; if this stays, its cache can be rebuilt.',
  E_CACHE_IO: 'The box\'s storage reported an error, so new messages and changes are not being saved. Check the box\'s SD card.',
};
const FALLBACK = 'The box could not save your latest changes.';

export function personMessage(code: CacheErrorCode): string {
  return FOR_A_PERSON[code] ?? FALLBACK;
}

type Pool = Pick<LinkerPool, 'currentUser' | 'publish'>;

/** Starts routing `env`'s write outcomes to users' tabs; returns the function that stops it. */
export function reportCacheWrites(env: CacheEnv, pool: Pool, log: (line: string) => void): () => void {
  /** Users whose last write failed, with the code the tabs were told (said once, not per write). */
  const failing = new Map<string, CacheErrorCode>();
  return env.observeWrites({
    failed(error: CacheError) {
      // The cache closing on shutdown is not trouble worth a banner; a write made outside any
      // session (browser-session housekeeping) is reported by its caller.
      const jid = pool.currentUser();
      if (error.code === 'E_CACHE_CLOSED' || !jid || failing.get(jid) === error.code) return;
      log(`error ${error.code} ${jid}: ${error.message}`);
      failing.set(jid, error.code);
      const data: CacheEvents['cache.write-failed'] = { code: error.code, message: personMessage(error.code) };
      pool.publish(jid, { name: 'cache.write-failed', data }, TOPIC);
    },
    succeeded() {
      const jid = pool.currentUser();
      if (!jid || !failing.delete(jid)) return;
      log(`info cache writes work again for ${jid}`);
      const data: CacheEvents['cache.write-recovered'] = {};
      pool.publish(jid, { name: 'cache.write-recovered', data }, TOPIC);
    },
  });
}
