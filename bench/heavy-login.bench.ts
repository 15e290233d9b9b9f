// Login of a heavy account (issue 4): 400 contacts, 50 joined rooms with history, 2000
// archived messages, 200 microblog posts, populated on the bench's own Prosody. Measures the
// time from the login request to the first screen's data in the browser protocol — the
// whole contact list, the conversation list, and every joined room — cold (a daemon with
// an empty cache) and warm (logged out, daemon restarted on the same cache, logged in again).
// Targets: cold ≤ 1.5 s, warm ≤ 300 ms. Median of several runs, each on a fresh daemon.
//
//   npm run build && node dist/bench/heavy-login.bench.js [--runs 5]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ProsodyServer } from '../src/prosody/server.js';
import { HEAVY, populateHeavyAccount, type HeavyAccount } from './support/heavy-account.js';
import { DAEMON_CHILD_URL } from './support/daemon-child-url.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

interface Frame {
  id?: number;
  result?: Record<string, unknown[]>;
  error?: { message: string };
  event?: string;
  data?: Record<string, unknown>;
}

/** What the first screen shows, as it fills in from answers and events. */
class FirstScreen {
  readonly contacts = new Set<string>();
  readonly conversations = new Set<string>();
  readonly rooms = new Set<string>();
  /** The conversation list came back (it holds what the cache has, after a fresh cache's first archive page). */
  conversationsAnswered = false;

  take(frame: Frame): void {
    const list = (items: unknown[] | undefined, into: Set<string>, key: 'jid' | 'peer') => {
      for (const item of items ?? []) into.add((item as Record<string, string>)[key]!);
    };
    if (frame.id === 1) list(frame.result?.items, this.contacts, 'jid');
    if (frame.id === 2) {
      list(frame.result?.conversations, this.conversations, 'peer');
      this.conversationsAnswered = true;
    }
    if (frame.id === 3) list(frame.result?.rooms, this.rooms, 'jid');
    if (frame.event === 'muc.room-updated') list([frame.data], this.rooms, 'jid');
    if (frame.event === 'roster.list-replaced') list(frame.data?.items as unknown[], this.contacts, 'jid');
    if (frame.event === 'chat.conversation-updated') list([frame.data?.conversation], this.conversations, 'peer');
  }

  get complete(): boolean {
    return this.contacts.size >= HEAVY.contacts && this.conversationsAnswered && this.rooms.size >= HEAVY.rooms;
  }
}

class DaemonChild {
  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  static async start(prosody: ProsodyServer, dataDir: string): Promise<DaemonChild> {
    const child = fork(DAEMON_CHILD_URL, {
      execArgv: ['--expose-gc'],
      env: { ...process.env, FOYER_DATA: dataDir, FOYER_PORT: '0', FOYER_BIND: '127.0.0.1', FOYER_XMPP: `${prosody.bindAddress}:${prosody.c2sPort}`, BENCH_XMPP_CA: prosody.certificatePem },
    });
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (message) => resolve(message as { port: number })));
    return new DaemonChild(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    this.child.send('stop');
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

/** Milliseconds from the login request to a complete first screen, and the chats it listed; logs out afterwards. */
async function timeLogin(daemon: DaemonChild, account: HeavyAccount): Promise<{ ms: number; chats: number }> {
  const started = performance.now();
  const response = await fetch(`${daemon.url}/api/login`, { method: 'POST', headers: { origin: daemon.url }, body: JSON.stringify({ address: account.jid, password: account.password }) });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const tab = new WebSocket(`${daemon.url.replace('http', 'ws')}/ws`, { headers: { cookie, origin: daemon.url } });
  const screen = new FirstScreen();
  const ms = await new Promise<number>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`first screen incomplete after 60 s: ${screen.contacts.size} contacts, ${screen.conversations.size} conversations, ${screen.rooms.size} rooms`)), 60_000);
    tab.on('open', () => {
      tab.send(JSON.stringify({ id: 1, method: 'roster.get', params: {} }));
      tab.send(JSON.stringify({ id: 2, method: 'chat.conversations', params: {} }));
      tab.send(JSON.stringify({ id: 3, method: 'muc.rooms', params: {} }));
    });
    tab.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.error) reject(new Error(`request ${frame.id}: ${frame.error.message}`));
      screen.take(frame);
      if (screen.complete) {
        clearTimeout(timeout);
        resolve(performance.now() - started);
      }
    });
    tab.on('error', reject);
  });
  tab.close();
  await fetch(`${daemon.url}/api/logout`, { method: 'POST', headers: { cookie, origin: daemon.url } });
  return { ms, chats: [...screen.conversations].filter((peer) => !screen.rooms.has(peer)).length };
}

const baseDir = await mkdtemp(join(tmpdir(), 'foyer-bench-heavy-'));
const prosody = await ProsodyServer.start({ baseDir });
try {
  const account = await populateHeavyAccount(prosody);
  const cold: number[] = [];
  const warm: number[] = [];
  const chats = { cold: 0, warm: 0 };
  for (let run = 0; run < runs; run++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'foyer-bench-heavy-daemon-'));
    let daemon = await DaemonChild.start(prosody, dataDir);
    const first = await timeLogin(daemon, account);
    cold.push(first.ms);
    chats.cold = first.chats;
    await daemon.stop();
    daemon = await DaemonChild.start(prosody, dataDir);
    const second = await timeLogin(daemon, account);
    warm.push(second.ms);
    chats.warm = second.chats;
    await daemon.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const ms = (list: number[]) => list.map((value) => Math.round(value)).join(', ');
  console.log(`heavy account: ${HEAVY.contacts} contacts, ${HEAVY.rooms} rooms, ${HEAVY.archivedMessages} archived messages, ${HEAVY.posts} posts`);
  console.log(`cold login → first screen: median ${Math.round(median(cold))} ms (runs: ${ms(cold)}), ${chats.cold} chats listed · target ≤ 1500 ms`);
  console.log(`warm login → first screen: median ${Math.round(median(warm))} ms (runs: ${ms(warm)}), ${chats.warm} chats listed · target ≤ 300 ms`);
  console.log(JSON.stringify({ bench: 'heavy-login', runs, node: process.version, coldMs: median(cold), warmMs: median(warm), cold, warm, chats }));
} finally {
  await prosody.stop();
  await rm(baseDir, { recursive: true, force: true });
}
