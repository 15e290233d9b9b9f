// The conversation list (chats now; rooms join it through conversationRow) with the last
// message, unread count and presence, and a search box; the selected conversation opens in
// the content pane (a page of its own on phones). A contact without a conversation yet
// opens here too (from Contacts, "Send a message").
import { h, replaceChildren } from '../lib/dom.js';
import { currentLanguage, t, tn } from '../lib/i18n.js';
import { displayName, searchKey, type Show } from '../lib/roster.js';
import { routeHref } from '../lib/router.js';
import type { Conversation } from '../lib/chat.js';
import { tryBareJid } from '../lib/jid.js';
import type { AppContext, Screen } from './screen.js';
import { avatar } from './avatar.js';
import { chatView } from './conversation/chat-view.js';
import { icon } from './icons.js';
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
  return new Intl.DateTimeFormat(currentLanguage(), isToday ? { timeStyle: 'short' } : { dateStyle: 'short' }).format(time);
}

function previewOf(conversation: Conversation): string {
  const { last } = conversation;
  // One line: newlines and long runs collapse; the text stays text (bdi, text node).
  const text = last.attachment ? t('conversations.attachment', { name: last.attachment.name }) : last.body.replace(/\s+/g, ' ').slice(0, 200);
  return last.direction === 'out' ? t('conversations.you', { text }) : text;
}

export const conversationsScreen: Screen = (context: AppContext, route) => {
  const { chats, roster } = context;
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
  );

  const nameOf = (jid: string): string => {
    const contact = roster.get(jid);
    return contact ? displayName(contact) : jid;
  };

  const renderList = (): void => {
    const all = chats.list();
    empty.hidden = all.length > 0 || !chats.loaded;
    if (!chats.loaded) {
      replaceChildren(summary, chats.loadError ? t('conversations.loadFailed', { reason: chats.loadError.message }) : t('conversations.loading'));
    } else {
      replaceChildren(summary);
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

  const peer = route.id === null ? null : tryBareJid(route.id);
  const view = peer ? chatView(context, peer) : null;
  const content = view ? view.element
    : h('div', { class: 'placeholder' }, h('p', { class: 'muted' }, t(route.id === null ? 'conversations.noneSelected' : 'conversation.badAddress')));

  search.addEventListener('input', renderList);
  const unsubscribers = [chats.subscribe(renderList), roster.subscribe(renderList)];
  renderList();
  return {
    list,
    content,
    dispose: () => {
      view?.dispose();
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
};
