// The rooms of one session in memory: our nick and state in each, and who is there. Presence
// in a room is live state (like contacts' presence): after a reconnect that could not resume,
// the rooms are entered again and the occupants re-announced, so none of this is cached.
// References: XEP-0045 v1.35 §5 (roles and affiliations), §7.2.3 (occupant list on entering),
// §7.6 (nick change), §7.14 (exit).
import type { Affiliation, Occupant, RoomState, RoomView } from './events.js';
import type { OccupantPresence } from './stanza.js';

export interface Room {
  readonly jid: string;
  /** Our nick in the room (after any conflict suffix). */
  nick: string;
  /** The nick we asked for, before conflict suffixes. */
  readonly preferredNick: string;
  name: string | undefined;
  subject: string | undefined;
  state: RoomState;
  password: string | undefined;
  /** Only members may enter (from the room's disco#info); undefined until asked. */
  membersOnly: boolean | undefined;
  readonly occupants: Map<string, Occupant>;
  /** The room's archive has nothing older than what the cache holds. */
  historyComplete: boolean;
}

export function newRoom(jid: string, nick: string, known: { name?: string; subject?: string; password?: string } = {}): Room {
  return {
    jid, nick, preferredNick: nick, name: known.name, subject: known.subject, password: known.password,
    state: 'left', membersOnly: undefined, occupants: new Map(), historyComplete: false,
  };
}

export function roomView(room: Room): RoomView {
  return {
    jid: room.jid,
    name: room.name ?? null,
    subject: room.subject ?? null,
    nick: room.nick,
    state: room.state,
    occupants: [...room.occupants.values()],
  };
}

/** Our own affiliation, once we are in the room. */
export function ownAffiliation(room: Room): Affiliation {
  return room.occupants.get(room.nick)?.affiliation ?? 'none';
}

export type OccupantChange =
  | { kind: 'updated'; occupant: Occupant }
  | { kind: 'left'; nick: string }
  | { kind: 'renamed'; nick: string; newNick: string }
  | { kind: 'none' };

/** Applies an occupant's presence to the room's list; what changed, for the tabs. */
export function applyOccupantPresence(room: Room, presence: Exclude<OccupantPresence, { kind: 'error' }>): OccupantChange {
  const { nick } = presence;
  if (presence.kind === 'available') {
    const occupant: Occupant = { nick, affiliation: presence.item.affiliation, role: presence.item.role, jid: presence.item.jid ?? null };
    const before = room.occupants.get(nick);
    room.occupants.set(nick, occupant);
    const same = before && before.affiliation === occupant.affiliation && before.role === occupant.role && before.jid === occupant.jid;
    return same ? { kind: 'none' } : { kind: 'updated', occupant };
  }
  const existing = room.occupants.get(nick);
  if (!existing) return { kind: 'none' };
  room.occupants.delete(nick);
  if (presence.newNick !== undefined) {
    // §7.6.3: the unavailable presence with 303 is followed by an available one under the new nick.
    room.occupants.set(presence.newNick, { ...existing, nick: presence.newNick });
    return { kind: 'renamed', nick, newNick: presence.newNick };
  }
  return { kind: 'left', nick };
}
