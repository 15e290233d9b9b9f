// Presence (RFC 6121 §4): announces us when a session starts and keeps every contact's live
// availability, per device, in memory only — presence is ephemeral and the server re-sends
// all of it after a reconnect that could not be resumed. Our own availability and status
// message, set from a tab, live as long as the session and are re-announced after a reconnect.
// References: https://www.rfc-editor.org/rfc/rfc6121#section-4
import { defineFeature } from '../../feature.js';
import { DaemonError } from '../../../daemon/errors.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import type { CapsApi } from '../caps/index.js';
import { optionalTextParam, paramsObject } from '../params.js';
import type { PresenceShow } from './events.js';
import { MAX_STATUS_LENGTH, buildPresence, isOwnShow, parseAvailability, summarise, type OwnPresence, type ResourcePresence } from './stanza.js';

export interface PresenceApi extends HasBrowserMethods {
  /** What a contact shows as right now ('offline' when no device is available). */
  summaryOf(bareJid: string): { show: PresenceShow; status: string | null };
  /** Marks a contact offline until they announce themselves again (blocked: the server stops their presence). */
  forget(bareJid: string): void;
}

export const presenceFeature = defineFeature<PresenceApi>({
  name: 'presence',
  setup(ctx) {
    const caps = ctx.feature<CapsApi>('caps');
    const contacts = new Map<string, Map<string, ResourcePresence>>();
    let own: OwnPresence = { show: 'online', status: null };

    ctx.onOnline(({ resumed }) => {
      if (resumed) return;
      contacts.clear();
      ctx.send(buildPresence(caps.element(), own));
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

    return {
      summaryOf: (bareJid) => summarise(contacts.get(bareJid)),
      forget(bareJid) {
        if (contacts.delete(bareJid)) ctx.emit('presence.contact-changed', { jid: bareJid, ...summarise(undefined) });
      },
      methods: {
        'presence.own': () => own,
        'presence.set': (params: unknown) => {
          const { show } = paramsObject(params);
          if (!isOwnShow(show)) throw new DaemonError('E_RPC_BAD_PARAMS', 'show must be one of online, chat, away, xa, dnd');
          own = { show, status: optionalTextParam(params, 'status', MAX_STATUS_LENGTH) };
          ctx.send(buildPresence(caps.element(), own));
          ctx.emit('presence.own-changed', own);
          return own;
        },
      },
    };
  },
});
