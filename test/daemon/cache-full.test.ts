// A full disk under a running daemon (a real tmpfs filled up): the user whose write failed
// sees `cache.write-failed` in every tab (and in tabs opened later), other users and the
// daemon go on, and the next write that works clears it. The web app shows it as a banner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestProsody } from '../support/prosody.js';
import { befriend, connectAccount, createAccount } from '../support/contacts.js';
import { login, startTestDaemon, TestTab, type TestDaemon } from '../support/daemon.js';
import { mountTmpfs } from '../support/tmpfs.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { assertWebAppBuilt } from '../support/web-daemon.js';
import type { Page } from 'playwright-core';
import { xml } from '../../src/xml/element.js';
import type { Linker } from '../../src/linker/linker.js';

assertWebAppBuilt();
const MiB = 1024 * 1024;
const prosody = await startTestProsody();
const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => createAccount(prosody, name)));
await befriend(prosody, alice!, bob!);

/** Another client of the same account renames a contact: the server pushes it to the daemon's session (RFC 6121 §2.1.6). */
async function renameContact(client: Linker, jid: string, name: string): Promise<void> {
  await client.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid, name }))));
}

test('a full disk reaches the tabs of the user whose write failed, and clears when a write works again', async (t) => {
  const disk = mountTmpfs(32 * MiB);
  if ('refused' in disk) return t.skip(disk.refused);
  // The browser first: a child started after the cache opens inherits LMDB's file descriptor
  // (LMDB does not set close-on-exec) and would keep the tmpfs busy.
  const browser = await launchBrowser(t);
  const [daemon, aliceElsewhere] = await Promise.all([startTestDaemon(t, prosody, join(disk.path, 'data')), connectAccount(prosody, alice!)]);
  try {
    const watched = await openPage(browser, daemon.url);
    const { page } = watched;
    await page.goto(daemon.url);
    await page.getByLabel('Address').fill(alice!.jid);
    await page.getByLabel('Password').fill(alice!.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByTestId('connection-state').getByText('Online').waitFor();
    await fillAndFree(daemon, disk.path, aliceElsewhere, page);
  } finally {
    // The daemon's cache must be closed before its file system can be unmounted.
    await aliceElsewhere.stop();
    await daemon.stop();
    disk.unmount();
  }
});

async function fillAndFree(daemon: TestDaemon, diskPath: string, aliceElsewhere: Linker, page: Page): Promise<void> {
  const aliceLogin = await login(daemon, alice!.jid, alice!.password);
  const bobLogin = await login(daemon, bob!.jid, bob!.password);
  const aliceTab = await TestTab.open(daemon, aliceLogin.cookie);
  const bobTab = await TestTab.open(daemon, bobLogin.cookie);
  await aliceTab.call('roster.get');
  await bobTab.call('roster.get');

  // Leave less than the cache's 8 MiB reserve free, and wait out its free-space recheck.
  const { bavail, bsize } = statfsSync(diskPath);
  const hog = join(diskPath, 'space-hog');
  writeFileSync(hog, Buffer.alloc(bavail * bsize - 4 * MiB));
  await sleep(300);

  await renameContact(aliceElsewhere, bob!.jid, 'Bob on a full disk');
  const failed = await aliceTab.waitFor((frame) => frame.event === 'cache.write-failed', 'cache.write-failed');
  assert.equal(failed.data.code, 'E_CACHE_FULL');
  assert.match(failed.data.message, /storage is full/);
  assert.doesNotMatch(failed.data.message, /bytes|E_CACHE|roster/, 'written for a person, not the log');
  assert.ok(daemon.logs.some((line) => line.startsWith(`error E_CACHE_FULL ${alice!.jid}`)), 'the details go to the log');

  // The browser shows a banner the person can dismiss; reopening the app shows it again.
  const banner = page.getByTestId('storage-banner');
  await banner.getByText('The box\'s storage is full').waitFor();
  await screenshot(page, 'storage-full-banner');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await banner.waitFor({ state: 'hidden' });
  await page.reload();
  await banner.getByText('The box\'s storage is full').waitFor();

  // A tab opened now learns it too; Bob, who wrote nothing, is not told, and keeps working.
  const laterTab = await TestTab.open(daemon, aliceLogin.cookie);
  const standing = await laterTab.waitFor((frame) => frame.event === 'cache.write-failed', 'the standing failure');
  assert.deepEqual(standing.data, failed.data);
  const bobRoster = await bobTab.call('roster.get');
  assert.equal(bobRoster.result && (bobRoster.result as { items: { jid: string }[] }).items[0]?.jid, alice!.jid);
  assert.equal(bobTab.frames.filter((frame) => frame.event?.startsWith('cache.')).length, 0);
  assert.equal((await fetch(`${daemon.url}/metrics`)).status, 200, 'the daemon is still serving');

  // Space comes back: the next write for Alice works and the tabs hear the condition is over.
  rmSync(hog);
  await sleep(300);
  await renameContact(aliceElsewhere, bob!.jid, 'Bob with room again');
  await aliceTab.waitFor((frame) => frame.event === 'cache.write-recovered', 'cache.write-recovered');
  await laterTab.waitFor((frame) => frame.event === 'cache.write-recovered', 'cache.write-recovered in the later tab');
  const updated = await aliceTab.waitFor((frame) => frame.event === 'roster.item-updated' && frame.data.name === 'Bob with room again', 'the rename');
  assert.equal(updated.data.jid, bob!.jid);
  await banner.waitFor({ state: 'hidden' });
  aliceTab.close();
  laterTab.close();
  bobTab.close();
}
