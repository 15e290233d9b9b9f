// Pubsub items (microblog posts, comments) kept once for the family, and each user's view of
// them. The same item reaches every subscriber with the same payload, so its bytes are shared;
// which items a user may see is the user's own post index, and every per-user read goes
// through it, so a user never gets an item only another user was sent.
//
// pubsub-items  key:   service · node · item id
//               value: PubsubItem (payload = the item as its feature keeps it; the feed
//               stores its sanitised FeedPost JSON, so items are sanitised once for the box)
//   `refs` counts the users whose view holds the item. Items with refs = 0 (browsed public
//   nodes, or dropped from every view) count toward the shared budget and are evicted least
//   recently used first; referenced items are never evicted.
// post-index    key:   user · service · node · item id        value: published (ms)
// posts         key:   user · published (8-byte ms) · service · node · item id   value: true
//   `posts` orders a user's feed newest first with one reverse scan; `post-index` finds the
//   published time of an item the user already has (re-publication, retraction).
// comment-threads key:  service · node (a post's comments node)
//               value: CommentThreadRecord { post, version, entries }: the thread's item ids,
//               its comments being pubsub-items of that node (refs = 0: evictable, fetched
//               again if one is gone). A thread is the same for everyone who sees its post, so
//               it is stored once; a user reaches it only through a post the user's view holds.
//               `version` counts live changes, so a whole fetch that raced a live comment does
//               not drop it (each entry says at which version it came).
//
// References: XEP-0060 §7.1 (items), XEP-0277 (microblog), XEP-0472 (social web).

import type { CacheEnv } from './env.js';
import { decodeKey, encodeKey, prefixRange } from './keys.js';
import type { SharedSpace } from './shared-space.js';

export interface ItemRef {
  service: string;
  node: string;
  itemId: string;
}

export interface PubsubItem extends ItemRef {
  payload: string;
  published: number;
  /** 'open' when the node's access model is open (anyone may read it without a view). */
  access: 'open' | 'restricted';
  refs: number;
  lastUsed: number;
  bytes: number;
}

export type NewItem = Omit<PubsubItem, 'refs' | 'lastUsed' | 'bytes'>;

/** A cached comments node: the post it is about and its items' ids, each with the version it came at. */
export interface CommentThreadRecord {
  post: ItemRef;
  version: number;
  entries: Array<[id: string, version: number]>;
}

export interface FeedPage {
  before?: number;
  limit: number;
}

export class PostStore {
  constructor(
    private readonly env: CacheEnv,
    private readonly shared: SharedSpace,
  ) {
    shared.registerEvictor('item', (key) => this.evictUnreferenced(key));
  }

  /** Adds (or updates) an item in the user's feed; its payload is stored once for everyone. */
  async putPost(user: string, item: NewItem): Promise<void> {
    const itemKey = itemKeyOf(item);
    const indexKey = encodeKey(user, item.service, item.node, item.itemId);
    return this.env.write(() => {
      const previous = this.env.dbs['post-index'].get(indexKey) as number | undefined;
      if (previous !== undefined) {
        this.env.dbs.posts.removeSync(encodeKey(user, previous, item.service, item.node, item.itemId));
      }
      this.storeItem(itemKey, item, previous === undefined ? 1 : 0);
      this.env.dbs['post-index'].putSync(indexKey, item.published);
      this.env.dbs.posts.putSync(encodeKey(user, item.published, item.service, item.node, item.itemId), true);
      this.shared.evictOverBudget();
    }, `storing post ${item.itemId} for ${user}`, item.payload.length);
  }

  /** Drops an item from the user's view (retracted, or unsubscribed). */
  async removePost(user: string, ref: ItemRef): Promise<void> {
    const itemKey = itemKeyOf(ref);
    const indexKey = encodeKey(user, ref.service, ref.node, ref.itemId);
    return this.env.write(() => {
      const published = this.env.dbs['post-index'].get(indexKey) as number | undefined;
      if (published === undefined) return;
      this.env.dbs['post-index'].removeSync(indexKey);
      this.env.dbs.posts.removeSync(encodeKey(user, published, ref.service, ref.node, ref.itemId));
      const item = this.env.dbs['pubsub-items'].get(itemKey) as PubsubItem | undefined;
      if (item) this.env.dbs['pubsub-items'].putSync(itemKey, { ...item, refs: item.refs - 1 });
      this.shared.evictOverBudget();
    }, `removing post ${ref.itemId} for ${user}`);
  }

  /** Caches an item of a public node that no user's feed holds (browsing). */
  async putPublicItem(item: NewItem & { access: 'open' }): Promise<void> {
    const itemKey = itemKeyOf(item);
    return this.env.write(() => {
      this.storeItem(itemKey, item, 0);
      this.shared.evictOverBudget();
    }, `storing public item ${item.itemId}`, item.payload.length);
  }

  /** A public node's item, or undefined if unknown, evicted, or not public. */
  getPublicItem(ref: ItemRef): PubsubItem | undefined {
    const item = this.readItem(itemKeyOf(ref));
    return item?.access === 'open' ? item : undefined;
  }

  /** One item of the user's feed, only if the user's view holds it. */
  getPost(user: string, ref: ItemRef): PubsubItem | undefined {
    if (!this.env.dbs['post-index'].doesExist(encodeKey(user, ref.service, ref.node, ref.itemId))) return undefined;
    return this.readItem(itemKeyOf(ref));
  }

  /** The user's feed, newest first. */
  getPosts(user: string, page: FeedPage): PubsubItem[] {
    const { start: userStart, end: userEnd } = prefixRange(user);
    const start = page.before === undefined ? userEnd : encodeKey(user, page.before);
    const posts: PubsubItem[] = [];
    for (const key of this.env.dbs.posts.getKeys({ start, end: userStart, reverse: true, exclusiveStart: true, limit: page.limit })) {
      const [, , service, node, itemId] = decodeKey(key, 'snsss') as [string, number, string, string, string];
      const item = this.readItem(itemKeyOf({ service, node, itemId }));
      if (item) posts.push(item);
    }
    return posts;
  }

  /** The version of a cached thread (0 when not cached): read before fetching it whole. */
  threadVersion(commentsNode: { service: string; node: string }): number {
    return (this.env.dbs['comment-threads'].get(encodeKey(commentsNode.service, commentsNode.node)) as CommentThreadRecord | undefined)?.version ?? 0;
  }

  /**
   * Replaces the cached thread of a comments node with what the server answered to a fetch
   * that began at thread version `basedOn`; items that came live since are kept.
   */
  async putThread(commentsNode: { service: string; node: string }, post: ItemRef, items: readonly NewItem[], basedOn: number): Promise<void> {
    const threadKey = encodeKey(commentsNode.service, commentsNode.node);
    return this.env.write(() => {
      const previous = this.env.dbs['comment-threads'].get(threadKey) as CommentThreadRecord | undefined;
      const version = (previous?.version ?? 0) + 1;
      const answered = new Set(items.map((item) => item.itemId));
      const entries: CommentThreadRecord['entries'] = items.map((item) => [item.itemId, version]);
      for (const [id, since] of previous?.entries ?? []) {
        if (answered.has(id)) continue;
        if (since > basedOn) entries.push([id, since]);
        else this.evictUnreferenced(itemKeyOf({ ...commentsNode, itemId: id }));
      }
      for (const item of items) this.storeItem(itemKeyOf(item), item, 0);
      this.env.dbs['comment-threads'].putSync(threadKey, { post, version, entries } satisfies CommentThreadRecord);
      this.shared.evictOverBudget();
    }, `storing the comments of ${post.itemId}`, items.reduce((bytes, item) => bytes + item.payload.length, 0));
  }

  /** Adds or replaces one item of a cached thread; false (nothing stored) when the thread is not cached. */
  async putThreadItem(item: NewItem): Promise<boolean> {
    const threadKey = encodeKey(item.service, item.node);
    // Every follower's session hears the same comment: the first one stores it, the others
    // (and a session that has just loaded the whole thread) find it there, without a write.
    const cached = this.env.dbs['comment-threads'].get(threadKey) as CommentThreadRecord | undefined;
    if (!cached) return false;
    const stored = this.env.dbs['pubsub-items'].get(itemKeyOf(item)) as PubsubItem | undefined;
    if (stored?.payload === item.payload && cached.entries.some(([id]) => id === item.itemId)) return true;
    return this.env.write(() => {
      const thread = this.env.dbs['comment-threads'].get(threadKey) as CommentThreadRecord | undefined;
      if (!thread) return false;
      this.storeItem(itemKeyOf(item), item, 0);
      const version = thread.version + 1;
      const entries = thread.entries.filter(([id]) => id !== item.itemId);
      this.env.dbs['comment-threads'].putSync(threadKey, { ...thread, version, entries: [...entries, [item.itemId, version]] } satisfies CommentThreadRecord);
      this.shared.evictOverBudget();
      return true;
    }, `storing comment ${item.itemId}`, item.payload.length);
  }

  /**
   * Drops one item of a cached thread (retracted); false when the thread is not cached. (Every
   * follower's session hears the retraction: the first one removes it, all are told; the
   * write re-checks both, another session's write may come between.)
   */
  async removeThreadItem(ref: ItemRef): Promise<boolean> {
    const threadKey = encodeKey(ref.service, ref.node);
    const cached = this.env.dbs['comment-threads'].get(threadKey) as CommentThreadRecord | undefined;
    if (!cached) return false;
    if (!cached.entries.some(([id]) => id === ref.itemId)) return true;  // an earlier session removed it
    return this.env.write(() => {
      const thread = this.env.dbs['comment-threads'].get(threadKey) as CommentThreadRecord | undefined;
      if (!thread) return false;
      if (thread.entries.some(([id]) => id === ref.itemId)) {
        this.env.dbs['comment-threads'].putSync(threadKey, { ...thread, version: thread.version + 1, entries: thread.entries.filter(([id]) => id !== ref.itemId) } satisfies CommentThreadRecord);
        this.evictUnreferenced(itemKeyOf(ref));
      }
      return true;
    }, `removing comment ${ref.itemId}`);
  }

  /** A cached thread and its items; undefined when not cached or when one of its items was evicted. */
  getThread(commentsNode: { service: string; node: string }): { post: ItemRef; items: PubsubItem[] } | undefined {
    const thread = this.env.dbs['comment-threads'].get(encodeKey(commentsNode.service, commentsNode.node)) as CommentThreadRecord | undefined;
    if (!thread) return undefined;
    const items: PubsubItem[] = [];
    for (const [itemId] of thread.entries) {
      const item = this.readItem(itemKeyOf({ ...commentsNode, itemId }));
      if (!item) return undefined;
      items.push(item);
    }
    return { post: thread.post, items };
  }

  private storeItem(itemKey: Buffer, item: NewItem, newRefs: number): void {
    const now = this.env.now();
    const bytes = Buffer.byteLength(item.payload) + itemKey.length;
    const existing = this.env.dbs['pubsub-items'].get(itemKey) as PubsubItem | undefined;
    if (existing) {
      this.shared.moved('item', itemKey, existing.lastUsed, now);
      this.shared.resized(bytes - existing.bytes);
    } else {
      this.shared.added('item', itemKey, bytes, now);
    }
    this.env.dbs['pubsub-items'].putSync(itemKey, {
      service: item.service, node: item.node, itemId: item.itemId, payload: item.payload,
      published: item.published, access: item.access,
      refs: (existing?.refs ?? 0) + newRefs, lastUsed: now, bytes,
    } satisfies PubsubItem);
  }

  private readItem(itemKey: Buffer): PubsubItem | undefined {
    const item = this.env.dbs['pubsub-items'].get(itemKey) as PubsubItem | undefined;
    if (item) this.shared.touchIfStale('item', 'pubsub-items', itemKey, item.lastUsed);
    return item;
  }

  private evictUnreferenced(itemKey: Buffer): boolean {
    const item = this.env.dbs['pubsub-items'].get(itemKey) as PubsubItem | undefined;
    if (!item || item.refs > 0) return false;
    this.env.dbs['pubsub-items'].removeSync(itemKey);
    this.shared.removed('item', itemKey, item.bytes, item.lastUsed);
    return true;
  }
}

function itemKeyOf(ref: ItemRef): Buffer {
  return encodeKey(ref.service, ref.node, ref.itemId);
}
