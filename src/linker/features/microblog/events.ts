// Microblog (feed) methods and events in the browser protocol (docs/protocol.md), shared
// with web/. Bodies are sanitised RichNode trees, never HTML strings.
import type { RichNode } from './rich-text.js';

export type { RichNode, RichElement, RichTag } from './rich-text.js';

/** Where an item lives: a PEP service (the author's bare JID) or pubsub.<domain>, a node, an id. */
export interface ItemAddress {
  service: string;
  node: string;
  id: string;
}

export interface FeedPhoto {
  url: string;
  mediaType: string;
  name: string | null;
  size: number | null;
}

export interface FeedLink {
  url: string;
  title: string | null;
}

export interface FeedPost extends ItemAddress {
  author: { jid: string; name: string | null };
  title: string | null;
  content: RichNode[];
  /** ms since the epoch */
  published: number;
  updated: number;
  photos: FeedPhoto[];
  links: FeedLink[];
  /** The post's comments node (XEP-0277 §6), when it announces one. */
  comments: { service: string; node: string } | null;
  /** The sanitiser cut something (too long, too deep). */
  truncated: boolean;
}

export interface FeedComment extends ItemAddress {
  author: { jid: string; name: string | null };
  content: RichNode[];
  published: number;
  /** A like as Movim writes it: a comment whose title or text is "♥". */
  isLike: boolean;
}

export interface CommentThread {
  /** The post the comments belong to. */
  post: ItemAddress;
  comments: FeedComment[];
  likes: { count: number; mine: boolean; likers: string[] };
}

/**
 * Who may read your feed: your contacts (XEP-0060 access model presence) or anyone who can
 * reach your server (open). A setting of the whole feed, old posts included: access models
 * are per node (README.md).
 */
export type Visibility = 'contacts' | 'public';

export interface PublishParams {
  /** Set to edit one of your posts (same item id, so followers see it replaced). */
  id?: string;
  title?: string;
  /** Text with simple formatting: blank lines between paragraphs, **bold**, *italic*, bare links. */
  text: string;
  photos?: FeedPhoto[];
  links?: string[];
}

export interface MicroblogEvents {
  /** A post arrived or changed (live notification, or a refresh after login). */
  'microblog.post-published': FeedPost;
  'microblog.post-retracted': ItemAddress;
  /** The posts of all contacts were fetched again after a new session. */
  'microblog.feed-refreshed': { posts: number; failed: string[] };
  'microblog.comment-published': { post: ItemAddress; comment: FeedComment; thread: CommentThread };
  'microblog.comment-retracted': { post: ItemAddress; id: string; thread: CommentThread };
  /** A thread served from the cache was fetched again and had changed meanwhile. */
  'microblog.comments-refreshed': CommentThread;
  /** Someone commented on your post, or after you on a post you commented: worth a notification. */
  'microblog.notification-received': { reason: 'comment-on-your-post' | 'reply-to-your-comment'; post: ItemAddress; comment: FeedComment };
  /** Your feed's visibility was changed (by this tab or another). */
  'microblog.visibility-changed': { visibility: Visibility };
  /** An item was refused (too large, not Atom): shown as a note, the feed carries on. */
  'microblog.item-skipped': { service: string; node: string; id: string; reason: string };
}

export interface MicroblogMethods {
  'microblog.feed': { params: { before?: number; limit?: number }; result: { posts: FeedPost[]; more: boolean } };
  /**
   * The next older page of the whole feed (scrolling): from the cache where it is complete,
   * else fetching older pages of the contacts' feeds. `posts` may hold a few newer than
   * `before` (gaps an older page filled); `more` false is the end; `failed` lists the feeds
   * whose server failed (left out until the next session).
   */
  'microblog.older': { params: { before?: number; limit?: number }; result: { posts: FeedPost[]; more: boolean; failed: string[] } };
  'microblog.publish': { params: PublishParams; result: { post: FeedPost } };
  'microblog.retract': { params: { id: string }; result: Record<string, never> };
  /** The comments and likes of a post, from the cache first; keeps them live (subscribes to the comments node). */
  'microblog.comments': { params: ItemAddress; result: CommentThread };
  'microblog.comment': { params: ItemAddress & { text: string }; result: CommentThread };
  /** Un-liking on a server that lets only the post's author retract fails: E_FEED_UNLIKE_REFUSED. */
  'microblog.like': { params: ItemAddress & { like: boolean }; result: CommentThread };
  /** Deletes a comment: your own, or anyone's on your post. Refused elsewhere: E_FEED_COMMENT_DELETE_REFUSED. */
  'microblog.retract-comment': { params: ItemAddress & { comment: string }; result: CommentThread };
  /** Your feed's visibility, as its node's access model says. */
  'microblog.visibility': { params: Record<string, never>; result: { visibility: Visibility } };
  /** Sets it for the feed and every comments node of yours; `failed` comments nodes kept the old one. E_FEED_VISIBILITY_REFUSED. */
  'microblog.set-visibility': { params: { visibility: Visibility }; result: { visibility: Visibility; failed: number } };
  /** The photos of one person's posts, newest first (albums). */
  'microblog.album': { params: { jid: string }; result: { photos: Array<FeedPhoto & { post: ItemAddress; published: number }> } };
}
