// A family member's session with the feed's features (disco, caps, presence, roster,
// microblog, and any more a test adds), for the linker's feed tests: the session, the events
// it emitted, and the browser methods of one of its features.
import { after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type Cache } from '../../../src/cache/index.js';
import type { FeatureDefinition } from '../../../src/linker/feature.js';
import type { FeatureEvent, Linker } from '../../../src/linker/linker.js';
import { Ticker } from '../../../src/linker/ticker.js';
import { createCapsFeature } from '../../../src/linker/features/caps/index.js';
import { MemoryCapsStore } from '../../../src/linker/features/caps/store.js';
import { disco } from '../../../src/linker/features/disco/index.js';
import { presenceFeature } from '../../../src/linker/features/presence/index.js';
import { rosterFeature } from '../../../src/linker/features/roster/index.js';
import { microblogFeature } from '../../../src/linker/features/microblog/index.js';
import { hasBrowserMethods } from '../../../src/linker/features/browser-methods.js';
import type { ProsodyServer } from '../../../src/prosody/server.js';
import type { TestAccount } from '../../support/contacts.js';
import { startTestProsody } from '../../support/prosody.js';
import { createLinker } from './sessions.js';
import { waitUntil } from './wait.js';

export interface FeedMember {
  linker: Linker;
  events: FeatureEvent[];
  /** Calls one of the browser methods of the feature the member was started for. */
  call<T>(method: string, params?: object): Promise<T>;
  /** The payload of the first event of that name (and match) emitted so far or next. */
  waitFor(name: string, match?: (payload: any) => boolean): Promise<any>;
}

export interface FeedSetup {
  prosody: ProsodyServer;
  ticker: Ticker;
  cache: Cache;
}

/** What a feed test file shares: the test Prosody, one cache for every session (as in the
 * daemon) in a temporary directory removed after the file, and a ticker. */
export async function startFeedSetup(): Promise<FeedSetup> {
  const prosody = await startTestProsody();
  const cacheDir = mkdtempSync(join(tmpdir(), 'foyer-feed-cache-'));
  const cache = openCache({ path: cacheDir, diskReserveBytes: 0 });
  after(async () => {
    await cache.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  return { prosody, ticker: new Ticker(1000), cache };
}

/** Starts `account`'s session, once its feed has been fetched, exposing `feature`'s methods. */
export async function startFeedMember(
  t: TestContext, setup: FeedSetup, account: TestAccount,
  options: { feature?: string; more?: (cache: Cache) => FeatureDefinition[] } = {},
): Promise<FeedMember> {
  const { prosody, ticker, cache } = setup;
  const features = [
    disco, createCapsFeature(new MemoryCapsStore()), presenceFeature, rosterFeature(cache.roster),
    microblogFeature({ posts: cache.posts }), ...(options.more?.(cache) ?? []),
  ];
  const linker = createLinker(t, prosody, ticker, { ...account, features });
  const events: FeatureEvent[] = [];
  linker.on('event', (event: FeatureEvent) => events.push(event));
  await linker.start();
  await waitUntil(() => events.some((event) => event.name === 'microblog.feed-refreshed'), `${account.jid}'s feed refreshed`);
  const api = linker.feature(options.feature ?? 'microblog');
  assert.ok(hasBrowserMethods(api));
  return {
    linker,
    events,
    call: async <T>(method: string, params: object = {}) => (await api.methods[method]!(params)) as T,
    async waitFor(name, match = () => true) {
      let found: FeatureEvent | undefined;
      await waitUntil(() => (found = events.find((event) => event.name === name && match(event.payload))) !== undefined, `${account.jid} got ${name}`);
      return found!.payload;
    },
  };
}
