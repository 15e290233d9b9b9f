import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestCache } from '../../test/support/cache.js';
import { sha1Hex } from './blobs.js';

function clock(start: number) {
  const state = { now: start };
  return { state, now: () => state.now };
}

const blob = (fill: number, size = 1000) => Buffer.alloc(size, fill);

test('over the byte budget, the least recently used shared blobs are evicted first', async (t) => {
  const time = clock(1);
  const cache = openTestCache(t, { sharedBudgetBytes: 3000, touchIntervalMs: 10, now: time.now });
  for (const fill of [1, 2, 3]) {
    time.state.now++;
    await cache.blobs.putBlob('avatar', blob(fill), 'image/png');
  }
  assert.equal(cache.sharedBytes(), 3000);

  time.state.now = 100;
  assert.ok(cache.blobs.getBlob('avatar', sha1Hex(blob(1))), 'reading blob 1 makes it recent');
  await cache.env.write(() => undefined, 'letting the touch commit');

  time.state.now = 101;
  await cache.blobs.putBlob('vcard', blob(4), 'text/xml');
  assert.equal(cache.sharedBytes(), 3000);
  assert.equal(cache.blobs.hasBlob('avatar', sha1Hex(blob(2))), false, 'blob 2 was least recently used');
  for (const [kind, fill] of [['avatar', 1], ['avatar', 3], ['vcard', 4]] as const) {
    assert.equal(cache.blobs.hasBlob(kind, sha1Hex(blob(fill))), true, `${kind} ${fill} kept`);
  }

  // A blob bigger than what is left pushes out as many as needed.
  time.state.now = 102;
  await cache.blobs.putBlob('avatar', blob(5, 2500), 'image/png');
  assert.ok(cache.sharedBytes() <= 3000);
  assert.equal(cache.blobs.hasBlob('avatar', sha1Hex(blob(5, 2500))), true);
  assert.equal(cache.blobs.hasBlob('avatar', sha1Hex(blob(3))), false);
});

test('unreferenced public items are evicted, items in a user\'s feed and per-user data never', async (t) => {
  const time = clock(10);
  const cache = openTestCache(t, { sharedBudgetBytes: 2100, touchIntervalMs: 1000, now: time.now });
  const item = (id: string, size: number) => ({
    service: 'pubsub.family.example', node: 'urn:xmpp:microblog:0', itemId: id,
    payload: 'x'.repeat(size), published: 1, access: 'open' as const,
  });
  await cache.messages.appendMessage('a@x', { id: 'm', peer: 'b@x', from: 'b@x', to: 'a@x', time: 1, body: 'y'.repeat(5000), direction: 'in' });
  await cache.posts.putPost('a@x', item('mine', 1500));
  time.state.now++;
  await cache.posts.putPublicItem(item('browsed-1', 400));
  time.state.now++;
  await cache.posts.putPublicItem(item('browsed-2', 400)); // over budget: browsed-1 goes
  assert.equal(cache.posts.getPublicItem(item('browsed-1', 0)), undefined);
  assert.ok(cache.posts.getPublicItem(item('browsed-2', 0)));
  assert.ok(cache.posts.getPost('a@x', item('mine', 0)), 'the referenced item stays');

  time.state.now++;
  await cache.blobs.putBlob('avatar', blob(9, 3000), 'image/png'); // far over budget
  assert.ok(cache.posts.getPost('a@x', item('mine', 0)), 'still there although over budget');
  assert.equal(cache.posts.getPublicItem(item('browsed-2', 0)), undefined);
  assert.equal(cache.messages.getAllMessages('a@x', 'b@x').length, 1, 'per-user messages are never evicted');
  assert.equal(cache.blobs.hasBlob('avatar', sha1Hex(blob(9, 3000))), false, 'a blob larger than the budget is not kept');

  // Once no feed references it, the item becomes evictable like any other.
  await cache.posts.removePost('a@x', item('mine', 0));
  time.state.now++;
  await cache.blobs.putBlob('avatar', blob(8, 600), 'image/png');
  assert.equal(cache.posts.getPublicItem(item('mine', 0)), undefined);
  assert.ok(cache.sharedBytes() <= 2100);
});

test('the shared byte total matches the records it counts after many changes', async (t) => {
  const time = clock(1);
  const cache = openTestCache(t, { sharedBudgetBytes: 20_000, touchIntervalMs: 0, now: time.now });
  for (let i = 0; i < 60; i++) {
    time.state.now++;
    await cache.blobs.putBlob('avatar', blob(i, 500 + i * 7), 'image/png');
    if (i % 3 === 0) cache.blobs.getBlob('avatar', sha1Hex(blob(i >> 1, 500 + (i >> 1) * 7)));
    await cache.posts.putPublicItem({ service: 's', node: 'n', itemId: `i${i % 20}`, payload: 'p'.repeat(200 + i), published: i, access: 'open' });
  }
  await cache.env.write(() => undefined, 'letting the touches commit');
  let counted = 0;
  for (const { value } of cache.env.dbs['blob-info'].getRange({})) counted += (value as { bytes: number }).bytes;
  for (const { value } of cache.env.dbs['pubsub-items'].getRange({})) counted += (value as { bytes: number }).bytes;
  assert.equal(cache.sharedBytes(), counted);
  assert.ok(counted <= 20_000);
  const lruEntries = cache.env.dbs['shared-lru'].getKeysCount();
  assert.equal(lruEntries, cache.env.dbs['blob-info'].getKeysCount() + cache.env.dbs['pubsub-items'].getKeysCount());
});

test('comment threads are stored once, kept item by item, and count as gone when one of their items is evicted', async (t) => {
  const time = clock(10);
  const cache = openTestCache(t, { sharedBudgetBytes: 3000, touchIntervalMs: 1000, now: time.now });
  const node = { service: 'mum@x', node: 'urn:xmpp:microblog:0:comments/p1' };
  const post = { service: 'mum@x', node: 'urn:xmpp:microblog:0', itemId: 'p1' };
  const comment = (id: string, size = 100) => ({ ...node, itemId: id, payload: `{"id":"${id}"}`.padEnd(size), published: 1, access: 'restricted' as const });
  const ids = () => cache.posts.getThread(node)?.items.map((item) => item.itemId);

  assert.equal(await cache.posts.putThreadItem(comment('c0')), false, 'a live comment of a thread nobody cached is not kept');
  await cache.posts.putThread(node, post, [comment('c1'), comment('c2')], cache.posts.threadVersion(node));
  assert.deepEqual(cache.posts.getThread(node)?.post, post);
  assert.deepEqual(ids(), ['c1', 'c2']);
  assert.equal(await cache.posts.putThreadItem(comment('c3')), true);
  assert.equal(await cache.posts.putThreadItem(comment('c3')), true, 'heard again by another member\'s session: kept once');
  assert.equal(await cache.posts.removeThreadItem({ ...node, itemId: 'c1' }), true);
  assert.equal(await cache.posts.removeThreadItem({ ...node, itemId: 'c1' }), true, 'a retraction heard twice still tells both');
  assert.deepEqual(ids(), ['c2', 'c3']);
  const fetching = cache.posts.threadVersion(node);
  await cache.posts.putThreadItem(comment('c5')); // came live while the thread was being fetched
  await cache.posts.putThread(node, post, [comment('c3'), comment('c4')], fetching);
  assert.deepEqual(ids(), ['c3', 'c4', 'c5'], 'the server\'s answer replaces the thread, keeping what came live meanwhile');
  await cache.posts.removeThreadItem({ ...node, itemId: 'c5' });
  const bytes = cache.sharedBytes();
  assert.ok(bytes > 0 && bytes < 400, `only the two comments are counted (${bytes} bytes)`);

  // Comments are evictable: a thread missing one is not served (it is fetched again).
  time.state.now++;
  await cache.blobs.putBlob('avatar', blob(7, 2900), 'image/png');
  assert.equal(cache.posts.getThread(node), undefined);
  assert.ok(cache.sharedBytes() <= 3000);
});
