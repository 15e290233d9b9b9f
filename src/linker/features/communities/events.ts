// Communities (shared XEP-0060 nodes on the box's pubsub.<domain>) in the browser protocol,
// shared with web/. Their posts are FeedPosts, stored like microblog posts.
import type { FeedPost, PublishParams } from '../microblog/events.js';

export type CommunityAffiliation = 'owner' | 'publisher' | 'member' | 'none' | 'outcast';

export interface Community {
  service: string;
  node: string;
  name: string;
  subscribed: boolean;
}

export interface CommunitiesEvents {
  /** A post of a subscribed community, live or fetched; it also shows in the feed. */
  'communities.post-published': FeedPost;
  'communities.post-retracted': { service: string; node: string; id: string };
}

export interface CommunitiesMethods {
  /** Every node of the box's pubsub service, with whether you follow it. */
  'communities.list': { params: Record<string, never>; result: { communities: Community[] } };
  /** Creates a node that you own and follow (any user of the box; other servers may refuse: forbidden). */
  'communities.create': { params: { name: string }; result: { community: Community } };
  'communities.subscribe': { params: { node: string }; result: { posts: number } };
  'communities.unsubscribe': { params: { node: string }; result: Record<string, never> };
  'communities.posts': { params: { node: string }; result: { posts: FeedPost[] } };
  'communities.publish': { params: { node: string } & PublishParams; result: { post: FeedPost } };
  'communities.affiliations': { params: { node: string }; result: { affiliations: Array<{ jid: string; affiliation: CommunityAffiliation }> } };
  /** Owners only: make someone a publisher (may post), a member, or nothing. */
  'communities.set-affiliation': { params: { node: string; jid: string; affiliation: CommunityAffiliation }; result: Record<string, never> };
}
