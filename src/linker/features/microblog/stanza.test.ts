import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement, serialize, type Element } from '../../../xml/index.js';
import { parsePubsubEvent } from '../pubsub/stanza.js';
import { composerText } from './rich-text.js';
import {
  ItemRefused, LIKE_MARK, NS_MICROBLOG, buildEntry, commentsNodeOf, entryFromParams, formatText, parseComment, parsePost, parseXmppNodeUri, xmppItemUri,
} from './stanza.js';

const home = { service: 'mum@home.example', node: NS_MICROBLOG };

test('an entry we build parses back into the same post (through the wire form)', () => {
  const entry = entryFromParams(
    { title: 'Holidays', text: 'We are **back**!\n\nhttps://example.org/a', photos: [{ url: 'https://home.example/file_share/x/a.jpg', mediaType: 'image/jpeg', name: 'a.jpg', size: 1234 }], links: ['https://example.org/b'] },
    { id: 'p1', author: 'mum@home.example', home, published: new Date('2026-11-25T10:00:00Z'), comments: { service: 'mum@home.example', node: commentsNodeOf('p1') } },
  );
  const wire = parseElement(serialize(entry));
  const post = parsePost('mum@home.example', NS_MICROBLOG, { id: 'p1', payload: wire }, {});
  assert.equal(post.title, 'Holidays');
  assert.equal(post.published, Date.parse('2026-11-25T10:00:00Z'));
  assert.deepEqual(post.content, formatText('We are **back**!\n\nhttps://example.org/a'));
  assert.deepEqual(post.photos, [{ url: 'https://home.example/file_share/x/a.jpg', mediaType: 'image/jpeg', name: 'a.jpg', size: 1234 }]);
  assert.deepEqual(post.links, [{ url: 'https://example.org/b', title: null }]);
  assert.deepEqual(post.comments, { service: 'mum@home.example', node: 'urn:xmpp:microblog:0:comments/p1' });
});

test('on a PEP node the author is the node owner, whatever the entry claims', () => {
  const entry = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><title>x</title><author><name>Evil</name><uri>xmpp:someone-else@home.example</uri></author></entry>`);
  const post = parsePost('mum@home.example', NS_MICROBLOG, { id: 'p', payload: entry }, {});
  assert.equal(post.author.jid, 'mum@home.example');
  const shared = parsePost('pubsub.home.example', 'holidays', { id: 'p', payload: entry, publisher: 'dad@home.example/phone' }, {});
  assert.equal(shared.author.jid, 'dad@home.example', 'the server\'s publisher attribute wins');
});

test('Movim\'s likes are comments titled with a heart', () => {
  const like = buildEntry({ id: 'l', author: { jid: 'dad@home.example', name: null }, title: LIKE_MARK, content: [], published: new Date(), updated: new Date(), home });
  assert.equal(parseComment(home.service, commentsNodeOf('p1'), { id: 'l', payload: parseElement(serialize(like)) }, {}).isLike, true);
  const movimStyle = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><title>♥</title><author><uri>xmpp:gran@home.example</uri></author><published>2026-11-25T10:00:00Z</published></entry>`);
  const parsed = parseComment(home.service, commentsNodeOf('p1'), { id: 'x', payload: movimStyle }, {});
  assert.deepEqual([parsed.isLike, parsed.author.jid], [true, 'gran@home.example']);
  const comment = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><title/><content type="text">Nice ♥ photo</content></entry>`);
  assert.equal(parseComment(home.service, commentsNodeOf('p1'), { id: 'c', payload: comment }, {}).isLike, false);
});

test('items that are not Atom entries or are too large are refused with a reason', () => {
  assert.throws(() => parsePost('a@b', NS_MICROBLOG, { id: 'x', payload: parseElement('<note xmlns="urn:x">hi</note>') }, {}), ItemRefused);
  assert.throws(() => parsePost('a@b', NS_MICROBLOG, { id: 'x', payload: undefined }, {}), ItemRefused);
  const big = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><content>${'x'.repeat(70_000)}</content></entry>`);
  assert.throws(() => parsePost('a@b', NS_MICROBLOG, { id: 'x', payload: big }, {}), /over the 65536-byte limit/);
  const comment = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><content>${'x'.repeat(9_000)}</content></entry>`);
  assert.throws(() => parseComment('a@b', commentsNodeOf('x'), { id: 'c', payload: comment }, {}), /8192-byte/);
});

test('dates: published, else updated; titles of any text type come out as plain text', () => {
  const entry = parseElement(`<entry xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &lt;script&gt;x&lt;/script&gt;title</title><updated>2026-01-02T03:04:05Z</updated><content type="html">&lt;p&gt;hi&lt;/p&gt;</content></entry>`);
  const post = parsePost('a@b', NS_MICROBLOG, { id: 'x', payload: entry }, {});
  assert.equal(post.title, 'Bold & title');
  assert.equal(post.published, Date.parse('2026-01-02T03:04:05Z'));
  assert.deepEqual(post.content, [{ tag: 'p', children: ['hi'] }]);
});

test('xmpp: node URIs round-trip, and pubsub events are read with their retractions', () => {
  const uri = xmppItemUri('mum@home.example', 'urn:xmpp:microblog:0:comments/a b', 'i');
  assert.deepEqual(parseXmppNodeUri(uri), { service: 'mum@home.example', node: 'urn:xmpp:microblog:0:comments/a b' });
  assert.deepEqual(parseXmppNodeUri('xmpp:pubsub.movim.eu?;node=urn%3Axmpp%3Amicroblog%3A0%3Acomments%2Fabc'), { service: 'pubsub.movim.eu', node: 'urn:xmpp:microblog:0:comments/abc' });
  const message = parseElement(`<message from="mum@home.example" xmlns="jabber:client"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:microblog:0"><item id="a"><entry xmlns="http://www.w3.org/2005/Atom"/></item><retract id="b"/></items></event></message>`);
  const event = parsePubsubEvent(message);
  assert.equal(event?.kind, 'items');
  if (event?.kind !== 'items') return;
  assert.deepEqual([event.service, event.node, event.items.map((item) => item.id), event.retracted], ['mum@home.example', NS_MICROBLOG, ['a'], ['b']]);
});

test('a body goes back to the composer\'s markup and formats into the same tree (editing keeps formatting)', () => {
  const typed = 'We are **back** from *Brittany*!\nSee https://example.org/album, and **this**.\n\nSecond *paragraph*\nwith a line break.\n\nhttps://example.org';
  const content = formatText(typed);
  assert.equal(composerText(content), typed);
  assert.deepEqual(formatText(composerText(content)), content);
  const entry = (text: string) => serialize(entryFromParams({ text }, { id: 'p1', author: 'mum@home.example', home, published: new Date(0) }).children.find((child) => typeof child !== 'string' && child.name === 'content') as Element);
  assert.equal(entry(composerText(content)), entry(typed), 'the same Atom content');
  // Markup the composer cannot write keeps its text; a labelled link keeps its address.
  assert.equal(
    composerText([{ tag: 'h2', children: ['Title'] }, { tag: 'ul', children: [{ tag: 'li', children: ['one'] }, { tag: 'li', children: ['two'] }] }, { tag: 'p', children: [{ tag: 'a', href: 'https://example.org/', children: ['our site'] }] }]),
    'Title\n\none\ntwo\n\nour site https://example.org/',
  );
  // A link whose label is another address (written in another client) keeps where it goes.
  assert.equal(composerText([{ tag: 'p', children: [{ tag: 'a', href: 'https://example.org/real', children: ['https://example.org/shown'] }] }]),
    'https://example.org/shown https://example.org/real');
});
