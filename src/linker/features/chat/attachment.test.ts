import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../xml/index.js';
import { parseAttachment, validAttachment } from './attachment.js';

const message = (inner: string) => parseElement(`<message from='dad@family.example/a'>${inner}</message>`);

test('OOB without metadata: name from the URL, unknown type, no dimensions', () => {
  assert.deepEqual(parseAttachment(message(`<x xmlns='jabber:x:oob'><url> https://files.example/a/Holiday%20photo.png </url></x>`)), {
    url: 'https://files.example/a/Holiday%20photo.png', name: 'Holiday photo.png', mediaType: 'application/octet-stream', size: 0,
  });
});

test('metadata is cleaned: no path in names, sane types, both dimensions or none', () => {
  const parsed = parseAttachment(message(`<x xmlns='jabber:x:oob'><url>https://files.example/x</url></x>
    <file xmlns='urn:xmpp:file:metadata:0'><name>../../etc/passwd&#x9;</name><media-type>Image/PNG</media-type><size>2048</size><width>640</width></file>`));
  assert.deepEqual(parsed, { url: 'https://files.example/x', name: '....etcpasswd', mediaType: 'image/png', size: 2048 });
  const badType = parseAttachment(message(`<x xmlns='jabber:x:oob'><url>https://files.example/y.bin</url></x><file xmlns='urn:xmpp:file:metadata:0'><media-type>text/html; charset=&lt;script&gt;</media-type><width>-1</width><height>10</height></file>`));
  assert.equal(badType?.mediaType, 'application/octet-stream');
  assert.equal(badType?.width, undefined);
});

test('only http(s) URLs are attachments', () => {
  assert.equal(parseAttachment(message(`<x xmlns='jabber:x:oob'><url>javascript:alert(1)</url></x>`)), undefined);
  assert.equal(parseAttachment(message(`<x xmlns='jabber:x:oob'><url>data:text/html,hi</url></x>`)), undefined);
  assert.equal(parseAttachment(message(`<body>no attachment</body>`)), undefined);
});

test('an attachment from a tab is checked field by field', () => {
  const good = { url: 'https://upload.family.example/s/cake.jpg', name: 'cake.jpg', mediaType: 'image/jpeg', size: 10, width: 4, height: 3 };
  assert.deepEqual(validAttachment(good), good);
  assert.deepEqual(validAttachment({ ...good, width: 0 }), { url: good.url, name: good.name, mediaType: good.mediaType, size: 10 });
  assert.equal(validAttachment({ ...good, url: 'file:///etc/passwd' }), undefined);
  assert.equal(validAttachment({ ...good, size: -1 }), undefined);
  assert.equal(validAttachment({ ...good, name: '' }), undefined);
  assert.equal(validAttachment('https://x'), undefined);
});
