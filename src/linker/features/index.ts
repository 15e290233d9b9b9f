// The enabled features, in set-up order (a feature may use those listed before it). The
// explicit list is the only place that names features (like Prosody's modules_enabled).
import type { Cache } from '../../cache/index.js';
import type { FeatureDefinition } from '../feature.js';
import { bookmarksFeature } from './bookmarks/index.js';
import { createCapsFeature } from './caps/index.js';
import { chatFeature } from './chat/index.js';
import type { CapsStore } from './caps/store.js';
import { communitiesFeature } from './communities/index.js';
import { disco } from './disco/index.js';
import { blockingFeature } from './blocking/index.js';
import { microblogFeature } from './microblog/index.js';
import { mucFeature } from './muc/index.js';
import { presenceFeature } from './presence/index.js';
import { profileFeature } from './profile/index.js';
import { rosterFeature } from './roster/index.js';
import { uploadFeature } from './upload/index.js';

/** What features share across all sessions of the process. */
export interface SharedFeatureState {
  capsStore: CapsStore;
  /** The process's one LMDB cache: each feature keeps its records in its own stores there. */
  cache: Cache;
  /** Origins besides https: that feed images may come from: the box's upload service. */
  imageOrigins?: readonly string[];
  /** How far back a fresh cache's first sync of one-to-one chats reads (chat's ChatOptions). */
  chatFirstSyncPages?: number;
}

export function enabledFeatures(shared: SharedFeatureState): readonly FeatureDefinition[] {
  return [
    disco,
    createCapsFeature(shared.capsStore),
    presenceFeature,
    rosterFeature(shared.cache.roster),
    chatFeature(shared.cache, { firstSyncPages: shared.chatFirstSyncPages }),
    blockingFeature,
    profileFeature(shared.cache.blobs),
    uploadFeature,
    microblogFeature({ posts: shared.cache.posts, ...(shared.imageOrigins ? { imageOrigins: shared.imageOrigins } : {}) }),
    bookmarksFeature(shared.cache.bookmarks),
    mucFeature(shared.cache),
    communitiesFeature({ posts: shared.cache.posts }),
  ];
}
