// Communities: shared spaces ("Holidays 2026") as XEP-0060 nodes on the box's pubsub
// service, where several members post. Posts are Atom entries like the microblog's, parsed
// and sanitised the same way, and kept once in the shared PostStore; a followed community's
// posts also appear in the follower's feed.
//
// The server's mod_pubsub decides who may do what. The box's Prosody lets any of its own
// users create a node (src/prosody/config.ts); other servers often keep that to their admins
// (`forbidden`, passed on with a message saying so). The creator owns the node, owners set
// affiliations (publisher: may post; member: may read and subscribe); the publisher
// attribute (expose_publisher in our Prosody config) names each post's author.
//
// References: XEP-0060 v1.26 (§5.2 discover nodes, §6.1 subscribe, §7.1 publish, §8.1 create,
// §8.9 affiliations), XEP-0277 (entries), XEP-0472.
import { defineFeature } from '../../feature.js';
import { bareJid, generateId, parseJid } from '../../../xml/index.js';
import type { PostStore } from '../../../cache/index.js';
import { StanzaError } from '../../errors.js';
import type { HasBrowserMethods } from '../browser-methods.js';
import { addressParam } from '../params.js';
import type { MicroblogApi } from '../microblog/index.js';
import type { FeedPost } from '../microblog/events.js';
import { badParams, parsePublish } from '../microblog/params.js';
import { ItemRefused, entryFromParams, parsePost } from '../microblog/stanza.js';
import {
  NS_PUBSUB_EVENT, buildCreateNode, buildDiscoItems, buildGetAffiliations, buildGetItems, buildGetSubscriptions, buildPublish,
  buildSetAffiliations, buildSubscribe, buildUnsubscribe, parseAffiliations, parseDiscoNodes, parseItemsResult, parsePubsubEvent,
  parseSubscriptions, type Affiliation, type RawItem,
} from '../pubsub/stanza.js';
import type { Community, CommunityAffiliation } from './events.js';

const LATEST_PER_COMMUNITY = 20;
const MAX_ITEMS = 256;
const AFFILIATIONS: readonly CommunityAffiliation[] = ['owner', 'publisher', 'member', 'none', 'outcast'];

/** The server keeps node creation to its admins (XEP-0060 §8.1.3.1 forbidden). */
class CommunityCreateRefused extends Error {
  readonly code = 'E_COMMUNITY_CREATE_FORBIDDEN';
  readonly condition = 'forbidden';
}

export interface CommunitiesOptions {
  posts: PostStore;
}

function nodeParam(params: unknown): string {
  const node = (params as { node?: unknown } | null)?.node;
  if (typeof node !== 'string' || node === '' || node.length > 256) throw badParams('node must be a node name');
  return node;
}

/** A readable, unique node name from the community's name: "Holidays 2026" → holidays-2026-k3x9. */
function nodeNameFor(name: string): string {
  const slug = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${slug || 'community'}-${generateId().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
}

export function communitiesFeature(options: CommunitiesOptions) {
  return defineFeature<HasBrowserMethods>({
    name: 'communities',
    setup(ctx) {
      const store = options.posts;
      const { sanitizeOptions } = ctx.feature<MicroblogApi>('microblog');
      const user = () => bareJid(ctx.jid);
      const service = () => `pubsub.${parseJid(ctx.jid).domain}`;

      const keepItems = async (node: string, items: readonly RawItem[]): Promise<FeedPost[]> => {
        const kept: FeedPost[] = [];
        for (const item of items) {
          try {
            const post = parsePost(service(), node, item, sanitizeOptions);
            await store.putPost(user(), { service: post.service, node, itemId: post.id, published: post.published, payload: JSON.stringify(post), access: 'restricted' });
            kept.push(post);
          } catch (error) {
            if (!(error instanceof ItemRefused)) throw error;
            ctx.emit('microblog.item-skipped', { service: service(), node, id: item.id, reason: error.message });
          }
        }
        return kept;
      };

      const fetchPosts = async (node: string, max = LATEST_PER_COMMUNITY): Promise<FeedPost[]> =>
        keepItems(node, parseItemsResult(await ctx.iq(buildGetItems(service(), node, { max }))).items);

      const subscribedNodes = async (): Promise<Set<string>> => {
        const result = await ctx.iq(buildGetSubscriptions(service()));
        return new Set(parseSubscriptions(result).filter((entry) => bareJid(entry.jid) === user() && entry.subscription === 'subscribed').map((entry) => entry.node));
      };

      ctx.onOnline(({ resumed }) => {
        if (resumed) return;
        void (async () => {
          for (const node of await subscribedNodes()) await fetchPosts(node).catch(() => undefined);
        })().catch(() => {
          // No pubsub service on this server: no communities, the feed works without them.
        });
      });

      ctx.route(`message/${NS_PUBSUB_EVENT}`, async (message) => {
        const event = parsePubsubEvent(message);
        if (!event || event.kind !== 'items' || bareJid(event.service) !== service()) return false;
        for (const post of await keepItems(event.node, event.items)) ctx.emit('communities.post-published', post);
        for (const id of event.retracted) {
          await store.removePost(user(), { service: service(), node: event.node, itemId: id });
          ctx.emit('communities.post-retracted', { service: service(), node: event.node, id });
        }
        return true;
      });

      const list = async (): Promise<Community[]> => {
        const [nodes, subscribed] = await Promise.all([ctx.iq(buildDiscoItems(service())).then(parseDiscoNodes), subscribedNodes()]);
        return nodes.map((node) => ({ service: service(), node: node.node, name: node.name ?? node.node, subscribed: subscribed.has(node.node) }));
      };

      return {
        methods: {
          'communities.list': async () => ({ communities: await list() }),
          'communities.create': async (params) => {
            const name = (params as { name?: unknown } | null)?.name;
            if (typeof name !== 'string' || name.trim() === '' || name.length > 100) throw badParams('name must be 1 to 100 characters');
            const node = nodeNameFor(name);
            try {
              await ctx.iq(buildCreateNode(service(), node, { title: name.trim(), accessModel: 'open', publishModel: 'publishers', maxItems: MAX_ITEMS, notifyRetract: true }));
            } catch (error) {
              if (error instanceof StanzaError && error.condition === 'forbidden') {
                throw new CommunityCreateRefused(`${service()} does not let you create communities: on this server only its administrators may.`);
              }
              throw error;
            }
            await ctx.iq(buildSubscribe(service(), node, user()));
            return { community: { service: service(), node, name: name.trim(), subscribed: true } satisfies Community };
          },
          'communities.subscribe': async (params) => {
            const node = nodeParam(params);
            await ctx.iq(buildSubscribe(service(), node, user()));
            // Now in the follower's feed: the tabs hear of each post as of a new one.
            const posts = await fetchPosts(node);
            for (const post of posts) ctx.emit('communities.post-published', post);
            return { posts: posts.length };
          },
          'communities.unsubscribe': async (params) => {
            const node = nodeParam(params);
            await ctx.iq(buildUnsubscribe(service(), node, user()));
            const items = parseItemsResult(await ctx.iq(buildGetItems(service(), node, { max: MAX_ITEMS }))).items;
            for (const item of items) {
              await store.removePost(user(), { service: service(), node, itemId: item.id });
              ctx.emit('communities.post-retracted', { service: service(), node, id: item.id });
            }
            return {};
          },
          'communities.posts': async (params) => ({ posts: await fetchPosts(nodeParam(params), 50) }),
          'communities.publish': async (params) => {
            const node = nodeParam(params);
            const input = parsePublish(params);
            const id = generateId();
            const entry = entryFromParams(input, { id, author: user(), home: { service: service(), node }, published: new Date() });
            await ctx.iq(buildPublish(service(), node, id, entry));
            const [post] = await keepItems(node, [{ id, payload: entry, publisher: user() }]);
            return { post: post! };
          },
          'communities.affiliations': async (params) => ({ affiliations: parseAffiliations(await ctx.iq(buildGetAffiliations(service(), nodeParam(params)))) }),
          'communities.set-affiliation': async (params) => {
            const node = nodeParam(params);
            const jid = addressParam(params);
            const affiliation = (params as { affiliation?: unknown }).affiliation;
            if (!AFFILIATIONS.includes(affiliation as CommunityAffiliation)) throw badParams(`affiliation must be one of ${AFFILIATIONS.join(', ')}`);
            await ctx.iq(buildSetAffiliations(service(), node, [{ jid, affiliation: affiliation as Affiliation }]));
            return {};
          },
        },
      };
    },
  });
}
