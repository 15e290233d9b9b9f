// Tells the person they were mentioned in a group: a browser notification when they allowed
// them and are not looking at that room already.
import { t } from '../../lib/i18n.js';
import { currentRoute, routeHref } from '../../lib/router.js';
import { roomTitle, type RoomMessage, type RoomStore } from '../../lib/rooms.js';

const alerting = new WeakSet<RoomStore>();

/** Once per store: it lives as long as the connection, whichever screen shows. */
export function alertMentions(store: RoomStore): void {
  if (alerting.has(store)) return;
  alerting.add(store);
  store.onMention((message: RoomMessage) => {
    const route = currentRoute();
    const looking = !document.hidden && route.screen === 'conversations' && route.id === message.peer;
    if (looking || !('Notification' in window) || Notification.permission !== 'granted') return;
    const room = store.get(message.peer);
    const notification = new Notification(t('rooms.mentioned', { nick: message.nick, room: roomTitle(room ?? { jid: message.peer, name: null }) }), {
      body: message.body.slice(0, 200),
      tag: `mention:${message.peer}`,
    });
    notification.onclick = () => {
      window.focus();
      location.hash = routeHref('conversations', message.peer);
    };
  });
}
