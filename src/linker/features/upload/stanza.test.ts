import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../../native/expat-stream/index.js';
import { StanzaError } from '../../errors.js';
import { parseDiscoInfo } from '../disco/stanza.js';
import { slotRequestOf } from './index.js';
import { buildSlotRequest, formatBytes, isUploadService, maxFileSizeOf, parseSlot, uploadErrorOf } from './stanza.js';

const info = (payload: string) => parseDiscoInfo(parseElement(`<query xmlns='http://jabber.org/protocol/disco#info'>${payload}</query>`));

test('the service is found by its feature, its limit read from the XEP-0128 form', () => {
  const prosody = info(`<identity category='store' type='file' name='HTTP File Upload'/><feature var='urn:xmpp:http:upload:0'/>
    <x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>
    <field var='max-file-size' type='text-single'><value>104857600</value></field></x>`);
  assert.equal(isUploadService(prosody), true);
  assert.equal(maxFileSizeOf(prosody), 104857600);

  const otherForm = info(`<feature var='urn:xmpp:http:upload:0'/><x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field><field var='max-file-size'><value>5</value></field></x>`);
  assert.equal(maxFileSizeOf(otherForm), null, 'only the upload form counts');
  assert.equal(maxFileSizeOf(info(`<feature var='urn:xmpp:http:upload:0'/>`)), null, 'no form: no announced limit');
  assert.equal(isUploadService(info(`<identity category='conference' type='text'/><feature var='http://jabber.org/protocol/muc'/>`)), false);
  const garbage = info(`<x xmlns='jabber:x:data'><field var='FORM_TYPE'><value>urn:xmpp:http:upload:0</value></field><field var='max-file-size'><value>-1</value></field></x>`);
  assert.equal(maxFileSizeOf(garbage), null);
});

test('a slot request carries the name, size and content type (§4)', () => {
  const request = buildSlotRequest('upload.home.example', { name: 'photo "1".jpg', size: 23456, mediaType: 'image/jpeg' });
  assert.equal(serialize(request),
    `<iq type="get" to="upload.home.example"><request xmlns="urn:xmpp:http:upload:0" filename="photo &quot;1&quot;.jpg" size="23456" content-type="image/jpeg"/></iq>`);
});

test('a slot result gives the URLs and only the allowed PUT headers, newlines stripped (§4, §6)', () => {
  const slot = parseSlot(parseElement(`<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'>
    <put url='https://upload.home.example/file_share/abc/photo.jpg'>
      <header name='Authorization'>Bearer x.y.z</header>
      <header name='Cookie'>foo=bar&#10;Evil: 1</header>
      <header name='Host'>evil.example</header>
    </put>
    <get url='https://upload.home.example/file_share/abc/photo.jpg'/></slot></iq>`));
  assert.deepEqual(slot, {
    put: { url: 'https://upload.home.example/file_share/abc/photo.jpg', headers: { Authorization: 'Bearer x.y.z', Cookie: 'foo=barEvil: 1' } },
    get: { url: 'https://upload.home.example/file_share/abc/photo.jpg' },
  });
  for (const bad of [
    `<iq type='result'/>`,
    `<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'><put url='javascript:alert(1)'/><get url='https://a.example/x'/></slot></iq>`,
    `<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://a.example/x'/></slot></iq>`,
  ]) {
    assert.throws(() => parseSlot(parseElement(bad)), { code: 'E_UPLOAD_BAD_SLOT' });
  }
});

test('refusals keep their XEP-0363 condition, file-too-large with the limit (§5)', () => {
  const refusal = (payload: string) => uploadErrorOf(StanzaError.fromStanza(parseElement(`<iq type='error'><error type='modify'>${payload}</error></iq>`)));
  const tooLarge = refusal(`<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large</text>
    <file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>1048576</max-file-size></file-too-large>`);
  assert.equal(tooLarge.code, 'E_UPLOAD_TOO_LARGE');
  assert.equal(tooLarge.condition, 'file-too-large');
  assert.equal(tooLarge.maxFileSize, 1048576);
  assert.match(tooLarge.message, /up to 1 MiB/);

  const retry = refusal(`<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><retry xmlns='urn:xmpp:http:upload:0' stamp='2026-11-25T18:00:00Z'/>`);
  assert.equal(retry.condition, 'retry');
  assert.match(retry.message, /after 2026-11-25T18:00:00Z/);
  const quota = refusal(`<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Daily quota reached</text>`);
  assert.equal(quota.condition, 'resource-constraint');
  assert.match(quota.message, /Daily quota reached/);
  assert.equal(refusal(`<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>`).condition, 'forbidden');
});

test('slot requests from a tab are validated', () => {
  assert.deepEqual(slotRequestOf({ name: ' cat.png ', size: 10, mediaType: 'Image/PNG' }), { name: 'cat.png', size: 10, mediaType: 'image/png' });
  for (const bad of [null, {}, { name: '../x', size: 1, mediaType: 'a/b' }, { name: 'x', size: -1, mediaType: 'a/b' },
    { name: 'x', size: 1.5, mediaType: 'a/b' }, { name: 'x', size: 1, mediaType: 'text/html\r\nX: y' }, { name: 'a\u0000b', size: 1, mediaType: 'a/b' }]) {
    assert.throws(() => slotRequestOf(bad), { code: 'E_RPC_BAD_REQUEST' }, JSON.stringify(bad));
  }
});

test('sizes are written as people read them', () => {
  assert.equal(formatBytes(900), '900 bytes');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(100 * 1024 * 1024), '100 MiB');
});
