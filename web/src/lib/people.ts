// The people-related lists of the contacts screen: requests waiting for an answer and the
// blocked addresses, both kept by the daemon and followed live.
//
// References: docs/protocol.md; src/linker/features/roster/events.ts and
// src/linker/features/blocking/events.ts (the daemon's side).
import type { Connection } from './connection.js';
import { LiveList } from './live-list.js';
import type { RosterEvents, RosterMethods, SubscriptionRequest } from '../../../src/linker/features/roster/events.js';
import type { BlockingEvents, BlockingMethods } from '../../../src/linker/features/blocking/events.js';

export type { SubscriptionRequest };

export function followRequests(connection: Connection): LiveList<SubscriptionRequest> {
  return new LiveList<SubscriptionRequest>(connection, {
    load: { method: 'roster.requests', read: (result: RosterMethods['roster.requests']['result']) => result.requests },
    key: (request) => request.jid,
    added: { event: 'roster.request-received', read: (payload: RosterEvents['roster.request-received']) => payload },
    removed: { event: 'roster.request-removed', read: (payload: RosterEvents['roster.request-removed']) => payload.jid },
  });
}

export function followBlocklist(connection: Connection): LiveList<string> {
  return new LiveList<string>(connection, {
    load: { method: 'blocking.list', read: (result: BlockingMethods['blocking.list']['result']) => result.jids },
    key: (jid) => jid,
    added: { event: 'blocking.item-added', read: (payload: BlockingEvents['blocking.item-added']) => payload.jid },
    removed: { event: 'blocking.item-removed', read: (payload: BlockingEvents['blocking.item-removed']) => payload.jid },
    replaced: { event: 'blocking.list-replaced', read: (payload: BlockingEvents['blocking.list-replaced']) => payload.jids },
  });
}

/** A plausible address (name@domain) typed by a person, trimmed and lower-cased; null otherwise. The daemon checks it fully. */
export function typedAddress(text: string): string | null {
  const address = text.trim().replace(/^xmpp:/i, '').toLowerCase();
  return /^[^\s@/"&'<>:]+@[^\s@/"&'<>]+\.?[^\s@/"&'<>]*$/.test(address) ? address : null;
}
