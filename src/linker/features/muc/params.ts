// Checks the params of group chat methods: they are untrusted JSON from a browser tab.
import { DaemonError } from '../../../daemon/errors.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { HistoryCursor } from './events.js';
import { MAX_NICK_LENGTH, MAX_ROOM_TEXT, occupantJid } from './stanza.js';

/** What one room message may hold when typed here (a tab frame is at most 64 KiB). */
export const MAX_SENT_BODY_LENGTH = 16_000;
export const MAX_HISTORY_PAGE = 100;

type Params = Record<string, unknown>;

function bad(message: string): DaemonError {
  return new DaemonError('E_RPC_BAD_PARAMS', message);
}

export function object(params: unknown): Params {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw bad('params must be an object');
  return params as Params;
}

function bareJidParam(value: unknown, name: string): string {
  const jid = typeof value === 'string' ? tryParseJid(value) : undefined;
  if (!jid || jid.local === '' || jid.resource !== '') throw bad(`${name} must be a bare JID like name@domain`);
  return bareJid(jid);
}

export function roomParam(p: Params): string {
  return bareJidParam(p.room, 'room');
}

/** A text; trimmed unless `keepSpaces` (a message body is sent as typed). */
function textParam(value: unknown, name: string, maxLength: number, options: { allowEmpty?: boolean; keepSpaces?: boolean } = {}): string {
  if (typeof value !== 'string' || (!options.allowEmpty && value.trim() === '')) throw bad(`${name} must be a text`);
  if (value.length > maxLength) throw bad(`${name} is longer than ${maxLength} characters`);
  return options.keepSpaces ? value : value.trim();
}

export function optionalNickParam(p: Params): string | undefined {
  if (p.nick === undefined) return undefined;
  const nick = textParam(p.nick, 'nick', MAX_NICK_LENGTH);
  // The nick becomes the resource of room@service/nick.
  if (occupantJid('room@example', nick) === undefined) throw bad('nick cannot be used as a nickname');
  return nick;
}

export function createParams(params: unknown): { name: string; membersOnly: boolean; nick: string | undefined } {
  const p = object(params);
  if (p.membersOnly !== undefined && typeof p.membersOnly !== 'boolean') throw bad('membersOnly must be true or false');
  return { name: textParam(p.name, 'name', 100), membersOnly: p.membersOnly !== false, nick: optionalNickParam(p) };
}

export function sendParams(params: unknown): { room: string; body: string } {
  const p = object(params);
  return { room: roomParam(p), body: textParam(p.body, 'body', MAX_SENT_BODY_LENGTH, { keepSpaces: true }) };
}

export function subjectParams(params: unknown): { room: string; subject: string } {
  const p = object(params);
  return { room: roomParam(p), subject: textParam(p.subject, 'subject', MAX_ROOM_TEXT, { allowEmpty: true }) };
}

export function inviteParams(params: unknown): { room: string; jid: string; reason: string | undefined } {
  const p = object(params);
  return {
    room: roomParam(p),
    jid: bareJidParam(p.jid, 'jid'),
    reason: p.reason === undefined || p.reason === '' ? undefined : textParam(p.reason, 'reason', MAX_ROOM_TEXT),
  };
}

export function historyParams(params: unknown): { room: string; before: HistoryCursor | undefined; limit: number } {
  const p = object(params);
  const limit = p.limit ?? 30;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) throw bad(`limit must be 1 to ${MAX_HISTORY_PAGE}`);
  let before: HistoryCursor | undefined;
  if (p.before !== undefined) {
    const cursor = object(p.before);
    if (typeof cursor.time !== 'number' || !Number.isSafeInteger(cursor.time) || cursor.time < 0) throw bad('before.time must be a time in ms');
    if (typeof cursor.id !== 'string' || cursor.id === '' || cursor.id.length > 256) throw bad('before.id must be a message id');
    before = { time: cursor.time, id: cursor.id };
  }
  return { room: roomParam(p), before, limit };
}
