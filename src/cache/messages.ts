// One-to-one and room messages of each user, and the per-conversation summaries the chat list
// shows. A message and its summary change in the same transaction, so they never disagree.
//
// messages       key:   user · peer · time (8-byte ms) · id
//                value: StoredMessage
//   Keys of one conversation sort by time, then id, so "the latest N before T" is one reverse
//   range scan from (user, peer, T) down to prefix(user, peer) — the shape MAM paging needs
//   (XEP-0313 §4.3: page backwards with <before/>).
// conversations  key:   user · peer
//                value: ConversationSummary (newest message, unread count)
//
// References: XEP-0313 (Message Archive Management), XEP-0359 (stanza ids).

import type { CacheEnv } from './env.js';
import { decodeKey, encodeKey, prefixRange } from './keys.js';

export interface StoredMessage {
  /** The stanza id (or origin-id) the sender gave; with `time` it identifies the message. */
  id: string;
  /** The other party: a contact's bare JID or a room JID. */
  peer: string;
  from: string;
  to: string;
  /** Milliseconds since the epoch (delay-stamped time for archived messages). */
  time: number;
  body: string;
  direction: 'in' | 'out';
  /** The archive's id (XEP-0359 stanza-id), for MAM queries. */
  archiveId?: string;
  /** 'groupchat' for a room message (peer is then the room's bare JID). */
  type?: 'groupchat';
  /** A room message's sender: their occupant nick. */
  nick?: string;
}

export interface ConversationSummary {
  peer: string;
  last: StoredMessage;
  unread: number;
}

/** Where a page ends: messages strictly older than this. */
export type MessageCursor = number | { time: number; id: string };

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
  async appendMessages(user: string, messages: readonly StoredMessage[]): Promise<number> {
    const keyed = messages.map((message) => ({
      message,
      key: encodeKey(user, message.peer, message.time, message.id),
      summaryKey: encodeKey(user, message.peer),
    }));
    const bytes = messages.reduce((sum, message) => sum + message.body.length + 128, 0);
    return this.env.write(() => {
      let added = 0;
      for (const { message, key, summaryKey } of keyed) {
        if (this.env.dbs.messages.doesExist(key)) continue;
        this.env.dbs.messages.putSync(key, message);
        const summary = this.env.dbs.conversations.get(summaryKey) as ConversationSummary | undefined;
        const isNewer = !summary || message.time > summary.last.time
          || (message.time === summary.last.time && message.id > summary.last.id);
        this.env.dbs.conversations.putSync(summaryKey, {
          peer: message.peer,
          last: isNewer ? message : summary.last,
          unread: (summary?.unread ?? 0) + (message.direction === 'in' ? 1 : 0),
        } satisfies ConversationSummary);
        added++;
      }
      return added;
    }, `storing ${messages.length} messages of ${user}`, bytes);
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

  async markRead(user: string, peer: string): Promise<void> {
    const key = encodeKey(user, peer);
    return this.env.write(() => {
      const summary = this.env.dbs.conversations.get(key) as ConversationSummary | undefined;
      if (summary && summary.unread !== 0) this.env.dbs.conversations.putSync(key, { ...summary, unread: 0 });
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
          count++;
        }
        return count;
      }, 'pruning old messages');
    }
  }
}
