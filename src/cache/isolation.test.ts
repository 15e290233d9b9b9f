// No read API may return another user's data: keys are prefixed by the user's bare JID and
// every scan is bounded to that prefix. These users are chosen so that naive string prefixes
// would leak: 'a@x' is a prefix of 'a@x.y' and of 'a@xa'; peers overlap the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestCache } from '../../test/support/cache.js';
import type { Cache, StoredMessage } from './index.js';

const users = ['a@x', 'a@x.y', 'a@xa', 'a@w', 'b@x'];
const peers = ['p@y', 'p@y.z'];

function message(user: string, peer: string, time: number): StoredMessage {
  return { id: `${user}|${peer}|${time}`, peer, from: peer, to: user, time, body: `for ${user}`, direction: 'in' };
}

async function fill(cache: Cache): Promise<void> {
  for (const user of users) {
    for (const peer of peers) {
      await cache.roster.put(user, { jid: peer, name: `${peer} of ${user}`, subscription: 'both', groups: [] });
      await cache.rooms.put(user, { jid: `room-${peer}`, nick: user });
      await cache.bookmarks.put(user, { jid: `room-${peer}`, autojoin: true, name: user });
      await cache.messages.appendMessages(user, [message(user, peer, 0), message(user, peer, 5), message(user, peer, Number.MAX_SAFE_INTEGER - 1)]);
      await cache.posts.putPost(user, { service: 'pubsub', node: peer, itemId: user, payload: user, published: 7, access: 'restricted' });
      await cache.outbox.enqueue(user, { id: `${user}-${peer}`, to: peer, stanza: `<message to='${peer}'/>` });
    }
  }
}

test('every per-user read returns only that user\'s records', async (t) => {
  const cache = openTestCache(t);
  await fill(cache);
  for (const user of users) {
    assert.deepEqual(cache.roster.list(user).map((item) => item.name), peers.map((peer) => `${peer} of ${user}`));
    assert.ok(cache.rooms.list(user).every((room) => room.nick === user));
    assert.ok(cache.bookmarks.list(user).every((bookmark) => bookmark.name === user));
    assert.equal(cache.messages.getConversations(user).length, peers.length);
    for (const peer of peers) {
      const page = cache.messages.getMessagesBefore(user, peer, Number.MAX_SAFE_INTEGER, 100);
      assert.deepEqual(page.map((m) => m.time), [0, 5, Number.MAX_SAFE_INTEGER - 1], `${user} ${peer}`);
      assert.ok(page.every((m) => m.to === user && m.peer === peer));
      assert.ok(cache.messages.getAllMessages(user, peer).every((m) => m.to === user && m.peer === peer));
      assert.equal(cache.messages.getConversation(user, peer)?.last.to, user);
      assert.equal(cache.messages.getMessagesBefore(user, peer, 0, 100).length, 0);
    }
    const posts = cache.posts.getPosts(user, { limit: 100 });
    assert.deepEqual(posts.map((post) => post.itemId), [user, user]);
    assert.deepEqual(cache.outbox.pending(user).map((entry) => entry.id), peers.map((peer) => `${user}-${peer}`));
  }
});

test('a user unknown to the cache sees nothing, even when a known JID extends it', async (t) => {
  const cache = openTestCache(t);
  await fill(cache);
  for (const stranger of ['a@', 'a', 'a@x.', 'a@x.y.z', 'p@y']) {
    assert.deepEqual(cache.roster.list(stranger), []);
    assert.deepEqual(cache.rooms.list(stranger), []);
    assert.deepEqual(cache.bookmarks.list(stranger), []);
    assert.deepEqual(cache.messages.getConversations(stranger), []);
    assert.deepEqual(cache.posts.getPosts(stranger, { limit: 10 }), []);
    assert.deepEqual(cache.outbox.pending(stranger), []);
    assert.deepEqual(cache.messages.getMessagesBefore(stranger, 'p@y', Number.MAX_SAFE_INTEGER, 10), []);
  }
});

test('writes of one user never touch another user\'s records', async (t) => {
  const cache = openTestCache(t);
  await fill(cache);
  await cache.roster.replaceAll('a@x', []);
  await cache.outbox.ack('a@x', 'a@x.y-p@y'); // another user's id: not found for a@x
  await cache.messages.markRead('a@x', 'p@y');
  assert.deepEqual(cache.roster.list('a@x'), []);
  assert.equal(cache.roster.list('a@x.y').length, peers.length);
  assert.equal(cache.roster.list('a@xa').length, peers.length);
  assert.equal(cache.outbox.pending('a@x.y').length, peers.length);
  assert.equal(cache.messages.getConversation('a@x.y', 'p@y')?.unread, 3);
  assert.equal(cache.posts.getPost('a@x', { service: 'pubsub', node: 'p@y', itemId: 'a@x.y' }), undefined);
});
