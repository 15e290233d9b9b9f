// Chat's use of notify.ts: the total unread count in the tab title, and a notification for
// each incoming message the person is not looking at.
import type { ChatStore } from '../lib/chat.js';
import { t } from '../lib/i18n.js';
import { notify, setUnreadCount } from '../lib/notify.js';
import { displayName, type RosterStore } from '../lib/roster.js';
import { currentRoute, routeHref } from '../lib/router.js';

export function watchChatsForNotifications(chats: ChatStore, roster: RosterStore): () => void {
  const stopCount = chats.subscribe(() => setUnreadCount(chats.unreadTotal()));
  const stopMessages = chats.onMessage((message) => {
    if (message.direction !== 'in') return;
    const route = currentRoute();
    const contact = roster.get(message.peer);
    const name = contact ? displayName(contact) : message.peer;
    notify({
      title: t('notify.newMessage', { name }),
      body: message.attachment ? message.attachment.name : message.body,
      tag: `chat:${message.peer}`,
      route: routeHref('conversations', message.peer),
    }, route.screen === 'conversations' && route.id === message.peer);
  });
  return () => {
    stopCount();
    stopMessages();
    setUnreadCount(0);
  };
}
