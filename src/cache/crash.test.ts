// A kill -9 during heavy writes leaves a consistent cache: every batch is wholly there or
// wholly absent, every batch the writer saw committed is there, conversation summaries agree
// with their messages, and every outbox entry the writer saw enqueued is intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { CRASH_PEERS, CRASH_USERS, crashStanza } from '../../test/support/cache-crash-writer.js';
import { openCache } from './index.js';

const writer = fileURLToPath(new URL('../../test/support/cache-crash-writer.js', import.meta.url));
const ROUNDS = 4;

/**
 * Runs the writer and kills it with SIGKILL once it has reported `commits` commits: a random
 * point counted in the writer's own progress, so a slow, busy machine moves it in time but not
 * in work done. More writes are always in flight at that moment. Returns the reports.
 */
function writeUntilKilled(path: string, round: number, commits: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, path, String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let killed = false;
    // Never leave a writer behind, even if it hangs.
    const safety = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (!killed && output.split('\n').length - 2 >= commits) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(safety);
      if (!killed) reject(new Error(`writer ended before ${commits} commits: code ${code}, signal ${signal}`));
      else resolve(output.split('\n').filter((line) => line && line !== 'ready'));
    });
  });
}

test('kill -9 during heavy writes leaves a consistent cache, several times over', async (t) => {
  const path = makeTempDir(t);
  const reportedBatches = new Set<string>();
  const reportedOutbox = new Map<string, string>(); // id → user
  const acking = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const lines = await writeUntilKilled(path, round, 20 + Math.floor(Math.random() * 200));
    for (const line of lines) {
      const [kind, first, second] = line.split(' ');
      if (kind === 'batch') reportedBatches.add(first!);
      else if (kind === 'outbox') reportedOutbox.set(second!, first!);
      else if (kind === 'acking') acking.add(second!);
    }
    t.diagnostic(`round ${round}: ${lines.length} commits reported before the kill`);

    const cache = openCache({ path, diskReserveBytes: 0 });
    try {
      const seenBatches = new Set<string>();
      for (const user of CRASH_USERS) {
        for (const peer of CRASH_PEERS) {
          const messages = cache.messages.getAllMessages(user, peer);
          const batches = new Map<string, { size: number; count: number }>();
          for (const message of messages) {
            assert.equal(message.to, user);
            assert.equal(message.peer, peer);
            const [batch, , size] = message.body.split('|');
            const entry = batches.get(batch!) ?? { size: Number(size), count: 0 };
            entry.count++;
            batches.set(batch!, entry);
          }
          for (const [batch, { size, count }] of batches) {
            assert.equal(count, size, `batch ${batch} is whole`);
            seenBatches.add(batch);
          }
          const summary = cache.messages.getConversation(user, peer);
          if (messages.length === 0) {
            assert.equal(summary, undefined);
          } else {
            assert.equal(summary?.unread, messages.length, `${user}/${peer} unread count matches its messages`);
            assert.equal(summary?.last.id, messages[messages.length - 1]!.id, `${user}/${peer} summary shows the newest`);
          }
        }
      }
      for (const batch of reportedBatches) assert.ok(seenBatches.has(batch), `committed batch ${batch} survived`);

      const pending = new Map(CRASH_USERS.flatMap((user) => cache.outbox.pending(user).map((entry) => [entry.id, { user, entry }] as const)));
      for (const [id, { user, entry }] of pending) {
        assert.equal(entry.stanza, crashStanza(id), `outbox ${id} intact`);
        assert.equal(entry.state, 'queued');
        assert.ok(id.startsWith('ob-') && user);
      }
      for (const [id, user] of reportedOutbox) {
        if (acking.has(id)) continue;
        assert.equal(pending.get(id)?.user, user, `enqueued outbox entry ${id} survived`);
      }
    } finally {
      await cache.close();
    }
  }
  t.diagnostic(`${reportedBatches.size} batches and ${reportedOutbox.size} outbox entries reported committed`);
  assert.ok(reportedBatches.size >= 50, `heavy enough: ${reportedBatches.size} batches committed`);
});
