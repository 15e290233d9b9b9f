// Presence events in the browser protocol (docs/protocol.md), shared with web/.

/** RFC 6121 §4.7.2.1 show values, plus online (no <show/>) and offline (unavailable). */
export type PresenceShow = 'online' | 'chat' | 'away' | 'xa' | 'dnd' | 'offline';

export interface PresenceEvents {
  'presence.contact-changed': { jid: string; show: PresenceShow; status: string | null };
}
