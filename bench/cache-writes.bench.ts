// Cache write throughput and storage cost. Prints one JSON object:
//   appendMessagesPerSecond   messages/s appended, per batch size, each batch awaited before
//                             the next (median of RUNS runs); `concurrent1`: single-message
//                             appends not awaited one by one (many linkers at once), which
//                             the writer groups into shared commits
//   bytesPerMessage           bytes per stored message in a compacted copy of the cache
//                             (B-tree overhead included, free pages of old versions not)
//   bytesPerPost              cache bytes per post for a family of FAMILY users who all see
//                             the same posts: stored once (shared) vs once per user
// Run: npm run build && node dist/bench/cache-writes.bench.js
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache, type Cache, type StoredMessage } from '../src/cache/index.js';

const RUNS = 5;
const FAMILY = 5;
const POSTS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function withCache<T>(use: (cache: Cache, storedBytes: () => Promise<number>) => Promise<T>): Promise<T> {
  const path = mkdtempSync(join(tmpdir(), 'foyer-bench-'));
  const cache = openCache({ path, diskReserveBytes: 0 });
  let copies = 0;
  // Size of a compacted copy: the live data only, without pages freed by copy-on-write.
  const storedBytes = async () => {
    const copy = join(path, `compacted-${copies++}`);
    mkdirSync(copy);
    await cache.env.backup(copy);
    return statSync(join(copy, 'data.mdb')).size;
  };
  try {
    return await use(cache, storedBytes);
  } finally {
    await cache.close();
    rmSync(path, { recursive: true, force: true });
  }
}

// A typical chat line: about 80 characters of text, real-looking ids.
function message(n: number): StoredMessage {
  const peer = `contact${n % 50}@family.example`;
  return {
    id: `5f1c9a2e-${String(n).padStart(8, '0')}`, peer, from: peer, to: 'alice@family.example', time: 1_700_000_000_000 + n * 1000,
    body: `Message number ${n}: are we still on for dinner at seven? Bring the salad please.`, direction: 'in',
    archiveId: `Q${String(n).padStart(10, '0')}`,
  };
}

async function appendRate(batchSize: number, total: number): Promise<number> {
  return withCache(async (cache) => {
    const started = performance.now();
    for (let n = 0; n < total; n += batchSize) {
      await cache.messages.appendMessages('alice@family.example', Array.from({ length: batchSize }, (_, i) => message(n + i)));
    }
    return Math.round(total / ((performance.now() - started) / 1000));
  });
}

async function concurrentAppendRate(total: number): Promise<number> {
  return withCache(async (cache) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: total }, (_, n) => cache.messages.appendMessage('alice@family.example', message(n))));
    return Math.round(total / ((performance.now() - started) / 1000));
  });
}

async function bytesPerMessage(total: number): Promise<number> {
  return withCache(async (cache, storedBytes) => {
    const before = await storedBytes();
    for (let n = 0; n < total; n += 100) {
      await cache.messages.appendMessages('alice@family.example', Array.from({ length: 100 }, (_, i) => message(n + i)));
    }
    return Math.round((await storedBytes() - before) / total);
  });
}

// A microblog entry of about 1 KB of Atom XML, as XEP-0277 items typically are.
function payload(n: number): string {
  return `<entry xmlns='http://www.w3.org/2005/Atom'><title>Post ${n}</title><id>tag:family.example,2026:posts-${n}</id>`
    + `<published>2026-11-25T10:00:00Z</published><content type='text'>${'A day at the lake with everyone. '.repeat(25)}</content></entry>`;
}

/** Bytes per post, with each family member's feed holding all posts; `shared` = one copy. */
async function bytesPerPost(shared: boolean): Promise<number> {
  return withCache(async (cache, storedBytes) => {
    const before = await storedBytes();
    for (let user = 0; user < FAMILY; user++) {
      // Without sharing, every user's copy is a distinct item (its own service name).
      const service = shared ? 'pubsub.family.example' : `pubsub.family.example#copy-for-${user}`;
      await Promise.all(Array.from({ length: POSTS }, (_, n) => cache.posts.putPost(`user${user}@family.example`, {
        service, node: 'urn:xmpp:microblog:0', itemId: `post-${n}`, payload: payload(n), published: n, access: 'restricted',
      })));
    }
    return Math.round((await storedBytes() - before) / POSTS);
  });
}

const appendMessagesPerSecond: Record<string, number> = {};
for (const [batch, total] of [[1, 100], [10, 1000], [100, 10_000]] as const) {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) rates.push(await appendRate(batch, total));
  appendMessagesPerSecond[`batch${batch}`] = median(rates);
}
const concurrentRates: number[] = [];
for (let run = 0; run < RUNS; run++) concurrentRates.push(await concurrentAppendRate(10_000));
appendMessagesPerSecond.concurrent1 = median(concurrentRates);

console.log(JSON.stringify({
  bench: 'cache-writes',
  runs: RUNS,
  appendMessagesPerSecond,
  bytesPerMessage: await bytesPerMessage(10_000), // deterministic: measured once
  bytesPerPost: { familySize: FAMILY, posts: POSTS, shared: await bytesPerPost(true), perUser: await bytesPerPost(false) },
}, null, 2));
