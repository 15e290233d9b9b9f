// What a one-to-one message means for the conversation store, wherever it came from (live,
// a carbon, the archive): a new message to keep, or a change to one already kept, or a
// notification that changes nothing stored (typing). Pure: the feature applies the result.
// References: see stanza.ts; XEP-0308 §5 (a correction counts only from the original sender),
// XEP-0444 §3.2 (a reactions element replaces the sender's previous set), XEP-0333 §3 (a
// displayed marker covers the message it names).
import type { StoredMessage } from '../../../cache/index.js';
import { conversationOf, type ChatState, type ParsedChatMessage } from './stanza.js';

export type Interpretation =
  | { kind: 'message'; message: StoredMessage; requestsReceipt: boolean }
  | { kind: 'correction'; peer: string; direction: 'in' | 'out'; id: string; body: string }
  | { kind: 'reactions'; peer: string; reactor: string; id: string; emojis: string[] }
  | { kind: 'receipt'; peer: string; id: string }
  | { kind: 'displayed'; peer: string; direction: 'in' | 'out'; id: string }
  | { kind: 'chat-state'; peer: string; state: ChatState };

export interface Origin {
  accountBare: string;
  /** When it happened: the archive's time, the delay stamp, or now. */
  time: number;
  /** The archive id, from a MAM result or our server's stanza-id. */
  archiveId?: string;
}

/** What the message is about; an empty list for anything not worth keeping. */
export function interpret(parsed: ParsedChatMessage, origin: Origin): Interpretation[] {
  const conversation = conversationOf(parsed, origin.accountBare);
  if (!conversation) return [];
  const { peer, direction } = conversation;
  const found: Interpretation[] = [];
  if (parsed.replaces && parsed.body !== undefined) {
    found.push({ kind: 'correction', peer, direction, id: parsed.replaces, body: parsed.body });
  } else if (parsed.body !== undefined && parsed.body.trim() !== '') {
    const id = parsed.id ?? parsed.archiveId ?? origin.archiveId;
    if (id) found.push({ kind: 'message', message: storedMessage(parsed, { peer, direction, id }, origin), requestsReceipt: parsed.requestsReceipt });
  }
  if (parsed.reactions) {
    const reactor = direction === 'in' ? peer : origin.accountBare;
    found.push({ kind: 'reactions', peer, reactor, id: parsed.reactions.id, emojis: parsed.reactions.emojis });
  }
  if (parsed.receiptFor && direction === 'in') found.push({ kind: 'receipt', peer, id: parsed.receiptFor });
  if (parsed.displayed) found.push({ kind: 'displayed', peer, direction, id: parsed.displayed });
  if (parsed.chatState && direction === 'in') found.push({ kind: 'chat-state', peer, state: parsed.chatState });
  return found;
}

function storedMessage(parsed: ParsedChatMessage, conversation: { peer: string; direction: 'in' | 'out'; id: string }, origin: Origin): StoredMessage {
  const { peer, direction, id } = conversation;
  const message: StoredMessage = {
    id,
    peer,
    from: direction === 'in' ? peer : origin.accountBare,
    to: direction === 'in' ? origin.accountBare : peer,
    time: origin.time,
    body: parsed.body ?? '',
    direction,
  };
  const archiveId = origin.archiveId ?? parsed.archiveId;
  if (archiveId) message.archiveId = archiveId;
  // Sent from another of our devices: the server has it, whatever that device heard back.
  if (direction === 'out') message.state = 'sent';
  if (parsed.replyTo) message.replyTo = parsed.replyTo;
  if (parsed.attachment) message.attachment = parsed.attachment;
  return message;
}
