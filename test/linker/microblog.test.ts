// The feed between real sessions on a real Prosody: three family members (each other's
// contacts), their posts live on each other's feeds, comments and likes, edit and delete,
// a post from a third-party XMPP library (with the XSS corpus in it), and refused items.
// All sessions share one cache, as in the daemon, so a post followed by two people is
// stored once.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { CommentThread, FeedPost } from '../../src/linker/features/microblog/events.js';
import { NS_ATOM, NS_MICROBLOG } from '../../src/linker/features/microblog/stanza.js';
import { XSS_PAYLOADS } from '../../src/linker/features/microblog/xss-corpus.js';
import { composerText, plainText } from '../../src/linker/features/microblog/rich-text.js';
import { NS_RSM } from '../../src/linker/namespaces.js';
import { NS_PUBSUB, buildCreateNode, buildDiscoItems, buildGetItemsById, buildPublish, buildRetract, parseItemsResult, parseNodeItemIds } from '../../src/linker/features/pubsub/stanza.js';
import { NodePager } from '../../src/linker/features/microblog/paging.js';
import type { StanzaError } from '../../src/linker/errors.js';
import { xml } from '../../src/xml/element.js';
import { serialize, type Element } from '../../src/xml/index.js';
import { befriend, createAccount, type TestAccount } from '../support/contacts.js';
import { connectThirdParty } from '../support/third-party-xmpp.js';
import { startFeedMember, startFeedSetup } from './support/feed-member.js';

const setup = await startFeedSetup();
const { prosody, cache } = setup;
const [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((name) => createAccount(prosody, name)))) as [TestAccount, TestAccount, TestAccount];
await befriend(prosody, alice, bob);
await befriend(prosody, alice, carol);
await befriend(prosody, bob, carol);

const member = (t: TestContext, account: TestAccount) => startFeedMember(t, setup, account);

test('posts, comments and likes go live between family members', async (t) => {
  const [a, b, c] = await Promise.all([member(t, alice), member(t, bob), member(t, carol)]);

  let post: FeedPost;
  await t.test('a post appears live on every follower\'s feed and is stored once', async () => {
    ({ post } = await a.call<{ post: FeedPost }>('microblog.publish', { title: 'Holidays', text: 'We are **back**!\n\nPhotos soon: https://example.org/album' }));
    assert.equal(post.author.jid, alice.jid);
    for (const follower of [b, c]) {
      const live = await follower.waitFor('microblog.post-published', (p: FeedPost) => p.id === post.id);
      assert.equal(live.title, 'Holidays');
      assert.deepEqual(live.content[0], { tag: 'p', children: ['We are ', { tag: 'strong', children: ['back'] }, '!'] });
      assert.deepEqual(live.content[1].children[1], { tag: 'a', href: 'https://example.org/album', children: ['https://example.org/album'] });
    }
    const { posts } = await b.call<{ posts: FeedPost[] }>('microblog.feed', { limit: 10 });
    assert.equal(posts[0]!.id, post.id);
    const shared = cache.posts.getPost(bob.jid, { service: alice.jid, node: NS_MICROBLOG, itemId: post.id });
    assert.equal(shared?.refs, 3, 'one stored copy, referenced by the three feeds');
  });

  await t.test('a comment and a like come back live, and the author is notified', async () => {
    const thread = await b.call<CommentThread>('microblog.comments', { service: alice.jid, node: NS_MICROBLOG, id: post.id });
    assert.deepEqual(thread.comments, []);
    await c.call('microblog.comments', { service: alice.jid, node: NS_MICROBLOG, id: post.id });
    await b.call('microblog.comment', { service: alice.jid, node: NS_MICROBLOG, id: post.id, text: 'Welcome home!' });
    const liked = await c.call<CommentThread>('microblog.like', { service: alice.jid, node: NS_MICROBLOG, id: post.id, like: true });
    assert.deepEqual(liked.likes, { count: 1, mine: true, likers: [carol.jid] });

    const notified = await a.waitFor('microblog.notification-received');
    assert.equal(notified.reason, 'comment-on-your-post');
    assert.equal(plainText(notified.comment.content), 'Welcome home!');
    const live = await c.waitFor('microblog.comment-published', (e) => !e.comment.isLike);
    assert.equal(live.comment.author.jid, bob.jid);
    const likeSeen = await b.waitFor('microblog.comment-published', (e) => e.comment.isLike);
    assert.equal(likeSeen.thread.likes.count, 1);

    // A reply after Bob's comment notifies Bob.
    await c.call('microblog.comment', { service: alice.jid, node: NS_MICROBLOG, id: post.id, text: 'Same here' });
    const reply = await b.waitFor('microblog.notification-received');
    assert.equal(reply.reason, 'reply-to-your-comment');
    const full = await a.call<CommentThread>('microblog.comments', { service: alice.jid, node: NS_MICROBLOG, id: post.id });
    assert.deepEqual(full.comments.map((comment) => plainText(comment.content)), ['Welcome home!', 'Same here']);
    assert.equal(full.likes.count, 1);
  });

  await t.test('comment threads are cached once for the family, kept live, and served from the cache first', async (t) => {
    const commentsNode = post.comments!;
    const text = (thread: CommentThread) => thread.comments.map((comment) => plainText(comment.content));
    const cachedIds = () => cache.posts.getThread(commentsNode)?.items.map((item) => item.itemId) ?? [];
    assert.equal(cachedIds().length, 3, 'two comments and a like, stored once for the three feeds');

    const { comments } = await c.call<CommentThread>('microblog.comment', { service: alice.jid, node: NS_MICROBLOG, id: post.id, text: 'Cached too' });
    const cachedToo = comments.find((comment) => plainText(comment.content) === 'Cached too')!;
    await b.waitFor('microblog.comment-published', (e) => e.comment.id === cachedToo.id);
    assert.ok(cachedIds().includes(cachedToo.id));
    // The post's author may retract any comment on her node: every follower is told, the cache follows.
    await a.linker.iq(buildRetract(alice.jid, commentsNode.node, cachedToo.id));
    for (const follower of [b, c]) await follower.waitFor('microblog.comment-retracted', (e) => e.id === cachedToo.id);
    assert.ok(!cachedIds().includes(cachedToo.id));

    // A new session answers from the cache at once (here made stale on purpose), then refreshes it.
    const welcome = cache.posts.getThread(commentsNode)!.items.find((item) => item.payload.includes('Welcome home!'))!;
    await cache.posts.removeThreadItem(welcome);
    const phone = await member(t, bob);
    const served = await phone.call<CommentThread>('microblog.comments', { service: alice.jid, node: NS_MICROBLOG, id: post.id });
    assert.deepEqual(text(served), ['Same here'], 'the cached thread');
    const refreshed = await phone.waitFor('microblog.comments-refreshed');
    assert.deepEqual(text(refreshed), ['Welcome home!', 'Same here']);
    assert.equal(refreshed.likes.count, 1);
    assert.ok(cachedIds().includes(welcome.itemId), 'the cache is whole again');
    await phone.linker.stop();
  });

  await t.test('editing without changes republishes the same formatted Atom content', async () => {
    const typed = 'All **bold**, *italic* and a link: https://example.org/trip\nA second line.\n\nA *second* paragraph.';
    const { post: formatted } = await a.call<{ post: FeedPost }>('microblog.publish', { title: 'Formatting', text: typed });
    const atomContent = async () => {
      const result = await a.linker.iq(buildGetItemsById(alice.jid, NS_MICROBLOG, [formatted.id]));
      const entry = parseItemsResult(result).items[0]!.payload!;
      return serialize(entry.children.find((child) => typeof child !== 'string' && child.name === 'content') as Element);
    };
    const before = await atomContent();
    assert.match(before, /<strong>bold<\/strong>.*<em>italic<\/em>.*<a href="https:\/\/example.org\/trip">/);
    // What the composer's edit form starts from, saved as is.
    const { post: edited } = await a.call<{ post: FeedPost }>('microblog.publish', { id: formatted.id, title: formatted.title, text: composerText(formatted.content) });
    assert.deepEqual(edited.content, formatted.content);
    assert.equal(await atomContent(), before);
    await a.call('microblog.retract', { id: formatted.id });
  });

  await t.test('an edit replaces the post everywhere; a delete removes it', async () => {
    await a.call('microblog.publish', { id: post.id, title: 'Holidays (edited)', text: 'Back since Sunday.' });
    const edited = await b.waitFor('microblog.post-published', (p: FeedPost) => p.id === post.id && p.title === 'Holidays (edited)');
    assert.equal(edited.published, post.published, 'an edit keeps the publication time');
    const { posts } = await c.call<{ posts: FeedPost[] }>('microblog.feed', {});
    assert.equal(posts.filter((p) => p.id === post.id).length, 1);

    await a.call('microblog.retract', { id: post.id });
    await b.waitFor('microblog.post-retracted', (ref) => ref.id === post.id);
    await c.waitFor('microblog.post-retracted', (ref) => ref.id === post.id);
    const after = await b.call<{ posts: FeedPost[] }>('microblog.feed', {});
    assert.ok(!after.posts.some((p) => p.id === post.id));
  });

  await t.test('a post by a third-party library, XSS corpus included, arrives sanitised; bad items are skipped', async (t) => {
    const phone = await connectThirdParty(prosody, carol);
    t.after(() => phone.stop());
    const payloadHtml = XSS_PAYLOADS.join('\n');
    const entry = xml(
      'entry', { xmlns: NS_ATOM },
      xml('title', { type: 'text' }, 'From my phone'),
      xml('author', null, xml('uri', null, `xmpp:${carol.jid}`)),
      xml('published', null, new Date().toISOString()),
      xml('content', { type: 'html' }, payloadHtml),
    );
    await phone.iq(buildPublish(carol.jid, NS_MICROBLOG, 'not-atom', xml('note', { xmlns: 'urn:example:not-atom' }, 'hello')));
    await phone.iq(buildPublish(carol.jid, NS_MICROBLOG, 'too-big', xml('entry', { xmlns: NS_ATOM }, xml('title', null, 'big'), xml('content', null, 'x'.repeat(70_000)))));
    const skipped = await a.waitFor('microblog.item-skipped', (s) => s.id === 'too-big');
    assert.match(skipped.reason, /over the 65536-byte limit/);
    await a.waitFor('microblog.item-skipped', (s) => s.id === 'not-atom');
    // Published last: a node made by a third-party client keeps Prosody's default of one item.
    await phone.iq(buildPublish(carol.jid, NS_MICROBLOG, 'from-phone', entry));
    const live = await a.waitFor('microblog.post-published', (p: FeedPost) => p.id === 'from-phone');
    assert.equal(live.title, 'From my phone');
    assert.doesNotMatch(JSON.stringify(live.content, (key, value: unknown) => (key === '' || typeof value !== 'string' || ['href', 'src'].includes(key) ? value : '')), /javascript|data:|vbscript/i);

    const { posts } = await a.call<{ posts: FeedPost[] }>('microblog.feed', {});
    assert.ok(posts.some((p) => p.id === 'from-phone'), 'the feed carries on');
    assert.ok(!posts.some((p) => p.id === 'too-big' || p.id === 'not-atom'));
  });

  await t.test('a new session loads the contacts\' latest posts and drops those deleted meanwhile', async () => {
    const { post: doomed } = await a.call<{ post: FeedPost }>('microblog.publish', { text: 'Soon gone' });
    await b.waitFor('microblog.post-published', (p: FeedPost) => p.id === doomed.id);
    await b.linker.stop();
    await a.call('microblog.retract', { id: doomed.id }); // while Bob is away
    await cache.posts.removePost(bob.jid, { service: carol.jid, node: NS_MICROBLOG, itemId: 'from-phone' });
    const again = await member(t, bob);
    const { posts } = await again.call<{ posts: FeedPost[] }>('microblog.feed', {});
    assert.ok(posts.some((p) => p.id === 'from-phone'), 'fetched again from the server');
    assert.ok(!posts.some((p) => p.id === doomed.id), 'the post deleted while away is gone');
  });

  await t.test('scrolling pages older posts from the server in date order, across contacts, to the end', async (t) => {
    // Dave's feed node refuses Bob (whitelist): his server's error must not stop the feed.
    const dave = await createAccount(prosody, 'dave');
    await befriend(prosody, bob, dave);
    const daves = await connectThirdParty(prosody, dave);
    t.after(() => daves.stop());
    await daves.iq(buildCreateNode(dave.jid, NS_MICROBLOG, { accessModel: 'whitelist' }));

    const ids = new Set<string>();
    for (let n = 0; n < 45; n++) ids.add((await c.call<{ post: FeedPost }>('microblog.publish', { text: `Old post ${n}` })).post.id);
    await b.linker.stop();
    for (const id of ids) await cache.posts.removePost(bob.jid, { service: carol.jid, node: NS_MICROBLOG, itemId: id });
    const again = await member(t, bob);
    const refreshed = again.events.find((event) => event.name === 'microblog.feed-refreshed')!.payload as { failed: string[] };
    assert.deepEqual(refreshed.failed, [dave.jid]);
    const first = await again.call<{ posts: FeedPost[] }>('microblog.feed', { limit: 200 });
    assert.equal(first.posts.filter((p) => ids.has(p.id)).length, 20, 'a new session fetches the newest 20 of each contact');

    // Scroll as the tab does: each page before the oldest shown.
    const shown: FeedPost[] = [...first.posts.slice(0, 10)];
    let more = true;
    let pages = 0;
    while (more) {
      const page = await again.call<{ posts: FeedPost[]; more: boolean; failed: string[] }>('microblog.older', { before: shown.at(-1)!.published, limit: 10 });
      assert.deepEqual(page.failed, [], 'Dave failed at login and is left out, without error');
      for (const post of page.posts) assert.ok(post.published < shown.at(-1)!.published, 'each page is older than what is shown');
      shown.push(...page.posts);
      more = page.more;
      assert.ok(++pages < 20, 'the end is reached');
    }
    const keys = shown.map((p) => `${p.service}/${p.id}`);
    assert.equal(new Set(keys).size, keys.length, 'no post twice');
    assert.deepEqual(shown.map((p) => p.published), shown.map((p) => p.published).sort((x, y) => y - x), 'newest first');
    assert.deepEqual(shown.filter((p) => ids.has(p.id)).map((p) => plainText(p.content)), [...Array(45).keys()].reverse().map((n) => `Old post ${n}`));
    const everything = (await again.call<{ posts: FeedPost[] }>('microblog.feed', { limit: 200 })).posts;
    assert.deepEqual(keys, everything.map((p) => `${p.service}/${p.id}`), 'the whole feed, in order');
    const end = await again.call<{ posts: FeedPost[]; more: boolean }>('microblog.older', { before: shown.at(-1)!.published, limit: 10 });
    assert.deepEqual(end, { posts: [], more: false, failed: [] });
  });

  await t.test('on this Prosody, older pages come from the node\'s item ids: no RSM on items, no MAM on PEP', async () => {
    const iq = (request: Element) => c.linker.iq(request);
    // XEP-0059 on items is ignored: more than <max> come back, and no <set>.
    const rsm = await iq(xml('iq', { type: 'get', to: carol.jid }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_MICROBLOG }), xml('set', { xmlns: NS_RSM }, xml('max', null, 2), xml('before')))));
    const rsmResult = parseItemsResult(rsm);
    assert.ok(rsmResult.items.length > 2);
    assert.equal(rsmResult.first, undefined);
    // XEP-0313 on a contact's PEP node is not offered.
    await assert.rejects(a.linker.iq(xml('iq', { type: 'set', to: carol.jid }, xml('query', { xmlns: 'urn:xmpp:mam:2', node: NS_MICROBLOG }))), (error: StanzaError) => error.condition === 'service-unavailable');

    const sent: string[] = [];
    const pager = new NodePager(async (request) => {
      sent.push(serialize(request).includes('disco#items') ? 'ids' : serialize(request).includes('<item id=') ? 'by-id' : 'newest');
      return a.linker.iq(request);
    }, carol.jid, NS_MICROBLOG, 256);
    const pages = [await pager.latest(20)];
    while (!pager.ended) pages.push(await pager.older(20));
    const listed = parseNodeItemIds(await a.linker.iq(buildDiscoItems(carol.jid, NS_MICROBLOG)));
    assert.deepEqual(pages.flatMap((page, index) => page.map((item) => item.id)[index === 0 ? 'reverse' : 'slice']()), listed, 'every item once, newest first');
    assert.deepEqual(sent, ['newest', 'ids', ...Array(Math.ceil((listed.length - 20) / 20)).fill('by-id')]);
  });
});
