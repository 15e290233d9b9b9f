// The groups in the conversation list: each room with its unseen mentions, the invitations
// waiting for an answer (join or decline), and the "New group" form.
import { h, replaceChildren } from '../../lib/dom.js';
import { askPermission } from '../../lib/notify.js';
import { collator, currentLanguage, t, tn } from '../../lib/i18n.js';
import { routeHref } from '../../lib/router.js';
import { roomTitle, type PendingInvitation, type RoomStore } from '../../lib/rooms.js';
import type { AppContext } from '../screen.js';
import { avatar } from '../avatar.js';
import { displayName } from '../../lib/roster.js';
import { remoteName } from '../text.js';
import { createRoomForm } from './dialogs.js';

function invitationRow(context: AppContext, store: RoomStore, invitation: PendingInvitation): HTMLElement {
  const contact = context.roster.get(invitation.from);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const join = h('button', { type: 'button', class: 'button primary' }, t('rooms.join'));
  const decline = h('button', { type: 'button', class: 'button' }, t('rooms.decline'));
  join.addEventListener('click', () => {
    join.disabled = true;
    store.join(invitation.room).then(
      (room) => { location.hash = routeHref('conversations', room.jid); },
      (failure: Error) => {
        join.disabled = false;
        replaceChildren(error, t('rooms.joinFailed', { reason: failure.message }));
      },
    );
  });
  decline.addEventListener('click', () => void store.decline(invitation.room));
  return h(
    'li',
    { class: 'invitation', 'data-room': invitation.room },
    h('span', { class: 'row-text' },
      remoteName(roomTitle({ jid: invitation.room, name: invitation.name })),
      h('span', { class: 'row-sub' }, t('rooms.invitedBy', { name: contact ? displayName(contact) : invitation.from })),
      invitation.reason ? h('bdi', { class: 'status-line' }, invitation.reason) : null),
    h('span', { class: 'actions' }, join, decline),
    error,
  );
}

export function roomList(context: AppContext, store: RoomStore, selected: string | null): { element: HTMLElement; render(): void } {
  const rows = h('ul', { class: 'rows rooms', 'aria-labelledby': 'rooms-title' });
  const invitations = h('div', { class: 'invitations' });
  const formSlot = h('div');
  const newRoom = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false' }, t('rooms.new'));
  const closeForm = (): void => {
    newRoom.setAttribute('aria-expanded', 'false');
    replaceChildren(formSlot);
    newRoom.focus();
  };
  newRoom.addEventListener('click', () => {
    if (newRoom.getAttribute('aria-expanded') === 'true') return closeForm();
    newRoom.setAttribute('aria-expanded', 'true');
    // Creating a group is a moment the person expects to hear from it: ask for notifications now.
    void askPermission();
    replaceChildren(formSlot, createRoomForm(store, (room) => {
      replaceChildren(formSlot);
      newRoom.setAttribute('aria-expanded', 'false');
      location.hash = routeHref('conversations', room.jid);
    }, closeForm));
  });
  const element = h(
    'section',
    { class: 'room-list', 'aria-labelledby': 'rooms-title' },
    h('div', { class: 'section-head' }, h('h3', { id: 'rooms-title' }, t('rooms.title')), newRoom),
    formSlot,
    invitations,
    rows,
  );

  const render = (): void => {
    const pending = store.pendingInvitations();
    replaceChildren(invitations, pending.length > 0
      ? [h('h4', null, t('rooms.invitations')), h('ul', { class: 'rows' }, pending.map((invitation) => invitationRow(context, store, invitation)))]
      : null);
    const byName = collator();
    const rooms = store.all().sort((a, b) => byName.compare(roomTitle(a), roomTitle(b)));
    replaceChildren(rows,
      rooms.map((room) => {
        const mentions = store.mentionsIn(room.jid);
        const unread = context.chats.get(room.jid)?.unread ?? 0;
        return h('li', null, h(
          'a',
          { class: 'row', href: routeHref('conversations', room.jid), 'aria-current': room.jid === selected ? 'true' : null, 'data-jid': room.jid },
          avatar(roomTitle(room), 'small', room.jid),
          h('span', { class: 'row-text' },
            remoteName(roomTitle(room)),
            h('span', { class: 'row-sub' },
              tn('rooms.people', room.occupants.length),
              mentions > 0 ? h('span', { class: 'mention-badge' }, tn('rooms.mentionBadge', mentions)) : null,
              unread > 0 ? h('span', { class: 'badge', 'aria-label': tn('conversations.unread', unread) }, unread.toLocaleString(currentLanguage())) : null)),
        ));
      }),
      store.loaded && rooms.length === 0 ? h('li', { class: 'muted empty-row' }, t('rooms.empty')) : null);
  };
  return { element, render };
}
