// Contacts and profiles between real sessions on the test Prosody, with the features the
// daemon runs: adding, accepting, refusing and removing contacts, a request that waited
// while its recipient was offline, our own presence, blocking (XEP-0191), and avatars
// (XEP-0084) and names (XEP-0292) reaching contacts, each image fetched once for a family
// that shares one cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { openTestCache } from '../support/cache.js';
import { befriend } from '../support/contacts.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { FeatureEvent, Linker } from '../../src/linker/linker.js';
import type { FeatureDefinition } from '../../src/linker/feature.js';
import { enabledFeatures } from '../../src/linker/features/index.js';
import type { HasBrowserMethods } from '../../src/linker/features/browser-methods.js';
import { MemoryCapsStore } from '../../src/linker/features/caps/store.js';
import { sha1Hex } from '../../src/cache/blobs.js';
import type { Cache } from '../../src/cache/index.js';
import { xml } from '../../src/xml/element.js';
import { createAccounts, createLinker, type Account } from './support/sessions.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const ticker = new Ticker(1000);

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Session {
  linker: Linker;
  events: FeatureEvent[];
  call(method: string, params?: unknown): Promise<any>;
  waitForEvent(name: string, match: (payload: any) => boolean, what: string): Promise<any>;
}

async function startSession(t: Parameters<typeof createLinker>[0], account: Account, features: readonly FeatureDefinition[]): Promise<Session> {
  const linker = createLinker(t, prosody, ticker, { ...account, features });
  const events: FeatureEvent[] = [];
  linker.on('event', (event: FeatureEvent) => events.push(event));
  await linker.start();
  const session: Session = {
    linker,
    events,
    call: async (method, params = {}) => linker.feature<HasBrowserMethods>(method.slice(0, method.indexOf('.'))).methods[method]!(params),
    async waitForEvent(name, match, what) {
      let found: FeatureEvent | undefined;
      await waitUntil(() => (found = events.find((event) => event.name === name && match(event.payload))) !== undefined, what);
      return found!.payload;
    },
  };
  // Settled once the roster is known: the tests read subscription states from it.
  await session.waitForEvent('roster.list-replaced', () => true, `${account.jid}'s roster`);
  return session;
}

/** The features of one daemon process: one cache, one caps store, shared by its sessions. */
function family(cache: Cache): readonly FeatureDefinition[] {
  return enabledFeatures({ capsStore: new MemoryCapsStore(), cache });
}

const contactOf = (session: Session, jid: string) => session.linker.feature<{ contacts(): Array<{ jid: string; subscription: string; ask: boolean }> }>('roster').contacts().find((contact) => contact.jid === jid);

test('contacts: add and accept, refuse, a request waiting for a login, own presence, remove', async (t) => {
  const [mum, dad, gran] = (await createAccounts(prosody, 3, 'people')) as [Account, Account, Account];
  const features = family(openTestCache(t));
  const [mums, dads] = await Promise.all([startSession(t, mum, features), startSession(t, dad, features)]);

  await t.test('an added contact who accepts becomes a mutual contact, with presence both ways', async () => {
    await mums.call('roster.add', { jid: dad.jid, name: 'Dad' });
    assert.deepEqual(await dads.waitForEvent('roster.request-received', (request) => request.jid === mum.jid, 'dad sees the request'), { jid: mum.jid, nick: null });
    assert.deepEqual((await dads.call('roster.requests')).requests, [{ jid: mum.jid, nick: null }]);
    await dads.call('roster.accept', { jid: mum.jid });
    await dads.waitForEvent('roster.request-removed', (payload) => payload.jid === mum.jid, 'the request is answered');
    await waitUntil(() => contactOf(mums, dad.jid)?.subscription === 'both' && contactOf(dads, mum.jid)?.subscription === 'both', 'both see each other');
    assert.deepEqual((await dads.call('roster.requests')).requests, []);
    assert.equal(mums.events.some((event) => event.name === 'roster.request-received'), false, 'dad asking back was approved by mum\'s session itself');

    await dads.call('presence.set', { show: 'away', status: ' Gardening ' });
    await mums.waitForEvent('presence.contact-changed', (change) => change.jid === dad.jid && change.show === 'away' && change.status === 'Gardening', 'mum sees dad away');
    assert.deepEqual(await dads.call('presence.own'), { show: 'away', status: 'Gardening' });
    await assert.rejects(dads.call('presence.set', { show: 'offline' }), { code: 'E_RPC_BAD_PARAMS' });
    await assert.rejects(mums.call('roster.add', { jid: 'not an address' }), { code: 'E_RPC_BAD_PARAMS' });
    await assert.rejects(mums.call('roster.add', { jid: mum.jid }), { code: 'E_RPC_BAD_PARAMS' });
  });

  await t.test('a request sent while the contact was offline is shown at their next login, and can be refused', async (t) => {
    await dads.linker.stop();
    const grans = await startSession(t, gran, features);
    await grans.call('roster.add', { jid: dad.jid });
    await waitUntil(() => contactOf(grans, dad.jid)?.ask === true, 'gran\'s request is pending');
    const dadsAgain = await startSession(t, dad, features);
    await dadsAgain.waitForEvent('roster.request-received', (request) => request.jid === gran.jid, 'the server re-sends the waiting request');
    await dadsAgain.call('roster.refuse', { jid: gran.jid });
    await waitUntil(() => contactOf(grans, dad.jid)?.ask === false && contactOf(grans, dad.jid)?.subscription === 'none', 'gran is refused');
    assert.deepEqual((await dadsAgain.call('roster.requests')).requests, []);

    await t.test('removing a contact cancels the subscriptions both ways', async () => {
      await dadsAgain.call('roster.remove', { jid: mum.jid });
      await dadsAgain.waitForEvent('roster.item-removed', (payload) => payload.jid === mum.jid, 'dad\'s roster push');
      await waitUntil(() => contactOf(mums, dad.jid)?.subscription === 'none', 'mum no longer sees dad nor is seen');
    });
  });
});

test('blocking stops messages and presence until unblocked', async (t) => {
  const [mum, dad] = (await createAccounts(prosody, 2, 'block')) as [Account, Account];
  await befriend(prosody, mum, dad);
  const features = family(openTestCache(t));
  const [mums, dads] = await Promise.all([startSession(t, mum, features), startSession(t, dad, features)]);
  const received: string[] = [];
  // Ahead of the chat feature, and leaving the message to it.
  mums.linker.router.on('message', (message) => {
    const body = message.children.find((child) => typeof child === 'object' && child.name === 'body');
    if (typeof body === 'object') received.push(String(body.children[0]));
  }, 100);
  await dads.call('presence.set', { show: 'online', status: 'Before' });
  await mums.waitForEvent('presence.contact-changed', (change) => change.jid === dad.jid && change.status === 'Before', 'mum sees dad');

  await mums.call('blocking.block', { jid: dad.jid });
  await mums.waitForEvent('blocking.item-added', (payload) => payload.jid === dad.jid, 'the blocklist push');
  assert.deepEqual(await mums.call('blocking.list'), { jids: [dad.jid] });
  await mums.waitForEvent('presence.contact-changed', (change) => change.jid === dad.jid && change.show === 'offline', 'dad looks offline to mum');
  await dads.call('presence.set', { show: 'dnd', status: 'While blocked' });
  dads.linker.send(xml('message', { to: mum.jid, type: 'chat' }, xml('body', null, 'while blocked')));
  // The server handles a stream's stanzas in order: once it answers this, the message was dealt with.
  await dads.linker.iq(xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));

  await mums.call('blocking.unblock', { jid: dad.jid });
  await mums.waitForEvent('blocking.item-removed', (payload) => payload.jid === dad.jid, 'the unblock push');
  dads.linker.send(xml('message', { to: mum.jid, type: 'chat' }, xml('body', null, 'after')));
  await waitUntil(() => received.includes('after'), 'the message after unblocking arrives');
  assert.deepEqual(received, ['after'], 'the message sent while blocked never arrived');
  assert.equal(mums.events.some((event) => event.name === 'presence.contact-changed' && (event.payload as { status: string }).status === 'While blocked'), false);
  assert.deepEqual(await mums.call('blocking.list'), { jids: [] });
  await assert.rejects(mums.call('blocking.block', { jid: 'x@y/resource' }), { code: 'E_RPC_BAD_PARAMS' });
});

test('an avatar and a name reach contacts; the family\'s shared store fetches the image once', async (t) => {
  const [mum, dad, gran] = (await createAccounts(prosody, 3, 'avatar')) as [Account, Account, Account];
  await Promise.all([befriend(prosody, mum, dad), befriend(prosody, mum, gran)]);
  // Mum is on another box (another cache); dad and gran share this one.
  const mumsBox = family(openTestCache(t));
  const cache = openTestCache(t);
  let stored = 0;
  const putBlob = cache.blobs.putBlob.bind(cache.blobs);
  cache.blobs.putBlob = (...args) => (stored++, putBlob(...args));
  const features = family(cache);
  const [mums, dads, grans] = await Promise.all([startSession(t, mum, mumsBox), startSession(t, dad, features), startSession(t, gran, features)]);

  const hash = sha1Hex(PNG);
  const own = await mums.call('profile.set-avatar', { data: PNG.toString('base64'), type: 'image/png', width: 1, height: 1 });
  assert.deepEqual(own, { jid: mum.jid, name: null, avatar: hash });
  for (const session of [dads, grans]) {
    await session.waitForEvent('profile.person-updated', (profile) => profile.jid === mum.jid && profile.avatar === hash, 'the avatar reaches the contact');
  }
  assert.deepEqual(cache.blobs.getBlob('avatar', hash)?.data, PNG);
  assert.equal(cache.blobs.getBlob('avatar', hash)?.type, 'image/png');
  assert.equal(stored, 1, 'one fetch for the two sessions sharing the store');

  await mums.call('profile.set-name', { name: 'Mum' });
  await dads.waitForEvent('profile.person-updated', (profile) => profile.jid === mum.jid && profile.name === 'Mum', 'the name reaches the contact');
  assert.deepEqual((await dads.call('profile.get')).profiles.find((profile: { jid: string }) => profile.jid === mum.jid), { jid: mum.jid, name: 'Mum', avatar: hash });

  await t.test('a contact logging in later gets the current avatar and name', async (t) => {
    await dads.linker.stop();
    const dadsAgain = await startSession(t, dad, features);
    await dadsAgain.waitForEvent('profile.person-updated', (profile) => profile.jid === mum.jid && profile.avatar === hash && profile.name === 'Mum', 'the last items after login');
    assert.equal(stored, 1, 'already stored: not fetched again');
  });

  await t.test('our own profile is read back at login; removing the avatar reaches contacts', async (t) => {
    await mums.linker.stop();
    const mumsAgain = await startSession(t, mum, mumsBox);
    await mumsAgain.waitForEvent('profile.person-updated', (profile) => profile.jid === mum.jid && profile.avatar === hash && profile.name === 'Mum', 'own profile');
    await mumsAgain.call('profile.remove-avatar');
    await grans.waitForEvent('profile.person-updated', (profile) => profile.jid === mum.jid && profile.avatar === null && profile.name === 'Mum', 'the avatar is gone');
    await assert.rejects(mumsAgain.call('profile.set-name', { name: '  ' }), { code: 'E_RPC_BAD_PARAMS' });
  });
});
