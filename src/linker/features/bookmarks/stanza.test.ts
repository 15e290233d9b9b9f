import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../../../native/expat-stream/index.js';
import { getChild, getChildren } from '../../../xml/element.js';
import { NS_PUBSUB } from '../pubsub/stanza.js';
import { buildBookmarkPublish, buildBookmarkRetract, NS_BOOKMARKS, parseBookmark, parseBookmarksEvent, parseBookmarksResult } from './stanza.js';

const parseBookmarkItem = (element: ReturnType<typeof parseElement>) => parseBookmark(element.attrs.id, getChildren(element)[0]);
const item = (xml: string) => parseBookmarkItem(parseElement(xml));

test('bookmark items: room JID from the item id, autojoin, name, nick, password', () => {
  assert.deepEqual(
    item(`<item id='Kitchen@Groups.Family.Example'><conference xmlns='${NS_BOOKMARKS}' name=' Kitchen ' autojoin='true'><nick>Mum</nick><password>pw</password></conference></item>`),
    { jid: 'kitchen@groups.family.example', autojoin: true, name: 'Kitchen', nick: 'Mum', password: 'pw' },
  );
  assert.deepEqual(item(`<item id='a@groups.x'><conference xmlns='${NS_BOOKMARKS}' autojoin='1'/></item>`), { jid: 'a@groups.x', autojoin: true });
  assert.deepEqual(item(`<item id='a@groups.x'><conference xmlns='${NS_BOOKMARKS}'/></item>`), { jid: 'a@groups.x', autojoin: false });
  assert.equal(item(`<item id='a@groups.x/nick'><conference xmlns='${NS_BOOKMARKS}'/></item>`), null, 'a full JID is not a room');
  assert.equal(item(`<item id='groups.x'><conference xmlns='${NS_BOOKMARKS}'/></item>`), null, 'a service is not a room');
  assert.equal(item(`<item id='a@groups.x'><conference xmlns='storage:bookmarks'/></item>`), null, 'another namespace');
  assert.equal(item(`<item><conference xmlns='${NS_BOOKMARKS}'/></item>`), null);
  assert.equal(item(`<item id='a@groups.x'><conference xmlns='${NS_BOOKMARKS}' name='${'n'.repeat(500)}'/></item>`)?.name?.length, 200);
});

test('a bookmarks result lists its valid items only', () => {
  const result = parseElement(`<iq type='result'><pubsub xmlns='${NS_PUBSUB}'><items node='${NS_BOOKMARKS}'>
    <item id='a@g.x'><conference xmlns='${NS_BOOKMARKS}' autojoin='true'/></item><item id='bad'/><item id='b@g.x'><conference xmlns='${NS_BOOKMARKS}'/></item>
  </items></pubsub></iq>`);
  assert.deepEqual(parseBookmarksResult(result).map((bookmark) => bookmark.jid), ['a@g.x', 'b@g.x']);
  assert.deepEqual(parseBookmarksResult(parseElement(`<iq type='result'><pubsub xmlns='${NS_PUBSUB}'><items node='other'/></pubsub></iq>`)), []);
  assert.deepEqual(parseBookmarksResult(parseElement(`<iq type='result'/>`)), []);
});

test('publish carries the item and the private, persistent publish-options; retract notifies', () => {
  const publish = buildBookmarkPublish({ jid: 'a@g.x', name: 'Kitchen', autojoin: true, nick: 'Mum' });
  const pubsub = getChild(publish, 'pubsub', NS_PUBSUB)!;
  const published = getChild(getChild(pubsub, 'publish')!, 'item')!;
  assert.equal(published.attrs.id, 'a@g.x');
  assert.deepEqual(parseBookmarkItem(published), { jid: 'a@g.x', name: 'Kitchen', autojoin: true, nick: 'Mum' }, 'round trip');
  const form = getChild(getChild(pubsub, 'publish-options')!, 'x', 'jabber:x:data')!;
  const fields = Object.fromEntries(getChildren(form, 'field').map((field) => [field.attrs.var, getChild(field, 'value')!.children[0]]));
  assert.equal(fields['pubsub#access_model'], 'whitelist');
  assert.equal(fields['pubsub#persist_items'], 'true');
  assert.equal(fields['pubsub#max_items'], 'max');
  const retract = getChild(getChild(buildBookmarkRetract('mum@x', 'a@g.x'), 'pubsub', NS_PUBSUB)!, 'retract')!;
  assert.equal(retract.attrs.notify, 'true');
  assert.equal(getChild(retract, 'item')!.attrs.id, 'a@g.x');
});

test('notifications: items and retractions from our own account only; purge', () => {
  const event = (from: string, inner: string) => parseElement(`<message from='${from}'><event xmlns='http://jabber.org/protocol/pubsub#event'>${inner}</event></message>`);
  const items = `<items node='${NS_BOOKMARKS}'><item id='a@g.x'><conference xmlns='${NS_BOOKMARKS}' autojoin='true'/></item><retract id='b@g.x'/></items>`;
  assert.deepEqual(parseBookmarksEvent(event('mum@family.x', items), 'mum@family.x'), {
    updated: [{ jid: 'a@g.x', autojoin: true }], removed: ['b@g.x'], purged: false,
  });
  assert.equal(parseBookmarksEvent(event('evil@family.x', items), 'mum@family.x'), null, 'spoofed');
  assert.equal(parseBookmarksEvent(event('mum@family.x/phone', items), 'mum@family.x'), null, 'PEP events come from the bare JID');
  assert.equal(parseBookmarksEvent(parseElement(`<message><event xmlns='http://jabber.org/protocol/pubsub#event'>${items}</event></message>`), 'mum@family.x'), null, 'no sender');
  assert.equal(parseBookmarksEvent(event('mum@family.x', `<items node='urn:xmpp:avatar:metadata'/>`), 'mum@family.x'), null, 'another node');
  assert.deepEqual(parseBookmarksEvent(event('mum@family.x', `<purge node='${NS_BOOKMARKS}'/>`), 'mum@family.x'), { updated: [], removed: [], purged: true });
  assert.equal(parseBookmarksEvent(parseElement(`<message from='mum@family.x'><body>hi</body></message>`), 'mum@family.x'), null);
});
