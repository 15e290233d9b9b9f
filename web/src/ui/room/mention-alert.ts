// Tells the person they were mentioned in a group: a browser notification (through notify.ts,
// so only with permission, and not when they are looking at that room already).
import { notify } from '../../lib/notify.js';
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
    const room = store.get(message.peer);
    notify({
      title: t('rooms.mentioned', { nick: message.nick, room: roomTitle(room ?? { jid: message.peer, name: null }) }),
      body: message.body,
      tag: `mention:${message.peer}`,
      route: routeHref('conversations', message.peer),
    }, route.screen === 'conversations' && route.id === message.peer);
  });
}
