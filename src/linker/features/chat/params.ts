// Checks the params of chat methods: they are untrusted JSON from a browser tab.
import { DaemonError } from '../../../daemon/errors.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import { validAttachment, type Attachment } from './attachment.js';
import type { ChatMethods, HistoryCursor, TypingState } from './events.js';

/** What one message may hold when typed here (a tab frame is at most 64 KiB). */
export const MAX_SENT_BODY_LENGTH = 16_000;
export const MAX_HISTORY_PAGE = 100;
const TYPING_STATES: readonly TypingState[] = ['composing', 'paused', 'active'];

function bad(message: string): DaemonError {
  return new DaemonError('E_RPC_BAD_PARAMS', message);
}

function object(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw bad('params must be an object');
  return params as Record<string, unknown>;
}

/** A contact's bare JID, normalised. */
export function peerParam(params: Record<string, unknown>): string {
  const jid = typeof params.peer === 'string' ? tryParseJid(params.peer) : undefined;
  if (!jid || jid.local === '' || jid.resource !== '') throw bad('peer must be a bare JID like name@domain');
  return bareJid(jid);
}

function idParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 256) throw bad(`${name} must be a message id`);
  return value;
}

function bodyParam(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad('body must be a text');
  if (value.length > MAX_SENT_BODY_LENGTH) throw bad(`body is longer than ${MAX_SENT_BODY_LENGTH} characters`);
  return value;
}

export function historyParams(params: unknown): { peer: string; before: HistoryCursor | undefined; limit: number } {
  const p = object(params);
  const limit = p.limit === undefined ? 30 : p.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) throw bad(`limit must be 1 to ${MAX_HISTORY_PAGE}`);
  let before: HistoryCursor | undefined;
  if (p.before !== undefined) {
    const cursor = object(p.before);
    if (typeof cursor.time !== 'number' || !Number.isSafeInteger(cursor.time) || cursor.time < 0) throw bad('before.time must be a time in ms');
    before = { time: cursor.time, id: idParam(cursor.id, 'before.id') };
  }
  return { peer: peerParam(p), before, limit };
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
