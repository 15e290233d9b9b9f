// Child process of the concurrent-readers test: reads one conversation over and over while
// another process writes to it, checking that every read sees whole batches and never fewer
// messages than the read before. Exits when it has seen `expected` messages (or after 30 s),
// printing { reads, seen, violations } as JSON.
// Usage: node cache-reader.js <cache path> <user> <peer> <expected>
import { writeSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openCache } from '../../src/cache/index.js';

const [path, user, peer, expectedText] = process.argv.slice(2) as [string, string, string, string];
const expected = Number(expectedText);
const cache = openCache({ path, diskReserveBytes: 0 });
const violations: string[] = [];
let reads = 0;
let seen = 0;
const deadline = Date.now() + 30_000;
writeSync(1, 'ready\n');
while (seen < expected && Date.now() < deadline && violations.length < 10) {
  const messages = cache.messages.getAllMessages(user, peer);
  const sizes = new Map<string, { size: number; count: number }>();
  for (const message of messages) {
    const [batch, , size] = message.body.split('|') as [string, string, string];
    const entry = sizes.get(batch) ?? { size: Number(size), count: 0 };
    entry.count++;
    sizes.set(batch, entry);
  }
  for (const [batch, { size, count }] of sizes) {
    if (count !== size) violations.push(`read ${reads}: batch ${batch} has ${count} of ${size}`);
  }
  if (messages.length < seen) violations.push(`read ${reads}: ${messages.length} messages after ${seen}`);
  // The page may come from a later snapshot (more messages), never from an earlier one.
  const page = cache.messages.getMessagesBefore(user, peer, Number.MAX_SAFE_INTEGER, 7);
  if (page.length < Math.min(7, messages.length)) violations.push(`read ${reads}: page of ${page.length}`);
  seen = Math.max(seen, messages.length);
  reads++;
  await nextTurn(); // a new event turn lets lmdb-js renew the read snapshot
}
writeSync(1, `${JSON.stringify({ reads, seen, violations })}\n`);
await cache.close();
