// One-to-one chats (RFC 6121 §5): messages sent through the persistent outbox (they leave it
// on the server's XEP-0198 ack, so one typed while the server is down goes out when it is
// back, even across a daemon restart), received live, as carbons of our other devices, and
// from the server's archive: history pages as the person scrolls up, and a catch-up from the
// newest archive id the cache holds after every session that could not resume (on a fresh
// cache, a first sync that reads the archive backwards). A message the network sends back as
// an error (RFC 6120 §8.3) is marked failed, and can be sent again as a new one.
// References: XEP-0280 (carbons), XEP-0313 (MAM), XEP-0198 §4 (acks), XEP-0359 (ids),
// XEP-0184, XEP-0333, XEP-0085, XEP-0308, XEP-0444, XEP-0461 (see stanza.ts).
import type { Backfill, Cache, StoredMessage } from '../../../cache/index.js';
import { DaemonError } from '../../../daemon/errors.js';
import { parseElement, serialize } from '../../../xml/index.js';
import type { Element } from '../../../xml/element.js';
import { generateId } from '../../../xml/id.js';
import { bareJid } from '../../../xml/jid.js';
import { StanzaError } from '../../errors.js';
import { defineFeature, type FeatureContext } from '../../feature.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import { ArchiveClient, type ArchivePage } from './archive.js';
import { NS_OOB, NS_FILE_METADATA, type Attachment } from './attachment.js';
import { buildEnableCarbons, NS_CARBONS, unwrapCarbon } from './carbons.js';
import { ConversationWriter } from './conversation-writer.js';
import type { ChatEvents } from './events.js';
import { interpret } from './interpret.js';
import { orderedTimes, type MamFin, type MamResult } from '../mam/stanza.js';
import { correctParams, historyParams, markReadParams, messageParams, reactParams, sendParams, typingParams } from './params.js';
import {
  buildChatMessage, buildChatState, buildDisplayed, buildReactions, buildReceipt, isBounceFor,
  NS_CHAT_STATES, NS_CORRECT, NS_MARKERS, NS_REACTIONS, NS_RECEIPTS, NS_REPLY, parseBounce, parseChatMessage,
} from './stanza.js';

/** A catch-up page, and each page of a fresh cache's first sync (Prosody's default largest page). */
const CATCH_UP_PAGE = 50;
/** A catch-up stops after this many pages (10,000 messages); older ones come with scrolling. */
const MAX_CATCH_UP_PAGES = 200;
/**
 * A fresh cache reads the archive backwards from its newest page until the chat list holds
 * the person's conversations. It stops at the first bound reached:
 * - FIRST_SYNC_CONVERSATIONS distinct conversations: more than a family member has, several
 *   screens of the list;
 * - FIRST_SYNC_PAGES pages (2,000 messages, ~1 MB of cache): the whole archive of the heavy
 *   account of bench/heavy-login (its 20 conversations listed; 5-6 s in the background on
 *   the 2-core dev VM, where Prosody's internal storage reads the whole archive for each
 *   page, so perhaps 15 s on a Raspberry Pi 4); older messages come with scrolling;
 * - messages older than FIRST_SYNC_MAX_AGE_MS (a year): a conversation quiet for longer is
 *   not missed in the list, and comes back with its next message.
 * It runs after login like any catch-up (the first screen does not wait for it), and notes
 * where it got after each page (SyncPoint.backfill), so a session stopped halfway leaves the
 * rest to the next one. A cache that has a sync point catches up forwards only, as before.
 */
const FIRST_SYNC_CONVERSATIONS = 100;
const FIRST_SYNC_PAGES = 40;
const FIRST_SYNC_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const REPLY_QUOTE_LENGTH = 200;

export type ChatApi = HasBrowserMethods;

export interface ChatOptions {
  /** Pages of a fresh cache's first sync (FIRST_SYNC_PAGES); 1 reads only the newest. */
  firstSyncPages?: number;
}

export function chatFeature(cache: Cache, options: ChatOptions = {}) {
  const firstSyncPages = options.firstSyncPages ?? FIRST_SYNC_PAGES;
  return defineFeature<ChatApi>({
    name: 'chat',
    disco: [NS_RECEIPTS, NS_MARKERS, NS_CHAT_STATES, NS_CORRECT, NS_REACTIONS, NS_REPLY, NS_OOB, NS_FILE_METADATA],
    setup(ctx) {
      const user = () => bareJid(ctx.jid);
      const emit = <E extends keyof ChatEvents>(event: E, payload: ChatEvents[E]) => ctx.emit(event, payload);
      const writer = new ConversationWriter(cache, user, emit);
      const archive = new ArchiveClient(ctx, user);
      /** Outbox entries handed to this session: it resends them itself after reconnecting. */
      const handedOver = new Set<string>();
      /** Per conversation: how far back the archive was read, and whether it has nothing older. */
      const archiveCursor = new Map<string, { archiveId: string; time: number }>();
      const archiveExhausted = new Set<string>();
      /** Live archive ids may move the sync point only once the catch-up has closed the gap. */
      let isCaughtUp = false;
      /** Arrival time, strictly increasing: messages of one millisecond keep their order. */
      let lastArrival = 0;
      const arrivalTime = (): number => (lastArrival = Math.max(Date.now(), lastArrival + 1));

      const sendFromOutbox = (id: string, stanza: Element): void => {
        handedOver.add(id);
        try {
          ctx.send(stanza);
        } catch {
          // The session stopped for good: the entry stays in the outbox for the next one.
        }
      };

      /** Stores a page of the archive at the given times (see orderedTimes). */
      const writeArchived = (results: readonly MamResult[], times: readonly number[], options: { countUnread: boolean; announce: boolean }) =>
        writer.write(results.flatMap((result, index) => {
          const parsed = parseChatMessage(result.message, user());
          return parsed ? interpret(parsed, { accountBare: user(), time: times[index]!, archiveId: result.archiveId }) : [];
        }), options);

      /** The catch-up in progress, for a tab that connects while it runs; null when none is. */
      let syncing: { fetched: number } | null = null;

      const noteFetched = (count: number): void => {
        syncing = { fetched: (syncing?.fetched ?? 0) + count };
        emit('chat.history-syncing', syncing);
      };

      /**
       * Everything archived since the sync point; on a fresh cache, the newest page, then
       * older ones (readBackwards). Resolves the number of messages that were new.
       */
      const catchUp = async (): Promise<number> => {
        const point = cache.messages.getSyncPoint(user());
        let after = point?.archiveId;
        let floor = point?.time ?? 0;
        let added = 0;
        syncing = { fetched: 0 };
        for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
          let results: MamResult[];
          let fin: MamFin;
          try {
            ({ results, fin } = await archive.query(after === undefined ? { before: '', max: CATCH_UP_PAGE } : { after, max: CATCH_UP_PAGE }));
          } catch (error) {
            // The sync point is gone from the archive (expired): start again from the newest page.
            if (error instanceof StanzaError && error.condition === 'item-not-found' && after !== undefined) {
              after = undefined;
              continue;
            }
            throw error;
          }
          // A fresh cache: its first page is history, not news.
          const times = orderedTimes(results, { after: floor });
          added += (await writeArchived(results, times, { countUnread: point !== undefined, announce: true })).length;
          noteFetched(results.length);
          const newest = results.at(-1);
          if (newest) {
            floor = times.at(-1)!;
            await cache.messages.advanceSyncPoint(user(), { archiveId: newest.archiveId, time: floor });
          }
          if (point === undefined && newest && !fin.complete) {
            await cache.messages.setBackfill(user(), { archiveId: fin.first ?? results[0]!.archiveId, time: times[0]!, pages: 1 });
          }
          if (after === undefined || fin.complete || !newest) break;
          after = newest.archiveId;
        }
        // A first sync goes on backwards, also one that a stopped session left halfway.
        const backfill = cache.messages.getSyncPoint(user())?.backfill;
        if (backfill) added += await readBackwards(backfill);
        return added;
      };

      /**
       * A fresh cache's first sync, after the newest page: older pages of the whole archive,
       * stored as history, until a bound of FIRST_SYNC_* or the archive's start. Where it got
       * is noted after each page.
       */
      const readBackwards = async (from: Backfill): Promise<number> => {
        const oldestWanted = Date.now() - FIRST_SYNC_MAX_AGE_MS;
        let { archiveId: before, time: ceiling, pages } = from;
        let added = 0;
        while (pages < firstSyncPages && ceiling > oldestWanted && oneToOneConversations() < FIRST_SYNC_CONVERSATIONS) {
          let page: ArchivePage;
          try {
            page = await archive.query({ before, max: CATCH_UP_PAGE });
          } catch (error) {
            // The archive dropped that id meanwhile (expired): what is older is gone too.
            if (error instanceof StanzaError && error.condition === 'item-not-found') break;
            throw error;
          }
          const { results, fin } = page;
          const times = orderedTimes(results, { before: ceiling });
          // Not announced one by one: each conversation it adds or changes is (ConversationWriter).
          added += (await writeArchived(results, times, { countUnread: false, announce: false })).length;
          noteFetched(results.length);
          const oldest = results[0];
          if (!oldest || fin.complete) break;
          before = fin.first ?? oldest.archiveId;
          ceiling = times[0]!;
          pages++;
          await cache.messages.setBackfill(user(), { archiveId: before, time: ceiling, pages });
        }
        await cache.messages.setBackfill(user(), undefined);
        return added;
      };

      const oneToOneConversations = (): number =>
        cache.messages.getConversations(user()).filter((conversation) => conversation.last.type !== 'groupchat').length;

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        ctx.iq(buildEnableCarbons()).catch(() => {
          // A server without carbons: this device still works, others just do not mirror it.
        });
        for (const entry of cache.outbox.pending(user())) {
          if (!handedOver.has(entry.id)) sendFromOutbox(entry.id, parseElement(entry.stanza));
        }
        isCaughtUp = false;
        catchUp()
          .then((added) => {
            isCaughtUp = true;
            emit('chat.history-synced', { added });
          })
          .catch((error: unknown) => emit('chat.sync-failed', { message: String((error as Error).message ?? error) }))
          .finally(() => {
            syncing = null;
          });
      });

      ctx.onAcked((stanza) => {
        const id = stanza.attrs.id;
        if (stanza.name !== 'message' || id === undefined || !handedOver.delete(id)) return;
        cache.outbox.ack(user(), id)
          .then(async (wasQueued) => {
            if (wasQueued && stanza.attrs.to) await writer.raiseState(bareJid(stanza.attrs.to), id, 'sent');
          })
          .catch(() => {
            // The cache refused the write: the entry stays and is sent again by the next
            // session; the receiver drops the copy by its id.
          });
      });

      /** A message that reached us now: live, or as a carbon of another of our devices. */
      const receive = async (message: Element, isCarbon: boolean): Promise<boolean> => {
        const parsed = parseChatMessage(message, user());
        if (!parsed) return false;
        const items = interpret(parsed, { accountBare: user(), time: parsed.delayedTime ?? arrivalTime() });
        const added = await writer.write(items, { countUnread: true, announce: true });
        for (const item of items) {
          if (item.kind === 'chat-state' && !isCarbon) emit('chat.typing-changed', { peer: item.peer, state: item.state });
          if (item.kind === 'message' && item.requestsReceipt && !isCarbon && parsed.from && shouldAcknowledge(item.message)) {
            ctx.send(buildReceipt(parsed.from, generateId(), item.message.id));
          }
        }
        const archived = added.find((stored) => stored.archiveId);
        if (isCaughtUp && archived) await cache.messages.advanceSyncPoint(user(), { archiveId: archived.archiveId!, time: archived.time });
        return items.length > 0;
      };

      /** XEP-0184 §8: receipts only to contacts who may see our presence anyway. */
      const shouldAcknowledge = (message: StoredMessage): boolean => {
        const subscription = cache.roster.get(user(), message.peer)?.subscription;
        return message.direction === 'in' && (subscription === 'from' || subscription === 'both');
      };

      ctx.route(`message/${NS_CARBONS}`, async (message) => {
        const carbon = unwrapCarbon(message, user());
        if (carbon === undefined) return;
        if (carbon !== null) await receive(carbon.message, true);
        return true; // forged carbons stop here
      });
      ctx.route('message', (message) => message.attrs.type === 'error' ? failBounced(message) : receive(message, false));

      /**
       * A message of ours the network sent back: failed, when the error comes from where we
       * sent it. Errors about anything else (a marker, a reaction, an id we never sent) or
       * from anyone else change nothing.
       */
      const failBounced = async (message: Element): Promise<boolean> => {
        const bounce = parseBounce(message);
        if (!bounce) return true;
        // A server that could not reach a domain speaks for every address there.
        const peers = bounce.from.includes('@') ? [bounce.from] : cache.messages.getConversations(user()).map((conversation) => conversation.peer);
        for (const peer of peers) {
          if (!isBounceFor(bounce, peer)) continue;
          if (await writer.fail(peer, bounce.id, bounce.failure)) {
            // Bounced before the server's ack: it must not be sent again by a later session.
            await cache.outbox.ack(user(), bounce.id);
          }
        }
        return true;
      };

      const queueAndSend = async (peer: string, stanza: Element, record?: StoredMessage): Promise<void> => {
        const id = stanza.attrs.id!;
        await cache.outbox.enqueue(user(), { id, to: peer, stanza: serialize(stanza) });
        if (record) await writer.write([{ kind: 'message', message: record, requestsReceipt: false }], { countUnread: false, announce: true });
        sendFromOutbox(id, stanza);
      };

      /** A new message through the outbox: stored as queued, sent, and resolved as stored. */
      const sendNew = async (peer: string, content: { body: string; original: StoredMessage | undefined; attachment: Attachment | undefined }): Promise<StoredMessage> => {
        const { body, original, attachment } = content;
        const id = generateId();
        const stanza = buildChatMessage({
          to: peer, id, body, attachment,
          replyTo: original && { id: original.id, to: original.from, quote: original.body.slice(0, REPLY_QUOTE_LENGTH) },
        });
        const record: StoredMessage = { id, peer, from: user(), to: peer, time: arrivalTime(), body, direction: 'out', state: 'queued' };
        if (original) record.replyTo = { id: original.id, to: original.from };
        if (attachment) record.attachment = attachment;
        await queueAndSend(peer, stanza, record);
        return cache.messages.findMessage(user(), peer, id) ?? record;
      };

      const ownMessage = (peer: string, id: string): StoredMessage => {
        const message = cache.messages.findMessage(user(), peer, id);
        if (!message) throw new DaemonError('E_RPC_BAD_PARAMS', 'There is no such message in this conversation.');
        return message;
      };

      return {
        methods: {
          'chat.conversations': () => ({ conversations: cache.messages.getConversations(user()), syncing }),

          'chat.history': async (params) => {
            const { peer, before, limit } = historyParams(params);
            const cursor = before ?? Number.MAX_SAFE_INTEGER;
            let messages = cache.messages.getMessagesBefore(user(), peer, cursor, limit);
            // The cache ran out: read older pages of the archive into it (a few, when some hold no text).
            for (let round = 0; round < 3 && messages.length < limit && !archiveExhausted.has(peer); round++) {
              const from = archiveCursor.get(peer) ?? cache.messages.oldestArchived(user(), peer);
              const oldestCached = cache.messages.oldestMessage(user(), peer);
              const { results, fin } = await archive.query(from?.archiveId !== undefined
                ? { with: peer, before: from.archiveId, max: limit }
                : { with: peer, before: '', end: oldestCached?.time, max: limit });
              const times = orderedTimes(results, { before: from?.time ?? oldestCached?.time ?? Number.MAX_SAFE_INTEGER });
              await writeArchived(results, times, { countUnread: false, announce: false });
              const oldest = results[0];
              if (oldest) archiveCursor.set(peer, { archiveId: fin.first ?? oldest.archiveId, time: times[0]! });
              if (fin.complete || results.length === 0) archiveExhausted.add(peer);
              messages = cache.messages.getMessagesBefore(user(), peer, cursor, limit);
            }
            return { messages, complete: messages.length < limit && archiveExhausted.has(peer) };
          },

          'chat.send': async (params) => {
            const { peer, body, replyTo, attachment } = sendParams(params);
            const original = replyTo === undefined ? undefined : ownMessage(peer, replyTo);
            return { message: await sendNew(peer, { body, original, attachment }) };
          },

          'chat.retry': async (params) => {
            const { peer, id } = messageParams(params);
            const failed = ownMessage(peer, id);
            if (failed.state !== 'failed') throw new DaemonError('E_RPC_BAD_PARAMS', 'Only a message that could not be sent can be sent again.');
            // Once: two tabs pressing Retry together send one copy.
            if (failed.failure?.retried) throw new DaemonError('E_RPC_BAD_PARAMS', 'This message was already sent again.');
            // The message it answered may have been pruned since: then it goes without the reply.
            const original = failed.replyTo && cache.messages.findMessage(user(), peer, failed.replyTo.id);
            const message = await sendNew(peer, { body: failed.body, original, attachment: failed.attachment });
            return { message, failed: await writer.markRetried(peer, id) ?? failed };
          },

          'chat.correct': async (params) => {
            const { peer, id, body } = correctParams(params);
            const original = ownMessage(peer, id);
            if (original.direction !== 'out') throw new DaemonError('E_RPC_BAD_PARAMS', 'Only your own messages can be corrected.');
            await queueAndSend(peer, buildChatMessage({ to: peer, id: generateId(), body, replaces: id }));
            await writer.write([{ kind: 'correction', peer, direction: 'out', id, body }], { countUnread: false, announce: true });
            return { message: ownMessage(peer, id) };
          },

          'chat.react': async (params) => {
            const { peer, id, emojis } = reactParams(params);
            ownMessage(peer, id);
            await queueAndSend(peer, buildReactions(peer, generateId(), id, emojis));
            await writer.write([{ kind: 'reactions', peer, reactor: user(), id, emojis }], { countUnread: false, announce: true });
            return { message: ownMessage(peer, id) };
          },

          'chat.mark-read': async (params) => {
            const { peer } = markReadParams(params);
            const newestIncoming = cache.messages.getMessagesBefore(user(), peer, Number.MAX_SAFE_INTEGER, 50)
              .reverse().find((message) => message.direction === 'in');
            const conversation = await cache.messages.markRead(user(), peer);
            if (newestIncoming) sendQuietly(ctx, buildDisplayed(peer, generateId(), newestIncoming.id));
            if (conversation) emit('chat.conversation-updated', { conversation });
            return { conversation: conversation ?? null };
          },

          'chat.typing': (params) => {
            const { peer, state } = typingParams(params);
            sendQuietly(ctx, buildChatState(peer, generateId(), state));
            return {};
          },
        },
      };
    },
  });
}

/** Markers and chat states: worth nothing once the session is gone, so not kept in the outbox. */
function sendQuietly(ctx: FeatureContext, stanza: Element): void {
  try {
    ctx.send(stanza);
  } catch {
    // the session stopped: nobody to tell
  }
}
