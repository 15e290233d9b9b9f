// Presence: parsing a contact's availability and choosing what one contact "is" across
// their devices (resources).
// References: RFC 6121 §4 (https://www.rfc-editor.org/rfc/rfc6121#section-4): §4.7.2.1 show,
// §4.7.2.2 status, §4.7.2.3 priority; §4.2 initial presence, §4.4 presence updates.
import type { Element } from '../../../xml/element.js';
import { getChildText, xml } from '../../../xml/element.js';
import { bareJid, tryParseJid } from '../../../xml/jid.js';
import type { PresenceShow } from './events.js';

export interface ResourcePresence {
  show: Exclude<PresenceShow, 'offline'>;
  status: string | null;
  priority: number;
}

export type ParsedPresence =
  | { kind: 'available'; bare: string; resource: string; presence: ResourcePresence }
  | { kind: 'unavailable'; bare: string; resource: string | undefined };

const SHOWS = new Set(['chat', 'away', 'xa', 'dnd']);
/** A longer status is cut: it is shown in one line of a contact list. */
export const MAX_STATUS_LENGTH = 500;

/** Availability presences only (no type, or unavailable); subscriptions and errors are not. */
export function parseAvailability(presence: Element): ParsedPresence | null {
  const from = tryParseJid(presence.attrs.from);
  if (!from) return null;
  const bare = bareJid(from);
  const type = presence.attrs.type;
  if (type === 'unavailable') return { kind: 'unavailable', bare, resource: from.resource || undefined };
  if (type !== undefined) return null;
  const showText = getChildText(presence, 'show');
  const show = showText !== undefined && SHOWS.has(showText) ? (showText as ResourcePresence['show']) : 'online';
  const statusText = getChildText(presence, 'status')?.trim();
  const priorityText = getChildText(presence, 'priority');
  const priority = priorityText !== undefined && /^-?\d{1,3}$/.test(priorityText.trim()) ? Number(priorityText) : 0;
  return {
    kind: 'available',
    bare,
    resource: from.resource ?? '',
    presence: {
      show,
      status: statusText ? statusText.slice(0, MAX_STATUS_LENGTH) : null,
      priority: Math.max(-128, Math.min(127, priority)),
    },
  };
}

const SHOW_RANK: Record<ResourcePresence['show'], number> = { chat: 4, online: 3, away: 2, xa: 1, dnd: 0 };

/** What a contact shows as: the highest-priority device, the most available one on a tie. */
export function summarise(resources: ReadonlyMap<string, ResourcePresence> | undefined): { show: PresenceShow; status: string | null } {
  let best: ResourcePresence | undefined;
  for (const presence of resources?.values() ?? []) {
    if (!best || presence.priority > best.priority || (presence.priority === best.priority && SHOW_RANK[presence.show] > SHOW_RANK[best.show])) {
      best = presence;
    }
  }
  return best ? { show: best.show, status: best.status } : { show: 'offline', status: null };
}

export type OwnShow = ResourcePresence['show'];

export interface OwnPresence {
  show: OwnShow;
  status: string | null;
}

export function isOwnShow(value: unknown): value is OwnShow {
  return value === 'online' || (typeof value === 'string' && SHOWS.has(value));
}

/** Our availability and status message, with the XEP-0115 <c/> so contacts learn what Foyer supports. */
export function buildPresence(caps: Element, own: OwnPresence): Element {
  return xml(
    'presence',
    null,
    own.show === 'online' ? null : xml('show', null, own.show),
    own.status ? xml('status', null, own.status) : null,
    caps,
  );
}
