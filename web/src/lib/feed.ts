// The feed as the tab knows it: the newest page from the daemon's cache on every
// (re)connection, older pages as the person scrolls (from the cache, then from the server),
// and live posts, retractions and comments from the microblog events.
//
// References: docs/protocol.md (Feed section); src/linker/features/microblog/events.ts.
import type { Connection } from './connection.js';
import { RpcError } from './connection.js';
import type { CommentThread, FeedPost, ItemAddress, MicroblogEvents, PublishParams, Visibility } from '../../../src/linker/features/microblog/events.js';
import type { CommunitiesEvents } from '../../../src/linker/features/communities/events.js';

export type { CommentThread, FeedComment, FeedPhoto, FeedPost, ItemAddress, PublishParams, RichElement, RichNode, Visibility } from '../../../src/linker/features/microblog/events.js';

const PAGE = 20;

export type FeedStatus = { kind: 'waiting' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: RpcError };

export function addressKey(address: ItemAddress): string {
  return `${address.service}\u0000${address.node}\u0000${address.id}`;
}

export class FeedStore {
  private readonly posts = new Map<string, FeedPost>();
  private readonly threads = new Map<string, CommentThread>();
  private readonly listeners = new Set<() => void>();
  private readonly threadListeners = new Set<(key: string) => void>();
  status: FeedStatus = { kind: 'waiting' };
  private loadingOlder = false;
  /** The daemon said there is nothing older: the end. */
  private exhausted = false;
  /** Feeds whose server failed while paging (their older posts are missing). */
  failedFeeds: string[] = [];
  /** Comments on your posts and replies since the tab opened (shown as a count). */
  notifications: Array<MicroblogEvents['microblog.notification-received']> = [];
  /** Items the daemon refused (too large, not Atom): shown as a note. */
  skipped = 0;
  /** Who reads your feed, as the server last said (null: not known yet). */
  visibility: Visibility | null = null;
  private visibilityAsked = false;

  constructor(private readonly connection: Connection) {
    connection.onReady(() => {
      void this.refetch();
      // Asked for before (maybe while offline): asked again, a change elsewhere included.
      if (this.visibilityAsked) void this.loadVisibility().catch(() => undefined);
    });
    connection.on<MicroblogEvents['microblog.post-published']>('microblog.post-published', (post) => this.put(post));
    // Posts of followed communities show in the feed too.
    connection.on<CommunitiesEvents['communities.post-published']>('communities.post-published', (post) => this.put(post));
    connection.on<CommunitiesEvents['communities.post-retracted']>('communities.post-retracted', (address) => {
      if (this.posts.delete(addressKey(address))) this.changed();
    });
    connection.on<MicroblogEvents['microblog.post-retracted']>('microblog.post-retracted', (address) => {
      if (this.posts.delete(addressKey(address))) this.changed();
    });
    connection.on<MicroblogEvents['microblog.feed-refreshed']>('microblog.feed-refreshed', () => void this.refetch());
    connection.on<MicroblogEvents['microblog.comment-published']>('microblog.comment-published', ({ thread }) => this.putThread(thread));
    connection.on<MicroblogEvents['microblog.comment-retracted']>('microblog.comment-retracted', ({ thread }) => this.putThread(thread));
    connection.on<MicroblogEvents['microblog.comments-refreshed']>('microblog.comments-refreshed', (thread) => this.putThread(thread));
    connection.on<MicroblogEvents['microblog.notification-received']>('microblog.notification-received', (notification) => {
      this.notifications.push(notification);
      this.changed();
    });
    connection.on<MicroblogEvents['microblog.visibility-changed']>('microblog.visibility-changed', ({ visibility }) => {
      this.visibility = visibility;
      this.changed();
    });
    connection.on<MicroblogEvents['microblog.item-skipped']>('microblog.item-skipped', () => {
      this.skipped++;
      this.changed();
    });
  }

  /** Newest first. */
  list(): FeedPost[] {
    return [...this.posts.values()].sort((a, b) => b.published - a.published || a.id.localeCompare(b.id));
  }

  thread(post: ItemAddress): CommentThread | undefined {
    return this.threads.get(addressKey(post));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onThread(listener: (key: string) => void): () => void {
    this.threadListeners.add(listener);
    return () => this.threadListeners.delete(listener);
  }

  async refetch(): Promise<void> {
    if (this.status.kind !== 'ready') {
      this.status = { kind: 'loading' };
      this.changed();
    }
    try {
      const { posts } = await this.connection.request<{ posts: FeedPost[]; more: boolean }>('microblog.feed', { limit: Math.max(PAGE, this.posts.size) });
      this.posts.clear();
      for (const post of posts) this.posts.set(addressKey(post), post);
      this.exhausted = false;
      this.status = { kind: 'ready' };
    } catch (error) {
      this.status = { kind: 'failed', error: error instanceof RpcError ? error : new RpcError('E_INTERNAL', String(error)) };
    }
    this.changed();
  }

  /**
   * The next older page of everyone's posts, merged by date by the daemon (from its cache, or
   * older pages from the servers); posts already shown are not repeated. Resolves true when
   * it loaded a page and there may be more (false too while another call is loading).
   */
  async loadOlder(): Promise<boolean> {
    if (this.loadingOlder || this.exhausted || this.status.kind !== 'ready') return false;
    this.loadingOlder = true;
    try {
      const oldest = this.list().at(-1);
      const { posts, more, failed } = await this.connection.request<{ posts: FeedPost[]; more: boolean; failed: string[] }>(
        'microblog.older', { limit: PAGE, ...(oldest ? { before: oldest.published } : {}) }, 120_000,
      );
      for (const post of posts) this.posts.set(addressKey(post), post);
      this.exhausted = !more;
      this.failedFeeds = [...new Set([...this.failedFeeds, ...failed])];
      this.changed();
      return more;
    } finally {
      this.loadingOlder = false;
    }
  }

  get atEnd(): boolean {
    return this.exhausted;
  }

  async publish(params: PublishParams): Promise<FeedPost> {
    const { post } = await this.connection.request<{ post: FeedPost }>('microblog.publish', params, 30_000);
    this.put(post);
    return post;
  }

  async retract(post: FeedPost): Promise<void> {
    await this.connection.request('microblog.retract', { id: post.id });
    if (this.posts.delete(addressKey(post))) this.changed();
  }

  async loadThread(post: ItemAddress): Promise<CommentThread> {
    return this.putThread(await this.connection.request<CommentThread>('microblog.comments', address(post)));
  }

  async comment(post: ItemAddress, text: string): Promise<void> {
    this.putThread(await this.connection.request<CommentThread>('microblog.comment', { ...address(post), text }));
  }

  async like(post: ItemAddress, like: boolean): Promise<void> {
    this.putThread(await this.connection.request<CommentThread>('microblog.like', { ...address(post), like }));
  }

  /** Deletes a comment (yours, or any on your post); the thread comes back without it. */
  async retractComment(post: ItemAddress, commentId: string): Promise<void> {
    this.putThread(await this.connection.request<CommentThread>('microblog.retract-comment', { ...address(post), comment: commentId }));
  }

  /** Asks for your feed's visibility now when online, and again after every reconnection. */
  async watchVisibility(): Promise<void> {
    this.visibilityAsked = true;
    if (this.connection.state === 'online') await this.loadVisibility();
  }

  private async loadVisibility(): Promise<Visibility> {
    const { visibility } = await this.connection.request<{ visibility: Visibility }>('microblog.visibility');
    this.visibility = visibility;
    this.changed();
    return visibility;
  }

  /** Changes who reads all your posts; resolves with how many comments nodes kept the old setting. */
  async setVisibility(visibility: Visibility): Promise<number> {
    const { failed } = await this.connection.request<{ visibility: Visibility; failed: number }>('microblog.set-visibility', { visibility }, 60_000);
    this.visibility = visibility;
    this.changed();
    return failed;
  }

  private put(post: FeedPost): void {
    this.posts.set(addressKey(post), post);
    this.changed();
  }

  private putThread(thread: CommentThread): CommentThread {
    const key = addressKey(thread.post);
    this.threads.set(key, thread);
    for (const listener of this.threadListeners) listener(key);
    return thread;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function address(post: ItemAddress): ItemAddress {
  return { service: post.service, node: post.node, id: post.id };
}
