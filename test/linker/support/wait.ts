// Waiting for something that happens over the network, without sleeps in the assertions:
// polls a condition and fails with a description after a generous deadline (not a timing
// assertion: the deadline only keeps a broken run from hanging).
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitUntil(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}
