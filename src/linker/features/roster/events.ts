// Roster events and methods in the browser protocol (docs/protocol.md), shared with web/.
import type { PresenceShow } from '../presence/events.js';

export interface RosterContact {
  jid: string;
  name: string | null;
  groups: string[];
  subscription: 'none' | 'to' | 'from' | 'both';
  /** We asked to see their presence and they have not answered. */
  ask: boolean;
  presence: { show: PresenceShow; status: string | null };
}

export interface RosterEvents {
  /** The whole roster after a (re)synchronisation with the server. */
  'roster.list-replaced': { items: RosterContact[] };
  'roster.item-updated': RosterContact;
  'roster.item-removed': { jid: string };
  /** The server did not give the roster; the cached one stays shown. */
  'roster.sync-failed': { message: string };
}

export interface RosterMethods {
  'roster.get': { params: Record<string, never>; result: { items: RosterContact[] } };
}
