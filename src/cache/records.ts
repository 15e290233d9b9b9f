// Record types of the per-user JID-keyed stores (roster, rooms, bookmarks). The storage is
// UserJidRecords; these types are what the features put in it.
//
// References: RFC 6121 §2.1 (roster items), XEP-0045 (rooms), XEP-0402 (bookmarks).

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: 'none' | 'to' | 'from' | 'both';
  ask?: 'subscribe';
  groups: string[];
}

export interface RoomRecord {
  jid: string;
  nick: string;
  name?: string;
  subject?: string;
  /** Time (ms) of the newest message seen, so a rejoin asks for history since then. */
  lastSeen?: number;
}

export interface Bookmark {
  jid: string;
  name?: string;
  autojoin: boolean;
  nick?: string;
  password?: string;
}
