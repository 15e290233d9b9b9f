// Communities on the test Prosody's pubsub.<domain>: a family member (no admin) creates "Holidays 2026",
// makes a family member a publisher, both post, a follower sees both posts live in the
// community and in the feed; a member who is not a publisher is refused; browsing lists the
// node; unsubscribing takes the posts out of the feed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { communitiesFeature } from '../../src/linker/features/communities/index.js';
import type { Community } from '../../src/linker/features/communities/events.js';
import type { FeedPost } from '../../src/linker/features/microblog/events.js';
import { createAccount, type TestAccount } from '../support/contacts.js';
import { waitUntil } from './support/wait.js';
import { startFeedMember, startFeedSetup } from './support/feed-member.js';

// No admins: any of the family may create a community (config.ts, plugins.ts).
const setup = await startFeedSetup();
const { prosody } = setup;
const [mum, dad, kid] = (await Promise.all(['mum', 'dad', 'kid'].map((name) => createAccount(prosody, name)))) as [TestAccount, TestAccount, TestAccount];

const member = (t: TestContext, account: TestAccount) =>
  startFeedMember(t, setup, account, { feature: 'communities', more: (shared) => [communitiesFeature({ posts: shared.posts })] });

test('a community with two publishers and a follower', async (t) => {
  const [m, d, k] = await Promise.all([member(t, mum), member(t, dad), member(t, kid)]);

  const { community } = await m.call<{ community: Community }>('communities.create', { name: 'Holidays 2026' });
  assert.match(community.node, /^holidays-2026-/);
  const { affiliations: owners } = await m.call<{ affiliations: Array<{ jid: string; affiliation: string }> }>('communities.affiliations', { node: community.node });
  assert.deepEqual(owners, [{ jid: mum.jid, affiliation: 'owner' }], 'the creator owns it, and nobody else');

  const { communities } = await k.call<{ communities: Community[] }>('communities.list');
  assert.deepEqual(communities.find((c) => c.node === community.node), { ...community, subscribed: false });
  await k.call('communities.subscribe', { node: community.node });

  await assert.rejects(d.call('communities.publish', { node: community.node, text: 'Before being a publisher' }), { condition: 'forbidden' });
  await m.call('communities.set-affiliation', { node: community.node, jid: dad.jid, affiliation: 'publisher' });
  const { affiliations } = await m.call<{ affiliations: Array<{ jid: string; affiliation: string }> }>('communities.affiliations', { node: community.node });
  assert.ok(affiliations.some((a) => a.jid === dad.jid && a.affiliation === 'publisher'));

  await m.call('communities.publish', { node: community.node, title: 'Where to?', text: 'Sea or mountains?' });
  await d.call('communities.publish', { node: community.node, text: 'Mountains!' });
  await assert.rejects(k.call('communities.publish', { node: community.node, text: 'A follower is no publisher' }), { condition: 'forbidden' });
  await waitUntil(() => k.events.filter((e) => e.name === 'communities.post-published').length >= 2, 'kid got both posts live');
  const authors = k.events.filter((e) => e.name === 'communities.post-published').map((e) => (e.payload as FeedPost).author.jid).sort();
  assert.deepEqual(authors, [dad.jid, mum.jid].sort());

  const feed = await k.linker.feature<{ methods: Record<string, (p: unknown) => unknown> }>('microblog').methods['microblog.feed']!({});
  assert.equal((feed as { posts: FeedPost[] }).posts.filter((p) => p.node === community.node).length, 2, 'followed community posts are in the feed');

  await k.call('communities.unsubscribe', { node: community.node });
  const after = (await k.linker.feature<{ methods: Record<string, (p: unknown) => unknown> }>('microblog').methods['microblog.feed']!({})) as { posts: FeedPost[] };
  assert.equal(after.posts.filter((p) => p.node === community.node).length, 0);
  const { posts } = await d.call<{ posts: FeedPost[] }>('communities.posts', { node: community.node });
  assert.equal(posts.length, 2);
});
