// A box opened by another address than its public one (FOYER_PUBLIC_URL): by its IP address,
// or from a phone that cannot resolve its name. Photos are named by the public address in
// messages and posts; the app shows them through the address it was opened with
// (web/src/lib/box-files.ts), so they still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPage } from '../support/browser.js';
import { befriend, connectAccount, createAccount, type TestAccount } from '../support/contacts.js';
import { login, TestTab } from '../support/daemon.js';
import { startFileShareProsody } from '../support/file-share.js';
import { buildChatMessage } from '../../src/linker/features/chat/stanza.js';
import { assertWebAppBuilt, logInContext } from '../support/web-daemon.js';

assertWebAppBuilt();
// .invalid never resolves (RFC 6761): the browser could not fetch a URL naming it.
const files = await startFileShareProsody({ sizeLimitBytes: 1024 * 1024 }, undefined, {}, 'foyer-box.invalid');
const [mum, dad] = await Promise.all(['mum', 'dad'].map((name) => createAccount(files.prosody, name))) as [TestAccount, TestAccount];
await befriend(files.prosody, mum, dad);
const PHOTO = readFileSync('dist/web/icons/icon-192.png');

test('photos named by the public address load in a page opened by another one', async (t) => {
  const [browser, daemon] = await Promise.all([launchBrowser(t), files.startDaemon(t)]);
  assert.ok(daemon.url.startsWith('http://127.0.0.1:'));

  // Dad uploads through the box; the slot names the public address.
  const { cookie: dadsCookie } = await login(daemon, dad.jid, dad.password);
  const uploaded = await fetch(`${daemon.url}/api/upload`, {
    method: 'POST',
    headers: { cookie: dadsCookie!, origin: daemon.url, 'content-type': 'image/png', 'x-foyer-filename': 'cake.png', 'x-foyer-width': '192', 'x-foyer-height': '192' },
    body: PHOTO,
  });
  assert.equal(uploaded.status, 200);
  const { attachment } = await uploaded.json() as { attachment: { url: string; name: string; mediaType: string; size: number; width: number; height: number } };
  assert.match(attachment.url, /^http:\/\/foyer-box\.invalid:\d+\/file_share\//);

  const dadsPhone = await connectAccount(files.prosody, dad);
  t.after(() => dadsPhone.stop());
  dadsPhone.send(buildChatMessage({ to: mum.jid, id: 'cake-1', body: '', attachment }));
  const { cookie: mumsCookie } = await login(daemon, mum.jid, mum.password);
  const mumsTab = await TestTab.open(daemon, mumsCookie);
  t.after(() => mumsTab.close());
  await mumsTab.call('microblog.publish', { text: 'Birthday cake', photos: [{ url: attachment.url, mediaType: 'image/png', name: 'cake.png', size: attachment.size }] });

  const { page, context } = await openPage(browser, daemon.url);
  await logInContext(context, daemon, mum);
  const loaded = async (where: string) => {
    const img = page.locator(`${where} img[alt="cake.png"]`).first();
    await img.waitFor();
    assert.ok((await img.getAttribute('src'))!.startsWith(`${daemon.url}/file_share/`), 'fetched from the page\'s own origin');
    await page.waitForFunction((selector) => {
      const shown = document.querySelector<HTMLImageElement>(selector);
      return shown !== null && shown.complete && shown.naturalWidth === 192;
    }, `${where} img[alt="cake.png"]`);
  };
  await page.goto(`${daemon.url}/#/conversations/${encodeURIComponent(dad.jid)}`);
  await loaded('.message-in');
  await page.goto(`${daemon.url}/#/feed`);
  await loaded('.photo-grid');
});
