// XEP-0030 and XEP-0115 between real sessions: disco#info answers, caps verified before they
// enter the cache, and one cache shared by all the sessions of the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { Linker, FeatureEvent } from '../../src/linker/linker.js';
import { createCapsFeature, FOYER_CAPS_NODE, NS_CAPS, type CapsApi } from '../../src/linker/features/caps/index.js';
import { MemoryCapsStore } from '../../src/linker/features/caps/store.js';
import { computeCapsVer } from '../../src/linker/features/caps/ver.js';
import { disco, type DiscoApi } from '../../src/linker/features/disco/index.js';
import { NS_DISCO_INFO } from '../../src/linker/features/disco/stanza.js';
import { xml } from '../../src/xml/element.js';
import { createAccounts, createLinker } from './support/sessions.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);

async function family(t: Parameters<typeof createLinker>[0], count: number, store: MemoryCapsStore): Promise<Linker[]> {
  const features = [disco, createCapsFeature(store)];
  const accounts = await createAccounts(prosody, count, 'caps');
  const linkers = accounts.map((account) => createLinker(t, prosody, ticker, { ...account, features }));
  await Promise.all(linkers.map((linker) => linker.start()));
  return linkers;
}

function events(linker: Linker): FeatureEvent[] {
  const seen: FeatureEvent[] = [];
  linker.on('event', (event: FeatureEvent) => seen.push(event));
  return seen;
}

test('disco#info about a session lists its identity and the features of every enabled feature', async (t) => {
  const [alice, bob] = await family(t, 2, new MemoryCapsStore()) as [Linker, Linker];
  const info = await alice.feature<DiscoApi>('disco').info(bob.jid);
  assert.deepEqual(info.identities, [{ category: 'client', type: 'web', name: 'Foyer' }]);
  for (const feature of [NS_DISCO_INFO, NS_CAPS, 'urn:xmpp:ping']) assert.ok(info.features.includes(feature), feature);
  assert.equal(computeCapsVer(info), bob.feature<CapsApi>('caps').ver, 'the ver we announce hashes what we answer');
  // And the same for the server, whose answer comes from Prosody.
  const server = await alice.feature<DiscoApi>('disco').info(prosody.domain);
  assert.ok(server.identities.some((identity) => identity.category === 'server'));
  assert.ok(server.features.includes('urn:xmpp:ping'));
  await assert.rejects(alice.feature<DiscoApi>('disco').info(bob.jid, 'urn:unknown#node'), { condition: 'item-not-found' });
});

test('caps are verified once and then served from the cache shared by all sessions', async (t) => {
  const store = new MemoryCapsStore();
  const [alice, bob, carol] = await family(t, 3, store) as [Linker, Linker, Linker];
  let discoQueriesToBob = 0;
  bob.router.on(`iq-get/${NS_DISCO_INFO}`, () => { discoQueriesToBob++; }, 10);
  const aliceEvents = events(alice);
  const carolEvents = events(carol);
  const caps = bob.feature<CapsApi>('caps');

  bob.send(xml('presence', { to: alice.jid }, caps.element()));
  await waitUntil(() => aliceEvents.length === 1, 'alice resolved bob\'s caps');
  assert.deepEqual(aliceEvents, [{ name: 'caps.info-resolved', payload: { jid: bob.jid, ver: caps.ver } }]);
  assert.equal(discoQueriesToBob, 1);
  assert.equal(store.size, 1);
  assert.ok(alice.feature<CapsApi>('caps').infoOf(bob.jid)?.features.includes(NS_CAPS));

  bob.send(xml('presence', { to: carol.jid }, caps.element()));
  await waitUntil(() => carolEvents.length === 1, 'carol resolved bob\'s caps');
  assert.deepEqual(carolEvents, [{ name: 'caps.info-resolved', payload: { jid: bob.jid, ver: caps.ver } }]);
  assert.equal(discoQueriesToBob, 1, 'carol used the shared cache, no second query');
});

test('a ver that does not verify is not cached', async (t) => {
  const store = new MemoryCapsStore();
  const [alice, bob] = await family(t, 2, store) as [Linker, Linker];
  const aliceEvents = events(alice);
  const forgedVer = 'QgayPKawpkPSDYmwT/WM94uAlu0=';
  bob.send(xml('presence', { to: alice.jid }, xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: FOYER_CAPS_NODE, ver: forgedVer })));
  await waitUntil(() => aliceEvents.length === 1, 'alice tried to verify');
  assert.equal(aliceEvents[0]!.name, 'caps.verification-failed');
  assert.equal(store.get(forgedVer), undefined);
  assert.equal(alice.feature<CapsApi>('caps').infoOf(bob.jid), undefined);
});
