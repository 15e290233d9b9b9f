// The cache's sub-databases and its schema history.
//
// Every sub-database uses binary keys built by keys.ts (layouts documented in the store
// modules) and msgpack values, except `blobs`, whose values are the raw bytes.
//
// Schema history (the version lives in `meta` under the key 'schema-version'):
//   v1  per-user stores, caps, and shared blobs whose `blob-info` value was { bytes, type }.
//   v2  shared-data eviction: `blob-info` gains `lastUsed`, the `shared-lru` index orders all
//       evictable shared records by last use, `meta` 'shared-bytes' totals their size, and
//       shared pubsub items arrive (`pubsub-items`, counted in the same budget).
// A migration upgrades from version N-1 to N inside one write transaction at open, so a crash
// mid-migration leaves the cache at N-1 and the next open simply runs it again.

import type { Database } from 'lmdb';
import { CacheError } from './errors.js';
import { encodeKey, MAX_KEY_BYTES } from './keys.js';

export const SCHEMA_VERSION = 2;

export const DB_NAMES = [
  'meta', 'roster', 'conversations', 'messages', 'rooms', 'bookmarks', 'posts', 'post-index',
  'outbox', 'outbox-ids', 'blobs', 'blob-info', 'shared-lru', 'pubsub-items', 'caps',
  // The daemon's own records (src/daemon/persistent-stores.ts): added without a version bump,
  // since opening creates a missing sub-database empty and an older Foyer ignores them.
  'accounts', 'browser-sessions',
  // Chat (src/cache/messages.ts): the id index and the archive sync point, likewise added
  // without a version bump; no message was stored before they existed.
  'message-ids', 'message-sync',
  // Comment threads (src/cache/posts.ts), likewise: no thread was cached before it existed.
  'comment-threads',
] as const;
export type DbName = (typeof DB_NAMES)[number];

/** Sub-databases whose values are raw bytes rather than msgpack. */
export const BINARY_VALUE_DBS: ReadonlySet<DbName> = new Set<DbName>(['blobs']);

export type Dbs = Record<DbName, Database<any, Buffer>>;

export const SCHEMA_VERSION_KEY = encodeKey('schema-version');
export const SHARED_BYTES_KEY = encodeKey('shared-bytes');

export interface MigrationContext {
  dbs: Dbs;
  now: number;
}

/** migrations[i] upgrades a cache from version i + 1 to i + 2. Append only; never edit one. */
export const MIGRATIONS: ReadonlyArray<(context: MigrationContext) => void> = [
  function addSharedLastUsed({ dbs, now }) {
    let total = 0;
    for (const { key, value } of dbs['blob-info'].getRange({})) {
      const info = value as { bytes: number; type: string; lastUsed?: number };
      const lastUsed = info.lastUsed ?? now;
      dbs['blob-info'].putSync(key, { ...info, lastUsed });
      dbs['shared-lru'].putSync(lruKey(lastUsed, 'blob', key), true);
      total += info.bytes;
    }
    dbs.meta.putSync(SHARED_BYTES_KEY, total);
  },
];

/**
 * `shared-lru` key: 8-byte lastUsed (ms), then the kind ('blob' or 'item') as a string part,
 * then the record's own key bytes in its store. Ascending order = least recently used first.
 */
export function lruKey(lastUsed: number, kind: 'blob' | 'item', recordKey: Buffer): Buffer {
  const key = Buffer.concat([encodeKey(lastUsed, kind), recordKey]);
  if (key.length > MAX_KEY_BYTES) throw new CacheError('E_CACHE_BAD_KEY', `shared record key too long (${key.length} bytes)`);
  return key;
}
