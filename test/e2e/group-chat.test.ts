// A group chat with three members in Chromium, through the daemon and the real Prosody: mum
// creates a group with a name and invites dad and the kid from her contacts, they accept the
// invitations, everyone sees everyone's messages live, and a message naming dad notifies him
// while he is on another screen (a browser notification, and a badge on the group) and is
// highlighted when he opens it. Screenshots of the room at laptop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets, type WatchedPage } from '../support/browser.js';
import { befriend, createAccount, type TestAccount } from '../support/contacts.js';
import { startTestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

assertWebAppBuilt();
const prosody = await startTestProsody();
const [mum, dad, kid] = await Promise.all(['mum', 'dad', 'kid'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount, TestAccount];
await Promise.all([befriend(prosody, mum, dad), befriend(prosody, mum, kid)]);

/** Browser notifications cannot be shown headless: the page's Notification records them instead. */
async function recordNotifications(watched: WatchedPage): Promise<void> {
  await watched.context.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
  });
}

const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body: string }> }).__notifications);

test('a group chat with three members', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const tabs = await Promise.all([mum, dad, kid].map(async (account) => {
    const watched = await openPage(browser, daemon.url);
    await recordNotifications(watched);
    await logInContext(watched.context, daemon, account);
    await watched.page.goto(daemon.url);
    await watched.page.getByTestId('connection-state').getByText('Online').waitFor();
    return watched;
  }));
  const [mumPage, dadPage, kidPage] = tabs.map((tab) => tab.page) as [Page, Page, Page];
  let room = '';
  const messageIn = (page: Page, text: string) => page.locator('.message', { hasText: text });

  await t.test('mum creates a named group and invites dad and the kid from her contacts', async () => {
    await mumPage.getByRole('button', { name: 'New group' }).click();
    await mumPage.getByLabel('Group name').fill('Sunday lunch');
    await mumPage.getByRole('button', { name: 'Create the group' }).click();
    await mumPage.getByRole('heading', { name: 'Sunday lunch' }).waitFor();
    room = decodeURIComponent(new URL(mumPage.url()).hash.split('/')[2]!);
    assert.match(room, /^sunday-lunch-[0-9a-f]{6}@groups\.localhost$/);
    await mumPage.locator('.rooms .row', { hasText: 'Sunday lunch' }).waitFor();

    await mumPage.locator('summary', { hasText: '1 person here' }).click();
    await mumPage.locator('.occupant', { hasText: 'mum' }).getByText('Owner').waitFor();
    for (const invitee of [dad, kid]) {
      if (await mumPage.getByLabel('Contact to invite').count() === 0) await mumPage.getByRole('button', { name: 'Invite someone' }).click();
      await mumPage.getByLabel('Contact to invite').selectOption(invitee.jid);
      await mumPage.getByRole('button', { name: 'Send the invitation' }).click();
      await mumPage.getByText(`Invitation sent to ${invitee.jid}.`).waitFor();
    }
  });

  await t.test('dad and the kid accept the invitation and see who is there', async () => {
    for (const page of [dadPage, kidPage]) {
      const invitation = page.locator(`.invitation[data-room="${room}"]`);
      await invitation.getByText(`Invited by ${mum.jid}`).waitFor();
      await invitation.getByText('Sunday lunch').waitFor();
      await invitation.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: 'Sunday lunch' }).waitFor();
    }
    await mumPage.locator('summary', { hasText: '3 people here' }).waitFor();
    await kidPage.locator('summary', { hasText: '3 people here' }).waitFor();
  });

  await t.test('everyone sees each other\'s messages live', async () => {
    const say = async (page: Page, text: string) => {
      await page.getByLabel('Message to Sunday lunch').fill(text);
      await page.getByLabel('Message to Sunday lunch').press('Enter');
    };
    await say(mumPage, 'Lunch at one o\'clock <b>sharp</b>');
    await say(dadPage, 'I will bring dessert');
    await say(kidPage, 'Can we have pizza? https://example.org/pizza');
    for (const page of [mumPage, dadPage, kidPage]) {
      for (const text of ['Lunch at one o\'clock <b>sharp</b>', 'I will bring dessert', 'Can we have pizza? https://example.org/pizza']) {
        await messageIn(page, text).waitFor();
      }
      assert.equal(await page.locator('.message b').count(), 0, 'remote text is text, not markup');
    }
    await messageIn(dadPage, 'I will bring dessert').and(dadPage.locator('.message-out')).waitFor();
    await messageIn(mumPage, 'I will bring dessert').locator('.sender', { hasText: 'dad' }).waitFor();
    assert.equal(await kidPage.getByRole('link', { name: 'https://example.org/pizza' }).getAttribute('rel'), 'noopener noreferrer nofollow');
  });

  await t.test('a message naming dad notifies him and is highlighted', async () => {
    await dadPage.getByRole('link', { name: 'Contacts', exact: true }).click();
    await kidPage.getByLabel('Message to Sunday lunch').fill('dad, the oven is beeping');
    await kidPage.getByLabel('Message to Sunday lunch').press('Enter');
    await dadPage.waitForFunction(() => (window as unknown as { __notifications: unknown[] }).__notifications.length > 0);
    assert.deepEqual(await notifications(dadPage), [{ title: 'kid mentioned you in Sunday lunch', body: 'dad, the oven is beeping' }]);
    assert.deepEqual(await notifications(mumPage), [], 'only the one named');
    await dadPage.getByRole('link', { name: 'Chats', exact: true }).click();
    const row = dadPage.locator('.rooms .row', { hasText: 'Sunday lunch' });
    await row.getByText('1 mention').waitFor();
    await row.click();
    await messageIn(dadPage, 'dad, the oven is beeping').and(dadPage.locator('.mention')).waitFor();
    await dadPage.getByRole('link', { name: 'Chats', exact: true }).click();
    assert.equal(await row.getByText('1 mention').count(), 0, 'seen once the group was opened');
  });

  await t.test('the room at laptop and phone sizes', async () => {
    await mumPage.locator('summary').click(); // the people and actions fold away again
    for (const colorScheme of ['light', 'dark'] as const) {
      await mumPage.emulateMedia({ colorScheme });
      await screenshot(mumPage, `group-chat-laptop-${colorScheme}`);
    }
    await mumPage.setViewportSize(PHONE);
    await mumPage.getByRole('link', { name: 'Back' }).waitFor();
    assert.deepEqual(await smallTouchTargets(mumPage), []);
    await screenshot(mumPage, 'group-chat-phone-dark');
    await mumPage.emulateMedia({ colorScheme: 'light' });
    await screenshot(mumPage, 'group-chat-phone-light');
    await mumPage.setViewportSize(LAPTOP);
  });

  await t.test('the kid leaves; the others see it', async () => {
    await kidPage.locator('summary', { hasText: '3 people here' }).click();
    await kidPage.getByRole('button', { name: 'Leave the group' }).click();
    await kidPage.locator('.leave-confirm').getByRole('button', { name: 'Leave the group' }).click();
    await kidPage.getByText('No groups yet.').waitFor();
    await mumPage.locator('summary', { hasText: '2 people here' }).waitFor();
  });

  for (const tab of tabs) tab.assertClean();
  await Promise.all(tabs.map((tab) => tab.context.close()));
});
