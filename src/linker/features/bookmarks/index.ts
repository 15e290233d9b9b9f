// Bookmarks (XEP-0402): the rooms a person is in, kept in their PEP so every device agrees.
// Fetched when a session starts (not after a resumption, which missed nothing), kept current
// by +notify events from the person's other devices and sessions, cached per user. The muc
// feature joins what they list and adds or removes entries as rooms are joined or left.
// References: XEP-0402 v1.2 §3, XEP-0163 §4 (+notify filtered notifications).
import { defineFeature } from '../../feature.js';
import { StanzaError } from '../../errors.js';
import { bareJid } from '../../../xml/jid.js';
import type { Bookmark, UserJidRecords } from '../../../cache/index.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import type { BookmarkView } from './events.js';
import { NS_PUBSUB_EVENT } from '../pubsub/stanza.js';
import { buildBookmarkPublish, buildBookmarkRetract, buildBookmarksGet, NS_BOOKMARKS, parseBookmarksEvent, parseBookmarksResult } from './stanza.js';

export interface BookmarksListener {
  /** A bookmark was added or changed on another device (or echoed back from here). */
  updated?(bookmark: Bookmark): void;
  /** Awaited: the notification is handled once the listeners are done. */
  removed?(jid: string): Promise<void>;
}

export interface BookmarksApi extends HasBrowserMethods {
  list(): Bookmark[];
  get(jid: string): Bookmark | undefined;
  /** The bookmarks once this session has fetched them (the cached ones if that failed). */
  synced(): Promise<Bookmark[]>;
  /** Publishes (adds or replaces) a bookmark. Rejects with the server's StanzaError. */
  put(bookmark: Bookmark): Promise<void>;
  remove(jid: string): Promise<void>;
  listen(listener: BookmarksListener): void;
}

export function toBookmarkView(bookmark: Bookmark): BookmarkView {
  return { jid: bookmark.jid, name: bookmark.name ?? null, autojoin: bookmark.autojoin, nick: bookmark.nick ?? null };
}

export function bookmarksFeature(store: UserJidRecords<Bookmark>) {
  return defineFeature<BookmarksApi>({
    name: 'bookmarks',
    disco: [`${NS_BOOKMARKS}+notify`],
    setup(ctx) {
      const user = () => bareJid(ctx.jid);
      const listeners: BookmarksListener[] = [];
      const list = () => store.list(user());
      let sync: Promise<Bookmark[]> | undefined;
      let resolveFirstSync: (() => void) | undefined;
      const firstSync = new Promise<void>((resolve) => { resolveFirstSync = resolve; });

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        sync = ctx.iq(buildBookmarksGet())
          .then(parseBookmarksResult, (error: unknown) => {
            // A person who never bookmarked anything has no node yet (XEP-0060 §6.5.9.11).
            if (error instanceof StanzaError && error.condition === 'item-not-found') return [];
            throw error;
          })
          .then(async (bookmarks) => {
            await store.replaceAll(user(), bookmarks);
            ctx.emit('bookmarks.list-replaced', { items: bookmarks.map(toBookmarkView) });
            return bookmarks;
          })
          .catch((error: unknown) => {
            ctx.emit('bookmarks.sync-failed', { message: String((error as Error).message ?? error) });
            return list();
          })
          .finally(() => resolveFirstSync?.());
      });

      const applyUpdate = async (bookmark: Bookmark) => {
        await store.put(user(), bookmark);
        ctx.emit('bookmarks.item-updated', toBookmarkView(bookmark));
        for (const listener of listeners) listener.updated?.(bookmark);
      };
      const applyRemoval = async (jid: string) => {
        await store.remove(user(), jid);
        ctx.emit('bookmarks.item-removed', { jid });
        for (const listener of listeners) await listener.removed?.(jid);
      };

      ctx.route(`message/${NS_PUBSUB_EVENT}`, async (message) => {
        const change = parseBookmarksEvent(message, user());
        if (!change) return;
        const removed = change.purged ? list().map((bookmark) => bookmark.jid) : change.removed;
        for (const jid of removed) await applyRemoval(jid);
        for (const bookmark of change.updated) await applyUpdate(bookmark);
        return true;
      });

      return {
        list,
        get: (jid) => store.get(user(), jid),
        synced: async () => {
          await firstSync;
          return sync ?? list();
        },
        put: async (bookmark) => {
          await ctx.iq(buildBookmarkPublish(bookmark));
          await applyUpdate(bookmark);
        },
        remove: async (jid) => {
          try {
            await ctx.iq(buildBookmarkRetract(user(), jid));
          } catch (error) {
            // Already gone on the server: the local copy is what is left to remove.
            if (!(error instanceof StanzaError && error.condition === 'item-not-found')) throw error;
          }
          await applyRemoval(jid);
        },
        listen: (listener) => { listeners.push(listener); },
        methods: {
          'bookmarks.list': async () => {
            await sync;
            return { items: list().map(toBookmarkView) };
          },
        },
      };
    },
  });
}
