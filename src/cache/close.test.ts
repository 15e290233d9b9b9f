// Closing the cache while sessions may still use it: lmdb-js closes its environment only
// after the writes it accepted, and a read that reached it in between left a timer that threw
// where no caller could catch it (see CacheEnv.dbs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openCache } from './index.js';

const alice = 'alice@family.example';
const stanza = (id: string) => `<message xmlns='jabber:client' to='bob@family.example' id='${id}' type='chat'><body>hi ${id}</body></message>`;

test('a read while close() waits for a write gets E_CACHE_CLOSED, and nothing throws after', async (t) => {
  const cache = openCache({ path: makeTempDir(t), diskReserveBytes: 0 });
  cache.outbox.pending(alice); // a read: lmdb-js now holds a read transaction it resets on a timer
  const writing = cache.outbox.enqueue(alice, { id: 'm1', to: 'bob@family.example', stanza: stanza('m1') });
  const closing = cache.close();
  // close() has handed over to lmdb-js, which aborted its read transaction and waits for the write
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.throws(() => cache.outbox.pending(alice), { code: 'E_CACHE_CLOSED' });
  await Promise.allSettled([writing, closing]);
  // a read that had reached lmdb-js would have queued a reset of the aborted transaction,
  // which throws from a timer (an uncaught exception fails this test file)
  await new Promise((resolve) => setTimeout(resolve, 20));
});

test('a write accepted before close() still commits, and is there after a reopen', async (t) => {
  const path = makeTempDir(t);
  const cache = openCache({ path, diskReserveBytes: 0 });
  const writing = cache.outbox.enqueue(alice, { id: 'm1', to: 'bob@family.example', stanza: stanza('m1') });
  await cache.close();
  assert.equal((await writing).id, 'm1');
  const reopened = openCache({ path, diskReserveBytes: 0 });
  t.after(() => reopened.close());
  assert.deepEqual(reopened.outbox.pending(alice).map((entry) => entry.stanza), [stanza('m1')]);
});
