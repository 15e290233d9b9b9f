// One-to-one and room messages of each user, and the per-conversation summaries the chat list
// shows. A message and its summary change in the same transaction, so they never disagree.
//
// messages       key:   user · peer · time (8-byte ms) · id
//                value: StoredMessage
//   Keys of one conversation sort by time, then id, so "the latest N before T" is one reverse
//   range scan from (user, peer, T) down to prefix(user, peer) — the shape MAM paging needs
//   (XEP-0313 §4.3: page backwards with <before/>).
// message-ids    key:   user · peer · id          value: time (ms)
//   Finds a message by the id its sender gave (corrections, reactions, receipts point at it)
//   and keeps a message out twice when it comes again with another time (live, then from the
//   archive with the archive's timestamp).
// conversations  key:   user · peer
//                value: ConversationSummary (newest message, unread count)
// message-sync   key:   user                      value: SyncPoint
//   The newest archive id this cache is complete up to: where the catch-up after a reconnect
//   or a restart starts (XEP-0313 §4.3: <after/>); while a fresh cache's first sync reads
//   older pages, also how far back it got (<before/>).
//
// References: XEP-0313 (Message Archive Management), XEP-0359 (stanza ids), XEP-0308
// (corrections), XEP-0444 (reactions), XEP-0461 (replies), XEP-0184/XEP-0333 (receipts, markers).

import type { CacheEnv } from './env.js';
import { decodeKey, encodeKey, prefixRange } from './keys.js';
import type { ConversationSummary, StoredMessage } from './message-types.js';

export type { ConversationSummary, MessageFailure, MessageState, StoredAttachment, StoredMessage } from './message-types.js';

/** Where a page ends: messages strictly older than this. */
export type MessageCursor = number | { time: number; id: string };

/** The archive position the cache holds everything up to. */
export interface SyncPoint {
  archiveId: string;
  time: number;
  /** A fresh cache's first sync, still reading older pages: where it goes on (see Backfill). */
  backfill?: Backfill;
}

/**
 * How far back a first sync read the archive, so that a session stopped in the middle of it
 * goes on where it was: the next page ends before `archiveId`, its messages are kept before
 * `time`, and `pages` were read so far.
 */
export interface Backfill {
  archiveId: string;
  time: number;
  pages: number;
}

export interface AppendOptions {
  /** false for history pages: old incoming messages are not news. Default true. */
  countUnread?: boolean;
}

export class MessageStore {
  constructor(private readonly env: CacheEnv) {}

  /** Appends one message; resolves false when it was already stored (a MAM re-fetch). */
  async appendMessage(user: string, message: StoredMessage): Promise<boolean> {
    return (await this.appendMessages(user, [message])) === 1;
  }

  /**
   * Appends messages and updates their conversations' summaries, all in one transaction.
   * Incoming messages count as unread. Resolves the number that were new.
   */
  async appendMessages(user: string, messages: readonly StoredMessage[], options: AppendOptions = {}): Promise<number> {
    return (await this.appendNewMessages(user, messages, options)).length;
  }

  /**
   * Like appendMessages, resolving the messages that were new (not already stored under
   * their id or key), in the order given.
   */
  async appendNewMessages(user: string, messages: readonly StoredMessage[], options: AppendOptions = {}): Promise<StoredMessage[]> {
    const countUnread = options.countUnread ?? true;
    const keyed = messages.map((message) => ({
      message,
      key: encodeKey(user, message.peer, message.time, message.id),
      idKey: encodeKey(user, message.peer, message.id),
      summaryKey: encodeKey(user, message.peer),
    }));
    const bytes = messages.reduce((sum, message) => sum + message.body.length + 160, 0);
    const { messages: db, conversations, 'message-ids': ids } = this.env.dbs;
    return this.env.write(() => {
      const added: StoredMessage[] = [];
      for (const { message, key, idKey, summaryKey } of keyed) {
        if (ids.doesExist(idKey) || db.doesExist(key)) continue;
        db.putSync(key, message);
        ids.putSync(idKey, message.time);
        const summary = conversations.get(summaryKey) as ConversationSummary | undefined;
        conversations.putSync(summaryKey, {
          peer: message.peer,
          last: !summary || isAfter(message, summary.last) ? message : summary.last,
          unread: (summary?.unread ?? 0) + (countUnread && message.direction === 'in' ? 1 : 0),
        } satisfies ConversationSummary);
        added.push(message);
      }
      return added;
    }, `storing ${messages.length} messages of ${user}`, bytes);
  }

  /** The message its sender gave this id, in one conversation. */
  findMessage(user: string, peer: string, id: string): StoredMessage | undefined {
    const time = this.env.dbs['message-ids'].get(encodeKey(user, peer, id)) as number | undefined;
    return time === undefined ? undefined : this.env.dbs.messages.get(encodeKey(user, peer, time, id)) as StoredMessage | undefined;
  }

  /**
   * Changes a stored message in place (its id, peer and time stay): `change` returns the new
   * record, or undefined to leave it. Resolves the new record, or undefined when nothing changed.
   */
  async updateMessage(user: string, peer: string, id: string, change: (message: StoredMessage) => StoredMessage | undefined): Promise<StoredMessage | undefined> {
    const idKey = encodeKey(user, peer, id);
    const summaryKey = encodeKey(user, peer);
    const { messages: db, conversations, 'message-ids': ids } = this.env.dbs;
    return this.env.write(() => {
      const time = ids.get(idKey) as number | undefined;
      if (time === undefined) return undefined;
      const key = encodeKey(user, peer, time, id);
      const current = db.get(key) as StoredMessage | undefined;
      const next = current && change(current);
      if (!next) return undefined;
      const updated: StoredMessage = { ...next, id, peer, time };
      db.putSync(key, updated);
      const summary = conversations.get(summaryKey) as ConversationSummary | undefined;
      if (summary && summary.last.id === id && summary.last.time === time) conversations.putSync(summaryKey, { ...summary, last: updated });
      return updated;
    }, `updating message ${id} of ${user}`);
  }

  /** The oldest message stored for one conversation. */
  oldestMessage(user: string, peer: string): StoredMessage | undefined {
    for (const { value } of this.env.dbs.messages.getRange({ ...prefixRange(user, peer), limit: 1 })) return value as StoredMessage;
    return undefined;
  }

  /** The oldest message of one conversation with an archive id: where paging the archive backwards resumes. */
  oldestArchived(user: string, peer: string): StoredMessage | undefined {
    for (const { value } of this.env.dbs.messages.getRange(prefixRange(user, peer))) {
      if ((value as StoredMessage).archiveId) return value as StoredMessage;
    }
    return undefined;
  }

  getSyncPoint(user: string): SyncPoint | undefined {
    return this.env.dbs['message-sync'].get(encodeKey(user)) as SyncPoint | undefined;
  }

  /** Moves the sync point forward (its backfill stays); an older point than the stored one is ignored. */
  async advanceSyncPoint(user: string, point: Omit<SyncPoint, 'backfill'>): Promise<void> {
    const key = encodeKey(user);
    return this.env.write(() => {
      const current = this.env.dbs['message-sync'].get(key) as SyncPoint | undefined;
      if (!current || point.time >= current.time) {
        const next: SyncPoint = { archiveId: point.archiveId, time: point.time };
        if (current?.backfill) next.backfill = current.backfill;
        this.env.dbs['message-sync'].putSync(key, next);
      }
    }, `noting the archive sync point of ${user}`);
  }

  /** Notes how far back the first sync has read, or (undefined) that it is done. Needs a sync point. */
  async setBackfill(user: string, backfill: Backfill | undefined): Promise<void> {
    const key = encodeKey(user);
    return this.env.write(() => {
      const current = this.env.dbs['message-sync'].get(key) as SyncPoint | undefined;
      if (!current) return;
      const next: SyncPoint = { archiveId: current.archiveId, time: current.time };
      if (backfill) next.backfill = backfill;
      this.env.dbs['message-sync'].putSync(key, next);
    }, `noting how far back the archive of ${user} was read`);
  }

  /**
   * Up to `limit` messages of one conversation older than `before`, oldest first — one page
   * of history. Pass the first message of a page as the cursor of the next.
   */
  getMessagesBefore(user: string, peer: string, before: MessageCursor, limit: number): StoredMessage[] {
    const { start: conversationStart } = prefixRange(user, peer);
    const start = typeof before === 'number'
      ? encodeKey(user, peer, before)
      : encodeKey(user, peer, before.time, before.id);
    const newestFirst = Array.from(
      this.env.dbs.messages.getRange({ start, end: conversationStart, reverse: true, exclusiveStart: true, limit }),
      ({ value }) => value as StoredMessage,
    );
    return newestFirst.reverse();
  }

  /** Every stored message of one conversation, oldest first. */
  getAllMessages(user: string, peer: string): StoredMessage[] {
    return Array.from(this.env.dbs.messages.getRange(prefixRange(user, peer)), ({ value }) => value as StoredMessage);
  }

  getConversation(user: string, peer: string): ConversationSummary | undefined {
    return this.env.dbs.conversations.get(encodeKey(user, peer)) as ConversationSummary | undefined;
  }

  /** The user's conversations, most recent first (the chat list). */
  getConversations(user: string): ConversationSummary[] {
    const all = Array.from(this.env.dbs.conversations.getRange(prefixRange(user)),
      ({ value }) => value as ConversationSummary);
    return all.sort((a, b) => b.last.time - a.last.time);
  }

  /**
   * Marks the conversation read, entirely or through the message at `throughTime` (a read
   * marker from another device): unread then counts the incoming messages after it, at most.
   * Resolves the summary as it now is.
   */
  async markRead(user: string, peer: string, throughTime?: number): Promise<ConversationSummary | undefined> {
    const key = encodeKey(user, peer);
    return this.env.write(() => {
      const summary = this.env.dbs.conversations.get(key) as ConversationSummary | undefined;
      if (!summary) return undefined;
      let unread = 0;
      if (throughTime !== undefined) {
        const { end } = prefixRange(user, peer);
        for (const { value } of this.env.dbs.messages.getRange({ start: encodeKey(user, peer, throughTime + 1), end })) {
          if ((value as StoredMessage).direction === 'in') unread++;
        }
        // An old marker (from the archive) never makes more unread than there was.
        unread = Math.min(unread, summary.unread);
      }
      if (summary.unread === unread) return summary;
      const updated = { ...summary, unread };
      this.env.dbs.conversations.putSync(key, updated);
      return updated;
    }, `marking ${peer} read for ${user}`);
  }

  /**
   * Deletes every message older than `cutoff` (ms) except each conversation's newest, which
   * its summary shows. The only way per-user messages ever leave the cache, and only when
   * the operator configured a maximum age (they stay in the server's archive).
   */
  async pruneMessagesBefore(cutoff: number): Promise<number> {
    const { messages, conversations } = this.env.dbs;
    let removed = 0;
    let after: Buffer | undefined;
    for (;;) {
      // Candidates are found a page at a time outside the write, then rechecked inside it.
      const page = Array.from(
        messages.getKeys(after ? { start: after, exclusiveStart: true, limit: 1000 } : { limit: 1000 }),
        (key) => Buffer.from(key),
      );
      if (page.length === 0) return removed;
      after = page[page.length - 1];
      const old = page.filter((key) => (decodeKey(key, 'ssn')[2] as number) < cutoff);
      if (old.length === 0) continue;
      removed += await this.env.write(() => {
        let count = 0;
        for (const key of old) {
          const [user, peer] = decodeKey(key, 'ss') as [string, string];
          const message = messages.get(key) as StoredMessage | undefined;
          const summary = conversations.get(encodeKey(user, peer)) as ConversationSummary | undefined;
          if (!message || (summary?.last.id === message.id && summary.last.time === message.time)) continue;
          messages.removeSync(key);
          this.env.dbs['message-ids'].removeSync(encodeKey(user, peer, message.id));
          count++;
        }
        return count;
      }, 'pruning old messages');
    }
  }
}

/** Newer in conversation order: by time, then by id. */
function isAfter(message: StoredMessage, other: StoredMessage): boolean {
  return message.time > other.time || (message.time === other.time && message.id > other.id);
}
