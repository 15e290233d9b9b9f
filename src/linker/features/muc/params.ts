// Checks the params of group chat methods: they are untrusted JSON from a browser tab.
import type { HistoryCursor } from '../../../cache/message-types.js';
import { MAX_SENT_BODY_LENGTH, addressParam, badParams as bad, historyPageParams, paramsObject as object } from '../params.js';
import { MAX_NICK_LENGTH, MAX_ROOM_TEXT, occupantJid } from './stanza.js';


type Params = Record<string, unknown>;

export function roomParam(p: Params): string {
  return addressParam(p, 'room');
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
    jid: addressParam(p, 'jid'),
    reason: p.reason === undefined || p.reason === '' ? undefined : textParam(p.reason, 'reason', MAX_ROOM_TEXT),
  };
}

export function historyParams(params: unknown): { room: string; before: HistoryCursor | undefined; limit: number } {
  const p = object(params);
  return { room: roomParam(p), ...historyPageParams(p) };
}
