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
  /** Someone asks to see our presence (also re-sent by the server after each login). */
  'roster.request-received': SubscriptionRequest;
  /** Answered (here or on another device) or withdrawn. */
  'roster.request-removed': { jid: string };
}

export interface SubscriptionRequest {
  jid: string;
  /** The nickname they sent with the request (XEP-0172), remote text. */
  nick: string | null;
}

export interface RosterMethods {
  'roster.get': { params: Record<string, never>; result: { items: RosterContact[] } };
  /** Adds a contact and asks to see their presence; answers their pending request if any. */
  'roster.add': { params: { jid: string; name?: string | null }; result: Record<string, never> };
  /** Removes a contact; the server cancels the subscriptions both ways. */
  'roster.remove': { params: { jid: string }; result: Record<string, never> };
  'roster.requests': { params: Record<string, never>; result: { requests: SubscriptionRequest[] } };
  /** Lets them see our presence, and asks to see theirs. */
  'roster.accept': { params: { jid: string }; result: Record<string, never> };
  'roster.refuse': { params: { jid: string }; result: Record<string, never> };
}
