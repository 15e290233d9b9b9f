// Child process of the full-disk and map-full tests: writes 20 KB messages, `perWrite` to a
// transaction, with no free-space reserve, until a write fails; then prints the error as
// JSON { committed, code, message }. Run in a child because lmdb-js leaves the environment
// unusable after a failed commit (see src/cache/env.ts). With --probe it only opens the cache
// and prints { vmSizeKiB } (its address space use, for the ulimit -v of the map-full test).
// Usage: node cache-fill.js <cache path> <perWrite> [--probe]
import { readFileSync, writeSync } from 'node:fs';
import { CacheError, openCache } from '../../src/cache/index.js';

const [path, perWriteText, mode] = process.argv.slice(2) as [string, string, string | undefined];
const cache = openCache({ path, diskReserveBytes: 0 });
const print = (value: object) => writeSync(1, `${JSON.stringify(value)}\n`);
if (mode === '--probe') {
  const vmSizeKiB = Number(/VmSize:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  print({ vmSizeKiB });
  process.exit(0);
}
const perWrite = Number(perWriteText);
let committed = 0;
try {
  for (;;) {
    await cache.messages.appendMessages('a@x', Array.from({ length: perWrite }, (_, i) => ({
      id: `m${committed}-${i}`, peer: 'b@x', from: 'b@x', to: 'a@x', time: committed, body: 'z'.repeat(20_000), direction: 'in' as const,
    })));
    committed++;
  }
} catch (error) {
  const code = error instanceof CacheError ? error.code : `not a CacheError: ${String(error)}`;
  print({ committed, code, message: (error as Error).message });
  process.exit(0);
}
