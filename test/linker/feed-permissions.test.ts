// Who may do what on someone else's feed, on the real Prosody with Foyer's config (and its
// mod_foyer_pubsub): Bob likes and un-likes Alice's post (the count goes back to 0 on both
// sides, live); commenters delete their own comments but not others', the post's author
// deletes any (moderation); nobody overwrites another person's like; and the feed's
// visibility really changes who can read it: Dave, who is nobody's contact, cannot read
// Alice's posts or comments until she makes her feed public, and no longer after.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { CommentThread, FeedPost, ItemAddress } from '../../src/linker/features/microblog/events.js';
import { NS_ATOM, NS_MICROBLOG } from '../../src/linker/features/microblog/stanza.js';
import { plainText } from '../../src/linker/features/microblog/rich-text.js';
import { buildGetItems, buildPublish, parseItemsResult } from '../../src/linker/features/pubsub/stanza.js';
import { xml } from '../../src/xml/element.js';
import { befriend, createAccount, type TestAccount } from '../support/contacts.js';
import { startFeedMember, startFeedSetup, type FeedMember } from './support/feed-member.js';

const setup = await startFeedSetup();
const { prosody } = setup;
const [alice, bob, carol, dave] = (await Promise.all(['alice', 'bob', 'carol', 'dave'].map((name) => createAccount(prosody, name)))) as [TestAccount, TestAccount, TestAccount, TestAccount];
await befriend(prosody, alice, bob);
await befriend(prosody, alice, carol);

const member = (t: TestContext, account: TestAccount) => startFeedMember(t, setup, account);

function readable(reader: FeedMember, service: string, node: string): Promise<string[]> {
  return reader.linker.iq(buildGetItems(service, node, { max: 20 })).then((result) => parseItemsResult(result).items.map((item) => item.id));
}

test('likes, comments and visibility on someone else\'s feed', async (t) => {
  const [a, b, c, d] = await Promise.all([member(t, alice), member(t, bob), member(t, carol), member(t, dave)]);
  const { post } = await a.call<{ post: FeedPost }>('microblog.publish', { text: 'Our new garden' });
  const ref: ItemAddress = { service: alice.jid, node: NS_MICROBLOG, id: post.id };
  await b.waitFor('microblog.post-published', (p: FeedPost) => p.id === post.id);
  await c.waitFor('microblog.post-published', (p: FeedPost) => p.id === post.id);
  await a.call('microblog.comments', ref);

  await t.test('Bob likes, then un-likes: back to 0 on both sides, live', async () => {
    const liked = await b.call<CommentThread>('microblog.like', { ...ref, like: true });
    assert.deepEqual(liked.likes, { count: 1, mine: true, likers: [bob.jid] });
    const seen = await a.waitFor('microblog.comment-published', (e) => e.comment.isLike);
    assert.equal(seen.thread.likes.count, 1);

    const unliked = await b.call<CommentThread>('microblog.like', { ...ref, like: false });
    assert.deepEqual(unliked.likes, { count: 0, mine: false, likers: [] });
    const gone = await a.waitFor('microblog.comment-retracted', (e) => e.post.id === post.id);
    assert.equal(gone.thread.likes.count, 0);
    const fresh = await b.call<CommentThread>('microblog.comments', ref);
    assert.equal(fresh.likes.count, 0, 'the server has no like left');
  });

  await t.test('nobody may overwrite another person\'s like', async () => {
    const { likes } = await b.call<CommentThread>('microblog.like', { ...ref, like: true });
    assert.equal(likes.count, 1);
    const thread = await c.call<CommentThread>('microblog.comments', ref);
    assert.deepEqual(thread.likes.likers, [bob.jid]);
    const bobsLikeId = (await readable(c, alice.jid, post.comments!.node)).find((id) => id.startsWith('like-'))!;
    const forged = xml('entry', { xmlns: NS_ATOM }, xml('title', null, 'not a like any more'));
    await assert.rejects(c.linker.iq(buildPublish(alice.jid, post.comments!.node, bobsLikeId, forged)), { condition: 'forbidden' });
    assert.equal((await c.call<CommentThread>('microblog.comments', ref)).likes.count, 1);
  });

  await t.test('a commenter deletes their comment, not others\'; the author deletes any', async () => {
    const withBob = await b.call<CommentThread>('microblog.comment', { ...ref, text: 'Lovely roses' });
    const bobs = withBob.comments.find((comment) => comment.author.jid === bob.jid)!;
    const withCarol = await c.call<CommentThread>('microblog.comment', { ...ref, text: 'Tomatoes next?' });
    const carols = withCarol.comments.find((comment) => comment.author.jid === carol.jid)!;

    await assert.rejects(b.call('microblog.retract-comment', { ...ref, comment: carols.id }), { code: 'E_FEED_COMMENT_DELETE_REFUSED', condition: 'forbidden' });
    const own = await b.call<CommentThread>('microblog.retract-comment', { ...ref, comment: bobs.id });
    assert.deepEqual(own.comments.map((comment) => plainText(comment.content)), ['Tomatoes next?']);
    await a.waitFor('microblog.comment-retracted', (e) => e.id === bobs.id);

    const moderated = await a.call<CommentThread>('microblog.retract-comment', { ...ref, comment: carols.id });
    assert.deepEqual(moderated.comments, []);
    await c.waitFor('microblog.comment-retracted', (e) => e.id === carols.id);
    assert.equal(moderated.likes.count, 1, 'Bob\'s like stays');
  });

  await t.test('visibility: contacts only, then public, then contacts again, as the server enforces it', async () => {
    assert.deepEqual(await a.call('microblog.visibility'), { visibility: 'contacts' });
    assert.deepEqual(await d.call('microblog.visibility'), { visibility: 'contacts' }, 'no feed node yet: Prosody\'s default');
    assert.deepEqual(await readable(b, alice.jid, NS_MICROBLOG), [post.id], 'a contact reads the feed');
    await assert.rejects(readable(d, alice.jid, NS_MICROBLOG), { condition: 'forbidden' });
    await assert.rejects(readable(d, alice.jid, post.comments!.node), { condition: 'forbidden' });

    assert.deepEqual(await a.call('microblog.set-visibility', { visibility: 'public' }), { visibility: 'public', failed: 0 });
    await a.waitFor('microblog.visibility-changed', (e) => e.visibility === 'public');
    assert.deepEqual(await readable(d, alice.jid, NS_MICROBLOG), [post.id], 'anyone reads a public feed');
    assert.equal((await readable(d, alice.jid, post.comments!.node)).length, 1, 'and its comments');
    // A post written while public gets a public comments node.
    const { post: later } = await a.call<{ post: FeedPost }>('microblog.publish', { text: 'Open garden day on Sunday' });
    assert.deepEqual(await readable(d, alice.jid, later.comments!.node), []);

    await a.call('microblog.set-visibility', { visibility: 'contacts' });
    assert.deepEqual(await a.call('microblog.visibility'), { visibility: 'contacts' });
    await assert.rejects(readable(d, alice.jid, NS_MICROBLOG), { condition: 'forbidden' });
    await assert.rejects(readable(d, alice.jid, later.comments!.node), { condition: 'forbidden' });
    assert.equal((await readable(c, alice.jid, NS_MICROBLOG)).length, 2, 'contacts still read it');
    await assert.rejects(a.call('microblog.set-visibility', { visibility: 'friends' }), { code: 'E_RPC_BAD_PARAMS' });
  });
});
