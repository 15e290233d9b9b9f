// The connection state, visible at all times in the top bar: the tab's link to the box
// (WebSocket) combined with the box's link to the chat server (session.state-changed).
// When offline, a banner says when the next attempt is and offers to try at once.
import { h, replaceChildren } from '../lib/dom.js';
import { t, tn } from '../lib/i18n.js';
import type { Connection, ConnectionState } from '../lib/connection.js';

/** The daemon's XMPP session for this user (CONTRACTS.md §4, session.state-changed). */
type XmppState = 'online' | 'connecting' | 'offline';

export interface ConnectionStatusView {
  indicator: HTMLElement;
  banner: HTMLElement;
  dispose(): void;
}

const LABEL = {
  online: 'connection.online',
  connecting: 'connection.connecting',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
} as const satisfies Record<ConnectionState, string>;

export function connectionStatus(connection: Connection): ConnectionStatusView {
  const indicator = h('p', { class: 'connection', role: 'status', 'data-testid': 'connection-state' });
  const message = h('p');
  const retry = h('button', { type: 'button', class: 'button small' }, t('connection.retryNow'));
  retry.addEventListener('click', () => connection.retryNow());
  const banner = h('div', { class: 'banner', 'data-testid': 'connection-banner', hidden: true }, message, retry);
  let xmpp: XmppState = 'online';
  let countdown: ReturnType<typeof setInterval> | null = null;

  const shownState = (): ConnectionState => {
    if (connection.state !== 'online') return connection.state;
    return xmpp === 'online' ? 'online' : xmpp;
  };

  // Only the text changes each second, so a focused "try now" button keeps its focus.
  const renderBanner = (): void => {
    const offline = connection.state === 'offline';
    const waiting = connection.retryAt !== null;
    if (!offline) message.textContent = t('connection.xmppDown');
    else if (!navigator.onLine) message.textContent = t('error.offline');
    else if (!waiting) message.textContent = t('connection.trying');
    else message.textContent = tn('connection.retryIn', Math.max(1, Math.ceil((connection.retryAt! - Date.now()) / 1000)));
    retry.hidden = !offline || !navigator.onLine || !waiting;
  };

  const render = (): void => {
    const state = shownState();
    indicator.dataset.state = state;
    document.documentElement.dataset.connection = state;
    replaceChildren(indicator, h('span', { class: 'connection-dot', 'aria-hidden': 'true' }), t(LABEL[state]));
    const showBanner = connection.state === 'offline' || (connection.state === 'online' && xmpp === 'offline');
    if (showBanner) renderBanner();
    banner.hidden = !showBanner;
    if (connection.state === 'offline' && countdown === null) {
      countdown = setInterval(renderBanner, 1000);
    } else if (connection.state !== 'offline' && countdown !== null) {
      clearInterval(countdown);
      countdown = null;
    }
  };

  const unsubscribers = [
    connection.onState(render),
    connection.on<{ state: XmppState }>('session.state-changed', ({ state }) => {
      xmpp = state;
      render();
    }),
  ];
  render();
  return {
    indicator,
    banner,
    dispose: () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (countdown !== null) clearInterval(countdown);
    },
  };
}
