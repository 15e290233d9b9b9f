import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize } from '../../../../native/expat-stream/index.js';
import { getChild } from '../../../xml/element.js';
import { NS_ROSTER, buildRosterGet, offersRosterVersioning, parseRosterAnswer, buildRosterRemove, buildRosterSet, buildSubscription, isTrustedPush, parseRosterItem, parseRosterResult, parseSubscription } from './stanza.js';

const item = (xml: string) => parseRosterItem(parseElement(xml));

test('roster items: JID bare and normalised, groups deduplicated, ask, remove', () => {
  assert.deepEqual(item(`<item jid='Bob@Family.Example' name=' Bob ' subscription='both'><group>Kids</group><group>Kids</group><group> </group></item>`), {
    jid: 'bob@family.example', name: 'Bob', subscription: 'both', groups: ['Kids'],
  });
  assert.deepEqual(item(`<item jid='gran@family.example' ask='subscribe'/>`), { jid: 'gran@family.example', subscription: 'none', groups: [], ask: 'subscribe' });
  assert.deepEqual(item(`<item jid='old@family.example' subscription='remove'/>`), { jid: 'old@family.example', removed: true });
});

test('malformed roster items are skipped, not trusted', () => {
  assert.equal(item(`<item jid='bob@family.example/phone' subscription='both'/>`), null, 'a full JID is not a contact');
  assert.equal(item(`<item jid='@@' subscription='both'/>`), null);
  assert.equal(item(`<item subscription='both'/>`), null);
  assert.equal(item(`<item jid='bob@family.example' subscription='owner'/>`), null);
  const result = parseElement(`<iq type='result'><query xmlns='jabber:iq:roster'><item jid='a@x'/><item jid='bad/res'/><item jid='b@x' subscription='to'/></query></iq>`);
  assert.deepEqual(parseRosterResult(result).map((entry) => entry.jid), ['a@x', 'b@x']);
  assert.deepEqual(parseRosterResult(parseElement(`<iq type='result'/>`)), [], 'an empty result (roster versioning: unchanged)');
});

test('roster pushes are trusted only from the account itself (RFC 6121 §2.1.6)', () => {
  const push = (from?: string) => parseElement(`<iq type='set'${from ? ` from='${from}'` : ''}><query xmlns='jabber:iq:roster'/></iq>`);
  assert.equal(isTrustedPush(push(), 'mum@family.example'), true);
  assert.equal(isTrustedPush(push('mum@family.example'), 'mum@family.example'), true);
  assert.equal(isTrustedPush(push('mum@family.example/laptop'), 'mum@family.example'), true);
  assert.equal(isTrustedPush(push('evil@elsewhere.example'), 'mum@family.example'), false);
  assert.equal(isTrustedPush(push('family.example'), 'mum@family.example'), false);
});

test('adding and removing contacts, subscription presences with the XEP-0172 nickname', () => {
  assert.equal(serialize(buildRosterSet('gran@family.example', 'Gran')), `<iq type="set"><query xmlns="jabber:iq:roster"><item jid="gran@family.example" name="Gran"/></query></iq>`);
  assert.equal(serialize(buildRosterSet('gran@family.example', null)), `<iq type="set"><query xmlns="jabber:iq:roster"><item jid="gran@family.example"/></query></iq>`);
  assert.equal(serialize(buildRosterRemove('gran@family.example')), `<iq type="set"><query xmlns="jabber:iq:roster"><item jid="gran@family.example" subscription="remove"/></query></iq>`);
  assert.equal(serialize(buildSubscription('gran@family.example', 'subscribe', 'Mum')), `<presence to="gran@family.example" type="subscribe"><nick xmlns="http://jabber.org/protocol/nick">Mum</nick></presence>`);
  assert.equal(serialize(buildSubscription('gran@family.example', 'unsubscribed', 'Mum')), `<presence to="gran@family.example" type="unsubscribed"/>`);

  const parse = (xml: string) => parseSubscription(parseElement(xml));
  assert.deepEqual(parse(`<presence from='Gran@Family.Example/tablet' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'> Granny </nick></presence>`), {
    type: 'subscribe', jid: 'gran@family.example', nick: 'Granny',
  });
  assert.deepEqual(parse(`<presence from='gran@family.example' type='unsubscribe'/>`), { type: 'unsubscribe', jid: 'gran@family.example', nick: null });
  assert.equal(parse(`<presence from='gran@family.example'/>`), null, 'availability is not a subscription');
  assert.equal(parse(`<presence from='family.example' type='subscribe'/>`), null, 'a server is not a person');
  assert.equal(parse(`<presence type='subscribe'/>`), null);
  assert.equal(parse(`<presence from='x@y' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>${'n'.repeat(500)}</nick></presence>`)?.nick?.length, 100);
});

test('roster versioning: the stream feature, the versioned request, the empty and the full answers', () => {
  assert.equal(offersRosterVersioning(parseElement(`<features xmlns='http://etherx.jabber.org/streams'><ver xmlns='urn:xmpp:features:rosterver'/></features>`)), true);
  assert.equal(offersRosterVersioning(parseElement(`<features xmlns='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></features>`)), false);
  assert.equal(getChild(buildRosterGet('v7'), 'query', NS_ROSTER)?.attrs.ver, 'v7');
  assert.equal(getChild(buildRosterGet(''), 'query', NS_ROSTER)?.attrs.ver, '', 'no cached roster: an empty version still says we understand versions');
  assert.equal('ver' in getChild(buildRosterGet(), 'query', NS_ROSTER)!.attrs, false);
  assert.equal(parseRosterAnswer(parseElement(`<iq type='result'/>`)), 'unchanged');
  assert.deepEqual(parseRosterAnswer(parseElement(`<iq type='result'><query xmlns='jabber:iq:roster' ver='v8'><item jid='a@x' subscription='both'/></query></iq>`)),
    { items: [{ jid: 'a@x', subscription: 'both', groups: [] }], version: 'v8' });
  assert.deepEqual(parseRosterAnswer(parseElement(`<iq type='result'><query xmlns='jabber:iq:roster'/></iq>`)), { items: [], version: undefined });
});
