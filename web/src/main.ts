// Foyer's web app entry: applies the saved language and theme, registers the service worker,
// asks the daemon whether this browser is logged in, and shows the login screen or the app.
import { fetchSession, fetchSetupPending, forgetCachedSession, logout } from './lib/api.js';
import { Connection } from './lib/connection.js';
import { t } from './lib/i18n.js';
import { loadPreferences } from './lib/preferences.js';
import { followBlocklist, followRequests } from './lib/people.js';
import { followProfiles } from './lib/profiles.js';
import { RosterStore } from './lib/roster.js';
import { ChatStore } from './lib/chat.js';
import { watchChatsForNotifications } from './ui/chat-notifications.js';
import { watchFeedForNotifications } from './ui/feed/notifications.js';
import { applyLanguageChoice, applyThemeChoice } from './ui/appearance.js';
import { renderFirstRun } from './ui/first-run.js';
import { renderLogin } from './ui/login.js';
import { renderShell, type Shell } from './ui/shell.js';

const root = document.getElementById('app')!;
let started = false;

function registerServiceWorker(): void {
  // Only secure contexts have service workers (https, or localhost/127.0.0.1).
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the app still works; it just does not open offline.
  });
}

function webSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

function showLogin(notice: string | null = null): void {
  renderLogin(root, {
    onLoggedIn: async (jid) => {
      // Passing through the service worker leaves it the logged-in answer for offline starts,
      // and the answer names the box's file prefix, which photos need before they are drawn.
      await fetchSession();
      startApp(jid);
      document.getElementById('pane-title')?.focus();
    },
    notice,
  });
}

function startApp(jid: string): void {
  started = true;
  const connection = new Connection({
    url: webSocketUrl(),
    sessionStillValid: async () => (await fetchSession()).kind !== 'none',
  });
  const roster = new RosterStore(connection);
  followProfiles(connection);
  const chats = new ChatStore(connection, jid);
  const stopNotifications = watchChatsForNotifications(chats, roster);
  const stopFeedNotifications = watchFeedForNotifications(connection, roster);
  let shell: Shell | null = null;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    started = false;
    connection.stop();
    stopNotifications();
    stopFeedNotifications();
    shell?.dispose();
    void forgetCachedSession();
    showLogin();
  };
  connection.onSessionEnded(end);
  const context = {
    jid,
    connection,
    roster,
    requests: followRequests(connection),
    blocklist: followBlocklist(connection),
    chats,
    rerender: () => {
      shell?.dispose();
      shell = renderShell(root, context);
    },
    logout: async () => {
      await logout();
      end();
    },
  };
  context.rerender();
  connection.start();
}

async function boot(): Promise<void> {
  const session = await fetchSession();
  if (session.kind === 'active') return startApp(session.jid);
  if (session.kind === 'none') {
    // A new box: its administrator is created first, with the code on the box's screen.
    if (await fetchSetupPending()) return renderFirstRun(root, { onDone: (jid) => showLogin(t('setup.done', { jid })) });
    return showLogin();
  }
  // Box unreachable and no session remembered: say so, and look again when the network returns.
  showLogin(t('login.boxUnreachable'));
  addEventListener('online', () => started || void boot(), { once: true });
}

const preferences = loadPreferences();
applyLanguageChoice(preferences.language, false);
applyThemeChoice(preferences.theme, false);
registerServiceWorker();
void boot();
