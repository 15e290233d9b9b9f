// Contacts and profiles between two people in two browser contexts on one daemon: adding by
// address (with the errors a person can make), accepting the request live, blocking and
// removing from the details, and a new avatar — framed with the keyboard, resized in the
// browser — appearing live on the other person's screen, served from the daemon's blob store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, lowContrastTexts, openPage, PHONE, LAPTOP, screenshot, smallTouchTargets, type WatchedPage } from '../support/browser.js';
import { createAccount } from '../support/contacts.js';
import { startTestDaemon } from '../support/daemon.js';
import { startTestProsody } from '../support/prosody.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';
import type { Page } from 'playwright-core';

assertWebAppBuilt();
const prosody = await startTestProsody();
const [mum, dad] = await Promise.all(['mum', 'dad'].map((name) => createAccount(prosody, name))) as [Awaited<ReturnType<typeof createAccount>>, Awaited<ReturnType<typeof createAccount>>];

/** Phone and laptop, light and dark, each checked for contrast and (on phones) touch targets. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [['phone', PHONE], ['laptop', LAPTOP]] as const) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await lowContrastTexts(page), [], `${name} ${size} ${colorScheme} contrast`);
      if (size === 'phone') assert.deepEqual(await smallTouchTargets(page), [], `${name} touch targets`);
      await screenshot(page, `${name}-${size}-${colorScheme}`);
    }
  }
  await page.setViewportSize(LAPTOP);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('contacts and profiles between two browsers', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), startTestDaemon(t, prosody)]);
  const open = async (account: typeof mum): Promise<WatchedPage> => {
    const watched = await openPage(browser, daemon.url);
    await logInContext(watched.context, daemon, account);
    await watched.page.goto(`${daemon.url}/#/contacts`);
    await watched.page.getByTestId('connection-state').getByText('Online').waitFor();
    return watched;
  };
  const mums = await open(mum);
  const dads = await open(dad);
  const mumsRowAtDads = dads.page.locator(`.row[data-jid="${mum.jid}"]`);
  const dadsRowAtMums = mums.page.locator(`.row[data-jid="${dad.jid}"]`);

  await t.test('adding by address explains mistakes, then sends the request', async () => {
    const { page } = mums;
    const address = page.getByLabel('Add a contact by address');
    const message = page.locator('#contact-add-message');
    await address.fill('dad');
    await address.press('Enter');
    await message.getByText('Enter an address like name@home.example.').waitFor();
    assert.equal(await address.getAttribute('aria-invalid'), 'true');
    await address.fill(mum.jid.toUpperCase());
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await message.getByText('That is your own address.').waitFor();
    await address.fill(` ${dad.jid} `);
    await address.press('Enter');
    await message.getByText(`Request sent to ${dad.jid}.`, { exact: false }).waitFor();
    assert.equal(await address.inputValue(), '');
    await dadsRowAtMums.waitFor();
    await dadsRowAtMums.click();
    await page.locator('.pane-content').getByText('Waiting for them to accept').waitFor();
  });

  await t.test('the request appears live for the other person, who accepts it', async () => {
    const { page } = dads;
    const request = page.locator(`.request[data-request="${mum.jid}"]`);
    await request.waitFor();
    // Also told on the tab, wherever one is in the app.
    await page.getByRole('link', { name: 'Contacts 1 contact request waiting' }).waitFor();
    await screenshots(page, 'people-contacts-request');
    await request.getByRole('button', { name: `Accept ${mum.jid}` }).click();
    await request.waitFor({ state: 'detached' });
    await page.locator('.tab .badge-slot').waitFor({ state: 'hidden' });
    await mumsRowAtDads.getByText('Available').waitFor();
    await dadsRowAtMums.getByText('Available').waitFor();
    await mums.page.locator('.pane-content').getByText('Waiting for them to accept').waitFor({ state: 'detached' });
  });

  await t.test('a new picture, framed with the keyboard, reaches the contact live', async () => {
    const { page } = mums;
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    const nameForm = page.locator('.profile-form').first();
    // A name is remote text for everyone else: markup in it stays characters.
    const hostile = '<img src=x onerror=alert(1)>\u202Eevil';
    await page.getByLabel('Name shown to your contacts').fill(hostile);
    await nameForm.getByRole('button', { name: 'Save' }).click();
    await nameForm.getByText('Saved.').waitFor();
    await mumsRowAtDads.locator('bdi.name', { hasText: '<img src=x' }).waitFor();
    assert.equal(await mumsRowAtDads.locator('bdi.name').textContent(), hostile);
    assert.equal(await dads.page.locator('.pane-list img:not([data-hash])').count(), 0, 'no element made from the name');

    await page.getByLabel('Name shown to your contacts').fill('Mum 🌷');
    await nameForm.getByRole('button', { name: 'Save' }).click();
    await mumsRowAtDads.getByText('Mum 🌷').waitFor();

    // A landscape "photo", made by the browser itself.
    const photo = Buffer.from(await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 400;
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, 640, 400);
      gradient.addColorStop(0, '#2f6b3a');
      gradient.addColorStop(1, '#f2b94b');
      context.fillStyle = gradient;
      context.fillRect(0, 0, 640, 400);
      context.fillStyle = '#a8401f';
      context.beginPath();
      context.arc(320, 200, 120, 0, Math.PI * 2);
      context.fill();
      return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
    }), 'base64');
    await page.locator('input[type="file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    const dialog = page.getByRole('dialog', { name: 'Frame your picture' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('crop-canvas')), true, 'the keyboard starts on the picture');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowUp');
    assert.ok(Number(await dialog.getByLabel('Zoom').inputValue()) > 1.2);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'people-avatar-crop-phone-light');
    await page.setViewportSize(LAPTOP);
    await dialog.getByRole('button', { name: 'Use this picture' }).click();
    await dialog.waitFor({ state: 'detached' });

    const own = page.locator('.profile-card .avatar img');
    await own.waitFor();
    const hash = await own.getAttribute('data-hash');
    assert.match(hash ?? '', /^[0-9a-f]{40}$/);
    const atDads = mumsRowAtDads.locator(`.avatar img[data-hash="${hash}"]`);
    await atDads.waitFor();
    await dads.page.waitForFunction((selector) => (document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth === 192, `.row[data-jid="${mum.jid}"] .avatar img`);
    const blob = daemon.cache.blobs.getBlob('avatar', hash!);
    assert.ok(blob && blob.data.length <= 46 * 1024, 'stored once, small');

    const served = await dads.page.evaluate(async (path) => {
      const response = await fetch(path);
      return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), bytes: (await response.arrayBuffer()).byteLength };
    }, `/avatars/${hash}`);
    assert.deepEqual(served, { status: 200, type: blob!.type, cache: 'private, max-age=31536000, immutable', bytes: blob!.data.length });
    assert.equal((await fetch(`${daemon.url}/avatars/${hash}`)).status, 401, 'only for the family');
    dads.expectConsole(/status of 404/);
    assert.equal(await dads.page.evaluate(async () => (await fetch(`/avatars/${'0'.repeat(40)}`)).status), 404);

    await dads.page.locator(`.row[data-jid="${mum.jid}"]`).click();
    await dads.page.locator('.pane-content').getByRole('heading', { name: 'Mum 🌷' }).waitFor();
    await dads.page.locator(`.pane-content .avatar img[data-hash="${hash}"]`).waitFor();

    await page.getByLabel('Show me as').selectOption('away');
    await page.getByLabel('Status message').fill('In the garden');
    await page.locator('.profile-form').nth(1).getByRole('button', { name: 'Save' }).click();
    await mumsRowAtDads.getByText('In the garden').waitFor();
    await mumsRowAtDads.getByText('Away').waitFor();
    await screenshots(page, 'people-profile');
  });

  await t.test('blocking from the details, unblocking from the list; removing asks first', async () => {
    const { page } = dads;
    const details = page.locator('.pane-content');
    await details.getByRole('button', { name: 'Block' }).click();
    await details.getByText('Blocked: you receive no messages').waitFor();
    await mumsRowAtDads.getByText('Offline').waitFor();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action), 'block', 'the keyboard stays on the action');
    const blockedList = page.locator('section.blocked');
    await blockedList.getByText(mum.jid).waitFor();
    await screenshots(page, 'people-contacts');
    await blockedList.getByRole('button', { name: `Unblock ${mum.jid}` }).click();
    await blockedList.waitFor({ state: 'hidden' });

    await details.getByRole('button', { name: 'Remove contact' }).click();
    await details.getByText('Remove Mum 🌷 from your contacts?').waitFor();
    await page.keyboard.press('Escape');
    await details.getByRole('button', { name: 'Remove contact' }).waitFor();
    await details.getByRole('button', { name: 'Remove contact' }).click();
    await details.getByRole('button', { name: 'Remove', exact: true }).click();
    await mumsRowAtDads.waitFor({ state: 'detached' });
    await page.waitForURL(/#\/contacts$/);
  });

  await t.test('the removed side is told, and can ask again', async () => {
    const { page } = mums;
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await dadsRowAtMums.click();
    const details = page.locator('.pane-content');
    await details.getByText('You do not see when they are online').waitFor();
    await details.getByRole('button', { name: 'Ask again' }).click();
    await dads.page.locator(`.request[data-request="${mum.jid}"]`).waitFor();
    await details.getByText('Waiting for them to accept').waitFor();
  });

  for (const watched of [mums, dads]) {
    watched.assertClean();
    await watched.context.close();
  }
});
