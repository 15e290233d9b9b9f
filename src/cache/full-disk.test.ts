// A full disk is an error the UI can show, not a crash. These tests fill a real (tmpfs) file
// system; they need root for mount and are skipped, saying so, where it is not permitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { mountTmpfs } from '../../test/support/tmpfs.js';
import { CacheError, openCache, type StoredMessage } from './index.js';

const MiB = 1024 * 1024;
const filler = fileURLToPath(new URL('../../test/support/cache-fill.js', import.meta.url));

/** Runs the fill child and returns what it printed last. */
function fill(args: string[]): { committed: number; code: string; message: string; vmSizeKiB: number } {
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}
const isFull = (error: unknown) => error instanceof CacheError && error.code === 'E_CACHE_FULL';

function message(i: number): StoredMessage {
  return { id: `m${i}`, peer: 'b@x', from: 'b@x', to: 'a@x', time: i, body: 'z'.repeat(20_000), direction: 'in' };
}

test('writes on a full disk are refused with E_CACHE_FULL, reads go on, and writes resume when space returns', async (t) => {
  const disk = mountTmpfs(4 * MiB);
  if ('refused' in disk) return t.skip(disk.refused);
  const spaceHog = join(disk.path, 'space-hog');
  writeFileSync(spaceHog, Buffer.alloc(MiB));
  const cache = openCache({ path: join(disk.path, 'cache'), diskReserveBytes: 512 * 1024 });
  try {
    let committed = 0;
    let failure: unknown;
    while (!failure) {
      try {
        await cache.messages.appendMessage('a@x', message(committed));
        committed++;
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(isFull(failure), `expected E_CACHE_FULL, got ${String(failure)}`);
    assert.ok(committed > 20, `${committed} messages fitted before the disk filled`);
    assert.match((failure as Error).message, /disk holding the cache is full/);

    // Everything committed is still readable.
    assert.equal(cache.messages.getAllMessages('a@x', 'b@x').length, committed);

    // Small outbox writes may still fit above the reserve; once they do not, a message typed
    // now gets a clear error, and exactly the entries that were acknowledged are queued.
    const stanza = '<message>' + 'o'.repeat(2000) + '</message>';
    let queued = 0;
    let outboxFailure: unknown;
    while (!outboxFailure && queued < 10_000) {
      try {
        await cache.outbox.enqueue('a@x', { id: `o${queued}`, to: 'b@x', stanza });
        queued++;
      } catch (error) {
        outboxFailure = error;
      }
    }
    assert.ok(isFull(outboxFailure), `expected E_CACHE_FULL, got ${String(outboxFailure)}`);
    assert.deepEqual(cache.outbox.pending('a@x').map((entry) => entry.id), Array.from({ length: queued }, (_, i) => `o${i}`));

    // The family deletes something: the cache works again without a restart.
    rmSync(spaceHog);
    await cache.outbox.enqueue('a@x', { id: 'after', to: 'b@x', stanza });
    await cache.messages.appendMessage('a@x', message(committed));
    assert.equal(cache.messages.getAllMessages('a@x', 'b@x').length, committed + 1);
    assert.equal(cache.outbox.pending('a@x').length, queued + 1);
  } finally {
    await cache.close();
    disk.unmount();
  }
});

test('ENOSPC inside an LMDB commit is mapped to E_CACHE_FULL, not an unhandled rejection', (t) => {
  const disk = mountTmpfs(2 * MiB);
  if ('refused' in disk) return t.skip(disk.refused);
  try {
    const result = fill([filler, join(disk.path, 'cache'), '1']);
    assert.equal(result.code, 'E_CACHE_FULL', result.message);
    assert.ok(result.committed > 10);
  } finally {
    disk.unmount();
  }
});

test('a memory map that cannot grow is E_CACHE_MAP_FULL', (t) => {
  // A real way to make LMDB's map growth fail: cap the writer's address space (ulimit -v)
  // a little above what Node with an open cache already uses. Under so tight a cap a malloc
  // elsewhere may still fail before the cache reports anything, and Node or LMDB then aborts
  // (LMDB asserts in mdb_page_search_root); the cache's own guard (four map sizes of headroom,
  // env.ts) made that rare (0 in 12 runs, against most runs with two), so a child killed by a
  // signal is still retried, five times at most.
  const { vmSizeKiB } = fill([filler, makeTempDir(t), '0', '--probe']);
  const limitKiB = vmSizeKiB + 96 * 1024;
  for (let attempt = 1; ; attempt++) {
    const command = ['bash', '-c', `ulimit -v ${limitKiB} && exec "$0" "$@"`, process.execPath, filler, makeTempDir(t), '50'];
    const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 60_000 });
    if (run.signal && attempt < 6) {
      t.diagnostic(`attempt ${attempt}: the capped child died on ${run.signal}; retrying`);
      continue;
    }
    assert.equal(run.status, 0, `child failed (${run.signal}): ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { committed: number; code: string; message: string };
    assert.equal(result.code, 'E_CACHE_MAP_FULL', result.message);
    assert.ok(result.committed > 0, 'some writes fitted before the map had to grow past the limit');
    return;
  }
});
