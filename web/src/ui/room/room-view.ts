// One group chat in the content pane: its name and topic, the messages with the composer,
// who is there (with roles), and the room's actions (invite a contact, leave). Remote text —
// the name, topic, nicks, bodies — is only ever text.
import { h, replaceChildren } from '../../lib/dom.js';
import { t, tn } from '../../lib/i18n.js';
import { routeHref } from '../../lib/router.js';
import { roomTitle, type RoomStore, type RoomView } from '../../lib/rooms.js';
import type { AppContext } from '../screen.js';
import { remoteName, remoteText } from '../text.js';
import { composer } from './composer.js';
import { inviteForm } from './dialogs.js';
import { messageList } from './message-list.js';
import { occupantList } from './occupants.js';

export function roomView(context: AppContext, store: RoomStore, jid: string): { element: HTMLElement; dispose(): void } {
  const title = h('h2', { class: 'pane-title room-title', id: 'detail-title', tabindex: '-1' });
  const subject = h('div', { class: 'room-subject' });
  const state = h('p', { class: 'notice', role: 'status', hidden: true });
  const list = messageList(() => void store.loadOlder(jid));
  const people = h('div', { class: 'room-people' });
  const peopleSummary = h('summary', null);
  const invite = h('div', { class: 'room-invite' });
  const inviteToggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false' }, t('rooms.invite'));
  const leaveError = h('p', { class: 'form-error', role: 'alert' });
  const leave = h('button', { type: 'button', class: 'button danger' }, t('rooms.leave'));
  let current: RoomView | undefined;

  inviteToggle.addEventListener('click', () => {
    const open = inviteToggle.getAttribute('aria-expanded') !== 'true';
    inviteToggle.setAttribute('aria-expanded', String(open));
    replaceChildren(invite, open && current ? inviteForm(store, current, context.roster.all()) : null);
  });
  // Leaving asks once more in the page (a room left cannot be re-entered without an invitation).
  const leaveConfirm = h('div', { class: 'leave-confirm', hidden: true });
  leave.addEventListener('click', () => {
    if (!current) return;
    const sure = h('button', { type: 'button', class: 'button danger' }, t('rooms.leave'));
    const cancel = h('button', { type: 'button', class: 'button' }, t('rooms.cancel'));
    cancel.addEventListener('click', () => {
      leaveConfirm.hidden = true;
      leave.focus();
    });
    sure.addEventListener('click', () => {
      sure.disabled = true;
      store.leave(jid).then(
        () => { location.hash = routeHref('conversations'); },
        (error: Error) => {
          sure.disabled = false;
          replaceChildren(leaveError, t('rooms.leaveFailed', { reason: error.message }));
        },
      );
    });
    replaceChildren(leaveConfirm, h('p', { role: 'alert' }, t('rooms.leaveConfirm', { name: roomTitle(current) })), h('div', { class: 'actions' }, sure, cancel));
    leaveConfirm.hidden = false;
    cancel.focus();
  });

  const element = h(
    'section',
    { class: 'room', 'aria-labelledby': 'detail-title', 'data-room': jid },
    h('header', { class: 'room-header' }, title, subject,
      h('details', { class: 'room-details' }, peopleSummary, people,
        h('div', { class: 'actions' }, inviteToggle, leave), invite, leaveConfirm, leaveError)),
    state,
    list.element,
    composer(t('rooms.messageLabel', { name: roomTitle({ jid, name: store.get(jid)?.name ?? null }) }), (body) => store.send(jid, body)),
  );

  const render = (): void => {
    const room = store.get(jid);
    if (!room) {
      state.hidden = false;
      replaceChildren(state, t('rooms.notFound'));
      return;
    }
    const changed = room !== current;
    current = room;
    if (changed) {
      replaceChildren(title, remoteName(roomTitle(room)));
      replaceChildren(subject, room.subject ? remoteText(room.subject, 'remote-text subject') : null);
      replaceChildren(peopleSummary, tn('rooms.people', room.occupants.length));
      replaceChildren(people, occupantList(room.occupants, room.nick));
      state.hidden = room.state === 'joined';
      replaceChildren(state, room.state === 'joining' ? t('rooms.joining') : room.state === 'left' ? t('rooms.notJoined') : null);
    }
    list.render(store.messages(jid), room.nick);
    // Read means seen: a tab in the background leaves the messages unread.
    if (!document.hidden) store.markSeen(jid);
  };
  const unsubscribe = store.subscribe(render);
  document.addEventListener('visibilitychange', render);
  render();
  return {
    element,
    dispose: () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', render);
    },
  };
}
