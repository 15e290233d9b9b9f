// XEP-0198 against the real Prosody: a dropped TCP connection is resumed with nothing lost or
// doubled in either direction, and a server restart is survived by a fresh session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { startTestProsody } from '../support/prosody.js';
import { Ticker } from '../../src/linker/ticker.js';
import type { Linker } from '../../src/linker/linker.js';
import type { OnlineInfo } from '../../src/linker/feature.js';
import { getChildText, xml, type Element } from '../../src/xml/element.js';
import { createAccounts, createLinker } from './support/sessions.js';
import { TlsProxy } from './support/tls-proxy.js';
import { waitUntil } from './support/wait.js';

const BATCH = 10;

/** Collects the bodies of the chat messages a session receives. */
function collectBodies(linker: Linker): string[] {
  const bodies: string[] = [];
  linker.router.on('message', (message) => {
    const body = getChildText(message, 'body');
    if (body !== undefined) bodies.push(body);
    return true;
  });
  return bodies;
}

function countAckedMessages(linker: Linker): { count: number } {
  const acked = { count: 0 };
  linker.on('stanza-acked', (stanza: Element) => { if (stanza.name === 'message') acked.count++; });
  return acked;
}

function sendBatch(from: Linker, to: string, label: string, batch: number): string[] {
  const bodies = Array.from({ length: BATCH }, (_, i) => `${label}-${batch}-${i}`);
  for (const body of bodies) from.send(xml('message', { to, type: 'chat' }, xml('body', null, body)));
  return bodies;
}

test('a dropped connection is resumed: every message arrives exactly once, both ways, and is acked', async (t) => {
  const prosody = await startTestProsody(t);
  const proxy = await TlsProxy.start(prosody);
  t.after(() => proxy.stop());
  const ticker = new Ticker(500);
  const [aliceAccount, bobAccount] = await createAccounts(prosody, 2, 'sm');
  const alice = createLinker(t, prosody, ticker, { ...aliceAccount!, server: proxy.endpoint });
  const bob = createLinker(t, prosody, ticker, { ...bobAccount! });
  const online: OnlineInfo[] = [];
  alice.on('online', (info: OnlineInfo) => online.push(info));
  await Promise.all([alice.start(), bob.start()]);
  const aliceGot = collectBodies(alice);
  const bobGot = collectBodies(bob);
  const aliceAcked = countAckedMessages(alice);
  const toAlice: string[] = [];
  const toBob: string[] = [];

  toAlice.push(...sendBatch(bob, alice.jid, 'bob', 1));
  toBob.push(...sendBatch(alice, bob.jid, 'alice', 1));
  await waitUntil(() => aliceGot.length === BATCH, 'alice got the first batch');

  const [connection] = proxy.connectionsOf(aliceAccount!.jid);
  assert.ok(connection, 'alice is connected through the proxy');
  const offline = once(alice, 'offline');
  // Alice's second batch goes out just as the link dies; Bob's arrives while she is away.
  toBob.push(...sendBatch(alice, bob.jid, 'alice', 2));
  proxy.drop(connection);
  toAlice.push(...sendBatch(bob, alice.jid, 'bob', 2));
  await offline;
  toBob.push(...sendBatch(alice, bob.jid, 'alice', 3)); // queued while offline

  await waitUntil(() => online.length === 2, 'alice is back online');
  assert.deepEqual(online.map((info) => info.resumed), [false, true]);
  toAlice.push(...sendBatch(bob, alice.jid, 'bob', 4));
  toBob.push(...sendBatch(alice, bob.jid, 'alice', 4));

  await waitUntil(() => aliceGot.length >= toAlice.length && bobGot.length >= toBob.length && alice.unackedCount === 0,
    'all messages arrived and alice has no unacked stanza');
  // One more round trip each way, so a late duplicate would have arrived by now.
  await alice.iq(xml('iq', { type: 'get', to: bob.jid }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  await bob.iq(xml('iq', { type: 'get', to: alice.jid }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  assert.deepEqual([...aliceGot].sort(), [...toAlice].sort(), 'alice got each of bob\'s messages exactly once');
  assert.deepEqual([...bobGot].sort(), [...toBob].sort(), 'bob got each of alice\'s messages exactly once');
  assert.equal(aliceAcked.count, toBob.length, 'alice saw each of her messages acked once');
  assert.equal(proxy.connections.length, 2, 'one reconnection, no more');
});

test('a link that dies silently is found by a ping and the session resumed on a new connection', async (t) => {
  const prosody = await startTestProsody(t);
  const proxy = await TlsProxy.start(prosody);
  t.after(() => proxy.stop());
  const ticker = new Ticker(100);
  const [account] = await createAccounts(prosody, 1, 'silent');
  const alice = createLinker(t, prosody, ticker, {
    ...account!, server: proxy.endpoint, timing: { pingIdleMs: 500, pingTimeoutMs: 500, backoff: { baseMs: 200, maxMs: 1000 } },
  });
  const online: OnlineInfo[] = [];
  const offline: Array<{ code?: string }> = [];
  alice.on('online', (info: OnlineInfo) => online.push(info));
  alice.on('offline', (error: { code?: string }) => offline.push(error));
  await alice.start();
  const [connection] = proxy.connectionsOf(account!.jid);
  connection!.isFrozen = true; // no FIN, no RST: only silence
  await waitUntil(() => online.length === 2, 'alice is online again');
  assert.equal(offline[0]?.code, 'E_LINKER_TIMEOUT', 'the unanswered ping declared the link dead');
  assert.deepEqual(online.map((info) => info.resumed), [false, true]);
});

test('after a server restart the sessions come back by themselves with a fresh session', async (t) => {
  const prosody = await startTestProsody(t);
  const ticker = new Ticker(500);
  const accounts = await createAccounts(prosody, 2, 'restart');
  const [alice, bob] = accounts.map((account) => createLinker(t, prosody, ticker, { ...account })) as [Linker, Linker];
  await Promise.all([alice.start(), bob.start()]);
  const bobGot = collectBodies(bob);
  const aliceGot = collectBodies(alice);
  const aliceJid = alice.jid;
  const comeBack = [alice, bob].map((linker) => new Promise<OnlineInfo>((resolve) => linker.once('online', resolve)));
  // Written while the server is down: it must survive the failed resumption.
  alice.once('offline', () => alice.send(xml('message', { to: aliceJid, type: 'chat' }, xml('body', null, 'note to self'))));

  await prosody.restart();
  const infos = await Promise.all(comeBack);
  assert.deepEqual(infos.map((info) => info.resumed), [false, false], 'the server forgot the old sessions: fresh ones');
  assert.equal(alice.jid, aliceJid, 'the same resource is bound again');
  await waitUntil(() => aliceGot.length === 1 && alice.unackedCount === 0, 'the message queued offline was delivered and acked');
  await alice.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  assert.deepEqual(aliceGot, ['note to self'], 'delivered once');
  alice.send(xml('message', { to: bob.jid, type: 'chat' }, xml('body', null, 'after the restart')));
  await waitUntil(() => bobGot.length === 1, 'bob got the message');
  assert.deepEqual(bobGot, ['after the restart']);
});
