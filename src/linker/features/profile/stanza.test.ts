import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../../native/expat-stream/index.js';
import {
  buildAvatarDataPublish, buildAvatarMetadataPublish, buildItemsGet, buildNickPublish, buildVcardPublish, decodeBase64,
  parseAvatarData, parseAvatarMetadata, parseItemsResult, parseNick, parsePepNotification, parseVcardName,
} from './stanza.js';
import { avatarParams } from './params.js';

const HASH = '111f4b3c50d7b0df729d299bc6f8e9ef9066971f';
const metadata = (infos: string) => parseAvatarMetadata(parseElement(`<metadata xmlns='urn:xmpp:avatar:metadata'>${infos}</metadata>`));

test('avatar metadata (XEP-0084 §4.2): PNG first, URL-only and unsafe types skipped, empty disables', () => {
  assert.deepEqual(metadata(`<info id='${HASH.toUpperCase()}' type='image/jpeg' bytes='900'/><info id='${HASH}' type='image/png' bytes='1200' width='64' height='64'/>`), {
    hash: HASH, type: 'image/png', bytes: 1200, width: 64, height: 64,
  });
  assert.deepEqual(metadata(`<info id='${HASH}' type='image/svg+xml' bytes='10'/><info id='${HASH}' type='image/jpeg' bytes='900'/>`), { hash: HASH, type: 'image/jpeg', bytes: 900 });
  assert.equal(metadata(`<info id='${HASH}' type='image/png' bytes='10' url='https://example.org/a.png'/>`), undefined, 'a URL is not fetched');
  assert.equal(metadata(`<info id='not-a-hash' type='image/png' bytes='10'/>`), undefined);
  assert.equal(metadata(`<info id='${HASH}' type='image/png'/>`), undefined, 'bytes is required');
  assert.equal(metadata(''), null, 'no <info/>: the avatar is disabled');
});

test('PEP notifications and items results give the payloads of their node', () => {
  const event = parseElement(`<message from='gran@x'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='${HASH}'><metadata xmlns='urn:xmpp:avatar:metadata'/></item></items></event></message>`);
  const notification = parsePepNotification(event);
  assert.equal(notification?.node, 'urn:xmpp:avatar:metadata');
  assert.equal(notification?.payloads[0]?.name, 'metadata');
  const retracted = parsePepNotification(parseElement(`<message><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='http://jabber.org/protocol/nick'><retract id='current'/></items></event></message>`));
  assert.deepEqual(retracted, { node: 'http://jabber.org/protocol/nick', payloads: [] });
  assert.deepEqual(parsePepNotification(parseElement(`<message><event xmlns='http://jabber.org/protocol/pubsub#event'><purge node='urn:xmpp:vcard4'/></event></message>`)), { node: 'urn:xmpp:vcard4', payloads: [] });
  assert.equal(parsePepNotification(parseElement(`<message><body>hi</body></message>`)), null);

  assert.equal(serialize(buildItemsGet('gran@x', 'urn:xmpp:avatar:data', HASH)),
    `<iq type="get" to="gran@x"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:avatar:data"><item id="${HASH}"/></items></pubsub></iq>`);
  assert.equal(serialize(buildItemsGet('gran@x', 'urn:xmpp:vcard4')),
    `<iq type="get" to="gran@x"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:vcard4" max_items="1"/></pubsub></iq>`);
  const result = parseElement(`<iq type='result'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:avatar:data'><item id='${HASH}'><data xmlns='urn:xmpp:avatar:data'>iVBO\nRw0K</data></item></items></pubsub></iq>`);
  const [payload] = parseItemsResult(result);
  assert.deepEqual(parseAvatarData(payload!, 100), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
  assert.equal(parseAvatarData(payload!, 3), null, 'larger than allowed');
  assert.equal(parseAvatarData(parseElement(`<data xmlns='urn:xmpp:avatar:data'>not base64!</data>`), 100), null);
  assert.equal(parseAvatarData(parseElement(`<data xmlns='urn:example'>iVBO</data>`), 100), null);
  assert.deepEqual(parseItemsResult(parseElement(`<iq type='result'/>`)), []);
});

test('publishing an avatar: data under its hash, then metadata; an empty metadata disables it', () => {
  assert.equal(serialize(buildAvatarDataPublish(HASH, Buffer.from('abc'))),
    `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:data"><item id="${HASH}"><data xmlns="urn:xmpp:avatar:data">YWJj</data></item></publish></pubsub></iq>`);
  assert.equal(serialize(buildAvatarMetadataPublish({ hash: HASH, type: 'image/png', bytes: 3, width: 192, height: 192 })),
    `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:metadata"><item id="${HASH}"><metadata xmlns="urn:xmpp:avatar:metadata"><info id="${HASH}" type="image/png" bytes="3" width="192" height="192"/></metadata></item></publish></pubsub></iq>`);
  assert.match(serialize(buildAvatarMetadataPublish(null)), /<item id="current"><metadata xmlns="urn:xmpp:avatar:metadata"\/><\/item>/);
});

test('names: vCard4 formatted name, else its nickname; XEP-0172 nick; publishing keeps other vCard properties', () => {
  const vcard = (body: string) => parseElement(`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>${body}</vcard>`);
  assert.equal(parseVcardName(vcard(`<fn><text> Granny Smith </text></fn><nickname><text>Gran</text></nickname>`)), 'Granny Smith');
  assert.equal(parseVcardName(vcard(`<nickname><text>Gran</text></nickname>`)), 'Gran');
  assert.equal(parseVcardName(vcard(`<fn><text> </text></fn>`)), null);
  assert.equal(parseVcardName(parseElement(`<vcard xmlns='vcard-temp'><FN>x</FN></vcard>`)), null);
  assert.equal(parseNick(parseElement(`<nick xmlns='http://jabber.org/protocol/nick'>${'z'.repeat(300)}</nick>`))?.length, 100);
  assert.equal(parseNick(parseElement(`<nick xmlns='urn:example'>x</nick>`)), null);

  const published = serialize(buildVcardPublish(vcard(`<fn><text>Old</text></fn><tel><uri>tel:+331</uri></tel>`), 'Mum'));
  assert.equal(published,
    `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:vcard4"><item id="current"><vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0"><fn><text>Mum</text></fn><nickname><text>Mum</text></nickname><tel><uri>tel:+331</uri></tel></vcard></item></publish></pubsub></iq>`);
  assert.match(serialize(buildNickPublish('Mum')), /<publish node="http:\/\/jabber.org\/protocol\/nick"><item id="current"><nick xmlns="http:\/\/jabber.org\/protocol\/nick">Mum<\/nick>/);
});

test('an avatar from a tab must be a small PNG or JPEG that is what it claims', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const ok = avatarParams({ data: png.toString('base64'), type: 'image/png', width: 192, height: 192 }, 1000);
  assert.deepEqual(ok, { data: png, type: 'image/png', width: 192, height: 192 });
  const refused = (params: unknown, max = 1000) => assert.throws(() => avatarParams(params, max), { code: 'E_RPC_BAD_PARAMS' });
  refused({ data: png.toString('base64'), type: 'image/jpeg', width: 192, height: 192 });
  refused({ data: png.toString('base64'), type: 'image/svg+xml', width: 192, height: 192 });
  refused({ data: png.toString('base64'), type: 'image/png', width: 0, height: 192 });
  refused({ data: png.toString('base64'), type: 'image/png', width: 1.5, height: 192 });
  refused({ data: '<svg onload=alert(1)>', type: 'image/png', width: 192, height: 192 });
  refused({ data: png.toString('base64'), type: 'image/png', width: 192, height: 192 }, 8);
  refused(null);
  assert.equal(decodeBase64('', 10), null);
});
