import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getBooleanAttr, getChild, getChildren, getChildText, getFirstChild, getIntegerAttr, getText, localName, xml,
} from './element.js';
import { generateId } from './id.js';
import { parseElement, serialize } from '../../native/expat-stream/index.js';

test('xml() builds ltx-shaped elements, dropping absent attributes and children', () => {
  const element = xml('message', { to: 'bob@localhost', id: undefined, type: null },
    xml('body', null, 'hi ', 2), false, null, [xml('x', { xmlns: 'urn:x' })]);
  assert.deepEqual(element, {
    name: 'message',
    attrs: { to: 'bob@localhost' },
    children: [
      { name: 'body', attrs: {}, children: ['hi ', '2'] },
      { name: 'x', attrs: { xmlns: 'urn:x' }, children: [] },
    ],
  });
  assert.equal(serialize(element), '<message to="bob@localhost"><body>hi 2</body><x xmlns="urn:x"/></message>');
});

test('getChild/getChildren match local names and resolve default and prefixed namespaces', () => {
  const features = parseElement(
    '<stream:features xmlns:stream="http://etherx.jabber.org/streams" xmlns="jabber:client">'
    + '<mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>'
    + '<sm xmlns="urn:xmpp:sm:3"/><ver/><p:caps xmlns:p="http://jabber.org/protocol/caps" ver="abc"/>'
    + '</stream:features>');
  assert.equal(localName(features), 'features');
  const mechanisms = getChild(features, 'mechanisms', 'urn:ietf:params:xml:ns:xmpp-sasl');
  assert.ok(mechanisms);
  assert.deepEqual(getChildren(mechanisms, 'mechanism').map(getText), ['SCRAM-SHA-1', 'PLAIN']);
  assert.equal(getChild(features, 'sm', 'urn:xmpp:sm:2'), undefined);
  assert.ok(getChild(features, 'sm', 'urn:xmpp:sm:3'));
  assert.ok(getChild(features, 'ver', 'jabber:client'), 'a child without xmlns inherits its parent namespace');
  assert.equal(getChild(features, 'caps', 'http://jabber.org/protocol/caps')?.attrs.ver, 'abc');
  assert.equal(getChildren(features).length, 4);
  assert.equal(getFirstChild(features)?.name, 'mechanisms');
  assert.equal(getChildText(mechanisms, 'mechanism'), 'SCRAM-SHA-1');
  assert.equal(getChildText(mechanisms, 'missing'), undefined);
});

test('attribute readers refuse values that are not what they claim', () => {
  const a = xml('a', { h: '42', big: '1e3', neg: '-1', on: 'true', one: '1', off: 'false' });
  assert.equal(getIntegerAttr(a, 'h'), 42);
  assert.equal(getIntegerAttr(a, 'big'), undefined);
  assert.equal(getIntegerAttr(a, 'neg'), undefined);
  assert.equal(getIntegerAttr(a, 'missing'), undefined);
  assert.equal(getBooleanAttr(a, 'on'), true);
  assert.equal(getBooleanAttr(a, 'one'), true);
  assert.equal(getBooleanAttr(a, 'off'), false);
});

test('generateId gives distinct url-safe ids', () => {
  const ids = new Set(Array.from({ length: 1000 }, generateId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{16}$/);
});
