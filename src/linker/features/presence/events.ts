// Presence events in the browser protocol (docs/protocol.md), shared with web/.

/** RFC 6121 §4.7.2.1 show values, plus online (no <show/>) and offline (unavailable). */
export type PresenceShow = 'online' | 'chat' | 'away' | 'xa' | 'dnd' | 'offline';

export interface PresenceEvents {
  'presence.contact-changed': { jid: string; show: PresenceShow; status: string | null };
}

/** What we show to our contacts; 'offline' is not something one sets. */
export type OwnPresence = { show: Exclude<PresenceShow, 'offline'>; status: string | null };

export interface OwnPresenceEvents {
  /** Our presence changed (from any tab of this user). */
  'presence.own-changed': OwnPresence;
}

export interface PresenceMethods {
  'presence.own': { params: Record<string, never>; result: OwnPresence };
  /** Sets our availability and status message (null clears it) for every device of ours. */
  'presence.set': { params: OwnPresence; result: OwnPresence };
}
