// A real account end to end in the browser: log in through the form, see a contact's
// presence change live (their XMPP client comes online, goes away, leaves), open their
// details on laptop and phone, survive a network drop (the tab reconnects and refetches by
// itself), and sign out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xml } from '../../src/xml/element.js';
import { httpErrorLine, launchBrowser, lowContrastTexts, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets } from '../support/browser.js';
import { befriend, connectAccount, createAccount } from '../support/contacts.js';
import { startTestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { assertWebAppBuilt } from '../support/web-daemon.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const [mum, dad] = await Promise.all(['mum', 'dad'].map((name) => createAccount(prosody, name)));
await befriend(prosody, mum!, dad!);

test('contacts with live presence', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const watched = await openPage(browser, daemon.url);
  watched.expectConsole(httpErrorLine(401)); // GET /api/session before logging in
  const { page } = watched;
  const state = page.getByTestId('connection-state');
  const row = page.locator(`.row[data-jid="${dad!.jid}"]`);
  const summary = page.locator('.summary');

  await t.test('logging in through the form opens the app, online', async () => {
    await page.goto(daemon.url);
    await page.getByLabel('Address').fill(mum!.jid);
    await page.getByLabel('Password').fill(mum!.password);
    await page.getByLabel('Password').press('Enter');
    await state.getByText('Online').waitFor();
    await page.getByRole('heading', { name: 'Chats' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pane-title', 'focus lands on the first screen');
  });

  await t.test('the contact list follows a contact coming online, away, busy and leaving', async (t) => {
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await row.getByText('Offline').waitFor();
    await summary.getByText('0 contacts online out of 1').waitFor();

    const dadsPhone = await connectAccount(prosody, dad!);
    t.after(() => dadsPhone.stop());
    dadsPhone.send(xml('presence', null, xml('show', null, 'away'), xml('status', null, 'Gardening 🌱 https://example.org/garden')));
    await row.getByText('Away').waitFor();
    await row.getByText('Gardening 🌱 https://example.org/garden').waitFor();
    await summary.getByText('1 contact online out of 1').waitFor();

    const search = page.getByLabel('Search contacts');
    await search.fill('nobody');
    await page.getByText('No contact matches “nobody”.').waitFor();
    assert.equal(await row.count(), 0);
    await search.fill('DAD');
    await row.waitFor();
    await search.fill('');

    await row.click();
    const details = page.locator('.pane-content');
    await details.getByRole('heading', { name: dad!.jid }).waitFor();
    assert.equal(await details.getByRole('link', { name: 'https://example.org/garden' }).getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await row.getAttribute('aria-current'), 'true');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await lowContrastTexts(page), [], `contacts ${colorScheme} contrast`);
      await screenshot(page, `contacts-live-laptop-${colorScheme}`);
    }

    // On a phone the details are a page of their own, with a way back.
    await page.setViewportSize(PHONE);
    assert.equal(await page.locator('.pane-list').isVisible(), false);
    assert.deepEqual(await smallTouchTargets(page), []);
    await screenshot(page, 'contact-details-phone-dark');
    await page.getByRole('link', { name: 'Back' }).click();
    await row.waitFor();
    assert.equal(await details.isVisible(), false);
    await screenshot(page, 'contacts-live-phone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'contacts-live-phone-light');
    await page.setViewportSize(LAPTOP);

    await row.focus();
    dadsPhone.send(xml('presence', null, xml('show', null, 'dnd')));
    await row.getByText('Busy').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.jid), dad!.jid, 'the focus stays on the redrawn row');
    assert.equal(await row.locator('.status-line').count(), 0, 'the old status went with the old presence');
    await dadsPhone.stop();
    await row.getByText('Offline').waitFor();
    await summary.getByText('0 contacts online out of 1').waitFor();
  });

  await t.test('after a network drop the tab reconnects by itself and catches up', async (t) => {
    await page.context().setOffline(true);
    await state.getByText('Offline').waitFor();
    // Dad comes back while this tab is away: it misses the event and must refetch.
    const dadsLaptop = await connectAccount(prosody, dad!);
    t.after(() => dadsLaptop.stop());
    dadsLaptop.send(xml('presence', null, xml('status', null, 'Back home')));
    await page.context().setOffline(false);
    await state.getByText('Online').waitFor();
    await row.getByText('Available').waitFor();
    await row.getByText('Back home').waitFor();
    await summary.getByText('1 contact online out of 1').waitFor();
  });

  await t.test('signing out in Settings returns to the login screen', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Foyer' }).waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/session')).status), 401);
  });

  watched.assertClean();
  await watched.context.close(); // before the daemon stops: no request may reach a stopped daemon
});
