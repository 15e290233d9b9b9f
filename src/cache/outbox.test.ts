import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openCache } from './index.js';

const alice = 'alice@family.example';
const stanza = (id: string) => `<message xmlns='jabber:client' to='bob@family.example' id='${id}' type='chat'><body>hi ${id}</body></message>`;

test('the outbox keeps stanzas in order until acked, across a restart', async (t) => {
  const path = makeTempDir(t);
  let now = 1_000;
  const first = openCache({ path, diskReserveBytes: 0, now: () => now++ });
  for (const id of ['m1', 'm2', 'm3']) {
    const entry = await first.outbox.enqueue(alice, { id, to: 'bob@family.example', stanza: stanza(id) });
    assert.equal(entry.state, 'queued');
  }
  const again = await first.outbox.enqueue(alice, { id: 'm2', to: 'bob@family.example', stanza: 'different' });
  assert.equal(again.stanza, stanza('m2'), 'a retried enqueue keeps the first stanza, not a second copy');
  assert.equal(await first.outbox.markSent(alice, 'm1'), true);
  assert.equal(await first.outbox.markSent(alice, 'nope'), false);
  await first.close();

  // The daemon restarts while the server is down: everything is still queued, in order.
  const second = openCache({ path, diskReserveBytes: 0 });
  t.after(() => second.close());
  const pending = second.outbox.pending(alice);
  assert.deepEqual(pending.map((entry) => [entry.id, entry.state]), [['m1', 'sent'], ['m2', 'queued'], ['m3', 'queued']]);
  assert.deepEqual(pending.map((entry) => entry.stanza), ['m1', 'm2', 'm3'].map(stanza));
  assert.ok(pending[0]!.created < pending[1]!.created && pending[1]!.seq < pending[2]!.seq);

  // The server's XEP-0198 ack covering m1 and m2 arrives.
  assert.equal(await second.outbox.ack(alice, 'm1'), true);
  assert.equal(await second.outbox.ack(alice, 'm2'), true);
  assert.equal(await second.outbox.ack(alice, 'm2'), false, 'a second ack of the same id is harmless');
  const next = await second.outbox.enqueue(alice, { id: 'm4', to: 'bob@family.example', stanza: stanza('m4') });
  assert.deepEqual(second.outbox.pending(alice).map((entry) => entry.id), ['m3', 'm4']);
  assert.ok(next.seq > pending[2]!.seq, 'sequence numbers keep increasing after a restart');
  // An acked id may be used again (ids are unique among pending stanzas only).
  await second.outbox.enqueue(alice, { id: 'm1', to: 'bob@family.example', stanza: stanza('m1') });
  assert.deepEqual(second.outbox.pending(alice).map((entry) => entry.id), ['m3', 'm4', 'm1']);
});

test('concurrent enqueues from several users are all kept, each in its user\'s order', async (t) => {
  const cache = openCache({ path: makeTempDir(t), diskReserveBytes: 0 });
  t.after(() => cache.close());
  const users = ['a@x', 'b@x', 'c@x'];
  await Promise.all(users.flatMap((user) =>
    Array.from({ length: 20 }, (_, i) => cache.outbox.enqueue(user, { id: `${i}`, to: 'z@x', stanza: stanza(`${user}-${i}`) }))));
  for (const user of users) {
    assert.deepEqual(cache.outbox.pending(user).map((entry) => entry.id), Array.from({ length: 20 }, (_, i) => `${i}`));
  }
});
