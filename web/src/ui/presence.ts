// A contact's presence as a word beside a coloured dot: colour alone never carries it.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import type { Show } from '../lib/roster.js';

const PRESENCE_LABEL = {
  online: 'presence.online',
  chat: 'presence.chat',
  away: 'presence.away',
  xa: 'presence.xa',
  dnd: 'presence.dnd',
  offline: 'presence.offline',
} as const satisfies Record<Show, string>;

export function presenceBadge(show: Show): HTMLElement {
  return h('span', { class: `presence presence-${show}` }, h('span', { class: 'presence-dot', 'aria-hidden': 'true' }), t(PRESENCE_LABEL[show]));
}

