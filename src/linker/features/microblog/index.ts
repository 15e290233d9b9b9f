// The family feed (XEP-0277 microblogging over PEP): publishing, editing and retracting our
// posts, the posts of every contact (fetched after each new session, live afterwards through
// PEP +notify), comments and Movim-style likes. Posts are sanitised once and stored once for
// the whole box in the shared PostStore; each user's feed is an index over them.
//
// Prosody's PEP (0.12 and 13), which this was tested against, decides a few things:
// - node access models are per node, so visibility ("contacts" or "public") is a setting of
//   a user's whole feed, old posts included, and every comments node follows it (README.md);
// - comments nodes live on the post author's PEP with publish_model=open: any contact may
//   comment. Prosody alone lets only the author retract there; the box's Prosody runs
//   Foyer's mod_foyer_pubsub (src/prosody/plugins.ts), so anyone may take back their own
//   comment or like; elsewhere that can be refused (E_FEED_UNLIKE_REFUSED, ...);
// - items are not paged with RSM (XEP-0059) by Prosody 0.12 (nor 13): older posts are
//   fetched by id from the node's item list (paging.ts says how, and what else it tries).
//
// References: XEP-0277 v0.6, XEP-0163 §4 (+notify), XEP-0060, XEP-0059, XEP-0472.
import { createHash } from 'node:crypto';
import { defineFeature } from '../../feature.js';
import { bareJid, generateId } from '../../../xml/index.js';
import type { PostStore } from '../../../cache/index.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import { addressParam } from '../params.js';
import type { RosterApi } from '../roster/index.js';
import type { RosterContact } from '../roster/events.js';
import { StanzaError } from '../../errors.js';
import {
  NS_PUBSUB_EVENT, buildConfigureNode, buildCreateNode, buildDiscoItems, buildGetItems, buildGetNodeConfig, buildPublish, buildRetract, buildSubscribe,
  parseAccessModel, parseDiscoNodes, parseItemsResult, parsePubsubEvent, type AccessModel, type NodeConfig, type RawItem,
} from '../pubsub/stanza.js';
import { CommentThreads } from './comments.js';
import { NodePager } from './paging.js';
import type { CommentThread, FeedComment, FeedPost, ItemAddress, PublishParams, Visibility } from './events.js';
import { badParams, parseAddress, parseCommentId, parseCommentText, parseFeedPage, parseItemId, parsePublish, parseVisibility } from './params.js';
import { FeedRefused, isRefusal, type FeedRefusalCode } from './refusals.js';
import type { SanitizeOptions } from './sanitize.js';
import {
  COMMENTS_NODE_PREFIX, ItemRefused, LIKE_MARK, NS_MICROBLOG, NS_MICROBLOG_NOTIFY, buildEntry, commentsNodeOf, entryFromParams, formatText, isCommentsNode, parseComment, parsePost,
} from './stanza.js';

/** Posts fetched per contact after a new session, and per older page of a contact. */
const LATEST_PER_CONTACT = 20;
/** Rounds of older pages one `microblog.older` call may fetch before answering with what it has. */
const OLDER_ROUNDS = 8;
/** Most items asked of one node (Prosody's pep_max_items default is 256): a huge node is cut here. */
const PAGE_LIMIT = 256;
/** Contacts' nodes fetched at the same time. */
const FETCH_CONCURRENCY = 4;
/** XEP-0060 access model of a feed (and its comments nodes) for each visibility. */
const ACCESS_MODEL: Record<Visibility, AccessModel> = { contacts: 'presence', public: 'open' };
/** How long a cached comment thread waits for this session's subscription to its node. */
const SUBSCRIBE_WAIT_MS = 2000;

/** Resolves when `work` settles (either way) or after `ms`, whichever comes first. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.then(() => undefined, () => undefined), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MicroblogOptions {
  posts: PostStore;
  /** Origins besides https: that post images may come from (the box's upload service). */
  imageOrigins?: readonly string[];
}

export interface MicroblogApi extends HasBrowserMethods {
  /** The sanitiser settings, shared with the communities feature. */
  readonly sanitizeOptions: SanitizeOptions;
}

function canSeePostsOf(contact: RosterContact): boolean {
  return contact.subscription === 'both' || contact.subscription === 'to';
}

export function microblogFeature(options: MicroblogOptions) {
  const sanitizeOptions: SanitizeOptions = { imageOrigins: options.imageOrigins ?? [] };
  return defineFeature<MicroblogApi>({
    name: 'microblog',
    disco: [NS_MICROBLOG_NOTIFY],
    setup(ctx) {
      const store = options.posts;
      const roster = ctx.feature<RosterApi>('roster');
      const user = () => bareJid(ctx.jid);
      const threads = new CommentThreads(bareJid(ctx.jid), store);
      /** Comments nodes fetched whole this session (kept live since): their cached thread is current. */
      const currentThreads = new Set<string>();
      /** Comments nodes this session subscribed to or is subscribing to (the server keeps
       * them; this saves repeats); a failed subscription is forgotten, to be tried again. */
      const subscriptions = new Map<string, Promise<void>>();
      /** Nodes whose configuration this session has already set. */
      const configured = new Set<string>();
      /**
       * Each followed feed's paging this session: its page cursor, and `reached`, the oldest
       * post fetched from it (every post of it published since is in the cache). A feed
       * whose server failed is left out of paging until the next session.
       */
      const feeds = new Map<string, { pager: NodePager; reached: number; failed: boolean }>();
      /** The fetch of every feed's latest posts after a new session. */
      let refreshing: Promise<unknown> = Promise.resolve();
      /** The `microblog.older` call under way. */
      let paging: Promise<unknown> = Promise.resolve();
      /** Our feed's visibility as the server last said (undefined: not asked yet this session). */
      let visibility: Visibility | undefined;

      const skipped = (service: string, node: string, id: string, error: unknown) =>
        ctx.emit('microblog.item-skipped', { service, node, id, reason: (error as Error).message });

      const readPost = (ref: ItemAddress): FeedPost | undefined => {
        const item = store.getPost(user(), { service: ref.service, node: ref.node, itemId: ref.id });
        return item ? (JSON.parse(item.payload) as FeedPost) : undefined;
      };

      const keepPost = async (post: FeedPost): Promise<void> => {
        await store.putPost(user(), {
          service: post.service, node: post.node, itemId: post.id, published: post.published,
          payload: JSON.stringify(post), access: 'restricted',
        });
      };

      /** Parses and stores the items of a contact's node; returns the posts kept. */
      const keepItems = async (service: string, items: readonly RawItem[]): Promise<FeedPost[]> => {
        const kept: FeedPost[] = [];
        for (const item of items) {
          try {
            const post = parsePost(service, NS_MICROBLOG, item, sanitizeOptions);
            await keepPost(post);
            kept.push(post);
          } catch (error) {
            if (!(error instanceof ItemRefused)) throw error;
            skipped(service, NS_MICROBLOG, item.id, error);
          }
        }
        return kept;
      };

      /**
       * Drops cached posts of `service` the server no longer has (retracted while this
       * session was away): those missing from the newest items it answered, within the span
       * that answer covers (all of the node when it sent fewer than asked).
       */
      const dropRetracted = async (service: string, present: readonly RawItem[], kept: readonly FeedPost[], max: number): Promise<void> => {
        const ids = new Set(present.map((item) => item.id));
        const since = present.length < max ? -Infinity : Math.min(...kept.map((post) => post.published));
        const gone = store
          .getPosts(user(), { limit: 100_000 })
          .filter((item) => item.service === service && item.node === NS_MICROBLOG && item.published >= since && !ids.has(item.itemId));
        for (const item of gone) {
          await store.removePost(user(), { service, node: NS_MICROBLOG, itemId: item.itemId });
          ctx.emit('microblog.post-retracted', { service, node: NS_MICROBLOG, id: item.itemId });
        }
      };

      const oldestOf = (posts: readonly FeedPost[], since: number): number => posts.reduce((oldest, post) => Math.min(oldest, post.published), since);

      /** A feed's newest posts, starting its paging over. */
      const fetchLatest = async (service: string): Promise<FeedPost[]> => {
        const feed = { pager: new NodePager((request) => ctx.iq(request), service, NS_MICROBLOG, PAGE_LIMIT), reached: Infinity, failed: false };
        feeds.set(service, feed);
        try {
          const items = await feed.pager.latest(LATEST_PER_CONTACT);
          const kept = await keepItems(service, items);
          await dropRetracted(service, items, kept, LATEST_PER_CONTACT);
          feed.reached = oldestOf(kept, feed.reached);
          return kept;
        } catch (error) {
          feed.failed = true;
          throw error;
        }
      };

      const fetchOlder = async (service: string): Promise<FeedPost[]> => {
        const feed = feeds.get(service)!;
        try {
          const kept = await keepItems(service, await feed.pager.older(LATEST_PER_CONTACT));
          feed.reached = oldestOf(kept, feed.reached);
          return kept;
        } catch (error) {
          feed.failed = true;
          throw error;
        }
      };

      /**
       * The posts older than `before`, newest first, merged across all followed feeds: a post is
       * given only once every feed still paging has been fetched back to its time (so no feed's
       * post can turn up above it later), fetching older pages of the feeds that lag behind,
       * those furthest behind first. Posts those pages bring that are newer than `before` come
       * too (gaps above what the tab shows). A feed whose server fails is left out (`failed`).
       */
      const older = async (page: { before?: number; limit: number }): Promise<{ posts: FeedPost[]; more: boolean; failed: string[] }> => {
        await refreshing;
        const sources = await contactsWithFeeds();
        const failed = await eachLimited(sources.filter((jid) => !feeds.has(jid)), fetchLatest);
        const gaps: FeedPost[] = [];
        for (let round = 0; ; round++) {
          const active = sources.map((jid) => feeds.get(jid)).filter((feed) => feed !== undefined && !feed.failed && !feed.pager.ended) as Array<{ pager: NodePager; reached: number }>;
          const candidates = store.getPosts(user(), { ...page, limit: page.limit + 1 }).map((item) => JSON.parse(item.payload) as FeedPost);
          const edge = candidates.length >= page.limit ? candidates[page.limit - 1]!.published : -Infinity;
          const behind = active.filter((feed) => feed.reached > edge).sort((a, b) => b.reached - a.reached);
          const horizon = Math.max(-Infinity, ...active.map((feed) => feed.reached));
          if (behind.length === 0 || round === OLDER_ROUNDS) {
            const posts = candidates.slice(0, page.limit).filter((post) => post.published >= horizon);
            return { posts: [...gaps, ...posts], more: candidates.length > posts.length || active.length > 0, failed };
          }
          failed.push(...await eachLimited(behind.slice(0, FETCH_CONCURRENCY).map((feed) => feed.pager.service), async (jid) => {
            for (const post of await fetchOlder(jid)) if (page.before !== undefined && post.published >= page.before) gaps.push(post);
          }));
        }
      };

      const contactsWithFeeds = async (): Promise<string[]> => {
        const { items } = (await roster.methods['roster.get']!({})) as { items: RosterContact[] };
        return [user(), ...items.filter(canSeePostsOf).map((contact) => contact.jid)];
      };

      /** Runs `work` over `inputs`, at most FETCH_CONCURRENCY at once; returns the inputs that failed. */
      const eachLimited = async (inputs: readonly string[], work: (input: string) => Promise<unknown>): Promise<string[]> => {
        const failed: string[] = [];
        let next = 0;
        const worker = async () => {
          while (next < inputs.length) {
            const input = inputs[next++]!;
            await work(input).catch(() => failed.push(input));
          }
        };
        await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
        return failed;
      };

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        feeds.clear();
        currentThreads.clear(); // comments may have come while offline
        refreshing = (async () => {
          const sources = await contactsWithFeeds();
          let posts = 0;
          const failed = await eachLimited(sources, async (jid) => {
            posts += (await fetchLatest(jid)).length;
          });
          ctx.emit('microblog.feed-refreshed', { posts, failed });
        })().catch((error: unknown) => ctx.emit('microblog.feed-refreshed', { posts: 0, failed: [String((error as Error).message ?? error)] }));
      });

      // ---- Live notifications: posts (PEP +notify) and comments (subscriptions) ----

      const isFollowed = (jid: string): boolean => jid === user() || roster.contacts().some((contact) => contact.jid === jid && canSeePostsOf(contact));

      const onComment = async (service: string, node: string, item: RawItem): Promise<void> => {
        let comment: FeedComment;
        try {
          comment = parseComment(service, node, item, sanitizeOptions);
        } catch (error) {
          if (error instanceof ItemRefused) return skipped(service, node, item.id, error);
          throw error;
        }
        let added = await threads.add(comment);
        if (!added) {
          // A thread no tab has opened (a comment on one of our posts): fetched whole, so
          // its counts are right, if the post is in the feed.
          const post = { service, node: NS_MICROBLOG, id: node.slice(COMMENTS_NODE_PREFIX.length) };
          if (!readPost(post)) return;
          await loadThread(post);
          added = await threads.add(comment);
          if (!added) return;
        }
        ctx.emit('microblog.comment-published', { post: added.post, comment, thread: added.thread });
        if (comment.isLike || comment.author.jid === user()) return;
        if (added.post.service === user()) ctx.emit('microblog.notification-received', { reason: 'comment-on-your-post', post: added.post, comment });
        else if (added.earlierByUser) ctx.emit('microblog.notification-received', { reason: 'reply-to-your-comment', post: added.post, comment });
      };

      ctx.route(`message/${NS_PUBSUB_EVENT}`, async (message) => {
        const event = parsePubsubEvent(message);
        if (!event || event.kind !== 'items') return false;
        const service = bareJid(event.service);
        if (event.node === NS_MICROBLOG) {
          if (!isFollowed(service)) return true; // not someone whose feed we follow: ignored
          for (const post of await keepItems(service, event.items)) ctx.emit('microblog.post-published', post);
          for (const id of event.retracted) {
            await store.removePost(user(), { service, node: NS_MICROBLOG, itemId: id });
            ctx.emit('microblog.post-retracted', { service, node: NS_MICROBLOG, id });
          }
          return true;
        }
        if (isCommentsNode(event.node)) {
          for (const item of event.items) await onComment(service, event.node, item);
          for (const id of event.retracted) {
            const removed = await threads.remove(service, event.node, id);
            if (removed) ctx.emit('microblog.comment-retracted', { post: removed.post, id, thread: removed.thread });
          }
          return true;
        }
        return false;
      });

      // ---- Our own nodes ----

      /** Creates the node with `config`, or sets that config if it exists (once per session, unless `again`). */
      const ensureNode = async (node: string, config: NodeConfig, again = false): Promise<void> => {
        const key = `${node}\u0000${config.accessModel}`;
        if (configured.has(key) && !again) return;
        try {
          await ctx.iq(buildCreateNode(user(), node, config));
        } catch (error) {
          if (!(error instanceof StanzaError && error.condition === 'conflict')) throw error;
          await ctx.iq(buildConfigureNode(user(), node, config));
        }
        configured.add(key);
      };

      const subscribeToComments = (commentsNode: { service: string; node: string }): Promise<void> => {
        const key = `${commentsNode.service}\u0000${commentsNode.node}`;
        let subscription = subscriptions.get(key);
        if (!subscription) {
          subscription = ctx.iq(buildSubscribe(commentsNode.service, commentsNode.node, user())).then(() => undefined);
          subscriptions.set(key, subscription);
          subscription.catch(() => subscriptions.delete(key));
        }
        return subscription;
      };

      /** The feed's visibility, from its node's access model (no node yet: Prosody's default, contacts). */
      const currentVisibility = async (): Promise<Visibility> => {
        if (visibility) return visibility;
        try {
          visibility = parseAccessModel(await ctx.iq(buildGetNodeConfig(user(), NS_MICROBLOG))) === 'open' ? 'public' : 'contacts';
        } catch (error) {
          if (!(error instanceof StanzaError && error.condition === 'item-not-found')) throw error;
          visibility = 'contacts';
        }
        return visibility;
      };

      /** Sets the access model of the feed node and of every comments node of ours, so comments are seen where their posts are. */
      const setVisibility = async (wanted: Visibility): Promise<{ visibility: Visibility; failed: number }> => {
        const accessModel = ACCESS_MODEL[wanted];
        try {
          await ensureNode(NS_MICROBLOG, { accessModel, maxItems: PAGE_LIMIT, notifyRetract: true }, true);
        } catch (error) {
          if (isRefusal(error)) throw new FeedRefused('E_FEED_VISIBILITY_REFUSED', `Your server refused to change who sees your posts (${error.condition}).`, error.condition);
          throw error;
        }
        visibility = wanted;
        const commentsNodes = parseDiscoNodes(await ctx.iq(buildDiscoItems(user()))).map((node) => node.node).filter(isCommentsNode);
        const failed = await eachLimited(commentsNodes, (node) => ctx.iq(buildConfigureNode(user(), node, { accessModel })));
        ctx.emit('microblog.visibility-changed', { visibility: wanted });
        return { visibility: wanted, failed: failed.length };
      };

      /**
       * Takes an item off a post's comments node: our comment or like, or (the post's
       * author) anyone's. A server that allows only the node's owner refuses: `refusal`.
       */
      const retractComment = async (ref: ItemAddress, id: string, refusal: FeedRefusalCode): Promise<CommentThread> => {
        const post = readPost(ref);
        if (!post?.comments) throw badParams('this post takes no comments');
        const { service, node } = post.comments;
        try {
          await ctx.iq(buildRetract(service, node, id));
        } catch (error) {
          if (isRefusal(error)) throw new FeedRefused(refusal, `${bareJid(service)}'s server does not let you remove this (${error.condition}).`, error.condition);
          // Already gone (retracted elsewhere): the thread is fetched again below.
          if (!(error instanceof StanzaError && error.condition === 'item-not-found')) throw error;
        }
        return (await threads.remove(service, node, id))?.thread ?? loadThread(ref);
      };

      const publish = async (params: PublishParams): Promise<FeedPost> => {
        const me = user();
        const accessModel = ACCESS_MODEL[await currentVisibility()];
        const previous = params.id !== undefined ? readPost({ service: me, node: NS_MICROBLOG, id: params.id }) : undefined;
        if (params.id !== undefined && !previous) throw badParams('no post of yours with this id');
        const id = params.id ?? generateId();
        const comments = previous?.comments ?? { service: me, node: commentsNodeOf(id) };
        await ensureNode(NS_MICROBLOG, { accessModel, maxItems: PAGE_LIMIT, notifyRetract: true });
        if (!previous) {
          await ensureNode(comments.node, { accessModel, publishModel: 'open', maxItems: PAGE_LIMIT, notifyRetract: true, itemReply: 'publisher' });
          await subscribeToComments(comments);
        }
        const entry = entryFromParams(params, { id, author: me, home: { service: me, node: NS_MICROBLOG }, published: previous ? new Date(previous.published) : new Date(), comments });
        await ctx.iq(buildPublish(me, NS_MICROBLOG, id, entry));
        const post = parsePost(me, NS_MICROBLOG, { id, payload: entry }, sanitizeOptions);
        await keepPost(post);
        ctx.emit('microblog.post-published', post);
        return post;
      };

      const loadThread = async (ref: ItemAddress): Promise<CommentThread> => {
        const post = readPost(ref);
        if (!post) throw badParams('this post is not in your feed');
        if (!post.comments) return { post: ref, comments: [], likes: { count: 0, mine: false, likers: [] } };
        // Subscribed before the fetch: a comment posted from then on arrives live, one posted
        // before is in the fetch (the other order lost those posted in between).
        await subscribeToComments(post.comments).catch(() => {
          // Comments still show; only their live updates are missing (logged by the server).
        });
        const basedOn = threads.version(post.comments);
        const result = await ctx.iq(buildGetItems(post.comments.service, post.comments.node, { max: PAGE_LIMIT }));
        const comments: FeedComment[] = [];
        for (const item of parseItemsResult(result).items) {
          try {
            comments.push(parseComment(post.comments.service, post.comments.node, item, sanitizeOptions));
          } catch (error) {
            if (!(error instanceof ItemRefused)) throw error;
            skipped(post.comments.service, post.comments.node, item.id, error);
          }
        }
        currentThreads.add(`${post.comments.service}\u0000${post.comments.node}`);
        return threads.replace(post.comments, ref, comments, basedOn);
      };

      /**
       * A post's thread from the cache when it holds it (another member's session may have
       * stored it), fetched again once a session in the background (`comments-refreshed` if
       * it changed); from the server when not cached. The cached thread is answered once this
       * session is subscribed to its comments node, so that a comment posted from then on
       * arrives live, or after SUBSCRIBE_WAIT_MS when the server is slow: the background fetch,
       * made after the subscription, then brings what was posted meanwhile.
       */
      const cachedThread = async (ref: ItemAddress): Promise<CommentThread> => {
        const post = readPost(ref);
        const cached = post?.comments && threads.threadOf(post.comments.service, post.comments.node);
        if (!post?.comments || !cached) return loadThread(ref);
        if (!currentThreads.has(`${post.comments.service}\u0000${post.comments.node}`)) {
          void loadThread(ref).then((fresh) => {
            if (JSON.stringify(fresh) !== JSON.stringify(cached)) ctx.emit('microblog.comments-refreshed', fresh);
          }, () => {
            // The cached thread stays; the next session tries again.
          });
          await settledWithin(subscribeToComments(post.comments), SUBSCRIBE_WAIT_MS);
        }
        return cached;
      };

      const publishComment = async (ref: ItemAddress, id: string, title: string | undefined, text: string): Promise<CommentThread> => {
        const post = readPost(ref);
        if (!post?.comments) throw badParams('this post takes no comments');
        if (!threads.threadOf(post.comments.service, post.comments.node)) await loadThread(ref);
        const now = new Date();
        const entry = buildEntry({
          id, author: { jid: user(), name: null }, ...(title !== undefined ? { title } : {}),
          content: text === '' ? [] : formatText(text), published: now, updated: now,
          inReplyTo: ref, home: post.comments,
        });
        await ctx.iq(buildPublish(post.comments.service, post.comments.node, id, entry));
        const comment = parseComment(post.comments.service, post.comments.node, { id, payload: entry }, sanitizeOptions);
        return (await threads.add(comment))?.thread ?? loadThread(ref);
      };

      /** One like per person and post: a fixed item id, so liking twice replaces. */
      const likeId = () => `like-${createHash('sha256').update(user()).digest('hex').slice(0, 16)}`;

      return {
        sanitizeOptions,
        methods: {
          'microblog.feed': (params) => {
            const page = parseFeedPage(params);
            const items = store.getPosts(user(), { ...page, limit: page.limit + 1 });
            const posts = items.slice(0, page.limit).map((item) => JSON.parse(item.payload) as FeedPost);
            return { posts, more: items.length > page.limit };
          },
          'microblog.older': (params) => {
            // One at a time (several tabs may scroll): each moves the same page cursors on.
            const page = parseFeedPage(params);
            const answer = paging.then(() => older(page));
            paging = answer.catch(() => undefined);
            return answer;
          },
          'microblog.publish': async (params) => ({ post: await publish(parsePublish(params)) }),
          'microblog.retract': async (params) => {
            const id = parseItemId(params);
            await ctx.iq(buildRetract(user(), NS_MICROBLOG, id));
            await store.removePost(user(), { service: user(), node: NS_MICROBLOG, itemId: id });
            ctx.emit('microblog.post-retracted', { service: user(), node: NS_MICROBLOG, id });
            return {};
          },
          'microblog.comments': (params) => cachedThread(parseAddress(params)),
          'microblog.comment': async (params) => publishComment(parseAddress(params), generateId(), undefined, parseCommentText(params)),
          'microblog.like': async (params) => {
            const ref = parseAddress(params);
            if ((params as { like?: unknown }).like !== false) return publishComment(ref, likeId(), LIKE_MARK, '');
            return retractComment(ref, likeId(), 'E_FEED_UNLIKE_REFUSED');
          },
          'microblog.retract-comment': async (params) => retractComment(parseAddress(params), parseCommentId(params), 'E_FEED_COMMENT_DELETE_REFUSED'),
          'microblog.visibility': async () => ({ visibility: await currentVisibility() }),
          'microblog.set-visibility': async (params) => setVisibility(parseVisibility(params)),
          'microblog.album': (params) => {
            const jid = addressParam(params);
            const photos = store
              .getPosts(user(), { limit: 500 })
              .map((item) => JSON.parse(item.payload) as FeedPost)
              .filter((post) => post.author.jid === jid)
              .flatMap((post) => post.photos.map((photo) => ({ ...photo, post: { service: post.service, node: post.node, id: post.id }, published: post.published })));
            return { photos };
          },
        },
      };
    },
  });
}
