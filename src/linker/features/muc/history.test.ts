import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderedTimes } from './history.js';

test('archived messages keep their order in the cache though the archive stamps whole seconds', () => {
  const second = Date.UTC(2026, 0, 1, 12, 0, 0);
  assert.deepEqual(orderedTimes([second, second, second, second + 1000]), [second, second + 1, second + 2, second + 1000]);
  assert.deepEqual(orderedTimes([second, second], { after: second + 500 }), [second + 501, second + 502], 'after the newest cached message');
  assert.deepEqual(orderedTimes([second, second, second], { before: second + 1 }), [second - 2, second - 1, second], 'below the oldest cached message');
  assert.deepEqual(orderedTimes([]), []);
});
