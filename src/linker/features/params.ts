// Checks on the params of browser methods: they are untrusted JSON from a tab, so each
// method reads them through these and a bad one is refused with E_RPC_BAD_PARAMS and a
// message written for the person using the app.
import type { HistoryCursor } from '../../cache/message-types.js';
import { DaemonError } from '../../daemon/errors.js';
import { bareJid, tryParseJid } from '../../xml/jid.js';

/** What one message may hold when typed in a tab (a tab's frame is at most 64 KiB). */
export const MAX_SENT_BODY_LENGTH = 16_000;
/** The most messages one history page may ask for. */
export const MAX_HISTORY_PAGE = 100;

export function badParams(message: string): DaemonError {
  return new DaemonError('E_RPC_BAD_PARAMS', message);
}

export function paramsObject(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw badParams('params must be an object');
  return params as Record<string, unknown>;
}

/** A person's address (bare JID), normalised; a full JID or a bare domain is refused. */
export function addressParam(params: unknown, field = 'jid'): string {
  const value = paramsObject(params)[field];
  const parsed = typeof value === 'string' ? tryParseJid(value.trim()) : undefined;
  if (!parsed || parsed.local === '' || parsed.resource !== '') {
    throw new DaemonError('E_RPC_BAD_PARAMS', `“${typeof value === 'string' ? value.slice(0, 100) : ''}” is not an address like name@example.org.`);
  }
  return bareJid(parsed);
}

/** An optional string, trimmed, at most `maxLength` characters; empty reads as null. */
export function optionalTextParam(params: unknown, field: string, maxLength: number): string | null {
  const value = paramsObject(params)[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new DaemonError('E_RPC_BAD_PARAMS', `${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw new DaemonError('E_RPC_BAD_PARAMS', `${field} is longer than ${maxLength} characters`);
  return trimmed === '' ? null : trimmed;
}

/** A message id given by a tab (a reply's, a correction's, a page cursor's). */
export function messageIdParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 256) throw badParams(`${name} must be a message id`);
  return value;
}

/** Which page of a conversation's history: `limit` messages (default 30) older than `before`. */
export function historyPageParams(params: Record<string, unknown>): { before: HistoryCursor | undefined; limit: number } {
  const limit = params.limit ?? 30;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) throw badParams(`limit must be 1 to ${MAX_HISTORY_PAGE}`);
  if (params.before === undefined) return { before: undefined, limit };
  const cursor = paramsObject(params.before);
  if (typeof cursor.time !== 'number' || !Number.isSafeInteger(cursor.time) || cursor.time < 0) throw badParams('before.time must be a time in ms');
  return { before: { time: cursor.time, id: messageIdParam(cursor.id, 'before.id') }, limit };
}
