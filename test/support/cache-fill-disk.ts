// Child process of the full-disk test: fills a cache with no free-space reserve until LMDB
// itself meets ENOSPC, then prints the resulting error as JSON. Run in a child because
// lmdb-js leaves the environment unusable after a failed commit (see src/cache/env.ts).
// Usage: node cache-fill-disk.js <cache path>
import { writeSync } from 'node:fs';
import { CacheError, openCache } from '../../src/cache/index.js';

const cache = openCache({ path: process.argv[2]!, diskReserveBytes: 0 });
let committed = 0;
try {
  for (;;) {
    await cache.messages.appendMessage('a@x', {
      id: `m${committed}`, peer: 'b@x', from: 'b@x', to: 'a@x', time: committed, body: 'z'.repeat(20_000), direction: 'in',
    });
    committed++;
  }
} catch (error) {
  const code = error instanceof CacheError ? error.code : `not a CacheError: ${String(error)}`;
  writeSync(1, `${JSON.stringify({ committed, code, message: (error as Error).message })}\n`);
  process.exit(0);
}
