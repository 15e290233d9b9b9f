// One-to-one chat against the real Prosody, each Foyer "device" being a session with the
// chat feature and its own LMDB cache: sending through the outbox and the ack, receipts,
// carbons to a second device, read markers clearing unread everywhere, corrections and
// reactions, MAM history paging, catch-up after a session that could not resume, and the
// outbox surviving a server outage and a restart of Foyer.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type Cache, type StoredMessage } from '../../src/cache/index.js';
import type { FeatureEvent, Linker } from '../../src/linker/linker.js';
import { Ticker } from '../../src/linker/ticker.js';
import { enabledFeatures } from '../../src/linker/features/index.js';
import { MemoryCapsStore } from '../../src/linker/features/caps/store.js';
import type { HasBrowserMethods } from '../../src/linker/features/browser-methods.js';
import { xml } from '../../src/xml/element.js';
import { befriend, connectAccount, createAccount, type TestAccount } from '../support/contacts.js';
import { startTestProsody } from '../support/prosody.js';
import { createLinker } from './support/sessions.js';
import { waitUntil } from './support/wait.js';

const prosody = await startTestProsody();
const ticker = new Ticker(500);

interface Device {
  linker: Linker;
  cache: Cache;
  events: FeatureEvent[];
  call(method: string, params?: unknown): Promise<any>;
  messages(peer: string): StoredMessage[];
}

interface Store {
  cache: Cache;
  sessions: Linker[];
}

/** A cache on disk; after the test its sessions stop first, then it closes and its folder goes. */
function store(t: TestContext): Store {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-chat-cache-'));
  const opened: Store = { cache: openCache({ path: dir, diskReserveBytes: 0 }), sessions: [] };
  t.after(async () => {
    await Promise.all(opened.sessions.map((session) => session.stop()));
    await opened.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return opened;
}

/** A Foyer session for `account` with its own cache (or the given one: a restarted Foyer). */
async function device(t: TestContext, account: TestAccount, options: { store?: Store; resource?: string; firstSyncPages?: number } = {}): Promise<Device> {
  const kept = options.store ?? store(t);
  const cache = kept.cache;
  const linker = createLinker(t, prosody, ticker, { ...account, resource: options.resource, features: enabledFeatures({ capsStore: new MemoryCapsStore(), cache, chatFirstSyncPages: options.firstSyncPages }) });
  kept.sessions.push(linker);
  const events: FeatureEvent[] = [];
  linker.on('event', (event: FeatureEvent) => events.push(event));
  await linker.start();
  const user = account.jid;
  return {
    linker, cache, events,
    call: async (method, params = {}) => linker.feature<HasBrowserMethods>('chat').methods[method]!(params),
    messages: (peer) => cache.messages.getAllMessages(user, peer),
  };
}

const isSynced = (d: Device) => d.events.some((event) => event.name === 'chat.history-synced');
const bodies = (messages: readonly StoredMessage[]) => messages.map((message) => message.body);

test('chat between two people, mirrored on a second device of one of them', async (t) => {
  const [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount];
  await befriend(prosody, alice, bob);
  const aliceLaptop = await device(t, alice, { resource: 'laptop' });
  const alicePhone = await device(t, alice, { resource: 'phone' });
  const bobs = await device(t, bob);
  // Carbons are enabled before the catch-up's query, so once it is done they are on.
  await waitUntil(() => [aliceLaptop, alicePhone, bobs].every(isSynced), 'sessions caught up');

  await t.test('a sent message is queued, acked by the server, delivered, and mirrored', async () => {
    const { message } = await aliceLaptop.call('chat.send', { peer: bob.jid, body: 'Dinner at 7? 🍝' });
    assert.equal(message.state, 'queued');
    assert.equal(message.direction, 'out');
    await waitUntil(() => bodies(bobs.messages(alice.jid)).includes('Dinner at 7? 🍝'), 'bob received it');
    const received = bobs.messages(alice.jid)[0]!;
    assert.equal(received.id, message.id, 'the same id on both sides (origin-id)');
    assert.equal(received.direction, 'in');
    assert.ok(received.archiveId, 'our server gave it an archive id');
    // The tabs hear of it just after the commit that makes it readable.
    await waitUntil(() => bobs.events.some((e) => e.name === 'chat.message-received'), 'bob\'s tabs were told');
    assert.equal(bobs.cache.messages.getConversation(bob.jid, alice.jid)?.unread, 1);
    await waitUntil(() => aliceLaptop.cache.messages.findMessage(alice.jid, bob.jid, message.id)?.state === 'delivered', 'the receipt came back');
    assert.deepEqual(aliceLaptop.cache.outbox.pending(alice.jid), [], 'the ack took it out of the outbox');
    await waitUntil(() => alicePhone.messages(bob.jid).length === 1, 'the sent carbon reached the phone');
    assert.equal(alicePhone.messages(bob.jid)[0]!.direction, 'out');
    assert.equal(alicePhone.messages(bob.jid)[0]!.id, message.id);
  });

  await t.test('an answer reaches both devices once; reading it on one clears unread on the other', async () => {
    const { message } = await bobs.call('chat.send', { peer: alice.jid, body: 'Yes!' });
    for (const d of [aliceLaptop, alicePhone]) await waitUntil(() => bodies(d.messages(bob.jid)).includes('Yes!'), 'both of alice\'s devices have it');
    assert.equal(alicePhone.cache.messages.getConversation(alice.jid, bob.jid)?.unread, 1);
    const { conversation } = await aliceLaptop.call('chat.mark-read', { peer: bob.jid });
    assert.equal(conversation.unread, 0);
    await waitUntil(() => alicePhone.cache.messages.getConversation(alice.jid, bob.jid)?.unread === 0, 'the marker\'s carbon cleared the phone');
    await waitUntil(() => bobs.cache.messages.findMessage(bob.jid, alice.jid, message.id)?.state === 'displayed', 'bob sees it was read');
    assert.equal(bodies(aliceLaptop.messages(bob.jid)).filter((body) => body === 'Yes!').length, 1);
  });

  await t.test('a correction and a reaction change the message everywhere', async () => {
    const [first] = aliceLaptop.messages(bob.jid);
    await aliceLaptop.call('chat.correct', { peer: bob.jid, id: first!.id, body: 'Dinner at 8? 🍝' });
    assert.equal(aliceLaptop.cache.messages.findMessage(alice.jid, bob.jid, first!.id)?.body, 'Dinner at 8? 🍝');
    await waitUntil(() => bobs.cache.messages.findMessage(bob.jid, alice.jid, first!.id)?.body === 'Dinner at 8? 🍝', 'bob sees the correction');
    assert.equal(bobs.cache.messages.findMessage(bob.jid, alice.jid, first!.id)?.edited, true);
    assert.equal(bobs.messages(alice.jid).length, 2, 'a correction is no new message');

    await bobs.call('chat.react', { peer: alice.jid, id: first!.id, emojis: ['👍', '❤️'] });
    await waitUntil(() => aliceLaptop.cache.messages.findMessage(alice.jid, bob.jid, first!.id)?.reactions?.[bob.jid]?.length === 2, 'alice sees the reactions');
    await bobs.call('chat.react', { peer: alice.jid, id: first!.id, emojis: ['👍'] });
    await waitUntil(() => alicePhone.cache.messages.findMessage(alice.jid, bob.jid, first!.id)?.reactions?.[bob.jid]?.length === 1, 'a new set replaces the old one');
    await waitUntil(() => aliceLaptop.events.some((e) => e.name === 'chat.message-updated'), 'alice\'s tabs were told');
  });

  await t.test('a reply and an attachment travel with the message', async () => {
    const theirs = aliceLaptop.messages(bob.jid).find((m) => m.direction === 'in')!;
    const attachment = { url: 'https://upload.localhost/abc/bread.jpg', name: 'bread.jpg', mediaType: 'image/jpeg', size: 2048, width: 640, height: 480 };
    const { message } = await aliceLaptop.call('chat.send', { peer: bob.jid, body: 'Like this one?', replyTo: theirs.id, attachment });
    assert.equal(message.body, attachment.url, 'with an attachment the body is its URL');
    await waitUntil(() => bobs.cache.messages.findMessage(bob.jid, alice.jid, message.id) !== undefined, 'bob got it');
    const received = bobs.cache.messages.findMessage(bob.jid, alice.jid, message.id)!;
    assert.deepEqual(received.attachment, attachment);
    assert.equal(received.replyTo?.id, theirs.id);
    assert.equal(received.body, attachment.url, 'the quoted fallback is not part of the text');
  });

  await t.test('typing notifications reach the contact', async () => {
    await bobs.call('chat.typing', { peer: alice.jid, state: 'composing' });
    await waitUntil(() => aliceLaptop.events.some((e) => e.name === 'chat.typing-changed' && (e.payload as any).state === 'composing'), 'alice sees bob typing');
  });

  await t.test('hostile params from a tab are refused with E_RPC_BAD_PARAMS', async () => {
    for (const params of [{}, { peer: 'not a jid', body: 'x' }, { peer: `${bob.jid}/res`, body: 'x' }, { peer: bob.jid, body: '' }, { peer: bob.jid, body: 'x'.repeat(20_000) },
      { peer: bob.jid, body: 'x', attachment: { url: 'javascript:alert(1)', name: 'a', mediaType: 'text/plain', size: 1 } }, null, []]) {
      await assert.rejects(aliceLaptop.call('chat.send', params), { code: 'E_RPC_BAD_PARAMS' }, JSON.stringify(params));
    }
    await assert.rejects(aliceLaptop.call('chat.correct', { peer: bob.jid, id: 'nope', body: 'x' }), { code: 'E_RPC_BAD_PARAMS' });
    const theirs = aliceLaptop.messages(bob.jid).find((m) => m.direction === 'in')!;
    await assert.rejects(aliceLaptop.call('chat.correct', { peer: bob.jid, id: theirs.id, body: 'x' }), /Only your own/);
    await assert.rejects(aliceLaptop.call('chat.history', { peer: bob.jid, limit: 1000 }), { code: 'E_RPC_BAD_PARAMS' });
  });
});

test('history pages backwards: from the cache first, then from the archive, complete at the start', async (t) => {
  const [carol, dave] = await Promise.all(['carol', 'dave'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount];
  const davePhone = await connectAccount(prosody, dave, ticker);
  t.after(() => davePhone.stop());
  const carolsOther = await connectAccount(prosody, carol, ticker);
  t.after(() => carolsOther.stop());
  carolsOther.send(xml('presence'));
  const total = 130;
  for (let i = 0; i < total; i++) davePhone.send(xml('message', { to: carol.jid, type: 'chat', id: `h${i}` }, xml('body', null, `message ${i}`)));
  await waitUntil(() => davePhone.unackedCount === 0, 'all messages acked by the server');

  // A first sync bounded to one page, so that most of the history comes from the archive.
  const carols = await device(t, carol, { firstSyncPages: 1 });
  // A fresh cache: the catch-up stores the newest page of the archive (Prosody's largest: 50), as history.
  await waitUntil(() => carols.messages(dave.jid).length === 50, 'the newest 50 archived messages are cached');
  assert.equal(carols.cache.messages.getConversation(carol.jid, dave.jid)?.unread, 0, 'history is not unread');
  const seen: string[] = [];
  let before: { time: number; id: string } | undefined;
  for (let page = 0; page < 10; page++) {
    const { messages, complete } = await carols.call('chat.history', { peer: dave.jid, limit: 30, ...(before ? { before } : {}) });
    seen.unshift(...bodies(messages));
    if (complete) break;
    before = { time: messages[0].time, id: messages[0].id };
  }
  assert.deepEqual(seen, Array.from({ length: total }, (_, i) => `message ${i}`), 'every message once, in order');
  assert.equal(carols.messages(dave.jid).length, total);
});

test('a fresh cache lists every conversation, beyond the archive\'s newest page', async (t) => {
  const peerCount = 60;
  const [kim] = await Promise.all([createAccount(prosody, 'kim')]) as [TestAccount];
  const peers = await prosody.createAccounts(Array.from({ length: peerCount }, (_, i) => ({ localpart: `kin${i}`, password: `kin${i}-secret` })));
  // Kim's phone writes to each of them once: her archive holds 60 conversations of 1 message.
  const kimsPhone = await connectAccount(prosody, kim, ticker);
  t.after(() => kimsPhone.stop());
  for (const [i, peer] of peers.entries()) kimsPhone.send(xml('message', { to: peer, type: 'chat', id: `hello${i}` }, xml('body', null, `hello ${i}`)));
  await waitUntil(() => kimsPhone.unackedCount === 0, 'archived');

  const kept = store(t);
  const kims = await device(t, kim, { store: kept });
  await waitUntil(() => isSynced(kims), 'the first sync finished', 60_000);
  const listed = kims.cache.messages.getConversations(kim.jid).map((conversation) => conversation.peer);
  assert.deepEqual(listed.sort(), [...peers].sort(), 'every conversation is in the list');
  assert.ok(listed.every((peer) => kims.messages(peer).length === 1));
  const progress = kims.events.filter((e) => e.name === 'chat.history-syncing').map((e) => (e.payload as { fetched: number }).fetched);
  assert.deepEqual(progress.slice(-1), [peerCount], `progress after each page: ${JSON.stringify(progress)}`);
  const announced = new Set(kims.events.filter((e) => e.name === 'chat.conversation-updated').map((e) => (e.payload as { conversation: { peer: string } }).conversation.peer));
  assert.equal(announced.size, peerCount, 'the tabs were told of each conversation');

  assert.equal(kims.cache.messages.getSyncPoint(kim.jid)?.backfill, undefined, 'the first sync is done');
  // A later session (the cache has a sync point) catches up forwards only: nothing is fetched again.
  await kims.linker.stop();
  const again = await device(t, kim, { store: kept });
  await waitUntil(() => isSynced(again), 'the next catch-up finished');
  const fetchedAgain = again.events.filter((e) => e.name === 'chat.history-syncing').map((e) => (e.payload as { fetched: number }).fetched);
  assert.deepEqual(fetchedAgain, [0], 'one forward page, empty');

  await t.test('a first sync stopped after its newest page goes on in the next session', async (t) => {
    const halfway = store(t);
    // What the session notes after each page, in the real cache (the bounded session below
    // clears it when it stops at its bound, as a finished first sync does).
    const messages = halfway.cache.messages;
    const noted: Array<Parameters<typeof messages.setBackfill>[1]> = [];
    const setBackfill = messages.setBackfill.bind(messages);
    messages.setBackfill = (user, backfill) => {
      noted.push(backfill);
      return setBackfill(user, backfill);
    };
    // Bounded to one page, the way a session stopped just after it would leave the cache...
    const stopped = await device(t, kim, { store: halfway, firstSyncPages: 1 });
    await waitUntil(() => isSynced(stopped), 'the newest page was read');
    await stopped.linker.stop();
    const cached = messages.getConversations(kim.jid);
    assert.equal(cached.length, 50, 'one page: 50 of the 60 conversations');
    // ...with where the first sync got after that page, as the session noted it.
    const oldest = cached.reduce((a, b) => (a.last.time < b.last.time ? a : b)).last;
    assert.deepEqual(noted[0], { archiveId: oldest.archiveId, time: oldest.time, pages: 1 }, 'noted after the first page');
    await setBackfill(kim.jid, noted[0]);
    const next = await device(t, kim, { store: halfway });
    await waitUntil(() => isSynced(next), 'the next session caught up');
    assert.deepEqual(halfway.cache.messages.getConversations(kim.jid).map((conversation) => conversation.peer).sort(), [...peers].sort());
    assert.equal(halfway.cache.messages.getSyncPoint(kim.jid)?.backfill, undefined);
  });
});

test('messages that arrived while Foyer was away are caught up from the archive', async (t) => {
  const [erin, frank] = await Promise.all(['erin', 'frank'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount];
  const kept = store(t);
  const { cache } = kept;
  const first = await device(t, erin, { store: kept });
  const franks = await connectAccount(prosody, frank, ticker);
  t.after(() => franks.stop());
  franks.send(xml('message', { to: erin.jid, type: 'chat', id: 'before' }, xml('body', null, 'while you were here')));
  await waitUntil(() => first.messages(frank.jid).length === 1, 'the live message');
  await waitUntil(() => first.cache.messages.getSyncPoint(erin.jid) !== undefined, 'a sync point');
  await first.linker.stop();

  // Erin's phone is online meanwhile, so the server delivers there and keeps the archive.
  const erinsPhone = await connectAccount(prosody, erin, ticker);
  t.after(() => erinsPhone.stop());
  erinsPhone.send(xml('presence'));
  for (const id of ['away1', 'away2', 'away3']) franks.send(xml('message', { to: erin.jid, type: 'chat', id }, xml('body', null, `while away ${id}`)));
  await waitUntil(() => franks.unackedCount === 0, 'sent');

  const again = await device(t, erin, { store: kept });
  await waitUntil(() => again.messages(frank.jid).length === 4, 'the missed messages are caught up');
  assert.deepEqual(bodies(again.messages(frank.jid)), ['while you were here', 'while away away1', 'while away away2', 'while away away3']);
  assert.equal(cache.messages.getConversation(erin.jid, frank.jid)?.unread, 4, 'caught-up messages are unread news');
  await waitUntil(() => again.events.filter((e) => e.name === 'chat.message-received').length === 3, 'the tabs are told about each');
  const progress = again.events.filter((e) => e.name === 'chat.history-syncing').map((e) => (e.payload as { fetched: number }).fetched);
  assert.ok(progress.length > 0 && progress.at(-1)! >= 3, `the catch-up told the tabs how far it was: ${JSON.stringify(progress)}`);
});

test('a message the server bounces is marked failed with its condition; Retry sends it again; forged errors change nothing', async (t) => {
  const [jane, mallory, ivan] = await Promise.all(['jane', 'mallory', 'ivan'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount, TestAccount];
  const janes = await device(t, jane);
  await waitUntil(() => isSynced(janes), 'caught up');
  const nobody = `nobody@${jane.jid.split('@')[1]}`;

  const { message } = await janes.call('chat.send', { peer: nobody, body: 'anyone there?' });
  const toldFailed = (id: string) => janes.events.some((e) => e.name === 'chat.message-updated'
    && (e.payload as { message: StoredMessage }).message.id === id && (e.payload as { message: StoredMessage }).message.state === 'failed');
  await waitUntil(() => toldFailed(message.id), 'the tabs were told it failed');
  const failed = janes.cache.messages.findMessage(jane.jid, nobody, message.id)!;
  assert.equal(failed.state, 'failed', 'stored');
  assert.equal(failed.failure?.condition, 'service-unavailable', 'RFC 6120 §8.3.3.19: no such user');
  assert.equal(janes.cache.messages.getConversation(jane.jid, nobody)?.last.state, 'failed', 'the chat list shows it too');
  await waitUntil(() => janes.cache.outbox.pending(jane.jid).length === 0, 'not left in the outbox');

  // Retry: a new message with the same text; the failed one is kept, marked retried.
  const retried = await janes.call('chat.retry', { peer: nobody, id: message.id });
  assert.notEqual(retried.message.id, message.id);
  assert.equal(retried.message.body, 'anyone there?');
  assert.equal(retried.failed.failure.retried, true);
  await assert.rejects(janes.call('chat.retry', { peer: nobody, id: message.id }), { code: 'E_RPC_BAD_PARAMS' }, 'sent again once');
  await waitUntil(() => janes.cache.messages.findMessage(jane.jid, nobody, retried.message.id)?.state === 'failed', 'it bounced again');
  await assert.rejects(janes.call('chat.retry', { peer: nobody, id: 'no-such-id' }), { code: 'E_RPC_BAD_PARAMS' });

  // A message to someone who exists but is away: sent, and it stays so whatever a third party says.
  const { message: toIvan } = await janes.call('chat.send', { peer: ivan.jid, body: 'see you Sunday' });
  await waitUntil(() => janes.cache.messages.findMessage(jane.jid, ivan.jid, toIvan.id)?.state === 'sent', 'acked');
  await assert.rejects(janes.call('chat.retry', { peer: ivan.jid, id: toIvan.id }), { code: 'E_RPC_BAD_PARAMS' }, 'only failed messages are retried');
  const mallorys = await connectAccount(prosody, mallory, ticker);
  t.after(() => mallorys.stop());
  const forged = (id: string, condition: string, text = 'refused') => xml('message', { to: janes.linker.jid, type: 'error', id },
    xml('error', { type: 'cancel' },
      xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
      xml('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }, text)));
  mallorys.send(forged(toIvan.id, 'forbidden', 'x'.repeat(100_000)));
  mallorys.send(forged(toIvan.id, 'remote-server-not-found'));
  mallorys.send(forged('an-id-nobody-sent', 'service-unavailable'));
  // Messages of one sender arrive in order: once this one is here, the forgeries were handled.
  mallorys.send(xml('message', { to: jane.jid, type: 'chat', id: 'after-forgeries' }, xml('body', null, 'hello')));
  await waitUntil(() => janes.messages(mallory.jid).length === 1, 'mallory\'s next message arrived');
  const kept = janes.cache.messages.findMessage(jane.jid, ivan.jid, toIvan.id)!;
  assert.equal(kept.state, 'sent', 'an error from a third party does not fail our message');
  assert.equal(kept.failure, undefined);
  assert.equal(janes.linker.state, 'online', 'the session goes on');
});

// Last: it restarts the server the other tests use.
test('a message typed while the server is down is sent when it is back, even after Foyer restarts', async (t) => {
  const [gina, hugo] = await Promise.all(['gina', 'hugo'].map((name) => createAccount(prosody, name))) as [TestAccount, TestAccount];
  const kept = store(t);
  const { cache } = kept;
  const ginas = await device(t, gina, { store: kept });
  await waitUntil(() => isSynced(ginas), 'caught up');

  await prosody.stop();
  const typed = (await ginas.call('chat.send', { peer: hugo.jid, body: 'sent while the server was down' })).message;
  const second = (await ginas.call('chat.send', { peer: hugo.jid, body: 'and Foyer restarted' })).message;
  assert.equal(typed.state, 'queued');
  assert.deepEqual(cache.outbox.pending(gina.jid).map((entry) => entry.id), [typed.id, second.id], 'on disk in the outbox');
  await ginas.linker.stop();

  await prosody.restart();
  const hugos = await device(t, hugo);
  await device(t, gina, { store: kept });
  await waitUntil(() => hugos.messages(gina.jid).length === 2, 'hugo got both messages');
  assert.deepEqual(bodies(hugos.messages(gina.jid)), ['sent while the server was down', 'and Foyer restarted']);
  await waitUntil(() => cache.outbox.pending(gina.jid).length === 0, 'the acks emptied the outbox');
  await waitUntil(() => cache.messages.findMessage(gina.jid, hugo.jid, typed.id)?.state !== 'queued', 'no longer shown as queued');
});
