// The conversation list. Chats arrive with the messaging features; groups (rooms) are listed
// with their invitations and a "New group" form, and a selected group opens in the content pane.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { roomStoreFor } from '../lib/rooms.js';
import { routeHref } from '../lib/router.js';
import type { Screen } from './screen.js';
import { icon } from './icons.js';
import { alertMentions } from './room/mention-alert.js';
import { roomList } from './room/room-list.js';
import { roomView } from './room/room-view.js';

export const conversationsScreen: Screen = (context, route) => {
  const rooms = roomStoreFor(context.connection);
  alertMentions(rooms);
  const groups = roomList(context, rooms, route.id);
  const room = route.id !== null ? roomView(context, rooms, route.id) : null;
  const unsubscribe = rooms.subscribe(groups.render);
  groups.render();
  return {
    list: h(
      'div',
      { class: 'list-screen' },
      h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('conversations.title')),
      groups.element,
      h(
        'div',
        { class: 'empty-state' },
        icon('chats'),
        h('p', null, t('conversations.empty')),
        h('p', { class: 'muted' }, t('conversations.emptyHint')),
        h('a', { class: 'button', href: routeHref('contacts') }, t('conversations.openContacts')),
      ),
    ),
    content: room?.element ?? h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, t('conversations.noneSelected'))),
    dispose: () => {
      unsubscribe();
      room?.dispose();
    },
  };
};
