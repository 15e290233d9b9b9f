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
