// Accounting and eviction of the shared (family-wide) records: avatar and vCard blobs and
// pubsub items. They are kept once for everyone and can always be fetched again, so when
// their total passes the byte budget the least recently used go first. Per-user data is not
// in this budget and is never evicted here.
//
// shared-lru  key:   lastUsed (8-byte ms) · kind ('blob' | 'item') · the record's key bytes
//             value: true
// meta        'shared-bytes' → total bytes of all shared records (msgpack number)
//
// All methods except `touchIfStale` run inside a write transaction of the caller.

import type { CacheEnv } from './env.js';
import { decodeKey } from './keys.js';
import { lruKey, SHARED_BYTES_KEY } from './schema.js';

export type SharedKind = 'blob' | 'item';

/** Removes an evictable record; returns false when it must stay (still referenced). */
export type Evictor = (recordKey: Buffer) => boolean;

export class SharedSpace {
  private readonly evictors = new Map<SharedKind, Evictor>();

  constructor(
    private readonly env: CacheEnv,
    readonly budgetBytes: number,
    /** A read refreshes a record's lastUsed only when it is at least this old (fewer writes). */
    private readonly touchIntervalMs: number,
  ) {}

  registerEvictor(kind: SharedKind, evictor: Evictor): void {
    this.evictors.set(kind, evictor);
  }

  totalBytes(): number {
    return (this.env.dbs.meta.get(SHARED_BYTES_KEY) as number | undefined) ?? 0;
  }

  added(kind: SharedKind, recordKey: Buffer, bytes: number, lastUsed: number): void {
    this.env.dbs['shared-lru'].putSync(lruKey(lastUsed, kind, recordKey), true);
    this.adjustTotal(bytes);
  }

  removed(kind: SharedKind, recordKey: Buffer, bytes: number, lastUsed: number): void {
    this.env.dbs['shared-lru'].removeSync(lruKey(lastUsed, kind, recordKey));
    this.adjustTotal(-bytes);
  }

  resized(delta: number): void {
    this.adjustTotal(delta);
  }

  moved(kind: SharedKind, recordKey: Buffer, from: number, to: number): void {
    this.env.dbs['shared-lru'].removeSync(lruKey(from, kind, recordKey));
    this.env.dbs['shared-lru'].putSync(lruKey(to, kind, recordKey), true);
  }

  /**
   * Records a read of the record at `recordKey` in `infoDb` (whose value carries `lastUsed`)
   * without making the reader wait: the refresh runs in a later write, and only when the
   * stored time is at least touchIntervalMs old. A refresh that fails (disk full) is dropped
   * on purpose: it only makes the eviction order slightly less accurate, and the read has
   * already succeeded.
   */
  touchIfStale(kind: SharedKind, infoDb: 'blob-info' | 'pubsub-items', recordKey: Buffer, lastUsed: number): void {
    if (this.env.now() - lastUsed < this.touchIntervalMs) return;
    const db = this.env.dbs[infoDb];
    this.env.write(() => {
      const current = db.get(recordKey) as { lastUsed: number } | undefined;
      if (!current) return;
      const now = this.env.now();
      this.moved(kind, recordKey, current.lastUsed, now);
      db.putSync(recordKey, { ...current, lastUsed: now });
    }, `recording use of a shared ${kind}`).catch(() => undefined);
  }

  /** Evicts least recently used records until the total fits the budget. Returns bytes freed. */
  evictOverBudget(): number {
    let total = this.totalBytes();
    const before = total;
    if (total <= this.budgetBytes) return 0;
    // Keys are collected a page at a time rather than deleted under a live cursor.
    let after: Buffer | undefined;
    while (total > this.budgetBytes) {
      const page = Array.from(
        this.env.dbs['shared-lru'].getKeys(after ? { start: after, exclusiveStart: true, limit: 64 } : { limit: 64 }),
        (key) => Buffer.from(key),
      );
      if (page.length === 0) break; // everything left is still referenced
      for (const lru of page) {
        const [, kind] = decodeKey(lru, 'ns') as [number, SharedKind];
        const recordKey = lru.subarray(8 + Buffer.byteLength(kind) + 1);
        if (this.evictors.get(kind)?.(recordKey)) total = this.totalBytes();
        if (total <= this.budgetBytes) break;
      }
      after = page[page.length - 1];
    }
    return before - total;
  }

  private adjustTotal(delta: number): void {
    this.env.dbs.meta.putSync(SHARED_BYTES_KEY, this.totalBytes() + delta);
  }
}
