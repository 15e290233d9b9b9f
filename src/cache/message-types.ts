// The shapes of stored messages and conversation summaries, without any dependency, so the
// browser protocol types (src/linker/features/chat/events.ts) and web/ can share them.
// References: see messages.ts.

/**
 * Outgoing only: queued (in the outbox) → sent (the server acked it) → delivered → displayed;
 * or failed: the server bounced it (RFC 6120 §8.3), which ends it.
 */
export type MessageState = 'queued' | 'sent' | 'delivered' | 'displayed' | 'failed';
/** How far a message of ours has got, for keeping a state from going back; `failed` ranks
 * above all: nothing that comes later (a late ack, a receipt) undoes it. */
export const MESSAGE_STATE_RANK: Readonly<Record<MessageState, number>> = { queued: 0, sent: 1, delivered: 2, displayed: 3, failed: 4 };

/** Why an outgoing message failed: the bounce's RFC 6120 §8.3.3 condition and its text, if any. */
export interface MessageFailure {
  condition: string;
  /** The error's <text/>, cut short: remote text, shown as text only. */
  text?: string;
  /** The person sent it again, as a new message. */
  retried?: boolean;
}

/** A file sent with a message (XEP-0066 + XEP-0446); the chat feature's Attachment. */
export interface StoredAttachment {
  url: string;
  name: string;
  mediaType: string;
  size: number;
  width?: number;
  height?: number;
}

export interface StoredMessage {
  /** The id its sender gave (origin-id, else the stanza's id): unique within a conversation. */
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
  state?: MessageState;
  /** With state 'failed': why. */
  failure?: MessageFailure;
  /** The body was replaced by a correction (XEP-0308). */
  edited?: boolean;
  /** Emojis per reacting bare JID (XEP-0444): each sender's latest set replaces theirs. */
  reactions?: Record<string, string[]>;
  /** The message this one answers (XEP-0461). */
  replyTo?: { id: string; to?: string };
  attachment?: StoredAttachment;
  /** Room messages (CONTRACTS-2): 'groupchat', and the sender's occupant nick. */
  type?: 'chat' | 'groupchat';
  nick?: string;
}

export interface ConversationSummary {
  peer: string;
  last: StoredMessage;
  unread: number;
}

/** Where a history page ends: messages strictly older than this one. */
export interface HistoryCursor {
  time: number;
  id: string;
}
