// The conversation list: chats with the last message, unread count and presence, and a
// search box, then the groups (rooms) with their invitations and a "New group" form. The
// selected conversation or group opens in the content pane (a page of its own on phones). A
// contact without a conversation yet opens here too (from Contacts, "Send a message").
import { h, replaceChildren } from '../lib/dom.js';
import { currentLanguage, dateTimeFormat, t, tn } from '../lib/i18n.js';
import { displayName, searchKey, type Show } from '../lib/roster.js';
import { roomStoreFor, type RoomStore } from '../lib/rooms.js';
import { routeHref } from '../lib/router.js';
import type { Conversation } from '../lib/chat.js';
import { tryBareJid } from '../lib/jid.js';
import type { AppContext, Screen } from './screen.js';
import { avatar } from './avatar.js';
import { chatView } from './conversation/chat-view.js';
import { icon } from './icons.js';
import { alertMentions } from './room/mention-alert.js';
import { roomList } from './room/room-list.js';
import { roomView } from './room/room-view.js';
import { presenceBadge } from './presence.js';
import { remoteName } from './text.js';

/** One row of the list, for a chat or a room. */
export interface ConversationRowData {
  /** The peer's or room's JID: the route id and the row's data-jid. */
  jid: string;
  name: string;
  /** The last message as one line of plain text, "You: …" for our own. */
  preview: string;
  time: number | null;
  unread: number;
  presence: Show | null;
  selected: boolean;
}

export function conversationRow(row: ConversationRowData): HTMLElement {
  const time = row.time === null ? null : new Date(row.time);
  return h(
    'li',
    null,
    h(
      'a',
      { class: `row conversation-row${row.unread > 0 ? ' unread' : ''}`, href: routeHref('conversations', row.jid), 'aria-current': row.selected ? 'true' : null, 'data-jid': row.jid },
      avatar(row.name, 'small', row.jid),
      h(
        'span',
        { class: 'row-text' },
        h('span', { class: 'row-line' }, remoteName(row.name), time ? h('time', { class: 'row-time', datetime: time.toISOString() }, shortTime(time)) : null),
        h('span', { class: 'row-sub' },
          h('bdi', { class: 'status-line preview' }, row.preview),
          row.unread > 0 ? h('span', { class: 'badge', 'aria-label': tn('conversations.unread', row.unread) }, row.unread.toLocaleString(currentLanguage())) : null),
        row.presence ? h('span', { class: 'row-sub' }, presenceBadge(row.presence)) : null,
      ),
    ),
  );
}

/** Today: the time; before: the date. */
function shortTime(time: Date): string {
  const isToday = time.toDateString() === new Date().toDateString();
  return dateTimeFormat(isToday ? { timeStyle: 'short' } : { dateStyle: 'short' }).format(time);
}

function previewOf(conversation: Conversation): string {
  const { last } = conversation;
  // One line: newlines and long runs collapse; the text stays text (bdi, text node).
  const text = last.attachment ? t('conversations.attachment', { name: last.attachment.name }) : last.body.replace(/\s+/g, ' ').slice(0, 200);
  if (last.direction === 'in') return text;
  return t(last.state === 'failed' ? 'conversations.youNotSent' : 'conversations.you', { text });
}

export const conversationsScreen: Screen = (context: AppContext, route) => {
  const { chats, roster } = context;
  const rooms = roomStoreFor(context.connection);
  alertMentions(rooms);
  const groups = roomList(context, rooms, route.id);
  const search = h('input', { id: 'conversation-search', type: 'search', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search' });
  search.placeholder = t('conversations.search');
  const summary = h('p', { class: 'muted summary', 'aria-live': 'polite' });
  const results = h('ul', { class: 'rows', 'aria-labelledby': 'pane-title' });
  const empty = h(
    'div',
    { class: 'empty-state' },
    icon('chats'),
    h('p', null, t('conversations.empty')),
    h('p', { class: 'muted' }, t('conversations.emptyHint')),
    h('a', { class: 'button', href: routeHref('contacts') }, t('conversations.openContacts')),
  );
  const list = h(
    'div',
    { class: 'list-screen' },
    h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, t('conversations.title')),
    h('div', { class: 'search' }, h('label', { for: 'conversation-search', class: 'visually-hidden' }, t('conversations.search')), search),
    summary,
    results,
    empty,
    groups.element,
  );

  const nameOf = (jid: string): string => {
    const contact = roster.get(jid);
    return contact ? displayName(contact) : jid;
  };

  const renderList = (): void => {
    // Room messages share the cache's conversations; the groups section lists the rooms.
    const all = chats.list().filter((conversation) => conversation.last.type !== 'groupchat' && rooms.get(conversation.peer) === undefined);
    empty.hidden = all.length > 0 || rooms.all().length > 0 || !chats.loaded;
    if (!chats.loaded) {
      replaceChildren(summary, chats.loadError ? t('conversations.loadFailed', { reason: chats.loadError.message }) : t('conversations.loading'));
    } else {
      // The box is still fetching what it missed from the server's archive: say how far it is.
      replaceChildren(summary, chats.syncing === null ? null : tn('conversations.syncing', chats.syncing));
    }
    const query = searchKey(search.value.trim());
    const shown = all.filter((conversation) => query === ''
      || searchKey(nameOf(conversation.peer)).includes(query) || searchKey(conversation.peer).includes(query) || searchKey(conversation.last.body).includes(query));
    const focused = document.activeElement instanceof HTMLElement && results.contains(document.activeElement) ? document.activeElement.dataset.jid : undefined;
    replaceChildren(
      results,
      shown.map((conversation) => conversationRow({
        jid: conversation.peer,
        name: nameOf(conversation.peer),
        preview: previewOf(conversation),
        time: conversation.last.time,
        unread: conversation.unread,
        presence: roster.get(conversation.peer)?.presence.show ?? null,
        selected: conversation.peer === route.id,
      })),
      all.length > 0 && shown.length === 0 ? h('li', { class: 'muted empty-row' }, t('conversations.noMatch', { query: search.value.trim() })) : null,
    );
    if (focused) results.querySelector<HTMLElement>(`[data-jid="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  };

  const detail = conversationDetail(context, rooms, route.id);
  search.addEventListener('input', renderList);
  const unsubscribers = [chats.subscribe(renderList), roster.subscribe(renderList), rooms.subscribe(groups.render), chats.subscribe(groups.render), rooms.subscribe(renderList), rooms.subscribe(detail.refresh)];
  renderList();
  groups.render();
  return {
    list,
    content: detail.element,
    dispose: () => {
      detail.dispose();
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
};

/**
 * The content pane for the selected id: a group's view when it is one of our rooms or
 * invitations, else a chat. Which one is only known once the rooms are loaded, so until
 * then (a reload on a group's address) the pane waits rather than open a chat with a room.
 */
function conversationDetail(context: AppContext, rooms: RoomStore, id: string | null): { element: HTMLElement; refresh(): void; dispose(): void } {
  const element = h('div', { class: 'conversation-slot' });
  let shown: { kind: 'room' | 'chat' | 'none'; dispose(): void } | null = null;
  const isRoom = (jid: string): boolean => rooms.get(jid) !== undefined || rooms.pendingInvitations().some((invitation) => invitation.room === jid);
  const refresh = (): void => {
    if (id === null) {
      if (!shown) replaceChildren(element, h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, t('conversations.noneSelected'))));
      shown = { kind: 'none', dispose: () => {} };
      return;
    }
    const peer = tryBareJid(id);
    const kind = peer && isRoom(peer) ? 'room' : rooms.loaded && peer ? 'chat' : peer ? null : 'none';
    if (kind === null || kind === shown?.kind) return;
    shown?.dispose();
    if (kind === 'room') {
      const view = roomView(context, rooms, peer!);
      replaceChildren(element, view.element);
      shown = { kind, dispose: view.dispose };
    } else if (kind === 'chat') {
      const view = chatView(context, peer!);
      replaceChildren(element, view.element);
      shown = { kind, dispose: view.dispose };
    } else {
      replaceChildren(element, h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, t('conversation.badAddress'))));
      shown = { kind, dispose: () => {} };
    }
  };
  refresh();
  return { element, refresh, dispose: () => shown?.dispose() };
}
