import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { openTestCache } from '../../test/support/cache.js';
import { LmdbCapsStore, type StoredMessage } from './index.js';

const alice = 'alice@family.example';

function message(peer: string, time: number, id: string, direction: 'in' | 'out' = 'in'): StoredMessage {
  return { id, peer, from: direction === 'in' ? peer : alice, to: direction === 'in' ? alice : peer, time, body: `body ${id}`, direction };
}

test('roster items are put, listed in JID order, replaced and removed', async (t) => {
  const cache = openTestCache(t);
  await cache.roster.put(alice, { jid: 'bob@family.example', subscription: 'both', groups: ['Family'] });
  await cache.roster.put(alice, { jid: 'anna@family.example', name: 'Anna', subscription: 'to', groups: [] });
  assert.deepEqual(cache.roster.list(alice).map((item) => item.jid), ['anna@family.example', 'bob@family.example']);
  assert.equal(cache.roster.get(alice, 'anna@family.example')?.name, 'Anna');
  await cache.roster.remove(alice, 'anna@family.example');
  assert.deepEqual(cache.roster.list(alice).map((item) => item.jid), ['bob@family.example']);
  await cache.roster.replaceAll(alice, [{ jid: 'carl@family.example', subscription: 'from', groups: [] }]);
  assert.deepEqual(cache.roster.list(alice).map((item) => item.jid), ['carl@family.example']);
});

test('the roster version changes with its items, per user, and a change without one forgets it', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  assert.equal(cache.roster.version(alice), undefined);
  await cache.roster.replaceAll(alice, [{ jid: 'carl@family.example', subscription: 'both', groups: [] }], 'v1');
  await cache.roster.replaceAll(bob, [], 'b1');
  assert.equal(cache.roster.version(alice), 'v1');
  await cache.roster.put(alice, { jid: 'dora@family.example', subscription: 'to', groups: [] }, 'v2');
  assert.equal(cache.roster.version(alice), 'v2');
  await cache.roster.remove(alice, 'carl@family.example', 'v3');
  assert.equal(cache.roster.version(alice), 'v3');
  assert.deepEqual(cache.roster.list(alice).map((item) => item.jid), ['dora@family.example']);
  await cache.roster.put(alice, { jid: 'eve@family.example', subscription: 'none', groups: [] });
  assert.equal(cache.roster.version(alice), undefined, 'items changed without a version: the next login fetches all');
  assert.equal(cache.roster.version(bob), 'b1');
});

test('rooms and bookmarks are stored per user', async (t) => {
  const cache = openTestCache(t);
  await cache.rooms.put(alice, { jid: 'kitchen@rooms.family.example', nick: 'alice', subject: 'Dinner' });
  await cache.bookmarks.put(alice, { jid: 'kitchen@rooms.family.example', autojoin: true, nick: 'alice' });
  assert.equal(cache.rooms.list(alice)[0]?.subject, 'Dinner');
  assert.equal(cache.bookmarks.get(alice, 'kitchen@rooms.family.example')?.autojoin, true);
});

test('messages page backwards in time order, MAM style', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  const all = Array.from({ length: 25 }, (_, i) => message(bob, 1_000 + i * 10, `m${String(i).padStart(2, '0')}`));
  await cache.messages.appendMessages(alice, [...all].reverse()); // arrival order must not matter
  await cache.messages.appendMessage(alice, message('carl@family.example', 1_005, 'other'));

  const latest = cache.messages.getMessagesBefore(alice, bob, Number.MAX_SAFE_INTEGER, 10);
  assert.deepEqual(latest.map((m) => m.id), all.slice(15).map((m) => m.id));
  const previous = cache.messages.getMessagesBefore(alice, bob, latest[0]!, 10);
  assert.deepEqual(previous.map((m) => m.id), all.slice(5, 15).map((m) => m.id));
  const last = cache.messages.getMessagesBefore(alice, bob, previous[0]!, 10);
  assert.deepEqual(last.map((m) => m.id), all.slice(0, 5).map((m) => m.id));
  assert.deepEqual(cache.messages.getMessagesBefore(alice, bob, last[0]!, 10), []);
  // A plain time bound excludes messages at exactly that time.
  assert.deepEqual(cache.messages.getMessagesBefore(alice, bob, 1_030, 2).map((m) => m.id), ['m01', 'm02']);
});

test('messages with the same timestamp are all kept and paged by id', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  await cache.messages.appendMessages(alice, [message(bob, 500, 'b'), message(bob, 500, 'a'), message(bob, 500, 'c')]);
  const page = cache.messages.getMessagesBefore(alice, bob, Number.MAX_SAFE_INTEGER, 2);
  assert.deepEqual(page.map((m) => m.id), ['b', 'c']);
  assert.deepEqual(cache.messages.getMessagesBefore(alice, bob, page[0]!, 2).map((m) => m.id), ['a']);
});

test('conversation summaries follow the newest message and count unread incoming ones', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  const carl = 'carl@family.example';
  assert.equal(await cache.messages.appendMessage(alice, message(bob, 100, 'b1')), true);
  await cache.messages.appendMessage(alice, message(bob, 300, 'b3'));
  await cache.messages.appendMessage(alice, message(bob, 200, 'b2')); // late archive fetch
  await cache.messages.appendMessage(alice, message(bob, 400, 'b4', 'out'));
  await cache.messages.appendMessage(alice, message(carl, 350, 'c1'));
  // The same message again (a MAM re-fetch) changes nothing.
  assert.equal(await cache.messages.appendMessage(alice, message(bob, 300, 'b3')), false);

  const summary = cache.messages.getConversation(alice, bob);
  assert.equal(summary?.last.id, 'b4');
  assert.equal(summary?.unread, 3);
  assert.deepEqual(cache.messages.getConversations(alice).map((c) => c.peer), [bob, carl]);
  await cache.messages.markRead(alice, bob);
  assert.equal(cache.messages.getConversation(alice, bob)?.unread, 0);
  assert.equal(cache.messages.getConversation(alice, carl)?.unread, 1);
});

test('a write that throws half-way rolls back its own writes and rejects with its error', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  const kept = cache.messages.appendMessage(alice, message(bob, 1, 'kept')); // same batch, must survive
  const failure = new Error('feature bug');
  await assert.rejects(cache.env.write(() => {
    cache.env.dbs.roster.putSync(Buffer.from('half-way'), { jid: 'x' });
    throw failure;
  }, 'a failing write'), (error: unknown) => error === failure);
  assert.equal(await kept, true);
  assert.equal(cache.env.dbs.roster.get(Buffer.from('half-way')), undefined);
  assert.deepEqual(cache.messages.getAllMessages(alice, bob).map((m) => m.id), ['kept']);
  await assert.rejects(cache.messages.appendMessage(alice, message('bad\u0000peer', 2, 'x')), { code: 'E_CACHE_BAD_KEY' });
});

test('caps are shared, readable right after put and after reopening', async (t) => {
  const cache = openTestCache(t);
  const info = { identities: [{ category: 'client', type: 'pc', name: 'Foyer' }], features: ['http://jabber.org/protocol/disco#info'] };
  const caps = new LmdbCapsStore<typeof info>(cache.env);
  caps.put('QgayPKawpkPSDYmwT/WM94uAlu0=', info);
  assert.deepEqual(caps.get('QgayPKawpkPSDYmwT/WM94uAlu0='), info);
  await cache.env.write(() => undefined, 'waiting for earlier writes');
  assert.deepEqual(caps.get('QgayPKawpkPSDYmwT/WM94uAlu0='), info);
  assert.equal(caps.get('unknown'), undefined);
});

test('posts reference one shared copy of an item and page newest first', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  const item = (id: string, published: number) => ({
    service: 'pubsub.family.example', node: 'urn:xmpp:microblog:0', itemId: id, payload: `<entry>${id}</entry>`, published, access: 'restricted' as const,
  });
  for (let i = 1; i <= 5; i++) await cache.posts.putPost(alice, item(`p${i}`, i * 1000));
  await cache.posts.putPost(bob, item('p3', 3000));
  const bytesWithBoth = cache.sharedBytes();
  await cache.posts.putPost(bob, item('p3', 3000)); // again: no second copy, no second ref
  assert.equal(cache.sharedBytes(), bytesWithBoth);

  assert.deepEqual(cache.posts.getPosts(alice, { limit: 3 }).map((p) => p.itemId), ['p5', 'p4', 'p3']);
  assert.deepEqual(cache.posts.getPosts(alice, { before: 3000, limit: 3 }).map((p) => p.itemId), ['p2', 'p1']);
  assert.deepEqual(cache.posts.getPosts(bob, { limit: 10 }).map((p) => p.itemId), ['p3']);
  assert.equal(cache.posts.getPost(bob, item('p3', 0))?.refs, 2);
  assert.equal(cache.posts.getPost(bob, item('p4', 0)), undefined, 'bob has no view of p4');
  assert.equal(cache.posts.getPublicItem(item('p4', 0)), undefined, 'a restricted item is not public');

  await cache.posts.removePost(alice, item('p3', 0));
  assert.equal(cache.posts.getPost(bob, item('p3', 0))?.refs, 1);
  assert.deepEqual(cache.posts.getPosts(alice, { limit: 10 }).map((p) => p.itemId), ['p5', 'p4', 'p2', 'p1']);
});

test('avatars are stored once by SHA-1 and a wrong announced hash is refused', async (t) => {
  const cache = openTestCache(t);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const hash = await cache.blobs.putBlob('avatar', png, 'image/png');
  assert.equal(hash, createHash('sha1').update(png).digest('hex'));
  const before = cache.sharedBytes();
  assert.equal(await cache.blobs.putBlob('avatar', png, 'image/png', hash.toUpperCase()), hash);
  assert.equal(cache.sharedBytes(), before, 'the same bytes are not stored twice');
  assert.deepEqual(cache.blobs.getBlob('avatar', hash)?.data, png);
  assert.equal(cache.blobs.getBlob('vcard', hash), undefined, 'kinds are separate');
  await assert.rejects(cache.blobs.putBlob('avatar', png, 'image/png', '0'.repeat(40)), { code: 'E_CACHE_HASH_MISMATCH' });
});

test('old messages are pruned only when an age limit is configured, keeping each conversation\'s newest', async (t) => {
  const bob = 'bob@family.example';
  const carl = 'carl@family.example';
  const fill = async (cache: ReturnType<typeof openTestCache>) => {
    await cache.messages.appendMessages(alice, Array.from({ length: 10 }, (_, i) => message(bob, (i + 1) * 1000, `b${i + 1}`)));
    await cache.messages.appendMessage(alice, message(carl, 2000, 'c1'));
    await cache.messages.appendMessage('other@family.example', message(bob, 1000, 'o1'));
  };
  const unlimited = openTestCache(t, { now: () => 1e9 });
  await fill(unlimited);
  assert.equal(await unlimited.pruneOldMessages(), 0);
  assert.equal(unlimited.messages.getAllMessages(alice, bob).length, 10);

  const limited = openTestCache(t, { now: () => 15_500, messageMaxAgeMs: 10_000 });
  await fill(limited);
  assert.equal(await limited.pruneOldMessages(), 5);
  assert.deepEqual(limited.messages.getAllMessages(alice, bob).map((m) => m.id), ['b6', 'b7', 'b8', 'b9', 'b10']);
  assert.deepEqual(limited.messages.getAllMessages(alice, carl).map((m) => m.id), ['c1'], 'a conversation keeps its newest');
  assert.deepEqual(limited.messages.getAllMessages('other@family.example', bob).map((m) => m.id), ['o1']);
  assert.equal(limited.messages.getConversation(alice, bob)?.last.id, 'b10');
  // A pruned message may come back from the archive when someone scrolls up.
  assert.equal(limited.messages.findMessage(alice, bob, 'b1'), undefined);
  assert.equal(await limited.messages.appendMessage(alice, message(bob, 1000, 'b1')), true);
});

test('usedBytes reports the data file growing as records are written (the /metrics cache size)', async (t) => {
  const cache = openTestCache(t);
  const before = cache.env.usedBytes();
  await cache.messages.appendMessages(alice, Array.from({ length: 200 }, (_, i) => message('bob@family.example', i, `m${i}`)));
  assert.ok(cache.env.usedBytes() > before + 200 * 50, `${before} -> ${cache.env.usedBytes()}`);
});

test('a message is kept once by its id, found by it, and changed in place with its summary', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  const live = message(bob, 1_000, 'hello');
  assert.deepEqual(await cache.messages.appendNewMessages(alice, [live]), [live]);
  // The same message from the archive, stamped with the archive's time: not stored again.
  assert.deepEqual(await cache.messages.appendNewMessages(alice, [{ ...message(bob, 998, 'hello'), archiveId: 'A1' }]), []);
  assert.equal(cache.messages.getAllMessages(alice, bob).length, 1);
  assert.equal(cache.messages.findMessage(alice, bob, 'hello')?.time, 1_000);
  assert.equal(cache.messages.findMessage(alice, 'carl@family.example', 'hello'), undefined, 'ids are per conversation');

  const edited = await cache.messages.updateMessage(alice, bob, 'hello', (m) => ({ ...m, body: 'hello!', edited: true, time: 5 }));
  assert.equal(edited?.time, 1_000, 'the time (and key) of a message never change');
  assert.equal(cache.messages.getConversation(alice, bob)?.last.body, 'hello!', 'the summary shows the newest text');
  assert.equal(await cache.messages.updateMessage(alice, bob, 'hello', () => undefined), undefined);
  assert.equal(await cache.messages.updateMessage(alice, bob, 'missing', (m) => m), undefined);
});

test('history pages do not count as unread; a read marker counts what came after it', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  await cache.messages.appendMessages(alice, [message(bob, 100, 'old1'), message(bob, 110, 'old2')], { countUnread: false });
  assert.equal(cache.messages.getConversation(alice, bob)?.unread, 0);
  await cache.messages.appendMessages(alice, [message(bob, 200, 'n1'), message(bob, 300, 'n2'), message(bob, 400, 'n3'), message(bob, 350, 'mine', 'out')]);
  assert.equal(cache.messages.getConversation(alice, bob)?.unread, 3);
  assert.equal((await cache.messages.markRead(alice, bob, 300))?.unread, 1, 'only n3 is after the marker');
  assert.equal((await cache.messages.markRead(alice, bob))?.unread, 0);
  assert.equal(await cache.messages.markRead(alice, 'nobody@family.example'), undefined);
});

test('the archive sync point only moves forward and keeps the first sync\'s backfill; the oldest archive id of a conversation is found', async (t) => {
  const cache = openTestCache(t);
  const bob = 'bob@family.example';
  assert.equal(cache.messages.getSyncPoint(alice), undefined);
  await cache.messages.advanceSyncPoint(alice, { archiveId: 'A2', time: 200 });
  await cache.messages.advanceSyncPoint(alice, { archiveId: 'A1', time: 100 });
  assert.deepEqual(cache.messages.getSyncPoint(alice), { archiveId: 'A2', time: 200 });
  assert.equal(cache.messages.getSyncPoint('bob@family.example'), undefined, 'per user');
  await cache.messages.setBackfill(bob, { archiveId: 'B1', time: 10, pages: 1 });
  assert.equal(cache.messages.getSyncPoint(bob), undefined, 'a backfill needs a sync point');
  await cache.messages.setBackfill(alice, { archiveId: 'A0', time: 50, pages: 1 });
  await cache.messages.advanceSyncPoint(alice, { archiveId: 'A3', time: 300 });
  assert.deepEqual(cache.messages.getSyncPoint(alice), { archiveId: 'A3', time: 300, backfill: { archiveId: 'A0', time: 50, pages: 1 } }, 'the backfill stays as the point moves');
  await cache.messages.setBackfill(alice, undefined);
  assert.deepEqual(cache.messages.getSyncPoint(alice), { archiveId: 'A3', time: 300 });
  await cache.messages.appendMessages(alice, [message(bob, 50, 'sent-first', 'out'), { ...message(bob, 60, 'x'), archiveId: 'A0' }, { ...message(bob, 70, 'y'), archiveId: 'A9' }]);
  assert.equal(cache.messages.oldestArchived(alice, bob)?.archiveId, 'A0');
  assert.equal(cache.messages.oldestMessage(alice, bob)?.id, 'sent-first');
  assert.equal(cache.messages.oldestArchived(alice, 'carl@family.example'), undefined);
});
