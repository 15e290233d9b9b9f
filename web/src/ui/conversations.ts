// The conversation list. Chats and rooms arrive with the messaging features; until then it
// shows its empty state and points to the contacts.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { routeHref } from '../lib/router.js';
import type { Screen } from './screen.js';
import { icon } from './icons.js';

export const conversationsScreen: Screen = () => ({
  list: h(
    'div',
    { class: 'list-screen' },
    h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('conversations.title')),
    h(
      'div',
      { class: 'empty-state' },
      icon('chats'),
      h('p', null, t('conversations.empty')),
      h('p', { class: 'muted' }, t('conversations.emptyHint')),
      h('a', { class: 'button', href: routeHref('contacts') }, t('conversations.openContacts')),
    ),
  ),
  content: h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, t('conversations.noneSelected'))),
  dispose: () => {},
});
