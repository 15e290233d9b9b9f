// Presence (RFC 6121 §4): announces us when a session starts and keeps every contact's live
// availability, per device, in memory only — presence is ephemeral and the server re-sends
// all of it after a reconnect that could not be resumed.
// References: https://www.rfc-editor.org/rfc/rfc6121#section-4
import { defineFeature } from '../../feature.js';
import type { CapsApi } from '../caps/index.js';
import type { PresenceShow } from './events.js';
import { buildInitialPresence, parseAvailability, summarise, type ResourcePresence } from './stanza.js';

export interface PresenceApi {
  /** What a contact shows as right now ('offline' when no device is available). */
  summaryOf(bareJid: string): { show: PresenceShow; status: string | null };
}

export const presenceFeature = defineFeature<PresenceApi>({
  name: 'presence',
  setup(ctx) {
    const caps = ctx.feature<CapsApi>('caps');
    const contacts = new Map<string, Map<string, ResourcePresence>>();

    ctx.onOnline(({ resumed }) => {
      if (resumed) return;
      contacts.clear();
      ctx.send(buildInitialPresence(caps.element()));
    });

    ctx.route('presence', (stanza) => {
      const parsed = parseAvailability(stanza);
      if (!parsed) return;
      const before = summarise(contacts.get(parsed.bare));
      if (parsed.kind === 'available') {
        const resources = contacts.get(parsed.bare) ?? new Map<string, ResourcePresence>();
        resources.set(parsed.resource, parsed.presence);
        contacts.set(parsed.bare, resources);
      } else if (parsed.resource === undefined) {
        contacts.delete(parsed.bare);
      } else {
        contacts.get(parsed.bare)?.delete(parsed.resource);
        if (contacts.get(parsed.bare)?.size === 0) contacts.delete(parsed.bare);
      }
      const after = summarise(contacts.get(parsed.bare));
      if (after.show !== before.show || after.status !== before.status) {
        ctx.emit('presence.contact-changed', { jid: parsed.bare, ...after });
      }
    });

    return { summaryOf: (bareJid) => summarise(contacts.get(bareJid)) };
  },
});
