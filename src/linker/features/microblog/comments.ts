// The comment threads a session has looked at, in memory (bounded): each post's comments
// node, fetched when a tab shows the post and kept live by a subscription to that node.
// Likes are comments too (Movim's "♥"), counted apart.
// References: XEP-0277 §6 (comments), XEP-0060 §6.1 (subscribe).
import type { CommentThread, FeedComment, ItemAddress } from './events.js';

/** Threads kept at most; the least recently used is forgotten (and fetched again if shown). */
const MAX_THREADS = 200;

interface Thread {
  post: ItemAddress;
  comments: Map<string, FeedComment>;
}

function nodeKey(service: string, node: string): string {
  return `${service}\u0000${node}`;
}

export class CommentThreads {
  readonly #threads = new Map<string, Thread>();

  constructor(private readonly user: string) {}

  /** The thread held for a comments node, if this session has loaded it. */
  threadOf(service: string, node: string): CommentThread | undefined {
    const thread = this.#threads.get(nodeKey(service, node));
    return thread && this.view(thread);
  }

  /** Replaces a thread with what the server answered. */
  replace(commentsNode: { service: string; node: string }, post: ItemAddress, comments: readonly FeedComment[]): CommentThread {
    const key = nodeKey(commentsNode.service, commentsNode.node);
    this.#threads.delete(key);
    const thread: Thread = { post, comments: new Map(comments.map((comment) => [comment.id, comment])) };
    this.#threads.set(key, thread);
    if (this.#threads.size > MAX_THREADS) this.#threads.delete(this.#threads.keys().next().value!);
    return this.view(thread);
  }

  /** A comment arrived live; undefined when the thread is not held. */
  add(comment: FeedComment): { thread: CommentThread; post: ItemAddress; earlierByUser: boolean } | undefined {
    const thread = this.#threads.get(nodeKey(comment.service, comment.node));
    if (!thread) return undefined;
    const earlierByUser = [...thread.comments.values()].some((other) => other.author.jid === this.user && !other.isLike && other.id !== comment.id);
    thread.comments.set(comment.id, comment);
    return { thread: this.view(thread), post: thread.post, earlierByUser };
  }

  remove(service: string, node: string, id: string): { thread: CommentThread; post: ItemAddress } | undefined {
    const thread = this.#threads.get(nodeKey(service, node));
    if (!thread || !thread.comments.delete(id)) return undefined;
    return { thread: this.view(thread), post: thread.post };
  }

  private view(thread: Thread): CommentThread {
    const all = [...thread.comments.values()].sort((a, b) => a.published - b.published);
    const likes = all.filter((comment) => comment.isLike);
    const likers = [...new Set(likes.map((like) => like.author.jid))];
    return {
      post: thread.post,
      comments: all.filter((comment) => !comment.isLike),
      likes: { count: likers.length, mine: likers.includes(this.user), likers },
    };
  }
}
