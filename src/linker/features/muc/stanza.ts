// Multi-user chat stanzas: joining and leaving, occupant presence, room messages and subject,
// room configuration and affiliations, invitations (mediated and direct), mentions.
// References: XEP-0045 v1.35 §7.2 (entering: <x xmlns=muc/>, §7.2.3 self-presence code 110,
// §7.2.9 nick conflict, §7.2.15 subject), §7.4 (groupchat messages), §7.6 (nick change: 303),
// §7.8.2 (mediated invitation), §7.14 (exit), §9.3-§9.4 (kick 307, ban 301), §10.1.2 (new
// room: 201; instant room), §10.2 (configuration form, muc#roomconfig fields), §10.9 (destroy),
// §9.5 (grant membership, muc#admin), §15 (status codes); XEP-0249 v1.2 (direct invitations);
// XEP-0359 (stanza-id added by the room, origin-id); XEP-0203 (delay); RFC 6120 §8.3 (errors).
import type { Element } from '../../../xml/element.js';
import { getChild, getChildren, getChildText, getText, xml } from '../../../xml/element.js';
import { bareJid, formatJid, tryParseJid } from '../../../xml/jid.js';
import { StanzaError } from '../../errors.js';
import type { Affiliation, Role } from './events.js';
import { NS_DATA_FORMS, NS_DELAY, NS_SID } from '../../namespaces.js';

export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
export const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
export const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
export const NS_CONFERENCE = 'jabber:x:conference';
const ROOM_CONFIG_FORM = 'http://jabber.org/protocol/muc#roomconfig';

/** Longest room name, subject or reason kept from the network; longer ones are cut. */
export const MAX_ROOM_TEXT = 1000;
/** Longest nick accepted (Prosody allows 1023 bytes; a nick is shown on one line). */
export const MAX_NICK_LENGTH = 64;

const AFFILIATIONS = new Set<Affiliation>(['owner', 'admin', 'member', 'outcast', 'none']);
const ROLES = new Set<Role>(['moderator', 'participant', 'visitor', 'none']);

/** room@service/nick, or undefined when the nick cannot be a resource. */
export function occupantJid(room: string, nick: string): string | undefined {
  const parsed = tryParseJid(`${room}/${nick}`);
  return parsed && parsed.resource === nick ? formatJid(parsed) : undefined;
}

/** Joins without the room's own history: history comes from the room's archive instead. */
export function buildJoinPresence(room: string, nick: string, options: { password?: string; caps?: Element } = {}): Element {
  return xml('presence', { to: `${room}/${nick}` },
    xml('x', { xmlns: NS_MUC },
      xml('history', { maxstanzas: 0 }),
      options.password !== undefined ? xml('password', null, options.password) : null),
    options.caps ?? null);
}

export function buildLeavePresence(room: string, nick: string): Element {
  return xml('presence', { to: `${room}/${nick}`, type: 'unavailable' });
}

export interface OccupantItem {
  affiliation: Affiliation;
  role: Role;
  /** The occupant's real bare JID when the room shows it (Foyer's rooms do). */
  jid?: string;
}

export type OccupantPresence =
  | { kind: 'available'; room: string; nick: string; item: OccupantItem; codes: Set<number> }
  | { kind: 'unavailable'; room: string; nick: string; item: OccupantItem; codes: Set<number>; newNick?: string; destroyed?: { reason?: string } }
  | { kind: 'error'; room: string; nick: string; error: StanzaError };

function parseItem(item: Element | undefined): OccupantItem {
  const affiliation = item?.attrs.affiliation as Affiliation | undefined;
  const role = item?.attrs.role as Role | undefined;
  const jid = tryParseJid(item?.attrs.jid);
  return {
    affiliation: affiliation && AFFILIATIONS.has(affiliation) ? affiliation : 'none',
    role: role && ROLES.has(role) ? role : 'none',
    ...(jid && jid.local !== '' && { jid: bareJid(jid) }),
  };
}

function statusCodes(x: Element | undefined): Set<number> {
  return new Set((x ? getChildren(x, 'status') : []).map((status) => Number(status.attrs.code)).filter(Number.isInteger));
}

/** A presence from a room occupant (room@service/nick); null for anything else. */
export function parseOccupantPresence(presence: Element): OccupantPresence | null {
  const from = tryParseJid(presence.attrs.from);
  if (!from || from.local === '' || from.resource === '') return null;
  const room = bareJid(from);
  const nick = from.resource;
  const type = presence.attrs.type;
  if (type === 'error') return { kind: 'error', room, nick, error: StanzaError.fromStanza(presence) };
  const x = getChild(presence, 'x', NS_MUC_USER);
  if (!x || (type !== undefined && type !== 'unavailable')) return null;
  const itemElement = getChild(x, 'item');
  const item = parseItem(itemElement);
  const codes = statusCodes(x);
  if (type === undefined) return { kind: 'available', room, nick, item, codes };
  const destroy = getChild(x, 'destroy');
  const newNick = codes.has(303) ? itemElement?.attrs.nick : undefined;
  const reason = destroy && getChildText(destroy, 'reason')?.trim();
  return {
    kind: 'unavailable', room, nick, item, codes,
    ...(newNick && { newNick }),
    ...(destroy && { destroyed: reason ? { reason: reason.slice(0, MAX_ROOM_TEXT) } : {} }),
  };
}

/** Why we are no longer in a room, from our own unavailable presence (§15.2 status codes). */
export function exitReason(presence: Extract<OccupantPresence, { kind: 'unavailable' }>): 'left' | 'kicked' | 'banned' | 'removed' | 'destroyed' | 'shutdown' {
  if (presence.destroyed) return 'destroyed';
  if (presence.codes.has(301)) return 'banned';
  if (presence.codes.has(307)) return 'kicked';
  if (presence.codes.has(321) || presence.codes.has(322)) return 'removed';
  if (presence.codes.has(332)) return 'shutdown';
  return 'left';
}

export function buildGroupchatMessage(room: string, body: string, id: string): Element {
  return xml('message', { type: 'groupchat', to: room, id },
    xml('body', null, body),
    xml('origin-id', { xmlns: NS_SID, id }));
}

export function buildSubjectMessage(room: string, subject: string): Element {
  return xml('message', { type: 'groupchat', to: room }, xml('subject', null, subject));
}

export interface ParsedRoomMessage {
  room: string;
  /** The sender's nick; '' for a message from the room itself. */
  nick: string;
  /** The id its sender gave (origin-id, else the stanza's id), '' when it has none. */
  id: string;
  /** The room's archive id (XEP-0359 stanza-id by the room). */
  archiveId?: string;
  /** The room's delay stamp (history), in ms. */
  time?: number;
  body?: string;
  /** Set (possibly to '') when the message changes the subject. */
  subject?: string;
  /** The sender's real bare JID, when the room tells it. */
  senderJid?: string;
}

function stampOf(stanza: Element): number | undefined {
  const stamp = getChild(stanza, 'delay', NS_DELAY)?.attrs.stamp;
  const time = stamp === undefined ? NaN : Date.parse(stamp);
  return Number.isFinite(time) ? time : undefined;
}

/**
 * A groupchat message from a room (live, or unwrapped from the room's archive); null for any
 * other message.
 */
export function parseRoomMessage(message: Element): ParsedRoomMessage | null {
  if (message.attrs.type !== 'groupchat') return null;
  const from = tryParseJid(message.attrs.from);
  if (!from || from.local === '') return null;
  const room = bareJid(from);
  const body = getChildText(message, 'body');
  const subjectElement = getChild(message, 'subject');
  if (body === undefined && subjectElement === undefined) return null;
  const originId = getChild(message, 'origin-id', NS_SID)?.attrs.id;
  const stanzaId = getChildren(message, 'stanza-id', NS_SID).find((sid) => sid.attrs.by === room)?.attrs.id;
  const time = stampOf(message);
  const x = getChild(message, 'x', NS_MUC_USER);
  const senderJid = x ? parseItem(getChild(x, 'item')).jid : undefined;
  return {
    room,
    nick: from.resource,
    id: originId ?? message.attrs.id ?? '',
    ...(stanzaId !== undefined && { archiveId: stanzaId }),
    ...(time !== undefined && { time }),
    ...(body !== undefined && { body }),
    // A subject message has no body (§7.2.15): a body with a subject is a message with a title.
    ...(subjectElement !== undefined && body === undefined && { subject: getText(subjectElement).slice(0, MAX_ROOM_TEXT) }),
    ...(senderJid !== undefined && { senderJid }),
  };
}

function field(name: string, value: string, type?: string): Element {
  return xml('field', { var: name, type }, xml('value', null, value));
}

export interface RoomSettings {
  name: string;
  /** Only members may enter (a family's rooms are by default). */
  membersOnly: boolean;
}

/** The configuration a new Foyer room gets (§10.2): persistent, archived, not listed. */
export function buildRoomConfig(room: string, settings: RoomSettings): Element {
  return xml('iq', { type: 'set', to: room },
    xml('query', { xmlns: NS_MUC_OWNER },
      xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' },
        field('FORM_TYPE', ROOM_CONFIG_FORM, 'hidden'),
        field('muc#roomconfig_roomname', settings.name),
        field('muc#roomconfig_persistentroom', '1'),
        field('muc#roomconfig_publicroom', '0'),
        field('muc#roomconfig_membersonly', settings.membersOnly ? '1' : '0'),
        field('muc#roomconfig_whois', 'anyone'),
        field('muc#roomconfig_enablearchiving', '1'))));
}

/** Accepts the default configuration of a room our join just created (§10.1.2, instant room). */
export function buildInstantRoomConfig(room: string): Element {
  return xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC_OWNER }, xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' })));
}

export function buildAffiliationSet(room: string, jid: string, affiliation: Affiliation): Element {
  return xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { jid, affiliation })));
}

/** XEP-0249: the invitation goes to the contact, who joins by themselves. */
export function buildDirectInvitation(to: string, room: string, reason?: string, password?: string): Element {
  return xml('message', { to }, xml('x', { xmlns: NS_CONFERENCE, jid: room, reason, password }));
}

/** §7.8.2: through the room, which also makes the invitee a member of a members-only room. */
export function buildMediatedInvitation(room: string, to: string, reason?: string): Element {
  return xml('message', { to: room },
    xml('x', { xmlns: NS_MUC_USER }, xml('invite', { to }, reason !== undefined ? xml('reason', null, reason) : null)));
}

export interface Invitation {
  room: string;
  /** The room's name, once asked (not part of the invitation). */
  name?: string;
  /** Who invited us (bare JID). */
  from: string;
  reason: string | null;
  password?: string;
}

/** A direct (XEP-0249) or mediated (§7.8.2) invitation; null for any other message. */
export function parseInvitation(message: Element): Invitation | null {
  if (message.attrs.type === 'error' || message.attrs.type === 'groupchat') return null;
  const sender = tryParseJid(message.attrs.from);
  if (!sender) return null;
  const direct = getChild(message, 'x', NS_CONFERENCE);
  if (direct) {
    const room = tryParseJid(direct.attrs.jid);
    if (!room || room.local === '' || room.resource !== '') return null;
    return {
      room: bareJid(room), from: bareJid(sender), reason: direct.attrs.reason?.trim().slice(0, MAX_ROOM_TEXT) || null,
      ...(direct.attrs.password && { password: direct.attrs.password }),
    };
  }
  const userX = getChild(message, 'x', NS_MUC_USER);
  const invite = userX && getChild(userX, 'invite');
  const inviter = tryParseJid(invite?.attrs.from);
  if (!userX || !invite || sender.local === '' || sender.resource !== '' || !inviter) return null;
  const password = getChildText(userX, 'password');
  return {
    room: bareJid(sender), from: bareJid(inviter), reason: getChildText(invite, 'reason')?.trim().slice(0, MAX_ROOM_TEXT) || null,
    ...(password && { password }),
  };
}

/** The nick to try after a conflict (§7.2.9): "Mum", "Mum (2)", "Mum (3)"… */
export function alternativeNick(nick: string, attempt: number): string {
  return attempt <= 1 ? nick : `${nick} (${attempt})`;
}

/**
 * A room's localpart made from its name: lower-case letters and digits of the name joined by
 * dashes, plus a random tag so two rooms with the same name get different addresses.
 */
export function roomLocalpart(name: string, tag: string): string {
  const slug = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug === '' ? `room-${tag}` : `${slug}-${tag}`;
}
