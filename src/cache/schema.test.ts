import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { encodeKey } from './keys.js';
import { CacheError, openCache, SCHEMA_VERSION } from './index.js';
import { sha1Hex } from './blobs.js';

/** Writes a cache the way schema v1 laid it out (see schema.ts), with raw lmdb. */
async function writeV1Cache(path: string, blobs: Buffer[]): Promise<void> {
  const root = open({ path, maxDbs: 20, keyEncoding: 'binary' });
  const meta = root.openDB({ name: 'meta', keyEncoding: 'binary' });
  const roster = root.openDB({ name: 'roster', keyEncoding: 'binary' });
  const blobDb = root.openDB({ name: 'blobs', keyEncoding: 'binary', encoding: 'binary' });
  const blobInfo = root.openDB({ name: 'blob-info', keyEncoding: 'binary' });
  await root.transaction(() => {
    meta.putSync(encodeKey('schema-version'), 1);
    roster.putSync(encodeKey('a@x', 'b@x'), { jid: 'b@x', subscription: 'both', groups: [] });
    for (const data of blobs) {
      const key = encodeKey('avatar', sha1Hex(data));
      blobDb.putSync(key, data);
      blobInfo.putSync(key, { bytes: data.length, type: 'image/png' });
    }
  });
  await root.close();
}

test('a v1 cache is migrated on open and keeps its data', async (t) => {
  const path = makeTempDir(t);
  const old = [Buffer.alloc(300, 1), Buffer.alloc(500, 2)];
  await writeV1Cache(path, old);

  const cache = openCache({ path, diskReserveBytes: 0, sharedBudgetBytes: 1000, now: () => 5_000 });
  t.after(() => cache.close());
  assert.equal(SCHEMA_VERSION, 2);
  assert.equal(cache.env.storedVersion(), 2);
  assert.deepEqual(cache.roster.list('a@x').map((item) => item.jid), ['b@x']);
  assert.equal(cache.sharedBytes(), 800, 'v2 counts the v1 blobs in the shared total');
  assert.deepEqual(cache.blobs.getBlob('avatar', sha1Hex(old[0]!))?.data, old[0]);
  // v2 eviction works on migrated blobs: a new 400-byte blob pushes out the least recently used.
  await cache.blobs.putBlob('avatar', Buffer.alloc(400, 3), 'image/png');
  assert.ok(cache.sharedBytes() <= 1000);
  assert.equal(cache.blobs.hasBlob('avatar', sha1Hex(Buffer.alloc(400, 3))), true);
});

test('opening a cache written by a newer schema is E_CACHE_VERSION and changes nothing', async (t) => {
  const path = makeTempDir(t);
  await writeV1Cache(path, []);
  const root = open({ path, maxDbs: 20, keyEncoding: 'binary' });
  const meta = root.openDB({ name: 'meta', keyEncoding: 'binary' });
  await meta.put(encodeKey('schema-version'), SCHEMA_VERSION + 1);
  await root.close();

  assert.throws(() => openCache({ path, diskReserveBytes: 0 }), (error: unknown) =>
    error instanceof CacheError && error.code === 'E_CACHE_VERSION' && /newer/.test(error.message));

  const again = open({ path, maxDbs: 20, keyEncoding: 'binary' });
  t.after(() => again.close());
  assert.equal(again.openDB({ name: 'meta', keyEncoding: 'binary' }).get(encodeKey('schema-version')), SCHEMA_VERSION + 1);
  assert.equal(again.openDB({ name: 'roster', keyEncoding: 'binary' }).get(encodeKey('a@x', 'b@x'))?.jid, 'b@x');
});

test('a data file that is not LMDB is E_CACHE_CORRUPT, not a crash', (t) => {
  for (const content of [Buffer.alloc(64 * 1024, 0x5a), Buffer.alloc(100), Buffer.from('not a database')]) {
    const path = makeTempDir(t);
    writeFileSync(join(path, 'data.mdb'), content);
    assert.throws(() => openCache({ path, diskReserveBytes: 0 }), (error: unknown) =>
      error instanceof CacheError && error.code === 'E_CACHE_CORRUPT');
  }
});

test('a new cache starts at the current schema version', (t) => {
  const cache = openCache({ path: makeTempDir(t), diskReserveBytes: 0 });
  t.after(() => cache.close());
  assert.equal(cache.env.storedVersion(), SCHEMA_VERSION);
});

test('a cache directory whose name has a dot is still a directory environment', async (t) => {
  const path = join(makeTempDir(t), 'cache.v2');
  const cache = openCache({ path, diskReserveBytes: 0 });
  await cache.roster.put('a@x', { jid: 'b@x', subscription: 'both', groups: [] });
  await cache.close();
  assert.ok(existsSync(join(path, 'data.mdb')));
});

test('the cache is opened once per process; a second open is E_CACHE_ALREADY_OPEN', async (t) => {
  const path = makeTempDir(t);
  const cache = openCache({ path, diskReserveBytes: 0 });
  assert.throws(() => openCache({ path: join(path, '.'), diskReserveBytes: 0 }), { code: 'E_CACHE_ALREADY_OPEN' });
  await cache.close();
  const reopened = openCache({ path, diskReserveBytes: 0 });
  await reopened.close();
});
