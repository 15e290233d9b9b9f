// One-to-one chat in Chromium, one daemon and one browser for the file: two people in two
// browser contexts chat (message, receipt and read marker, reaction, correction); a hostile
// message from a third-party client (xmpp.js) arrives live and renders harmlessly; a message
// to an address that does not exist is marked not sent and can be retried; the
// conversation list and view are captured at phone and laptop sizes, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, lowContrastTexts, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets } from '../support/browser.js';
import { befriend, connectAccount, createAccount } from '../support/contacts.js';
import { xml } from '../../src/xml/element.js';
import { buildChatMessage } from '../../src/linker/features/chat/stanza.js';
import { startTestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { connectThirdParty } from '../support/third-party-xmpp.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const [mum, dad, stranger, gran, kid] = await Promise.all(['mum', 'dad', 'stranger', 'gran', 'kid'].map((name) => createAccount(prosody, name)));
await befriend(prosody, mum!, dad!);

const HOSTILE = {
  script: '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
  link: 'Click javascript:alert(document.cookie) or https://example.org/safe',
  bidi: 'Invoice \u202Egnp.exe\u202C and \u2067right-to-left\u2069 end',
  zalgo: `Z${'\u0336\u0337\u0338\u0300\u0301\u0302\u0303\u0304\u0305\u0306'.repeat(30)}algo`,
  huge: `BIG ${'0123456789 '.repeat(5_500)}END`,
};

test('one-to-one chat in the browser', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const mums = await openPage(browser, daemon.url);
  const dads = await openPage(browser, daemon.url, { viewport: PHONE });
  await logInContext(mums.context, daemon, mum!);
  await logInContext(dads.context, daemon, dad!);
  // Headless Chromium shows no system notifications: dad's page records what it is asked.
  await dads.context.addInitScript(() => {
    const record = { requested: 0, shown: [] as Array<{ title: string; body?: string }> };
    let permission: NotificationPermission = 'default';
    class RecordedNotification {
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) { record.shown.push({ title, body: options?.body }); }
      static get permission() { return permission; }
      static async requestPermission() { record.requested++; permission = 'granted'; return permission; }
      close() {}
    }
    Object.assign(window, { Notification: RecordedNotification, __notifications: record });
  });
  const notifications = () => dadPage.evaluate(() => (window as unknown as { __notifications: { requested: number; shown: Array<{ title: string; body?: string }> } }).__notifications);
  const mumPage = mums.page;
  const dadPage = dads.page;

  await t.test('mum starts a chat from her contacts; dad gets it live, unread, and reads it', async () => {
    await mumPage.goto(`${daemon.url}/#/contacts/${encodeURIComponent(dad!.jid)}`);
    await mumPage.getByTestId('connection-state').getByText('Online').waitFor();
    await mumPage.getByRole('link', { name: 'Send a message' }).click();
    const composer = mumPage.getByLabel(`Message to ${dad!.jid}`);
    await composer.fill('Dinner at 7? 🍝');
    await composer.press('Enter');
    const sent = mumPage.locator('.message-out', { hasText: 'Dinner at 7? 🍝' });
    await sent.waitFor();
    await sent.getByText(/^(Queued|Sent|Delivered)$/).waitFor();

    await dadPage.goto(daemon.url);
    const row = dadPage.locator(`.conversation-row[data-jid="${mum!.jid}"]`);
    await row.getByText('Dinner at 7? 🍝').waitFor();
    await row.getByLabel('1 unread message').waitFor();
    assert.match(await dadPage.title(), /^\(1\) /, 'the tab title counts the unread message');
    await screenshot(dadPage, 'chat-list-phone-light');
    await row.click();
    await dadPage.locator('.message-in', { hasText: 'Dinner at 7? 🍝' }).waitFor();
    await sent.getByText('Read').waitFor(); // dad's page marked it read: receipt, then marker
    await dadPage.waitForFunction(() => !document.title.startsWith('('));
    assert.deepEqual(await smallTouchTargets(dadPage), []);
    assert.equal((await notifications()).requested, 0, 'no permission asked on load');
  });

  await t.test('dad answers and reacts; mum corrects her message; both see it all', async () => {
    const dadComposer = dadPage.getByLabel(`Message to ${mum!.jid}`);
    await dadComposer.fill('Yes! Shall I bring bread?');
    await dadPage.getByRole('button', { name: 'Send' }).click();
    await mumPage.locator('.message-in', { hasText: 'Yes! Shall I bring bread?' }).waitFor();
    assert.equal((await notifications()).requested, 1, 'permission asked once dad sent his first message');

    const dadsView = dadPage.locator('.message-in', { hasText: 'Dinner at 7?' });
    await dadsView.hover();
    await dadsView.getByRole('button', { name: 'React with 👍' }).click();
    await mumPage.locator('.message-out', { hasText: 'Dinner at 7?' }).getByRole('button', { name: '👍 from 1 person' }).waitFor();

    const mine = mumPage.locator('.message-out', { hasText: 'Dinner at 7?' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mumPage.getByText('Correcting your last message').waitFor();
    const composer = mumPage.getByLabel(`Message to ${dad!.jid}`);
    assert.equal(await composer.inputValue(), 'Dinner at 7? 🍝');
    await composer.fill('Dinner at 8? 🍝');
    await composer.press('Enter');
    const corrected = dadPage.locator('.message-in', { hasText: 'Dinner at 8? 🍝' });
    await corrected.getByText('edited').waitFor();
    assert.equal(await dadPage.locator('.message-in').count(), 1, 'a correction is no new message');

    for (const colorScheme of ['light', 'dark'] as const) {
      await mumPage.emulateMedia({ colorScheme });
      await dadPage.emulateMedia({ colorScheme });
      assert.deepEqual(await lowContrastTexts(mumPage), [], `conversation ${colorScheme} contrast`);
      await screenshot(mumPage, `chat-conversation-laptop-${colorScheme}`);
      await screenshot(dadPage, `chat-conversation-phone-${colorScheme}`);
    }
    await dadPage.getByRole('link', { name: 'Back' }).click();
    await dadPage.locator(`.conversation-row[data-jid="${mum!.jid}"]`).waitFor();
    await screenshot(dadPage, 'chat-list-phone-dark');
    await mumPage.setViewportSize(LAPTOP);
    await screenshot(mumPage, 'chat-list-laptop-dark');
    await mumPage.emulateMedia({ colorScheme: 'light' });
    await screenshot(mumPage, 'chat-list-laptop-light');
  });

  await t.test('a message typed while the tab is offline waits, and goes when the connection is back', async () => {
    await mumPage.goto(`${daemon.url}/#/conversations/${encodeURIComponent(dad!.jid)}`);
    await mumPage.getByTestId('connection-state').getByText('Online').waitFor();
    await mums.context.setOffline(true);
    await mumPage.getByTestId('connection-state').getByText(/Offline|Reconnecting/).waitFor();
    await mumPage.getByText('You are offline. What you write now is sent when the connection is back.').waitFor();
    const composer = mumPage.getByLabel(`Message to ${dad!.jid}`);
    await composer.fill('Typed on the train');
    await composer.press('Enter');
    const waiting = mumPage.locator('.message-out', { hasText: 'Typed on the train' });
    await waiting.getByText('Waiting for the connection').waitFor();
    await mums.context.setOffline(false);
    await mumPage.getByTestId('connection-state').getByText('Online').waitFor();
    await waiting.getByText(/^(Queued|Sent|Delivered|Read)$/).waitFor();
    await dadPage.locator(`.conversation-row[data-jid="${mum!.jid}"]`).getByText('Typed on the train').waitFor();
    assert.equal(await mumPage.locator('.message-out', { hasText: 'Typed on the train' }).count(), 1, 'sent once');
    // Dad is on the list, not in that conversation: he is notified.
    await dadPage.waitForFunction(() => (window as unknown as { __notifications: { shown: Array<{ body?: string }> } }).__notifications.shown.some((n) => n.body === 'Typed on the train'));
    assert.equal((await notifications()).shown.find((n) => n.body === 'Typed on the train')?.title, `New message from ${mum!.jid}`);
  });

  await t.test('attachments: an image with its size reserved, another file as a download link', async (t) => {
    const dadsTablet = await connectAccount(prosody, dad!);
    t.after(() => dadsTablet.stop());
    const image = { url: `${daemon.url}/icons/icon-192.png`, name: 'cake.png', mediaType: 'image/png', size: 4096, width: 192, height: 192 };
    const file = { url: `${daemon.url}/icons/icon.svg`, name: 'menu.svg', mediaType: 'image/svg+xml', size: 12_345 };
    dadsTablet.send(buildChatMessage({ to: mum!.jid, id: 'photo-1', body: '', attachment: image }));
    dadsTablet.send(buildChatMessage({ to: mum!.jid, id: 'file-1', body: '', attachment: file }));
    const img = mumPage.locator('.message-in img[alt="cake.png"]');
    await img.waitFor();
    assert.equal(await img.getAttribute('width'), '192');
    assert.equal(await img.getAttribute('height'), '192');
    await mumPage.getByRole('link', { name: 'Download menu.svg (12.3 kB)' }).waitFor();
    await mumPage.locator(`.conversation-row[data-jid="${dad!.jid}"]`).getByText('File: menu.svg').waitFor();
  });

  await t.test('history loads as you scroll up, with a loading state and no jump', async (t) => {
    // Gran writes while only kid's phone is online: kid's Foyer learns of it from the archive
    // (its first sync on an empty cache reads it all: one conversation, three pages).
    const [gransPhone, kidsPhone] = await Promise.all([connectAccount(prosody, gran!), connectAccount(prosody, kid!)]);
    t.after(() => Promise.all([gransPhone.stop(), kidsPhone.stop()]));
    kidsPhone.send(xml('presence'));
    const total = 120;
    for (let i = 0; i < total; i++) gransPhone.send(xml('message', { to: kid!.jid, type: 'chat', id: `story-${i}` }, xml('body', null, `Story ${i}`)));
    for (let waited = 0; gransPhone.unackedCount > 0 && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));

    const kids = await openPage(browser, daemon.url, { viewport: PHONE });
    await logInContext(kids.context, daemon, kid!);
    const page = kids.page;
    await page.goto(`${daemon.url}/#/conversations/${encodeURIComponent(gran!.jid)}`);
    await page.locator('.message-in', { hasText: `Story ${total - 1}` }).waitFor();
    await page.evaluate(() => {
      const seen = window as unknown as { __sawLoading: boolean };
      seen.__sawLoading = false;
      new MutationObserver(() => { if (document.querySelector('.history-status .loading')) seen.__sawLoading = true; })
        .observe(document.body, { subtree: true, childList: true });
    });
    for (let round = 0; round < 20; round++) {
      if (await page.getByText('This is the start of your conversation.').isVisible()) break;
      const before = await page.evaluate(() => {
        document.querySelector('.message-scroller')!.scrollTop = 0;
        const first = document.querySelector<HTMLElement>('.messages > li')!;
        return { key: first.dataset.key!, top: first.getBoundingClientRect().top };
      });
      await page.waitForFunction((key) => document.querySelector<HTMLElement>('.messages > li')?.dataset.key !== key
        || document.querySelector('.history-status')?.textContent?.includes('start of your conversation'), before.key);
      const top = await page.evaluate((key) => document.querySelector(`.messages > li[data-key="${key}"]`)!.getBoundingClientRect().top, before.key);
      assert.ok(Math.abs(top - before.top) <= 2, `the message in view stayed put (${before.top} → ${top})`);
    }
    await page.getByText('This is the start of your conversation.').waitFor();
    const shown = await page.locator('.message-in .remote-text').allTextContents();
    assert.deepEqual(shown, Array.from({ length: total }, (_, i) => `Story ${i}`), 'every message once, in order');
    assert.equal(await page.evaluate(() => (window as unknown as { __sawLoading: boolean }).__sawLoading), true, 'the loading state was shown');
    kids.assertClean();
    await kids.context.close();
  });

  await t.test('a hostile message from a third-party client arrives live and stays text', async () => {
    await mumPage.goto(`${daemon.url}/#/conversations/${encodeURIComponent(stranger!.jid)}`);
    await mumPage.getByLabel(`Message to ${stranger!.jid}`).waitFor();
    await mumPage.getByText('This is the start of your conversation.').waitFor();
    const messages = Object.entries(HOSTILE).map(([id, body]) => ({ id, body }));
    const peer = await connectThirdParty(prosody, stranger!);
    try {
      for (const { id, body } of messages) await peer.send(xml('message', { to: mum!.jid, type: 'chat', id }, xml('body', null, body)));
    } finally {
      await peer.stop();
    }

    const log = mumPage.locator('.messages');
    await log.getByText('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">').waitFor();
    await log.getByText(/^BIG 0123456789/).waitFor();
    assert.equal(await log.locator('.message-in').count(), messages.length, 'every message arrived live, once');
    assert.equal(await mumPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no injected script ran');
    assert.equal(await log.locator('script, img, iframe').count(), 0, 'no markup from the message became elements');
    assert.equal(await log.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await log.getByRole('link', { name: 'https://example.org/safe' }).getAttribute('rel'), 'noopener noreferrer nofollow');
    const bidi = log.locator('.remote-text', { hasText: 'Invoice' });
    assert.equal(await bidi.getAttribute('dir'), 'auto');
    assert.equal(await bidi.evaluate((element) => getComputedStyle(element).unicodeBidi), 'isolate');
    const huge = log.locator('.message-in', { hasText: 'BIG 0123456789' });
    assert.ok((await huge.boundingBox())!.height < 600, 'the 60 KB message is clamped');
    await huge.getByRole('button', { name: 'Show more' }).waitFor();
    const zalgo = log.locator('.message-in .bubble', { hasText: 'algo' });
    assert.ok((await zalgo.boundingBox())!.height < 400, 'stacked marks stay inside their bubble');
    await screenshot(mumPage, 'chat-hostile-laptop-light');
    mums.assertClean();
    dads.assertClean();
  });

  await t.test('a message to an address that does not exist is marked not sent, with Retry', async () => {
    const nobody = `nobody@${mum!.jid.split('@')[1]}`;
    await mumPage.goto(`${daemon.url}/#/conversations/${encodeURIComponent(nobody)}`);
    const composer = mumPage.getByLabel(`Message to ${nobody}`);
    await composer.fill('Is this the right address?');
    await composer.press('Enter');
    const failed = mumPage.locator('.message-out.message-failed', { hasText: 'Is this the right address?' }).first();
    await failed.getByText('Not sent: this address does not exist or cannot receive messages.').waitFor();
    await failed.getByRole('button', { name: 'Retry' }).waitFor();
    await mumPage.locator(`.conversation-row[data-jid="${nobody}"]`).getByText('Not sent: Is this the right address?').waitFor();
    assert.deepEqual(await lowContrastTexts(mumPage), [], 'the failure mark is readable');
    assert.deepEqual(await smallTouchTargets(mumPage), []);
    await screenshot(mumPage, 'chat-failed-laptop-light');

    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.getByText('Sent again below').waitFor();
    assert.equal(await failed.getByRole('button', { name: 'Retry' }).count(), 0, 'retried once');
    await mumPage.locator('.message-out', { hasText: 'Is this the right address?' }).nth(1).getByRole('button', { name: 'Retry' }).waitFor();
    await mumPage.reload();
    await mumPage.locator('.message-out.message-failed', { hasText: 'Is this the right address?' }).first().getByText('Sent again below').waitFor();
    assert.equal(await mumPage.locator('.message-out.message-failed').count(), 2, 'both kept as not sent after a reload');
    mums.assertClean();
  });
});
