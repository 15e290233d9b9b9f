// Roster versioning (RFC 6121 §2.6) against the real Prosody, which offers it: the first
// login stores the roster with its version, a warm login with nothing changed gets the empty
// answer and rewrites nothing, pushes move the stored version on, and a change made while
// Foyer was away is fetched at the next login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { openTestCache } from '../support/cache.js';
import { befriend, connectAccount } from '../support/contacts.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { FeatureEvent } from '../../src/linker/linker.js';
import { disco } from '../../src/linker/features/disco/index.js';
import { createCapsFeature } from '../../src/linker/features/caps/index.js';
import { MemoryCapsStore } from '../../src/linker/features/caps/store.js';
import { presenceFeature } from '../../src/linker/features/presence/index.js';
import { rosterFeature, type RosterStore } from '../../src/linker/features/roster/index.js';
import type { RosterItem } from '../../src/cache/index.js';
import { xml } from '../../src/xml/element.js';
import { createAccounts, createLinker, type Account } from './support/sessions.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);

test('roster versioning: warm logins fetch nothing, pushes and offline changes keep the version right', async (t) => {
  const [mum, dad, gran] = (await createAccounts(prosody, 3, 'rosterver')) as [Account, Account, Account];
  await befriend(prosody, mum, dad);
  const cache = openTestCache(t);
  // The real cache store, counting the whole-roster rewrites (a full roster received).
  let fullRosters = 0;
  const store: RosterStore = {
    replaceAll: (user: string, items: readonly RosterItem[], version?: string) => {
      fullRosters++;
      return cache.roster.replaceAll(user, items, version);
    },
    put: (user, item, version) => cache.roster.put(user, item, version),
    remove: (user, jid, version) => cache.roster.remove(user, jid, version),
    list: (user) => cache.roster.list(user),
    get: (user, jid) => cache.roster.get(user, jid),
    version: (user) => cache.roster.version(user),
  };
  const features = [disco, createCapsFeature(new MemoryCapsStore()), presenceFeature, rosterFeature(store)];

  /** Logs mum's Foyer session in, waits for its roster, and stops it again. */
  async function foyerLogin(duringSession?: () => Promise<void>): Promise<string[]> {
    const linker = createLinker(t, prosody, ticker, { ...mum, features });
    const events: FeatureEvent[] = [];
    linker.on('event', (event: FeatureEvent) => events.push(event));
    await linker.start();
    await waitUntil(() => events.some((event) => event.name === 'roster.list-replaced'), 'the roster');
    await duringSession?.();
    await linker.stop();
    const replaced = events.find((event) => event.name === 'roster.list-replaced')!.payload as { items: { jid: string }[] };
    return replaced.items.map((item) => item.jid);
  }

  await t.test('the first login stores the whole roster with the version the server gave', async () => {
    assert.deepEqual(await foyerLogin(), [dad.jid]);
    assert.equal(fullRosters, 1);
    assert.ok(cache.roster.version(mum.jid), 'Prosody offered versioning and sent a version');
  });

  await t.test('a warm login with nothing changed gets the empty answer and rewrites nothing', async () => {
    const version = cache.roster.version(mum.jid);
    assert.deepEqual(await foyerLogin(), [dad.jid], 'the cached roster is shown');
    assert.equal(fullRosters, 1, 'no full roster was sent');
    assert.equal(cache.roster.version(mum.jid), version);
  });

  const mumsPhone = await connectAccount(prosody, mum);
  t.after(() => mumsPhone.stop());
  const rename = (name: string) => mumsPhone.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: dad.jid, name }))));

  await t.test('a push during the session stores its item and moves the version on', async () => {
    const before = cache.roster.version(mum.jid);
    await foyerLogin(async () => {
      await rename('Dad');
      await waitUntil(() => cache.roster.get(mum.jid, dad.jid)?.name === 'Dad', 'the pushed rename');
    });
    assert.notEqual(cache.roster.version(mum.jid), before);
    assert.deepEqual(await foyerLogin(), [dad.jid]);
    assert.equal(fullRosters, 1, 'the pushed version is current: still nothing fetched');
  });

  await t.test('changes made while Foyer was away arrive at the next login', async () => {
    const before = cache.roster.version(mum.jid);
    await rename('Papa');
    await mumsPhone.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: gran.jid }))));
    assert.deepEqual((await foyerLogin()).sort(), [dad.jid, gran.jid].sort());
    assert.equal(cache.roster.get(mum.jid, dad.jid)?.name, 'Papa');
    assert.notEqual(cache.roster.version(mum.jid), before);
  });
});
