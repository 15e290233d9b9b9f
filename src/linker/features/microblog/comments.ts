// The comment threads of the posts in the feed, kept in the cache (shared for the family, like
// the posts): each post's comments node, stored when a tab first shows the post, then kept up
// to date by a subscription to that node (live comments and retractions). Likes are comments
// too (Movim's "♥"), counted apart.
// References: XEP-0277 §6 (comments), XEP-0060 §6.1 (subscribe).
import type { PostStore } from '../../../cache/index.js';
import type { CommentThread, FeedComment, ItemAddress } from './events.js';

type CommentsNode = { service: string; node: string };

export class CommentThreads {
  constructor(
    private readonly user: string,
    private readonly store: PostStore,
  ) {}

  /** The cached thread of a comments node, if there is a whole one. */
  threadOf(service: string, node: string): CommentThread | undefined {
    const thread = this.read({ service, node });
    return thread && this.view(thread.post, thread.comments);
  }

  /** Where a thread's changes stand, read before fetching it whole (see replace). */
  version(commentsNode: CommentsNode): number {
    return this.store.threadVersion(commentsNode);
  }

  /** Replaces a thread with what the server answered to a fetch begun at `basedOn` (comments that came live since stay). */
  async replace(commentsNode: CommentsNode, post: ItemAddress, comments: readonly FeedComment[], basedOn: number): Promise<CommentThread> {
    await this.store.putThread(commentsNode, refOf(post), comments.map(toItem), basedOn);
    return this.threadOf(commentsNode.service, commentsNode.node) ?? this.view(post, comments);
  }

  /** A comment arrived live; undefined when the thread is not cached. */
  async add(comment: FeedComment): Promise<{ thread: CommentThread; post: ItemAddress; earlierByUser: boolean } | undefined> {
    const before = this.read(comment);
    if (!before || !(await this.store.putThreadItem(toItem(comment)))) return undefined;
    const earlierByUser = before.comments.some((other) => other.author.jid === this.user && !other.isLike && other.id !== comment.id);
    const comments = [...before.comments.filter((other) => other.id !== comment.id), comment];
    return { thread: this.view(before.post, comments), post: before.post, earlierByUser };
  }

  async remove(service: string, node: string, id: string): Promise<{ thread: CommentThread; post: ItemAddress } | undefined> {
    const before = this.read({ service, node });
    if (!before || !(await this.store.removeThreadItem({ service, node, itemId: id }))) return undefined;
    return { thread: this.view(before.post, before.comments.filter((comment) => comment.id !== id)), post: before.post };
  }

  private read(commentsNode: CommentsNode): { post: ItemAddress; comments: FeedComment[] } | undefined {
    const thread = this.store.getThread(commentsNode);
    if (!thread) return undefined;
    return {
      post: { service: thread.post.service, node: thread.post.node, id: thread.post.itemId },
      comments: thread.items.map((item) => JSON.parse(item.payload) as FeedComment),
    };
  }

  private view(post: ItemAddress, comments: readonly FeedComment[]): CommentThread {
    const all = [...comments].sort((a, b) => a.published - b.published);
    const likes = all.filter((comment) => comment.isLike);
    const likers = [...new Set(likes.map((like) => like.author.jid))];
    return {
      post,
      comments: all.filter((comment) => !comment.isLike),
      likes: { count: likers.length, mine: likers.includes(this.user), likers },
    };
  }
}

function refOf(post: ItemAddress) {
  return { service: post.service, node: post.node, itemId: post.id };
}

function toItem(comment: FeedComment) {
  return { service: comment.service, node: comment.node, itemId: comment.id, published: comment.published, payload: JSON.stringify(comment), access: 'restricted' as const };
}
