// A room's messages: sender nick, time and body (remote text, linkified, clamped), mentions of
// us highlighted, and a button for earlier ones from the room's archive. Redrawn from the
// store; the view stays at the bottom when it was there.
import { h, replaceChildren } from '../../lib/dom.js';
import { currentLanguage, t } from '../../lib/i18n.js';
import { mentionsNick } from '../../../../src/linker/features/muc/mentions.js';
import type { RoomMessage } from '../../lib/rooms.js';
import { remoteName, remoteText } from '../text.js';

export interface MessageListState {
  messages: readonly RoomMessage[];
  complete: boolean;
  loading: boolean;
}

export function messageList(onLoadOlder: () => void): { element: HTMLElement; render(state: MessageListState, ownNick: string): void } {
  const items = h('ol', { class: 'messages', 'aria-label': t('rooms.messages') });
  const older = h('button', { type: 'button', class: 'button small older' }, t('rooms.older'));
  older.addEventListener('click', onLoadOlder);
  const top = h('div', { class: 'messages-top' });
  const element = h('div', { class: 'message-scroller', tabindex: '0', 'aria-live': 'polite', 'aria-relevant': 'additions' }, top, items);
  const timeFormat = new Intl.DateTimeFormat(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
  let shownCount = -1;

  return {
    element,
    render({ messages, complete, loading }, ownNick) {
      replaceChildren(top, loading ? h('p', { class: 'muted' }, t('rooms.olderLoading')) : complete ? h('p', { class: 'muted' }, t('rooms.beginning')) : older);
      if (messages.length === shownCount) return;
      const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      shownCount = messages.length;
      replaceChildren(items, messages.map((message) => {
        const isMention = message.direction === 'in' && mentionsNick(message.body, ownNick);
        return h(
          'li',
          { class: `message message-${message.direction}${isMention ? ' mention' : ''}`, 'data-id': message.id },
          h('p', { class: 'message-meta' },
            remoteName(message.nick || message.peer, 'name sender'),
            h('time', { datetime: new Date(message.time).toISOString() }, timeFormat.format(message.time))),
          remoteText(message.body, 'remote-text message-body'),
        );
      }));
      if (atBottom) element.scrollTop = element.scrollHeight;
    },
  };
}
