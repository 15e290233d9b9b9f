// Child process of the cache crash test: writes batches as fast as it can until it is killed.
// After each commit resolves it reports it on stdout (synchronously, so a report is never
// lost in a buffer when the kill comes): `batch <id>`, `outbox <user> <id>`, `acking <user> <id>`.
// Usage: node cache-crash-writer.js <cache path> <round>
import { writeSync } from 'node:fs';
import { openCache } from '../../src/cache/index.js';

export const CRASH_USERS = ['u1@x', 'u2@x', 'u2@x.y'];
export const CRASH_PEERS = ['p1@x', 'p2@x', 'p2@x.y', 'p4@x'];

/** Body of message `index` of a batch of `size`: the checker reads batch and size back from it. */
export function crashBody(batch: string, index: number, size: number, padding: number): string {
  return `${batch}|${index}|${size}|${'x'.repeat(padding)}`;
}

export function crashStanza(id: string): string {
  return `<message xmlns='jabber:client' id='${id}'><body>${'s'.repeat(100)}</body></message>`;
}

function report(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(path: string, round: number): Promise<void> {
  const cache = openCache({ path, diskReserveBytes: 0 });
  report('ready');
  const enqueued: Array<[string, string]> = [];
  for (let b = 0; ; ) {
    const inflight: Array<Promise<unknown>> = [];
    for (let j = 0; j < 8; j++, b++) {
      const batch = `r${round}-b${b}`;
      const size = 1 + (b % 5);
      const user = CRASH_USERS[b % CRASH_USERS.length]!;
      const peer = CRASH_PEERS[b % CRASH_PEERS.length]!;
      const messages = Array.from({ length: size }, (_, i) => ({
        id: `${batch}-${i}`, peer, from: peer, to: user, time: round * 1e9 + b * 10 + i,
        body: crashBody(batch, i, size, 50 + ((b * 37) % 400)), direction: 'in' as const,
      }));
      inflight.push(cache.messages.appendMessages(user, messages).then(() => report(`batch ${batch}`)));
      if (b % 5 === 0) {
        const id = `ob-${batch}`;
        inflight.push(cache.outbox.enqueue(user, { id, to: peer, stanza: crashStanza(id) }).then(() => {
          enqueued.push([user, id]);
          report(`outbox ${user} ${id}`);
        }));
      }
      if (b % 15 === 0 && enqueued.length > 3) {
        const [ackUser, ackId] = enqueued.shift()!;
        report(`acking ${ackUser} ${ackId}`);
        inflight.push(cache.outbox.ack(ackUser, ackId));
      }
    }
    await Promise.all(inflight);
  }
}

if (process.argv[1]?.endsWith('cache-crash-writer.js')) {
  await main(process.argv[2]!, Number(process.argv[3]));
}
