// XEP-0363 against the real Prosody: the upload feature finds http_file_share among the
// server's disco items, reads its limit, gets slots, and turns the server's refusals (its
// real error stanzas, file-too-large with the limit, the daily quota) into UploadErrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestProsody } from '../support/prosody.js';
import { Ticker } from '../../src/linker/ticker.js';
import { StanzaError } from '../../src/linker/errors.js';
import { disco } from '../../src/linker/features/disco/index.js';
import { uploadFeature, type UploadApi } from '../../src/linker/features/upload/index.js';
import { buildSlotRequest, uploadErrorOf } from '../../src/linker/features/upload/stanza.js';
import { createAccounts, createLinker } from './support/sessions.js';

const LIMIT = 1024 * 1024;
const prosody = await startTestProsody(undefined, { upload: { sizeLimitBytes: LIMIT, dailyQuotaBytes: 2 * LIMIT } });
const ticker = new Ticker(1000);

test('the upload service is found, its limit known, slots granted and refused', async (t) => {
  const [account] = await createAccounts(prosody, 1, 'upload');
  const linker = createLinker(t, prosody, ticker, { ...account!, features: [disco, uploadFeature] });
  await linker.start();
  const upload = linker.feature<UploadApi>('upload');

  assert.deepEqual(await upload.service(), { jid: prosody.upload, maxFileSize: LIMIT });

  const slot = await upload.requestSlot({ name: 'été.jpg', size: 900_000, mediaType: 'image/jpeg' });
  assert.match(slot.put.url, new RegExp(`^${prosody.httpUrl}file_share/[^/]+/${encodeURIComponent('été.jpg')}$`, 'i'));
  assert.equal(slot.get.url, slot.put.url);
  assert.match(slot.put.headers.Authorization ?? '', /^Bearer \S+$/);

  // Over the announced limit: refused without asking the server.
  await assert.rejects(upload.requestSlot({ name: 'film.mp4', size: LIMIT + 1, mediaType: 'video/mp4' }), {
    code: 'E_UPLOAD_TOO_LARGE', condition: 'file-too-large', maxFileSize: LIMIT,
  });
  // The server's own refusal of the same, as Prosody words it.
  const refusal = await linker.iq(buildSlotRequest(prosody.upload, { name: 'film.mp4', size: LIMIT + 1, mediaType: 'video/mp4' })).catch((error: unknown) => error);
  assert.ok(refusal instanceof StanzaError);
  assert.deepEqual({ ...uploadErrorOf(refusal) }, { code: 'E_UPLOAD_TOO_LARGE', condition: 'file-too-large', maxFileSize: LIMIT, name: 'UploadError' });

  // Prosody counts slots against the daily quota (2 MiB here): the third is refused.
  await upload.requestSlot({ name: 'b.jpg', size: 900_000, mediaType: 'image/jpeg' });
  await assert.rejects(upload.requestSlot({ name: 'c.jpg', size: 900_000, mediaType: 'image/jpeg' }), (error: Error & { code?: string; condition?: string }) => {
    assert.equal(error.code, 'E_UPLOAD_REFUSED');
    assert.equal(error.condition, 'resource-constraint');
    assert.match(error.message, /no room for this file now \(Daily quota reached\)/);
    return true;
  });
});
