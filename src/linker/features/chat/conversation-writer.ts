// Applies interpreted messages to the user's conversations in the cache and tells the tabs:
// new messages in one transaction, then the changes they bring to messages already kept.
import type { Cache, MessageFailure, MessageState, StoredMessage } from '../../../cache/index.js';
import { MESSAGE_STATE_RANK, type ChatEvents } from './events.js';
import type { Interpretation } from './interpret.js';

type Emit = <E extends keyof ChatEvents>(event: E, payload: ChatEvents[E]) => void;

export interface WriteOptions {
  /** false for history pages: old incoming messages are not unread news. */
  countUnread: boolean;
  /** false for history pages, which the asking tab receives as the answer. */
  announce: boolean;
}

export class ConversationWriter {
  constructor(
    private readonly cache: Cache,
    private readonly user: () => string,
    private readonly emit: Emit,
  ) {}

  /** Stores what `items` mean; resolves the messages that were new. */
  async write(items: readonly Interpretation[], options: WriteOptions): Promise<StoredMessage[]> {
    const user = this.user();
    const incoming = items.flatMap((item) => (item.kind === 'message' ? [item.message] : []));
    const added = incoming.length > 0 ? await this.cache.messages.appendNewMessages(user, incoming, { countUnread: options.countUnread }) : [];
    const touched = new Set(added.map((message) => message.peer));
    if (options.announce) for (const message of added) this.emit('chat.message-received', { message });
    for (const item of items) {
      if (item.kind === 'message' || item.kind === 'chat-state') continue;
      if (item.kind === 'displayed' && item.direction === 'out') {
        // Another of our devices showed the conversation up to there.
        const seen = this.cache.messages.findMessage(user, item.peer, item.id);
        const summary = seen && await this.cache.messages.markRead(user, item.peer, seen.time);
        if (summary) touched.add(item.peer);
        continue;
      }
      const updated = await this.cache.messages.updateMessage(user, item.peer, item.id, (message) => change(message, item));
      if (!updated) continue;
      this.emit('chat.message-updated', { message: updated });
      if (this.cache.messages.getConversation(user, item.peer)?.last.id === updated.id) touched.add(item.peer);
    }
    for (const peer of touched) this.announceConversation(peer);
    return added;
  }

  /** Raises an outgoing message's state; never lowers it (a late receipt after a read marker). */
  async raiseState(peer: string, id: string, state: Exclude<MessageState, 'failed'>): Promise<void> {
    await this.update(peer, id, (message) => raised(message, state));
  }

  /**
   * Marks our message failed, unless the contact already has it (delivered, displayed: a
   * late error is about something else). Resolves the changed message, if it changed.
   */
  async fail(peer: string, id: string, failure: MessageFailure): Promise<StoredMessage | undefined> {
    return this.update(peer, id, (message) =>
      isOneToOne(message) && message.direction === 'out' && MESSAGE_STATE_RANK[message.state ?? 'sent'] <= MESSAGE_STATE_RANK.sent
        ? { ...message, state: 'failed', failure }
        : undefined);
  }

  /** Notes that a failed message was sent again as a new one (its Retry is done). */
  async markRetried(peer: string, id: string): Promise<StoredMessage | undefined> {
    return this.update(peer, id, (message) => message.failure && { ...message, failure: { ...message.failure, retried: true } });
  }

  /** Changes one stored message and tells the tabs, about its conversation too when it is the newest. */
  async update(peer: string, id: string, change: (message: StoredMessage) => StoredMessage | undefined): Promise<StoredMessage | undefined> {
    const updated = await this.cache.messages.updateMessage(this.user(), peer, id, change);
    if (!updated) return undefined;
    this.emit('chat.message-updated', { message: updated });
    if (this.cache.messages.getConversation(this.user(), peer)?.last.id === id) this.announceConversation(peer);
    return updated;
  }

  announceConversation(peer: string): void {
    const conversation = this.cache.messages.getConversation(this.user(), peer);
    if (conversation) this.emit('chat.conversation-updated', { conversation });
  }
}

/** The stored message after `item`, or undefined when it does not apply to it. */
function change(message: StoredMessage, item: Exclude<Interpretation, { kind: 'message' | 'chat-state' }>): StoredMessage | undefined {
  switch (item.kind) {
    case 'correction':
      // Only the author may correct, and only a message that is a text (XEP-0308 §5).
      if (message.direction !== item.direction || message.body === item.body) return undefined;
      return { ...message, body: item.body, edited: true };
    case 'reactions': {
      const reactions = { ...message.reactions };
      if (item.emojis.length === 0) delete reactions[item.reactor];
      else reactions[item.reactor] = item.emojis;
      return { ...message, reactions };
    }
    case 'receipt':
      return raised(message, 'delivered');
    case 'displayed':
      return raised(message, 'displayed');
  }
}

/** Rooms keep their messages in the same store; their errors are the room feature's. */
function isOneToOne(message: StoredMessage): boolean {
  return message.type !== 'groupchat';
}

function raised(message: StoredMessage, state: MessageState): StoredMessage | undefined {
  return message.direction === 'out' && MESSAGE_STATE_RANK[state] > MESSAGE_STATE_RANK[message.state ?? 'sent'] ? { ...message, state } : undefined;
}
