// Opens a cache in a fresh temporary directory for one test and closes it afterwards.
import type { TestContext } from 'node:test';
import { openCache, type Cache, type CacheOptions } from '../../src/cache/index.js';
import { makeTempDir } from './temp-dir.js';

export function openTestCache(t: TestContext, options: CacheOptions = {}): Cache {
  const cache = openCache({ path: makeTempDir(t, 'foyer-cache-'), diskReserveBytes: 0, ...options });
  t.after(() => cache.close());
  return cache;
}
