// Readers in other processes see consistent snapshots while this process writes: never part
// of a batch, never fewer messages than before. (LMDB readers take no locks; each read works on
// the snapshot of the last commit.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { crashBody } from '../../test/support/cache-crash-writer.js';
import { openCache, type StoredMessage } from './index.js';

const reader = fileURLToPath(new URL('../../test/support/cache-reader.js', import.meta.url));

interface ReaderResult { reads: number; seen: number; violations: string[] }

function startReader(path: string, expected: number): { ready: Promise<void>; done: Promise<ReaderResult> } {
  const child = spawn(process.execPath, [reader, path, 'a@x', 'b@x', String(expected)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
    if (output.startsWith('ready\n')) markReady();
  });
  const done = new Promise<ReaderResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`reader exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').pop()!) as ReaderResult);
    });
  });
  return { ready, done };
}

test('readers in other processes never see a torn batch while batches are written', async (t) => {
  const path = makeTempDir(t);
  const cache = openCache({ path, diskReserveBytes: 0 });
  t.after(() => cache.close());
  const batches = 300;
  const sizeOf = (b: number) => 1 + (b % 9);
  let expected = 0;
  for (let b = 0; b < batches; b++) expected += sizeOf(b);

  const readers = [startReader(path, expected), startReader(path, expected), startReader(path, expected)];
  await Promise.all(readers.map((r) => r.ready));
  let time = 0;
  for (let b = 0; b < batches; b += 3) {
    // Three batches per event turn, so commits group several of them.
    await Promise.all([b, b + 1, b + 2].map((n) => {
      const messages: StoredMessage[] = Array.from({ length: sizeOf(n) }, (_, i) => ({
        id: `${n}-${i}`, peer: 'b@x', from: 'b@x', to: 'a@x', time: time++, body: crashBody(`b${n}`, i, sizeOf(n), 200), direction: 'in',
      }));
      return cache.messages.appendMessages('a@x', messages);
    }));
  }
  const results = await Promise.all(readers.map((r) => r.done));
  for (const result of results) {
    assert.deepEqual(result.violations, []);
    assert.equal(result.seen, expected);
    assert.ok(result.reads > 1);
  }
  t.diagnostic(`reads per reader: ${results.map((r) => r.reads).join(', ')}`);
});
