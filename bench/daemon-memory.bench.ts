// Memory per logged-in user of the whole daemon (issue 4): the daemon's base RSS, then the
// marginal RSS and heap per user with 1, 20 and 100 users logged in, each with 50 contacts
// and one open tab (a WebSocket that fetched the roster). Median of 3 runs per size.
// Targets: ≤ 1 MiB per user, base ≤ 60 MiB (Movim: 10–20 MiB per user).
//
//   npm run build && node dist/bench/daemon-memory.bench.js [--runs 3] [--sizes 1,20,100]
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ProsodyServer } from '../src/prosody/server.js';
import { Linker } from '../src/linker/linker.js';
import { Ticker } from '../src/linker/ticker.js';
import { xml } from '../src/xml/element.js';
import { DAEMON_NODE_FLAGS } from '../src/daemon/node-flags.js';
import { DAEMON_CHILD_URL } from './support/daemon-child-url.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, sizes: { type: 'string', default: '1,20,100' } } });
const runs = Number(values.runs);
const sizes = values.sizes!.split(',').map(Number);
const CONTACTS = 50;
const users = Math.max(...sizes);

interface Memory { rss: number; heapUsed: number; external: number; arrayBuffers: number; sessions: number }

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const kib = (bytes: number) => Math.round(bytes / 1024);

async function populate(prosody: ProsodyServer): Promise<string[]> {
  const jids = await prosody.createAccounts(Array.from({ length: users }, (_, i) => ({ localpart: `user${i}`, password: `secret-${i}` })));
  const ticker = new Ticker();
  // Each user's roster holds 50 of the others (roster sets, RFC 6121 §2.3).
  for (let i = 0; i < users; i += 10) {
    await Promise.all(jids.slice(i, i + 10).map(async (jid, offset) => {
      const index = i + offset;
      const linker = new Linker({
        jid, password: `secret-${index}`, runtime: { ticker },
        server: { host: prosody.bindAddress, port: prosody.c2sPort, directTls: false },
        tls: { pinnedCertificate: prosody.certificatePem },
      });
      await linker.start();
      await Promise.all(Array.from({ length: CONTACTS }, (_, n) => linker.iq(xml('iq', { type: 'set' },
        xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: `contact${n}-of-${index}@${prosody.domain}`, name: `Contact ${n}` }))))));
      await linker.stop();
    }));
  }
  return jids;
}

async function measureRun(prosody: ProsodyServer, jids: string[], size: number): Promise<{ base: Memory; loaded: Memory }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'foyer-bench-daemon-'));
  const child = fork(DAEMON_CHILD_URL, {
    execArgv: ['--expose-gc', ...DAEMON_NODE_FLAGS],
    env: { ...process.env, FOYER_DATA: dataDir, FOYER_PORT: '0', FOYER_BIND: '127.0.0.1', FOYER_XMPP: `${prosody.bindAddress}:${prosody.c2sPort}`, BENCH_XMPP_CA: prosody.certificatePem },
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  const { port } = await next<{ port: number }>();
  const url = `http://127.0.0.1:${port}`;
  child.send('measure');
  const base = await next<Memory>();
  const tabs: WebSocket[] = [];
  for (let i = 0; i < size; i += 10) {
    await Promise.all(jids.slice(i, Math.min(i + 10, size)).map(async (jid, offset) => {
      const response = await fetch(`${url}/api/login`, { method: 'POST', body: JSON.stringify({ address: jid, password: `secret-${i + offset}` }) });
      if (response.status !== 200) throw new Error(`login of ${jid}: ${response.status} ${await response.text()}`);
      const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      const tab = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie, origin: url } });
      tabs.push(tab);
      await new Promise<void>((resolve, reject) => {
        tab.on('open', () => tab.send(JSON.stringify({ id: 1, method: 'roster.get', params: {} })));
        tab.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { id?: number; result?: { items: unknown[] } };
          if (frame.id !== 1) return;
          if (frame.result?.items.length !== CONTACTS) reject(new Error(`roster of ${jid}: ${JSON.stringify(frame).slice(0, 200)}`));
          else resolve();
        });
        tab.on('error', reject);
      });
    }));
  }
  child.send('measure');
  const loaded = await next<Memory>();
  for (const tab of tabs) tab.close();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
  return { base, loaded };
}

const baseDir = await mkdtemp(join(tmpdir(), 'foyer-bench-prosody-'));
const prosody = await ProsodyServer.start({ baseDir });
try {
  const jids = await populate(prosody);
  const results = [];
  for (const size of sizes) {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await measureRun(prosody, jids, size));
    const perUserRss = median(samples.map(({ base, loaded }) => (loaded.rss - base.rss) / size));
    const perUserHeap = median(samples.map(({ base, loaded }) => (loaded.heapUsed - base.heapUsed) / size));
    results.push({
      users: size,
      baseRssMiB: +(median(samples.map((s) => s.base.rss)) / 1048576).toFixed(1),
      rssMiB: +(median(samples.map((s) => s.loaded.rss)) / 1048576).toFixed(1),
      perUserRssKiB: kib(perUserRss),
      perUserHeapKiB: kib(perUserHeap),
    });
  }
  console.log('users | base RSS MiB | RSS MiB | marginal RSS/user KiB | marginal heap/user KiB');
  for (const r of results) console.log(`${String(r.users).padStart(5)} | ${String(r.baseRssMiB).padStart(12)} | ${String(r.rssMiB).padStart(7)} | ${String(r.perUserRssKiB).padStart(21)} | ${String(r.perUserHeapKiB).padStart(22)}`);
  console.log(JSON.stringify({ bench: 'daemon-memory', contactsPerUser: CONTACTS, runs, node: process.version, results }));
} finally {
  await prosody.stop();
  await rm(baseDir, { recursive: true, force: true });
}
