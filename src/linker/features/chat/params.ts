// Checks the params of chat methods: they are untrusted JSON from a browser tab.
import { MAX_SENT_BODY_LENGTH, addressParam, badParams as bad, historyPageParams, messageIdParam as idParam, paramsObject as object } from '../params.js';
import { validAttachment, type Attachment } from './attachment.js';
import type { ChatMethods, HistoryCursor, TypingState } from './events.js';

const TYPING_STATES: readonly TypingState[] = ['composing', 'paused', 'active'];

/** A contact's bare JID, normalised. */
export function peerParam(params: Record<string, unknown>): string {
  return addressParam(params, 'peer');
}

function bodyParam(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad('body must be a text');
  if (value.length > MAX_SENT_BODY_LENGTH) throw bad(`body is longer than ${MAX_SENT_BODY_LENGTH} characters`);
  return value;
}

export function historyParams(params: unknown): { peer: string; before: HistoryCursor | undefined; limit: number } {
  const p = object(params);
  return { peer: peerParam(p), ...historyPageParams(p) };
}

export function sendParams(params: unknown): { peer: string; body: string; replyTo: string | undefined; attachment: Attachment | undefined } {
  const p = object(params);
  let attachment: Attachment | undefined;
  if (p.attachment !== undefined) {
    attachment = validAttachment(p.attachment);
    if (!attachment) throw bad('attachment must be {url, name, mediaType, size[, width, height]} with an http(s) URL');
  }
  return {
    peer: peerParam(p),
    // With an attachment the body is its URL, what clients without XEP-0066 show (CONTRACTS-2).
    body: attachment ? attachment.url : bodyParam(p.body),
    replyTo: p.replyTo === undefined ? undefined : idParam(p.replyTo, 'replyTo'),
    attachment,
  };
}

export function correctParams(params: unknown): ChatMethods['chat.correct']['params'] {
  const p = object(params);
  return { peer: peerParam(p), id: idParam(p.id, 'id'), body: bodyParam(p.body) };
}

/** One message of a conversation, by its id. */
export function messageParams(params: unknown): { peer: string; id: string } {
  const p = object(params);
  return { peer: peerParam(p), id: idParam(p.id, 'id') };
}

export function reactParams(params: unknown): ChatMethods['chat.react']['params'] {
  const p = object(params);
  const emojis = p.emojis;
  if (!Array.isArray(emojis) || emojis.length > 20 || !emojis.every((e) => typeof e === 'string' && e.trim() !== '' && [...e].length <= 16)) {
    throw bad('emojis must be a list of up to 20 short texts');
  }
  return { peer: peerParam(p), id: idParam(p.id, 'id'), emojis: [...new Set(emojis as string[])] };
}

export function typingParams(params: unknown): ChatMethods['chat.typing']['params'] {
  const p = object(params);
  if (!TYPING_STATES.includes(p.state as TypingState)) throw bad(`state must be one of ${TYPING_STATES.join(', ')}`);
  return { peer: peerParam(p), state: p.state as TypingState };
}

export function markReadParams(params: unknown): { peer: string } {
  return { peer: peerParam(object(params)) };
}
