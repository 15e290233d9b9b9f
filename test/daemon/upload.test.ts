// Photos and files through the daemon against a real Prosody (XEP-0363): POST /api/upload
// streams into a slot, the file comes back from the daemon's own origin with headers that
// keep it from ever running as a page there, other XMPP clients upload and fetch through
// the same URLs, and refusals (too large, another origin, no session) are clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { getChild } from '../../src/xml/element.js';
import { buildSlotRequest, parseSlot } from '../../src/linker/features/upload/stanza.js';
import { connectAccount, createAccount } from '../support/contacts.js';
import { login } from '../support/daemon.js';
import { startFileShareProsody } from '../support/file-share.js';

const LIMIT = 4 * 1024 * 1024;
const files = await startFileShareProsody({ sizeLimitBytes: LIMIT });
const [mum, dad] = await Promise.all(['mum', 'dad'].map((name) => createAccount(files.prosody, name)));

interface UploadAnswer { status: number; body: any }

/** POSTs like the web app does, the body written in 64 KiB pieces. */
function upload(url: string, headers: Record<string, string>, body: Buffer | null): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const post = request(`${url}/api/upload`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        // A request refused from its headers alone was never finished: its socket must not outlive the test.
        if (body === null) post.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    post.on('error', reject);
    if (body === null) return void post.flushHeaders(); // only the headers: the answer must not wait for a body
    for (let offset = 0; offset < body.length; offset += 65536) post.write(body.subarray(offset, offset + 65536));
    post.end();
  });
}

test('uploads through the daemon, served from its origin', async (t) => {
  const daemon = await files.startDaemon(t);
  const { cookie } = await login(daemon, mum!.jid, mum!.password);
  const as = (extra: Record<string, string>) => ({ cookie: cookie!, origin: daemon.url, ...extra });

  await t.test('the limit is announced to the browser', async () => {
    const answer = await fetch(`${daemon.url}/api/upload`, { headers: { cookie: cookie! } });
    assert.deepEqual(await answer.json(), { maxFileSize: LIMIT });
  });

  const photo = randomBytes(3 * 1024 * 1024 + 123);
  let photoUrl = '';
  await t.test('a photo is streamed into a slot and answered as an attachment', async () => {
    const { status, body } = await upload(daemon.url, as({
      'content-type': 'image/jpeg', 'content-length': String(photo.length),
      'x-foyer-filename': encodeURIComponent('Été à la mer #1.jpg'), 'x-foyer-width': '2048', 'x-foyer-height': '1536',
    }), photo);
    assert.equal(status, 200, JSON.stringify(body));
    const { attachment } = body;
    assert.match(attachment.url, new RegExp(`^${files.publicUrl}file_share/[^/]+/`));
    assert.deepEqual({ ...attachment, url: undefined }, { url: undefined, name: 'Été à la mer #1.jpg', mediaType: 'image/jpeg', size: photo.length, width: 2048, height: 1536 });
    photoUrl = attachment.url;
  });

  await t.test('the photo is served inline from the daemon origin with its headers', async () => {
    const answer = await fetch(photoUrl);
    assert.equal(answer.status, 200);
    assert.deepEqual(Buffer.from(await answer.arrayBuffer()), photo);
    assert.equal(answer.headers.get('content-type'), 'image/jpeg');
    assert.equal(answer.headers.get('content-length'), String(photo.length));
    const disposition = /^inline; filename\*=UTF-8''(.+)$/.exec(answer.headers.get('content-disposition') ?? '');
    assert.equal(decodeURIComponent(disposition?.[1] ?? ''), 'Été à la mer #1.jpg');
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.match(answer.headers.get('content-security-policy') ?? '', /default-src 'none'; sandbox/);
    assert.match(answer.headers.get('cache-control') ?? '', /immutable/);
    const lastModified = answer.headers.get('last-modified');
    assert.ok(lastModified);

    const unchanged = await fetch(photoUrl, { headers: { 'if-modified-since': lastModified } });
    assert.equal(unchanged.status, 304);
    const rest = await fetch(photoUrl, { headers: { range: 'bytes=1000000-' } });
    assert.equal(rest.status, 206);
    assert.equal(rest.headers.get('content-range'), `bytes 1000000-${photo.length}/${photo.length}`);
    assert.deepEqual(Buffer.from(await rest.arrayBuffer()), photo.subarray(1000000));
    const head = await fetch(photoUrl, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(photo.length));
    assert.equal((await fetch(`${files.publicUrl}file_share/no-such-slot/x.jpg`)).status, 404);
  });

  await t.test('an HTML or SVG file is a download under a sandbox, never a page of this origin', async () => {
    for (const [name, mediaType] of [['page.html', 'text/html'], ['drawing.svg', 'image/svg+xml']] as const) {
      const content = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('/api/session')</script></svg>`);
      const { status, body } = await upload(daemon.url, as({
        'content-type': mediaType, 'content-length': String(content.length), 'x-foyer-filename': name,
      }), content);
      assert.equal(status, 200, JSON.stringify(body));
      const answer = await fetch(body.attachment.url);
      assert.equal(answer.headers.get('content-disposition'), `attachment; filename*=UTF-8''${name}`);
      assert.equal(answer.headers.get('content-type'), mediaType);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.match(answer.headers.get('content-security-policy') ?? '', /sandbox/);
    }
  });

  await t.test('a file over the limit is refused from its headers, before its body', async () => {
    const { status, body } = await upload(daemon.url, as({
      'content-type': 'video/mp4', 'content-length': String(LIMIT + 1), 'x-foyer-filename': 'holiday.mp4',
    }), null);
    assert.equal(status, 413);
    assert.equal(body.error.code, 'E_UPLOAD_TOO_LARGE');
    assert.equal(body.error.maxFileSize, LIMIT);
    assert.equal(body.error.message, 'This file is too large: the box accepts files up to 4 MiB.');
  });

  await t.test('other origins, missing sessions and malformed requests are refused', async () => {
    const small = Buffer.from('hello');
    const headers = { 'content-type': 'text/plain', 'content-length': '5', 'x-foyer-filename': 'a.txt' };
    assert.equal((await upload(daemon.url, { ...headers, cookie: cookie!, origin: 'http://evil.example' }, small)).status, 403);
    assert.equal((await upload(daemon.url, headers, small)).status, 401);
    const unnamed = await upload(daemon.url, as({ 'content-type': 'text/plain', 'content-length': '5' }), small);
    assert.equal(unnamed.status, 400);
    assert.match(unnamed.body.error.message, /X-Foyer-Filename/);
    const badName = await upload(daemon.url, as({ ...headers, 'x-foyer-filename': 'a%2Fb.txt' }), small);
    assert.equal(badName.status, 400);
    assert.equal((await upload(daemon.url, as({ ...headers, 'x-foyer-width': '-3' }), small)).status, 400);
    const chunked = await upload(daemon.url, as({ 'content-type': 'text/plain', 'x-foyer-filename': 'a.txt' }), small);
    assert.equal(chunked.status, 411, 'the size must be known before the body');
  });

  await t.test('an upload cut off half way leaves the daemon serving the next one', async () => {
    await new Promise<void>((resolve) => {
      const post = request(`${daemon.url}/api/upload`, {
        method: 'POST', headers: as({ 'content-type': 'image/png', 'content-length': String(1024 * 1024), 'x-foyer-filename': 'cut.png' }),
      });
      post.on('error', () => resolve());
      post.write(randomBytes(300 * 1024), () => setTimeout(() => post.destroy(), 200));
      post.on('close', () => resolve());
    });
    const again = await upload(daemon.url, as({ 'content-type': 'text/plain', 'content-length': '2', 'x-foyer-filename': 'ok.txt' }), Buffer.from('ok'));
    assert.equal(again.status, 200);
    assert.equal(await (await fetch(again.body.attachment.url)).text(), 'ok');
  });

  await t.test('another XMPP client uploads to and fetches from the same public URLs', async (t) => {
    const client = await connectAccount(files.prosody, dad!);
    t.after(() => client.stop());
    const content = randomBytes(200_000);
    const result = await client.iq(buildSlotRequest(files.prosody.upload, { name: 'scan.pdf', size: content.length, mediaType: 'application/pdf' }));
    assert.ok(getChild(result, 'slot', 'urn:xmpp:http:upload:0'));
    const slot = parseSlot(result);
    assert.ok(slot.put.url.startsWith(files.publicUrl), `the slot names the daemon: ${slot.put.url}`);
    const put = await fetch(slot.put.url, { method: 'PUT', headers: { ...slot.put.headers, 'content-type': 'application/pdf' }, body: content });
    assert.equal(put.status, 201);
    const fetched = await fetch(slot.get.url);
    assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), content);
    assert.equal(fetched.headers.get('content-disposition'), "attachment; filename*=UTF-8''scan.pdf");
  });
});
