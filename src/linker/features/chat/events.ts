// Chat methods and events in the browser protocol (docs/protocol.md), shared with web/.
// Only dependency-free type modules are imported: web/ type-checks this file too.
import type { ConversationSummary, HistoryCursor, MessageFailure, MessageState, StoredAttachment, StoredMessage } from '../../../cache/message-types.js';

export type ChatMessage = StoredMessage;
export type Conversation = ConversationSummary;
/** The same shape as attachment.ts's Attachment (XEP-0066 + XEP-0446). */
export type Attachment = StoredAttachment;
export type { HistoryCursor, MessageFailure, MessageState };
export { MESSAGE_STATE_RANK } from '../../../cache/message-types.js';

/** XEP-0085 states a tab can announce about the person typing. */
export type TypingState = 'composing' | 'paused' | 'active';

export interface ChatEvents {
  /** A message was stored: received, sent from this or another device, or caught up from the archive. */
  'chat.message-received': { message: ChatMessage };
  /** A stored message changed: its state (sent, delivered, displayed, failed), a correction, reactions. */
  'chat.message-updated': { message: ChatMessage };
  /** A conversation's newest message or unread count changed. */
  'chat.conversation-updated': { conversation: Conversation };
  /** The contact started or stopped typing (never stored). */
  'chat.typing-changed': { peer: string; state: TypingState | 'inactive' | 'gone' };
  /** The catch-up from the archive after a new session finished; `added` messages were new. */
  'chat.history-synced': { added: number };
  /** The catch-up from the archive goes on: messages fetched so far (after each page). */
  'chat.history-syncing': { fetched: number };
  /** Catching up from the archive failed; what is cached stays shown. */
  'chat.sync-failed': { message: string };
}

export interface ChatMethods {
  /** Every conversation, most recent first. */
  'chat.conversations': { params: Record<string, never>; result: { conversations: Conversation[]; syncing: { fetched: number } | null } };
  /**
   * One page of a conversation, oldest first, older than `before` (the newest page without
   * it): from the cache, then from the server's archive. `complete`: nothing older exists.
   */
  'chat.history': { params: { peer: string; before?: HistoryCursor; limit?: number }; result: { messages: ChatMessage[]; complete: boolean } };
  /** Queues a message durably and sends it; it is 'queued' until the server acknowledges it. */
  'chat.send': { params: { peer: string; body: string; replyTo?: string; attachment?: Attachment }; result: { message: ChatMessage } };
  /**
   * Sends a failed message again as a new message (same body, attachment and reply); the
   * failed one is kept, marked retried.
   */
  'chat.retry': { params: { peer: string; id: string }; result: { message: ChatMessage; failed: ChatMessage } };
  /** Replaces the text of our last message (XEP-0308). */
  'chat.correct': { params: { peer: string; id: string; body: string }; result: { message: ChatMessage } };
  /** Sets our whole set of reactions to a message (XEP-0444); [] removes them. */
  'chat.react': { params: { peer: string; id: string; emojis: string[] }; result: { message: ChatMessage } };
  /** Everything in the conversation was seen: unread 0 on every device, a displayed marker to the contact. */
  'chat.mark-read': { params: { peer: string }; result: { conversation: Conversation | null } };
  'chat.typing': { params: { peer: string; state: TypingState }; result: Record<string, never> };
}
