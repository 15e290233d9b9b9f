// One-to-one chat messages: reading what a <message/> carries, building the ones we send.
// A message may carry a body, or only a correction, reactions, a receipt, a read marker or a
// chat state; parseChatMessage reads all of them, the feature decides what to do.
// References: RFC 6121 §5 (message types, body), XEP-0359 (origin-id, stanza-id: trust a
// stanza-id only when `by` is our own account), XEP-0203 (delay), XEP-0184 (receipts),
// XEP-0333 (chat markers: markable, displayed), XEP-0085 (chat states), XEP-0308 (last message
// correction), XEP-0444 (reactions), XEP-0461 (replies) with XEP-0428 (fallback indication:
// ranges count Unicode code points), XEP-0334 (store / no-store hints), RFC 6120 §8.3 (an
// error stanza keeps the id of the stanza that caused it; §8.3.3 conditions).
import type { MessageFailure } from '../../../cache/message-types.js';
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getChildText, getText, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import { StanzaError } from '../../errors.js';
import { buildAttachmentElements, parseAttachment, type Attachment } from './attachment.js';
import { NS_DELAY, NS_SID } from '../../namespaces.js';

export const NS_RECEIPTS = 'urn:xmpp:receipts';
export const NS_MARKERS = 'urn:xmpp:chat-markers:0';
export const NS_CHAT_STATES = 'http://jabber.org/protocol/chatstates';
export const NS_CORRECT = 'urn:xmpp:message-correct:0';
export const NS_REACTIONS = 'urn:xmpp:reactions:0';
export const NS_REPLY = 'urn:xmpp:reply:0';
export const NS_FALLBACK = 'urn:xmpp:fallback:0';
export const NS_HINTS = 'urn:xmpp:hints';

export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';
const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

/** Longer bodies are cut when stored: a family chat has no use for more, and it bounds the cache. */
export const MAX_BODY_LENGTH = 65_536;
const MAX_ID_LENGTH = 256;
const MAX_REACTIONS = 20;
const MAX_REACTION_LENGTH = 16;
/** An error's text is remote and only explains: a line or two is plenty. */
const MAX_ERROR_TEXT_LENGTH = 300;
/** Conditions a server says about the remote domain, not the address (RFC 6120 §8.3.3.16-17). */
const REMOTE_SERVER_CONDITIONS: readonly string[] = ['remote-server-not-found', 'remote-server-timeout'];

export interface ParsedChatMessage {
  /** Full JIDs as written on the stanza (from may be absent: our own server). */
  from: string | undefined;
  to: string | undefined;
  /** What the sender calls it: origin-id, else the id attribute. */
  id: string | undefined;
  /** Our server's archive id (stanza-id by our account), when it gave one. */
  archiveId: string | undefined;
  /** The delay stamp (ms), for a message delivered late. */
  delayedTime: number | undefined;
  /** The text to show: the body without a reply's quoted fallback. */
  body: string | undefined;
  /** XEP-0308: the id of the message this one corrects. */
  replaces: string | undefined;
  /** XEP-0444: the sender's whole current set of reactions to a message. */
  reactions: { id: string; emojis: string[] } | undefined;
  replyTo: { id: string; to?: string } | undefined;
  attachment: Attachment | undefined;
  requestsReceipt: boolean;
  /** XEP-0184: the id of a message of ours that was delivered. */
  receiptFor: string | undefined;
  isMarkable: boolean;
  /** XEP-0333: everything up to this message id was displayed. */
  displayed: string | undefined;
  chatState: ChatState | undefined;
}

/** A one-to-one message (type chat or normal); null for groupchat, headline and errors. */
export function parseChatMessage(message: Element, accountBare: string): ParsedChatMessage | null {
  const type = message.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return null;
  const originId = cleanId(getChild(message, 'origin-id', NS_SID)?.attrs.id);
  const stanzaId = getChildren(message, 'stanza-id', NS_SID).find((element) => element.attrs.by === accountBare);
  const replace = getChild(message, 'replace', NS_CORRECT);
  const reactions = getChild(message, 'reactions', NS_REACTIONS);
  const reply = getChild(message, 'reply', NS_REPLY);
  const received = getChild(message, 'received', NS_RECEIPTS);
  const displayed = getChild(message, 'displayed', NS_MARKERS);
  const rawBody = getChildText(message, 'body');
  const replyId = cleanId(reply?.attrs.id);
  return {
    from: message.attrs.from,
    to: message.attrs.to,
    id: originId ?? cleanId(message.attrs.id),
    archiveId: cleanId(stanzaId?.attrs.id),
    delayedTime: parseStamp(getChild(message, 'delay', NS_DELAY)?.attrs.stamp),
    body: rawBody === undefined ? undefined : withoutFallback(message, rawBody, NS_REPLY).slice(0, MAX_BODY_LENGTH),
    replaces: cleanId(replace?.attrs.id),
    reactions: reactions && cleanId(reactions.attrs.id) ? { id: cleanId(reactions.attrs.id)!, emojis: parseReactionSet(reactions) } : undefined,
    replyTo: replyId ? { id: replyId, ...(reply?.attrs.to ? { to: reply.attrs.to } : {}) } : undefined,
    attachment: parseAttachment(message),
    requestsReceipt: getChild(message, 'request', NS_RECEIPTS) !== undefined,
    receiptFor: cleanId(received?.attrs.id),
    isMarkable: getChild(message, 'markable', NS_MARKERS) !== undefined,
    displayed: cleanId(displayed?.attrs.id),
    chatState: CHAT_STATES.find((state) => getChild(message, state, NS_CHAT_STATES) !== undefined),
  };
}

/**
 * Who the conversation is with and which way the message went: ours when it comes from our
 * own account (another of our devices, a sent carbon, our side of the archive).
 */
export function conversationOf(parsed: Pick<ParsedChatMessage, 'from' | 'to'>, accountBare: string): { peer: string; direction: 'in' | 'out' } | null {
  const from = parsed.from === undefined ? accountBare : bareOrNull(parsed.from);
  if (from === null) return null;
  if (from !== accountBare) return { peer: from, direction: 'in' };
  const to = parsed.to === undefined ? accountBare : bareOrNull(parsed.to);
  return to === null ? null : { peer: to, direction: 'out' };
}

export interface OutgoingMessage {
  to: string;
  id: string;
  body: string;
  /** Quoted as a fallback for clients without XEP-0461. */
  replyTo?: { id: string; to: string; quote?: string };
  attachment?: Attachment;
  /** XEP-0308: this corrects the message with that id. */
  replaces?: string;
}

/** A message of ours that came back as an error (RFC 6120 §8.3). */
export interface Bounce {
  /** The id of the message it answers: ours, when we sent one with that id. */
  id: string;
  /** Who sent the error: a bare JID, or a bare domain (a server). */
  from: string;
  failure: MessageFailure;
}

/** The error a <message type='error'/> carries; null for any other message or one without id or sender. */
export function parseBounce(message: Element): Bounce | null {
  if (message.attrs.type !== 'error') return null;
  const id = cleanId(message.attrs.id);
  const from = tryParseJid(message.attrs.from);
  if (!id || !from) return null;
  const error = StanzaError.fromStanza(message);
  const { condition } = error;  // StanzaError keeps RFC 6120's names only
  const text = error.text?.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_TEXT_LENGTH);
  return { id, from: bareJid(from), failure: text ? { condition, text } : { condition } };
}

/**
 * Whether `bounce` may say that our message to `peer` failed: only the address we sent it to
 * may, or its domain's server when it could not reach that domain. Anyone else (a forgery
 * naming one of our ids) changes nothing.
 */
export function isBounceFor(bounce: Bounce, peer: string): boolean {
  if (bounce.from === peer) return true;
  return REMOTE_SERVER_CONDITIONS.includes(bounce.failure.condition) && !bounce.from.includes('@') && peer.endsWith(`@${bounce.from}`);
}

/** A chat message asking for a receipt and a read marker, with its origin-id (XEP-0359). */
export function buildChatMessage(message: OutgoingMessage): Element {
  const quote = message.replyTo?.quote ? quoteFallback(message.replyTo.quote) : '';
  // With an attachment the body is its URL: what clients without XEP-0066 show (CONTRACTS-2).
  const body = message.attachment ? message.attachment.url : message.body;
  return xml('message', { to: message.to, type: 'chat', id: message.id },
    xml('body', null, quote + body),
    xml('origin-id', { xmlns: NS_SID, id: message.id }),
    xml('request', { xmlns: NS_RECEIPTS }),
    xml('markable', { xmlns: NS_MARKERS }),
    xml('active', { xmlns: NS_CHAT_STATES }),
    message.replaces ? xml('replace', { xmlns: NS_CORRECT, id: message.replaces }) : null,
    message.replyTo ? xml('reply', { xmlns: NS_REPLY, id: message.replyTo.id, to: message.replyTo.to }) : null,
    quote ? xml('fallback', { xmlns: NS_FALLBACK, for: NS_REPLY }, xml('body', { start: 0, end: [...quote].length })) : null,
    message.attachment ? buildAttachmentElements(message.attachment) : null,
  );
}

/** XEP-0444 §3.2: our whole set of reactions to one message (empty: all removed). */
export function buildReactions(to: string, id: string, messageId: string, emojis: readonly string[]): Element {
  return xml('message', { to, type: 'chat', id },
    xml('reactions', { xmlns: NS_REACTIONS, id: messageId }, emojis.map((emoji) => xml('reaction', null, emoji))),
    xml('store', { xmlns: NS_HINTS }));
}

/** XEP-0184 §5: the message with that id arrived. */
export function buildReceipt(to: string, id: string, messageId: string): Element {
  return xml('message', { to, type: 'chat', id }, xml('received', { xmlns: NS_RECEIPTS, id: messageId }));
}

/** XEP-0333 §3: everything up to that message was shown; stored so our other devices learn it. */
export function buildDisplayed(to: string, id: string, messageId: string): Element {
  return xml('message', { to, type: 'chat', id },
    xml('displayed', { xmlns: NS_MARKERS, id: messageId }),
    xml('store', { xmlns: NS_HINTS }));
}

/** XEP-0085 standalone notification; not archived (XEP-0334 no-store). */
export function buildChatState(to: string, id: string, state: ChatState): Element {
  return xml('message', { to, type: 'chat', id }, xml(state, { xmlns: NS_CHAT_STATES }), xml('no-store', { xmlns: NS_HINTS }));
}

/** Each line of the quoted text prefixed with "> ", the way XEP-0461 §3.2 shows it. */
function quoteFallback(text: string): string {
  return `${text.split('\n').map((line) => `> ${line}`).join('\n')}\n`;
}

/** The body with the code point ranges a fallback element marks for `forNamespace` removed. */
function withoutFallback(message: Element, body: string, forNamespace: string): string {
  const points = [...body];
  const ranges = getChildren(message, 'fallback', NS_FALLBACK)
    .filter((fallback) => fallback.attrs.for === forNamespace)
    .flatMap((fallback) => getChildren(fallback, 'body'))
    .map((range) => [Number(range.attrs.start ?? 0), Number(range.attrs.end ?? points.length)] as const)
    .filter(([start, end]) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= points.length)
    .sort((a, b) => b[0] - a[0]);
  for (const [start, end] of ranges) points.splice(start, end - start);
  return ranges.length > 0 ? points.join('') : body;
}

function parseReactionSet(reactions: Element): string[] {
  const emojis = getChildren(reactions, 'reaction')
    .map((reaction) => getText(reaction).trim())
    .filter((emoji) => emoji !== '' && [...emoji].length <= MAX_REACTION_LENGTH);
  return [...new Set(emojis)].slice(0, MAX_REACTIONS);
}

function parseStamp(stamp: string | undefined): number | undefined {
  if (!stamp || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(stamp)) return undefined;
  const time = Date.parse(stamp);
  return Number.isFinite(time) ? time : undefined;
}

function cleanId(id: string | undefined): string | undefined {
  return id && id.length <= MAX_ID_LENGTH && !/[\u0000-\u001f]/.test(id) ? id : undefined;
}

function bareOrNull(jid: string): string | null {
  const parsed = tryParseJid(jid);
  return parsed && parsed.local !== '' ? bareJid(parsed) : null;
}
