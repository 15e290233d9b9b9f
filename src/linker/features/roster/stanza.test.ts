import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../../native/expat-stream/index.js';
import { isTrustedPush, parseRosterItem, parseRosterResult } from './stanza.js';

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
