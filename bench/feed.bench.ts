// The feed's first paint and its storage cost (issue 6). Prints a Markdown table, then JSON:
//   firstPageMs     a tab's `microblog.feed` request over the WebSocket, from sending it to
//                   having the posts, with 200 posts of 60 contacts in the daemon's cache
//                   (the first page of 20, and all 200 at once); median of RUNS requests,
//                   each on a freshly opened tab; target ≤ 150 ms
//   bytesPerPost    cache bytes per post (sanitised JSON, as the feed stores it) for a family
//                   of FAMILY who all see the same 200 posts: stored once for the box (the
//                   shared PostStore) vs a copy per user
// Run: npm run build && node dist/bench/feed.bench.js [--runs 15]
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { openCache, type Cache } from '../src/cache/index.js';
import { loadConfig } from '../src/daemon/config.js';
import { startDaemon } from '../src/daemon/start.js';
import { ProsodyServer } from '../src/prosody/server.js';
import type { FeedPost } from '../src/linker/features/microblog/events.js';
import { NS_MICROBLOG, formatText } from '../src/linker/features/microblog/stanza.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(values.runs);
const CONTACTS = 60;
const POSTS = 200;
const FAMILY = 5;
const READER = 'reader@localhost';

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/** A post as the feed keeps it: a sanitised tree of a few paragraphs, a photo, a comments node. */
function post(n: number): FeedPost {
  const author = `contact${n % CONTACTS}@localhost`;
  return {
    service: author, node: NS_MICROBLOG, id: `post-${n}`,
    author: { jid: author, name: `Contact ${n % CONTACTS}` },
    title: `A day at the lake, ${n}`,
    content: formatText(`We went to the lake with **everyone** today. ${'The water was cold but the kids swam anyway. '.repeat(4)}\n\nPhotos: https://example.org/album/${n}`),
    published: Date.UTC(2026, 10, 1) + n * 3_600_000, updated: Date.UTC(2026, 10, 1) + n * 3_600_000,
    photos: [{ url: `https://box.example/file_share/${n}/lake.jpg`, mediaType: 'image/jpeg', name: 'lake.jpg', size: 412_345 }],
    links: [], comments: { service: author, node: `${NS_MICROBLOG}:comments/post-${n}` }, truncated: false,
  };
}

async function putAll(cache: Cache, user: string, serviceSuffix = ''): Promise<void> {
  await Promise.all(Array.from({ length: POSTS }, (_, n) => {
    const p = post(n);
    return cache.posts.putPost(user, { service: p.service + serviceSuffix, node: p.node, itemId: p.id, published: p.published, payload: JSON.stringify(p), access: 'restricted' });
  }));
}

/** Bytes per post with each family member's feed holding all posts; `shared` = one copy for the box. */
async function bytesPerPost(shared: boolean): Promise<number> {
  const path = mkdtempSync(join(tmpdir(), 'foyer-feed-bench-'));
  const cache = openCache({ path, diskReserveBytes: 0 });
  let copies = 0;
  // A compacted copy: the live data only, without pages freed by copy-on-write.
  const stored = async () => {
    const copy = join(path, `compacted-${copies++}`);
    mkdirSync(copy);
    await cache.env.backup(copy);
    return statSync(join(copy, 'data.mdb')).size;
  };
  try {
    const before = await stored();
    for (let user = 0; user < FAMILY; user++) await putAll(cache, `user${user}@localhost`, shared ? '' : `#copy-for-${user}`);
    return Math.round((await stored() - before) / POSTS);
  } finally {
    await cache.close();
    rmSync(path, { recursive: true, force: true });
  }
}

/** One tab: opens the WebSocket, waits for hello, times one feed request, closes. */
async function timeFeedRequest(url: string, cookie: string, origin: string, limit: number): Promise<{ ms: number; posts: number }> {
  const socket = new WebSocket(url, { headers: { cookie, origin } });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', function onHello(data) {
        if (JSON.parse(String(data)).hello) {
          socket.off('message', onHello);
          resolve();
        }
      });
    });
    const started = performance.now();
    socket.send(JSON.stringify({ id: 1, method: 'microblog.feed', params: { limit } }));
    const answer = await new Promise<{ result?: { posts: FeedPost[] }; error?: unknown }>((resolve) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.id === 1) resolve(frame);
      });
    });
    const ms = performance.now() - started;
    if (!answer.result) throw new Error(`feed request failed: ${JSON.stringify(answer.error)}`);
    return { ms, posts: answer.result.posts.length };
  } finally {
    socket.close();
  }
}

async function firstPaint(): Promise<Record<string, number>> {
  const base = mkdtempSync(join(tmpdir(), 'foyer-feed-bench-daemon-'));
  const prosody = await ProsodyServer.start({ baseDir: join(base, 'prosody') });
  try {
    await prosody.createAccount('reader', 'reader-secret');
    const dataDir = join(base, 'data');
    // The cache as it is after earlier logins: 200 posts of 60 contacts in the reader's feed.
    const seeded = openCache({ path: join(dataDir, 'cache'), diskReserveBytes: 0 });
    await putAll(seeded, READER);
    await seeded.close();
    const config = loadConfig({ FOYER_DATA: dataDir, FOYER_PORT: '0', FOYER_BIND: '127.0.0.1', FOYER_XMPP: `${prosody.bindAddress}:${prosody.c2sPort}` });
    const daemon = await startDaemon(config, { log: () => {}, xmppCaPem: prosody.certificatePem });
    try {
      const origin = `http://127.0.0.1:${daemon.port}`;
      const response = await fetch(`${origin}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ address: READER, password: 'reader-secret' }) });
      const cookie = response.headers.get('set-cookie')?.split(';')[0];
      if (response.status !== 200 || !cookie) throw new Error(`login failed: HTTP ${response.status}`);
      const figures: Record<string, number> = {};
      for (const limit of [20, POSTS]) {
        await timeFeedRequest(`ws://127.0.0.1:${daemon.port}/ws`, cookie, origin, limit); // warm-up
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const { ms, posts } = await timeFeedRequest(`ws://127.0.0.1:${daemon.port}/ws`, cookie, origin, limit);
          if (posts !== limit) throw new Error(`expected ${limit} posts, got ${posts}`);
          times.push(ms);
        }
        figures[`limit${limit}`] = Math.round(median(times) * 100) / 100;
      }
      return figures;
    } finally {
      await daemon.stop();
    }
  } finally {
    await prosody.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

const firstPageMs = await firstPaint();
const bytesPerPostFigures = { familySize: FAMILY, posts: POSTS, shared: await bytesPerPost(true), perUser: await bytesPerPost(false) };
console.log([
  '| figure | value |',
  '|---|---|',
  `| feed request → data, first page (20 of ${POSTS} posts, ${CONTACTS} contacts), median of ${RUNS} | ${firstPageMs.limit20} ms |`,
  `| feed request → data, all ${POSTS} posts, median of ${RUNS} | ${firstPageMs[`limit${POSTS}`]} ms |`,
  `| cache bytes per post, family of ${FAMILY}, stored once (shared) | ${bytesPerPostFigures.shared} |`,
  `| cache bytes per post, family of ${FAMILY}, a copy per user | ${bytesPerPostFigures.perUser} |`,
].join('\n'));
console.log(JSON.stringify({ bench: 'feed', runs: RUNS, firstPageMs, bytesPerPost: bytesPerPostFigures }, null, 2));
