// Group chat (MUC) events and methods in the browser protocol (docs/protocol.md), shared
// with web/. Room names, subjects, nicks and bodies are remote text: render them as text.
import type { HistoryCursor, StoredMessage } from '../../../cache/message-types.js';

/** XEP-0045 §5.2: standing in the room, kept across visits. */
export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none';
/** XEP-0045 §5.1: what an occupant may do during this visit. */
export type Role = 'moderator' | 'participant' | 'visitor' | 'none';

export interface Occupant {
  nick: string;
  affiliation: Affiliation;
  role: Role;
  /** Their real bare JID (Foyer's rooms show it to occupants), for avatars and profiles. */
  jid: string | null;
}

/** joining: presence sent; joined: in the room; left: not in it (see `muc.room-left`). */
export type RoomState = 'joining' | 'joined' | 'left';

export interface RoomView {
  jid: string;
  name: string | null;
  subject: string | null;
  /** Our nick in the room. */
  nick: string;
  state: RoomState;
  occupants: Occupant[];
}

/** A room message as the cache stores it: the room as `peer`, from room@service/nick, the
 * sender's nick ('' for the room itself). */
export type RoomMessage = StoredMessage & { type: 'groupchat'; nick: string };

export interface PendingInvitation {
  room: string;
  /** The room's name, when the room told it (its disco#info). */
  name: string | null;
  /** Who invited us (bare JID). */
  from: string;
  reason: string | null;
}

export type ExitReason = 'left' | 'kicked' | 'banned' | 'removed' | 'destroyed' | 'shutdown' | 'join-failed';

export interface MucEvents {
  /** A room was joined, or its name, subject or our nick changed. Occupants are included. */
  'muc.room-updated': RoomView;
  /** We are no longer in the room; `condition` is the XEP-0045 / RFC 6120 error when joining failed. */
  'muc.room-left': { room: string; reason: ExitReason; condition?: string; message?: string };
  'muc.occupant-updated': { room: string; occupant: Occupant };
  'muc.occupant-left': { room: string; nick: string };
  /** Someone (not us) changed nick: one occupant renamed. */
  'muc.occupant-renamed': { room: string; nick: string; newNick: string };
  'muc.subject-changed': { room: string; subject: string | null; by: string };
  /** A room message arrived live (ours included, once the room reflected it). */
  'muc.message-received': RoomMessage;
  /** A live room message names our nick. */
  'muc.mentioned': RoomMessage;
  'muc.invitation-received': PendingInvitation;
  /**
   * What was said while we were away could not be fetched from the room's archive; room null:
   * the rooms could not be entered again at all (their bookmarks did not come).
   */
  'muc.sync-failed': { room: string | null; message: string };
}

export type { HistoryCursor };

export interface MucMethods {
  /** The rooms we are in or joining, and pending invitations. */
  'muc.rooms': { params: Record<string, never>; result: { rooms: RoomView[]; invitations: PendingInvitation[] } };
  /** Creates a room on the family's MUC service and joins it as its owner. */
  'muc.create': { params: { name: string; membersOnly?: boolean; nick?: string }; result: RoomView };
  /** Joins (and bookmarks, with autojoin) a room; also how an invitation is accepted. */
  'muc.join': { params: { room: string; nick?: string }; result: RoomView };
  /** Leaves the room and removes its bookmark. */
  'muc.leave': { params: { room: string }; result: Record<string, never> };
  'muc.decline': { params: { room: string }; result: Record<string, never> };
  /** Sends to the room; the message arrives as `muc.message-received` when the room reflects it. */
  'muc.send': { params: { room: string; body: string }; result: { id: string } };
  'muc.set-subject': { params: { room: string; subject: string }; result: Record<string, never> };
  /** Invites a contact (XEP-0249), making them a member of a members-only room. */
  'muc.invite': { params: { room: string; jid: string; reason?: string }; result: Record<string, never> };
  /** One page of the room's messages before `before` (the newest without it), oldest first; older ones come from the room's archive. */
  /** The person has seen the room's messages: its unread count goes to zero. */
  'muc.mark-read': { params: { room: string }; result: Record<string, never> };
  'muc.history': { params: { room: string; before?: HistoryCursor; limit?: number }; result: { messages: RoomMessage[]; complete: boolean } };
}
