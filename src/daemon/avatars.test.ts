import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestCache } from '../../test/support/cache.js';
import { avatarResponse } from './avatars.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

test('avatars are served from the blob store by hash, raster types only', async (t) => {
  const cache = openTestCache(t);
  const hash = await cache.blobs.putBlob('avatar', PNG, 'image/png');
  assert.deepEqual(avatarResponse(cache.blobs, hash), { type: 'image/png', etag: `"${hash}"`, data: PNG });
  assert.equal(avatarResponse(cache.blobs, hash.toUpperCase()), null, 'the URL is the lowercase hash');
  assert.equal(avatarResponse(cache.blobs, '0'.repeat(40)), null);
  assert.equal(avatarResponse(cache.blobs, '../../etc/passwd'), null);

  // Stored under a type a browser would run as a document: never served.
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const svgHash = await cache.blobs.putBlob('avatar', svg, 'image/svg+xml');
  assert.equal(avatarResponse(cache.blobs, svgHash), null);
  // A vCard blob under the same hash space is not an avatar.
  const vcardHash = await cache.blobs.putBlob('vcard', Buffer.from('<vcard/>'), 'text/xml');
  assert.equal(avatarResponse(cache.blobs, vcardHash), null);
});
