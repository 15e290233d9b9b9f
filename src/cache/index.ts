// The cache of one Foyer process: one LMDB environment, per-user stores keyed by the user's
// bare JID, and shared stores kept once for the family. Open it once and hand it to every
// linker; close it on shutdown.

import { BlobStore } from './blobs.js';
import { CacheEnv, type CacheEnvOptions } from './env.js';
import { MessageStore } from './messages.js';
import { Outbox } from './outbox.js';
import { PostStore } from './posts.js';
import type { Bookmark, RoomRecord } from './records.js';
import { RosterRecords } from './roster.js';
import { SharedSpace } from './shared-space.js';
import { UserJidRecords } from './user-records.js';

export { CacheError, type CacheErrorCode } from './errors.js';
export type { Blob, BlobKind } from './blobs.js';
export { LmdbCapsStore, type CapsStore } from './caps-store.js';
export type { AppendOptions, Backfill, ConversationSummary, MessageCursor, MessageFailure, MessageState, StoredAttachment, StoredMessage, SyncPoint } from './messages.js';
export type { NewOutboxEntry, OutboxEntry, OutboxState } from './outbox.js';
export type { FeedPage, ItemRef, NewItem, PubsubItem } from './posts.js';
export type { Bookmark, RoomRecord, RosterItem } from './records.js';
export { SCHEMA_VERSION } from './schema.js';
export { DEFAULT_CACHE_PATH, type CacheEnv } from './env.js';
export type { UserJidRecords } from './user-records.js';
export type { RosterRecords } from './roster.js';
export type { MessageStore } from './messages.js';
export type { PostStore } from './posts.js';
export type { Outbox } from './outbox.js';
export type { BlobStore } from './blobs.js';

export interface CacheOptions extends CacheEnvOptions {
  /** Byte budget of the shared, evictable records (avatars, vCards, unreferenced items). Default 64 MiB. */
  sharedBudgetBytes?: number;
  /** How old a shared record's last-use time must be before a read refreshes it. Default 1 min. */
  touchIntervalMs?: number;
  /**
   * Messages older than this are removed by `pruneOldMessages` (each conversation keeps its
   * newest). Unset by default: per-user messages are then never removed.
   */
  messageMaxAgeMs?: number;
}

export class Cache {
  readonly roster: RosterRecords;
  readonly rooms: UserJidRecords<RoomRecord>;
  readonly bookmarks: UserJidRecords<Bookmark>;
  readonly messages: MessageStore;
  readonly posts: PostStore;
  readonly outbox: Outbox;
  readonly blobs: BlobStore;
  private readonly shared: SharedSpace;
  private readonly messageMaxAgeMs: number | undefined;

  constructor(readonly env: CacheEnv, options: CacheOptions = {}) {
    this.messageMaxAgeMs = options.messageMaxAgeMs;
    this.shared = new SharedSpace(env, options.sharedBudgetBytes ?? 64 * 1024 * 1024, options.touchIntervalMs ?? 60_000);
    this.roster = new RosterRecords(env);
    this.rooms = new UserJidRecords(env, 'rooms');
    this.bookmarks = new UserJidRecords(env, 'bookmarks');
    this.messages = new MessageStore(env);
    this.posts = new PostStore(env, this.shared);
    this.outbox = new Outbox(env);
    this.blobs = new BlobStore(env, this.shared);
  }

  /** Bytes held by shared, evictable records (for /metrics and the eviction tests). */
  sharedBytes(): number {
    return this.shared.totalBytes();
  }

  /** Applies the configured message age limit (the daemon calls this now and then). */
  async pruneOldMessages(): Promise<number> {
    if (this.messageMaxAgeMs === undefined) return 0;
    return this.messages.pruneMessagesBefore(this.env.now() - this.messageMaxAgeMs);
  }

  close(): Promise<void> {
    return this.env.close();
  }
}

/** Opens the process's cache (default `./var/cache`), migrating an older schema. Throws CacheError. */
export function openCache(options: CacheOptions = {}): Cache {
  return new Cache(CacheEnv.open(options), options);
}
