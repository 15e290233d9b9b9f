// The installable, offline-capable app: the manifest, the service worker caching the shell,
// the app opening with no network (login screen for a visitor, the main layout in its
// offline state for a logged-in person), and the main layout's screens, navigation,
// settings, touch targets and screenshots at phone and laptop sizes in both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpErrorLine, launchBrowser, lowContrastTexts, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets, type WatchedPage } from '../support/browser.js';
import { createAccount, type TestAccount } from '../support/contacts.js';
import { startTestDaemon, type TestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const [mum, dad, gran] = await Promise.all(['mum', 'dad', 'gran'].map((name) => createAccount(prosody, name)));

/** Loads the app and waits until its service worker controls the page. */
async function installApp(watched: WatchedPage, origin: string): Promise<void> {
  await watched.page.goto(origin);
  await watched.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Offline start: the shell and the last session answer come from the service worker's caches. */
async function reopenOffline(watched: WatchedPage, origin: string, hash = ''): Promise<void> {
  await watched.context.setOffline(true);
  await watched.page.goto('about:blank'); // a new load, not a same-document hash change
  await watched.page.goto(`${origin}/${hash}`);
}

/** Logs `account` in, then reopens the app with no network; returns the session cookie. */
async function loggedInOffline(watched: WatchedPage, daemon: TestDaemon, account: TestAccount): Promise<string> {
  await installApp(watched, daemon.url);
  const cookie = await logInContext(watched.context, daemon, account);
  // The app fetched /api/session before the login; fetch it once more so the service
  // worker keeps the logged-in answer, as the login form does.
  assert.equal(await watched.page.evaluate(async () => (await fetch('/api/session')).status), 200);
  await reopenOffline(watched, daemon.url, '#/contacts');
  await watched.page.getByTestId('connection-state').getByText('Offline').waitFor();
  return cookie;
}

test('installable app shell', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const origin = daemon.url;

  await t.test('the manifest and service worker make the app installable and cached', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    await installApp(watched, origin);
    const found = await watched.page.evaluate(async () => {
      const manifestUrl = document.querySelector('link[rel=manifest]')!.getAttribute('href')!;
      const manifest = await (await fetch(manifestUrl)).json();
      const icons = await Promise.all(
        manifest.icons.map(async (icon: { src: string; type: string }) => {
          const response = await fetch(icon.src);
          return { src: icon.src, ok: response.ok, type: response.headers.get('content-type') === icon.type };
        }),
      );
      const names = await caches.keys();
      const shell = names.filter((name) => name.startsWith('foyer-shell-'));
      const cached = (await (await caches.open(shell[0]!)).keys()).map((request) => new URL(request.url).pathname);
      const script = document.querySelector('script[type=module]')!.getAttribute('src')!;
      return { manifest, icons, shell, cached, script, scope: (await navigator.serviceWorker.ready).scope };
    });
    assert.equal(found.manifest.display, 'standalone');
    assert.equal(found.manifest.start_url, '/');
    assert.ok(found.manifest.icons.some((icon: { sizes: string; purpose: string }) => icon.sizes === '512x512' && icon.purpose === 'maskable'));
    for (const icon of found.icons) assert.deepEqual(icon, { src: icon.src, ok: true, type: true });
    assert.equal(found.shell.length, 1, 'one versioned shell cache');
    assert.equal(found.scope, `${origin}/`);
    for (const path of ['/', '/manifest.webmanifest', found.script]) assert.ok(found.cached.includes(path), `${path} is cached`);
    assert.ok(!found.cached.some((path) => path.startsWith('/api/') || path === '/ws'));
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('with no network, a visitor gets the login screen and the unreachable notice', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    watched.expectConsole(/net::ERR_FAILED/); // GET /api/session with no network and nothing cached
    await installApp(watched, origin);
    await reopenOffline(watched, origin);
    await watched.page.getByRole('heading', { name: 'Sign in to Foyer' }).waitFor();
    await watched.page.getByText('Foyer cannot be reached. Check that this device is on the home network.').waitFor();
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('with no network, a logged-in person gets the app in its offline state', async () => {
    const watched = await openPage(browser, origin, { viewport: PHONE });
    watched.expectConsole(httpErrorLine(401));
    await loggedInOffline(watched, daemon, mum);
    const { page } = watched;
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByText('Your contacts appear once Foyer is connected.').waitFor();
    await page.getByText('You are offline.').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.connection), 'offline');

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const [size, viewport] of [['phone', PHONE], ['laptop', LAPTOP]] as const) {
        await page.setViewportSize(viewport);
        for (const screen of ['conversations', 'feed', 'contacts', 'profile', 'settings']) {
          await page.evaluate((hash) => (location.hash = hash), `#/${screen}`);
          await page.locator(`.app[data-screen="${screen}"]`).waitFor();
          if (size === 'phone') assert.deepEqual(await smallTouchTargets(page), [], `${screen} touch targets`);
          assert.deepEqual(await lowContrastTexts(page), [], `${screen} ${colorScheme} contrast`);
          await screenshot(page, `${screen}-${size}-${colorScheme}`);
        }
      }
    }
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('the main layout is keyboard-navigable and Settings switch language and theme', async () => {
    const watched = await openPage(browser, origin, { viewport: LAPTOP });
    watched.expectConsole(httpErrorLine(401));
    await loggedInOffline(watched, daemon, dad);
    const { page } = watched;

    // Both panes side by side on a laptop.
    assert.equal(await page.locator('.pane-list').isVisible(), true);
    assert.equal(await page.locator('.pane-content').isVisible(), true);

    const profileTab = page.getByRole('link', { name: 'Profile' });
    await profileTab.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Profile', 'focus moves to the new screen heading');
    assert.equal(await page.locator('.jid').innerText(), dad.jid);
    assert.equal(await profileTab.getAttribute('aria-current'), 'page');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('link', { name: 'Réglages' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'setting-language', 'focus stays on the language menu');
    assert.equal(await page.getByTestId('connection-state').innerText(), 'Hors ligne');

    await page.getByLabel('Thème').selectOption('dark');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(23, 20, 18)');

    // Choices survive a reload (still offline: the shell comes from the service worker).
    await page.reload();
    await page.getByRole('heading', { name: 'Réglages' }).waitFor();
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.equal(await page.getByLabel('Langue').inputValue(), 'fr');
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('when the WebSocket cannot connect, the app says offline, retries, and recovers', async () => {
    const watched = await openPage(browser, origin, { viewport: PHONE });
    watched.expectConsole(httpErrorLine(401));
    // The box's WebSocket is unreachable while HTTP still answers (the daemon stays up:
    // only the browser's path to /ws fails, each attempt closed before any frame).
    let attempts = 0;
    let reachable = false;
    await watched.context.routeWebSocket(/\/ws$/, (socket) => {
      attempts++;
      if (reachable) socket.connectToServer();
      else void socket.close({ code: 1011, reason: 'unreachable in this test' });
    });
    await loggedInOffline(watched, daemon, gran);
    const { page } = watched;
    await watched.context.setOffline(false);
    const banner = page.getByTestId('connection-banner');
    await banner.getByText(/^Offline\. Trying again in \d+ seconds?\.$/).waitFor();
    const tryNow = banner.getByRole('button', { name: 'Try now' });
    await tryNow.waitFor();
    assert.equal(await page.getByTestId('connection-state').innerText(), 'Offline');
    await screenshot(page, 'offline-retrying-phone-light');

    const before = attempts;
    await tryNow.click();
    await page.waitForFunction(() => document.querySelector('.banner p')?.textContent?.startsWith('Offline. Trying again'));
    assert.ok(attempts > before, '"Try now" made another attempt');

    reachable = true;
    await tryNow.click();
    await page.getByTestId('connection-state').getByText('Online').waitFor();
    await page.getByText('Your contacts appear once Foyer is connected.').waitFor({ state: 'detached' });
    assert.equal(await banner.isVisible(), false);
    watched.assertClean();
    await watched.context.close();
  });

  await t.test('a session ended while away sends the person back to the login screen', async () => {
    const watched = await openPage(browser, origin);
    watched.expectConsole(httpErrorLine(401));
    watched.expectConsole(/WebSocket connection to '.*\/ws' failed/);
    const cookie = await loggedInOffline(watched, daemon, gran);
    const { page } = watched;
    // Signed out on another device meanwhile.
    assert.equal((await fetch(`${origin}/api/logout`, { method: 'POST', headers: { cookie } })).status, 200);
    await watched.context.setOffline(false); // the app retries at once: the upgrade is refused (401)
    await page.getByRole('heading', { name: 'Sign in to Foyer' }).waitFor();
    const kept = await page.evaluate(async () => (await (await caches.open('foyer-api-v1')).keys()).length);
    assert.equal(kept, 0, 'the cached session answer is gone, so an offline start shows the login screen');
    watched.assertClean();
    await watched.context.close();
  });
});
