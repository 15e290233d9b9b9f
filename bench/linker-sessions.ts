// Child process of the linker benches: logs N accounts in on the given Prosody in one
// process and reports memory or time as one JSON line. Run with --expose-gc for memory.
//   node --expose-gc dist/bench/linker-sessions.js <setup.json> <mode: memory|login> <count> [core|features|xmpp.js] [password|keys]
// The peer, xmpp.js (@xmpp/client, with its stream management), trusts the test certificate
// through NODE_EXTRA_CA_CERTS, set by the parent.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Linker, type StoredCredentials } from '../src/linker/linker.js';
import { Ticker } from '../src/linker/ticker.js';
import { createCapsFeature } from '../src/linker/features/caps/index.js';
import { MemoryCapsStore } from '../src/linker/features/caps/store.js';
import { disco } from '../src/linker/features/disco/index.js';
import type { Endpoint } from '../src/linker/transport/srv.js';

export interface BenchSetup {
  server: Endpoint;
  certificatePem: string;
  accounts: Array<{ jid: string; password: string; credentials?: StoredCredentials }>;
}

const [setupFile, mode, countText, variant = 'core', secret = 'password'] = process.argv.slice(2);
const setup = JSON.parse(readFileSync(setupFile!, 'utf8')) as BenchSetup;
const count = Number(countText);
const ticker = new Ticker(5000);
// The session-level features without cache stores; the daemon bench covers the whole set.
const features = variant === 'features' ? [disco, createCapsFeature(new MemoryCapsStore())] : [];

interface Session {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  exportCredentials?(): StoredCredentials | undefined;
}

// Imported by name so that the compiler does not need the peer's (absent) type declarations.
const peerModule = '@xmpp/client';
const peer = variant === 'xmpp.js'
  ? (await import(peerModule)) as { client(options: Record<string, unknown>): Session & { on(event: string, listener: () => void): void } }
  : undefined;

function open(index: number): Session {
  const account = setup.accounts[index]!;
  if (peer) {
    const session = peer.client({
      service: `xmpp://${setup.server.host}:${setup.server.port}`, domain: account.jid.split('@')[1],
      username: account.jid.split('@')[0], password: account.password,
      timeout: 60_000, // its 2 s default fails when many sessions open at once on 2 cores
    });
    session.on('error', () => undefined); // failures show as a start() rejection
    return session;
  }
  return new Linker({
    jid: account.jid,
    ...(secret === 'keys' ? { credentials: account.credentials! } : { password: account.password }),
    server: setup.server,
    tls: { pinnedCertificate: setup.certificatePem },
    runtime: { ticker },
    features,
  });
}

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(50);
  }
}

function snapshot(): { rss: number; heapUsed: number; external: number } {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
}

if (mode === 'memory') {
  // Warm-up: a first session loads TLS, crypto and the parser; the baseline includes them.
  const warm = open(setup.accounts.length - 1);
  await warm.start();
  await warm.stop();
  await settle();
  const before = snapshot();
  const linkers = Array.from({ length: count }, (_, i) => open(i));
  // One after the other: the same footing for every variant (xmpp.js times out when many
  // sessions negotiate STARTTLS at once), and no transient peak left in the allocator.
  for (const linker of linkers) await linker.start();
  await sleep(1000); // idle: acks exchanged, buffers released
  await settle();
  const after = snapshot();
  console.log(JSON.stringify({
    sessions: count,
    rssPerSession: (after.rss - before.rss) / count,
    heapPerSession: (after.heapUsed - before.heapUsed) / count,
    externalPerSession: (after.external - before.external) / count,
  }));
  await Promise.all(linkers.map((linker) => linker.stop()));
} else {
  const linkers = Array.from({ length: count }, (_, i) => open(i));
  const started = performance.now();
  await Promise.all(linkers.map((linker) => linker.start()));
  const loginMs = performance.now() - started;
  const cpu = process.cpuUsage();
  const credentials = linkers.map((linker) => linker.exportCredentials?.());
  console.log(JSON.stringify({ sessions: count, loginMs, clientCpuMs: (cpu.user + cpu.system) / 1000, credentials: secret === 'password' ? credentials : undefined }));
  await Promise.all(linkers.map((linker) => linker.stop()));
}
