// The main layout once logged in: top bar with the connection state, navigation, and the
// two panes (list + content) that collapse into one column with a bottom tab bar on phones.
// Screens are swapped on hash changes; focus follows so keyboard and screen reader users
// land on what changed.
import { h, replaceChildren } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { setPageTitle } from '../lib/notify.js';
import { currentRoute, routeHref, type Route, type ScreenName } from '../lib/router.js';
import { connectionStatus } from './connection-status.js';
import { storageStatus } from './storage-status.js';
import { conversationsScreen } from './conversations.js';
import { contactsScreen } from './contacts.js';
import { feedScreen } from './feed.js';
import { profileScreen } from './profile.js';
import { settingsScreen } from './settings.js';
import { icon, type IconName } from './icons.js';
import { requestsBadge } from './requests-badge.js';
import type { AppContext, Screen, ScreenView } from './screen.js';

const SCREENS: Record<ScreenName, { screen: Screen; icon: IconName; label: 'nav.conversations' | 'nav.feed' | 'nav.contacts' | 'nav.profile' | 'nav.settings' }> = {
  conversations: { screen: conversationsScreen, icon: 'chats', label: 'nav.conversations' },
  feed: { screen: feedScreen, icon: 'feed', label: 'nav.feed' },
  contacts: { screen: contactsScreen, icon: 'contacts', label: 'nav.contacts' },
  profile: { screen: profileScreen, icon: 'profile', label: 'nav.profile' },
  settings: { screen: settingsScreen, icon: 'settings', label: 'nav.settings' },
};

export interface Shell {
  dispose(): void;
}

export function renderShell(root: HTMLElement, context: AppContext): Shell {
  const status = connectionStatus(context.connection);
  const requests = requestsBadge(context);
  const storage = storageStatus(context.connection);
  const tabs = (Object.keys(SCREENS) as ScreenName[]).map((name) =>
    h('li', null, h('a', { class: 'tab', href: routeHref(name), 'data-screen': name }, icon(SCREENS[name].icon), h('span', null, t(SCREENS[name].label)), name === 'contacts' ? requests.element : null)),
  );
  const listPane = h('section', { class: 'pane pane-list', 'aria-labelledby': 'pane-title' });
  const contentPane = h('main', { class: 'pane pane-content', id: 'main', tabindex: '-1' });
  const skip = h('button', { type: 'button', class: 'skip-link' }, t('nav.skip'));
  skip.addEventListener('click', () => contentPane.focus());
  const app = h(
    'div',
    { class: 'app' },
    skip,
    h('header', { class: 'topbar' }, h('p', { class: 'brand' }, icon('home'), h('span', null, t('app.name'))), status.indicator),
    status.banner,
    storage.banner,
    h('div', { class: 'layout' }, h('nav', { class: 'tabs', 'aria-label': t('nav.label') }, h('ul', null, tabs)), listPane, contentPane),
  );

  let view: ScreenView | null = null;
  let shown: Route | null = null;

  const show = (route: Route, moveFocus: boolean): void => {
    const focusedJid = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.jid : undefined;
    view?.dispose();
    view = SCREENS[route.screen].screen(context, route);
    const phoneDetail = view.list !== null && route.id !== null;
    app.dataset.screen = route.screen;
    app.dataset.view = view.list === null || phoneDetail ? 'detail' : 'list';
    for (const tab of app.querySelectorAll<HTMLElement>('.tab')) {
      if (tab.dataset.screen === route.screen) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    listPane.hidden = view.list === null;
    replaceChildren(listPane, view.list);
    const back = phoneDetail ? h('a', { class: 'back-link', href: routeHref(route.screen) }, icon('back'), t('nav.back')) : null;
    replaceChildren(contentPane, back, view.content);
    setPageTitle(`${t(SCREENS[route.screen].label)} – ${t('app.name')}`);
    if (moveFocus) placeFocus(route, focusedJid);
    shown = route;
  };

  /** Back on the row just chosen when the list stays visible, else on the new heading. */
  const placeFocus = (route: Route, focusedJid: string | undefined): void => {
    const sameScreen = shown?.screen === route.screen;
    const row = focusedJid ? listPane.querySelector<HTMLElement>(`[data-jid="${CSS.escape(focusedJid)}"]`) : null;
    if (sameScreen && row && row.offsetParent !== null) return row.focus();
    const headings = [...app.querySelectorAll<HTMLElement>('.pane-title')].filter((heading) => heading.offsetParent !== null);
    (sameScreen ? headings.at(-1) : headings[0])?.focus();
  };

  const onHashChange = (): void => show(currentRoute(), true);
  addEventListener('hashchange', onHashChange);
  replaceChildren(root, app);
  show(currentRoute(), false);
  return {
    dispose: () => {
      removeEventListener('hashchange', onHashChange);
      view?.dispose();
      status.dispose();
      requests.dispose();
      storage.dispose();
    },
  };
}
