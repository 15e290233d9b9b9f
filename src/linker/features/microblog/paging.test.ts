// The paging ways Prosody does not take (its own way is tested against the real server in
// test/linker/microblog.test.ts): a server that pages items with XEP-0059, as ejabberd does,
// and one that lists no item ids. No such server runs here, so each is a small scripted
// answerer of the stanzas XEP-0059 §2.5 and XEP-0060 §5.5, §6.5.7 show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getChild, getChildText, xml, type Element } from '../../../xml/index.js';
import { StanzaError } from '../../errors.js';
import { NS_RSM } from '../../namespaces.js';
import { NS_PUBSUB } from '../pubsub/stanza.js';
import { NodePager } from './paging.js';

const ids = Array.from({ length: 45 }, (_, n) => `p${n}`); // oldest first

function itemsAnswer(page: readonly string[], set?: Element): Element {
  return xml('iq', { type: 'result' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: 'urn:xmpp:microblog:0' }, page.map((id) => xml('item', { id }, xml('entry')))), set ?? null));
}

/** Answers like a server that pages items: `<before/>` is the last page, `<before>id` the one before id. */
function rsmServer(sent: string[]) {
  return async (request: Element): Promise<Element> => {
    const set = getChild(getChild(request, 'pubsub', NS_PUBSUB)!, 'set', NS_RSM)!;
    const max = Number(getChildText(set, 'max'));
    const before = getChildText(set, 'before') ?? '';
    sent.push(before);
    const end = before === '' ? ids.length : ids.indexOf(before);
    const start = Math.max(0, end - max);
    const page = ids.slice(start, end);
    return itemsAnswer(page, xml('set', { xmlns: NS_RSM }, page.length ? xml('first', { index: start }, page[0]) : null, page.length ? xml('last', null, page.at(-1)) : null, xml('count', null, ids.length)));
  };
}

test('a server that pages items with RSM is paged backwards from the newest page to the first', async () => {
  const sent: string[] = [];
  const pager = new NodePager(rsmServer(sent), 'mum@home.example', 'urn:xmpp:microblog:0', 256);
  const pages = [await pager.latest(20)];
  while (!pager.ended) pages.push(await pager.older(20));
  assert.deepEqual(pages.map((page) => page.map((item) => item.id)), [ids.slice(25), ids.slice(5, 25), ids.slice(0, 5)]);
  assert.deepEqual(sent, ['', 'p25', 'p5']);
  assert.deepEqual(await pager.older(20), []);
});

test('a server that neither pages nor lists ids is asked for more of the newest, up to the limit', async () => {
  const asked: number[] = [];
  const pager = new NodePager(async (request) => {
    const query = request.children.find((child): child is Element => typeof child !== 'string')!;
    if (query.name === 'query') throw new StanzaError('feature-not-implemented');
    const max = Number(getChild(query, 'items')!.attrs.max_items);
    asked.push(max);
    return itemsAnswer(ids.slice(-max)); // the newest max_items, no <set>
  }, 'mum@home.example', 'urn:xmpp:microblog:0', 40);
  const pages = [await pager.latest(20)];
  while (!pager.ended) pages.push(await pager.older(20));
  assert.deepEqual(pages.map((page) => page.map((item) => item.id)), [ids.slice(25), ids.slice(5, 25)]);
  assert.deepEqual(asked, [20, 40], 'stops at the limit');
});

test('a contact who never posted has nothing to page, and no failure', async () => {
  const pager = new NodePager(async () => {
    throw new StanzaError('item-not-found');
  }, 'dad@home.example', 'urn:xmpp:microblog:0', 256);
  assert.deepEqual(await pager.latest(20), []);
  assert.equal(pager.ended, true);
});
