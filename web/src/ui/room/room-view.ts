// One group chat in the content pane: its name and topic, the messages with the composer,
// who is there (with roles), and the room's actions (invite a contact, leave). Remote text —
// the name, topic, nicks, bodies — is only ever text.
import { h, replaceChildren } from '../../lib/dom.js';
import { t, tn } from '../../lib/i18n.js';
import { routeHref } from '../../lib/router.js';
import { roomTitle, type RoomStore, type RoomView } from '../../lib/rooms.js';
import type { AppContext } from '../screen.js';
import { remoteName, remoteText } from '../text.js';
import { askPermission } from '../../lib/notify.js';
import { mentionsNick } from '../../../../src/linker/features/muc/mentions.js';
import { createComposer } from '../conversation/composer.js';
import { createMessageList, type ListChange, type ListMessage } from '../conversation/message-list.js';
import { inviteForm } from './dialogs.js';
import { occupantList } from './occupants.js';

export function roomView(context: AppContext, store: RoomStore, jid: string): { element: HTMLElement; dispose(): void } {
  const title = h('h2', { class: 'pane-title room-title', id: 'detail-title', tabindex: '-1' });
  const subject = h('div', { class: 'room-subject' });
  const state = h('p', { class: 'notice', role: 'status', hidden: true });
  const label = roomTitle({ jid, name: store.get(jid)?.name ?? null });
  const list = createMessageList({ label: t('rooms.messages'), showSenders: true, loadOlder: () => void store.loadOlder(jid) });
  const composer = createComposer({
    label: t('rooms.messageLabel', { name: label }),
    onSend: async (text) => {
      // A sensible moment to ask: the person just took part in the group.
      void askPermission();
      await store.send(jid, text);
    },
  });
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
    composer.element,
  );

  /** The first and last message shown, to tell the list whether older or newer ones came. */
  let shownEnds: [string | undefined, string | undefined] = [undefined, undefined];
  const renderMessages = (ownNick: string): void => {
    const { messages, complete, loading } = store.messages(jid);
    const items: ListMessage[] = messages.map((message) => ({
      key: message.id,
      senderName: message.nick || roomTitle({ jid, name: null }),
      direction: message.direction,
      time: message.time,
      body: message.body,
      status: null,
      edited: false,
      reactions: [],
      replyTo: null,
      attachment: null,
      failure: null,
    }));
    const ends: [string | undefined, string | undefined] = [items[0]?.key, items.at(-1)?.key];
    const change: ListChange = ends[0] !== shownEnds[0] && ends[1] === shownEnds[1] ? 'older' : ends[1] !== shownEnds[1] ? 'newer' : 'update';
    shownEnds = ends;
    list.update(items, { loadingOlder: loading, complete, error: null }, change);
    // Messages naming us stand out (the list renders each message once, so this stays).
    for (const message of messages) {
      if (message.direction !== 'in' || !mentionsNick(message.body, ownNick)) continue;
      list.element.querySelector(`[data-key="${CSS.escape(message.id)}"]`)?.classList.add('mention');
    }
  };

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
    renderMessages(room.nick);
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
