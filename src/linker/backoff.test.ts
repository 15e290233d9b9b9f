import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from './backoff.js';

const options = { baseMs: 1000, maxMs: 8000 };

test('the first retry is immediate, then delays double up to the cap', () => {
  assert.equal(backoffDelay(0, options, () => 0.5), 0);
  const ceilings = [1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, options, () => 1));
  assert.deepEqual(ceilings, [1000, 2000, 4000, 8000, 8000, 8000]);
});

test('jitter spreads each delay over the upper half of its ceiling', () => {
  assert.equal(backoffDelay(3, options, () => 0), 2000);
  assert.equal(backoffDelay(3, options, () => 0.999999), 4000);
  const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
  assert.ok(spread.size > 10, 'random draws differ');
  for (const delay of spread) assert.ok(delay >= 2000 && delay <= 4000, String(delay));
});
